"""What was sent for each meeting, and what the next message must therefore be (iTIP state).

A calendar client keeps the highest SEQUENCE it has seen of a meeting (UID + RECURRENCE-ID)
and ignores any message with a lower or equal one (RFC 5546 2.1.4): every message of a
meeting, CANCEL included, needs a higher SEQUENCE than the one before it. A CANCEL goes to
exactly the attendees who were invited (RFC 5546 3.2.5), not to whoever a fresh computation
from today's case files and settings would name. Both follow from the message log
(:mod:`escalatie.calendar.log`, a table of the register); this module is the pure part: it
folds the log into the state of each meeting and plans the messages of ``invite`` and
``cancel``.

The state of a meeting: a REQUEST adds its recipients to the invited; a CANCEL removes its
recipients (all of them for a cancelled meeting, some for an uninvitation). Only what was
actually delivered is logged, so after a partial send the recipients that were refused are
not counted as invited (and a retry reaches them with a higher SEQUENCE).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import UTC, datetime

import attrs
from attrs import field, frozen

from escalatie.calendar.agenda import AgendaFunction
from escalatie.calendar.attendees import AddressBook, Attendee, ParticipantsFunction
from escalatie.calendar.ics import series_uid
from escalatie.calendar.itip import (
    REQUEST_SEQUENCE,
    Message,
    cancellation,
    invitation,
    meeting_of,
    uninvitation,
)
from escalatie.case import Case
from escalatie.clock import Clock, local
from escalatie.dutch import day_and_time
from escalatie.errors import EscalatieError
from escalatie.model import EscalationModel


def instant(moment: datetime) -> datetime:
    """A RECURRENCE-ID as the log compares it: the same instant, in UTC."""
    return moment.astimezone(UTC)


@frozen
class Sent:
    """One logged message: what went out, to whom, when, and through which channel."""

    model: str
    forum: str
    uid: str
    recurrence_id: datetime
    sequence: int
    method: str
    attendees: tuple[Attendee, ...]
    """The attendees the message reached (for a partial send, only the accepted ones)."""
    cases: tuple[str, ...]
    at: datetime
    channel: str
    partial: bool = False
    resend: bool = False
    """The same message as the one logged with this SEQUENCE, sent again: kept in the audit
    log (``calendar_resend``), as the message log holds one row per SEQUENCE."""


def _key(attendee: Attendee) -> str:
    return attendee.address.strip().casefold()


@frozen
class MeetingLog:
    """The messages of one meeting (UID + RECURRENCE-ID), oldest first."""

    uid: str
    recurrence_id: datetime
    messages: tuple[Sent, ...] = ()

    @property
    def last_sequence(self) -> int | None:
        return max((m.sequence for m in self.messages), default=None)

    def next_sequence(self, method: str) -> int:
        """Higher than every logged message; a first REQUEST is 0, a first CANCEL 1 (higher
        than the subscribed schedule's and an unlogged invitation's 0)."""
        last = self.last_sequence
        if last is None:
            return REQUEST_SEQUENCE if method == "REQUEST" else REQUEST_SEQUENCE + 1
        return last + 1

    def repeated(self, request: Message) -> int | None:
        """The SEQUENCE of the invitation ``request`` repeats unchanged, or None: the last
        message of the meeting is a REQUEST with the same cases on the agenda, to the same
        attendees (address and role), so each gets the same cases' plans. What a case says is
        not logged, so a case's text changed without a change of cases or parties is not seen
        here; DTSTAMP, newer on the re-send, still makes a calendar take it (RFC 5546 2.1.5)."""
        if not self.messages:
            return None
        last = max(self.messages, key=lambda m: m.sequence)
        if last.method != "REQUEST" or last.partial or set(last.cases) != set(request.cases):
            return None

        def seen(attendees: tuple[Attendee, ...]) -> set[tuple[str, str]]:
            return {(_key(a), a.role) for a in attendees}

        return last.sequence if seen(last.attendees) == seen(request.attendees) else None

    @property
    def invited(self) -> tuple[Attendee, ...]:
        """Who holds the meeting as invited now: REQUEST recipients less CANCEL recipients."""
        held: dict[str, Attendee] = {}
        for message in self.messages:
            for attendee in message.attendees:
                if message.method == "REQUEST":
                    held[_key(attendee)] = attendee
                else:
                    held.pop(_key(attendee), None)
        return tuple(held.values())

    @property
    def cases(self) -> tuple[str, ...]:
        """The cases on the agenda of the last REQUEST, while anyone is still invited."""
        if not self.invited:
            return ()
        requests = [m for m in self.messages if m.method == "REQUEST"]
        return requests[-1].cases if requests else ()


@frozen
class History:
    """The logged messages of a model (``tracked=False``: there is no register to read)."""

    sent: tuple[Sent, ...] = ()
    tracked: bool = True

    @classmethod
    def untracked(cls) -> History:
        return cls((), False)

    def meeting(self, uid: str, recurrence_id: datetime) -> MeetingLog:
        moment = instant(recurrence_id)
        return MeetingLog(
            uid,
            moment,
            tuple(s for s in self.sent if s.uid == uid and instant(s.recurrence_id) == moment),
        )

    def meetings(self, model: str, forum: str) -> list[MeetingLog]:
        """Every logged meeting of the forum, in the order they were first written to."""
        seen: dict[tuple[str, datetime], None] = {}
        for s in self.sent:
            if s.model == model and s.forum == forum:
                seen.setdefault((s.uid, instant(s.recurrence_id)), None)
        return [self.meeting(uid, rid) for uid, rid in seen]


@frozen
class Plan:
    """The messages one command sends: ``main`` (the one asked for) and what it entails."""

    main: Message
    others: tuple[Message, ...] = field(default=())
    notes: tuple[str, ...] = field(default=())

    @property
    def messages(self) -> tuple[Message, ...]:
        return (self.main, *self.others)


def plan_invitation(
    model: EscalationModel,
    start: datetime,
    cases: Sequence[Case],
    clock: Clock,
    history: History,
    *,
    forum_key: str | None = None,
    participants: ParticipantsFunction | None = None,
    block: AgendaFunction | None = None,
    addresses: AddressBook | None = None,
    force: bool = False,
) -> Plan:
    """The REQUEST for ``start``, and with a tracked history also what it entails:

    - its SEQUENCE is higher than every logged message of the meeting (a re-invite after a
      CANCEL included), RFC 5546 2.1.4;
    - attendees invited before but no longer needed get a CANCEL naming only them (RFC 5546
      3.2.5, uninviting);
    - a case that is on the agenda of another, later meeting of the forum moves: that meeting
      is cancelled for its invited attendees (with the forum's notice, seed 000 step 4, unless
      ``force``). If that meeting has other cases too, the move is refused: invite that meeting
      again with only its remaining cases first.
    """
    forum, slot = meeting_of(model, start, forum_key, addresses)
    uid = series_uid(model.name, forum.key, slot.series)
    log = history.meeting(uid, slot.start)
    compose = functools.partial(
        invitation,
        model,
        start,
        cases,
        clock,
        forum_key=forum_key,
        participants=participants,
        block=block,
        addresses=addresses,
    )
    request = compose(sequence=log.next_sequence("REQUEST"))
    if not history.tracked:
        return Plan(request)
    again = log.repeated(request)
    if again is not None:
        # Nothing changed since the invitation logged last: the same message goes again, with
        # its SEQUENCE and its wording (RFC 5546 2.1.4 allows a re-send with the same SEQUENCE;
        # an identical re-send does not read "Gewijzigde uitnodiging").
        request = attrs.evolve(compose(sequence=again), resend=True)
        return Plan(
            request,
            (),
            (f"note: nothing changed; the invitation (SEQUENCE {again}) goes again as it was",),
        )
    others: list[Message] = []
    notes: list[str] = []
    moving = set(request.cases)
    now = local(clock())
    for old in history.meetings(model.name, forum.key):
        if old.recurrence_id == instant(slot.start) or old.recurrence_id <= now:
            continue
        on_it = set(old.cases)
        if not on_it & moving:
            continue
        was = local(old.recurrence_id).strftime("%Y-%m-%dT%H:%M")
        rest = sorted(on_it - moving)
        if rest:
            raise EscalatieError(
                f"--slot: case(s) {', '.join(sorted(on_it & moving))} are on the invitation for "
                f"{was} together with {', '.join(rest)}; first invite {was} again with only "
                "the CASE.json files of those that stay, then invite the moved case(s) here "
                "(cases are named by pseudonym, as `escalatie triage CASE.json` shows them)"
            )
        others.append(
            cancellation(
                model,
                old.recurrence_id,
                clock,
                cases=cases,
                reason=moved(len(on_it), slot.start),
                force=force,
                sequence=old.next_sequence("CANCEL"),
                forum_key=forum.key,
                addresses=addresses,
                attendees=old.invited,
            )
        )
        notes.append(f"moved: the meeting of {was} is cancelled, its cases are invited here")
    kept = {_key(a) for a in request.attendees}
    removed = tuple(a for a in log.invited if _key(a) not in kept)
    if removed:
        others.append(
            uninvitation(
                model,
                start,
                clock,
                removed,
                request.sequence + 1,
                cases=cases,
                forum_key=forum.key,
                addresses=addresses,
            )
        )
        notes.append(
            "no longer needed, sent a CANCEL: " + ", ".join(a.organisation for a in removed)
        )
    return Plan(request, tuple(others), tuple(notes))


def moved(count: int, start: datetime) -> str:
    """The reason a meeting whose cases moved to a meeting of the same forum at ``start`` is
    cancelled: singular or plural, and naming the meeting without an article before the
    forum's name ("de City Deal overleg" is wrong: het overleg)."""
    what = "De casus op de agenda is" if count == 1 else "De casussen op de agenda zijn"
    return f"{what} verplaatst naar de bijeenkomst van {day_and_time(start)}."


def plan_cancellation(
    model: EscalationModel,
    start: datetime,
    clock: Clock,
    history: History,
    *,
    cases: Sequence[Case] = (),
    reason: str = "",
    force: bool = False,
    forum_key: str | None = None,
    participants: ParticipantsFunction | None = None,
    addresses: AddressBook | None = None,
) -> Plan:
    """The CANCEL of the meeting at ``start``: with a logged invitation, to exactly its
    invited attendees with a SEQUENCE above every logged message (RFC 5546 3.2.5); once
    cancelled, again as it was (its SEQUENCE) to the attendees of the last cancellation; else (no register, or never
    invited through it) to the attendees derived from ``cases``."""
    forum, slot = meeting_of(model, start, forum_key, addresses)
    log = history.meeting(series_uid(model.name, forum.key, slot.series), slot.start)
    invited = log.invited
    notes: tuple[str, ...] = ()
    resend: int | None = None
    if history.tracked and log.messages and not invited:
        # Cancelled already: send the cancellation again (a lost file, a mailbox that was
        # full) to whom the last one went, with its SEQUENCE, as an unchanged invitation goes
        # again with its own (RFC 5546 2.1.4): a repeated cancel keeps SEQUENCE, as a repeated
        # invite does. The audit log keeps the re-send.
        last = [m for m in log.messages if m.method == "CANCEL" and not m.partial]
        if not last:
            raise EscalatieError(
                f"--slot {slot.start.strftime('%Y-%m-%dT%H:%M')}: nobody is invited to this "
                "meeting any more (every attendee was sent a CANCEL); nothing to send"
            )
        invited = last[-1].attendees
        notes = (
            f"note: this meeting was already cancelled (SEQUENCE {last[-1].sequence}); the "
            "cancellation goes again as it was, to the same attendees",
        )
        resend = last[-1].sequence
    if history.tracked and not log.messages:
        notes = (
            "note: the register has no invitation of this meeting; the CANCEL goes to the "
            "attendees derived from the CASE.json files",
        )
    message = cancellation(
        model,
        start,
        clock,
        cases=cases,
        reason=reason,
        force=force,
        sequence=log.next_sequence("CANCEL") if resend is None else resend,
        forum_key=forum_key,
        participants=participants,
        addresses=addresses,
        attendees=invited or None,
    )
    if resend is not None:
        message = attrs.evolve(message, resend=True)
    return Plan(message, (), notes)
