"""Register listings as CSV or JSON Lines, for a data frame (``case list --format csv``).

The columns are the ``--json`` keys, in their order, so ``pandas.read_csv`` and
``pandas.read_json(..., lines=True)`` give the same frame. Listings hold pseudonyms only, as
``--json`` does. Every CSV text cell goes through :func:`escalatie.neutralise.spreadsheet.csv_cell`
so a spreadsheet never runs a cell as a formula; ``None`` is an empty cell, true/false are
written as such, and a list or table is its JSON text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

FORMATS = ("text", "json", "csv", "jsonl")

F = TypeVar("F", bound=Callable[..., Any])


def format_option(f: F) -> F:
    """``--format text|json|csv|jsonl`` of a register listing (``case list``, ``signals``,
    ``signal list``, ``agreements``)."""
    from escalatie.cli.common import Choice

    return click.option(
        "--format",
        "fmt",
        type=Choice(FORMATS),
        default=None,
        help="text (default), json (as --json), or csv / jsonl for a data frame: the --json "
        "columns, pseudonyms only, CSV cells neutralised for spreadsheets.",
    )(f)


def chosen_format(fmt: str | None, as_json: bool) -> str:
    """The format ``--format`` and ``--json`` ask for together; both, differing: usage error."""
    if as_json and fmt not in (None, "json"):
        raise click.UsageError(f"--json and --format {fmt}: give one of the two")
    return "json" if as_json else fmt or "text"


def emit_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str) -> bool:
    """``rows`` written to standard output as ``fmt`` (json, csv or jsonl); False for text,
    which the listing prints in its own way."""
    from escalatie.cli.common import echo, emit_json

    if fmt == "json":
        emit_json(list(rows))
    elif fmt == "csv":
        echo(rows_csv(rows, columns), nl=False)
    elif fmt == "jsonl":
        echo(rows_jsonl(rows), nl=False)
    else:
        return False
    return True


def _cell(value: Any) -> str:
    import json

    from escalatie.neutralise.spreadsheet import csv_cell

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return csv_cell(value)
    return csv_cell(json.dumps(value, ensure_ascii=False))


def rows_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """``rows`` as CSV with a header of ``columns`` (the header too, even without rows)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def rows_jsonl(rows: Sequence[dict[str, Any]]) -> str:
    """``rows`` as JSON Lines: one object per line, the ``--json`` objects as they are."""
    import json

    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
