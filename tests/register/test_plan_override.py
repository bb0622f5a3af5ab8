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
from click.testing import Result

from ..conftest import RegisterEnv
from .conftest import STUCK_AT, STUCK_CASE
from .conftest import cli_with as cli
from .conftest import submitted as submitted_under

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


def submitted(env: dict[str, str], tmp_path: Path) -> str:
    """The parent's case, submitted under the maatwerktafel: its id."""
    return submitted_under(env, tmp_path, "utrecht-maatwerktafel", PARENT_CASE, AT[1])


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
    assert "--override --aanspreekpunt KEY --reason" in line
    assert "register.plan_follows_triage" in line
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
        "--aanspreekpunt",
        "AANSPREEKPUNT-JGZ",  # the key, as describe lists it, in any case
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
    # A parent has no aanspreekpunt of their own in seed 000's contact table: said, not refused.
    assert override[0]["detail"].endswith(
        "decided by aanspreekpunt aanspreekpunt-jgz; note: aanspreekpunt aanspreekpunt-jgz "
        "(JGZ Utrecht) is not the submitter's own: the submitter's role is parent, for whom the "
        "model names no aanspreekpunt of their own (seed 000 stap 2: 'bespreek je dit met je "
        "aanspreekpunt')"
    )
    assert planned.stderr.startswith("warning: aanspreekpunt aanspreekpunt-jgz (JGZ Utrecht) is")
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
        (("--override", "--reason", "omdat"), "--override needs --aanspreekpunt KEY"),
        (("--aanspreekpunt", "aanspreekpunt-jgz"), "--aanspreekpunt goes with --override"),
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


def test_the_aanspreekpunt_must_be_one_of_the_models_contact_points(
    utrecht: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """Seed 000 (route): the aanspreekpunt of the submitter's organisation decides. The model
    lists them (one per organisation, no names), so a name that is none of them is refused in
    one line that names the ones there are, and nothing is planned."""
    db, env = utrecht
    case_id = submitted(env, tmp_path)
    refused = cli(env, "case", "plan", case_id, "--slot", "2026-03-09T09:15", "--override",
                  "--aanspreekpunt", "Mevrouw de Vries", "--reason", "tafel nodig", *AT)  # fmt: skip
    assert refused.exit_code == 1
    (line,) = refused.stderr.splitlines()
    assert line.startswith("error: --aanspreekpunt: expected one of the contact points of ")
    assert "aanspreekpunt-lokalis, aanspreekpunt-huisartsen, aanspreekpunt-jgz" in line
    assert "register.override_names_the_aanspreekpunt" in line and "seed 000" in line
    assert "Mevrouw" not in line
    with sqlite3.connect(db) as conn:
        kinds = [
            k for (k,) in conn.execute("SELECT kind FROM events WHERE case_id = ?", (case_id,))
        ]
    assert kinds == ["submitted"]


def test_an_override_recorded_before_it_named_the_aanspreekpunt_still_reads() -> None:
    """Registers written before: their `planned` event's override has no `aanspreekpunt`. The
    state still counts it (learning and board reports); nothing asks for the missing name."""
    from datetime import datetime

    from escalatie.clock import AMSTERDAM
    from escalatie.register.state import CaseState, _planned

    state = CaseState.__new__(CaseState)
    state.overrides, state.models = [], []
    at = datetime(2026, 3, 2, 11, 0, tzinfo=AMSTERDAM)
    old = {"model": "utrecht-maatwerktafel", "forum": "maatwerktafel",
           "slot": "2026-03-09T09:15:00+01:00", "by_agreement": False,
           "override": {"triage_route": "utrecht-knelpuntenzorg", "reason": "tafel nodig"}}  # fmt: skip
    _planned(state, at, old)
    assert state.overrides == [(at, "maatwerktafel", "utrecht-knelpuntenzorg")]


def _judged(env: dict[str, str], tmp_path: Path, outcome: str) -> str:
    """The buurtteam's example case (submitter district_team) with its talk's outcome set."""
    example = tmp_path / "example.json"
    assert cli(env, "examples", "buurtteam-maatwerktafel", "-o", str(example)).exit_code == 0
    data = json.loads(example.read_text(encoding="utf-8"))
    for step in data["prior_steps"]:
        if step["kind"] == "aanspreekpunt":
            step["outcome"] = outcome
    data["submitted_at"] = "2026-03-02T09:00:00+01:00"
    example.write_text(json.dumps(data), encoding="utf-8")
    created = cli(env, "case", "new", str(example), *AT)
    assert created.exit_code == 0, created.output
    return created.stdout.split()[0].rstrip(":")


def _override(env: dict[str, str], case_id: str, aanspreekpunt: str) -> tuple[Result, str]:
    planned = cli(env, "case", "plan", case_id, "--slot", "2026-03-09T09:15", "--override",
                  "--aanspreekpunt", aanspreekpunt, "--reason", "Tafel toch nodig", *AT)  # fmt: skip
    assert planned.exit_code == 0, planned.output
    audit = json.loads(cli(env, "audit", "--case", case_id, "--json", *AT).stdout)["entries"]
    (entry,) = [e for e in audit if e["action"] == "plan_override"]
    return planned, entry["detail"]


def test_an_override_against_a_talk_judged_niet_passend_says_so(
    utrecht: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """Policy review: the recorded talk said not_suitable and the aanspreekpunt plans the case
    on the table anyway. Kept (the aanspreekpunt decides), and the audit line and the command's
    output say what it goes against; the submitter's own aanspreekpunt adds no remark."""
    _, env = utrecht
    case_id = _judged(env, tmp_path, "not_suitable")
    planned, detail = _override(env, case_id, "aanspreekpunt-lokalis")
    niet_passend = (
        "the recorded talk with the aanspreekpunt judged a table niet passend (outcome "
        "not_suitable; seed 000 stap 3 organises one only when it is passend)"
    )
    assert detail == (
        "forum maatwerktafel instead of triage route utrecht-niet-passend, decided by "
        f"aanspreekpunt aanspreekpunt-lokalis; note: {niet_passend}"
    )
    assert planned.stderr == f"warning: {niet_passend} (kept in the audit log)\n"


def test_an_override_by_another_organisations_aanspreekpunt_says_so(
    utrecht: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """Seed 000 stap 2: "bespreek je dit met je aanspreekpunt". A buurtteam's case overridden by
    the GPs' aanspreekpunt: said in the audit line and on standard error, and not refused."""
    _, env = utrecht
    case_id = _judged(env, tmp_path, "not_suitable")
    planned, detail = _override(env, case_id, "aanspreekpunt-huisartsen")
    other = (
        "aanspreekpunt aanspreekpunt-huisartsen (Huisartsen Utrecht) is not the submitter's own: "
        "the submitter's role is district_team, whose own aanspreekpunt is "
        "aanspreekpunt-lokalis (seed 000 stap 2: 'bespreek je dit met je aanspreekpunt')"
    )
    assert detail.endswith(f"judged a table niet passend (outcome not_suitable; seed 000 stap 3 "
                           f"organises one only when it is passend); {other}")  # fmt: skip
    assert "on the agenda of Maatwerktafel" in planned.stdout
    warnings = planned.stderr.splitlines()
    assert len(warnings) == 2 and warnings[1] == f"warning: {other} (kept in the audit log)"


@pytest.mark.parametrize(
    ("signal", "rule"),
    [
        ({"safety": {"level": "acute", "description": "Acuut onveilig."}}, "core.safety-first"),
        (
            {"crisis": {"acute": True, "description": "Acute suïcidedreiging."}},
            "core.crisis-same-day",
        ),
    ],
)
def test_no_override_plans_a_case_safety_first_sends_elsewhere(
    utrecht: tuple[Path, dict[str, str]], tmp_path: Path, signal: dict[str, object], rule: str
) -> None:
    """Seed 003 (leading principles): safety is always the lower bound. The aanspreekpunt's
    override decides whether a table fits (seed 000), not whether safety comes first: an acute
    safety signal or crisis is refused, with or without --override, and the refusal does not
    suggest one (new-user review)."""
    db, env = utrecht
    path = tmp_path / "case.json"
    path.write_text(json.dumps({**PARENT_CASE, **signal}), encoding="utf-8")
    case_id = cli(env, "case", "new", str(path), *AT).stdout.split()[0].rstrip(":")
    slot = ("--slot", "2026-03-09T09:15")
    override = ("--override", "--aanspreekpunt", "aanspreekpunt-jgz", "--reason", "tafel nodig")
    for extra in ((), override):
        refused = cli(env, "case", "plan", case_id, *slot, *extra, *AT)
        assert refused.exit_code == 1, refused.output
        line = refused.stderr.strip()
        assert "\n" not in line and f"[{rule}], not forum maatwerktafel" in line
        assert "[register.override_keeps_safety_first; seed 003, leidende principes" in line
        assert "--override --aanspreekpunt" not in line
    with sqlite3.connect(db) as conn:
        kinds = [
            k for (k,) in conn.execute("SELECT kind FROM events WHERE case_id = ?", (case_id,))
        ]
    assert kinds == ["submitted"]


def test_a_refusal_names_the_case_not_the_argument_placeholder(
    register_env: RegisterEnv, tmp_path: Path
) -> None:
    """An error line of ``case plan`` or ``case close`` names the case, with no ``ID:`` of the
    argument's placeholder before it."""
    env = register_env("nieuwe-gebruiker")
    unsafe = {**STUCK_CASE, "reference": "NU-2026-8", "age": 11,
              "safety": {"level": "acute", "description": "Acuut onveilig."}}  # fmt: skip
    case_id = submitted_under(env, tmp_path, "utrecht-maatwerktafel", unsafe)
    slot = ("--slot", "2026-03-09T09:15", "--at", STUCK_AT)
    refused = cli(env, "-m", "utrecht-maatwerktafel", "case", "plan", case_id, *slot)
    assert refused.exit_code == 1, refused.output
    assert refused.stderr.startswith(f"error: triage of case {case_id} under utrecht-"), (
        refused.stderr
    )
    override = ("--override", "--aanspreekpunt", "aanspreekpunt-jgz", "--reason", "tafel nodig")
    refused = cli(env, "-m", "utrecht-maatwerktafel", "case", "plan", case_id, *slot, *override)
    assert refused.stderr.startswith(f"error: --override: triage of case {case_id} under ")
    closed = cli(env, "case", "close", "ESC-0000-0000", "--outcome", "referred", "--at", STUCK_AT)
    assert closed.stderr.startswith("error: no case 'ESC-0000-0000' in the register")
    assert "ID:" not in closed.stderr
