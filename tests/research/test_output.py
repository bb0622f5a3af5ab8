"""Output formats: every format can be read back; the table is aligned."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from escalatie.research.output import CSV_CELLS, CsvLines, _cell, write_rows

COLUMNS = ("case", "eligible", "reasons", "days", "note")
ROWS = [
    ("A-1", True, ("r.one", "r.two"), 3, "a | pipe"),
    ("B-2", False, (), None, ""),
]


def _write(fmt: str) -> str:
    out = io.StringIO()
    assert write_rows(iter(ROWS), COLUMNS, fmt, out) == 2
    return out.getvalue()


def test_csv_reads_back_with_lists_joined_by_semicolons() -> None:
    rows = list(csv.DictReader(io.StringIO(_write("csv"))))
    assert rows[0] == {
        "case": "A-1",
        "eligible": "true",
        "reasons": "r.one;r.two",
        "days": "3",
        "note": "a | pipe",
    }
    assert rows[1]["days"] == "" and rows[1]["eligible"] == "false"


def test_json_is_an_array_of_objects_with_lists_and_nulls() -> None:
    data = json.loads(_write("json"))
    assert data[0]["reasons"] == ["r.one", "r.two"]
    assert data[1] == {"case": "B-2", "eligible": False, "reasons": [], "days": None, "note": ""}


def test_json_of_no_rows_is_an_empty_array() -> None:
    out = io.StringIO()
    write_rows([], COLUMNS, "json", out)
    assert json.loads(out.getvalue()) == []


def test_markdown_has_a_header_separator_and_escaped_pipes() -> None:
    lines = _write("markdown").splitlines()
    assert lines[0] == "| case | eligible | reasons | days | note |"
    assert lines[1] == "|---|---|---|---|---|"
    assert lines[2] == "| A-1 | yes | r.one;r.two | 3 | a \\| pipe |"
    assert len(lines) == 4


def test_table_columns_line_up() -> None:
    lines = _write("table").splitlines()
    start = lines[0].index("eligible")
    assert lines[2][start:].startswith("yes") and lines[3][start:].startswith("no")
    assert set(lines[1].replace(" ", "")) == {"-"}


def test_unknown_format_is_refused() -> None:
    with pytest.raises(
        ValueError, match="format: expected one of table, csv, json, jsonl, markdown, parquet"
    ):
        write_rows([], COLUMNS, "xml", io.StringIO())
    with pytest.raises(ValueError, match="format: parquet is binary"):
        write_rows([], COLUMNS, "parquet", io.StringIO())


def test_json_lines_is_one_object_per_line() -> None:
    lines = _write("jsonl").splitlines()
    assert [json.loads(line) for line in lines] == json.loads(_write("json"))


def test_the_command_line_offers_every_format() -> None:
    from escalatie.cli.research import FORMAT_CHOICES
    from escalatie.research.output import FORMATS

    assert FORMAT_CHOICES == FORMATS


def test_csv_reuse_of_repeated_cells_matches_the_csv_module() -> None:
    rows = [
        ("A-1", True, ("r",), 1, "x"),
        ("A-2", True, ("r",), 1, "x"),  # same tail as above, from the cache
        ('needs "quotes", here', False, (), None, "a,b"),
        ("L-3", [1, 2], (), None, ""),  # unhashable cell
    ]
    out = io.StringIO()
    write_rows(rows, COLUMNS, "csv", out)
    back = list(csv.reader(io.StringIO(out.getvalue())))
    assert back[1:] == [
        ["A-1", "true", "r", "1", "x"],
        ["A-2", "true", "r", "1", "x"],
        ['needs "quotes", here', "false", "", "", "a,b"],
        ["L-3", "1;2", "", "", ""],
    ]


_CELL_TEXT = st.text(alphabet=st.sampled_from(list("ab ,\"\r\n;=+-@\t'é")), max_size=6)
_VALUES = st.one_of(
    _CELL_TEXT,
    st.booleans(),
    st.integers(-2, 2),
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False, width=16),
    st.tuples(_CELL_TEXT, _CELL_TEXT),
    st.tuples(st.booleans(), st.integers(0, 1)),
)


@settings(max_examples=60, deadline=None)
@example([[False, None], [0, None]])  # equal tails written apart (found by this test)
@example([[1.0], [1], [True], [0.0], [-0.0]])
@given(st.lists(st.lists(_VALUES, min_size=2, max_size=4), min_size=1, max_size=12))
def test_csv_lines_are_the_csv_writer_s_bytes(tails: list[list[object]]) -> None:
    """Cells kept per column and joined by commas (issue 16) give the bytes csv.writer writes
    for the same cells: quoting, an empty single cell, True against 1 and 0.0 against -0.0 in
    one column, tuples of strings and of other values."""
    width = max(len(t) for t in tails)
    columns = tuple(f"c{i}" for i in range(width + 1))
    lines = CsvLines(columns)
    for values in tails:
        row = ("case", *values, *[""] * (width - len(values)))
        cells = ["case", *(_cell(CSV_CELLS, v) for v in row[1:])]
        expected = io.StringIO()
        csv.writer(expected, lineterminator="\n").writerow(cells)
        assert lines.line(row) == expected.getvalue()
        tail = io.StringIO()
        csv.writer(tail, lineterminator="\n").writerow(cells[1:])
        assert lines.tail(row[1:]) == tail.getvalue()


_NESTED = st.recursive(
    st.one_of(_CELL_TEXT, st.booleans(), st.integers(-1, 1), st.none(),
              st.sampled_from([0.0, -0.0, 1.0])),
    lambda inner: st.tuples(inner, inner) | st.tuples(inner),
    max_leaves=4,
)  # fmt: skip


@settings(max_examples=80, deadline=None)
@example([[(True, "x"), 1], [(1, "x"), 1]])  # attacker review of 1a5abc1: b,True;x,1
@example([[(0.0,)], [(-0.0,)]])
@example([[((False,), "x")], [((0,), "x")]])
@given(st.lists(st.lists(_NESTED, min_size=1, max_size=3), min_size=2, max_size=8))
def test_a_row_written_after_any_other_is_the_row_written_alone(
    tails: list[list[object]],
) -> None:
    """The row-tail cache never hands one row the text of an equal but different row: nested
    tuples of booleans, numbers and floats included (``(True, 'x') == (1, 'x')``)."""
    width = max(len(t) for t in tails)
    columns = tuple(f"c{i}" for i in range(width + 1))
    lines = CsvLines(columns)
    for values in tails:
        row = ("case", *values, *[""] * (width - len(values)))
        assert lines.line(row) == CsvLines(columns).line(row)
