"""Case documents for a comparison, read one at a time.

A ``.json`` file holds one case document; a ``.jsonl`` file holds one case document per line
(blank lines skipped), so a large comparison can be fed from one file without loading it whole.
Errors name the file, the line for ``.jsonl``, and the JSON path; a ``.jsonl`` file without
any case (empty, or blank lines only) is an error too, not an empty comparison.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from escalatie.case import Case
from escalatie.documents import load_case, parse_json, structure
from escalatie.errors import EscalatieError, InvalidDocument


def read_cases(paths: Iterable[str]) -> Iterator[Case]:
    """Cases from the files in order, streamed."""
    for path in paths:
        if path.endswith(".jsonl"):
            yield from _lines(path)
        else:
            yield load_case(path)


def _lines(path: str) -> Iterator[Case]:
    found = False
    try:
        with Path(path).open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                data = parse_json(line, where)  # its errors name the file and line already
                try:
                    case = structure(data, Case)
                except InvalidDocument as exc:
                    raise InvalidDocument([f"{where}: {p}" for p in exc.problems]) from None
                found = True
                yield case
    except FileNotFoundError:
        raise EscalatieError(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise EscalatieError(f"{path}: cannot be read ({exc.reason})") from None
    except OSError as exc:
        raise EscalatieError(f"{path}: cannot be read ({exc.strerror})") from None
    if not found:
        raise EscalatieError(f"{path}: no cases")
