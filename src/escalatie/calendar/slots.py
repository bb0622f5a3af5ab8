"""Which forum a calendar is for, and which real meeting a date-time names.

All slot arithmetic is :mod:`escalatie.schedule`'s; this module only selects and explains.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from attrs import frozen

from escalatie.clock import local, minute_or_finer
from escalatie.errors import EscalatieError
from escalatie.forum import Forum, MeetingSeries
from escalatie.model import EscalationModel
from escalatie.schedule import Slot, next_slot, skipped_slots, slots


def calendar_forum(model: EscalationModel, key: str | None = None) -> Forum:
    """The forum named ``key``, or the model's only forum with fixed meeting series."""
    fixed = [f for f in model.forums if f.cadence.fixed]
    if key is not None:
        try:
            forum = model.forum(key)
        except KeyError:
            known = ", ".join(f.key for f in model.forums) or "none"
            raise EscalatieError(
                f"--forum: model {model.name} has no forum {key!r}; forums: {known}"
            ) from None
        if not forum.cadence.fixed:
            raise EscalatieError(
                f"--forum: forum {key} of model {model.name} has no fixed meeting series "
                "(it meets on request), so it has no calendar"
            )
        return forum
    if len(fixed) == 1:
        return fixed[0]
    if not fixed:
        raise EscalatieError(
            f"model {model.name}: no forum with fixed meeting series, so there is no calendar"
        )
    raise EscalatieError(
        f"--forum: model {model.name} has several forums with a calendar; choose one of "
        + ", ".join(f.key for f in fixed)
    )


def series_of(forum: Forum, key: str) -> MeetingSeries:
    for series in forum.cadence.series:
        if series.key == key:
            return series
    raise KeyError(key)


def _show(slot: Slot) -> str:
    return f"{slot.start.strftime('%Y-%m-%dT%H:%M')} ({slot.series})"


def nearest_slots(forum: Forum, moment: datetime) -> list[Slot]:
    """The real slot just before ``moment`` and the one just after (fewer near the ends).

    Looks back over a window that doubles until it finds a meeting (at most about two years),
    and forward with :func:`~escalatie.schedule.next_slot`, so any rhythm is served.
    """
    before: list[Slot] = []
    span = timedelta(days=35)
    while not before and span <= timedelta(days=35 * 32):
        before = [s for s in slots(forum.cadence, moment - span, moment) if s.start < moment]
        span *= 2
    after = next_slot(forum.cadence, moment + timedelta(seconds=1))
    return before[-1:] + ([after] if after is not None else [])


def find_slot(forum: Forum, start: datetime, name: str = "--slot") -> Slot:
    """The real meeting of ``forum`` that starts at ``start``, or a one-line error.

    The error names the asked moment, why it is no meeting (a day off and its rule, or not a
    date-time of any series) and the nearest real meetings.
    """
    start = local(start)
    for slot in slots(forum.cadence, start, start + timedelta(minutes=1)):
        if slot.start == start:
            return slot
    asked = minute_or_finer(start)
    skipped = [
        s
        for s in skipped_slots(forum.cadence, start, start + timedelta(minutes=1))
        if s.start == start
    ]
    why = (
        f"the {skipped[0].series} meeting that day is skipped ({skipped[0].reason})"
        if skipped
        else "meetings start on a whole minute"
        if start.second or start.microsecond
        else "no meeting series starts then"
    )
    near = ", ".join(_show(s) for s in nearest_slots(forum, start)) or "none within reach"
    raise EscalatieError(
        f"{name} {asked}: not a meeting of {forum.key}: {why}; nearest meetings: {near}"
    )


@frozen
class Occurrence:
    """A real meeting and its place in the forum's history (for rotations among providers)."""

    slot: Slot
    series: MeetingSeries
    index: int
    """0-based number of this meeting among all dates of the forum's series since the earliest
    ``runs_from``, days off and ``excluded`` dates included, so a rotation does not shift when
    a meeting is skipped."""


def occurrence(forum: Forum, slot: Slot) -> Occurrence:
    """Locate ``slot`` in the forum's history of meeting dates."""
    series = series_of(forum, slot.series)
    first = min(s.runs_from for s in forum.cadence.series)
    day = local(slot.start).date()
    earlier = {d for s in forum.cadence.series for d in s.occurrences(first, day)}
    return Occurrence(slot, series, len(earlier))
