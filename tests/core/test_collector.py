"""The collector's settings are the console script's decision (escalatie.collector): a program
that embeds the library keeps its collector unless it asks (docs/api.md)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from escalatie import collector
from escalatie.register.register import Register


def test_without_take_over_a_pause_leaves_the_collector_on() -> None:
    assert not collector.owned()
    with collector.paused():
        assert gc.isenabled()
    assert gc.isenabled()


def test_taken_over_a_pause_turns_it_off_and_back_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(collector, "_owned", True)
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_program_that_turned_it_off_finds_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(collector, "_owned", True)
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_register_rebuild_in_a_library_process_keeps_the_collector(tmp_path: Path) -> None:
    """Register.states in a program that did not ask: the collector stays on while the log is
    folded, its threshold as it was, nothing frozen; after take_over, the fold runs with it off."""
    code = (
        "import gc, sys\n"
        "from escalatie import collector\n"
        "from escalatie.register.register import Register\n"
        "seen = []\n"
        "fold = Register._fold\n"
        "def spy(self, batches):\n"
        "    seen.append(gc.isenabled())\n"
        "    return fold(self, batches)\n"
        "Register._fold = spy\n"
        "before = gc.get_threshold()[0]\n"
        "if sys.argv[2] == 'own':\n"
        "    collector.take_over()\n"
        "with Register.open(sys.argv[1]) as reg:\n"
        "    reg.states()\n"
        "print(seen, gc.isenabled(), gc.get_threshold()[0] == before, gc.get_freeze_count())\n"
    )
    db = tmp_path / "register.sqlite3"
    with Register.open(db):
        pass
    out = {
        how: subprocess.run(
            [sys.executable, "-c", code, str(db), how],
            capture_output=True,
            text=True,
            check=True,
            env=dict(os.environ),
        ).stdout.split()
        for how in ("library", "own")
    }
    assert out["library"] == ["[True]", "True", "True", "0"]
    assert out["own"] == ["[False]", "True", "False", "0"]
