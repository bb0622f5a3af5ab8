"""Meeting rules that cost without limit (attacker review): a rule that never yields, a start
in the year 1, and models with endless series. Each is refused with one line, or expanded
only near the dates asked for. No timing assertions: the errors, and what dateutil is asked to
walk."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest

from escalatie import recurrence
from escalatie.forum import MAX_SERIES, Cadence, CadenceError, MeetingSeries
from escalatie.recurrence import expands_here, parse


def series(rule: str, runs_from: date = date(2026, 1, 1)) -> MeetingSeries:
    return MeetingSeries("tafel", rule, time(9, 0), 60, runs_from)


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31",
        "FREQ=MONTHLY;BYMONTHDAY=31;BYSETPOS=2",
        "FREQ=MONTHLY;BYMONTH=1,2;BYSETPOS=2",
        "FREQ=MONTHLY;BYDAY=5MO;BYMONTHDAY=1",
        "FREQ=YEARLY;BYYEARDAY=366;BYMONTH=1",
        "FREQ=YEARLY;BYWEEKNO=1;BYMONTH=6",
        "FREQ=YEARLY;BYWEEKNO=-1;BYMONTH=3;WKST=SU",
    ],
)
def test_a_rule_that_never_yields_is_refused_without_dateutils_walk(
    rule: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """dateutil walks such a rule to the year 9999 (20 s of CPU); the day-by-day check over
    ten years refuses it before dateutil is asked for its dates (reading the rule, from
    2000-01-01, walks nothing)."""
    asked: list[Any] = []
    real = recurrence.expander

    def recording(text: str, runs_from: date) -> Any:
        asked.append(runs_from)
        return real(text, runs_from)

    monkeypatch.setattr(recurrence, "expander", recording)
    with pytest.raises(CadenceError) as info:
        series(rule)
    assert str(info.value) == (
        f"series tafel: rrule {rule}: yields no date within 10 years of runs_from 2026-01-01; "
        "expected a rule that does"
    )
    assert date(2026, 1, 1) not in asked


def test_bysetpos_with_byweekno_is_refused() -> None:
    with pytest.raises(CadenceError, match="BYSETPOS cannot go with BYWEEKNO"):
        series("FREQ=YEARLY;BYWEEKNO=1;BYSETPOS=1")


@pytest.mark.parametrize("runs_from", [date(1, 1, 1), date(1999, 12, 31), date(3000, 1, 1)])
def test_runs_from_has_a_floor_and_a_ceiling(runs_from: date) -> None:
    with pytest.raises(CadenceError) as info:
        series("FREQ=DAILY", runs_from)
    assert str(info.value) == (
        "series tafel: runs_from: expected a date from 2000-01-01 to 2999-12-31, "
        f"got {runs_from.isoformat()}"
    )


def test_expansion_starts_near_the_asked_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule from 2000 asked about 2990 is walked from about 2984 (the block's start), not
    from 2000: dateutil gets a start moved on by whole periods; a rule escalatie expands
    itself (recurrence.expand) computes the window's dates and asks dateutil nothing."""
    starts: list[date] = []
    real = recurrence.expander

    def recording(text: str, runs_from: date) -> Any:
        starts.append(runs_from)
        return real(text, runs_from)

    monkeypatch.setattr(recurrence, "expander", recording)
    for rule, expected in (
        ("FREQ=DAILY;INTERVAL=3", True),
        ("FREQ=DAILY;INTERVAL=3;BYMONTH=3", False),  # BYMONTH: dateutil's
    ):
        daily = series(rule, date(2000, 1, 1))
        starts.clear()
        got = daily.occurrences(date(2990, 3, 1), date(2990, 3, 10))
        assert got == [date(2990, 3, 1), date(2990, 3, 4), date(2990, 3, 7)]
        assert expands_here(parse(rule)) is expected
        assert (starts == []) if expected else (all(s >= date(2983, 11, 1) for s in starts))
        assert expected or starts
    for rule, expected in (
        ("FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU", True),
        ("FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;BYMONTH=1,3", False),
    ):
        monthly = series(rule, date(2000, 1, 1))
        starts.clear()
        assert monthly.occurrences(date(2990, 1, 1), date(2990, 4, 1)) == [
            date(2990, 1, 12),
            date(2990, 3, 9),
        ]
        assert (starts == []) if expected else (all(s >= date(2983, 11, 1) for s in starts))
        assert expected or starts


def test_moved_start_gives_the_same_dates() -> None:
    """The dates a block yields from its moved start are those the rule yields from runs_from."""
    from dateutil.rrule import rrulestr

    for rule in ("FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,TH", "FREQ=MONTHLY;BYMONTHDAY=-1",
                 "FREQ=YEARLY;INTERVAL=2;BYMONTH=3;BYDAY=-1FR", "FREQ=DAILY;INTERVAL=5",
                 "FREQ=MONTHLY;INTERVAL=5;BYDAY=MO,TU;BYSETPOS=-1"):  # fmt: skip
        start = date(2003, 5, 7)
        full = rrulestr(rule, dtstart=recurrence.midnight(start))
        since, until = date(2040, 1, 1), date(2042, 1, 1)
        expected = [d.date() for d in full.between(recurrence.midnight(since),
                                                    recurrence.midnight(until), inc=True)
                    if d.date() < until]  # fmt: skip
        assert recurrence.dates_between(rule, start, since, until) == expected, rule


def test_a_count_rule_is_walked_at_most_400_years() -> None:
    """29 February on a day rule with COUNT=999 would need 4000 years; the walk stops after
    :data:`~escalatie.recurrence.COUNT_YEARS`."""
    rare = series("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;COUNT=999", date(2000, 1, 1))
    dates = list(rare.upcoming(date(2000, 1, 1)))
    assert dates[0] == date(2000, 2, 29) and dates[-1] < date(2400, 1, 1)
    assert len(dates) == 97  # the leap days of 2000-2399


def test_series_per_forum_are_limited() -> None:
    many = tuple(
        MeetingSeries(f"s{i}", "FREQ=WEEKLY", time(9, 0), 60, date(2026, 1, 1))
        for i in range(MAX_SERIES + 1)
    )
    with pytest.raises(CadenceError, match=f"expected at most {MAX_SERIES} meeting series"):
        Cadence(series=many)
    assert len(Cadence(series=many[:MAX_SERIES]).series) == MAX_SERIES


def test_the_week_number_check_agrees_with_dateutil() -> None:
    """Every date dateutil yields for a BYWEEKNO rule passes the day-by-day check."""
    from dateutil.rrule import rrulestr

    for rule in ("FREQ=YEARLY;BYWEEKNO=1,-1,27;BYDAY=MO,SU", "FREQ=YEARLY;BYWEEKNO=53",
                 "FREQ=YEARLY;BYWEEKNO=1;WKST=SU;BYDAY=SA,SU,MO",
                 "FREQ=YEARLY;BYWEEKNO=-2;WKST=WE"):  # fmt: skip
        start = date(2001, 1, 1)
        found = rrulestr(rule, dtstart=recurrence.midnight(start)).between(
            recurrence.midnight(start), recurrence.midnight(date(2031, 1, 1))
        )
        assert found, rule
        parsed = recurrence.parse(rule)
        assert all(recurrence.may_meet(parsed, d.date()) for d in found), rule
        assert recurrence.yields_within(rule, start, date(2031, 1, 1))
