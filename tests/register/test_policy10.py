"""The policy adviser's review of 22b39b6 (policy10): each finding, checked against the bundled
models.

1. A case's working days are counted with its forum's holiday policy (the model's days off,
   the calendar the forum meets by), the general list of Dutch holidays only without one.
"""

from __future__ import annotations

from datetime import date, datetime

from escalatie.clock import AMSTERDAM
from escalatie.deadlines import DEFAULT_NORM, Norms, add_days, count_days, is_working_day
from escalatie.forum import FixedDayOff, HolidayPolicy
from escalatie.register.state import CaseState
from escalatie.register.views import case_deadlines, case_holidays

# --- finding 1: working days by the forum's holiday policy ----------------------------------

CAO = HolidayPolicy(fixed_days_off=(FixedDayOff(5, 5, "Bevrijdingsdag"),))
"""5 May off every year, Good Friday a working day: the bundled models' policy."""


def test_a_policy_decides_which_days_are_working_days() -> None:
    liberation, good_friday = date(2026, 5, 5), date(2026, 4, 3)
    assert is_working_day(liberation) and not is_working_day(good_friday)  # the general list
    assert not is_working_day(liberation, CAO) and is_working_day(good_friday, CAO)
    assert not is_working_day(good_friday, HolidayPolicy(good_friday=True))
    closed = HolidayPolicy(closing_days=((date(2026, 3, 4), "gemeente gesloten"),))
    assert not is_working_day(date(2026, 3, 4), closed)
    assert count_days(date(2026, 5, 4), date(2026, 5, 7), True, CAO) == 2
    assert add_days(date(2026, 5, 4), 1, True, CAO) == date(2026, 5, 6)


def case(model: str | None, forum: str | None = None) -> CaseState:
    submitted = datetime(2026, 4, 20, 9, tzinfo=AMSTERDAM)
    return CaseState(
        case_id="ESC-TEST-0001", submitted_at=submitted, document={}, model=model, forum=forum
    )


def test_a_maatwerktafel_case_counts_5_may_off() -> None:
    norms = Norms()
    assert DEFAULT_NORM.servicenorm == 20
    submitted = case("utrecht-maatwerktafel")
    policy = case_holidays(submitted)
    assert policy is not None and [(d.month, d.day) for d in policy.fixed_days_off] == [(5, 5)]
    # 20 working days from Monday 20 April 2026: Koningsdag, 5 May and Hemelvaartsdag off.
    assert case_deadlines(submitted, norms, submitted.submitted_at).planned_end == date(2026, 5, 21)
    planned = case("utrecht-maatwerktafel", "maatwerktafel")
    assert case_holidays(planned) == policy


def test_a_case_without_a_known_model_counts_the_general_list() -> None:
    for state in (case(None), case("not-installed-model")):
        assert case_holidays(state) is None
        assert case_deadlines(state, Norms(), state.submitted_at).planned_end == date(2026, 5, 20)
