"""`escalatie passend-alternatief decide`: the commission's decisions from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from escalatie.cli import cli, main

CONTRACTS = [
    {"provider": "Zorgaanbieder Noord", "year": 2026, "categories": ["residential"],
     "budget_eur": 100000, "min_clients": 5, "spent_eur": 95000, "clients": 5},
    {"provider": "Jeugdhulp Oost", "year": 2026, "categories": ["residential", "foster_care"],
     "budget_eur": 80000, "min_clients": 4, "spent_eur": 20000, "clients": 2},
]  # fmt: skip
REQUESTS = [
    {"reference": "CPA-2", "category": "residential", "provider": "Zorgaanbieder Noord",
     "cost_eur": 40000, "at": "2026-03-09T10:00:00+01:00", "alternatives_considered": True},
    {"reference": "CPA-3", "category": "residential", "provider": "Zorgaanbieder Noord",
     "cost_eur": 20000, "at": "2026-03-16T10:00:00+01:00"},
    {"reference": "CPA-1", "category": "residential", "provider": "Zorgaanbieder Noord",
     "cost_eur": 30000, "at": "2026-03-02T10:00:00+01:00", "alternatives_considered": True},
]  # fmt: skip


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    contracts, requests = tmp_path / "contracts.json", tmp_path / "requests.json"
    contracts.write_text(json.dumps(CONTRACTS), encoding="utf-8")
    requests.write_text(json.dumps(REQUESTS), encoding="utf-8")
    return str(contracts), str(requests)


def test_decisions_in_order_of_arrival_each_on_the_budgets_the_last_left(
    files: tuple[str, str],
) -> None:
    result = CliRunner().invoke(cli, ["passend-alternatief", "decide", *files, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    decisions = [(d["reference"], d["outcome"], d["provider"]) for d in data["decisions"]]
    # CPA-1 arrives first: Oost has room. CPA-2 then finds Oost nearly spent: Noord is raised.
    # CPA-3 did not consider the alternatives: sent back, the budgets stay as they were.
    assert decisions == [
        ("CPA-1", "divert", "Jeugdhulp Oost"),
        ("CPA-2", "raise_budget", "Zorgaanbieder Noord"),
        ("CPA-3", "send_back", "Zorgaanbieder Noord"),
    ]
    assert data["decisions"][2]["budget_eur"] == 0
    contracts = {c["provider"]: c for c in data["contracts"]}
    assert contracts["Jeugdhulp Oost"]["spent_eur"] == 50000
    assert contracts["Zorgaanbieder Noord"]["budget_eur"] == 140000
    assert contracts["Jeugdhulp Oost"]["categories"] == ["foster_care", "residential"]
    (line,) = data["purchasing_insight"]
    assert (line["budget_raises"], line["diverted_contracted"], line["extra_budget_eur"]) == (
        1,
        1,
        40000,
    )
    assert (line["decisions"], line["sent_back"]) == (3, 1)


def test_text_output_is_dutch(files: tuple[str, str]) -> None:
    result = CliRunner().invoke(cli, ["passend-alternatief", "decide", *files])
    assert "CPA-1: uitgeweken naar Jeugdhulp Oost, EUR 30000" in result.output
    assert "CPA-2: budget verhoogd Zorgaanbieder Noord, EUR 40000" in result.output
    assert "CPA-3: terug naar de verwijzer: eerst alternatieven overwegen" in result.output
    assert "Inkoopinzicht:" in result.output and "1 teruggestuurd" in result.output


def test_bad_contracts_name_the_file_index_and_field(
    tmp_path: Path, files: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{**CONTRACTS[0], "categories": "residential"}]), encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["passend-alternatief", "decide", str(bad), files[1]])
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert err == f'error: {bad}: $[0].categories: expected a list, got "residential"\n'


def test_a_report_while_budget_remains_is_refused(
    tmp_path: Path, files: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    roomy = tmp_path / "roomy.json"
    roomy.write_text(json.dumps([{**CONTRACTS[0], "spent_eur": 0}, CONTRACTS[1]]), encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["passend-alternatief", "decide", str(roomy), files[1]])
    assert info.value.code == 1
    assert "reports only when its budget is nearly spent (seed 001)" in capsys.readouterr().err
