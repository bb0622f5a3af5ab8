"""Privacy by construction: what leaves the library is built from the pseudonymised case.

Direct identifiers live only in :class:`~escalatie.case.Identity`. :func:`pseudonymise` drops
that block and scrubs every identifier from every free-text field of the case (people type
names into the oddest places: a plan, an organisation, a provider, the reference itself), so an
invitation, calendar file, report, comparison or export cannot carry a name, BSN, address, phone
number, e-mail address or date of birth (seed 000, step 3: invitations carry an anonymised plan).

One set of spellings (:func:`identifier_pattern`, and :func:`find_identifier`, which names the
field that matched) serves every part of the library: the case document, the register's event
log, and the last check on a finished artifact. Text is first normalised (:func:`normalise`:
Unicode NFKC, no invisible characters), then matched ignoring case and runs of whitespace:
each whole identifier; a first name or each part of a (double) surname on its own as a word,
also with a possessive s; the date of birth in numeric and written Dutch spellings; a phone
number nationally or internationally and a BSN, with or without separators; the street and
house number without the town, and the postcode alone.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from enum import Enum
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


SEPARATOR = r"[\s.\-_/·]{0,3}"
"""What people put between the digits of a number: spaces, dots, dashes, slashes (bounded)."""

PHONE_SEPARATOR = r"[\s.\-_/·()]{0,3}"
"""Between the digits of a phone number also brackets: "(06) 98765432", "+31 (0)6 …"."""

POSSESSIVE = r"(?:['’‘`´]?s)?"
"""A name with a genitive s: "Sannes fiets", "Sanne's plan"."""

MONTH_NAMES = (
    ("januari", "january", "jan"), ("februari", "february", "feb"), ("maart", "march", "mrt", "mar"),
    ("april", "apr"), ("mei", "may"), ("juni", "june", "jun"), ("juli", "july", "jul"),
    ("augustus", "august", "aug"), ("september", "sept", "sep"), ("oktober", "october", "okt", "oct"),
    ("november", "nov"), ("december", "dec"),
)  # fmt: skip
"""Dutch and English month names and their abbreviations, as typed in a date of birth."""

POSTCODE = re.compile(r"(?<![0-9])([1-9][0-9]{3})\s*([a-zA-Z]{2})(?![a-zA-Z])")
"""A Dutch postcode: four digits (not starting with 0), two letters."""

STREET_NUMBER = re.compile(r"([^\d,]*[^\W\d_][^\d,]*?)\s*(\d+)")
"""The street and house number at the start of an address ("Teststraat 12a, Utrecht")."""


def normalise(text: str) -> str:
    """The text as it is compared: Unicode NFKC (so a name in decomposed form, full-width
    digits or a non-breaking space are written one way) without invisible format characters
    (zero-width space, soft hyphen), which could otherwise split a name unseen."""
    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        return text
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def _flexible(literal: str) -> str:
    """A regex for ``literal``: any run of whitespace for its spaces, letters with or without
    their accents ("Zoë" also as "Zoe")."""
    out: list[str] = []
    for char in literal:
        if char.isspace():
            if not out or out[-1] != r"\s+":
                out.append(r"\s+")
            continue
        base = "".join(
            c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
        )
        out.append(
            f"(?:{re.escape(char)}|{re.escape(base)})" if base and base != char else re.escape(char)
        )
    return "".join(out)


def _digits(value: str) -> str | None:
    """A number typed with or without separators between its digits."""
    digits = re.sub(r"\D", "", normalise(value))
    if len(digits) < 6:
        return None
    return r"(?<!\d)" + SEPARATOR.join(digits) + r"(?!\d)"


def _phone(value: str) -> str | None:
    """A Dutch phone number nationally (06-…) and internationally (+31 6 …, 0031 (0)6 …)."""
    value = normalise(value).strip()
    digits = re.sub(r"\D", "", value)
    if value.startswith("+"):
        if not digits.startswith("31"):
            return _digits(value)
        rest = digits[2:]
    elif digits.startswith("0031"):
        rest = digits[4:]
    elif digits.startswith("0") and not digits.startswith("00"):
        rest = digits[1:]
    else:
        return _digits(value)
    rest = rest.removeprefix("0")  # "+31 (0)6…" written with its national 0
    if len(rest) < 6:
        return None
    sep = PHONE_SEPARATOR
    prefix = rf"(?:(?:\+|00){sep}3{sep}1{sep}(?:\(0\){sep})?|\(?0)"
    return r"(?<![\d+])" + prefix + sep + sep.join(rest) + r"(?!\d)"


def _date_of_birth(born: date) -> str:
    """The date in any usual order and spelling: 19-7-2014, 19.07.2014, 19 juli 2014,
    2014-07-19, 19-07-14, 20140719."""
    day = rf"0?{born.day}(?:e|de|ste)?" if born.day < 10 else rf"{born.day}(?:e|de|ste)?"
    number = rf"0?{born.month}" if born.month < 10 else str(born.month)
    names = "|".join(rf"{n}\.?" for n in MONTH_NAMES[born.month - 1])
    month = rf"(?:{number}|{names})"
    year = rf"(?:{born.year}|'?{born.year % 100:02d})"
    sep = r"(?:\s*[.\-/]\s*|\s+)"
    compact = f"{born.day:02d}{born.month:02d}{born.year}|{born:%Y%m%d}"
    return (
        rf"(?<![\d\w])(?:{day}{sep}{month}{sep}{year}|{born.year}{sep}{number}{sep}0?{born.day}"
        rf"|{compact})(?![\d\w])"
    )


def _address(address: str) -> list[str]:
    """The street and house number without the town, and the postcode alone."""
    address = normalise(address)
    out: list[str] = []
    found = STREET_NUMBER.match(address)
    if found is not None and len(found.group(1).strip()) >= 3:
        street = _flexible(found.group(1).strip())
        street = re.sub(r"straat$", "str(?:aat|\\.)?", street, flags=re.IGNORECASE)
        out.append(rf"(?<!\w){street}\s*{found.group(2)}(?:[\s-]?[a-zA-Z](?!\w))?(?!\d)")
    for code in POSTCODE.finditer(address):
        out.append(rf"(?<![0-9]){code.group(1)}\s*{code.group(2)}(?![a-zA-Z])")
    return out


def identifier_texts(identity: Identity) -> dict[str, list[str]]:
    """Per field of the identity, the literal spellings to look for (normalised)."""
    out: dict[str, list[str]] = {
        "name": [identity.name],
        "bsn": [identity.bsn],
        "address": [identity.address],
        "phone": [identity.phone],
        "email": [identity.email],
    }
    return {k: [normalise(v).strip() for v in vs if len(v.strip()) >= 3] for k, vs in out.items()}


def name_parts(identity: Identity) -> list[str]:
    """A first name or surname on its own identifies too ("bij Sanne thuis"), and so does each
    part of a double surname ("Verbeek-Jansen")."""
    parts = re.split(r"[\s,\-‐‑–]+", normalise(identity.name))
    return [p for p in parts if len(p) >= 3 and p.casefold() not in PARTICLES]


def _options(identity: Identity) -> list[tuple[str, str]]:
    """(field, regex) pairs, longest literal first, for every identifier of the identity."""
    literal = [(f, v) for f, vs in identifier_texts(identity).items() for v in vs]
    literal.sort(key=lambda fv: len(fv[1]), reverse=True)
    options = [(f, _flexible(v)) for f, v in literal]
    if identity.date_of_birth is not None:
        options.append(("date_of_birth", _date_of_birth(identity.date_of_birth)))
    bsn = _digits(identity.bsn)
    if bsn is not None:
        options.append(("bsn", bsn))
    phone = _phone(identity.phone)
    if phone is not None:
        options.append(("phone", phone))
    options += [("address", a) for a in _address(identity.address)]
    taken = {v.casefold() for _, v in literal}
    options += [
        ("name", rf"(?<!\w){_flexible(p)}{POSSESSIVE}(?!\w)")
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
    """``text``, normalised (:func:`normalise`), with every identifier replaced by
    ``[verwijderd]``."""
    return pattern.sub(REDACTED, normalise(text)) if pattern is not None and text else text


def find_identifier(text: str, identities: Iterable[Identity | None]) -> str | None:
    """The name of the identity field that occurs in ``text`` (never its value), or None."""
    text = normalise(text)
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


def pseudonym(reference: str, key: bytes | None = None) -> str:
    """A stable stand-in for a case reference: ``casus-`` and 12 hex digits of its HMAC-SHA256.

    Keyed with the municipality's pseudonym key (:func:`escalatie.secret.derived_key` for
    ``"pseudonym"``) unless ``key`` is given, so the same reference gives the same pseudonym in
    one municipality, another one elsewhere, and cannot be found by hashing guesses.
    """
    if key is None:
        from escalatie.secret import derived_key

        key = derived_key("pseudonym")
    digest = hmac.new(key, normalise(reference).encode("utf-8"), hashlib.sha256).hexdigest()
    return "casus-" + digest[:12]


PSEUDONYM = re.compile(r"casus-[0-9a-f]{12}")
"""What :func:`pseudonym` returns."""


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
    import attrs

    reference = case.reference
    changes = _scrubbed_fields(case, pattern, skip=("identity", "reference"))
    if not changes.get("question", case.question).strip():
        changes["question"] = REDACTED
    domains = changes.get("domains", case.domains)
    if any(not d.question.strip() for d in domains):
        changes["domains"] = tuple(
            d if d.question.strip() else attrs.evolve(d, question=REDACTED) for d in domains
        )
    return attrs.evolve(
        case,
        identity=None,
        reference=pseudonym(reference) if pattern.search(normalise(reference)) else reference,
        **changes,
    )


def outbound(case: Case, key: bytes | None = None) -> Case:
    """The case as an artifact for others may carry it: pseudonymised (:func:`pseudonymise`)
    and named by the keyed :func:`pseudonym` of its reference, always.

    A case file's own reference (``DOSSIER-JANSEN-4711``) links back to the submitter's file
    and may hold a name the identity block does not list, so no invitation, cancellation,
    e-mail or comparison carries it; the register keeps it inside (docs/privacy.md).
    """
    import attrs

    return attrs.evolve(pseudonymise(case), reference=pseudonym(case.reference, key))


def _scrubbed_fields(
    value: Any, pattern: re.Pattern[str], skip: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The init arguments of an attrs instance whose scrubbed value differs."""
    import attrs

    changes: dict[str, Any] = {}
    for a in attrs.fields(type(value)):
        name = a.alias or a.name
        if not a.init or name in skip:
            continue
        old = getattr(value, a.name)
        new = scrub_value(old, pattern, name)
        if new is not old and new != old:
            changes[name] = new
    return changes


def scrub_value(value: Any, pattern: re.Pattern[str], key: str = "") -> Any:
    """:func:`scrub_document` on the domain objects themselves: every free-text string of an
    attrs instance scrubbed, the same fields as in its JSON document, without unstructuring and
    structuring the case again (issue 16: that round trip nearly doubled ``compare``'s time on
    cases with an identity block). Validators still run: each changed object is rebuilt."""
    if key in _NOT_TEXT or isinstance(value, Enum):
        return value
    if isinstance(value, str):
        return scrub(value, pattern)
    if isinstance(value, tuple):
        return tuple(scrub_value(v, pattern, key) for v in value)
    if isinstance(value, frozenset):
        return frozenset(scrub_value(v, pattern, key) for v in value)
    if isinstance(value, list):
        return [scrub_value(v, pattern, key) for v in value]
    if isinstance(value, dict):
        return {k: scrub_value(v, pattern, k) for k, v in value.items()}
    import attrs

    if attrs.has(type(value)):
        changes = _scrubbed_fields(value, pattern)
        return attrs.evolve(value, **changes) if changes else value
    return value
