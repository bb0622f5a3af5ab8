"""A party's name is judged as typed (attacker review of main 437494c, finding 2).

Consent recorded for "Oma Wyndrel 0698765432" was stored scrubbed, "Oma [verwijderd]
[verwijderd]", and `case share` compared the scrubbed name it was given: "Oma Qorvath
111222333" (other identifiers) got the plan. A party's name holding an identifier of the case,
or the mark that stands for one, is now refused in `consent add`, `consent check` and `case
share` alike, one line naming `--with` (rule consent.party_without_identifiers; docs/privacy.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

Run = Callable[..., Result]
AT = ("--at", "2026-11-29T09:00")
RULE = "consent.party_without_identifiers"


@pytest.fixture
def case_id(run: Run, tmp_path: Path) -> str:
    path = tmp_path / "case.json"
    assert run("examples", "buurtteam-maatwerktafel", "-o", str(path)).exit_code == 0
    case = json.loads(path.read_text(encoding="utf-8"))
    case["identity"] = {"name": "Qorvath Wyndrel", "phone": "0698765432", "bsn": "111222333"}
    path.write_text(json.dumps(case), encoding="utf-8")
    new = run("case", "new", str(path), "--json", *AT)
    assert new.exit_code == 0, new.stderr
    return str(json.loads(new.stdout)["id"])


def _refused(result: Result) -> None:
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: --with: ") and RULE in result.stderr, result.stderr
    assert len(result.stderr.splitlines()) == 1
    for value in ("Qorvath", "Wyndrel", "0698765432", "111222333"):
        assert value not in result.stderr  # the error names the field, never the value


def test_the_attackers_reproduction(run: Run, case_id: str, tmp_path: Path) -> None:
    givers = ("--giver", "parents", "--giver", "young_person")
    _refused(
        run(
            "consent",
            "add",
            case_id,
            *givers,
            "--with",
            "Oma Wyndrel 0698765432",
            "--what",
            "plan",
            *AT,
        )
    )
    _refused(
        run("consent", "check", case_id, "--with", "Oma Qorvath 111222333", "--what", "plan", *AT)
    )
    out = tmp_path / "x.txt"
    _refused(
        run(
            "case",
            "share",
            case_id,
            "--with",
            "Oma Qorvath 111222333",
            "--what",
            "plan",
            "--reason",
            "r",
            "-o",
            str(out),
            *AT,
        )
    )
    assert not out.exists()
    for typed in ("Oma [verwijderd] [verwijderd]", "Oma [VERWIJDERD]"):
        _refused(run("consent", "check", case_id, "--with", typed, "--what", "plan", *AT))
    audit = run("audit", "--case", case_id, "--json")
    assert not [e for e in json.loads(audit.stdout)["entries"] if e["action"] == "share"]


def test_a_party_named_plainly_is_shared_with(run: Run, case_id: str, tmp_path: Path) -> None:
    added = run(
        "consent", "add", case_id, "--giver", "parents", "--with", "Oma", "--what", "plan", *AT
    )
    assert added.exit_code == 0, added.stderr
    assert run("consent", "check", case_id, "--with", "oma", "--what", "plan", *AT).exit_code == 0
    out = tmp_path / "plan.txt"
    shared = run(
        "case",
        "share",
        case_id,
        "--with",
        "Oma",
        "--what",
        "plan",
        "--reason",
        "r",
        "-o",
        str(out),
        *AT,
    )
    assert shared.exit_code == 0, shared.stderr
    assert out.read_text(encoding="utf-8")
