"""An installation not reinstalled since a dependency was added (attacker review): the register
works without orjson (the standard library writes the same text), and a module that is really
needed and missing is one ``error:`` line naming it, exit 1, never a traceback.

Each run is a fresh interpreter whose ``sys.modules`` holds None for the hidden module, which
makes ``import`` raise ``ModuleNotFoundError`` as if it were not installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HIDE = """
import sys
sys.modules[sys.argv[1]] = None
from escalatie.cli import main
main(sys.argv[2:])
"""


def escalatie_without(module: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    settings = cwd / "escalatie.toml"
    settings.write_text("", encoding="utf-8")
    env = {**os.environ, "ESCALATIE_CONFIG": str(settings), "ESCALATIE_ACTOR": "medewerker"}
    env.pop("ESCALATIE_DB", None)
    return subprocess.run(
        [sys.executable, "-c", HIDE, module, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def test_the_register_works_without_orjson(tmp_path: Path) -> None:
    example = subprocess.run(
        [sys.executable, "-m", "escalatie", "examples", "buurtteam-maatwerktafel"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    (tmp_path / "casus.json").write_text(example.stdout, encoding="utf-8")
    db = str(tmp_path / "r.sqlite3")
    new = escalatie_without(
        "orjson", "case", "new", "casus.json", "--db", db, "--at", "2026-03-02T10:00", cwd=tmp_path
    )
    assert new.returncode == 0 and new.stderr == "", new.stderr
    case_id = new.stdout.strip()
    shown = escalatie_without(
        "orjson", "case", "show", case_id, "--json", "--db", db, "--at", "2026-03-02T10:05",
        cwd=tmp_path,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["id"] == case_id
    verified = escalatie_without("orjson", "audit", "--verify", "--db", db, cwd=tmp_path)
    assert verified.returncode == 0, verified.stderr


def test_the_standard_library_writes_what_orjson_writes() -> None:
    """The fallback writes the very text orjson writes, so seals taken of it agree."""
    from escalatie.register.events import _orjson_encoder, _stdlib_encode

    payload = {"tekst": "Ouders & school — één plan", "n": [1, 2, 3], "leeg": None, "ja": True}
    assert _orjson_encoder()(payload) == _stdlib_encode(payload)


def test_a_missing_module_is_one_error_line(tmp_path: Path) -> None:
    """``schedule`` needs icalendar; without it: one line naming the module and the mend."""
    result = escalatie_without(
        "icalendar", "-m", "utrecht-maatwerktafel", "schedule", "--from", "2026-03-02",
        "--to", "2026-03-20", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert result.stderr == (
        "error: the Python module icalendar is not installed, but this installation of "
        "escalatie (or of one of its plugins) needs it; reinstall with its dependencies: "
        "`pip install --upgrade escalatie` (or `pip install -e .` in a checkout)\n"
    )
