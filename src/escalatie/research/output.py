"""Rows out as an aligned table, CSV, JSON, JSON Lines or Markdown (Parquet: :mod:`.parquet`).

CSV, JSON, JSON Lines and Markdown are written row by row as the rows come, so a comparison of
a million cases never holds more than one case's rows. The aligned table has to know every cell
to size its columns, so it keeps the rows: use it for a terminal, and the other formats for
large runs.

Given a :class:`~escalatie.research.columns.RowDescription` instead of bare column names, the
CSV adds a UTC copy of every timestamp column (``next_meeting_utc``, ISO 8601 ending in Z), so
pandas and polars read it as a timezone-aware column without being told the offsets.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, TextIO

from escalatie.neutralise.markdown import markdown_text
from escalatie.neutralise.spreadsheet import FORMULA_START, csv_cell
from escalatie.neutralise.terminal import terminal_text
from escalatie.research.columns import Kind, RowDescription

TEXT_FORMATS: tuple[str, ...] = ("table", "csv", "json", "jsonl", "markdown")
"""The formats :func:`write_rows` writes as text."""
FORMATS: tuple[str, ...] = (*TEXT_FORMATS, "parquet")
"""Every output format; ``parquet`` is binary (:func:`escalatie.research.parquet.write_parquet`)."""

Columns = Sequence[str] | RowDescription

Cell = Callable[[Any], str]


def _join(value: Any) -> str:
    return ";".join(str(v) for v in value)


def _text_cells(yes: str, no: str, text: Callable[[str], str] = str) -> dict[type, Cell]:
    return {
        str: text,
        bool: lambda v: yes if v else no,
        int: str,
        float: lambda v: f"{v:g}",
        tuple: lambda v: text(_join(v)),
        list: lambda v: text(_join(v)),
        type(None): lambda v: "",
    }


CSV_CELLS = _text_cells("true", "false", csv_cell)  # a text cell never starts a formula
TEXT_CELLS = _text_cells("yes", "no", terminal_text)


def _cell(cells: dict[type, Cell], value: Any) -> str:
    fmt = cells.get(type(value))
    return fmt(value) if fmt is not None else str(value)


def text_cell(value: Any) -> str:
    """A value as one line of text for a reader (the table, the terminal view)."""
    return _cell(TEXT_CELLS, value).replace("\n", " ")


def _json_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def write_rows(rows: Iterable[Sequence[Any]], columns: Columns, fmt: str, out: TextIO) -> int:
    """Write ``rows`` (sequences in ``columns`` order) to ``out`` as text; return how many."""
    lines = line_format(columns, fmt)
    if lines is not None:
        return _lines(rows, lines, out)
    if fmt == "json":
        return _json(rows, columns, out)
    if fmt == "table":
        return _table(rows, columns, out)
    if fmt == "parquet":
        raise ValueError("format: parquet is binary; use escalatie.research.parquet.write_parquet")
    raise ValueError(f"format: expected one of {', '.join(FORMATS)}, got {fmt!r}")


JOIN_CACHE_SIZE = 4096
_PLAIN = re.compile(r'[^,"\r\n]*')


@lru_cache(maxsize=JOIN_CACHE_SIZE)
def utc_text(value: str | None) -> str | None:
    """An ISO 8601 timestamp with offset as the same instant in UTC, ending in Z."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value).astimezone(UTC)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


CELL_CACHE_SIZE = 4096
"""Cell texts :func:`_csv_cells` keeps: a comparison's row tails are a few thousand, built from
a few hundred distinct values per column (issue 16: formatting them cell by cell was most of
what a run's first thousand cases cost beyond the steady state, paid again in every worker)."""

_CACHED_SCALARS = frozenset({str, bool, int, type(None)})
"""Cell values cached by value and type: equal values of these types format alike (not so
floats: ``0.0 == -0.0``, written ``0`` and ``-0``)."""


_KEPT_TAIL_CELLS = _CACHED_SCALARS | {tuple}
"""The types of the cells of a row tail :meth:`CsvLines.line` may keep (a tuple only of
strings)."""


def _csv_cells(
    columns: Columns, encode: Callable[[str], str] | None = None
) -> Callable[[Sequence[Any], int], list[str]]:
    """Format values (from column ``start`` on) as CSV cells, each timestamp with its UTC copy;
    with ``encode``, each cell as that gives it (as the CSV writer writes it, for
    :meth:`CsvLines.tail`).

    A cell's text is kept per column for a string, boolean, integer, empty value or tuple of
    strings (the type is part of the key: ``True == 1``), bounded by :data:`CELL_CACHE_SIZE`;
    any other value is formatted every time."""
    stamps = frozenset(
        i
        for i, c in enumerate(columns.columns if isinstance(columns, RowDescription) else ())
        if c.kind is Kind.TIMESTAMP
    )
    known: dict[tuple[Any, ...], tuple[str, ...]] = {}
    scalars = _CACHED_SCALARS

    def cells(values: Sequence[Any], start: int) -> list[str]:
        out: list[str] = []
        for i, value in enumerate(values, start):
            cls = value.__class__
            key: tuple[Any, ...] | None = None
            if cls in scalars or (cls is tuple and all([x.__class__ is str for x in value])):
                key = (i, cls, value)
            texts = None if key is None else known.get(key)
            if texts is None:
                texts = (_cell(CSV_CELLS, value),)
                if i in stamps:
                    texts = (texts[0], _cell(CSV_CELLS, utc_text(value)))
                if encode is not None:
                    texts = tuple([encode(text) for text in texts])
                if key is not None:
                    if len(known) >= CELL_CACHE_SIZE:
                        known.clear()  # bounded, so memory stays flat on any stream
                    known[key] = texts
            out.extend(texts)
        return out

    return cells


class CsvLines:
    """CSV lines of rows, one at a time: lists joined by ';', a UTC copy of each timestamp.

    Rows of a comparison repeat everything but their first cell (the case) many times over, so
    the rest of each row is formatted once and reused from a bounded cache. The text of a row
    does not depend on the rows before it, so shards of a stream formatted apart (``compare
    --jobs``) join into the same bytes.
    """

    def __init__(self, columns: Columns) -> None:
        self.columns = columns
        self._cells = _csv_cells(columns)
        self._encoded = _csv_cells(columns, self._encode)
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\n")
        self._tails: dict[tuple[tuple[Any, ...], tuple[type, ...]], str] = {}

    def header(self) -> str:
        columns = self.columns
        return self._format(
            columns.csv_columns() if isinstance(columns, RowDescription) else list(columns)
        )

    def _format(self, cells: Iterable[str]) -> str:
        buffer = self._buffer
        buffer.seek(0)
        buffer.truncate()
        self._writer.writerow(cells)
        return buffer.getvalue()

    def line(self, row: Sequence[Any]) -> str:
        head = row[0]
        tail = tuple(row[1:])
        # The cells' types are part of the key: equal values may be written apart (True == 1
        # and False == 0 are written true/false and 1/0). Kept only when every cell is a
        # cached scalar or a tuple of strings, the rule of _csv_cells: a float never (0.0 ==
        # -0.0), nor a tuple holding other values, whose inner types the key does not see
        # ((True, 'x') == (1, 'x')).
        classes = tuple(map(type, tail))
        key = (tail, classes)
        kept = _KEPT_TAIL_CELLS.issuperset(classes) and (
            tuple not in classes
            or all([x.__class__ is str for v in tail if v.__class__ is tuple for x in v])
        )
        try:
            text = self._tails.get(key) if kept else None
        except TypeError:  # an unhashable cell: format this row the slow way
            return self._format(self._cells(row, 0))
        if text is None and not kept:
            text = self.tail(tail)
        elif text is None:
            if len(self._tails) >= JOIN_CACHE_SIZE:
                self._tails.clear()  # bounded, so memory stays flat on any stream
            text = self._tails[key] = self.tail(tail)
        if type(head) is str and _plain(head) and head[:1] not in FORMULA_START:
            return f"{head},{text}" if len(row) > 1 else f"{head}\n"
        return self._format(self._cells(row, 0))

    def head(self, value: Any) -> str | None:
        """The first cell and its comma when it is plain text (no quoting, no formula start),
        else None: then the row is written whole by :meth:`line`."""
        if type(value) is str and _plain(value) and value[:1] not in FORMULA_START:
            return value + ","
        return None

    def tail(self, values: Sequence[Any]) -> str:
        """The cells of a row after its first, as they follow :meth:`head` in :meth:`line`.

        The CSV writer quotes each cell on its own, so the cells it has encoded once are
        joined by commas here (its loop over every character was most of the cost of a new
        tail, issue 16); a single cell goes to the writer, which quotes it when empty."""
        if len(values) < 2:
            return self._format(self._cells(values, 1))
        return ",".join(self._encoded(values, 1)) + "\n"

    def _encode(self, cell: str) -> str:
        """One cell as the writer writes it in a row of several: plain text as it is, else
        quoted by the writer itself (an empty cell is written empty)."""
        if not cell or _plain(cell):
            return cell
        return self._format([cell])[:-1]


_plain = _PLAIN.fullmatch


class JsonLines:
    """JSON Lines: one object per row and line, lists as arrays, empty values as null."""

    def __init__(self, columns: Columns) -> None:
        self.columns = columns

    def header(self) -> str:
        return ""

    def line(self, row: Sequence[Any]) -> str:
        record = {c: _json_value(v) for c, v in zip(self.columns, row, strict=True)}
        return json.dumps(record, ensure_ascii=False) + "\n"


class MarkdownLines:
    """A Markdown table: the header and its rule, then one line per row."""

    def __init__(self, columns: Columns) -> None:
        self.columns = columns

    def header(self) -> str:
        columns = self.columns
        return "| " + " | ".join(columns) + " |\n" + "|" + "|".join("---" for _ in columns) + "|\n"

    def line(self, row: Sequence[Any]) -> str:
        return "| " + " | ".join(_markdown_cell(v) for v in row) + " |\n"


LineFormat = CsvLines | JsonLines | MarkdownLines

LINE_FORMATS: dict[str, type[LineFormat]] = {
    "csv": CsvLines,
    "jsonl": JsonLines,
    "markdown": MarkdownLines,
}
"""The formats whose rows are independent lines under a fixed header: rows can be formatted
anywhere (in a worker process of ``compare --jobs``) and the texts joined in order."""


def line_format(columns: Columns, fmt: str) -> LineFormat | None:
    """The line formatter of ``fmt`` for ``columns``, or None for a format that is not lines."""
    kind = LINE_FORMATS.get(fmt)
    return None if kind is None else kind(columns)


def _lines(rows: Iterable[Sequence[Any]], lines: LineFormat, out: TextIO) -> int:
    out.write(lines.header())
    line = lines.line
    count = 0
    for row in rows:
        out.write(line(row))
        count += 1
    return count


def _json(rows: Iterable[Sequence[Any]], columns: Columns, out: TextIO) -> int:
    count = 0
    out.write("[")
    for row in rows:
        record = {c: _json_value(v) for c, v in zip(columns, row, strict=True)}
        out.write(",\n  " if count else "\n  ")
        out.write(json.dumps(record, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def _markdown_cell(value: Any) -> str:
    return markdown_text(_cell(TEXT_CELLS, value))


def _table(rows: Iterable[Sequence[Any]], columns: Columns, out: TextIO) -> int:
    body = [[_cell(TEXT_CELLS, v).replace("\n", " ") for v in row] for row in rows]
    widths = [len(c) for c in columns]
    for cells in body:
        for i, text in enumerate(cells):
            widths[i] = max(widths[i], len(text))

    def line(cells: Sequence[str]) -> str:
        return "  ".join(t.ljust(w) for t, w in zip(cells, widths, strict=True)).rstrip() + "\n"

    out.write(line(list(columns)))
    out.write(line(["-" * w for w in widths]))
    for cells in body:
        out.write(line(cells))
    return len(body)
