"""The VTIMEZONE for Europe/Amsterdam, written as two yearly rules.

icalendar's generated VTIMEZONE lists every transition date; Outlook ignores such a block and
guesses the zone. Outlook (and every other client) understands one STANDARD and one DAYLIGHT
sub-component, each with a yearly RRULE, which is what the EU rules since 1996 are:
summer time from the last Sunday of March 02:00 (+01:00 → +02:00, CEST) until the last Sunday
of October 03:00 (+02:00 → +01:00, CET). :func:`check_years` compares those rules with the tz
database, so a change of law (the EU has discussed ending the switch) fails loudly instead of
producing files whose times are an hour off.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from attrs import frozen

from escalatie.clock import AMSTERDAM
from escalatie.errors import EscalatieError

if TYPE_CHECKING:
    from icalendar import Timezone

TZID = "Europe/Amsterdam"


@frozen
class YearlyTransition:
    """A switch on the last Sunday of ``month`` at ``at`` local time (before the switch)."""

    name: str
    month: int
    at: time
    offset_from: timedelta
    offset_to: timedelta
    since: date
    """The first switch under this rule; DTSTART of the sub-component."""

    def on(self, year: int) -> datetime:
        """The naive local wall-clock moment of the switch in ``year``."""
        last = date(year + (self.month == 12), self.month % 12 + 1, 1) - timedelta(days=1)
        sunday = last - timedelta(days=(last.weekday() - 6) % 7)
        return datetime.combine(sunday, self.at)


CEST = YearlyTransition(
    "CEST", 3, time(2, 0), timedelta(hours=1), timedelta(hours=2), date(1981, 3, 29)
)
CET = YearlyTransition(
    "CET", 10, time(3, 0), timedelta(hours=2), timedelta(hours=1), date(1996, 10, 27)
)
RULES = (CEST, CET)


def vtimezone() -> Timezone:
    """The ``VTIMEZONE`` component for Europe/Amsterdam."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    zone = Timezone()
    zone.add("TZID", TZID)
    for rule in RULES:
        sub = TimezoneDaylight() if rule is CEST else TimezoneStandard()
        sub.add("TZNAME", rule.name)
        sub.add("TZOFFSETFROM", rule.offset_from)
        sub.add("TZOFFSETTO", rule.offset_to)
        sub.add("DTSTART", datetime.combine(rule.since, rule.at))
        sub.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": rule.month, "BYDAY": "-1SU"})
        zone.add_component(sub)
    return zone


def _offset(moment: datetime) -> timedelta:
    offset = moment.astimezone(AMSTERDAM).utcoffset()
    assert offset is not None
    return offset


def tzdb_transitions(year: int) -> list[tuple[datetime, timedelta, timedelta]]:
    """Offset changes of Europe/Amsterdam in ``year`` per the tz database.

    Each entry is (naive local wall-clock moment just before the switch, offset before,
    offset after), the same shape as the VTIMEZONE rules give. Found by stepping a day at a
    time and bisecting the day of a change down to the minute.
    """
    from datetime import UTC

    out: list[tuple[datetime, timedelta, timedelta]] = []
    day = datetime(year, 1, 1, tzinfo=UTC) - timedelta(hours=2)
    end = datetime(year + 1, 1, 1, tzinfo=UTC) - timedelta(hours=2)
    before = _offset(day)
    while day < end:
        nxt = day + timedelta(days=1)
        after = _offset(nxt)
        if after != before:
            low, high = day, nxt  # offset(low) == before, offset(high) == after
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                middle = middle.replace(second=0, microsecond=0)
                if middle <= low:
                    middle = low + timedelta(minutes=1)
                if _offset(middle) == before:
                    low = middle
                else:
                    high = middle
            out.append(((high + before).replace(tzinfo=None), before, after))
            before = after
        day = nxt
    return out


def rule_transitions(year: int) -> list[tuple[datetime, timedelta, timedelta]]:
    """Offset changes in ``year`` as the VTIMEZONE rules state them."""
    return sorted((rule.on(year), rule.offset_from, rule.offset_to) for rule in RULES)


@lru_cache(maxsize=128)
def _year_matches(year: int) -> bool:
    return tzdb_transitions(year) == rule_transitions(year)


def check_years(years: Iterable[int]) -> None:
    """Refuse to write a file whose VTIMEZONE would disagree with the tz database."""
    for year in sorted(set(years)):
        if year < CET.since.year:
            raise EscalatieError(
                f"time zone: the calendar supports years from {CET.since.year}, when the "
                f"current {TZID} rules began; got {year}"
            )
        if not _year_matches(year):
            raise EscalatieError(
                f"time zone: the VTIMEZONE rules for {TZID} do not match the tz database in "
                f"{year} (last Sunday of March 02:00 → CEST, last Sunday of October 03:00 → CET); "
                "update escalatie.calendar.timezone"
            )
