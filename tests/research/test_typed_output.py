"""Typed output for researchers: Parquet, JSON Lines and CSV read back by pyarrow, DuckDB, pandas.

These run the real command over the installed models and their example cases, as a
researcher would, and check the types each reader sees.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from escalatie.cli import cli, main
from escalatie.clock import AMSTERDAM
from escalatie.research.columns import Kind
from escalatie.research.compare import COMPARE_ROW, NOTE_ON_REQUEST, CompareRow
from escalatie.research.features import FEATURE_ROW, FeatureRow
from escalatie.research.output import write_rows
from escalatie.research.parquet import write_parquet
from escalatie.research.simulate import SIMULATION_ROW

AT = ["--at", "2026-03-02T08:00"]
SIMULATE = ["simulate", "--cases-per-month", "8", "--months", "4", "--seed", "2"]


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def duckdb_types(path: Path) -> dict[str, str]:
    described = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
    return {name: kind for name, kind, *_ in described}


DUCKDB_TYPES = {
    Kind.TEXT: "VARCHAR",
    Kind.BOOLEAN: "BOOLEAN",
    Kind.INTEGER: "BIGINT",
    Kind.NUMBER: "DOUBLE",
    Kind.TIMESTAMP: "TIMESTAMP WITH TIME ZONE",
    Kind.TEXT_LIST: "VARCHAR[]",
    Kind.INTEGER_LIST: "BIGINT[]",
    Kind.NUMBER_LIST: "DOUBLE[]",
}


def test_compare_parquet_reads_back_in_duckdb_with_typed_columns(tmp_path: Path) -> None:
    target = tmp_path / "compare.parquet"
    run("compare", "--examples", "--format", "parquet", "-o", str(target), *AT)
    types = duckdb_types(target)
    assert types == {c.name: DUCKDB_TYPES[c.kind] for c in COMPARE_ROW.columns}
    assert types["eligible"] == "BOOLEAN"
    assert types["next_meeting"] == "TIMESTAMP WITH TIME ZONE"
    [(earliest, days)] = duckdb.sql(
        f"SELECT next_meeting, days_to_forum FROM read_parquet('{target}') "
        "WHERE next_meeting IS NOT NULL ORDER BY next_meeting LIMIT 1"
    ).fetchall()
    assert earliest.utcoffset() is not None and days >= 0
    assert earliest >= datetime(2026, 3, 2, 8, 0, tzinfo=AMSTERDAM)


def test_compare_parquet_holds_the_same_rows_as_json(tmp_path: Path) -> None:
    target = tmp_path / "compare.parquet"
    run("compare", "--examples", "--format", "parquet", "-o", str(target), *AT)
    from_json = json.loads(run("compare", "--examples", "--format", "json", *AT))
    table = pq.read_table(target)
    assert table.schema.field("next_meeting").type == pa.timestamp("us", tz="Europe/Amsterdam")
    assert table.schema.field("reasons").type == pa.list_(pa.string())
    assert table.schema.field("days_to_forum").type == pa.int64()
    assert table.schema.field("days_to_forum").metadata[b"description"].startswith(b"Calendar")
    rows = table.to_pylist()
    assert len(rows) == len(from_json) > 0
    for got, want in zip(rows, from_json, strict=True):
        stamp = want.pop("next_meeting")
        moment = got.pop("next_meeting")
        assert moment == (None if stamp is None else datetime.fromisoformat(stamp))
        assert got == want


def test_simulate_parquet_has_the_backlog_as_a_list_of_numbers(tmp_path: Path) -> None:
    target = tmp_path / "simulate.parquet"
    run(*SIMULATE, "--format", "parquet", "-o", str(target))
    types = duckdb_types(target)
    assert types == {c.name: DUCKDB_TYPES[c.kind] for c in SIMULATION_ROW.columns}
    assert types["backlog_per_month"] == "DOUBLE[]" and types["served"] == "BIGINT"
    backlogs = duckdb.sql(f"SELECT len(backlog_per_month) FROM read_parquet('{target}')").fetchall()
    assert backlogs and all(n == 4 for (n,) in backlogs)


def test_simulate_backlog_is_a_list_in_json_lines_and_joined_in_csv() -> None:
    lines = run(*SIMULATE, "--format", "jsonl").splitlines()
    first = json.loads(lines[0])
    assert isinstance(first["backlog_per_month"], list) and len(first["backlog_per_month"]) == 4
    assert all(isinstance(v, float) for v in first["backlog_per_month"])
    row = next(csv.DictReader(io.StringIO(run(*SIMULATE, "--format", "csv"))))
    assert row["backlog_per_month"] == ";".join(str(v) for v in first["backlog_per_month"])


def test_feature_matrix_as_parquet(tmp_path: Path) -> None:
    target = tmp_path / "features.parquet"
    run("compare", "--features", "--format", "parquet", "-o", str(target), *AT)
    assert duckdb_types(target) == {c.name: DUCKDB_TYPES[c.kind] for c in FEATURE_ROW.columns}


def test_json_lines_is_one_object_per_line_equal_to_json() -> None:
    lines = run("compare", "--examples", "--format", "jsonl", *AT).splitlines()
    assert [json.loads(line) for line in lines] == json.loads(
        run("compare", "--examples", "--format", "json", *AT)
    )


def test_json_lines_rows_match_the_published_row_schema() -> None:
    import jsonschema

    schema = json.loads(run("schema", "compare-row"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert list(schema["properties"]) == list(COMPARE_ROW.names)
    assert all(p["description"] and p["type"] for p in schema["properties"].values())
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for line in run("compare", "--examples", "--format", "jsonl", *AT).splitlines():
        validator.validate(json.loads(line))
    assert schema["properties"]["next_meeting"]["format"] == "date-time"
    simulate_schema = json.loads(run("schema", "simulate-row"))
    for line in run(*SIMULATE, "--format", "jsonl").splitlines():
        jsonschema.validate(json.loads(line), simulate_schema)


def test_pandas_reads_the_csv_with_a_utc_column_and_integers() -> None:
    text = run("compare", "--examples", "--format", "csv", *AT)
    header = text.splitlines()[0].split(",")
    assert header.index("next_meeting_utc") == header.index("next_meeting") + 1
    # As docs/research.md advises: parse the UTC column, and Int64 for a column that may be empty.
    frame = pd.read_csv(
        io.StringIO(text), parse_dates=["next_meeting_utc"], dtype={"days_to_forum": "Int64"}
    )
    stamp = frame["next_meeting_utc"].dtype
    assert isinstance(stamp, pd.DatetimeTZDtype) and str(stamp.tz) == "UTC"
    assert str(frame["days_to_forum"].dtype) == "Int64"
    assert frame["eligible"].dtype == bool and frame["family_direct"].dtype == bool
    planned = frame.dropna(subset=["next_meeting_utc"])
    assert not planned.empty
    for local, utc in zip(planned["next_meeting"], planned["next_meeting_utc"], strict=True):
        assert datetime.fromisoformat(local) == utc.to_pydatetime()


def test_csv_integers_stay_integers_when_no_cell_is_empty() -> None:
    out = io.StringIO()
    write_rows([_row("A"), _row("B", "2026-07-06T14:00:00+02:00")], COMPARE_ROW, "csv", out)
    frame = pd.read_csv(io.StringIO(out.getvalue()), parse_dates=["next_meeting_utc"])
    assert str(frame["days_to_forum"].dtype) == "int64"
    assert str(frame["next_meeting_utc"].dt.tz) == "UTC"


def test_csv_utc_copy_is_the_same_instant_ending_in_z() -> None:
    row = _row(next_meeting="2026-07-06T14:00:00+02:00")
    out = io.StringIO()
    write_rows([row, _row(next_meeting=None)], COMPARE_ROW, "csv", out)
    back = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert back[0]["next_meeting_utc"] == "2026-07-06T12:00:00Z"
    assert back[1]["next_meeting"] == back[1]["next_meeting_utc"] == ""


def test_parquet_through_a_pipe_reads_back(tmp_path: Path) -> None:
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "escalatie", *SIMULATE, "--format", "parquet"],
        capture_output=True,
        timeout=120,
        check=True,
    )
    table = pq.read_table(pa.BufferReader(done.stdout))
    assert table.schema.field("backlog_per_month").type == pa.list_(pa.float64())
    assert table.num_rows > 0


def test_parquet_without_pyarrow_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    target = tmp_path / "out.parquet"
    with pytest.raises(SystemExit) as exit_info:
        main([*SIMULATE, "--format", "parquet", "-o", str(target)])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "pip install 'escalatie[parquet]'" in err and "--format parquet" in err
    assert list(tmp_path.iterdir()) == []


def test_pyarrow_is_imported_only_for_parquet() -> None:
    import subprocess

    code = (
        "import sys; from escalatie.cli import main\n"
        "try:\n"
        "    main(['compare', '--examples', '--format', 'jsonl', '--at', '2026-03-02T08:00'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write(str('pyarrow' in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stderr.endswith("False"), done.stderr


def _row(case: str = "R-1", next_meeting: str | None = "2026-03-05T09:00:00+01:00") -> CompareRow:
    return CompareRow(
        case,
        "model-a",
        True,
        True,
        "step0",
        "step",
        ("r.one", "r.two"),
        (),
        (),
        "tafel" if next_meeting else None,
        next_meeting,
        3 if next_meeting else None,
        "" if next_meeting else NOTE_ON_REQUEST,
        True,
        ("budget",),
        False,
        ("care",),
        (),
        ("cce",),
    )


def _rows(count: int) -> Iterator[CompareRow]:
    for i in range(count):
        yield _row(f"C-{i}", None if i % 3 else "2026-03-05T09:00:00+01:00")


def test_parquet_is_written_in_row_groups_as_rows_come(tmp_path: Path) -> None:
    target = tmp_path / "rows.parquet"
    assert write_parquet(_rows(250), COMPARE_ROW, str(target), batch_rows=100) == 250
    meta = pq.ParquetFile(target).metadata
    assert meta.num_rows == 250 and meta.num_row_groups == 3


def test_parquet_of_no_rows_keeps_the_schema(tmp_path: Path) -> None:
    target = tmp_path / "empty.parquet"
    assert write_parquet(iter(()), FEATURE_ROW, str(target)) == 0
    assert duckdb_types(target)["budget_ceiling_eur"] == "BIGINT"
    assert pq.read_table(target).num_rows == 0


def test_an_integer_column_empty_in_every_row_stays_an_integer(tmp_path: Path) -> None:
    row = FeatureRow(
        "m", "Gemeente", (), False, (), False, None, False, False, (), 0.0, True, (), False, ()
    )
    target = tmp_path / "features.parquet"
    write_parquet([row], FEATURE_ROW, str(target))
    assert pq.read_table(target).schema.field("budget_ceiling_eur").type == pa.int64()


def _peak(fmt: str, count: int, tmp_path: Path) -> int:
    """Peak memory (Python objects and Arrow buffers) while writing ``count`` rows."""
    arrow_peak = 0

    def watched() -> Iterator[CompareRow]:
        nonlocal arrow_peak
        for row in _rows(count):
            arrow_peak = max(arrow_peak, pa.total_allocated_bytes())
            yield row

    tracemalloc.start()
    try:
        if fmt == "parquet":
            write_parquet(watched(), COMPARE_ROW, str(tmp_path / "m.parquet"), batch_rows=100)
        else:
            with open(tmp_path / f"m.{fmt}", "w", encoding="utf-8") as out:
                write_rows(watched(), COMPARE_ROW, fmt, out)
        python_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return python_peak + arrow_peak


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "markdown", "parquet"])
def test_memory_stays_flat_with_the_number_of_rows(fmt: str, tmp_path: Path) -> None:
    small, large = _peak(fmt, 400, tmp_path), _peak(fmt, 4_000, tmp_path)
    assert large < 1.5 * small + 256 * 1024, (fmt, small, large)


def test_row_descriptions_match_the_rows_they_describe() -> None:
    assert COMPARE_ROW.names == CompareRow._fields
    assert FEATURE_ROW.names == FeatureRow._fields
    assert len(SIMULATION_ROW) == len(SIMULATION_ROW.arrow_schema())
    stamps: dict[str, Any] = {c.name: c for c in COMPARE_ROW.columns if c.kind is Kind.TIMESTAMP}
    assert list(stamps) == ["next_meeting"] and stamps["next_meeting"].nullable
    assert COMPARE_ROW.csv_columns().count("next_meeting_utc") == 1


def test_utc_copy_of_a_winter_and_a_summer_meeting() -> None:
    from escalatie.research.output import utc_text

    assert utc_text("2026-01-05T09:00:00+01:00") == "2026-01-05T08:00:00Z"
    assert utc_text("2026-07-06T09:00:00+02:00") == "2026-07-06T07:00:00Z"
    assert datetime.fromisoformat("2026-07-06T07:00:00Z") == datetime(2026, 7, 6, 7, tzinfo=UTC)
