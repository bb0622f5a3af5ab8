"""The schedule of a forum as an iCalendar file to subscribe to (METHOD:PUBLISH).

One VEVENT per meeting series: DTSTART its first real meeting in the requested range, the
model's own RRULE (RFC 5545) with UNTIL its last one, the days off and excluded dates as EXDATEs
in the same form as DTSTART (TZID, local time) with, per EXDATE, a COMMENT naming the rule that
took the meeting out, and the series' extra dates as RDATEs.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from attrs import frozen

from escalatie.calendar.attendees import AddressBook
from escalatie.calendar.ics import calendar, series_uid, stamp, to_text
from escalatie.calendar.notice import notice_source
from escalatie.calendar.slots import calendar_forum
from escalatie.clock import AMSTERDAM, Clock
from escalatie.dutch import (
    ASSUMED_RHYTHM,
    WEEKDAYS,
    day,
    day_and_time,
    days,
    listing,
    recurrence,
    source,
    time_range,
)
from escalatie.errors import EscalatieError
from escalatie.forum import Forum, HolidayPolicy, MeetingSeries
from escalatie.model import EscalationModel
from escalatie.schedule import Slot, series_slots
from escalatie.skipped_slot import SkippedSlot


@frozen
class SeriesEntry:
    """What one VEVENT of the schedule holds."""

    series: str
    uid: str
    first: datetime
    last: datetime
    meetings: int
    excluded: tuple[SkippedSlot, ...]
    """The EXDATEs: dates of the rule between the first and the last meeting that a day off or
    the series' ``excluded`` took out."""
    rrule: str | None = None
    """The RRULE as written (the model's rule with UNTIL at the last meeting), or None when
    only extra dates fall in the range."""
    added: tuple[Slot, ...] = ()
    """The RDATEs: the series' extra ``dates`` in the range."""


@frozen
class ScheduleFile:
    """A written schedule: its text, and what went into it (for a summary or ``--json``)."""

    model: str
    forum: str
    first_day: date
    last_day: date
    text: str
    entries: tuple[SeriesEntry, ...]
    skipped: tuple[SkippedSlot, ...]
    """Every meeting in the range that a day off took out, with its rule."""

    def summary(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "forum": self.forum,
            "from": self.first_day.isoformat(),
            "to": self.last_day.isoformat(),
            "series": [
                {
                    "series": e.series,
                    "uid": e.uid,
                    "rrule": e.rrule,
                    "first": e.first.isoformat(),
                    "last": e.last.isoformat(),
                    "meetings": e.meetings,
                    "exdates": [s.start.isoformat() for s in e.excluded],
                    "rdates": [s.start.isoformat() for s in e.added],
                }
                for e in self.entries
            ],
            "skipped": [
                {"series": s.series, "start": s.start.isoformat(), "reason": s.reason}
                for s in self.skipped
            ],
        }


_SKIPPED = (
    "De bijeenkomst vervalt op feestdagen en op sluitingsdagen (welke dagen dat zijn, "
    "bepaalt de gemeente)"
)
"""A sentence with a subject, and saying whose choice the days are."""


def description(
    model: EscalationModel, forum: Forum, series: MeetingSeries, any_excluded: bool = True
) -> str:
    """The Dutch DESCRIPTION of a series: when it meets, and the notice for cancelling. The
    municipality is named unless the forum's name holds it; the reason of an excluded date is
    promised only when ``any_excluded`` (the series has EXDATEs)."""
    cadence = forum.cadence
    when = recurrence(series.recurrence, series.runs_from)
    named = model.municipality.casefold() in forum.name.casefold()
    where = "" if named else f" ({model.municipality})"
    lines = [
        f"{forum.name}{where}: {when}, {time_range(series.start, series.end)}.",
    ]
    if series.dates:
        extra = listing([f"{WEEKDAYS[d.weekday()]} {day(d)}" for d in series.dates])
        lines.append(f"Daarnaast op {extra}.")
    lines.append(
        f"{_SKIPPED}; de reden staat bij elke uitgezonderde datum."
        if any_excluded
        else f"{_SKIPPED}."
    )
    if cadence.assumption:
        lines.append(ASSUMED_RHYTHM)
    if cadence.other_moments_by_agreement:
        lines.append("Andere momenten zijn in overleg mogelijk.")
    if cadence.cancellation_notice_days:
        lines.append(
            f"Een vervallen bijeenkomst wordt uiterlijk {days(cadence.cancellation_notice_days)}"
            f" vooraf gemeld (bron: {source(notice_source(cadence))})."
        )
    support = forum.organiser
    contact = f" ({support.address})" if support.address else ""
    lines.append(
        f"Organisatie van de bijeenkomsten: {support.title}, {support.organisation}{contact}."
    )
    return "\n".join(lines)


def skipped_comment(skip: SkippedSlot) -> str:
    return f"Vervalt {day_and_time(skip.start)}: {skip.reason}"


@lru_cache(maxsize=1)
def _written_rule_type() -> type[Any]:
    """icalendar's vRecur, but written in the order the model states the parts (icalendar
    would sort them), so the file carries the model's rule text followed by UNTIL."""
    from icalendar import vRecur

    class WrittenRule(vRecur):
        def __init__(self, text: str) -> None:
            super().__init__(vRecur.from_ical(text))
            self.text = text

        def to_ical(self) -> bytes:
            return self.text.encode()

    return WrittenRule


def written_rule(series: MeetingSeries, last: datetime) -> str:
    """The series' RRULE, less its own COUNT or UNTIL, with ``UNTIL`` the last meeting in the
    range (RFC 5545 3.3.10: with a TZID on DTSTART, UNTIL is in UTC)."""
    until = last.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{series.recurrence.without_end()};UNTIL={until}"


@frozen
class SeriesPlan:
    """One series in the range: its real meetings by origin, and what was taken out."""

    from_rule: tuple[Slot, ...]
    added: tuple[Slot, ...]
    excluded: tuple[SkippedSlot, ...]
    """Rule dates strictly between the first and the last real rule meeting that are off."""
    skipped: tuple[SkippedSlot, ...]
    """Every planned meeting in the range that is off (with its reason)."""


def plan_series(
    series: MeetingSeries, policy: HolidayPolicy, since: datetime, until: datetime
) -> SeriesPlan:
    """Split a series' meetings in ``[since, until)`` into RRULE, RDATE and EXDATE material.

    DTSTART is the first real meeting the rule yields in the range, so RFC 5545 (DTSTART is the
    first instance) and dateutil (the first date on or after ``runs_from``) agree.
    """
    real, off = series_slots(series, policy, since, until)
    extra = set(series.dates)
    from_rule = tuple(s for s in real if s.start.date() not in extra)
    added = tuple(s for s in real if s.start.date() in extra)
    excluded: tuple[SkippedSlot, ...] = ()
    if from_rule:
        first, last = from_rule[0].start, from_rule[-1].start
        excluded = tuple(s for s in off if first < s.start < last and s.start.date() not in extra)
    return SeriesPlan(from_rule, added, excluded, tuple(off))


def series_event(
    model: EscalationModel,
    forum: Forum,
    series: MeetingSeries,
    plan: SeriesPlan,
    dtstamp: datetime,
) -> Any:
    """One VEVENT for a series: DTSTART the first real meeting of the rule, the model's RRULE
    with UNTIL its last one, EXDATEs with a COMMENT each, RDATEs for the extra dates."""
    from icalendar import Event, vCalAddress

    first = plan.from_rule[0] if plan.from_rule else plan.added[0]
    event = Event()
    event.add("UID", series_uid(model.name, forum.key, series.key))
    event.add("DTSTAMP", dtstamp)
    event.add("SEQUENCE", 0)
    event.add("SUMMARY", forum.name)
    event.add("DESCRIPTION", description(model, forum, series, bool(plan.excluded)))
    event.add("DTSTART", first.start)
    event.add("DTEND", first.end)
    if forum.location:
        event.add("LOCATION", forum.location)
    if plan.from_rule:
        text = written_rule(series, plan.from_rule[-1].start)
        event.add("RRULE", _written_rule_type()(text), encode=False)
    for skip in plan.excluded:
        event.add("EXDATE", skip.start)
    for extra in plan.added:
        if extra is not first:
            event.add("RDATE", extra.start)
    for skip in plan.excluded:
        event.add("COMMENT", skipped_comment(skip))
    if forum.organiser.address:
        event.add(
            "ORGANIZER",
            vCalAddress.new(forum.organiser.address, cn=forum.organiser.organisation),
        )
    event.add("STATUS", "CONFIRMED")
    event.add("TRANSP", "OPAQUE")
    return event


MAX_YEARS = 10
"""The longest schedule written at once: a subscribed calendar is regenerated when settings
change, so a decade is plenty, and it keeps the file (and the time zone check) small."""


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return date(day.year + years, 3, 1)


def schedule_calendar(
    model: EscalationModel,
    first_day: date,
    last_day: date,
    clock: Clock,
    forum_key: str | None = None,
    addresses: AddressBook | None = None,
) -> ScheduleFile:
    """The meetings of a forum from ``first_day`` to ``last_day`` (both included) as iCalendar.

    Nothing in the file falls outside the range: each series starts at its first meeting on
    or after ``first_day`` and its RRULE ends (UNTIL) at its last meeting on or before
    ``last_day``. DTSTAMP is ``clock()``. The range spans at most :data:`MAX_YEARS` years.
    ``addresses`` may give the process support's address (``[calendar.organisers]``).
    """
    if last_day < first_day:
        raise EscalatieError(
            f"--to: expected a date on or after --from {first_day.isoformat()}, "
            f"got {last_day.isoformat()}"
        )
    if last_day >= _years_later(first_day, MAX_YEARS):
        raise EscalatieError(
            f"--to: expected a date less than {MAX_YEARS} years after --from "
            f"{first_day.isoformat()}, got {last_day.isoformat()}; write longer periods as "
            "several files"
        )
    forum = (addresses or AddressBook()).organiser(model, calendar_forum(model, forum_key))
    since = datetime.combine(first_day, time(0, 0), AMSTERDAM)
    until = datetime.combine(last_day + timedelta(days=1), time(0, 0), AMSTERDAM)
    dtstamp = stamp(clock)
    events: list[Any] = []
    entries: list[SeriesEntry] = []
    skipped: list[SkippedSlot] = []
    for series in forum.cadence.series:
        plan = plan_series(series, forum.cadence.holidays, since, until)
        skipped.extend(plan.skipped)
        real = sorted(plan.from_rule + plan.added, key=lambda s: s.start)
        if not real:
            continue
        events.append(series_event(model, forum, series, plan, dtstamp))
        entries.append(
            SeriesEntry(
                series.key,
                series_uid(model.name, forum.key, series.key),
                real[0].start,
                real[-1].start,
                len(real),
                plan.excluded,
                written_rule(series, plan.from_rule[-1].start) if plan.from_rule else None,
                plan.added,
            )
        )
    if not events:
        raise EscalatieError(
            f"--from/--to: forum {forum.key} has no meeting from {first_day.isoformat()} "
            f"to {last_day.isoformat()}"
        )
    years = range(first_day.year, last_day.year + 1)
    cal = calendar("PUBLISH", events, years, name=f"{forum.name} ({model.municipality})")
    return ScheduleFile(
        model.name,
        forum.key,
        first_day,
        last_day,
        to_text(cal),
        tuple(entries),
        tuple(sorted(skipped, key=lambda s: s.start)),
    )
