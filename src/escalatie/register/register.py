"""The register: an append-only event log per case, an identity table, an audit log.

Python API::

    from escalatie.register import Register
    with Register.open(path) as reg, reg.transaction():
        case_id = commands.submit(reg, case, at=moment, actor="a.jansen")

Events and audit entries are only ever inserted. Every failure of the file itself becomes a
one-line :class:`~escalatie.register.store.RegisterError`.
"""

from __future__ import annotations

import difflib
import hmac
import itertools
import json
import secrets
from collections.abc import Generator, Iterable, Iterator
from contextlib import closing, contextmanager, nullcontext
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

from attrs import frozen

import escalatie.register.chain as chain
import escalatie.register.rowseal as rowseal
from escalatie import collector
from escalatie.case import Identity
from escalatie.errors import EscalatieError
from escalatie.register.backend import SqliteStore, Store
from escalatie.register.events import Event, EventKind, from_row
from escalatie.register.events import rows as event_rows
from escalatie.register.identity import StoredIdentity
from escalatie.register.state import FOLDED_COLUMNS, CaseState, fold
from escalatie.register.store import RegisterError, connect, is_url

ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford's base 32: no I, L, O, U, so an id read aloud or typed is hard to get wrong."""


def new_case_id() -> str:
    """A random pseudonymous id such as ``ESC-7K3M-9Q2P`` (40 random bits; not a counter)."""
    chars = "".join(secrets.choice(ID_ALPHABET) for _ in range(8))
    return f"ESC-{chars[:4]}-{chars[4:]}"


BACKDATED = timedelta(hours=24)
"""An ``--at`` more than this before the moment it was recorded is flagged in the audit."""
AHEAD = timedelta(minutes=15)
"""An ``--at`` more than this after the moment it was recorded is flagged: nothing can have
happened in the future (the margin allows for a meeting's start typed a little early)."""


def timing_flag(at: datetime, recorded: datetime) -> str:
    """'' when ``at`` is near ``recorded``, else how far off it is (see :data:`BACKDATED`)."""
    if recorded - at > BACKDATED:
        return f"--at {_span(recorded - at)} before it was recorded"
    if at - recorded > AHEAD:
        return f"--at {_span(at - recorded)} after it was recorded"
    return ""


def _span(delta: timedelta) -> str:
    if delta >= timedelta(days=2):
        return f"{delta.days} days"
    hours = int(delta.total_seconds() // 3600)
    if hours >= 1:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{int(delta.total_seconds() // 60)} minutes"


@frozen
class AuditEntry:
    """Who did what with which case, when, and why.

    ``at`` is the moment the action is about (``--at``), ``recorded`` the machine's clock when
    it was written; ``actor`` is who declared they were working (``--actor``), ``os_user`` the
    operating-system account that ran the command ('' for entries from before version 4).
    """

    seq: int
    at: datetime
    recorded: datetime
    actor: str
    action: str
    case_id: str | None
    detail: str
    reason: str
    os_user: str = ""

    @property
    def flag(self) -> str:
        """How far ``at`` is from ``recorded`` when that is far (:func:`timing_flag`), else ''."""
        return timing_flag(self.at, self.recorded)


class Register:
    """An open register, a SQLite file or a PostgreSQL database (:class:`Store`). Use as a
    context manager; group each command in a transaction."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.path = store.where
        """The register as named in messages: its file, or its URL without a password."""
        self.db: Any = getattr(store, "db", None)
        """The store's own connection (``sqlite3`` or ``psycopg``), for store-specific tools."""
        self.warnings: list[str] = []
        """Things the caller should tell the user although the work was done."""
        self._key: bytes | None = None
        self._register_id: str | None = None
        self._tail: tuple[int, str] | None = None
        self._events_sealed = False
        self._advance: bool | None = None
        self.row_seals = rowseal.RowSeals(store, self._seal_holds)
        """The rows of ``records``, ``calendar_messages`` and ``zgw_remote``, as the sealed
        audit log accounts for them."""

    @classmethod
    def open(cls, path: Path | str, create: bool = True) -> Register:
        """Open the register at ``path`` (a file, or a ``postgresql://`` URL); ``create=False``
        refuses where no register exists yet."""
        if isinstance(path, str) and is_url(path):
            from escalatie.register.postgresql import connect_url

            return cls(connect_url(path, create))
        path = Path(path)
        return cls(SqliteStore(path, connect(path, create)))

    @property
    def kind(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.store.kind

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Register:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Register]:
        """One transaction: everything inside is committed together or not at all."""
        self._advance, self._tail = None, None
        try:
            with self.store.transaction():
                yield self
        except BaseException:
            self._events_sealed = False  # a marker written in it is rolled back too
            raise
        if self._advance and self._tail is not None:
            register_id = self.register_id()
            path = chain.head_path(register_id)
            head = chain.Head.make(self.chain_key(), register_id, *self._tail)
            try:
                chain.write_head(path, head)
            except (OSError, EscalatieError) as exc:
                why = exc.strerror if isinstance(exc, OSError) else str(exc)
                self.warnings.append(
                    f"{path}: the audit chain head could not be moved forward ({why}); "
                    "entries recorded meanwhile are not protected against deletion at the end"
                )

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        return self.store.query(sql, tuple(params))

    def server_moment(self) -> tuple[datetime, str] | None:
        """The database server's time and user for this transaction, which it records itself
        (PostgreSQL); None for a file, where the caller's clock and OS user are recorded."""
        return self.store.server_moment()

    # --- events ---------------------------------------------------------------------------

    def append(self, events: Iterable[Event]) -> int:
        """Append events (in the caller's transaction); the number written.

        Each event takes the next number of its case (``case_seq``, unique per case): the
        store asks the last number of every case in the batch before it writes the rows.
        """
        self.store.lock_writes()
        return self.store.append_events(event_rows(events))

    def append_one(self, event: Event) -> int:
        """Append one event (in the caller's transaction), next in its case; its number."""
        self.store.lock_writes()
        return self.store.append_event(event.row())

    def events(self, case_id: str | None = None) -> list[Event]:
        """Events in order, of one case or of all, with the moment each was recorded."""
        sql = "SELECT seq, case_id, kind, at, actor, payload, recorded FROM events"
        rows = (
            self._query(sql + " ORDER BY seq")
            if case_id is None
            else self._query(sql + " WHERE case_id = ? ORDER BY seq", (case_id,))
        )
        try:
            return [from_row(r) for r in rows]
        except (ValueError, KeyError, TypeError) as exc:
            raise EscalatieError(
                f"{self.path}: an event cannot be read ({exc}); the register is damaged"
            ) from None
        except RecursionError:
            raise EscalatieError(
                f"{self.path}: an event cannot be read (a payload nested too deeply); "
                "the register is damaged"
            ) from None

    def case_ids(self) -> list[str]:
        return [
            r[0]
            for r in self._query("SELECT case_id FROM events WHERE kind = 'submitted' ORDER BY seq")
        ]

    def exists(self, case_id: str) -> bool:
        return bool(self._query("SELECT 1 FROM events WHERE case_id = ? LIMIT 1", (case_id,)))

    def state(self, case_id: str) -> CaseState:
        """The state of one case, or a one-line error naming the unknown id."""
        sql = f"SELECT {FOLDED_COLUMNS} FROM events WHERE case_id = ? ORDER BY seq"
        states = self._fold([self._query(sql, (case_id,))])
        if case_id not in states:
            close = difflib.get_close_matches(case_id, self.case_ids(), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise EscalatieError(f"no case {case_id!r} in the register {self.path}{hint}")
        return states[case_id]

    def states(self) -> dict[str, CaseState]:
        """The state of every case, rebuilt from the whole log.

        The rows are folded as the store gives them, a few hundred at a time
        (:meth:`Store.batches`), not fetched all first: the log's rows (half of a rebuild's
        memory for 10k cases) are never held at once, only the states.
        """
        batches = self.store.batches(f"SELECT {FOLDED_COLUMNS} FROM events ORDER BY seq")
        with collector.paused():  # folding builds many objects that all stay alive
            return self._fold(batches)

    def _fold(self, batches: Iterable[list[tuple[Any, ...]]]) -> dict[str, CaseState]:
        """:func:`fold` of batches of rows, its failure one line. A generator of batches (the
        store's cursor) is closed here, while the database is open: left to the garbage
        collector after a failed replay, it printed "Exception ignored in: <generator ...>"
        and a traceback after the error line."""
        try:
            with closing(batches) if isinstance(batches, Generator) else nullcontext():
                return fold(itertools.chain.from_iterable(batches))
        except (KeyError, IndexError, ValueError, TypeError) as exc:
            raise EscalatieError(
                f"{self.path}: the event log cannot be replayed ({type(exc).__name__}: {exc}); "
                "the register is damaged"
            ) from None
        except RecursionError:  # a payload nested deeper than the parser goes (written outside)
            raise EscalatieError(
                f"{self.path}: the event log cannot be replayed (a payload nested too deeply); "
                "the register is damaged"
            ) from None

    # --- identities -----------------------------------------------------------------------

    def new_id(self) -> str:
        while True:
            case_id = new_case_id()
            if not self.exists(case_id):
                return case_id

    def store_identity(self, case_id: str, stored: StoredIdentity) -> str:
        """Store a case's identity; the digest of the row as stored, for the sealed audit entry
        that records the case (:func:`escalatie.register.chain.identity_reference`)."""
        from escalatie.documents import unstructure

        payload = {
            "reference": stored.reference,
            "identity": unstructure(stored.identity) if stored.identity is not None else None,
            # The digest's own key, readable only with the row (chain.identity_digest).
            chain.DIGEST_KEY: secrets.token_hex(16),
        }
        text = json.dumps(payload, ensure_ascii=False)
        self.store.lock_writes()
        self.store.execute(
            "INSERT INTO identities (case_id, payload) VALUES (?, ?)", (case_id, text)
        )
        return chain.identity_digest(case_id, text)

    @property
    def can_reveal(self) -> bool:
        """Whether this user may read the identity table (on PostgreSQL: the reveal role)."""
        return self.store.can_read("identities")

    def identity(self, case_id: str) -> StoredIdentity:
        """The direct identifiers of a case: for internal checks and an audited reveal only.

        On PostgreSQL only the reveal role may read them: anyone else gets a one-line error.
        """
        from escalatie.documents import structure

        if not self.can_reveal:
            from escalatie.register.roles import REVEAL_ROLE

            raise RegisterError(
                f"{self.path}: this database user may not read identities (the role "
                f"{REVEAL_ROLE} is needed)"
            )
        rows = self._query("SELECT payload FROM identities WHERE case_id = ?", (case_id,))
        sealed = self._sealed_identity(case_id)
        if sealed is not None and (
            not rows or chain.identity_digest(case_id, rows[0][0]) != sealed
        ):
            raise RegisterError(
                f"{self.path}: register is damaged: the identity of case {case_id} does not "
                "match its sealed digest (changed or deleted outside escalatie)"
            )
        if not rows:
            return StoredIdentity(None, "")
        data = json.loads(rows[0][0])
        identity = structure(data["identity"], Identity) if data["identity"] is not None else None
        return StoredIdentity(identity, data["reference"])

    def _sealed_identity(self, case_id: str) -> str | None:
        """The identity digest the sealed audit entry that recorded the case names; None for a
        case recorded before identities were sealed (or in this transaction, before its entry).

        Every ``submitted`` entry of the case must seal: one changed to drop its digest, or
        sealed with another key, is damage, not an older register.
        """
        key, register_id = self.chain_key(), self.register_id()
        columns = ", ".join(chain.SEALED_COLUMNS)
        digest: str | None = None
        for row in self._query(
            f"SELECT seq, {columns}, mac FROM audit WHERE case_id = ? AND action = ? ORDER BY seq",
            (case_id, EventKind.SUBMITTED.value),
        ):
            seq, fields, mac = row[0], row[1:-1], row[-1]
            before = self._query(
                "SELECT mac FROM audit WHERE seq < ? ORDER BY seq DESC LIMIT 1", (seq,)
            )
            previous = before[0][0] if before else ""
            if not hmac.compare_digest(chain.seal(key, register_id, seq, fields, previous), mac):
                self._which_key(key, register_id)  # another key: say that instead
                raise RegisterError(
                    f"{self.path}: register is damaged: audit entry {seq}, which recorded case "
                    f"{case_id}, does not match its seal (or it was sealed with another key); "
                    "its identity cannot be trusted"
                )
            digest = digest or chain.named_identity(str(fields[6]))
        return digest

    # --- audit ----------------------------------------------------------------------------

    def register_id(self) -> str:
        """The register's random id, sealed into every audit entry and naming its chain head."""
        if self._register_id is None:
            rows = self._query("SELECT register_id FROM audit_chain")
            if len(rows) != 1:
                raise EscalatieError(
                    f"{self.path}: the audit chain's register id is missing or doubled; "
                    "the register was changed outside escalatie"
                )
            self._register_id = str(rows[0][0])
        return self._register_id

    def chain_key(self) -> bytes:
        """The key that seals the audit log, read once (:func:`escalatie.register.chain.chain_key`)."""
        if self._key is None:
            self._key = chain.chain_key()
        return self._key

    def audit(
        self,
        *,
        actor: str,
        action: str,
        case_id: str | None,
        at: datetime,
        recorded: datetime,
        detail: str = "",
        reason: str = "",
        os_user: str = "",
    ) -> None:
        """Log one read, write, export, share or reveal (in the caller's transaction), sealed.

        The entry is numbered after the last one and sealed with the last one's seal. The chain
        head (outside the file) moves to it after the commit, but only if the entries since
        the head are intact: a deletion at the end stays visible to :meth:`verify`.
        """
        self.seal_events(actor, at, recorded, os_user)
        key, register_id = self.chain_key(), self.register_id()
        if self._tail is None or not self.store.in_transaction:  # read where the log ends
            self.store.lock_writes()
            last = self._query("SELECT seq, mac FROM audit ORDER BY seq DESC LIMIT 1")
            self._tail = (last[0][0], last[0][1]) if last else (0, "")
            head, unreadable = self._read_head(register_id)  # once per transaction
            adopt = False
            if last and self.shared:
                adopt = self._check_key(key, register_id)
            elif last:
                self._check_file_key(key, register_id, head)
            self._advance = self._head_holds(
                key, register_id, head, unreadable, empty=not last, adopt=adopt
            )
        seq, previous = self._tail[0] + 1, self._tail[1]
        fields = (
            at.isoformat(), recorded.isoformat(), actor, os_user, action, case_id, detail, reason
        )  # fmt: skip
        mac = chain.seal(key, register_id, seq, fields, previous)
        self.store.execute(
            f"INSERT INTO audit (seq, {', '.join(chain.SEALED_COLUMNS)}, mac) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (seq, *fields, mac),
        )
        self._tail = (seq, mac)

    def seal_events(self, actor: str, at: datetime, recorded: datetime, os_user: str) -> None:
        """Make sure the log has its markers, written before any sealed event or row: the
        ``events_sealed`` entry names how many events came before, from when each event's audit
        entry names it; the rows of the other tables are counted the same way
        (:mod:`escalatie.register.rowseal`), in that entry or, where it was written by an older
        version, in a ``rows_sealed`` entry of their own."""
        if self._events_sealed:
            return
        self._events_sealed = True
        self.store.lock_writes()  # the marker is written once, whoever writes first
        marked = self._query("SELECT 1 FROM audit WHERE action = ? LIMIT 1", (chain.EVENTS_SEALED,))
        if marked and self.row_seals.marker() is not None:
            return
        before, remote = self._rows_before()
        detail = rowseal.marker_text(before, len(remote))
        if not marked:
            ((count, last),) = self._query("SELECT count(*), coalesce(max(seq), 0) FROM events")
            detail = f"{chain.marker_detail(int(count), int(last))}; {detail}"
        for action, case_id, text in [
            (rowseal.ROWS_SEALED if marked else chain.EVENTS_SEALED, None, detail),
            *((rowseal.REMOTE, str(r[1]), rowseal.remote_reference(r, r[:4])) for r in remote),
        ]:
            self.audit(
                actor=actor,
                action=action,
                case_id=case_id,
                at=at,
                recorded=recorded,
                detail=text,
                os_user=os_user,
            )

    def _rows_before(self) -> tuple[dict[str, rowseal.Before], list[tuple[Any, ...]]]:
        """What the sealed tables hold before their marker: counted and digested, and the ZGW
        objects, which are sealed one by one."""
        before: dict[str, rowseal.Before] = {}
        for table in rowseal.TABLES:
            digest = rowseal.Digest()
            for row in self.store.rows(table.select()):
                digest.add(row)
            before[table.name] = digest.before()
        remote = self._query(
            f"SELECT {', '.join(rowseal.REMOTE_COLUMNS)} FROM zgw_remote "
            "ORDER BY api, case_id, kind, key"
        )
        return before, remote

    def _seal_holds(self, entry: rowseal.Entry, previous: str) -> None:
        """Refuse an entry whose seal (after ``previous``) does not hold; 'another key' where
        that is why (:class:`~escalatie.register.rowseal.RowSeals` checks the entries it
        relies on with this)."""
        key, register_id = self.chain_key(), self.register_id()
        if not hmac.compare_digest(
            chain.seal(key, register_id, entry.seq, entry.fields, previous), entry.mac
        ):
            self._which_key(key, register_id)  # another key: say that instead
            raise RegisterError(
                f"{self.path}: register is damaged: audit entry {entry.seq} ({entry.action}) "
                "does not match its seal (or it was sealed with another key); the rows it "
                "names cannot be trusted; run `escalatie audit --verify`"
            )

    @property
    def shared(self) -> bool:
        """Whether many machines write to this register (a PostgreSQL server), each keeping
        its own chain head, and the database refuses every role but the owner to delete."""
        return self.kind == "postgresql"

    def _check_key(self, key: bytes, register_id: str) -> bool:
        """Refuse to seal with a key the log was not sealed with; whether its last entry seals.

        On a shared server every writing machine holds a copy of the municipality's key. One
        with another key would seal entries nobody else can verify, breaking the chain for
        all; so before its first entry it checks the log's first and last entries. Neither
        sealing means another key (or an owner who changed both): the write is refused.
        """
        columns = ", ".join(chain.SEALED_COLUMNS)
        first = self._query(f"SELECT seq, {columns}, mac FROM audit ORDER BY seq LIMIT 1")
        ends = self._query(f"SELECT seq, {columns}, mac FROM audit ORDER BY seq DESC LIMIT 2")

        def seals(row: tuple[Any, ...], previous: str) -> bool:
            expected = chain.seal(key, register_id, row[0], row[1:-1], previous)
            return hmac.compare_digest(expected, row[-1])

        last_seals = seals(ends[0], ends[1][-1] if len(ends) > 1 else "")
        if not last_seals and not seals(first[0], ""):
            raise self._another_key(key)
        return last_seals

    def _read_head(self, register_id: str) -> tuple[chain.Head | None, EscalatieError | None]:
        """This machine's chain head of the register (None where there is none), or why it
        cannot be read. Read once at a transaction's first audit entry, for both the key check
        and whether the head may move (:meth:`audit`); :func:`chain.write_head` reads it again
        after the commit, to move it only forward past what another writer wrote meanwhile."""
        try:
            return chain.read_head(chain.head_path(register_id)), None
        except EscalatieError as exc:
            return None, exc

    def _check_file_key(self, key: bytes, register_id: str, head: chain.Head | None) -> None:
        """Refuse, before anything is written, to seal a file's log with another key than its
        own, as on a server (:meth:`_check_key`): entries sealed with another key would break
        the chain. The chain head (``head``, None where there is none or it cannot be read)
        names the key it was written with; without one (a register copied without it), the
        log's first or last entry must seal."""
        if head is None:
            self._check_key(key, register_id)
        elif head.key_id != chain.key_id(key):
            raise self._another_key(key)

    def _which_key(self, key: bytes, register_id: str) -> None:
        """Refuse with 'another key' where that is why a seal does not hold."""
        if self.shared:
            self._check_key(key, register_id)
        else:
            self._check_file_key(key, register_id, self._read_head(register_id)[0])

    def _another_key(self, key: bytes) -> RegisterError:
        return RegisterError(
            f"{self.path}: the audit log is sealed with another key than this machine's "
            f"(key id {chain.key_id(key)}); every machine that writes to a register needs the "
            "municipality's key (ESCALATIE_PSEUDONYM_KEY or the key file)"
        )

    def _head_holds(
        self,
        key: bytes,
        register_id: str,
        head: chain.Head | None,
        unreadable: EscalatieError | None,
        empty: bool,
        adopt: bool = False,
    ) -> bool:
        """Whether the log still reaches the head intact, so the head may move forward.

        A head that cannot be read (``unreadable``) does not stop the work: it stays as it is,
        the user is warned, and ``audit --verify`` reports it. Without a head, one is started
        on an empty log, and with ``adopt`` (a shared server whose last entry seals with this
        key: a machine's first write there) at the log's end: from then on this machine
        witnesses it.
        """
        if unreadable is not None:
            self.warnings.append(
                f"{unreadable}; it is left as it is and `audit --verify` reports it"
            )
            return False
        if head is None:
            return empty or adopt
        return chain.follows(key, register_id, chain.select_rows(self.store, head.seq), head)

    def audit_entries(self, case_id: str | None = None) -> list[AuditEntry]:
        sql = "SELECT seq, at, recorded, actor, action, case_id, detail, reason, os_user FROM audit"
        rows = (
            self._query(sql + " ORDER BY seq")
            if case_id is None
            else self._query(sql + " WHERE case_id = ? ORDER BY seq", (case_id,))
        )
        return [
            AuditEntry(
                r[0],
                datetime.fromisoformat(r[1]),
                datetime.fromisoformat(r[2]) if r[2] else datetime.fromisoformat(r[1]),
                r[3],
                r[4],
                r[5],
                r[6],
                r[7],
                r[8],
            )
            for r in rows
        ]

    # --- integrity ------------------------------------------------------------------------

    def verify(self) -> list[str]:
        """Problems found, the first bad audit entry first; empty when all is well.

        Every audit entry's seal and the chain head outside the register
        (:mod:`escalatie.register.chain`); every event named, unchanged, by the audit entry that
        wrote it; the store's own check (SQLite's integrity check) and the append-only guards,
        present and unchanged; events that are JSON and a log that replays.

        In a transaction on a server it holds writers back while it reads (the write lock):
        each statement there sees what was committed when it began, so an event and the audit
        entry naming it, committed between two reads, would look written outside escalatie.
        """
        self.store.lock_writes()
        problems = self._chain_problems()  # first: they name the first bad entry
        problems += self._event_problems()
        problems += self._identity_problems()
        problems += self.row_seals.problems()
        problems += self.store.structure_problems()
        for seq, payload in self._query("SELECT seq, payload FROM events ORDER BY seq"):
            try:
                json.loads(payload)
            except (ValueError, RecursionError):  # nested too deeply: not JSON we read either
                problems.append(f"event {seq}: payload is not JSON")
        if not problems:
            try:
                self.states()
            except EscalatieError as exc:
                problems.append(str(exc))
        return problems

    def case_problems(self, case_id: str) -> list[str]:
        """The events of one case that the sealed audit log does not account for.

        A quick check of one case, made before a consent decision: each event since the
        ``events_sealed`` marker must be named, unchanged, by an audit entry of the case whose
        seal holds, and each event so named must still be there. A consent slipped in with
        ``sqlite3``, or a withdrawal deleted, shows here. Writers are held back while it reads,
        as in :meth:`verify`.
        """
        self.store.lock_writes()
        marker = self._query(
            "SELECT seq, detail FROM audit WHERE action = ? ORDER BY seq LIMIT 1",
            (chain.EVENTS_SEALED,),
        )
        if not marker:
            return []
        counted = chain.read_marker(marker[0][1])
        if counted is None:
            return [
                f"audit entry {marker[0][0]}: an {chain.EVENTS_SEALED} entry that cannot be read"
            ]
        key, register_id = self.chain_key(), self.register_id()
        columns = ", ".join(chain.SEALED_COLUMNS)
        named: dict[int, tuple[object, ...]] = {}
        for row in self._query(
            f"SELECT seq, {columns}, mac FROM audit WHERE case_id = ? AND seq > ? ORDER BY seq",
            (case_id, marker[0][0]),
        ):
            seq, fields, mac = row[0], row[1:-1], row[-1]
            reference = chain.named_event(str(fields[6]))
            if reference is None:
                continue
            before = self._query(
                "SELECT mac FROM audit WHERE seq < ? ORDER BY seq DESC LIMIT 1", (seq,)
            )
            previous = before[0][0] if before else ""
            if hmac.compare_digest(chain.seal(key, register_id, seq, fields, previous), mac):
                named[reference[0]] = (fields[5], fields[4], fields[0], reference[1])
        problems = []
        for seq, kind, at, *rest in self._query(
            "SELECT seq, kind, at, actor, payload, recorded FROM events "
            "WHERE case_id = ? AND seq > ? ORDER BY seq",
            (case_id, counted[1]),
        ):
            expected = (case_id, kind, at, chain.event_digest([case_id, kind, at, *rest]))
            if named.pop(seq, None) != expected:
                problems.append(f"event {seq} ({kind}): not accounted for in the sealed audit log")
        problems += [f"event {seq}: missing (deleted)" for seq in sorted(named)]
        return problems

    def _identity_problems(self) -> list[str]:
        """Identities that differ from (or lack) the digest their case's sealed entry names."""
        return chain.check_identities(
            self._query(
                "SELECT case_id, detail FROM audit WHERE action = ? ORDER BY seq",
                (EventKind.SUBMITTED.value,),
            ),
            self._query("SELECT case_id, payload FROM identities ORDER BY case_id"),
        )

    def unsealed_identities(self) -> int:
        """How many cases were recorded before identities were sealed: their identity rows are
        not covered by the seal (``audit --verify`` says so)."""
        rows = self._query(
            "SELECT case_id, detail FROM audit WHERE action = ?", (EventKind.SUBMITTED.value,)
        )
        sealed = {c for c, d in rows if chain.named_identity(str(d)) is not None}
        return len({c for c, _ in rows} - sealed)

    def _event_problems(self) -> list[str]:
        from escalatie.register.events import EventKind

        return chain.check_events(
            self._query("SELECT seq, action, case_id, at, detail FROM audit ORDER BY seq"),
            self._query(
                "SELECT seq, case_id, kind, at, actor, payload, recorded FROM events ORDER BY seq"
            ),
            frozenset(k.value for k in EventKind),
        )

    def _chain_problems(self) -> list[str]:
        try:
            register_id = self.register_id()
        except EscalatieError as exc:
            return [str(exc)]
        path = chain.head_path(register_id)
        try:
            head = chain.read_head(path)
        except EscalatieError as exc:
            return [str(exc)]
        return chain.check(
            self.chain_key(), register_id, chain.select_rows(self.store), head, path, self.shared
        )
