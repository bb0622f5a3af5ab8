"""The schedule of a forum as an iCalendar file to subscribe to (METHOD:PUBLISH).

One VEVENT per meeting series, with an RRULE bounded by the requested range, the days off as
EXDATEs in the same form as DTSTART (TZID, local time) and, per EXDATE, a COMMENT naming the
rule that took the meeting out.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from attrs import frozen

from escalatie.calendar.attendees import AddressBook
from escalatie.calendar.dutch import WEEKDAYS, cite, day_and_time, days
from escalatie.calendar.ics import calendar, series_uid, stamp, to_text
from escalatie.calendar.notice import notice_source
from escalatie.calendar.slots import calendar_forum
from escalatie.clock import AMSTERDAM, Clock
from escalatie.errors import EscalatieError
from escalatie.forum import Forum, MeetingSeries
from escalatie.model import EscalationModel
from escalatie.schedule import SkippedSlot, Slot, series_slots


@frozen
class SeriesEntry:
    """What one VEVENT of the schedule holds."""

    series: str
    uid: str
    first: datetime
    last: datetime
    meetings: int
    excluded: tuple[SkippedSlot, ...]
    """The EXDATEs: days off between the first and the last meeting."""


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
                    "first": e.first.isoformat(),
                    "last": e.last.isoformat(),
                    "meetings": e.meetings,
                    "exdates": [s.start.isoformat() for s in e.excluded],
                }
                for e in self.entries
            ],
            "skipped": [
                {"series": s.series, "start": s.start.isoformat(), "reason": s.reason}
                for s in self.skipped
            ],
        }


def description(model: EscalationModel, forum: Forum, series: MeetingSeries) -> str:
    """The Dutch DESCRIPTION of a series: when it meets, and the notice for cancelling."""
    cadence = forum.cadence
    lines = [
        f"{forum.name} ({model.municipality}): om de {series.every_weeks} weken op "
        f"{WEEKDAYS[series.weekday]} van {series.start.strftime('%H:%M')} tot "
        f"{series.end.strftime('%H:%M')} uur.",
        "Vervalt op feestdagen en sluitingsdagen; de reden staat bij elke uitgezonderde datum.",
    ]
    if cadence.other_moments_by_agreement:
        lines.append("Andere momenten zijn in overleg mogelijk.")
    if cadence.cancellation_notice_days:
        lines.append(
            f"Een vervallen bijeenkomst wordt uiterlijk {days(cadence.cancellation_notice_days)}"
            f" vooraf gemeld ({cite(notice_source(cadence))})."
        )
    support = forum.organiser
    contact = f" ({support.address})" if support.address else ""
    lines.append(f"Procesondersteuning: {support.title}, {support.organisation}{contact}.")
    return "\n".join(lines)


def skipped_comment(skip: SkippedSlot) -> str:
    return f"Vervalt {day_and_time(skip.start)}: {skip.reason}"


def series_event(
    model: EscalationModel,
    forum: Forum,
    series: MeetingSeries,
    real: list[Slot],
    excluded: list[SkippedSlot],
    dtstamp: datetime,
) -> Any:
    """One VEVENT for a series: DTSTART the first real meeting, UNTIL the last one."""
    from icalendar import Event, vCalAddress

    first, last = real[0], real[-1]
    event = Event()
    event.add("UID", series_uid(model.name, forum.key, series.key))
    event.add("DTSTAMP", dtstamp)
    event.add("SEQUENCE", 0)
    event.add("SUMMARY", forum.name)
    event.add("DESCRIPTION", description(model, forum, series))
    event.add("DTSTART", first.start)
    event.add("DTEND", first.end)
    rule: dict[str, Any] = {"FREQ": "WEEKLY"}
    if series.every_weeks > 1:
        # INTERVAL=1 is the default (RFC 5545 3.3.10); ical.js drops it when it reads the file,
        # so writing it makes parsers disagree on the rule text although not on the dates.
        rule["INTERVAL"] = series.every_weeks
    rule["BYDAY"] = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[series.weekday]
    # RFC 5545 3.3.10: with a TZID on DTSTART, UNTIL is in UTC.
    rule["UNTIL"] = last.start.astimezone(UTC)
    event.add("RRULE", rule)
    for skip in excluded:
        event.add("EXDATE", skip.start)
    for skip in excluded:
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
        real, off = series_slots(series, forum.cadence.holidays, since, until)
        skipped.extend(off)
        if not real:
            continue
        excluded = [s for s in off if real[0].start < s.start < real[-1].start]
        events.append(series_event(model, forum, series, real, excluded, dtstamp))
        entries.append(
            SeriesEntry(
                series.key,
                series_uid(model.name, forum.key, series.key),
                real[0].start,
                real[-1].start,
                len(real),
                tuple(excluded),
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
