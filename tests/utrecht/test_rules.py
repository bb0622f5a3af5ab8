"""Every Utrecht rule is sourced, unique, documented; acute safety goes to Veilig Thuis."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from escalatie.case import Case, Obstacle, SafetyLevel, SafetySignal, Submitter, SubmitterRole
from escalatie.model import EscalationModel
from escalatie.plugins import Registry
from escalatie.rules import Rule
from escalatie.triaging import triage
from escalatie_utrecht import citydeal, knelpuntenzorg, maatwerktafel, passend_alternatief
from escalatie_utrecht.principles import PRINCIPLES, SIX_PRINCIPLES
from escalatie_utrecht.routes import ADVISER_DID_NOT_RESOLVE, FORUM_DID_NOT_RESOLVE, STUCK_CASE

CaseFactory = Callable[..., Case]
NAMES = (
    "utrecht-maatwerktafel",
    "utrecht-citydeal",
    "utrecht-passend-alternatief",
    "utrecht-knelpuntenzorg",
)
DOC = Path(__file__).resolve().parents[2] / "docs" / "models" / "utrecht.md"


def model_rules(model: EscalationModel) -> list[Rule]:
    out = list(model.principles)
    for step in model.ladder:
        out += [*step.entry, *step.conditions, *step.prerequisites, *step.checks]
    return out


ALL_RULES: list[Rule] = [
    *maatwerktafel.RULES,
    *citydeal.RULES,
    *passend_alternatief.RULES,
    *knelpuntenzorg.RULES,
    *PRINCIPLES,
    *(r for r in SIX_PRINCIPLES if r not in PRINCIPLES),
    STUCK_CASE,
    ADVISER_DID_NOT_RESOLVE,
    FORUM_DID_NOT_RESOLVE,
]


def test_rule_ids_are_unique_and_every_rule_names_a_utrecht_seed_and_section() -> None:
    ids = [r.id for r in ALL_RULES]
    assert len(ids) == len(set(ids))
    for rule in ALL_RULES:
        assert rule.id.startswith("utrecht.")
        assert rule.source.seed in {"000", "001", "002", "003"} and rule.source.section


@pytest.mark.parametrize("name", NAMES)
def test_every_rule_a_model_uses_is_in_its_rule_table(registry: Registry, name: str) -> None:
    known = {r.id for r in ALL_RULES}
    assert {r.id for r in model_rules(registry.model(name))} <= known


def test_every_rule_is_documented_for_the_policy_adviser(registry: Registry) -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [r.id for r in ALL_RULES if f"`{r.id}`" not in text]
    assert missing == []
    for name in NAMES:
        model = registry.model(name)
        for step in model.ladder:
            rule = step.applicants_rule(model.name, model.source)
            if rule is not None:
                assert f"`{rule.id}`" in text
                assert rule.source.seed == model.source.seed and rule.source.section


def test_assumptions_and_readings_say_so() -> None:
    """Rules that go beyond the seed's words are labelled, so the policy adviser can tell."""
    for rule in (
        FORUM_DID_NOT_RESOLVE,
        citydeal.CADENCE,
        passend_alternatief.CADENCE,
        maatwerktafel.AGE,
        maatwerktafel.MIX_NOT_SHOWN,
    ):
        assert "assumption" in rule.text.casefold(), rule.id
    for rule in (
        ADVISER_DID_NOT_RESOLVE,
        maatwerktafel.COMMISSIONER,
        passend_alternatief.NEVER_WAIT,
        passend_alternatief.SEND_BACK,
    ):
        assert "reading" in rule.text, rule.id


@pytest.mark.parametrize("name", NAMES)
def test_acute_safety_goes_to_veilig_thuis_in_every_utrecht_model(
    registry: Registry, ready_case: CaseFactory, monday_morning: datetime, name: str
) -> None:
    case = ready_case(
        obstacles=tuple(Obstacle), safety=SafetySignal(SafetyLevel.ACUTE, "acuut gevaar")
    )
    result = triage(registry, registry.model(name), case, monday_morning)
    assert result.route == "veilig-thuis"


@pytest.mark.parametrize("name", NAMES)
def test_every_named_onward_route_is_registered(registry: Registry, name: str) -> None:
    for key in registry.model(name).onward_routes:
        assert registry.route(key).key == key


@pytest.mark.parametrize("name", NAMES)
def test_national_and_resident_routes_are_offered_when_no_step_fits(
    registry: Registry, ready_case: CaseFactory, monday_morning: datetime, name: str
) -> None:
    toddler = ready_case(age=3, obstacles=(), requested_care=())
    result = triage(registry, registry.model(name), toddler, monday_morning)
    assert result.route == "integrale-vroeghulp"
    concern = ready_case(age=3, obstacles=(), safety=SafetySignal(SafetyLevel.CONCERN, "zorgen"))
    result = triage(registry, registry.model(name), concern, monday_morning)
    # Veilig Thuis is listed as open for a concern, never made the main route (seed 002).
    assert result.route == "integrale-vroeghulp"
    assert "veilig-thuis" in result.onward


@pytest.mark.parametrize("name", NAMES[:3])
def test_the_other_models_point_to_the_mailbox_before_the_residents_routes(
    registry: Registry, ready_case: CaseFactory, monday_morning: datetime, name: str
) -> None:
    model = registry.model(name)
    keys = list(model.onward_routes)
    assert keys.index("utrecht-knelpuntenzorg") < keys.index("utrecht-bestuur")
    for resident in ("raad-en-college", "ombudsman", "bezwaar-en-klacht"):
        assert keys.index("utrecht-knelpuntenzorg") < keys.index(resident)
    # A parent whose case no step takes is sent to the mailbox, not to the council.
    parent = ready_case(
        submitter=Submitter(SubmitterRole.PARENT), obstacles=(Obstacle.WAITING_LIST,)
    )
    result = triage(registry, model, parent, monday_morning)
    assert result.route == "utrecht-knelpuntenzorg"
    assert {"raad-en-college", "ombudsman", "bezwaar-en-klacht"} <= set(result.onward)
    assert [r.rule for r in result.reasons] == [STUCK_CASE.id]
    route = registry.route("utrecht-knelpuntenzorg")
    assert route.family_can_apply and route.source.cite() == "seed 002, Utrechtse aanpak"


def test_the_mailbox_model_does_not_name_itself(registry: Registry) -> None:
    assert "utrecht-knelpuntenzorg" not in registry.model("utrecht-knelpuntenzorg").onward_routes
