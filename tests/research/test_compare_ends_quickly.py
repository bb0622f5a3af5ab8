"""``compare`` in the console script's process ends without the interpreter's teardown
(:func:`escalatie.cli.end_quickly`), once its output is written and closed and every exit
handler has run; anything else ends as usual."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# The console script's process, with an object whose finaliser says when the interpreter
# tears the process down.
SCRIPT = """
import sys

class Witness:
    def __del__(self):
        sys.stderr.write("torn down\\n")

witness = Witness()
from escalatie.cli import run

sys.argv = ["escalatie", *sys.argv[1:]]
sys.exit(run())
"""


def console(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ESCALATIE_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_comparison_ends_quickly_with_its_output_whole_and_the_caches_saved(
    tmp_path: Path,
) -> None:
    target = tmp_path / "rows.csv"
    done = console(tmp_path, "compare", "--examples", "--at", "2026-03-02T08:00",
                   "--format", "csv", "-o", str(target))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "torn down" not in done.stderr
    assert done.stderr == f"wrote {target}\n"
    again = console(tmp_path, "compare", "--examples", "--at", "2026-03-02T08:00",
                    "--format", "csv")  # fmt: skip
    assert again.returncode == 0 and "torn down" not in again.stderr
    assert again.stdout == target.read_text(encoding="utf-8")  # standard output flushed whole
    rows = again.stdout.splitlines()
    assert rows[0].startswith("case,model,") and len(rows) > 1
    # The exit handlers ran first: the caches they save are there (attrs' code and the import
    # index are saved by exit handlers).
    assert sorted(p.name.split("-")[0] for p in (tmp_path / "cache").iterdir()) == [
        "attrs", "import", "models", "names", "toml", "tzpath",
    ]  # fmt: skip


def test_an_error_and_other_commands_end_as_usual(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    done = console(tmp_path, "compare", str(bad), "--at", "2026-03-02T08:00", "--format", "csv")
    assert done.returncode == 1
    [error, last] = done.stderr.splitlines()
    assert error.startswith(f"error: {bad}:1: not valid JSON") and last == "torn down"
    listed = console(tmp_path, "examples")
    assert listed.returncode == 0 and listed.stderr.endswith("torn down\n")


@pytest.mark.parametrize(
    "args",
    [
        ("-m", "utrecht-maatwerktafel", "triage", "CASE", "--at", "2026-03-02T08:00"),
        ("models",),
        ("-m", "utrecht-maatwerktafel", "describe"),
    ],
)
def test_commands_whose_output_is_their_only_effect_end_quickly(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """triage, models and describe print and do nothing else, so they skip the teardown too
    (issue 16: triage's start-up); their output is whole and the caches saved."""
    case = tmp_path / "casus.json"
    written = console(tmp_path, "examples", "buurtteam-maatwerktafel", "-o", str(case))
    assert written.returncode == 0, written.stderr
    done = console(tmp_path, *(str(case) if a == "CASE" else a for a in args))
    assert done.returncode == 0, done.stderr
    assert "torn down" not in done.stderr
    assert done.stdout.endswith("\n") and len(done.stdout.splitlines()) > 1
    assert any((tmp_path / "cache").iterdir())


def test_exit_handlers_registered_before_the_script_still_run(tmp_path: Path) -> None:
    """A handler registered before :func:`escalatie.cli.run` (a coverage tool's, a wrapper's)
    runs too, once, before the quick ending: every exit handler runs, as the interpreter
    would run it."""
    early = (
        "import atexit, sys\natexit.register(lambda: sys.stderr.write('early handler ran\\n'))\n"
    )
    env = {**os.environ, "ESCALATIE_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", early + SCRIPT, "models"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("early handler ran") == 1 and "torn down" not in done.stderr
