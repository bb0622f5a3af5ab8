"""compare: the compiled path agrees with triage; rows carry the reach of the route."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from escalatie.case import Case, Obstacle, SafetyLevel
from escalatie.model import EscalationModel
from escalatie.plugins import Registry, make_plugin_manager
from escalatie.research.compare import (
    NOTE_NO_FORUM,
    NOTE_ON_REQUEST,
    Comparer,
    compare,
    row_from_result,
)
from escalatie.testing.strategies import cases, synthetic_models, triage_moments
from escalatie.triaging import triage

MakeCase = Callable[..., Case]
SETTINGS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def _installed() -> tuple[Registry, list[EscalationModel]]:
    registry = Registry(make_plugin_manager())
    return registry, list(registry.models.values())


@SETTINGS
@given(case=cases(with_identity=None), at=triage_moments(), extra=synthetic_models())
def test_compiled_rows_equal_rows_built_from_triage(
    case: Case, at: datetime, extra: EscalationModel
) -> None:
    registry, models = _installed()
    models = [*models, extra]
    expected = [row_from_result(registry, m, case, triage(registry, m, case, at)) for m in models]
    assert Comparer(registry, models, at).rows(case) == expected


@SETTINGS
@given(case=cases(with_identity=True), at=triage_moments(), extra=synthetic_models())
def test_no_identity_value_reaches_a_row(case: Case, at: datetime, extra: EscalationModel) -> None:
    assert case.identity is not None
    assume(case.identity.bsn not in case.reference)
    registry, models = _installed()
    text = json.dumps([row._asdict() for row in compare(registry, [*models, extra], [case], at)])
    for value in case.identity.values():
        assert value not in text


def test_rows_name_the_route_its_forum_date_and_reach(
    synthetic_registry: Registry, table_model: EscalationModel, make_case: MakeCase, at: datetime
) -> None:
    [row] = compare(synthetic_registry, [table_model], [make_case()], at)
    # step0 (contact point only) fires on no_fitting_provider and comes first in the ladder
    assert (row.route, row.eligible, row.ready, row.forum_note) == (
        "step0",
        True,
        True,
        NOTE_NO_FORUM,
    )
    assert row.reasons == ("table.step0.entry", "table.age", "table.step0.applicants")
    case = attrs.evolve(make_case(), obstacles=(Obstacle.LAWS_AND_REGULATIONS,))
    [row] = compare(synthetic_registry, [table_model], [case], at)
    assert row.route == "step1"
    assert row.forum == "table"
    # Monday 2 March 2026 08:00; series every two weeks from Monday 5 and Thursday 8 January
    assert row.next_meeting == "2026-03-02T09:00:00+01:00"
    assert row.days_to_forum == 0
    assert row.family_at_table is True
    assert row.mandate == ("budget", "escalate_to_board")
    assert row.domains_covered == ("care",)  # mandate covers care and housing, not education
    assert row.learning == ("leerlijnen",)
    assert row.family_direct is False


def test_on_request_forum_counts_as_empty_with_a_note(
    synthetic_registry: Registry, mailbox_model: EscalationModel, make_case: MakeCase, at: datetime
) -> None:
    [row] = compare(synthetic_registry, [mailbox_model], [make_case()], at)
    assert row.route == "step0"
    assert row.days_to_forum is None and row.next_meeting is None
    assert row.forum_note == NOTE_ON_REQUEST
    assert row.family_direct is True
    assert row.domains_covered == ("care", "education")  # no mandate domains: all of them


def test_acute_safety_goes_to_veilig_thuis_in_every_model(
    synthetic_registry: Registry, make_case: MakeCase, at: datetime
) -> None:
    from escalatie.case import SafetySignal

    case = attrs.evolve(make_case(), safety=SafetySignal(SafetyLevel.ACUTE, "acuut"))
    rows = list(compare(synthetic_registry, synthetic_registry.models.values(), [case], at))
    assert {r.route for r in rows} == {"veilig-thuis"}
    assert all(r.days_to_forum is None and r.reasons[0] == "core.safety-first" for r in rows)


def test_not_eligible_when_no_rung_fits(
    synthetic_registry: Registry, table_model: EscalationModel, make_case: MakeCase, at: datetime
) -> None:
    [row] = compare(synthetic_registry, [table_model], [make_case(age=40)], at)
    assert (row.eligible, row.route, row.route_type) == (False, None, "none")


def test_compare_streams_case_by_case(
    synthetic_registry: Registry, make_case: MakeCase, at: datetime
) -> None:
    pulled: list[int] = []

    def endless() -> Iterator[Case]:
        n = 0
        while True:
            pulled.append(n)
            yield make_case(f"R-{n}")
            n += 1

    rows = compare(synthetic_registry, synthetic_registry.models.values(), endless(), at)
    first = [next(rows) for _ in range(4)]
    assert [r.case for r in first] == ["R-0", "R-0", "R-1", "R-1"]
    assert len(pulled) == 2


def test_naive_moment_is_refused(synthetic_registry: Registry) -> None:
    from escalatie.errors import EscalatieError

    with pytest.raises(EscalatieError, match="at: expected a timezone-aware"):
        Comparer(synthetic_registry, [], datetime(2026, 3, 2))


@given(st.data())
def test_pseudonymous_reference_only(data: st.DataObject) -> None:
    case = data.draw(cases(with_identity=True))
    registry, models = _installed()
    assume(models)
    at = data.draw(triage_moments())
    for row in compare(registry, models[:2], [case], at):
        assert row.case == case.reference


def test_a_step_open_to_anyone_is_reachable_by_the_family(at: datetime) -> None:
    """Empty applicants and no contact point mean anyone may come, as triage reads it."""
    from escalatie.research.compare import step_reach
    from escalatie.testing.synthetic import synthetic_model

    model = synthetic_model("open-tafel", steps=1, series=((0, 2),))
    step = attrs.evolve(model.ladder[0], applicants=frozenset(), contact_point=None)
    assert step_reach(model, step, at).family_direct is True
