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
from escalatie.rules import Rule
from escalatie.sources import Source, seed


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


PARTY_WITHOUT_IDENTIFIERS = Rule(
    "consent.party_without_identifiers",
    "A party is named without the family's direct identifiers: consent is specific to the "
    "party named, so it is judged on the name as typed, and a name holding an identifier "
    "(stored scrubbed, it would read as any party so written) is refused in consent add, "
    "consent check and case share alike.",
    Source(
        "law",
        "AVG art. 4(11) and 5(1)(c)",
        also=(seed("000", "3. Organisatie van een maatwerktafel"),),
    ),
)


def party_name(s: Session, case_id: str, value: str, name: str = "--with") -> str:
    """A party's name typed for option ``name`` (:func:`checked_text`, at most 200 characters),
    refused when it holds an identifier of the case (:data:`PARTY_WITHOUT_IDENTIFIERS`: consent
    for "Oma Wyndrel 0698765432" would be stored as "Oma [verwijderd] [verwijderd]", which any
    name with other identifiers then matches) or the
    mark ``[verwijderd]`` that stands for one."""
    from escalatie.privacy import REDACTED, find_identifier

    text = checked_text(value, name, 200)
    field = None
    if s.register.can_reveal:
        stored = s.register.identity(case_id)
        field = find_identifier(text, [stored.identity], [stored.reference])
    if field is None and REDACTED.casefold() in text.casefold():
        field = f"the mark {REDACTED} of a removed identifier"
    if field is not None:
        rule = PARTY_WITHOUT_IDENTIFIERS
        raise EscalatieError(
            f"{name}: a party's name may not hold an identifier of case {case_id} (it holds "
            f"{field}); name the party by organisation or role "
            f"[{rule.id}; {rule.source.cite()}]"
        )
    return text


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
