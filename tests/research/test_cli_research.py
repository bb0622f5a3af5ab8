"""The compare and simulate commands: formats, files, errors and exit codes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from escalatie.case import Case, Identity
from escalatie.cli import cli, main
from escalatie.documents import dump_json
from escalatie.plugins import Registry
from escalatie.privacy import pseudonym

MakeCase = Callable[..., Case]
AT = ["--at", "2026-03-02T08:00"]


@pytest.fixture(autouse=True)
def only_synthetic(monkeypatch: pytest.MonkeyPatch, synthetic_registry: Registry) -> None:
    """The commands see the two synthetic models and one example case."""
    monkeypatch.setattr("escalatie.cli.research.registry", lambda: synthetic_registry)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def write_case(tmp_path: Path, case: Case, name: str = "case.json") -> str:
    path = tmp_path / name
    path.write_text(dump_json(case), encoding="utf-8")
    return str(path)


def test_compare_without_cases_is_a_usage_error() -> None:
    code, _, err = run("compare")
    assert code == 2
    assert "give one or more CASE.json files, --examples, or --features" in err


def test_compare_examples_as_csv_gives_a_row_per_case_and_model() -> None:
    code, out, _ = run("compare", "--examples", "--format", "csv", *AT)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    named = pseudonym("R-1")  # the keyed pseudonym, never the case's own reference
    assert [(r["case"], r["model"]) for r in rows] == [(named, "mailbox"), (named, "table")]
    assert rows[1]["route"] == "step0" and rows[1]["eligible"] == "true"


def test_compare_files_as_json_with_selected_models(
    tmp_path: Path, make_case: MakeCase, invented_identity: Identity
) -> None:
    path = write_case(tmp_path, make_case("KIND-7", identity=invented_identity))
    code, out, _ = run("compare", path, "--models", "table", "--format", "json", *AT)
    assert code == 0
    [row] = json.loads(out)
    assert row["case"] == pseudonym("KIND-7") and row["model"] == "table"
    for value in invented_identity.values():
        assert value not in out
    code, out, _ = run(
        "compare", path, "--models", "table", "--format", "json", "--show-reference", *AT
    )
    assert code == 0 and json.loads(out)[0]["case"] == "KIND-7"


def test_compare_markdown_and_table(tmp_path: Path, make_case: MakeCase) -> None:
    path = write_case(tmp_path, make_case())
    code, out, _ = run("compare", path, "--format", "markdown", *AT)
    assert code == 0 and out.startswith("| case | model |") and out.count("\n") == 4
    code, out, _ = run("compare", path, *AT)
    assert code == 0 and out.splitlines()[0].split()[:2] == ["case", "model"]


def test_compare_reads_json_lines_and_names_the_bad_line(
    tmp_path: Path, make_case: MakeCase
) -> None:
    good = json.dumps(json.loads(dump_json(make_case("L-1"))))
    path = tmp_path / "cases.jsonl"
    path.write_text(f"{good}\n\n{good.replace('L-1', 'L-2')}\n", encoding="utf-8")
    code, out, _ = run("compare", str(path), "--format", "csv", *AT)
    assert code == 0
    cases = [pseudonym(r) for r in ("L-1", "L-1", "L-2", "L-2")]
    assert [r["case"] for r in csv.DictReader(io.StringIO(out))] == cases
    path.write_text(f'{good}\n{{"reference": 5}}\n', encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["compare", str(path), "--format", "csv", *AT])
    assert exit_info.value.code == 1


def test_compare_bad_file_is_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["compare", str(tmp_path / "missing.json"), *AT])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.strip() == f"error: {tmp_path / 'missing.json'}: file not found"


def test_compare_unknown_model_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["compare", "--examples", "--models", "tabel", *AT])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown model 'tabel'" in err and "'table'" in err


def test_compare_empty_model_name_is_a_usage_error() -> None:
    code, _, err = run("compare", "--examples", "--models", "table,,mailbox")
    assert code == 2 and "--models: expected comma-separated model names" in err


def test_compare_writes_a_file_only_when_complete(tmp_path: Path, make_case: MakeCase) -> None:
    good = write_case(tmp_path, make_case())
    target = tmp_path / "out" / "rows.csv"
    target.parent.mkdir()  # -o writes into an existing folder only
    code, _, err = run("compare", good, "--format", "csv", "-o", str(target), *AT)
    assert code == 0 and "wrote" in err
    assert target.read_text(encoding="utf-8").startswith("case,model,")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    target.unlink()
    code, _, _ = run("compare", good, str(bad), "--format", "csv", "-o", str(target), *AT)
    assert code == 1
    assert not target.exists()
    assert list(target.parent.iterdir()) == []


def test_features_matrix_per_model() -> None:
    code, out, _ = run("compare", "--features", "--format", "json", *AT)
    assert code == 0
    rows = {r["model"]: r for r in json.loads(out)}
    table, mailbox = rows["table"], rows["mailbox"]
    assert table["family_at_table"] is True and table["board_escalation"] is True
    assert table["budget"] is True and table["time_box_minutes"] == [30]
    assert table["cadence_per_month"] > 3.5  # two series every two weeks, less holidays
    assert mailbox["on_request"] is True and mailbox["family_direct"] is True
    assert mailbox["cadence_per_month"] == 0
    assert table["learning"] == ["leerlijnen"] and table["temporary"] is False


def test_features_with_cases_is_a_usage_error() -> None:
    code, _, err = run("compare", "--features", "--examples")
    assert code == 2 and "--features" in err


def test_simulate_is_byte_identical_for_the_same_seed() -> None:
    args = [
        "simulate",
        "--cases-per-month",
        "12",
        "--months",
        "6",
        "--seed",
        "7",
        "--format",
        "csv",
    ]
    first, second = run(*args), run(*args)
    assert first[0] == 0 and first[1] == second[1]
    other = run(*args[:-3], "8", "--format", "csv")
    assert other[1] != first[1]


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--cases-per-month", "0", "Invalid value for '--cases-per-month'"),
        ("--months", "0", "Invalid value for '--months'"),
        ("--runs", "0", "Invalid value for '--runs'"),
        ("--seed", "x", "Invalid value for '--seed'"),
        ("--months", "999999999", "999999999 is not in the range 1<=x<=600"),
        ("--cases-per-month", "99999999999", "is not in the range 1<=x<=100000"),
        ("--runs", "1001", "is not in the range 1<=x<=1000"),
        ("--runs", "1000", "expected at most 2,000,000 cases in all, got 10,000,000"),
    ],
)
def test_simulate_refuses_bad_numbers(option: str, value: str, message: str) -> None:
    args = {"--cases-per-month": "5", "--months": "2", "--seed": "1", "--runs": "1"}
    if value == "1000":  # within each bound, but 5000 × 2 × 1000 cases in all
        args["--cases-per-month"] = "5000"
    args[option] = value
    code, _, err = run("simulate", *[x for pair in args.items() for x in pair])
    assert code == 2 and message in err


def test_simulate_bad_start_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(
            [
                "simulate",
                "--cases-per-month",
                "5",
                "--months",
                "2",
                "--seed",
                "1",
                "--start",
                "1-1-2026",
            ]
        )
    assert exit_info.value.code == 1
    assert capsys.readouterr().err.strip() == (
        "error: --start: expected a date as YYYY-MM-DD, got '1-1-2026' (did you mean 2026-01-01?)"
    )


@pytest.mark.parametrize("start", ["9999-06-01", "0001-01-01"])
def test_simulate_start_out_of_range_is_one_line(
    start: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(
            ["simulate", "--cases-per-month", "5", "--months", "2", "--seed", "1", "--start", start]
        )
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("error: --start: expected") and err.count("\n") == 1


@pytest.mark.parametrize("content", ["", "\n  \n\n"])
@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_compare_jsonl_without_cases_is_an_error(
    tmp_path: Path, content: str, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["compare", str(path), "--format", fmt, *AT])
    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    assert captured.err == f"error: {path}: no cases\n"
    assert captured.out == ""  # not even a header


def test_simulate_progress_bar_on_request() -> None:
    code, _, err = run(
        "simulate",
        "--cases-per-month",
        "5",
        "--months",
        "2",
        "--seed",
        "1",
        "--runs",
        "3",
        "--progress",
    )
    assert code == 0 and "simulating" in err


def test_simulate_plot_is_a_png_that_is_not_blank(tmp_path: Path) -> None:
    target = tmp_path / "waits.png"
    code, out, _ = run(
        "simulate", "--cases-per-month", "20", "--months", "6", "--seed", "3", "--plot", str(target)
    )
    assert code == 0 and "wait_median_days" in out
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    from matplotlib.image import imread

    pixels = imread(str(target))
    assert pixels.shape[0] > 100 and pixels.shape[1] > 100
    assert float(pixels[..., :3].std()) > 0.01  # more than one colour: something was drawn


def test_simulate_plot_needs_a_png_name(tmp_path: Path) -> None:
    code, _, err = run(
        "simulate",
        "--cases-per-month",
        "2",
        "--months",
        "1",
        "--seed",
        "3",
        "--plot",
        str(tmp_path / "w.jpg"),
    )
    assert code == 2 and "--plot: expected a file name ending in .png" in err
