"""The ``examples`` command, and the example models reached through the CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from escalatie.cli import cli, main
from escalatie_examples.cases import CATALOGUE

MY_MODELS = ("helmond-trajectregie", "rotterdam-zorgconsulaat", "groningen-3d", "hlt-ontschotter")


def test_examples_lists_name_title_age_domains_source():
    result = CliRunner().invoke(cli, ["examples", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.output)}
    assert set(CATALOGUE) <= set(rows)
    row = rows["zevenjarige-vervoer"]
    assert row["age"] == 7
    assert row["domains"] == ["education", "daily_life", "work_and_income"]
    assert row["source"].startswith("seed 002")
    assert row["title"] == CATALOGUE["zevenjarige-vervoer"]

    text = CliRunner().invoke(cli, ["examples"])
    assert text.exit_code == 0
    assert "zevenjarige-vervoer" in text.output and "age  7" in text.output


def test_examples_lists_the_references_compare_show_reference_names_rows_by():
    """New-user review: the rows of `compare --examples` could not be matched to the examples."""
    listed = CliRunner().invoke(cli, ["examples"]).output.splitlines()[::2]  # name lines
    references = {line.split()[0]: line.split()[1] for line in listed}
    rows = {
        row["name"]: row["reference"]
        for row in json.loads(CliRunner().invoke(cli, ["examples", "--json"]).output)
    }
    assert references == rows and references["zevenjarige-vervoer"].startswith("VB-")
    compared = CliRunner().invoke(
        cli, ["compare", "--examples", "--show-reference", "--format", "json",
              "--models", "utrecht-maatwerktafel", "--at", "2026-03-02T08:00"],
    )  # fmt: skip
    assert compared.exit_code == 0, compared.output
    assert {row["case"] for row in json.loads(compared.output)} == set(references.values())
    assert "with --show-reference the rows are named by it" in " ".join(
        CliRunner().invoke(cli, ["compare", "--help"]).output.split()
    )


def test_example_written_to_a_file_then_triaged(tmp_path):
    target = tmp_path / "out" / "case.json"
    target.parent.mkdir()  # -o writes into an existing folder only
    runner = CliRunner()
    written = runner.invoke(cli, ["examples", "dakloze-jongere-inschrijfadres", "-o", str(target)])
    assert written.exit_code == 0, written.output
    assert json.loads(target.read_text(encoding="utf-8"))["reference"] == "VB-002-07"
    for model in MY_MODELS:
        result = runner.invoke(
            cli, ["-m", model, "triage", str(target), "--at", "2026-03-02T08:00", "--json"]
        )
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert data["eligible"] and data["reasons"]


def test_example_to_standard_output_is_the_stored_document():
    result = CliRunner().invoke(cli, ["examples", "thuiszitter-zonder-contract"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["identity"]["name"] == "Testkind Voorbeeld"


def test_unknown_example_is_one_line_and_exit_1(capsys):
    with pytest.raises(SystemExit) as info:
        main(["examples", "zwangere-tiener"])
    assert info.value.code == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: unknown example case 'zwangere-tiener'")
    assert "did you mean" in err and "zwangere-tiener-opvang" in err
    assert "\n" not in err


@pytest.mark.parametrize(
    "argv", [["examples", "-o", "x.json"], ["examples", "zevenjarige-vervoer", "--json"]]
)
def test_wrong_usage_is_exit_2(argv):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2


@pytest.mark.parametrize("model", MY_MODELS)
def test_models_listed_and_described(model):
    runner = CliRunner()
    listed = json.loads(runner.invoke(cli, ["models", "--json"]).output)
    assert model in {row["name"] for row in listed}
    described = runner.invoke(cli, ["-m", model, "describe", "--json"])
    assert described.exit_code == 0, described.output
    assert json.loads(described.output)["source"].startswith("seed 002")
