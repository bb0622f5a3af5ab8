"""The aanspreekpunt's decision holds: `case plan` follows triage unless overridden with a reason.

Seed 000 (route to a maatwerktafel): the aanspreekpunt decides whether a table fits. A case that
triage sends elsewhere (here: a parent's case that goes to the knelpuntenzorg mailbox) is not
put on the maatwerktafel's agenda without a word.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from .conftest import no_traceback, through_main

PARENT_CASE = {
    "reference": "OV-1",
    "age": 10,
    "question": "Welke hulp past bij ons gezin?",
    "domains": [{"kind": "care", "question": "Geen passende hulp beschikbaar"}],
    "submitter": {"role": "parent", "organisation": ""},
    "obstacles": ["supply_unavailable"],
    "submitted_at": "2026-03-02T09:00:00+01:00",
}
AT = ("--at", "2026-03-02T11:00")


@pytest.fixture
def utrecht(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The installed models (not a test registry), a fresh register and an empty settings file."""
    settings = tmp_path / "escalatie.toml"
    settings.write_text("", encoding="utf-8")
    db = tmp_path / "register.sqlite3"
    return db, {
        "ESCALATIE_DB": str(db),
        "ESCALATIE_ACTOR": "aanspreekpunt",
        "ESCALATIE_CONFIG": str(settings),
        "ESCALATIE_MODEL": "utrecht-maatwerktafel",
    }


def cli(env: dict[str, str], *args: str) -> Result:
    return no_traceback(CliRunner().invoke(through_main, list(args), env=env))


def submitted(env: dict[str, str], tmp_path: Path) -> str:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(PARENT_CASE), encoding="utf-8")
    result = cli(env, "case", "new", str(path), *AT)
    assert result.exit_code == 0, result.output
    return result.stdout.split()[0].rstrip(":")


def test_a_case_triage_sends_to_the_mailbox_is_refused_at_the_maatwerktafel(
    utrecht: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    db, env = utrecht
    case_id = submitted(env, tmp_path)
    refused = cli(env, "case", "plan", case_id, "--slot", "2026-03-09T09:15", *AT)
    assert refused.exit_code == 1
    line = refused.stderr.strip()
    assert "\n" not in line
    assert "utrecht-knelpuntenzorg" in line and "not forum maatwerktafel" in line
    assert "--override --reason" in line and "register.plan_follows_triage" in line
    with sqlite3.connect(db) as conn:
        kinds = [
            k for (k,) in conn.execute("SELECT kind FROM events WHERE case_id = ?", (case_id,))
        ]
    assert kinds == ["submitted"]


def test_the_aanspreekpunt_overrides_with_a_reason_kept_in_audit_and_learning_report(
    utrecht: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    _, env = utrecht
    case_id = submitted(env, tmp_path)
    reason = "Gezin al drie keer doorverwezen; tafel met alle partijen nodig"
    planned = cli(
        env,
        "case",
        "plan",
        case_id,
        "--slot",
        "2026-03-09T09:15",
        "--override",
        "--reason",
        reason,
        *AT,
    )
    assert planned.exit_code == 0, planned.output
    assert "(override of triage)" in planned.stdout
    shown = json.loads(cli(env, "case", "show", case_id, "--json", *AT).stdout)
    assert shown["forum"] == "maatwerktafel"
    audit = cli(env, "audit", "--case", case_id, "--json", *AT)
    entries = json.loads(audit.stdout)["entries"]
    override = [e for e in entries if e["action"] == "plan_override"]
    assert len(override) == 1 and override[0]["reason"] == reason
    assert "utrecht-knelpuntenzorg" in override[0]["detail"]
    report = cli(env, "learn", "report", "--format", "json", *AT)
    data = json.loads(report.stdout)
    assert data["overrides"] == 1
    text = cli(env, "learn", "report", *AT).stdout
    assert "tegen de uitkomst van de routewijzer in" in text
    assert "triage" not in text and "auditlog" not in text  # policy review: no jargon
    assert case_id not in text and "OV-1" not in text


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--override",), "--override needs --reason"),
        (("--reason", "omdat"), "--reason goes with --override"),
    ],
)
def test_override_without_reason_is_a_usage_error(
    utrecht: tuple[Path, dict[str, str]], tmp_path: Path, extra: tuple[str, ...], message: str
) -> None:
    _, env = utrecht
    case_id = submitted(env, tmp_path)
    result = cli(env, "case", "plan", case_id, "--slot", "2026-03-09T09:15", *extra, *AT)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_case_triage_sends_to_the_table_is_planned_without_override(
    utrecht: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    _, env = utrecht
    path = tmp_path / "case.json"
    assert cli(env, "examples", "buurtteam-maatwerktafel", "-o", str(path)).exit_code == 0
    case_id = cli(env, "case", "new", str(path), *AT).stdout.split()[0].rstrip(":")
    triaged = json.loads(cli(env, "case", "triage", case_id, "--json", *AT).stdout)
    assert triaged["forum"] == "maatwerktafel"
    planned = cli(env, "case", "plan", case_id, "--slot", "2026-03-09T09:15", *AT)
    assert planned.exit_code == 0, planned.output
    assert "override" not in planned.stdout
    audit = json.loads(cli(env, "audit", "--case", case_id, "--json", *AT).stdout)["entries"]
    assert "plan_override" not in [e["action"] for e in audit]


def test_a_case_without_the_talk_with_the_aanspreekpunt_is_not_planned(
    utrecht: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """Policy review: triage gives the maatwerktafel, but the talk with the aanspreekpunt
    (seed 000 step 2) is missing first; before, the case went on the agenda all the same."""
    _, env = utrecht
    example = tmp_path / "example.json"
    assert cli(env, "examples", "buurtteam-maatwerktafel", "-o", str(example)).exit_code == 0
    data = json.loads(example.read_text(encoding="utf-8"))
    data["prior_steps"] = [s for s in data["prior_steps"] if s["kind"] != "aanspreekpunt"]
    data["submitted_at"] = "2026-03-02T09:00:00+01:00"
    example.write_text(json.dumps(data), encoding="utf-8")
    created = cli(env, "case", "new", str(example), *AT)
    assert created.exit_code == 0, created.output
    case_id = created.stdout.split()[0].rstrip(":")
    refused = cli(env, "case", "plan", case_id, "--slot", "2026-03-09T09:15", *AT)
    assert refused.exit_code == 1
    line = refused.stderr.strip()
    assert "\n" not in line
    assert "gives forum maatwerktafel, but first:" in line
    assert "utrecht.maatwerktafel.route.aanspreekpunt" in line
    assert "register.plan_follows_triage" in line
