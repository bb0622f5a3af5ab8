"""A case file's own reference never leaves the library: every artifact names the case by its
keyed pseudonym (docs/privacy.md, "Keyed pseudonyms").

The reference ``DOSSIER-JANSEN-4711`` holds a surname the case has no identity block for, so
pseudonymisation cannot catch it as an identifier: only naming the case by its pseudonym keeps
it out of the invitation, the cancellation, their e-mails, comparisons, triage output and the
register's reports and exports.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from escalatie.privacy import pseudonym

Run = Callable[..., Result]

REFERENCE = "DOSSIER-JANSEN-4711"
CANARY = re.compile(r"jansen|4711|dossier", re.IGNORECASE)
AT = "2026-03-02T10:00"
SLOT = "2026-03-09T09:15"


def text_of(result: Result, *paths: Path) -> str:
    """Standard output, standard error and every file under ``paths``."""
    assert result.exit_code == 0, result.output
    files = [p for path in paths for p in ([path] if path.is_file() else sorted(path.rglob("*")))]
    return result.stdout + result.stderr + "".join(f.read_text("utf-8") for f in files)


def test_the_files_reference_reaches_no_artifact(run: Run, tmp_path: Path) -> None:
    made = run("examples", "buurtteam-maatwerktafel", "-o", str(tmp_path / "example.json"))
    assert made.exit_code == 0
    document = json.loads((tmp_path / "example.json").read_text("utf-8"))
    document["reference"] = REFERENCE
    document.pop("identity", None)
    case = tmp_path / "case.json"
    case.write_text(json.dumps(document), encoding="utf-8")
    named = pseudonym(REFERENCE)
    found: dict[str, str] = {}
    found["triage"] = text_of(run("triage", str(case), "--at", AT))
    found["triage --json"] = text_of(run("triage", str(case), "--json", "--at", AT))
    for fmt in ("table", "csv", "json", "jsonl", "markdown"):
        found[f"compare {fmt}"] = text_of(run("compare", str(case), "--format", fmt, "--at", AT))
    invite, cancel = tmp_path / "invite.ics", tmp_path / "cancel.ics"
    found["invite"] = text_of(
        run("invite", "--slot", SLOT, str(case), "--at", AT, "-o", str(invite),
            "--mail", str(tmp_path / "invite-mail"), "--json"),
        invite, tmp_path / "invite-mail",
    )  # fmt: skip
    found["cancel"] = text_of(
        run("cancel", "--slot", SLOT, "--at", "2026-03-05T10:00", "-o", str(cancel),
            "--mail", str(tmp_path / "cancel-mail"), "--json"),
        cancel, tmp_path / "cancel-mail",
    )  # fmt: skip
    new = run("case", "new", str(case), "--at", AT)
    case_id = new.stdout.strip()
    assert new.exit_code == 0 and case_id.startswith("ESC-")
    assert run("consent", "add", case_id, "--giver", "parents",  # under 12: the parents consent
               "--with", "JGZ", "--what", "plan", "--at", AT).exit_code == 0  # fmt: skip
    for name, args in {
        "case triage": ("case", "triage", case_id, "--at", AT),
        "share plan": ("case", "share", case_id, "--with", "JGZ", "--what", "plan", "--at", AT),
        "export zgw": ("case", "export", case_id, "--format", "zgw", "--at", AT),
        "export json": ("case", "export", case_id, "--format", "json", "--at", AT),
        "learn report": ("learn", "report", "--at", AT),
    }.items():
        found[name] = text_of(run(*args))
    leaks = {name: CANARY.findall(text) for name, text in found.items()}
    assert not any(leaks.values()), {k: v for k, v in leaks.items() if v}
    for name in ("triage", "compare csv", "invite"):
        assert named in found[name], name
    mails = list((tmp_path / "invite-mail").glob("*.eml"))
    assert mails and all(named in m.read_text("utf-8") for m in mails)
