"""`escalatie passend-alternatief decide`: the commission's decisions from the command line."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from escalatie.cli import cli, main

from ..conftest import RegisterEnv, no_traceback, through_main

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
    out = result.output
    assert (
        "CPA-1: uitgeweken naar Jeugdhulp Oost (gecontracteerd), die € 30.000 krijgt voor deze "
        "cliënt." in out
    )
    assert (
        "CPA-2: het budget van Zorgaanbieder Noord wordt verhoogd met € 40.000, de kosten van "
        "deze cliënt." in out
    )
    assert "CPA-3: terug naar de verwijzer." in out
    assert "De beschikbare alternatieven zijn niet voldoende overwogen" in out
    assert (
        "  Jeugdhulp met verblijf in 2026: drie besluiten, waarvan één budgetverhoging, één keer "
        "uitgeweken binnen contract en één aanvraag teruggestuurd; extra budget € 40.000 "
        "(per besluit de kosten van de cliënt)." in out
    )
    for english in ("EUR", "residential", "raise_budget", "send_back", "the "):
        assert english not in out


def test_a_raise_below_the_minimum_is_told_to_purchasing(tmp_path: Path) -> None:
    """Seed 001 raises the budget without a condition; the shortfall is for purchasing
    (policy review 9, finding 3)."""
    short = [dict(CONTRACTS[0], clients=3), dict(CONTRACTS[1], spent_eur=75000)]
    contracts, requests = tmp_path / "contracts.json", tmp_path / "requests.json"
    contracts.write_text(json.dumps(short), encoding="utf-8")
    requests.write_text(json.dumps(REQUESTS[:1]), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["passend-alternatief", "decide", str(contracts), str(requests)]
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert (
        "CPA-2: het budget van Zorgaanbieder Noord wordt verhoogd met € 40.000, de kosten van "
        "deze cliënt." in out
    )
    assert (
        "Signaal voor de inkoop: Zorgaanbieder Noord heeft dit jaar drie cliënten geholpen" in out
    )
    assert (
        "Daarvan ging één budgetverhoging naar een aanbieder onder het minimum aantal cliënten "
        "van het contract: een vraag voor de inkoop." in out
    )


CASE = {
    "reference": "CPA-R-1",
    "age": 15,
    "question": "Een plek in een gezinshuis voor Noor Bakker",
    "domains": [{"kind": "care", "question": "Verblijf nodig"}],
    "submitter": {"role": "provider", "organisation": "Zorgaanbieder Noord"},
    "obstacles": ["provider_budget_exhausted"],
    "identity": {"name": "Noor Bakker"},
}


@pytest.fixture
def env(register_env: RegisterEnv) -> dict[str, str]:
    return register_env("commissie", "utrecht-passend-alternatief")


def on_case(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(cli, ["passend-alternatief", "decide", *args], env=env)


def test_a_register_case_gets_the_decision_as_an_event_on_the_budgets_left(
    env: dict[str, str], files: tuple[str, str], tmp_path: Path
) -> None:
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(CASE), encoding="utf-8")
    ids = [
        CliRunner().invoke(cli, ["case", "new", str(case_file), "--at", "2026-03-02T09:00"],
                           env=env).output.strip()
        for _ in range(2)
    ]  # fmt: skip
    ask = ("--category", "residential", "--provider", "Zorgaanbieder Noord",
           "--alternatives-considered")  # fmt: skip
    first = on_case(env, files[0], "--case", ids[0], *ask, "--cost", "30000",
                    "--at", "2026-03-03T10:00")  # fmt: skip
    assert first.exit_code == 0, first.output
    assert f"{ids[0]}: uitgeweken naar Jeugdhulp Oost (gecontracteerd)" in first.output
    # Oost spent 30.000 of its 80.000 on the first case: now nearly spent for 40.000 more.
    second = on_case(env, files[0], "--case", ids[1], *ask, "--cost", "40000",
                     "--at", "2026-03-04T10:00")  # fmt: skip
    assert second.exit_code == 0, second.output
    assert (
        "het budget van Zorgaanbieder Noord wordt verhoogd met € 40.000, de kosten van deze "
        "cliënt." in second.output
    )
    shown = CliRunner().invoke(cli, ["case", "show", ids[1], "--json", "--at",
                                     "2026-03-05T10:00"], env=env)  # fmt: skip
    (decision,) = json.loads(shown.output)["commission_decisions"]
    assert (decision["outcome"], decision["budget_eur"]) == ("raise_budget", 40000)
    audit = CliRunner().invoke(cli, ["audit", "--case", ids[1], "--json", "--at",
                                     "2026-03-05T10:00"], env=env)  # fmt: skip
    assert "commission_decided" in [e["action"] for e in json.loads(audit.output)["entries"]]


def test_on_an_unknown_case_nothing_is_written(
    env: dict[str, str],
    files: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(CASE), encoding="utf-8")
    CliRunner().invoke(cli, ["case", "new", str(case_file), "--at", "2026-03-02T09:00"], env=env)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as info:
        main(["passend-alternatief", "decide", files[0], "--case", "ESC-0000-0000",
              "--category", "residential", "--provider", "Zorgaanbieder Noord", "--cost",
              "30000", "--at", "2026-03-03T10:00"])  # fmt: skip
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert "no case 'ESC-0000-0000'" in err and "\n" not in err.strip()
    with sqlite3.connect(env["ESCALATIE_DB"]) as db:
        kinds = [k for (k,) in db.execute("SELECT kind FROM events")]
    assert kinds == ["submitted"]


def test_both_or_neither_requests_and_case_is_a_usage_error(files: tuple[str, str]) -> None:
    neither = CliRunner().invoke(cli, ["passend-alternatief", "decide", files[0]])
    assert neither.exit_code == 2 and "REQUESTS.json or --case ID" in neither.output


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


def test_a_misspelt_category_is_one_line_with_exit_code_1(files: tuple[str, str]) -> None:
    """As the core's options: the accepted values and the closest one, not click's usage
    error with exit code 2 (``escalatie.api.Choice``)."""
    args = ["passend-alternatief", "decide", files[0], "--case", "X", "--category", "residental"]
    result = no_traceback(CliRunner().invoke(through_main, args))
    assert result.exit_code == 1
    assert result.stderr == (
        "error: --category: expected one of residential, specialist_youth_care, foster_care, "
        "got 'residental' (did you mean residential?)\n"
    )
