"""Sharing with Veilig Thuis (policy review): without consent only where the case records a
safety signal, with a reason kept in the audit log (Wmo 2015 art. 5.2.6, meldrecht; the steps
of the meldcode come first). Without a safety signal Veilig Thuis is a party like any other."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import Result

Run = Callable[..., Result]
AT = ("--at", "2026-03-03T10:00")
SHARE = ("case", "share")


def registered(run: Run, tmp_path: Path, case_doc: dict[str, Any], level: str) -> str:
    case_doc["safety"] = {"level": level, "description": "Zorgen om de veiligheid"}
    path = tmp_path / f"{level}.json"
    path.write_text(json.dumps(case_doc), encoding="utf-8")
    return run("case", "new", str(path), "--at", "2026-03-02T10:00").stdout.strip()


def test_without_a_safety_signal_veilig_thuis_needs_consent(
    run: Run, tmp_path: Path, case_doc: dict[str, Any]
) -> None:
    case_id = registered(run, tmp_path, case_doc, "none")
    refused = run(*SHARE, case_id, "--with", "Veilig Thuis", "--what", "plan", "--reason", "x", *AT)
    assert refused.exit_code == 1 and "consent" in refused.stderr
    assert "consent.veilig_thuis" not in refused.stderr


def test_with_a_safety_signal_a_report_needs_a_reason_not_consent(
    run: Run, tmp_path: Path, case_doc: dict[str, Any]
) -> None:
    case_id = registered(run, tmp_path, case_doc, "concern")
    bare = run(*SHARE, case_id, "--with", "Veilig Thuis", "--what", "plan", *AT)
    assert bare.exit_code == 1
    (line,) = bare.stderr.splitlines()
    assert line.startswith("error: --reason: a report to Veilig Thuis without consent needs")
    assert "[consent.veilig_thuis; wet: Wmo 2015, art. 5.2.6 (meldrecht)" in line
    reason = "melding na de stappen van de meldcode"
    done = run(*SHARE, case_id, "--with", "Veilig Thuis", "--what", "plan", "--reason", reason, *AT)
    assert done.exit_code == 0, done.output
    assert "Geanonimiseerd plan" in done.stdout
    entries = json.loads(run("audit", "--case", case_id, "--json", *AT).stdout)["entries"]
    shares = [e for e in entries if e["action"] == "share"]
    assert len(shares) == 1 and shares[0]["reason"] == reason
    assert "consent.veilig_thuis" in shares[0]["detail"]
