"""iTIP messages for one meeting: the invitation (REQUEST) and its cancellation (CANCEL).

Both carry the series' UID and the meeting's RECURRENCE-ID, so a client that received the
REQUEST (or subscribed to the schedule) matches the CANCEL to the same occurrence; the CANCEL
has a higher SEQUENCE, STATUS:CANCELLED and the same ORGANIZER and ATTENDEEs (RFC 5546 3.2.2,
3.2.5). The ORGANIZER is the forum's process support (procesondersteuner) at its functional
address; each participating organisation is one ATTENDEE.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from attrs import frozen

from escalatie.calendar.agenda import AgendaFunction, agenda, case_block
from escalatie.calendar.attendees import (
    AddressBook,
    Attendee,
    MeetingContext,
    ParticipantsFunction,
    default_participants,
    merge,
)
from escalatie.calendar.dutch import day_and_time
from escalatie.calendar.guard import ensure_no_identity
from escalatie.calendar.ics import calendar, series_uid, stamp, to_text
from escalatie.calendar.notice import Notice, require_notice
from escalatie.calendar.slots import calendar_forum, find_slot, occurrence
from escalatie.case import Case
from escalatie.clock import Clock, local
from escalatie.errors import EscalatieError
from escalatie.forum import Forum
from escalatie.model import EscalationModel
from escalatie.privacy import pseudonymise
from escalatie.schedule import Slot

REQUEST_SEQUENCE = 0


@frozen
class Message:
    """A written iTIP message and what went into it (for a summary or ``--json``)."""

    method: str
    model: str
    forum: str
    uid: str
    slot: Slot
    sequence: int
    organizer: str
    attendees: tuple[Attendee, ...]
    text: str
    notice: Notice | None = None
    not_needed: tuple[str, ...] = ()
    """Organisations whose turn it was but that are not needed: to be told, not invited."""

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "method": self.method,
            "model": self.model,
            "forum": self.forum,
            "uid": self.uid,
            "recurrence_id": self.slot.start.isoformat(),
            "series": self.slot.series,
            "sequence": self.sequence,
            "organizer": self.organizer,
            "attendees": [
                {
                    "organisation": a.organisation,
                    "address": a.address,
                    "role": a.role,
                    "derived_address": a.derived,
                    "why": a.why,
                }
                for a in self.attendees
            ],
            "not_needed": list(self.not_needed),
        }
        if self.notice is not None:
            out["notice"] = {
                "required_days": self.notice.required_days,
                "deadline": self.notice.deadline.isoformat(),
                "sent": self.notice.sent.isoformat(),
                "late": self.notice.late,
                "source": self.notice.source.cite(),
            }
        return out


@frozen
class Meeting:
    """The resolved meeting of a message: forum, slot, participants."""

    forum: Forum
    slot: Slot
    attendees: tuple[Attendee, ...]
    not_needed: tuple[str, ...] = ()


def _organizer(forum: Forum) -> str:
    if not forum.organiser.address:
        raise EscalatieError(
            f"forum {forum.key}: its process support ({forum.organiser.title}) has no "
            "functional address, and an invitation needs an ORGANIZER; set one in the "
            f'settings: [calendar.organisers] "{forum.key}" = "team@gemeente.example"'
        )
    return forum.organiser.address


def resolve(
    model: EscalationModel,
    start: datetime,
    cases: Sequence[Case],
    forum_key: str | None,
    participants: ParticipantsFunction | None,
    addresses: AddressBook | None,
) -> Meeting:
    """Find the meeting at ``start`` and its attendees (from pseudonymised cases)."""
    book = addresses or AddressBook()
    forum = book.organiser(model, calendar_forum(model, forum_key))
    slot = find_slot(forum, start)
    _organizer(forum)
    context = MeetingContext(
        model, forum, occurrence(forum, slot), tuple(pseudonymise(c) for c in cases)
    )
    chosen = merge((participants or default_participants)(context))
    attendees = []
    for invitee in (i for i in chosen if i.attend):
        address, derived = book.lookup(invitee.organisation)
        attendees.append(
            Attendee(invitee.organisation, address, invitee.role, derived, invitee.why)
        )
    if not attendees:
        raise EscalatieError(
            f"--slot {slot.start.strftime('%Y-%m-%dT%H:%M')}: no participating organisation "
            f"for forum {forum.key}; give the CASE.json files of the cases on the agenda"
        )
    not_needed = tuple(i.organisation for i in chosen if not i.attend)
    return Meeting(forum, slot, tuple(attendees), not_needed)


def _event(
    model: EscalationModel,
    meeting: Meeting,
    sequence: int,
    clock: Clock,
    summary: str,
    status: str,
    description: str,
    comments: Sequence[str] = (),
) -> Any:
    from icalendar import Event, vCalAddress

    forum, slot = meeting.forum, meeting.slot
    event = Event()
    event.add("UID", series_uid(model.name, forum.key, slot.series))
    event.add("DTSTAMP", stamp(clock))
    event.add("RECURRENCE-ID", slot.start)
    event.add("SEQUENCE", sequence)
    event.add("DTSTART", slot.start)
    event.add("DTEND", slot.end)
    event.add("SUMMARY", summary)
    event.add("DESCRIPTION", description)
    for comment in comments:
        event.add("COMMENT", comment)
    event.add("ORGANIZER", vCalAddress.new(_organizer(forum), cn=forum.organiser.organisation))
    for attendee in meeting.attendees:
        event.add(
            "ATTENDEE",
            vCalAddress.new(
                attendee.address,
                cn=attendee.organisation,
                role=attendee.role,
                partstat="NEEDS-ACTION",
                rsvp=True,
            ),
        )
    event.add("STATUS", status)
    event.add("TRANSP", "OPAQUE")
    return event


def _message(
    method: str,
    model: EscalationModel,
    meeting: Meeting,
    sequence: int,
    event: Any,
    cases: Sequence[Case],
    notice: Notice | None = None,
) -> Message:
    cal = calendar(method, [event], [meeting.slot.start.year])
    text = to_text(cal)
    ensure_no_identity(text, cases, "invitation" if method == "REQUEST" else "cancellation")
    return Message(
        method,
        model.name,
        meeting.forum.key,
        series_uid(model.name, meeting.forum.key, meeting.slot.series),
        meeting.slot,
        sequence,
        _organizer(meeting.forum),
        meeting.attendees,
        text,
        notice,
        meeting.not_needed,
    )


def invitation(
    model: EscalationModel,
    start: datetime,
    cases: Sequence[Case],
    clock: Clock,
    *,
    forum_key: str | None = None,
    participants: ParticipantsFunction | None = None,
    block: AgendaFunction | None = None,
    addresses: AddressBook | None = None,
) -> Message:
    """A METHOD:REQUEST for the meeting starting at ``start`` with ``cases`` on the agenda.

    ``start`` must be a real meeting of the forum (else a one-line error naming the nearest
    meetings) that has not begun at ``clock()``. The DESCRIPTION holds only the question and the
    plan of each pseudonymised case (seed 000, step 3).
    """
    meeting = resolve(model, start, cases, forum_key, participants, addresses)
    now = local(clock())
    if now >= meeting.slot.start:
        raise EscalatieError(
            f"--slot {meeting.slot.start.strftime('%Y-%m-%dT%H:%M')}: the meeting has already "
            f"begun at --at {now.strftime('%Y-%m-%dT%H:%M')}; invite to a later meeting"
        )
    anonymous = [pseudonymise(c) for c in cases]
    text = agenda(meeting.forum, meeting.slot, anonymous, block or case_block)
    event = _event(model, meeting, REQUEST_SEQUENCE, clock, meeting.forum.name, "CONFIRMED", text)
    return _message("REQUEST", model, meeting, REQUEST_SEQUENCE, event, cases)


def cancellation(
    model: EscalationModel,
    start: datetime,
    clock: Clock,
    *,
    cases: Sequence[Case] = (),
    reason: str = "",
    force: bool = False,
    sequence: int = REQUEST_SEQUENCE + 1,
    forum_key: str | None = None,
    participants: ParticipantsFunction | None = None,
    addresses: AddressBook | None = None,
) -> Message:
    """A METHOD:CANCEL of the meeting starting at ``start``, sent at ``clock()``.

    Refused (:class:`~escalatie.calendar.notice.LateCancellation`) with less than the forum's
    cancellation notice left (seed 000, step 4), unless ``force``; a forced late cancellation
    states the late notice in its DESCRIPTION and a COMMENT. Give the same ``cases`` (and
    settings) as for the invitation so the ATTENDEEs are the same.
    """
    if sequence <= REQUEST_SEQUENCE:
        raise EscalatieError(
            f"sequence: expected more than the invitation's {REQUEST_SEQUENCE}, got {sequence}"
        )
    meeting = resolve(model, start, cases, forum_key, participants, addresses)
    sent = local(clock())
    if sent >= meeting.slot.start:
        raise EscalatieError(
            f"--slot {meeting.slot.start.strftime('%Y-%m-%dT%H:%M')}: the meeting has already "
            f"begun at --at {sent.strftime('%Y-%m-%dT%H:%M')}; it can no longer be cancelled"
        )
    notice = require_notice(meeting.forum, meeting.slot, sent, force)
    lines = [f"De {meeting.forum.name} van {day_and_time(meeting.slot.start)} gaat niet door."]
    if reason.strip():
        lines.append(f"Reden: {reason.strip()}")
    comments = []
    if notice.late:
        lines.append(notice.dutch())
        comments.append(notice.dutch())
    event = _event(
        model,
        meeting,
        sequence,
        clock,
        f"Geannuleerd: {meeting.forum.name}",
        "CANCELLED",
        "\n\n".join(lines),
        comments,
    )
    return _message("CANCEL", model, meeting, sequence, event, cases, notice)
