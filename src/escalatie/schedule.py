"""Meeting slots of a forum: its series, less the days its holiday policy takes out.

Used by triage (days until the first forum), the research tools and the iCalendar output, so
every part of the library agrees on when a forum meets.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from attrs import frozen

from escalatie.clock import local
from escalatie.forum import Cadence, HolidayPolicy, MeetingSeries

if TYPE_CHECKING:
    from escalatie.skipped_slot import SkippedSlot as SkippedSlot


@frozen
class Slot:
    """One meeting of a series, in Amsterdam time."""

    series: str
    start: datetime
    end: datetime


def national_holidays(country: str, subdivision: str | None, year: int) -> dict[date, str]:
    """A country's public holidays in Dutch. The Netherlands' are computed here
    (:mod:`escalatie.dutch_holidays`): loading them from ``holidays`` imports every country it
    knows, most of the CLI's start-up time. Other countries come from ``holidays``."""
    if country == "NL" and not subdivision:
        from escalatie.dutch_holidays import dutch_public_holidays

        return dutch_public_holidays(year)
    import holidays as holidays_lib

    return dict(
        holidays_lib.country_holidays(country, subdiv=subdivision, years=year, language="nl")
    )


@lru_cache(maxsize=256)
def days_off(policy: HolidayPolicy, year: int) -> dict[date, str]:
    """The days a forum with this policy does not meet in ``year``, each with its reason."""
    out: dict[date, str] = {}
    if policy.national:
        for day, name in national_holidays(policy.country, policy.subdivision, year).items():
            out[day] = f"feestdag: {name}"
    from escalatie.dutch_holidays import easter  # not dateutil's: start-up (issue 16)

    good_friday = easter(year) - timedelta(days=2)
    if policy.good_friday:
        out[good_friday] = "Goede Vrijdag (beleid gemeente)"
    elif policy.country == "NL":
        # The national list has Goede Vrijdag, but no statute makes it a day off (the Atw, art.
        # 3 lid 2, equates it with a feestdag for time limits only; days off are the cao's or
        # the municipality's): only the policy's good_friday switch makes it one.
        out.pop(good_friday, None)
    for fixed in policy.fixed_days_off:
        try:
            out[date(year, fixed.month, fixed.day)] = fixed.name
        except ValueError:
            continue
    for day, name in policy.closing_days:
        if day.year == year:
            out[day] = f"sluitingsdag: {name}"
    return out


def preload_holidays() -> None:
    """Load the holiday tables now, rather than in the first triage that needs a meeting date.

    The ``holidays`` library imports the module of every country the first time any country
    is asked for, which takes 0.3 to 0.7 s. A test that triages under hypothesis's deadline
    (200 ms per example) would pay that inside its first example and fail as "unreliable
    timings"; the pytest fixtures of :mod:`escalatie.testing.pytest_plugin` call this before
    the test starts. Any year will do: the cost is the import, not the year.
    """
    days_off(HolidayPolicy(), 2026)


EXCLUDED_REASON = "uitgezonderd in de reeks"
"""Why an ``excluded`` date of a series (EXDATE in the model) has no meeting; the calendar's
COMMENT carries it like a holiday's name."""


def series_skip_reason(series: MeetingSeries, policy: HolidayPolicy, day: date) -> str | None:
    """Why the series does not meet on ``day``, a planned date: excluded, or a day off."""
    if day in series.excluded:
        return EXCLUDED_REASON
    return days_off(policy, day.year).get(day)


def series_slots(
    series: MeetingSeries, policy: HolidayPolicy, since: datetime, until: datetime
) -> tuple[list[Slot], list[SkippedSlot]]:
    """Slots of one series starting in ``[since, until)``, and those a day off took out."""
    from escalatie.skipped_slot import SkippedSlot

    since, until = local(since), local(until)
    slots: list[Slot] = []
    skipped: list[SkippedSlot] = []
    for day in series.occurrences(since.date(), until.date() + timedelta(days=1)):
        start = series.starts_on(day)
        if not since <= start < until:
            continue
        reason = series_skip_reason(series, policy, day)
        if reason is None:
            slots.append(Slot(series.key, start, series.ends_on(day)))
        else:
            skipped.append(SkippedSlot(series.key, start, reason))
    return slots, skipped


def slots(cadence: Cadence, since: datetime, until: datetime) -> list[Slot]:
    """All meeting slots of a cadence in ``[since, until)``, in time order."""
    out: list[Slot] = []
    for series in cadence.series:
        out.extend(series_slots(series, cadence.holidays, since, until)[0])
    return sorted(out, key=lambda s: s.start)


def skipped_slots(cadence: Cadence, since: datetime, until: datetime) -> list[SkippedSlot]:
    out: list[SkippedSlot] = []
    for series in cadence.series:
        out.extend(series_slots(series, cadence.holidays, since, until)[1])
    return sorted(out, key=lambda s: s.start)


def next_slot(cadence: Cadence, after: datetime, horizon_days: int = 400) -> Slot | None:
    """The first slot that starts at or after ``after`` and within ``horizon_days``; None for
    a forum without series (or whose series end before then).

    Each series walks its own dates forward from ``after`` (dateutil, cached per series), so a
    monthly or yearly rule costs no more than a weekly one.
    """
    after = local(after)
    limit = after + timedelta(days=horizon_days)
    best: Slot | None = None
    for series in cadence.series:
        for day in series.upcoming(after.date()):
            start = series.starts_on(day)
            if start >= limit or (best is not None and start >= best.start):
                break
            if start < after or series_skip_reason(series, cadence.holidays, day) is not None:
                continue
            best = Slot(series.key, start, series.ends_on(day))
            break
    return best


def __getattr__(name: str) -> Any:
    """:class:`SkippedSlot`, still importable from here, is defined in
    :mod:`escalatie.skipped_slot`: a triage asks for the next meeting only, and does not define
    the class (issue 16)."""
    if name == "SkippedSlot":
        from escalatie.skipped_slot import SkippedSlot

        return SkippedSlot
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
