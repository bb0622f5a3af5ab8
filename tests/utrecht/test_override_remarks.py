"""What an override of triage goes against is the model's plugin's to say
(``escalatie_override_remarks``): Utrecht words it by seed 000's contact table and talk, the
core reads any other model's contact points without citing a seed (policy review: Utrecht's
reading sat in the core's ``route_decision``)."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from escalatie.case import Case, StepKind, TalkOutcome
from escalatie.hookspecs import hookimpl
from escalatie.model import EscalationModel
from escalatie.plugins import Registry, make_plugin_manager
from escalatie.route_decision import contact_point_remarks, override_remarks
from escalatie.testing.synthetic import synthetic_model

UTRECHT_OTHER = (
    "aanspreekpunt aanspreekpunt-huisartsen (Huisartsen Utrecht) is not the submitter's own: the "
    "submitter's role is district_team, whose own aanspreekpunt is aanspreekpunt-lokalis (seed "
    "000 stap 2: 'bespreek je dit met je aanspreekpunt')"
)


def test_hook_escalatie_override_remarks_utrecht_words_seed_000(
    registry: Registry, ready_case: Callable[..., Case]
) -> None:
    table = registry.model("utrecht-maatwerktafel")
    case = ready_case()
    assert override_remarks(registry, table, case, "AANSPREEKPUNT-huisartsen") == (UTRECHT_OTHER,)
    assert override_remarks(registry, table, case, "aanspreekpunt-lokalis") == ()
    from escalatie_utrecht.overrides import override_remarks as utrecht_remarks

    assert registry.hooks.override_remarks(table, case, "aanspreekpunt-huisartsen") == (
        utrecht_remarks(table, case, "aanspreekpunt-huisartsen")
    )


def test_the_core_reads_another_models_contact_points_without_a_seed(
    registry: Registry, ready_case: Callable[..., Case]
) -> None:
    """The same contact points in a model no plugin answers for (a model file given with -m):
    the core's remarks, from the model's data, citing no seed."""
    table = attrs.evolve(registry.model("utrecht-maatwerktafel"), plugin="file")
    case = ready_case()
    (remark,) = override_remarks(registry, table, case, "aanspreekpunt-huisartsen")
    assert remark == (
        "aanspreekpunt aanspreekpunt-huisartsen (Huisartsen Utrecht) is not the submitter's own: "
        "the submitter's role is district_team, whose own aanspreekpunt is aanspreekpunt-lokalis "
        "(the model's contact points, submitters)"
    )
    assert "seed" not in remark
    unknown = attrs.evolve(table, contact_points=())
    assert contact_point_remarks(unknown, case, "iemand van het wijkteam") == ()


def test_the_core_says_a_talk_judged_not_suitable(
    registry: Registry, ready_case: Callable[..., Case]
) -> None:
    table = attrs.evolve(registry.model("utrecht-maatwerktafel"), plugin="file")
    case = ready_case()
    talks = [
        attrs.evolve(step, outcome=TalkOutcome.NOT_SUITABLE)
        if step.kind == StepKind.AANSPREEKPUNT
        else step
        for step in case.prior_steps
    ]
    assert talks != list(case.prior_steps)
    judged = attrs.evolve(case, prior_steps=tuple(talks))
    remarks = override_remarks(registry, table, judged, "aanspreekpunt-lokalis")
    assert remarks == (
        "the recorded talk with the aanspreekpunt judged the forum not suitable (outcome "
        "not_suitable)",
    )


def test_a_plugins_answer_is_asked_of_its_own_models_only(
    registry: Registry, ready_case: Callable[..., Case]
) -> None:
    model = synthetic_model("eigen-tafel")

    class Own:
        @hookimpl
        def escalatie_register_models(self, register: Callable[[EscalationModel], None]) -> None:
            register(model)

        @hookimpl
        def escalatie_override_remarks(
            self, model: EscalationModel, case: Case, decided_by: str
        ) -> tuple[str, ...]:
            return (f"{decided_by} is not on Zuiderveen's list (werkafspraken, 2.1)",)

    pm = make_plugin_manager(env={})
    pm.register(Own(), name="own")
    mine = Registry(pm)
    case = ready_case()
    assert override_remarks(mine, mine.model("eigen-tafel"), case, "wijk") == (
        "wijk is not on Zuiderveen's list (werkafspraken, 2.1)",
    )
    table = mine.model("utrecht-maatwerktafel")  # Utrecht's, not Own's, answers for it
    assert override_remarks(mine, table, case, "aanspreekpunt-huisartsen") == (UTRECHT_OTHER,)
