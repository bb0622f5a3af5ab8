"""Triage on a throwaway model: entry, conditions, prerequisites, checks, safety first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from escalatie.case import Case
from escalatie.documents import structure
from escalatie.errors import EscalatieError
from escalatie.hookspecs import hookimpl
from escalatie.model import EscalationModel
from escalatie.plugins import Registry
from escalatie.triaging import RouteType, TriageResult, triage

from .conftest import build_model


def make(data: dict[str, Any], **change: Any) -> Case:
    return structure({**data, **change}, Case)


def test_first_step_whose_entry_fires_is_the_route(
    bare_registry: Registry,
    test_model: EscalationModel,
    case_data: dict[str, Any],
    monday_morning: datetime,
) -> None:
    result = triage(bare_registry, test_model, make(case_data), monday_morning)
    assert result.route == "tafel"
    assert result.route_type is RouteType.STEP
    assert result.eligible and result.ready
    assert [r.rule for r in result.reasons] == ["t.entry", "t.age"]
    assert all(r.source.startswith("seed ") for r in result.reasons)
    # The series meets every 3 weeks from Monday 5 January: 26 Jan, 16 Feb, 9 March 09:15.
    assert result.next_meeting == monday_morning.replace(day=9, hour=9, minute=15)


def test_missing_prerequisite_is_listed(
    bare_registry: Registry,
    test_model: EscalationModel,
    case_data: dict[str, Any],
    monday_morning: datetime,
) -> None:
    result = triage(bare_registry, test_model, make(case_data, prior_steps=[]), monday_morning)
    assert result.eligible and not result.ready
    assert [r.rule for r in result.missing] == ["t.consulted"]


def test_check_fires_as_an_action(
    bare_registry: Registry,
    test_model: EscalationModel,
    case_data: dict[str, Any],
    monday_morning: datetime,
) -> None:
    case = make(case_data, requested_care=[{"kind": "residential"}])
    result = triage(bare_registry, test_model, case, monday_morning)
    assert [r.rule for r in result.actions] == ["t.residential"]


def test_failed_condition_moves_to_the_next_step(
    bare_registry: Registry,
    test_model: EscalationModel,
    case_data: dict[str, Any],
    monday_morning: datetime,
) -> None:
    case = make(case_data, age=30, submitter={"role": "provider"})
    result = triage(bare_registry, test_model, case, monday_morning)
    assert result.route == "loket"
    assert [r.rule for r in result.not_met] == ["t.age"]
    assert result.next_meeting is None


def test_no_route_when_nothing_fires(
    bare_registry: Registry,
    test_model: EscalationModel,
    case_data: dict[str, Any],
    monday_morning: datetime,
) -> None:
    result = triage(bare_registry, test_model, make(case_data, obstacles=[]), monday_morning)
    assert result.route is None and not result.eligible
    assert result.route_type is RouteType.NONE
    assert {r.rule for r in result.not_met} == {"t.entry", "t.provider"}


def test_safety_concern_opens_veilig_thuis_as_onward_route(
    bare_registry: Registry,
    test_model: EscalationModel,
    case_data: dict[str, Any],
    monday_morning: datetime,
) -> None:
    case = make(case_data, safety={"level": "concern"})
    result = triage(bare_registry, test_model, case, monday_morning)
    assert result.route == "tafel"
    assert result.onward == ("veilig-thuis",)
    # Policy review: not only an open route: the action to consult Veilig Thuis (meldcode step 2).
    assert [r.rule for r in result.actions] == ["core.safety-concern-consult"]
    assert "consult Veilig Thuis" in result.actions[0].text
    assert "meldcode" in result.actions[0].source and "stap 2" in result.actions[0].source


def test_safety_concern_consult_without_a_route_and_never_without_concern(
    bare_registry: Registry,
    test_model: EscalationModel,
    case_data: dict[str, Any],
    monday_morning: datetime,
) -> None:
    concern = make(case_data, obstacles=[], safety={"level": "concern"})
    result = triage(bare_registry, test_model, concern, monday_morning)
    assert not result.eligible
    assert [r.rule for r in result.actions] == ["core.safety-concern-consult"]
    plain = triage(bare_registry, test_model, make(case_data), monday_morning)
    assert "core.safety-concern-consult" not in [r.rule for r in plain.actions]


def test_acute_safety_goes_to_veilig_thuis_first(
    bare_registry: Registry,
    test_model: EscalationModel,
    case_data: dict[str, Any],
    monday_morning: datetime,
) -> None:
    """Seeds 002, 003: an acute safety signal never waits for a table, in any model."""
    case = make(case_data, safety={"level": "acute", "description": "direct gevaar"})
    result = triage(bare_registry, test_model, case, monday_morning)
    assert result.route == "veilig-thuis"
    assert result.next_meeting is None
    assert [r.rule for r in result.reasons] == ["core.safety-first", "core.safety-lower-bound"]
    # Seed 002 says Veilig Thuis's support is relevant; consult or report is the meldcode's.
    first = result.reasons[0]
    assert "consult or report to Veilig Thuis" in first.text and "112" in first.text
    assert first.source.startswith("seed 002") and "meldcode" in first.source
    # Seed 002 lists such cases among the stuck ones: the stuck question goes on afterwards.
    assert [r.rule for r in result.actions] == ["core.after-safety"]
    assert "seed 002, Waar gaat het om?" in result.actions[0].source


def test_acute_crisis_goes_to_the_crisis_service_the_same_day(
    bare_registry: Registry,
    test_model: EscalationModel,
    case_data: dict[str, Any],
    monday_morning: datetime,
) -> None:
    """Acute GGZ (Kamerstuk 25 424 nr. 273): the same day to the GP or crisis service."""
    case = make(case_data, crisis={"acute": True, "description": "acute suïcidedreiging"})
    result = triage(bare_registry, test_model, case, monday_morning)
    assert (result.route, result.route_type, result.forum) == ("crisis", RouteType.ONWARD, None)
    assert result.next_meeting is None
    assert [r.rule for r in result.reasons] == ["core.crisis-same-day"]
    assert [r.rule for r in result.actions] == ["core.after-safety"]
    assert result.onward == ()


def test_crisis_comes_before_veilig_thuis_which_stays_open(
    bare_registry: Registry,
    test_model: EscalationModel,
    case_data: dict[str, Any],
    monday_morning: datetime,
) -> None:
    case = make(case_data, crisis={"acute": True}, safety={"level": "acute"})
    result = triage(bare_registry, test_model, case, monday_morning)
    assert result.route == "crisis"
    assert result.onward == ("veilig-thuis",)
    assert [r.rule for r in result.reasons] == ["core.crisis-same-day", "core.safety-lower-bound"]


def test_a_crisis_that_is_not_acute_routes_as_usual(
    bare_registry: Registry,
    test_model: EscalationModel,
    case_data: dict[str, Any],
    monday_morning: datetime,
) -> None:
    case = make(case_data, crisis={"acute": False, "description": "eerder een crisis"})
    assert triage(bare_registry, test_model, case, monday_morning).route == "tafel"


def test_hook_escalatie_preempt_triage_but_never_for_an_acute_case(
    bare_registry: Registry,
    test_model: EscalationModel,
    case_data: dict[str, Any],
    monday_morning: datetime,
) -> None:
    class Overrider:
        @hookimpl(tryfirst=True)
        def escalatie_preempt_triage(
            self, model: EscalationModel, case: Case, at: datetime
        ) -> TriageResult:
            return TriageResult(
                model.name, case.reference, at, "tafel", "Tafel", RouteType.STEP, True
            )

    plugin = Overrider()
    bare_registry.pm.register(plugin, name="overrider")
    try:
        acute = make(case_data, safety={"level": "acute"})
        assert triage(bare_registry, test_model, acute, monday_morning).route == "veilig-thuis"
        crisis = make(case_data, crisis={"acute": True})
        assert triage(bare_registry, test_model, crisis, monday_morning).route == "crisis"
        # For other cases the plugin's pre-emption is honoured.
        assert (
            triage(bare_registry, test_model, make(case_data), monday_morning).route_name == "Tafel"
        )
    finally:
        bare_registry.pm.unregister(plugin)


def test_naive_moment_is_refused(
    bare_registry: Registry, test_model: EscalationModel, case_data: dict[str, Any]
) -> None:
    with pytest.raises(EscalatieError, match="at: expected a timezone-aware") as info:
        triage(bare_registry, test_model, make(case_data), datetime(2026, 3, 2, 8, 0))
    # It says how (new-user review): the Amsterdam zone the stable API exports.
    assert str(info.value).endswith(
        "; for Amsterdam's time write datetime(2026, 3, 2, 8, 0, tzinfo=AMSTERDAM) "
        "(from escalatie.api import AMSTERDAM)"
    )


def test_triage_is_deterministic(
    bare_registry: Registry,
    test_model: EscalationModel,
    case_data: dict[str, Any],
    monday_morning: datetime,
) -> None:
    case = make(case_data)
    runs: list[Callable[[], TriageResult]] = [
        lambda: triage(bare_registry, test_model, case, monday_morning) for _ in range(3)
    ]
    assert len({run() for run in runs}) == 1


def test_step_applicants_are_enforced_as_a_condition(
    bare_registry: Registry, case_data: dict[str, Any], monday_morning: datetime
) -> None:
    import attrs

    from escalatie.organisation import Audience

    model = build_model()
    step = attrs.evolve(model.ladder[0], applicants=frozenset({Audience.PROFESSIONALS}))
    model = attrs.evolve(model, ladder=(step, *model.ladder[1:]))
    ok = triage(bare_registry, model, make(case_data), monday_morning)
    assert ok.route == "tafel"
    assert ok.reasons[-1].rule == "test-tafel.tafel.applicants"
    assert ok.reasons[-1].text == "Who may bring a case to Testtafel: professionals."
    parent = triage(
        bare_registry, model, make(case_data, submitter={"role": "parent"}), monday_morning
    )
    assert parent.route is None
    assert [r.rule for r in parent.not_met] == ["test-tafel.tafel.applicants"]
    # A district team is a professional too.
    team = triage(
        bare_registry, model, make(case_data, submitter={"role": "district_team"}), monday_morning
    )
    assert team.route == "tafel"


def test_veilig_thuis_is_listed_for_a_concern_but_never_the_main_route(
    bare_registry: Registry,
    test_model: EscalationModel,
    case_data: dict[str, Any],
    monday_morning: datetime,
) -> None:
    """Seed 002: Veilig Thuis is not an escalation table; only an acute case is sent there."""
    case = make(case_data, obstacles=[], safety={"level": "concern"})
    result = triage(bare_registry, test_model, case, monday_morning)
    assert result.route is None and not result.eligible
    assert result.onward == ("veilig-thuis",)
