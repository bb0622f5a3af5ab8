"""Records about the system, kept apart from the cases' event logs (issue 12).

A *record* belongs to a subject (``signal``, ``inquiry``, ``consultation``) and a number within
it; its kind says what happened (``added``, ``answered`` …). Like events, records are only
ever inserted (the ``records`` table is append-only), and the current state of a signal, a
leeronderzoek or a consultation is folded from its records in order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from attrs import frozen

from escalatie.errors import EscalatieError
from escalatie.register.events import encode
from escalatie.register.rowseal import RECORDS
from escalatie.register.session import Session


@frozen
class Record:
    """One thing that happened to a signal, a leeronderzoek or a consultation."""

    seq: int
    subject: str
    number: int
    kind: str
    at: datetime
    actor: str
    payload: dict[str, Any]


def append(s: Session, subject: str, number: int, kind: str, payload: Mapping[str, Any]) -> str:
    """Insert one record (in the session's transaction); how the audit entry written with it
    names it, ``record 12 #…`` (pass it as that entry's ``reference``), so the sealed log
    accounts for the record (:mod:`escalatie.register.rowseal`)."""
    s.register.seal_events(s.actor, s.at, s.recorded, s.os_user)
    values = (subject, number, kind, s.at.isoformat(), s.actor, encode(dict(payload)))
    return s.register.row_seals.insert(RECORDS, values)


def next_number(s: Session, subject: str) -> int:
    """The number the next ``subject`` gets: one more than the highest so far (read under the
    register's write lock, so two writers on a server never take the same number)."""
    s.register.store.lock_writes()
    rows = _query(s, "SELECT max(number) FROM records WHERE subject = ?", (subject,))
    return int(rows[0][0] or 0) + 1


def records(s: Session, subject: str) -> list[Record]:
    """Every record of ``subject``, in the order written; refused (one line) when a record
    does not match the sealed audit entry that wrote it (written or changed outside
    escalatie), so such a record decides nothing."""
    s.register.row_seals.require_rows_sealed(RECORDS.name)
    rows = _query(
        s,
        "SELECT seq, subject, number, kind, at, actor, payload FROM records "
        "WHERE subject = ? ORDER BY seq",
        (subject,),
    )
    try:
        return [
            Record(r[0], r[1], r[2], r[3], datetime.fromisoformat(r[4]), r[5], json.loads(r[6]))
            for r in rows
        ]
    except (ValueError, TypeError) as exc:
        raise EscalatieError(
            f"{s.register.path}: a {subject} record cannot be read ({exc}); the register is damaged"
        ) from None
    except RecursionError:
        raise EscalatieError(
            f"{s.register.path}: a {subject} record cannot be read (nested too deeply); "
            "the register is damaged"
        ) from None


@contextmanager
def folding(s: Session, subject: str) -> Iterator[None]:
    """Fold ``subject``'s records; a record that does not fit (a number without its first
    record, a field missing: written outside escalatie) is one line, not a traceback."""
    try:
        yield
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        raise EscalatieError(
            f"{s.register.path}: register is damaged: the {subject} records do not fold "
            f"({type(exc).__name__}: {exc}; a record for a number that was never created, or "
            "a field missing); run `escalatie audit --verify`"
        ) from None


def _query(s: Session, sql: str, params: tuple[Any, ...]) -> list[Any]:
    return s.register.store.query(sql, params)
