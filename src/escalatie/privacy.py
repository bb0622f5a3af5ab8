"""Privacy by construction: what leaves the library is built from the pseudonymised case.

Direct identifiers live only in :class:`~escalatie.case.Identity`. :func:`pseudonymise` drops
that block and scrubs every identifier from every free-text field of the case (people type
names into the oddest places: a plan, an organisation, a provider, the reference itself), so an
invitation, calendar file, report, comparison or export cannot carry a name, BSN, address, phone
number, e-mail address or date of birth (seed 000, step 3: invitations carry an anonymised plan).

One set of spellings (:func:`identifier_pattern`, and :func:`find_identifier`, which names the
field that matched) serves every part of the library: the case document, the register's event
log, and the last check on a finished artifact. It matches each whole identifier, a first name or surname on its own as a whole word, the date
of birth in the usual Dutch spellings, and a phone number or BSN with or without separators.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any

from escalatie.case import Case, Identity

REDACTED = "[verwijderd]"

PARTICLES = frozenset(
    {"van", "de", "der", "den", "het", "ter", "ten", "te", "op", "in", "la", "le", "du", "da"}
    | {"di", "del", "des", "von", "zu"}
)
"""Tussenvoegsels: parts of a name that are never matched on their own."""

_NOT_TEXT = frozenset(
    {"kind", "role", "level", "obstacles", "conditions", "submitted_at", "resolved", "age"}
)
"""Keys of a case document whose values are enums, numbers or dates, never free text."""


def _digits(value: str) -> str | None:
    """A number typed with or without spaces, dots or dashes between its digits."""
    digits = re.sub(r"\D", "", value)
    if len(digits) < 6:
        return None
    return r"(?<!\d)" + r"[\s.-]?".join(digits) + r"(?!\d)"


def identifier_texts(identity: Identity) -> dict[str, list[str]]:
    """Per field of the identity, the literal spellings to look for."""
    out: dict[str, list[str]] = {
        "name": [identity.name],
        "bsn": [identity.bsn],
        "address": [identity.address],
        "phone": [identity.phone],
        "email": [identity.email],
    }
    if identity.date_of_birth is not None:
        dob = identity.date_of_birth
        out["date_of_birth"] = [
            dob.isoformat(),
            dob.strftime("%d-%m-%Y"),
            dob.strftime("%d/%m/%Y"),
            dob.strftime("%Y%m%d"),
            f"{dob.day}-{dob.month}-{dob.year}",
        ]
    return {k: [v.strip() for v in vs if len(v.strip()) >= 3] for k, vs in out.items()}


def name_parts(identity: Identity) -> list[str]:
    """A first name or surname on its own identifies too ("bij Sanne thuis")."""
    parts = re.split(r"[\s,]+", identity.name)
    return [p for p in parts if len(p) >= 3 and p.casefold() not in PARTICLES]


def _options(identity: Identity) -> list[tuple[str, str]]:
    """(field, regex) pairs, longest literal first, for every identifier of the identity."""
    literal = [(f, v) for f, vs in identifier_texts(identity).items() for v in vs]
    literal.sort(key=lambda fv: len(fv[1]), reverse=True)
    options = [(f, re.escape(v)) for f, v in literal]
    for field in ("bsn", "phone"):
        number = _digits(getattr(identity, field))
        if number is not None:
            options.append((field, number))
    taken = {v.casefold() for _, v in literal}
    options += [
        ("name", rf"(?<!\w){re.escape(p)}(?!\w)")
        for p in sorted(set(name_parts(identity)), key=len, reverse=True)
        if p.casefold() not in taken
    ]
    return options


def identifier_pattern(identity: Identity | None) -> re.Pattern[str] | None:
    """One pattern matching any identifier of ``identity`` (case-insensitive), or None."""
    if identity is None:
        return None
    options = _options(identity)
    if not options:
        return None
    return re.compile("|".join(f"(?:{o})" for _, o in options), re.IGNORECASE)


def scrub(text: str, pattern: re.Pattern[str] | None) -> str:
    """``text`` with every identifier replaced by ``[verwijderd]``."""
    return pattern.sub(REDACTED, text) if pattern is not None and text else text


def find_identifier(text: str, identities: Iterable[Identity | None]) -> str | None:
    """The name of the identity field that occurs in ``text`` (never its value), or None."""
    for identity in identities:
        if identity is None:
            continue
        for field, option in _options(identity):
            if re.search(option, text, re.IGNORECASE):
                return field
    return None


def scrub_document(value: Any, pattern: re.Pattern[str], key: str = "") -> Any:
    """Every free-text string of a JSON-ready document scrubbed; enums and dates kept."""
    if key in _NOT_TEXT:
        return value
    if isinstance(value, str):
        return scrub(value, pattern)
    if isinstance(value, list):
        return [scrub_document(v, pattern, key) for v in value]
    if isinstance(value, dict):
        return {k: scrub_document(v, pattern, k) for k, v in value.items()}
    return value


def pseudonym(reference: str) -> str:
    """A stable stand-in for a case reference that itself contains an identifier."""
    return "casus-" + hashlib.sha256(reference.encode("utf-8")).hexdigest()[:12]


def pseudonymise(case: Case) -> Case:
    """The case without its identity block and with identifiers removed from all free text.

    A reference that contains an identifier is replaced by :func:`pseudonym` of it, so the
    same case keeps the same pseudonymous reference across artifacts.
    """
    pattern = identifier_pattern(case.identity)
    if pattern is None:
        if case.identity is None:
            return case
        import attrs

        return attrs.evolve(case, identity=None)
    from escalatie.documents import structure, unstructure

    document = unstructure(case)
    document.pop("identity")
    reference = case.reference
    document = scrub_document(document, pattern)
    document["reference"] = pseudonym(reference) if pattern.search(reference) else reference
    if not document["question"].strip():
        document["question"] = REDACTED
    for domain in document["domains"]:
        if not domain["question"].strip():
            domain["question"] = REDACTED
    return structure(document, Case)
