"""A last check before an artifact leaves: no identifier of any case may be in the text.

Artifacts are built from pseudonymised cases (:mod:`escalatie.privacy`), but free text typed
elsewhere (a party's organisation, a cancellation reason) is not scrubbed there. This guard
reads the finished iCalendar text back (unfolded and unescaped) and refuses it if a name, BSN,
address, phone number, e-mail address or date of birth from an identity block occurs in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from escalatie.case import Case
from escalatie.errors import EscalatieError

FIELDS = ("name", "bsn", "address", "phone", "email")


def readable(text: str) -> str:
    """The text as a reader sees it: lines unfolded, TEXT escapes undone."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    return (
        unfolded.replace("\\n", "\n")
        .replace("\\N", "\n")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
    )


def _values(case: Case) -> list[tuple[str, str]]:
    identity = case.identity
    if identity is None:
        return []
    out = [(f, str(getattr(identity, f))) for f in FIELDS]
    if identity.date_of_birth is not None:
        dob = identity.date_of_birth
        out += [("date_of_birth", dob.isoformat()), ("date_of_birth", dob.strftime("%Y%m%d"))]
    return [(f, v.strip()) for f, v in out if len(v.strip()) >= 3]


def ensure_no_identity(text: str, cases: Iterable[Case], artifact: str) -> None:
    """Raise naming the case and the field (never the value) if an identifier leaked."""
    plain = readable(text)
    for case in cases:
        for name, value in _values(case):
            pattern = r"(?<![\w])" + re.escape(value) + r"(?![\w])"
            if re.search(pattern, plain, re.IGNORECASE):
                raise EscalatieError(
                    f"{artifact}: case {case.reference}: identity.{name} would appear in the "
                    "file; remove it from the text fields (organisation names, reason) and retry"
                )
