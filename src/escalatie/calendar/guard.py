"""A last check before an invitation or cancellation leaves: no identifier may be in it.

The cases in it are pseudonymised (:mod:`escalatie.privacy` scrubs every free-text field of a
case), but text given beside the cases, such as a cancellation ``--reason``, is not part of any
case. This guard reads the finished iCalendar text back (unfolded and unescaped) and refuses
it if a name, BSN, address, phone number, e-mail address or date of birth from a case's identity
block occurs in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import attrs

from escalatie.case import Case
from escalatie.errors import EscalatieError
from escalatie.privacy import find_identifier, pseudonym_shape


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


def ensure_no_identity(text: str, cases: Iterable[Case], artifact: str) -> None:
    """Raise naming the case and the field (never the value) if an identifier leaked.

    Uses the same matching as :func:`escalatie.privacy.pseudonymise`: whole identifiers, a
    first name or surname on its own, other spellings of the date of birth and numbers typed
    with separators, and the case file's own reference (the artifact names the case by its
    keyed pseudonym only, :func:`escalatie.privacy.outbound`).
    """
    # The file names each case by its keyed pseudonym: hex digits, which name no one (a name
    # of the letters a-f, such as "Abe", is a word of its own between digits).
    plain = pseudonym_shape().sub("casus", readable(text))
    cases = list(cases)
    if find_identifier(plain, [c.identity for c in cases], [c.reference for c in cases]) is None:
        return  # the text folded and searched once; a case is named only when one is found
    for case in cases:
        field = find_identifier(plain, [case.identity], [case.reference])
        if field is not None:
            what = "the case file's own reference" if field == "reference" else f"identity.{field}"
            where = _case_text_holding(case)
            hint = (
                f"remove it from the case's {where}"
                if where is not None
                else "remove it from the text given with the cases (such as --reason)"
            )
            raise EscalatieError(
                f"{artifact}: case {case.reference}: {what} would appear in the file; "
                f"{hint} and retry"
            )


def _case_text_holding(case: Case) -> str | None:
    """The path of the case's own free text (``plan``, ``domains[0].need``) that holds an
    identifier of its identity as the file writes it (controls removed, line breaks kept), or
    None: the refusal then points at the text given with the cases, else at the case's text
    (not ``--reason`` when the plan holds the name)."""
    from escalatie.documents import unstructure
    from escalatie.neutralise.calendar_text import calendar_text

    document = unstructure(attrs.evolve(case, identity=None))
    document.pop("reference", None)
    for path, text in _texts(document, ""):
        if find_identifier(calendar_text(text), [case.identity], [case.reference]) is not None:
            return path
    return None


def _texts(value: object, path: str) -> Iterator[tuple[str, str]]:
    """Every text in a JSON-ready document, with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, f"{path}[{i}]")
