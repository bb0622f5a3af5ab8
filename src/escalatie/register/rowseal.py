"""The register's other tables, accounted for in the sealed audit log like events.

Signals, leeronderzoeken and consultations (``records``), the calendar messages sent
(``calendar_messages``) and what a ZGW push created remotely (``zgw_remote``) decide what a
later command does: which signal is overdue, whom the next ``invite`` or ``cancel`` writes to,
what a push updates. A row slipped into them with ``sqlite3`` must not steer those commands,
so every row escalatie writes is named by the audit entry written in the same transaction,
with a digest of the row as stored:

* ``record 12 #0123456789abcdef: signal 3 to …`` (``records``);
* ``message 7 #0123456789abcdef: UID …`` (``calendar_messages``);
* ``zgw_remote #<object> #<row>: rol`` (``zgw_remote``, whose rows are replaced and removed as
  the remote objects change: ``#<object>`` is a digest of the row's key, API, case, kind and
  key; ``forgotten`` instead of the row's digest when the object was deleted remotely).

Since the entry is sealed (:mod:`escalatie.register.chain`), a row inserted, changed or deleted
behind escalatie's back no longer matches the log: ``audit --verify`` names it by table and
number (never its content), and the command that would use it refuses with one line
(:meth:`RowSeals.require_rows_sealed`).

Registers written before this version hold rows no entry names. The first command under it
writes a marker (:data:`ROWS_SEALED`, or a suffix of the ``events_sealed`` marker when that is
written in the same command) that counts the rows from before and carries a digest of them, so
a row added later, or an older row changed later, is caught; the ZGW objects found are sealed
one by one, each by an entry of its own. What the rows were before the marker is not known.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from attrs import frozen

from escalatie.errors import RegisterError
from escalatie.register.backend import stored
from escalatie.register.chain import EVENTS_SEALED, SEALED_COLUMNS
from escalatie.register.wording import (
    ROWS_MARKER,
    ROWS_MARKER_START,
    ROWS_MARKER_TABLE,
    pattern,
)

if TYPE_CHECKING:
    from escalatie.register.backend import Store

ROWS_SEALED = "rows_sealed"
"""The audit action that marks where rows of these tables start to be sealed, in a register
whose ``events_sealed`` marker was written before (a newer one carries the counts itself)."""

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


@frozen
class Table:
    """A table whose rows are sealed one by one: each has a ``seq`` and is only inserted."""

    name: str
    noun: str
    """How an audit entry names a row: ``record 12 #…``."""
    columns: tuple[str, ...]
    """The stored columns the digest covers, besides ``seq``."""
    shown: str
    """The column named beside a row's number in a problem (never personal data)."""
    actions: tuple[str, ...]
    """The audit actions that write a row of this table."""
    plural: str

    def digest(self, seq: int, row: Sequence[object]) -> str:
        """A digest of the row as stored (its number and :attr:`columns`)."""
        return _digest([self.name, seq, *row])

    def reference(self, seq: int, row: Sequence[object]) -> str:
        return f"{self.noun} {seq} #{self.digest(seq, row)}"

    def named(self, detail: str) -> tuple[int, str] | None:
        """``(row number, digest)`` an audit entry's detail names, if any."""
        found = re.match(rf"{self.noun} (\d+) #([0-9a-f]{{16}})(?:: |$)", detail)
        return (int(found[1]), found[2]) if found else None

    def select(self) -> str:
        return f"SELECT seq, {', '.join(self.columns)} FROM {self.name} ORDER BY seq"

    def insert(self) -> str:
        marks = ", ".join("?" for _ in self.columns)
        return f"INSERT INTO {self.name} ({', '.join(self.columns)}) VALUES ({marks}) RETURNING seq"


_RECORD_ACTIONS = (
    "signal_add", "signal_respond", "signal_done", "leeronderzoek_start",
    "leeronderzoek_question", "leeronderzoek_finding", "leeronderzoek_concluded",
    "leeronderzoek_recommended", "leeronderzoek_followed_up", "consultation_request",
    "consultation_advised", "consultation_followed_up",
)  # fmt: skip
_MESSAGE_COLUMNS = (
    "model", "forum", "uid", "recurrence_id", "sequence", "method", "partial", "attendees",
    "cases", "channel", "at", "recorded", "actor",
)  # fmt: skip

RECORDS = Table(
    name="records",
    noun="record",
    columns=("subject", "number", "kind", "at", "actor", "payload"),
    shown="subject",
    actions=_RECORD_ACTIONS,
    plural="records",
)
MESSAGES = Table(
    name="calendar_messages",
    noun="message",
    columns=_MESSAGE_COLUMNS,
    shown="method",
    actions=("calendar_request", "calendar_cancel"),
    plural="calendar messages",
)
TABLES = (RECORDS, MESSAGES)

REMOTE = "zgw_remote"
"""The audit action (and reference word) of a row written to or removed from ``zgw_remote``."""
REMOTE_COLUMNS = ("api", "case_id", "kind", "key", "url", "digest", "at")
FORGOTTEN = "forgotten"
_REMOTE = re.compile(rf"^{REMOTE} #([0-9a-f]{{16}}) (?:#([0-9a-f]{{16}})|{FORGOTTEN}): (\w+)\Z")


def _digest(values: Sequence[object]) -> str:
    return hashlib.sha256(_encode(list(values)).encode("utf-8")).hexdigest()[:16]


def remote_id(api: str, case_id: str, kind: str, key: str) -> str:
    """A digest of a ``zgw_remote`` row's key: names the object without its key (a rol's key
    may say who is involved)."""
    return _digest([REMOTE, api, case_id, kind, key])


def remote_reference(row: Sequence[object] | None, key: Sequence[str]) -> str:
    """How the audit entry that writes (``row``) or removes (None) a ``zgw_remote`` row names
    it; ``key`` is ``(api, case_id, kind, key)``."""
    what = FORGOTTEN if row is None else f"#{_digest([REMOTE, *row])}"
    return f"{REMOTE} #{remote_id(*key)} {what}: {key[2]}"


# --- the marker --------------------------------------------------------------------------


@frozen
class Before:
    """What a table held when its rows started to be sealed: how many rows, the last number,
    and a digest of them all."""

    count: int
    last: int
    digest: str


class Digest:
    """A running digest of rows in order (the rows before the marker)."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256(b"rows")
        self.count = 0
        self.last = 0

    def add(self, row: Sequence[object]) -> None:
        self._hash.update(_encode(list(row)).encode("utf-8") + b"\n")
        self.count += 1
        self.last = int(str(row[0]))

    def before(self) -> Before:
        return Before(self.count, self.last, self._hash.hexdigest()[:16])


def marker_text(before: dict[str, Before], remote: int) -> str:
    """The marker's text: ``rows before their seal: 3 records up to number 3 #…, …``."""
    parts = [
        ROWS_MARKER_TABLE.format(count=b.count, plural=t.plural, last=b.last, digest=b.digest)
        for t in TABLES
        for b in [before[t.name]]
    ]
    return ROWS_MARKER.format(tables=", ".join(parts), remote=remote)


_MARKER = re.compile(
    pattern(
        ROWS_MARKER,
        tables=", ".join(
            pattern(
                ROWS_MARKER_TABLE,
                count=r"(\d+)",
                plural=re.escape(t.plural),
                last=r"(\d+)",
                digest=r"([0-9a-f]{16})",
            )
            for t in TABLES
        ),
        remote=r"(\d+)",
    )
    + r"\Z"
)


def read_marker(detail: str) -> dict[str, Before] | None:
    """The counts a marker's text holds, by table; None if it holds none."""
    found = _MARKER.search(detail)
    if found is None:
        return None
    return {
        t.name: Before(int(found[3 * i + 1]), int(found[3 * i + 2]), found[3 * i + 3])
        for i, t in enumerate(TABLES)
    }


def names_row(detail: str) -> bool:
    """Whether an audit entry's detail names a row with its digest, as entries written since
    the row seals do (an older version's ``signal 1 to bestuur`` names none)."""
    return _REMOTE.match(detail) is not None or any(t.named(detail) for t in TABLES)


# --- the checks --------------------------------------------------------------------------

SHOWN = 5


def check_table(
    table: Table,
    marker_seq: int,
    before: Before,
    entries: Iterable[tuple[int, str]],
    rows: Iterable[Sequence[Any]],
) -> list[str]:
    """Problems with ``table``: each row after the marker's count must be named, unchanged, by
    the audit entry that wrote it (``entries``: ``(seq, detail)`` of the entries after the
    marker that write to the table); the rows before it must be as the marker counted them."""
    named: dict[int, tuple[int, str]] = {}
    for seq, detail in entries:
        found = table.named(detail)
        if found is not None:
            named[found[0]] = (seq, found[1])
    problems: list[str] = []
    old = Digest()
    for row in rows:
        seq, values = int(row[0]), row[1:]
        if seq <= before.last:
            old.add(row)
            continue
        shown = values[table.columns.index(table.shown)]
        entry = named.pop(seq, None)
        if entry is None:
            problems.append(
                f"{table.name} row {seq} ({shown}): in no audit entry; written outside escalatie"
            )
        elif table.digest(seq, values) != entry[1]:
            problems.append(
                f"{table.name} row {seq} ({shown}): changed since audit entry {entry[0]} "
                "recorded it"
            )
    problems += [
        f"{table.name} row {seq}: missing (deleted); audit entry {entry[0]} recorded it"
        for seq, entry in sorted(named.items())
    ]
    counted = old.before()
    if counted != before:
        what = (
            f"audit entry {marker_seq} counted {before.count}, there are {counted.count}"
            if counted.count != before.count
            else f"changed since audit entry {marker_seq} counted them"
        )
        problems.append(f"{table.name} rows before the seal: {what}")
    if len(problems) > SHOWN:
        problems[SHOWN:] = [f"{table.name}: {len(problems) - SHOWN} more problems"]
    return problems


def check_remote(
    entries: Iterable[tuple[int, str | None, str]], rows: Iterable[Sequence[Any]]
) -> list[str]:
    """Problems with ``zgw_remote`` rows: each must match the last entry naming it
    (``entries``: ``(seq, case_id, detail)`` of the ``zgw_remote`` entries after the marker);
    an object that entry does not call forgotten must be there."""
    latest: dict[str, tuple[int, str | None, str | None, str]] = {}
    for seq, case_id, detail in entries:
        found = _REMOTE.match(detail)
        if found is not None:
            latest[found[1]] = (seq, case_id, found[2], found[3])
    problems: list[str] = []
    for row in rows:
        api, case_id, kind, key = (str(v) for v in row[:4])
        entry = latest.pop(remote_id(api, case_id, kind, key), None)
        where = f"zgw_remote row of case {case_id} ({kind})"
        if entry is None or entry[2] is None:
            problems.append(f"{where}: in no audit entry; written outside escalatie")
        elif _digest([REMOTE, *row]) != entry[2]:
            problems.append(f"{where}: changed since audit entry {entry[0]} recorded it")
    problems += [
        f"zgw_remote row of case {case_id} ({kind}): missing (deleted); audit entry {seq} "
        "recorded it"
        for seq, case_id, digest, kind in sorted(latest.values(), key=lambda e: e[0])
        if digest is not None
    ]
    if len(problems) > SHOWN:
        problems[SHOWN:] = [f"zgw_remote: {len(problems) - SHOWN} more problems"]
    return problems


# --- the rows as the register holds them ---------------------------------------------------


class Entry(NamedTuple):
    """An audit entry as read to check rows against it: ``seq``, the sealed columns
    (:data:`escalatie.register.chain.SEALED_COLUMNS`, in that order) and ``mac``."""

    seq: int
    at: str
    recorded: str
    actor: str
    os_user: str
    action: str
    case_id: str | None
    detail: str
    reason: str
    mac: str

    @property
    def fields(self) -> tuple[Any, ...]:
        """The sealed columns, as :func:`escalatie.register.chain.seal` takes them."""
        return tuple(self)[1:-1]


ENTRY_COLUMNS = ", ".join(("seq", *SEALED_COLUMNS, "mac"))
"""The columns of :class:`Entry`, for a SELECT from ``audit``."""

SealHolds = Callable[[Entry, str], None]
"""Refuses (raises) an entry whose seal after the given previous seal does not hold."""


class RowSeals:
    """The rows of ``records``, ``calendar_messages`` and ``zgw_remote`` in a register's store:
    written named by their audit entry, and checked against the sealed log before a command
    relies on them. ``seal_holds`` is the register's check of one entry's seal (its key)."""

    def __init__(self, store: Store, seal_holds: SealHolds) -> None:
        self.store = store
        self._seal_holds = seal_holds

    def marker(self) -> Entry | None:
        """The audit entry from which rows are sealed: a ``rows_sealed`` entry, or the
        ``events_sealed`` entry that carries the counts."""
        found = self.store.query(
            f"SELECT {ENTRY_COLUMNS} FROM audit WHERE action = ? OR (action = ? AND "
            "detail LIKE ?) ORDER BY seq LIMIT 1",
            (ROWS_SEALED, EVENTS_SEALED, f"%{ROWS_MARKER_START}%"),
        )
        return Entry._make(found[0]) if found else None

    def insert(self, table: Table, values: Sequence[object]) -> str:
        """Insert one row of ``table`` (in the caller's transaction); how the audit entry
        written with it names it (``record 12 #…``)."""
        self.store.lock_writes()
        statement = table.insert()
        rows = self.store.query(statement, tuple(values))
        if not rows:  # a trigger not created by escalatie dropped it
            stored(self.store.where, statement, 0)
        return table.reference(int(rows[0][0]), values)

    def require_rows_sealed(self, table: str, case_id: str | None = None) -> None:
        """Refuse, with one line, to use ``table`` (of ``case_id`` only, for ``zgw_remote``)
        when a row does not match the sealed audit entry that wrote it, as identities are
        refused: a row slipped in with ``sqlite3`` must decide nothing."""
        problems = self.problems(table, case_id, seals=True)
        if problems:
            raise RegisterError(
                f"{self.store.where}: register is damaged: {problems[0]}; "
                "run `escalatie audit --verify`"
            )

    def problems(
        self, only: str | None = None, case_id: str | None = None, seals: bool = False
    ) -> list[str]:
        """Rows of ``records``, ``calendar_messages`` and ``zgw_remote`` (or ``only`` one of
        them) that the sealed audit log does not account for, by table and number.

        ``seals``: also check the seal of every entry relied on (a command about to use the
        rows; ``audit --verify`` checks the whole chain itself).
        """
        tables = [t for t in TABLES if only in (None, t.name)]
        remote = only in (None, REMOTE)
        marker = self.marker()
        if marker is None:  # not sealed yet; unless an entry names a row: the marker is gone
            actions = [a for t in tables for a in t.actions] + [REMOTE] * remote
            if any(names_row(e.detail) for e in self._named(0, actions, seals, case_id)):
                return ["audit log: entries name rows, but the marker their seal starts from is "
                        "missing (deleted)"]  # fmt: skip
            return []
        if seals:
            self._sealed(marker)
        before = read_marker(marker.detail)
        if before is None:
            return [f"audit entry {marker.seq}: a {marker.action} entry that cannot be read"]
        problems: list[str] = []
        for table in tables:
            entries = [(e.seq, e.detail) for e in self._named(marker.seq, table.actions, seals)]
            rows = self.store.rows(table.select())
            problems += check_table(table, marker.seq, before[table.name], entries, rows)
        if remote:
            sql = f"SELECT {', '.join(REMOTE_COLUMNS)} FROM zgw_remote"
            found = (
                self.store.query(sql)
                if case_id is None
                else self.store.query(sql + " WHERE case_id = ?", (case_id,))
            )
            named = self._named(marker.seq, (REMOTE,), seals, case_id)
            problems += check_remote(((e.seq, e.case_id, e.detail) for e in named), found)
        return problems

    def _named(
        self, after: int, actions: Sequence[str], seals: bool, case_id: str | None = None
    ) -> list[Entry]:
        """The entries after ``after`` with one of ``actions``; with ``seals``, a one-line
        error where one does not match its seal."""
        if not actions:
            return []
        columns = ", ".join(f"a.{c}" for c in ENTRY_COLUMNS.split(", "))
        sql = (
            f"SELECT {columns}, coalesce((SELECT b.mac FROM audit AS b "
            "WHERE b.seq < a.seq ORDER BY b.seq DESC LIMIT 1), '') FROM audit AS a "
            f"WHERE a.seq > ? AND a.action IN ({', '.join('?' for _ in actions)})"
        )
        params: list[Any] = [after, *actions]
        if case_id is not None:
            sql += " AND a.case_id = ?"
            params.append(case_id)
        out = []
        for row in self.store.query(sql + " ORDER BY a.seq", params):
            entry = Entry._make(row[:-1])
            if seals:
                self._sealed(entry, str(row[-1]))
            out.append(entry)
        return out

    def _sealed(self, entry: Entry, previous: str | None = None) -> None:
        """Refuse ``entry`` if its seal does not hold (after ``previous``, read if not given)."""
        if previous is None:
            before = self.store.query(
                "SELECT mac FROM audit WHERE seq < ? ORDER BY seq DESC LIMIT 1", (entry.seq,)
            )
            previous = str(before[0][0]) if before else ""
        self._seal_holds(entry, previous)
