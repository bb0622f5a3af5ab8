"""Keeping direct identifiers out of the event log.

A submitted case is split in two: its :class:`~escalatie.case.Identity` block (and the
submitter's own reference, which links back to their file) goes to the identity table; the
rest goes into the event payload, built from :func:`escalatie.privacy.pseudonymise` and then
scrubbed once more over *every* free-text field, because people type names into the oddest
places (an organisation field, a provider, an agreement's action). Text added later
(agreements, insights, reasons) is scrubbed with the same case's identifiers before it is
written.
"""

from __future__ import annotations

import re
from typing import Any

from attrs import frozen

from escalatie.case import Case, Identity
from escalatie.documents import unstructure
from escalatie.privacy import REDACTED, pseudonymise

_NOT_TEXT = frozenset({"kind", "role", "level", "obstacles", "conditions", "submitted_at"})
"""Keys whose values are enums or dates, never free text."""


PARTICLES = frozenset(
    {"van", "de", "der", "den", "het", "ter", "ten", "te", "op", "in", "la", "le", "du", "da"}
    | {"di", "del", "des", "von", "zu"}
)
"""Tussenvoegsels: parts of a name that are never scrubbed on their own."""


@frozen
class StoredIdentity:
    """What the identity table holds for one case.

    ``reference`` is the submitter's own reference: it links back to their file, so it stays
    here; the event log knows the case only by its register id.
    """

    identity: Identity | None
    reference: str

    def values(self) -> tuple[str, ...]:
        """Every identifying text, including other spellings of the date of birth."""
        if self.identity is None:
            return ()
        values = list(self.identity.values())
        if self.identity.date_of_birth is not None:
            values.append(self.identity.date_of_birth.strftime("%d-%m-%Y"))
        return tuple(values)

    def name_parts(self) -> tuple[str, ...]:
        """A first name or surname on its own identifies too ("bij Sanne thuis"); the
        particles of Dutch surnames do not, they are ordinary words ("van", "der")."""
        if self.identity is None:
            return ()
        parts = re.split(r"[\s,]+", self.identity.name)
        return tuple(p for p in parts if len(p) >= 3 and p.casefold() not in PARTICLES)


def pattern_for(stored: StoredIdentity) -> re.Pattern[str] | None:
    """A pattern matching any identifier of the case, longest first, ignoring case.

    Whole identifiers match anywhere; a part of the name matches as a whole word only, so a
    name such as "Ria" does not mangle "materiaal".
    """
    values = sorted(
        {v.strip() for v in stored.values() if len(v.strip()) >= 3}, key=len, reverse=True
    )
    parts = sorted(set(stored.name_parts()) - set(values), key=len, reverse=True)
    options = [re.escape(v) for v in values] + [rf"(?<!\w){re.escape(p)}(?!\w)" for p in parts]
    if not options:
        return None
    return re.compile("|".join(options), re.IGNORECASE)


def scrub_text(text: str, pattern: re.Pattern[str] | None) -> str:
    return pattern.sub(REDACTED, text) if pattern is not None and text else text


def _scrub(value: Any, pattern: re.Pattern[str], key: str = "") -> Any:
    if key in _NOT_TEXT:
        return value
    if isinstance(value, str):
        return scrub_text(value, pattern)
    if isinstance(value, list):
        return [_scrub(v, pattern, key) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, pattern, k) for k, v in value.items()}
    return value


def split(case: Case, case_id: str) -> tuple[dict[str, Any], StoredIdentity]:
    """The pseudonymous case document for the event log, and what goes to the identity table."""
    stored = StoredIdentity(case.identity, case.reference)
    clean = pseudonymise(case)
    document = unstructure(clean)
    document["reference"] = case_id
    document.pop("identity", None)
    pattern = pattern_for(stored)
    if pattern is not None:
        document = _scrub(document, pattern)
        document["reference"] = case_id
    return document, stored
