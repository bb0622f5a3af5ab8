"""The checks every register command shares: text typed on the command line, a moment that keeps
the history in order, a due day, and a record looked up by its number.

One place for them, so a case command, a signal and a leeronderzoek refuse bad input with the
same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol, TypeVar

from escalatie.clock import local
from escalatie.errors import EscalatieError
from escalatie.register.session import Session


def checked_text(value: str, name: str, limit: int = 2000) -> str:
    """Non-empty text of at most ``limit`` characters without control characters, stripped."""
    if not isinstance(value, str) or not value.strip():
        raise EscalatieError(f"{name}: expected non-empty text")
    if len(value) > limit:
        raise EscalatieError(f"{name}: expected at most {limit} characters, got {len(value)}")
    if any(ord(c) < 32 and c not in "\t\n" for c in value):
        raise EscalatieError(f"{name}: expected printable text without control characters")
    return value.strip()


def at_minute(moment: datetime) -> str:
    """A moment as the CLI takes it (``2026-03-02T10:00``, Europe/Amsterdam)."""
    return local(moment).strftime("%Y-%m-%dT%H:%M")


def free_text(s: Session, case_id: str, value: str, name: str, limit: int = 2000) -> str:
    """Text typed for option ``name`` (:func:`checked_text`), without the case's direct
    identifiers (:meth:`Session.scrub`): what every case command's free text goes through
    before it is recorded."""
    return s.scrub(case_id, checked_text(value, name, limit))


def not_before(s: Session, since: datetime, what: str) -> None:
    """Refuse a command dated before ``since``: the register's history must stay in order."""
    if s.at < since:
        raise EscalatieError(
            f"--at {at_minute(s.at)}: expected a moment on or after {what} ({at_minute(since)})"
        )


def due_not_before_at(s: Session, due: date, after: str = "--at") -> None:
    """Refuse a due day before the session's day (``after`` names that moment)."""
    if due < local(s.at).date():
        raise EscalatieError(
            f"--due {due.isoformat()}: expected a day on or after {after} ({local(s.at).date()})"
        )


class Numbered(Protocol):
    number: int


N = TypeVar("N", bound=Numbered)


def numbered(known: Sequence[N], number: int, one: str, many: str) -> N:
    """The record with ``number`` among ``known``; else one line saying which numbers exist."""
    for item in known:
        if item.number == number:
            return item
    where = f"{many} 1 to {len(known)}" if known else f"no {one} yet"
    raise EscalatieError(f"N: no {one} {number} in the register ({where})")
