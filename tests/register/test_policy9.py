"""The policy adviser's review of main (policy9): each finding, checked against the bundled
models through the CLI.

1. The learning report of a model counts that model's cases only (seed 000, stap 6).
4. After the table (seed 000, stap 5): no ``resolved`` while agreements are open; the
   procesondersteuner aligns the agreements with the submitter before they are shared; an
   agreement without an audience is pointed out, and a share is numbered without gaps.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from .conftest import no_traceback, through_main

CASE = {
    "reference": "PR-2026-9",
    "age": 12,
    "question": "Welke hulp past bij het gezin?",
    "domains": [{"kind": "care", "question": "Geen passende hulp beschikbaar"}],
    "submitter": {"role": "district_team", "organisation": "Buurtteam Oost"},
    "obstacles": ["supply_unavailable"],
}
AT = "2026-03-02T09:00"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    settings = tmp_path / "escalatie.toml"
    settings.write_text("", encoding="utf-8")
    return {
        "ESCALATIE_DB": str(tmp_path / "register.sqlite3"),
        "ESCALATIE_ACTOR": "beleidsadviseur",
        "ESCALATIE_CONFIG": str(settings),
    }


def cli(env: dict[str, str], *args: str) -> Result:
    return no_traceback(CliRunner().invoke(through_main, list(args), env=env))


def new_case(env: dict[str, str], tmp_path: Path, model: str) -> str:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE), encoding="utf-8")
    result = cli(env, "-m", model, "case", "new", str(path), "--at", AT)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


# --- finding 1: a model's report counts its own cases --------------------------------------


@pytest.mark.parametrize("audience", [(), ("--audience", "organisaties")])
def test_the_learning_report_counts_only_the_models_cases(
    env: dict[str, str], tmp_path: Path, audience: tuple[str, ...]
) -> None:
    own = new_case(env, tmp_path, "utrecht-maatwerktafel")
    other = new_case(env, tmp_path, "utrecht-knelpuntenzorg")
    for case_id, text in ((own, "Rotatie werkte goed"), (other, "De mailbox werkte snel")):
        ok(cli(env, "insight", "add", case_id, "--theme", "process", "--text", text,
               "--at", "2026-03-05T10:00"))  # fmt: skip
    args = ("-m", "utrecht-maatwerktafel", "learn", "report", *audience, "--from", "2026-03-01")
    text = ok(cli(env, *args, "--at", "2026-03-31T10:00")).stdout
    assert "één inzicht uit één casus verzameld" in text
    assert "Rotatie werkte goed" in text and "De mailbox werkte snel" not in text
    assert (
        "Geteld zijn alleen de casussen van de werkwijze Maatwerktafel (Utrecht), niet het hele "
        "register." in text
    )
    data = json.loads(ok(cli(env, *args, "--format", "json", "--at", "2026-03-31T10:00")).stdout)
    assert (data["insights"], data["cases"]) == (1, 1)
    # Without a model the report is of the whole register, and says nothing of a model.
    whole = ok(cli(env, "learn", "report", "--from", "2026-03-01", "--at", "2026-03-31T10:00"))
    assert "twee inzichten uit twee casussen" in whole.stdout
    assert "Geteld zijn alleen" not in whole.stdout
