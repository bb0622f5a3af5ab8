"""compare's output cannot be turned against its reader (issue 17, point 4): a reference that
a spreadsheet would run as a formula reaches a CSV cell only neutralised; escape sequences and
Markdown links in a cell reach no table or Markdown output."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from escalatie.case import Case
from escalatie.cli import cli
from escalatie.documents import dump_json
from escalatie.plugins import Registry
from escalatie.research.output import write_rows

MakeCase = Callable[..., Case]
FORMULAS = ["-2-3", '=HYPERLINK("http://evil.example","klik")', "+1+2", "@SUM(A1:A2)", "\t=1"]


@pytest.fixture(autouse=True)
def only_synthetic(monkeypatch: pytest.MonkeyPatch, synthetic_registry: Registry) -> None:
    monkeypatch.setattr("escalatie.cli.research.registry", lambda: synthetic_registry)


def compare(tmp_path: Path, cases: list[Case], fmt: str) -> str:
    paths = []
    for n, case in enumerate(cases):
        path = tmp_path / f"case{n}.json"
        path.write_text(dump_json(case), encoding="utf-8")
        paths.append(str(path))
    result = CliRunner().invoke(
        cli, ["compare", *paths, "--format", fmt, "--at", "2026-03-02T08:00", "--show-reference"]
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_formula_reference_reaches_csv_only_neutralised(
    tmp_path: Path, make_case: MakeCase
) -> None:
    """References allow letters, digits, '.', '_' and '-': '-2-3' is a valid one (rows name
    cases by their reference only with --show-reference)."""
    out = compare(tmp_path, [make_case("-2-3"), make_case("R-1")], "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {row["case"] for row in rows} == {"'-2-3", "R-1"}
    assert "\n-2-3" not in out and "'-2-3," in out


@pytest.mark.parametrize("cell", FORMULAS)
def test_every_text_cell_of_a_csv_is_neutralised(cell: str) -> None:
    out = io.StringIO()
    write_rows([(cell, cell, (cell, "b"), 3, -2)], ("a", "b", "c", "n", "m"), "csv", out)
    (row,) = list(csv.reader(io.StringIO(out.getvalue())))[1:]
    assert row[:3] == ["'" + cell, "'" + cell, "'" + cell + ";b"]
    assert row[3:] == ["3", "-2"]  # numbers the program computed stay numbers


def test_escape_sequences_and_links_are_shown_as_text_in_table_and_markdown() -> None:
    hostile = "\x1b[31m<script>[x](javascript:alert(1))"
    table, markdown = io.StringIO(), io.StringIO()
    write_rows([(hostile, 1)], ("case", "n"), "table", table)
    write_rows([(hostile, 1)], ("case", "n"), "markdown", markdown)
    assert "\x1b" not in table.getvalue()  # the sequence's rest is text a terminal shows
    assert "[31m<script>[x](javascript:alert(1))  1" in table.getvalue()
    assert "<script>" not in markdown.getvalue() and "](" not in markdown.getvalue()
    assert "&lt;script&gt;\\[x\\]\\(javascript:alert\\(1\\)\\)" in markdown.getvalue()
