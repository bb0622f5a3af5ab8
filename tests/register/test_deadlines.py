"""Deadlines: working days with Dutch holidays, suspension, norms from settings, overdue."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from escalatie.clock import AMSTERDAM
from escalatie.deadlines import (
    DEFAULT_NORM,
    Norms,
    ServiceNorm,
    add_days,
    count_days,
    deadlines,
    is_working_day,
    overdue_agreements,
)
from escalatie.errors import EscalatieError
from escalatie.learning import Agreement


def at(day: str, hour: int = 9) -> datetime:
    d = date.fromisoformat(day)
    return datetime(d.year, d.month, d.day, hour, tzinfo=AMSTERDAM)


def test_working_days_skip_weekends_and_dutch_holidays() -> None:
    assert is_working_day(date(2026, 3, 2))
    assert not is_working_day(date(2026, 3, 7))  # Saturday
    assert not is_working_day(date(2026, 4, 6))  # Easter Monday
    assert not is_working_day(date(2026, 4, 27))  # King's Day
    assert add_days(date(2026, 4, 24), 1, True) == date(2026, 4, 28)
    assert add_days(date(2026, 4, 24), 1, False) == date(2026, 4, 25)
    assert count_days(date(2026, 4, 24), date(2026, 4, 29), True) == 2


def test_suspension_moves_both_end_dates() -> None:
    norm = ServiceNorm(servicenorm=10, doorlooptijd=20, working_days=True)
    start = at("2026-03-02")
    plain = deadlines(start, norm, [], at("2026-03-03"))
    assert plain.planned_end == date(2026, 3, 16)
    assert plain.latest_end == date(2026, 3, 30)
    moved = deadlines(start, norm, [(at("2026-03-04"), at("2026-03-11"))], at("2026-03-20"))
    assert moved.suspended == 5
    assert moved.planned_end == date(2026, 3, 23)
    assert moved.latest_end == date(2026, 4, 8)  # past Good Friday and Easter Monday


def test_a_running_suspension_counts_until_the_moment_asked() -> None:
    norm = ServiceNorm(servicenorm=10, doorlooptijd=20, working_days=False)
    running = [(at("2026-03-04"), None)]
    assert deadlines(at("2026-03-02"), norm, running, at("2026-03-06")).suspended == 2
    assert deadlines(at("2026-03-02"), norm, running, at("2026-03-14")).planned_end == date(
        2026, 3, 22
    )


@given(st.dates(date(2025, 1, 1), date(2027, 12, 31)), st.integers(0, 60), st.booleans())
def test_adding_days_is_undone_by_counting_them(start: date, days: int, working: bool) -> None:
    end = add_days(start, days, working)
    one = timedelta(days=1)
    assert count_days(start + one, end + one, working) == days
    if working and days:
        assert is_working_day(end)


def test_norms_from_settings_per_forum() -> None:
    norms = Norms.from_settings(
        {
            "servicenorm": 15,
            "doorlooptijd": 30,
            "forums": {"tafel": {"servicenorm": 5, "working_days": False}},
        }
    )
    assert norms.for_forum(None) == ServiceNorm(15, 30, True)
    assert norms.for_forum("tafel") == ServiceNorm(5, 30, False)
    assert norms.for_forum("other") == norms.default
    assert Norms.from_settings({}).default == DEFAULT_NORM


@pytest.mark.parametrize(
    ("table", "needle"),
    [
        ({"servicenorm": 0}, "[deadlines] servicenorm"),
        ({"servicenorm": "ten"}, "[deadlines] servicenorm"),
        ({"working_days": "yes"}, "working_days"),
        (
            {"servicenorm": 30, "doorlooptijd": 10},
            "settings [deadlines] doorlooptijd: expected at least",
        ),
        ({"forums": {"tafel": {"doorlooptijd": True}}}, "[deadlines.forums.tafel] doorlooptijd"),
        ({"forums": 3}, "forums"),
        (
            {"servicenorm": -5},
            "settings [deadlines] servicenorm: expected a whole number of days from 1 to 3650, got -5",
        ),
        (
            {"doorlooptijd": 99999999999},
            "settings [deadlines] doorlooptijd: expected a whole number of days from 1 to 3650",
        ),
        (
            {"servicnorm": 10},
            "settings [deadlines] servicnorm: unknown setting (did you mean 'servicenorm'?)",
        ),
        (
            {"forums": {"tafel": {"forums": {}}}},
            "settings [deadlines.forums.tafel] forums: unknown setting",
        ),
    ],
)
def test_bad_settings_name_the_key(table: dict[str, object], needle: str) -> None:
    with pytest.raises(EscalatieError) as err:
        Norms.from_settings(table)
    assert needle in str(err.value)


def test_overdue_agreements_earliest_first() -> None:
    items = [
        Agreement("b", "o", date(2026, 3, 10), "l"),
        Agreement("a", "o", date(2026, 3, 5), "l"),
        Agreement("c", "o", date(2026, 3, 1), "l", done_at=at("2026-03-02")),
        Agreement("d", "o", date(2026, 3, 20), "l"),
    ]
    assert [a.action for a in overdue_agreements(items, at("2026-03-11"))] == ["a", "b"]
    assert overdue_agreements(items, at("2026-03-05")) == []
