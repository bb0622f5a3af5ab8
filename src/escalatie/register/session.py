"""A session: who works in the register, at which moment, in one transaction.

Every operation of :mod:`escalatie.register.commands` and every artifact of
:mod:`escalatie.register.views` takes a session, so each write, read, export and share is
audited with the actor, the moment and, where given, the reason (AVG accountability for
special-category data).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from attrs import define

import escalatie.register.chain as chain
from escalatie.clock import require_aware
from escalatie.errors import EscalatieError
from escalatie.privacy import case_patterns, scrub
from escalatie.register.events import Event, EventKind
from escalatie.register.register import Register
from escalatie.register.state import CaseState

ACTOR_ENV = "ESCALATIE_ACTOR"
_ACTOR = re.compile(r"^[^\x00-\x1f\x7f]{1,100}\Z")


def check_actor(actor: str) -> str:
    """An actor is a user name or staff id: 1 to 100 printable characters."""
    if not isinstance(actor, str) or not actor.strip() or not _ACTOR.match(actor):
        raise EscalatieError(
            "--actor: expected a user name or staff id of 1 to 100 printable characters"
        )
    return actor.strip()


def os_user() -> str:
    """The operating-system account running this process, for the audit (NEN 7513).

    On POSIX it is looked up from the process's user id, not from ``$USER``, which anyone can
    set; elsewhere it comes from :func:`getpass.getuser`.
    """
    if hasattr(os, "getuid"):
        uid = os.getuid()
        try:
            import pwd

            return pwd.getpwuid(uid).pw_name
        except (ImportError, KeyError):
            return f"uid {uid}"
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # pragma: no cover - no user name known at all
        return "unknown"


@define
class Session:
    """The register, the actor, the moment of the command and the wall-clock moment it ran.

    ``at`` is the moment the work is about (``--at``), ``recorded`` the machine's clock, taken
    at the edge; ``actor`` is who declared they work, ``os_user`` the account that runs it.
    """

    register: Register
    actor: str
    at: datetime
    recorded: datetime
    os_user: str = ""

    def __attrs_post_init__(self) -> None:
        self.actor = check_actor(self.actor)
        require_aware(self.at, "at")
        require_aware(self.recorded, "recorded")

    def state(self, case_id: str) -> CaseState:
        return self.register.state(case_id)

    def scrub(self, case_id: str, text: str) -> str:
        """Free text for the event log, without the case's direct identifiers.

        A user who may not read identities (on PostgreSQL, without the reveal role) writes only
        to the audit log, such as the reason for a read; that text is kept as typed.
        """
        if not text or not self.register.can_reveal:
            return text
        stored = self.register.identity(case_id)
        return scrub(text, case_patterns(stored.identity, stored.reference))

    def record(
        self,
        case_id: str,
        kind: EventKind,
        payload: Mapping[str, object],
        detail: str = "",
        *,
        identity: str = "",
    ) -> None:
        """Append one event and the audit entry that names it (number and digest), so the
        sealed audit log accounts for every event (:func:`escalatie.register.chain.check_events`).

        ``identity``: the digest of the case's identity row, named in the same entry so the
        seal covers the identity too (:meth:`~escalatie.register.register.Register.identity`)."""
        self.register.seal_events(self.actor, self.at, self.recorded, self.os_user)
        event = Event(case_id, kind, self.at, self.actor, dict(payload), recorded=self.recorded)
        seq = self.register.append_one(event)
        reference = chain.event_reference(seq, chain.event_digest(event.row()))
        if identity:
            reference = chain.identity_reference(reference, identity)
        self.log(kind.value, case_id, detail, reference=reference)

    def log(
        self,
        action: str,
        case_id: str | None,
        detail: str = "",
        reason: str = "",
        *,
        reference: str = "",
    ) -> None:
        """Write an audit entry; free text scrubbed of the case's identifiers, then prefixed
        with the ``reference`` of the event it wrote, if any."""
        if case_id is not None:
            reason, detail = self.scrub(case_id, reason), self.scrub(case_id, detail)
        if reference:
            detail = f"{reference}: {detail}" if detail else reference
        self.register.audit(
            actor=self.actor,
            action=action,
            case_id=case_id,
            at=self.at,
            recorded=self.recorded,
            detail=detail,
            reason=reason,
            os_user=self.os_user,
        )


def recorded_by(
    reg: Register, recorded: datetime | None = None, user: str | None = None
) -> tuple[datetime, str]:
    """When and by whom an entry is recorded: on a database server (PostgreSQL) its own time
    and database user, which it requires of every role but the owner; for a file ``recorded``
    (default: the machine's clock) and ``user`` (default: :func:`os_user`). Call it inside the
    transaction that writes."""
    server = reg.server_moment()
    if server is not None:
        return server
    if recorded is None:
        from escalatie.clock import system_clock

        recorded = system_clock()
    return recorded, os_user() if user is None else user


@contextmanager
def session(
    path: Path | str,
    actor: str,
    at: datetime,
    recorded: datetime,
    create: bool = True,
    user: str | None = None,
) -> Iterator[Session]:
    """Open the register, run one transaction, close: everything is committed or nothing.

    ``create=False`` (every command but submitting a case) refuses where no register exists.
    ``user`` is the operating-system account for the audit; None looks it up (:func:`os_user`).
    On a database server (PostgreSQL) the server's time and database user are recorded instead
    of ``recorded`` and ``user``: the server enforces them for every role but the owner.
    """
    check_actor(actor)
    with Register.open(path, create) as reg, reg.transaction():
        yield Session(reg, actor, at, *recorded_by(reg, recorded, user))
