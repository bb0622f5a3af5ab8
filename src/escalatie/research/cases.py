"""Case documents for a comparison, read one at a time.

A ``.json`` file holds one case document; a ``.jsonl`` file holds one case document per line
(blank lines skipped), so a large comparison can be fed from one file without loading it whole.
Errors name the file, the line for ``.jsonl``, and the JSON path; a ``.jsonl`` file without
any case (empty, or blank lines only) is an error too, not an empty comparison.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from escalatie.case import Case
from escalatie.documents import (
    MAX_DOCUMENT_CHARS,
    parse_json,
    structure,
    structured_quickly,
    too_large,
)
from escalatie.errors import EscalatieError, InvalidDocument


def pseudonym_key() -> bytes:
    """The key of case pseudonyms (:func:`escalatie.secret.derived_key`), derived once a run."""
    from escalatie.secret import derived_key

    return derived_key("pseudonym")


def named_by_pseudonym(case: Case, key: bytes) -> Case:
    """The case named by its keyed pseudonym (``casus-…``), never by its own reference, which
    may link back to a person's file (docs/privacy.md); what ``compare`` does unless
    ``--show-reference``.

    Equal to ``attrs.evolve(case, reference=pseudonym(...))``, without running every
    validator of the case again: only the reference changes, and a pseudonym is always a valid
    reference (``casus-`` and 12 hex digits). Compare renames every case it reads.
    """
    from escalatie.privacy import copy_with, pseudonym

    return copy_with("reference")(case, pseudonym(case.reference, key))


def case_lines(path: str) -> Iterator[tuple[str, str]]:
    """The non-blank lines of a ``.jsonl`` file as ``(file:line, text)``, unparsed, streamed.

    Reading errors (a missing file, bytes that are not UTF-8) and a file without any case are
    one-line errors naming the file. ``compare --jobs`` reads lines here and parses them in its
    worker processes with :func:`case_from_line`.
    """
    found = False
    limit = MAX_DOCUMENT_CHARS + 1
    try:
        with Path(path).open(encoding="utf-8") as handle:
            # Read at most one case's limit a line: an endless line (a link to /dev/zero) is
            # one error, not all of memory.
            for number, line in enumerate(iter(lambda: handle.readline(limit), ""), start=1):
                if len(line) == limit and not line.endswith("\n"):
                    raise EscalatieError(f"{path}:{number}: {too_large(MAX_DOCUMENT_CHARS)}")
                if not line.strip():
                    continue
                found = True
                yield f"{path}:{number}", line
    except FileNotFoundError:
        raise EscalatieError(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise EscalatieError(f"{path}: cannot be read ({exc.reason})") from None
    except OSError as exc:
        raise EscalatieError(f"{path}: cannot be read ({exc.strerror})") from None
    if not found:
        raise EscalatieError(f"{path}: no cases")


def case_from_line(line: str, where: str) -> Case:
    """One line of a ``.jsonl`` file as a case; problems name ``where`` (file and line).

    A well-formed line is read by :func:`~escalatie.documents.structured_quickly`; anything
    else by :func:`~escalatie.documents.parse_json` and :func:`structure`, for their errors."""
    quick = structured_quickly(line, Case)
    if quick is not None:
        return quick
    data = parse_json(line, where)  # its errors name the file and line already
    try:
        return structure(data, Case)
    except InvalidDocument as exc:
        raise InvalidDocument([f"{where}: {p}" for p in exc.problems]) from None
