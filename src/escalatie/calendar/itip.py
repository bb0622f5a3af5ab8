"""iTIP messages for one meeting: the invitation (REQUEST) and its cancellation (CANCEL).

Both carry the series' UID and the meeting's RECURRENCE-ID, so a client that received the
REQUEST (or subscribed to the schedule) matches the CANCEL to the same occurrence; the CANCEL
has a higher SEQUENCE, STATUS:CANCELLED and the same ORGANIZER and ATTENDEEs (RFC 5546 3.2.2,
3.2.5). The ORGANIZER is the forum's process support (procesondersteuner) at its functional
address, sending on the submitter's behalf (the library's choice; seed 000 step 3 has the
submitter send: see :func:`sign_off`); each participating organisation is one ATTENDEE.

Which SEQUENCE a message has and whom a CANCEL goes to is known only from what was sent
before: :mod:`escalatie.calendar.history` works that out from the register's message log and
passes ``sequence`` and ``attendees`` in here.

Each party receives only its own cases' plans. Seed 000, step 3 has the submitter send the
invitations for their case with its anonymised plan, and data minimisation (AVG art. 5(1)(c))
asks the same: a party invited for case A has no need of case B's plan. One REQUEST carries
one DESCRIPTION, so a REQUEST has a shared copy (``Message.text``: the organiser's, the one
published by CalDAV and written by ``-o``) that names each case by its keyed pseudonym only,
and per group of attendees invited for the same cases its own copy (``Message.copies``): the
same UID, RECURRENCE-ID, SEQUENCE and ATTENDEE list (RFC 5546 allows the organizer to send
different copies to different attendees), with the question and plan of those cases only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import attrs
from attrs import frozen

from escalatie.calendar.agenda import AgendaFunction, agenda
from escalatie.calendar.attendees import (
    AddressBook,
    Attendee,
    Invitee,
    MeetingContext,
    ParticipantsFunction,
    default_participants,
    merge,
    organisation_key,
)
from escalatie.calendar.guard import ensure_no_identity
from escalatie.calendar.ics import calendar, series_uid, stamp, to_text
from escalatie.calendar.notice import Notice, require_notice
from escalatie.calendar.slots import calendar_forum, find_slot, occurrence
from escalatie.case import Case
from escalatie.clock import Clock, local
from escalatie.dutch import day_and_time, sentence
from escalatie.errors import EscalatieError, shown
from escalatie.forum import Forum
from escalatie.model import EscalationModel
from escalatie.privacy import outbound, pseudonym
from escalatie.schedule import Slot

REQUEST_SEQUENCE = 0


def attendee_key(organisation: str) -> str:
    """An attendee as copies name it: its organisation, as :func:`merge` keeps one per name
    (:func:`~escalatie.calendar.attendees.organisation_key`; two organisations may share a
    configured mailbox, yet each receives only its own cases' plans)."""
    return organisation_key(organisation)


@frozen
class Copy:
    """The copy of a REQUEST that some attendees receive: the question and plan of only the
    cases they are invited for (seed 000, step 3; AVG art. 5(1)(c))."""

    cases: tuple[str, ...]
    """The keyed pseudonyms of the cases whose question and plan it carries."""
    organisations: tuple[str, ...]
    """The attendees (by :func:`attendee_key`) who receive this copy."""
    text: str
    description: str


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
    """Who signs its e-mail, in words (:func:`sign_off`): the process support's title, the
    forum and the organisation."""
    dtstamp: datetime | None = None
    organizer_name: str = ""
    """The ORGANIZER's CN: the process support's organisation."""
    copies: tuple[Copy, ...] = ()
    """Per group of attendees invited for the same cases, their own copy of a REQUEST; an
    attendee in none of them (a CANCEL, an agenda without cases) receives ``text``."""
    resend: bool = False
    """The REQUEST logged last, sent again unchanged with its SEQUENCE (RFC 5546 2.1.4):
    the audit log keeps the re-send (:func:`escalatie.calendar.history.plan_invitation`)."""

    def copy_for(self, attendee: Attendee) -> Copy | None:
        """The attendee's own copy, or None when it receives the shared ``text``."""
        key = attendee_key(attendee.organisation)
        return next((c for c in self.copies if key in c.organisations), None)

    def text_for(self, attendee: Attendee) -> str:
        """The iCalendar text the attendee receives (its own copy, else the shared one)."""
        own = self.copy_for(attendee)
        return self.text if own is None else own.text

    def description_for(self, attendee: Attendee) -> str:
        """The DESCRIPTION (Dutch) of the copy the attendee receives, for its e-mail's text."""
        own = self.copy_for(attendee)
        return self.description if own is None else own.description

    def plans_for(self, attendee: Attendee) -> tuple[str, ...]:
        """The pseudonyms of the cases whose plan the attendee's copy carries."""
        own = self.copy_for(attendee)
        return () if own is None else own.cases

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
                    "cases": list(self.plans_for(a)),
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
            # "organiser", the model file's key: not every forum has a procesondersteuner
            # (seed 001 names none for the City Deal overleg).
            f"forum {forum.key}: its organiser ({forum.organiser.title}) has no "
            "functional address, and an invitation needs an ORGANIZER; set one in the "
            f'settings: [calendar.organisers] "{forum.key}" = "team@gemeente.example" (the '
            "settings file is $ESCALATIE_CONFIG or escalatie.toml in your configuration folder), "
            'or in the model file: organiser = {title = "...", address = "team@gemeente.example"}'
        )
    return forum.organiser.address


def sign_off(forum: Forum) -> str:
    """Who signs a message's e-mail: the forum's process support as the model states it, a
    function and never a person (the seeds' contact tables name real people).

    For the maatwerktafel that is the municipality's procesondersteuner, who agrees the date
    and the participants and provides the process support (seed 000, stap 3 and 4: "De
    procesbegeleiding zal in eerste instantie door de gemeente worden verzorgd").

    Seed 000 stap 3 has the submitter ("je") send the invitations. A meeting holds several
    submitters' cases and an iTIP event has one ORGANIZER, who alone may change or cancel it
    (RFC 5546 2.1.5), so every message comes from one functional address (docs/calendar.md);
    that is the library's choice, and the signature says whose invitation it is: a third line
    ``namens`` the organiser's ``on_behalf_of``, a role and never a name
    ("namens de indiener van elke casus op de agenda"). The title starts with a
    capital, as a signature line does; the second line names the forum (unless the title
    already does) and the organisation: ``Procesondersteuner`` / ``Maatwerktafel, Gemeente
    Utrecht`` / ``namens de indiener van elke casus op de agenda`` (a bare
    "procesondersteuner, Gemeente Utrecht" does not say for which meeting).
    """
    title = forum.organiser.title.strip()
    first = title[:1].upper() + title[1:]
    organisation = forum.organiser.organisation.strip()
    behalf = forum.organiser.on_behalf_of.strip()
    tail = f"\nnamens {behalf}" if behalf else ""
    if forum.name.casefold() in title.casefold():
        return f"{first}\n{organisation}{tail}"
    return f"{first}\n{forum.name}, {organisation}{tail}"


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
    chosen, invited_for = _invitees(participants or default_participants, context)
    attendees = []
    made_up: dict[str, str] = {}
    for invitee in (i for i in chosen if i.attend):
        address, derived = book.lookup(invitee.organisation)
        if derived:  # two organisations' copies must not go to one made-up address
            other = made_up.setdefault(address.casefold(), invitee.organisation)
            if other != invitee.organisation:
                raise EscalatieError(
                    f"organisations {shown(other)} and {shown(invitee.organisation)} would both "
                    f"be invited at the made-up address {address}; configure an address for "
                    "each in settings [calendar.addresses]"
                )
        plans = invited_for.get(attendee_key(invitee.organisation), ())
        attendees.append(
            Attendee(invitee.organisation, address, invitee.role, derived, invitee.why, plans)
        )
    if not attendees:
        raise EscalatieError(
            f"--slot {slot.start.strftime('%Y-%m-%dT%H:%M')}: no participating organisation "
            f"for forum {forum.key}; give the CASE.json files of the cases on the agenda (cases "
            "planned in the register are not read from it), whose submitter names an "
            "organisation or whose parties the forum's participant policy invites (currently "
            "involved, or in one of its invited roles)"
        )
    not_needed = tuple(i.organisation for i in chosen if not i.attend)
    return Meeting(forum, slot, tuple(attendees), not_needed)


def _invitees(
    function: ParticipantsFunction, context: MeetingContext
) -> tuple[list[Invitee], dict[str, tuple[str, ...]]]:
    """Who is invited, and per organisation the (pseudonymised) cases it is invited for.

    The participants function is asked about each case on its own (``context.cases`` holds
    that one case), as seed 000 step 3 decides who is invited per case; an agenda without cases
    asks it once, with none. An organisation invited for no case (whose rotation turn it is at
    a meeting without cases) receives only the shared copy, which carries no plan.
    """
    if not context.cases:
        return merge(function(context)), {}
    every: list[Invitee] = []
    out: dict[str, list[str]] = {}
    for case in context.cases:
        answer = list(function(attrs.evolve(context, cases=(case,))))
        every += answer
        for invitee in merge(answer):
            if invitee.attend:
                out.setdefault(attendee_key(invitee.organisation), []).append(case.reference)
    return merge(every), {name: tuple(dict.fromkeys(refs)) for name, refs in out.items()}


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
    copies: tuple[Copy, ...] = (),
) -> Message:
    text = _checked_text(method, meeting, event, cases)
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
        sign_off(meeting.forum),
        event["DTSTAMP"].dt,
        meeting.forum.organiser.organisation,
        copies,
    )


def _checked_text(method: str, meeting: Meeting, event: Any, cases: Sequence[Case]) -> str:
    """The iCalendar text of ``event``, refused if a case identifier is in it."""
    text = to_text(calendar(method, [event], [meeting.slot.start.year]))
    ensure_no_identity(text, cases, "invitation" if method == "REQUEST" else "cancellation")
    return text


def _copies(
    model: EscalationModel,
    meeting: Meeting,
    sequence: int,
    clock: Clock,
    anonymous: Sequence[Case],
    block: AgendaFunction | None,
    cases: Sequence[Case],
) -> tuple[Copy, ...]:
    """One copy per group of attendees invited for the same cases, carrying the question and
    plan of those cases only; attendees invited for no case get the shared copy."""
    groups: dict[tuple[str, ...], list[str]] = {}  # cases: the attendees invited for them
    for attendee in meeting.attendees:
        if attendee.plans:
            groups.setdefault(attendee.plans, []).append(attendee_key(attendee.organisation))
    out = []
    for plans, names in groups.items():
        description = agenda(meeting.forum, meeting.slot, anonymous, block, shown=plans)
        event = _event(
            model, meeting, sequence, clock, meeting.forum.name, "CONFIRMED", description
        )
        text = _checked_text("REQUEST", meeting, event, cases)
        out.append(Copy(plans, tuple(dict.fromkeys(names)), text, description))
    return tuple(out)


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
    meetings) that has not begun at ``clock()``. The shared copy (``text``) names each case
    by its keyed pseudonym only; each attendee's own copy (``copies``, :meth:`Message.text_for`)
    holds the question and the anonymised plan of only the cases it is invited for (seed 000,
    step 3; AVG art. 5(1)(c)), per the participants function asked about each case on its own.
    ``sequence`` is 0 for a first invitation and higher than every earlier message of the
    meeting for a later one (RFC 5546 2.1.4):
    :func:`escalatie.calendar.history.plan_invitation` gives it from the message log.
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
    if block is not None:  # each case's block worded once, for the shared copy and every other
        worded = {c.reference: block(c) for c in anonymous}
        block = lambda case: worded[case.reference]  # noqa: E731
    text = agenda(meeting.forum, meeting.slot, anonymous, block, shown=())
    event = _event(model, meeting, sequence, clock, meeting.forum.name, "CONFIRMED", text)
    copies = _copies(model, meeting, sequence, clock, anonymous, block, cases)
    return _message("REQUEST", model, meeting, sequence, event, cases, copies=copies)


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
    # The forum's name as a label, not after an article: "de City Deal overleg" was wrong
    # (het overleg), and a model file may name its forum anything.
    lines = [
        f"{meeting.forum.name}: de bijeenkomst van {day_and_time(meeting.slot.start)} gaat "
        "niet door."
    ]
    if reason.strip():
        lines.append(sentence(f"Reden: {reason.strip()}"))
    following = next_meeting(meeting.forum, meeting.slot)
    if following:
        lines.append(following)
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


def next_meeting(forum: Forum, slot: Slot) -> str:
    """The Dutch sentence naming the forum's next meeting after a cancelled ``slot``, so the
    organisations know when the table meets again; empty for a
    forum without fixed meetings. Where the rhythm is the library's assumption the sentence
    says so, as every calendar text of such a forum does."""
    from datetime import timedelta

    from escalatie.dutch import ASSUMED_RHYTHM
    from escalatie.schedule import next_slot

    following = next_slot(forum.cadence, slot.start + timedelta(minutes=1))
    if following is None:
        return ""
    text = f"De volgende bijeenkomst is op {day_and_time(following.start)}."
    return f"{text} {ASSUMED_RHYTHM}" if forum.cadence.assumption else text


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
        f"{meeting.forum.name}: uw aanwezigheid bij de bijeenkomst van "
        f"{day_and_time(meeting.slot.start)} is niet meer nodig, omdat er geen casus meer op "
        "de agenda staat waarvoor u bent uitgenodigd. De bijeenkomst gaat voor de andere "
        "deelnemers door."
    )
    event = _event(
        model, meeting, sequence, clock, f"Niet meer nodig: {meeting.forum.name}", None, text
    )
    return _message("CANCEL", model, meeting, sequence, event, cases, partial=True)
