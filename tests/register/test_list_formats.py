"""``case list --format csv|jsonl``: register data into a data frame (new-user review 6, item 7)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from escalatie.cli.rows import rows_csv, rows_jsonl

from .conftest import sqlite_only

Run = Callable[..., Result]
AT = ("--at", "2026-03-03T10:00")


# The CSV and JSON lines writers are the same code on either store; one store is enough.
pytestmark = sqlite_only


def test_csv_and_jsonl_carry_the_json_columns(run: Run, case_file: Path) -> None:
    first = run("case", "new", str(case_file), "--at", "2026-03-02T10:00").stdout.strip()
    second = run("case", "new", str(case_file), "--at", "2026-03-02T11:00").stdout.strip()
    listed = run("case", "list", "--json", *AT)
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert [r["id"] for r in rows] == [first, second]

    as_csv = run("case", "list", "--format", "csv", *AT)
    assert as_csv.exit_code == 0, as_csv.output
    read = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert list(read[0]) == list(rows[0])  # the same columns, in the same order
    assert [r["id"] for r in read] == [first, second]
    assert read[0]["slot"] == "" and rows[0]["slot"] is None
    assert read[0]["open_agreements"] == str(rows[0]["open_agreements"])
    assert read[0]["submitted_at"] == rows[0]["submitted_at"]

    as_jsonl = run("case", "list", "--format", "jsonl", *AT)
    assert as_jsonl.exit_code == 0, as_jsonl.output
    assert [json.loads(line) for line in as_jsonl.stdout.splitlines()] == rows
    assert run("case", "list", "--format", "json", *AT).stdout == listed.stdout

    both = run("case", "list", "--json", "--format", "csv", *AT)
    assert both.exit_code == 2 and "--json and --format csv: give one of the two" in both.output


def test_an_empty_register_is_a_header_only() -> None:
    assert rows_csv([], ("id", "status")) == "id,status\n"
    assert rows_jsonl([]) == ""


def test_csv_cells_never_start_a_formula() -> None:
    rows = [{"id": '=HYPERLINK("http://x")', "n": 3, "ok": True, "none": None, "list": ["-1"]}]
    text = rows_csv(rows, ("id", "n", "ok", "none", "list"))
    (row,) = list(csv.reader(io.StringIO(text)))[1:]
    assert row == ['\'=HYPERLINK("http://x")', "3", "true", "", '["-1"]']


def test_signals_and_agreements_list_as_csv_and_jsonl(
    db: Path, case_file: Path, tmp_path: Path
) -> None:
    """New-user review 7: the register's other listings have ``--format`` as ``case list``
    (the installed Utrecht model, whose learning outputs name the body ``bestuur``)."""
    from escalatie.register.signals import SIGNAL_COLUMNS
    from escalatie.register.views import AGREEMENT_COLUMNS

    from .conftest import cli_with

    settings = tmp_path / "escalatie.toml"
    settings.write_text("", encoding="utf-8")
    env = {
        "ESCALATIE_DB": str(db),
        "ESCALATIE_ACTOR": "adviseur",
        "ESCALATIE_CONFIG": str(settings),
        "ESCALATIE_MODEL": "utrecht-knelpuntenzorg",
    }

    def run(*args: str) -> Result:
        return cli_with(env, *args)

    case_id = run("case", "new", str(case_file), "--at", "2026-03-02T10:00").stdout.strip()
    added = run("agreement", "add", case_id, "--action", "=SOM(A1)", "--owner", "Lokalis",
                "--due", "2026-03-30", "--lead", "Lokalis", *AT)  # fmt: skip
    assert added.exit_code == 0, added.output
    signal = run("signal", "add", "--case", case_id, "--kind", "supply", "--blocks",
                 "Geen aanbod", "--to", "bestuur", *AT)  # fmt: skip
    assert signal.exit_code == 0, signal.output
    for args, columns in (
        (("agreements",), AGREEMENT_COLUMNS),
        (("signals",), SIGNAL_COLUMNS),
        (("signal", "list"), SIGNAL_COLUMNS),
    ):
        rows = json.loads(run(*args, "--json", *AT).stdout)
        assert len(rows) == 1 and tuple(rows[0]) == columns
        as_csv = run(*args, "--format", "csv", *AT)
        assert as_csv.exit_code == 0, as_csv.output
        (read,) = csv.DictReader(io.StringIO(as_csv.stdout))
        assert tuple(read) == columns
        as_jsonl = run(*args, "--format", "jsonl", *AT)
        assert [json.loads(line) for line in as_jsonl.stdout.splitlines()] == rows
        assert run(*args, "--format", "json", *AT).stdout == run(*args, "--json", *AT).stdout
        both = run(*args, "--json", "--format", "jsonl", *AT)
        assert both.exit_code == 2 and "give one of the two" in both.output
    agreements = run("agreements", "--format", "csv", *AT).stdout
    assert "'=SOM(A1)" in agreements  # a spreadsheet does not run the cell
