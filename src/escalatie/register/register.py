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
import json
import secrets
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from attrs import frozen

from escalatie.case import Identity
from escalatie.errors import EscalatieError
from escalatie.register.events import Event, from_row
from escalatie.register.identity import StoredIdentity
from escalatie.register.state import CaseState, fold_rows
from escalatie.register.store import connect, describe, transaction

ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford's base 32: no I, L, O, U, so an id read aloud or typed is hard to get wrong."""


def new_case_id() -> str:
    """A random pseudonymous id such as ``ESC-7K3M-9Q2P`` (40 random bits; not a counter)."""
    chars = "".join(secrets.choice(ID_ALPHABET) for _ in range(8))
    return f"ESC-{chars[:4]}-{chars[4:]}"


@frozen
class AuditEntry:
    """Who did what with which case, when, and why."""

    seq: int
    at: datetime
    recorded: datetime
    actor: str
    action: str
    case_id: str | None
    detail: str
    reason: str


class Register:
    """An open register file. Use as a context manager; group each command in a transaction."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self.db = db

    @classmethod
    def open(cls, path: Path | str, create: bool = True) -> Register:
        """Open the register at ``path``; ``create=False`` refuses where no file exists."""
        path = Path(path)
        return cls(path, connect(path, create))

    def close(self) -> None:
        self.db.close()

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
        try:
            with transaction(self.db, self.path):
                yield self
        except sqlite3.Error as exc:
            raise describe(self.path, exc) from None

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        try:
            return self.db.execute(sql, tuple(params)).fetchall()
        except sqlite3.Error as exc:
            raise describe(self.path, exc) from None

    # --- events ---------------------------------------------------------------------------

    def append(self, events: Iterable[Event]) -> int:
        """Append events (in the caller's transaction); the number written.

        Rows are serialised as SQLite consumes them (an iterator, not a list): each row is
        still in the CPU cache when it is written, which makes a large batch markedly faster.
        """
        try:
            cursor = self.db.executemany(
                "INSERT INTO events (case_id, kind, at, actor, payload) VALUES (?, ?, ?, ?, ?)",
                map(Event.row, events),
            )
        except sqlite3.Error as exc:
            raise describe(self.path, exc) from None
        return int(cursor.rowcount)

    def events(self, case_id: str | None = None) -> list[Event]:
        """Events in order, of one case or of all."""
        rows = self._rows(case_id)
        try:
            return [from_row(r) for r in rows]
        except (ValueError, KeyError, TypeError) as exc:
            raise EscalatieError(
                f"{self.path}: an event cannot be read ({exc}); the register is damaged"
            ) from None

    def case_ids(self) -> list[str]:
        return [
            r[0]
            for r in self._query("SELECT case_id FROM events WHERE kind = 'submitted' ORDER BY seq")
        ]

    def exists(self, case_id: str) -> bool:
        return bool(self._query("SELECT 1 FROM events WHERE case_id = ? LIMIT 1", (case_id,)))

    def _rows(self, case_id: str | None = None) -> list[tuple[Any, ...]]:
        if case_id is None:
            return self._query(
                "SELECT seq, case_id, kind, at, actor, payload FROM events ORDER BY seq"
            )
        return self._query(
            "SELECT seq, case_id, kind, at, actor, payload FROM events WHERE case_id = ? ORDER BY seq",
            (case_id,),
        )

    def state(self, case_id: str) -> CaseState:
        """The state of one case, or a one-line error naming the unknown id."""
        states = self._fold(self._rows(case_id))
        if case_id not in states:
            close = difflib.get_close_matches(case_id, self.case_ids(), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise EscalatieError(f"ID: no case {case_id!r} in the register {self.path}{hint}")
        return states[case_id]

    def states(self) -> dict[str, CaseState]:
        """The state of every case, rebuilt from the whole log."""
        return self._fold(self._rows())

    def _fold(self, rows: list[tuple[Any, ...]]) -> dict[str, CaseState]:
        try:
            return fold_rows(rows)
        except (KeyError, IndexError, ValueError, TypeError) as exc:
            raise EscalatieError(
                f"{self.path}: the event log cannot be replayed ({type(exc).__name__}: {exc}); "
                "the register is damaged"
            ) from None

    # --- identities -----------------------------------------------------------------------

    def new_id(self) -> str:
        while True:
            case_id = new_case_id()
            if not self.exists(case_id):
                return case_id

    def store_identity(self, case_id: str, stored: StoredIdentity) -> None:
        from escalatie.documents import unstructure

        payload = {
            "reference": stored.reference,
            "identity": unstructure(stored.identity) if stored.identity is not None else None,
        }
        try:
            self.db.execute(
                "INSERT INTO identities (case_id, payload) VALUES (?, ?)",
                (case_id, json.dumps(payload, ensure_ascii=False)),
            )
        except sqlite3.Error as exc:
            raise describe(self.path, exc) from None

    def identity(self, case_id: str) -> StoredIdentity:
        """The direct identifiers of a case: for internal checks and an audited reveal only."""
        from escalatie.documents import structure

        rows = self._query("SELECT payload FROM identities WHERE case_id = ?", (case_id,))
        if not rows:
            return StoredIdentity(None, "")
        data = json.loads(rows[0][0])
        identity = structure(data["identity"], Identity) if data["identity"] is not None else None
        return StoredIdentity(identity, data["reference"])

    # --- audit ----------------------------------------------------------------------------

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
    ) -> None:
        """Log one read, write, export, share or reveal (in the caller's transaction)."""
        try:
            self.db.execute(
                "INSERT INTO audit (at, recorded, actor, action, case_id, detail, reason) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (at.isoformat(), recorded.isoformat(), actor, action, case_id, detail, reason),
            )
        except sqlite3.Error as exc:
            raise describe(self.path, exc) from None

    def audit_entries(self, case_id: str | None = None) -> list[AuditEntry]:
        sql = "SELECT seq, at, recorded, actor, action, case_id, detail, reason FROM audit"
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
            )
            for r in rows
        ]

    # --- integrity ------------------------------------------------------------------------

    def verify(self) -> list[str]:
        """Problems found: SQLite's integrity check, unreadable events, a log that won't replay."""
        problems = [r[0] for r in self._query("PRAGMA integrity_check") if r[0] != "ok"]
        for seq, payload in self._query("SELECT seq, payload FROM events ORDER BY seq"):
            try:
                json.loads(payload)
            except ValueError:
                problems.append(f"event {seq}: payload is not JSON")
        if not problems:
            try:
                self.states()
            except EscalatieError as exc:
                problems.append(str(exc))
        return problems
