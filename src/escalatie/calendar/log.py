"""The message log: the register's table of calendar messages sent (``calendar_messages``).

Read into a :class:`~escalatie.calendar.history.History` before a command plans its messages,
and written after they were delivered, in the same transaction: another ``invite`` of the same
meeting waits for it, so two processes never hand out the same SEQUENCE. Each recorded
message is also an entry in the register's audit log (who sent what, when). Cases are logged by
their keyed pseudonym (:func:`escalatie.privacy.pseudonym`), as the messages name them.

With each attendee the log keeps ``plans``: the cases whose question and plan it received (its
own copy carries only the cases it is invited for; seed 000, step 3; AVG art. 5(1)(c)). A
message logged before copies existed has no ``plans``: then every attendee of a REQUEST
received every case on its agenda, and it is read so.
"""

from __future__ import annotations

import json
from datetime import datetime

from escalatie.calendar.attendees import Attendee
from escalatie.calendar.history import History, Sent, instant
from escalatie.calendar.outbox import Outcome
from escalatie.errors import EscalatieError
from escalatie.privacy import pseudonym, pseudonym_shape
from escalatie.register.register import Register
from escalatie.register.rowseal import MESSAGES

_COLUMNS = ", ".join(MESSAGES.columns)


def read(register: Register, model: str) -> History:
    """Every logged message of ``model``, oldest first; refused (one line) when a logged
    message does not match the sealed audit entry that logged it: a REQUEST slipped in with
    ``sqlite3`` would otherwise choose whom the next cancel goes to."""
    register.row_seals.require_rows_sealed(MESSAGES.name)
    rows = register.store.query(
        f"SELECT {_COLUMNS} FROM calendar_messages WHERE model = ? ORDER BY seq", (model,)
    )
    try:
        return History(tuple(_sent(row) for row in rows))
    except (ValueError, KeyError, TypeError) as exc:
        raise EscalatieError(
            f"{register.path}: a calendar message cannot be read ({exc}); the register is damaged"
        ) from None


def _sent(row: tuple[object, ...]) -> Sent:
    model, forum, uid, rid, sequence, method, partial, attendees, cases, channel, at = row[:11]
    on_agenda = tuple(_pseudonymous(str(c)) for c in json.loads(str(cases)))
    # Logged before each attendee got its own copy: a REQUEST carried every case's plan.
    before_copies = on_agenda if str(method) == "REQUEST" else ()
    return Sent(
        str(model),
        str(forum),
        str(uid),
        datetime.fromisoformat(str(rid)),
        int(str(sequence)),
        str(method),
        tuple(
            Attendee(
                a["organisation"],
                a["address"],
                a["role"],
                False,
                plans=(
                    tuple(_pseudonymous(str(p)) for p in a["plans"])
                    if "plans" in a
                    else before_copies
                ),
            )
            for a in json.loads(str(attendees))
        ),
        on_agenda,
        datetime.fromisoformat(str(at)),
        str(channel),
        bool(partial),
    )


def _pseudonymous(case: str) -> str:
    """A logged case as the log keys it now: its keyed pseudonym. Messages logged before
    invitations named cases by pseudonym hold the case file's reference; read as its pseudonym,
    a re-invite or cancel of such a meeting still finds its cases."""
    return case if pseudonym_shape().fullmatch(case) else pseudonym(case)


def record(
    register: Register, sent: Sent, actor: str, recorded: datetime, os_user: str = ""
) -> None:
    """Log one delivered message and audit it (in the caller's transaction): the audit entry
    names the row with its digest (``message 7 #…``, :mod:`escalatie.register.rowseal`).
    ``recorded`` and ``os_user`` are the server's time and database user on PostgreSQL
    (:meth:`~escalatie.register.register.Register.server_moment`)."""
    attendees = [
        {
            "organisation": a.organisation,
            "address": a.address,
            "role": a.role,
            "plans": list(a.plans),
        }
        for a in sent.attendees
    ]
    rid = instant(sent.recurrence_id).isoformat()
    register.store.lock_writes()  # one SEQUENCE per message, whoever writes at once
    if register.store.query(
        "SELECT 1 FROM calendar_messages WHERE uid = ? AND recurrence_id = ? AND sequence "
        + ("> ?" if sent.resend else "= ?"),  # a re-send repeats its SEQUENCE; none may follow
        (sent.uid, rid, sent.sequence),
    ):
        raise EscalatieError(
            f"{register.path}: {'a SEQUENCE above ' if sent.resend else 'SEQUENCE '}"
            f"{sent.sequence} of {sent.uid} {rid} was already logged by another command; run "
            "this one again"
        )
    register.seal_events(actor, sent.at, recorded, os_user)  # the marker comes before the row
    if sent.resend:
        # The log holds one row per SEQUENCE (RFC 5546: the message, not each sending of it):
        # the re-send of the message logged last is kept in the audit log, naming it.
        register.audit(
            actor=actor,
            action="calendar_resend",
            case_id=None,
            at=sent.at,
            recorded=recorded,
            os_user=os_user,
            detail=(
                f"{sent.uid} RECURRENCE-ID {rid} {sent.method} SEQUENCE {sent.sequence} sent "
                f"again unchanged to {len(sent.attendees)} attendee(s) via {sent.channel}"
                f"{_plans_detail(sent)}"
            ),
        )
        return
    reference = register.row_seals.insert(
        MESSAGES,
        (
            sent.model,
            sent.forum,
            sent.uid,
            rid,
            sent.sequence,
            sent.method,
            int(sent.partial),
            json.dumps(attendees, ensure_ascii=False),
            json.dumps(list(sent.cases), ensure_ascii=False),
            sent.channel,
            sent.at.isoformat(),
            recorded.isoformat(),
            actor,
        ),
    )
    register.audit(
        actor=actor,
        action=f"calendar_{sent.method.lower()}",
        case_id=None,
        at=sent.at,
        recorded=recorded,
        os_user=os_user,
        detail=(
            f"{reference}: {sent.uid} RECURRENCE-ID {rid} SEQUENCE {sent.sequence} to "
            f"{len(sent.attendees)} attendee(s) via {sent.channel}{_plans_detail(sent)}"
        ),
    )


def _plans_detail(sent: Sent) -> str:
    """Per case on the agenda, how many attendees received its plan (pseudonyms only)."""
    if sent.method != "REQUEST" or not sent.cases:
        return ""
    counts = [f"{case} to {sum(case in a.plans for a in sent.attendees)}" for case in sent.cases]
    return "; plans: " + ", ".join(counts)


def record_delivered(
    register: Register,
    outcome: Outcome,
    channel: str,
    actor: str,
    recorded: datetime,
    os_user: str = "",
) -> int:
    """Log every message of ``outcome`` that reached someone, with whom it reached; the
    number logged."""
    for item in outcome.delivered:
        message = item.message
        if message.dtstamp is None:
            raise ValueError(f"message {message.uid}: no DTSTAMP")
        record(
            register,
            Sent(
                message.model,
                message.forum,
                message.uid,
                message.slot.start,
                message.sequence,
                message.method,
                item.reached,
                message.cases,
                message.dtstamp,
                channel,
                message.partial,
                message.resend,
            ),
            actor,
            recorded,
            os_user,
        )
    return len(outcome.delivered)
