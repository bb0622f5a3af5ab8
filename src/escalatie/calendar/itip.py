"""iTIP messages for one meeting: the invitation (REQUEST) and its cancellation (CANCEL).

Both carry the series' UID and the meeting's RECURRENCE-ID, so a client that received the
REQUEST (or subscribed to the schedule) matches the CANCEL to the same occurrence; the CANCEL
has a higher SEQUENCE, STATUS:CANCELLED and the same ORGANIZER and ATTENDEEs (RFC 5546 3.2.2,
3.2.5). The ORGANIZER is the forum's process support (procesondersteuner) at its functional
address; each participating organisation is one ATTENDEE.

Which SEQUENCE a message has and whom a CANCEL goes to is known only from what was sent
before: :mod:`escalatie.calendar.history` works that out from the register's message log and
passes ``sequence`` and ``attendees`` in here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from attrs import frozen

from escalatie.calendar.agenda import AgendaFunction, agenda
from escalatie.calendar.attendees import (
    AddressBook,
    Attendee,
    MeetingContext,
    ParticipantsFunction,
    default_participants,
    merge,
)
from escalatie.calendar.guard import ensure_no_identity
from escalatie.calendar.ics import calendar, series_uid, stamp, to_text
from escalatie.calendar.notice import Notice, require_notice
from escalatie.calendar.slots import calendar_forum, find_slot, occurrence
from escalatie.case import Case
from escalatie.clock import Clock, local
from escalatie.dutch import day_and_time
from escalatie.errors import EscalatieError
from escalatie.forum import Forum
from escalatie.model import EscalationModel
from escalatie.privacy import outbound, pseudonym
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
    title: str = ""
    """SUMMARY, for an e-mail's subject."""
    description: str = ""
    """DESCRIPTION (Dutch), for an e-mail's text."""
    location: str = ""
    cases: tuple[str, ...] = ()
    """The keyed pseudonyms of the cases on the agenda (:func:`escalatie.privacy.outbound`):
    what the artifact names and what the message log keys on, never a case file's reference."""
    partial: bool = False
    """A CANCEL to some attendees only (they are no longer needed; RFC 5546 3.2.5)."""
    signature: str = ""
    """Who sends it, in words: the process support's title and organisation."""
    dtstamp: datetime | None = None
    organizer_name: str = ""
    """The ORGANIZER's CN: the process support's organisation."""

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
            "location": self.location,
            "cases": list(self.cases),
            "uninvite": self.partial,
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
            f'settings: [calendar.organisers] "{forum.key}" = "team@gemeente.example" (the '
            "settings file is $ESCALATIE_CONFIG or escalatie.toml in your configuration folder), "
            'or in the model file: organiser = {title = "...", address = "team@gemeente.example"}'
        )
    return forum.organiser.address


def meeting_of(
    model: EscalationModel,
    start: datetime,
    forum_key: str | None,
    addresses: AddressBook | None,
) -> tuple[Forum, Slot]:
    """The forum (with its settings applied) and the real meeting at ``start``."""
    forum = (addresses or AddressBook()).organiser(model, calendar_forum(model, forum_key))
    return forum, find_slot(forum, start)


def resolve(
    model: EscalationModel,
    start: datetime,
    cases: Sequence[Case],
    forum_key: str | None,
    participants: ParticipantsFunction | None,
    addresses: AddressBook | None,
    attendees: Sequence[Attendee] | None = None,
) -> Meeting:
    """Find the meeting at ``start`` and its attendees: ``attendees`` when given (those the
    message log says were invited), else derived from the pseudonymised cases."""
    book = addresses or AddressBook()
    forum, slot = meeting_of(model, start, forum_key, book)
    _organizer(forum)
    if attendees is not None:
        if not attendees:
            raise EscalatieError(
                f"--slot {slot.start.strftime('%Y-%m-%dT%H:%M')}: no attendee to send to"
            )
        return Meeting(forum, slot, tuple(attendees))
    context = MeetingContext(
        model, forum, occurrence(forum, slot), tuple(outbound(c) for c in cases)
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
            f"for forum {forum.key}; give the CASE.json files of the cases on the agenda, whose "
            "submitter names an organisation or whose parties the forum's participant policy "
            "invites (currently involved, or in one of its invited roles)"
        )
    not_needed = tuple(i.organisation for i in chosen if not i.attend)
    return Meeting(forum, slot, tuple(attendees), not_needed)


def _event(
    model: EscalationModel,
    meeting: Meeting,
    sequence: int,
    clock: Clock,
    summary: str,
    status: str | None,
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
    if forum.location:
        event.add("LOCATION", forum.location)
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
    if status is not None:
        # RFC 5546 3.2.5: a CANCEL that only uninvites some attendees MUST NOT carry STATUS.
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
    partial: bool = False,
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
        str(event["SUMMARY"]),
        str(event["DESCRIPTION"]),
        meeting.forum.location,
        tuple(pseudonym(c.reference) for c in cases),
        partial,
        f"{meeting.forum.organiser.title}, {meeting.forum.organiser.organisation}",
        event["DTSTAMP"].dt,
        meeting.forum.organiser.organisation,
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
    sequence: int = REQUEST_SEQUENCE,
) -> Message:
    """A METHOD:REQUEST for the meeting starting at ``start`` with ``cases`` on the agenda.

    ``start`` must be a real meeting of the forum (else a one-line error naming the nearest
    meetings) that has not begun at ``clock()``. The DESCRIPTION holds only the question and the
    plan of each pseudonymised case (seed 000, step 3). ``sequence`` is 0 for a first
    invitation and higher than every earlier message of the meeting for a later one (RFC 5546
    2.1.4): :func:`escalatie.calendar.history.plan_invitation` gives it from the message log.
    """
    if sequence < 0:
        raise EscalatieError(f"sequence: expected 0 or more, got {sequence}")
    meeting = resolve(model, start, cases, forum_key, participants, addresses)
    now = local(clock())
    if now >= meeting.slot.start:
        raise EscalatieError(
            f"--slot {meeting.slot.start.strftime('%Y-%m-%dT%H:%M')}: the meeting has already "
            f"begun at --at {now.strftime('%Y-%m-%dT%H:%M')}; invite to a later meeting"
        )
    anonymous = [outbound(c) for c in cases]
    text = agenda(meeting.forum, meeting.slot, anonymous, block)
    event = _event(model, meeting, sequence, clock, meeting.forum.name, "CONFIRMED", text)
    return _message("REQUEST", model, meeting, sequence, event, cases)


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
    attendees: Sequence[Attendee] | None = None,
) -> Message:
    """A METHOD:CANCEL of the meeting starting at ``start``, sent at ``clock()``.

    Refused (:class:`~escalatie.calendar.notice.LateCancellation`) with less than the forum's
    cancellation notice left (seed 000, step 4), unless ``force``; a forced late cancellation
    states the late notice in its DESCRIPTION and a COMMENT. ``attendees``: exactly those the
    invitation went to (RFC 5546 3.2.5), as the message log recorded them; without them they
    are derived from ``cases`` and the settings as for the invitation, so give the same ones.
    """
    if sequence <= REQUEST_SEQUENCE:
        raise EscalatieError(
            f"sequence: expected more than the invitation's {REQUEST_SEQUENCE}, got {sequence}"
        )
    meeting = resolve(model, start, cases, forum_key, participants, addresses, attendees)
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


def uninvitation(
    model: EscalationModel,
    start: datetime,
    clock: Clock,
    attendees: Sequence[Attendee],
    sequence: int,
    *,
    cases: Sequence[Case] = (),
    forum_key: str | None = None,
    addresses: AddressBook | None = None,
) -> Message:
    """A METHOD:CANCEL to ``attendees`` only: the meeting goes on, but they are no longer
    invited (the cases they came for are no longer on its agenda).

    RFC 5546 3.2.5: the organizer sends a CANCEL to each attendee it removes; such a CANCEL
    lists only them and carries no STATUS (STATUS:CANCELLED would cancel the whole meeting).
    """
    meeting = resolve(model, start, cases, forum_key, None, addresses, attendees)
    sent = local(clock())
    if sent >= meeting.slot.start:
        raise EscalatieError(
            f"--slot {meeting.slot.start.strftime('%Y-%m-%dT%H:%M')}: the meeting has already "
            f"begun at --at {sent.strftime('%Y-%m-%dT%H:%M')}"
        )
    text = (
        f"Uw aanwezigheid bij de {meeting.forum.name} van {day_and_time(meeting.slot.start)} "
        "is niet meer nodig: de casus waarvoor u was uitgenodigd, staat niet meer op de agenda. "
        "De bijeenkomst gaat voor de andere deelnemers door."
    )
    event = _event(
        model, meeting, sequence, clock, f"Niet meer nodig: {meeting.forum.name}", None, text
    )
    return _message("CANCEL", model, meeting, sequence, event, cases, partial=True)
