"""The VTIMEZONE: one STANDARD and one DAYLIGHT with yearly rules, equal to the tz database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from dateutil.rrule import rrulestr

from escalatie.calendar import schedule_calendar
from escalatie.calendar.timezone import check_years, rule_transitions, tzdb_transitions
from escalatie.clock import AMSTERDAM, Clock
from escalatie.errors import EscalatieError
from escalatie.model import EscalationModel

YEARS = range(1996, 2038)


@pytest.fixture
def zone(model: EscalationModel, clock: Clock, ical: Any) -> object:
    text = schedule_calendar(model, date(2026, 1, 1), date(2026, 12, 31), clock).text
    zones = list(ical.parse(text).walk("VTIMEZONE"))
    assert len(zones) == 1
    return zones[0]


def test_one_standard_and_one_daylight_each_with_a_yearly_rule(zone: object) -> None:
    subs = zone.subcomponents  # type: ignore[attr-defined]
    assert zone["TZID"] == "Europe/Amsterdam"  # type: ignore[index]
    assert sorted(s.name for s in subs) == ["DAYLIGHT", "STANDARD"]
    for sub in subs:
        assert "RDATE" not in sub
        rule = sub["RRULE"]
        assert rule["FREQ"] == ["YEARLY"]
        assert rule["BYDAY"] == ["-1SU"]
    daylight = next(s for s in subs if s.name == "DAYLIGHT")
    standard = next(s for s in subs if s.name == "STANDARD")
    assert daylight["RRULE"]["BYMONTH"] == [3]
    assert standard["RRULE"]["BYMONTH"] == [10]
    assert daylight["TZOFFSETTO"].td == timedelta(hours=2)
    assert standard["TZOFFSETTO"].td == timedelta(hours=1)


def test_rules_in_the_file_match_the_tz_database(zone: object) -> None:
    """Expand each sub-component's RRULE with dateutil and check zoneinfo switches right then."""
    for sub in zone.subcomponents:  # type: ignore[attr-defined]
        before, after = sub["TZOFFSETFROM"].td, sub["TZOFFSETTO"].td
        rule = rrulestr(sub["RRULE"].to_ical().decode(), dtstart=sub["DTSTART"].dt)
        walls = [w for w in rule.between(datetime(1996, 1, 1), datetime(2038, 1, 1))]
        assert [w.year for w in walls] == list(YEARS)
        for wall in walls:
            instant = (wall - before).replace(tzinfo=UTC)
            assert (instant - timedelta(minutes=1)).astimezone(AMSTERDAM).utcoffset() == before
            assert instant.astimezone(AMSTERDAM).utcoffset() == after


def test_tz_database_has_exactly_two_switches_a_year() -> None:
    for year in (1996, 2026, 2027, 2037):
        assert tzdb_transitions(year) == rule_transitions(year)
        assert len(tzdb_transitions(year)) == 2


def test_years_before_the_rules_are_refused() -> None:
    check_years(range(2025, 2030))
    with pytest.raises(EscalatieError, match=r"supports years from 1996.*got 1990"):
        check_years([1990])


def test_a_changed_tz_database_stops_the_file(
    monkeypatch: pytest.MonkeyPatch, model: EscalationModel, clock: Clock
) -> None:
    """If the EU stopped switching, the rules would be wrong: refuse rather than be an hour off."""
    from escalatie.calendar import timezone

    monkeypatch.setattr(timezone, "tzdb_transitions", lambda year: [])
    timezone._year_matches.cache_clear()
    try:
        with pytest.raises(EscalatieError, match="do not match the tz database in 2031"):
            schedule_calendar(model, date(2031, 1, 1), date(2031, 2, 1), clock)
    finally:
        timezone._year_matches.cache_clear()
