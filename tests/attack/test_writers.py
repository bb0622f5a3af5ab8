"""Writers killed mid-write and writers at once, through the command line's own code path.

A writer process runs ``escalatie case new`` and ``agreement add`` again and again (through
``escalatie.cli.main``) and reports each one that returned. Killed at random moments, no
reported write may be missing and the register must verify; several at once, none may fail.
An ``-o`` file killed mid-write holds its old content or the whole new one, never a part.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from escalatie.register.register import Register

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

STARTUP_LIMIT = 120
"""Seconds a writer may take to report its first writes (a busy machine is slow to start)."""

WRITER = r"""
import contextlib, io, json, sys
from escalatie.cli import main

db, name, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
doc = json.dumps({"reference": name, "age": 14, "question": "q",
                  "domains": [{"kind": "care", "question": "q"}],
                  "submitter": {"role": "district_team"}})
with open(f"{db}.{name}.json", "w", encoding="utf-8") as f:
    f.write(doc)

def call(*args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            main([*args, "--db", db, "--actor", name, "--at", "2026-03-02T10:00"])
        except SystemExit as exc:
            if exc.code:
                print(f"failed {args[:2]} {exc.code}", file=sys.stderr, flush=True)
                sys.exit(3)
    return out.getvalue().strip()

for n in range(rounds):
    case_id = call("case", "new", f"{db}.{name}.json")
    print("case", case_id, flush=True)
    call("agreement", "add", case_id, "--action", "a", "--owner", "o", "--due", "2026-04-01",
         "--lead", "l")
    print("agreement", case_id, flush=True)
"""


def writer(db: Path, name: str, rounds: int) -> subprocess.Popen[str]:
    env = {**os.environ, "ESCALATIE_CONFIG": os.devnull}
    env.pop("ESCALATIE_DB", None)
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), name, str(rounds)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def reported(output: str) -> tuple[set[str], set[str]]:
    """What the writer reported: whole lines only. A writer killed while printing leaves half a
    line (``agreem``), which is no report; counting it as an agreement with an empty case id
    made the test fail now and then."""
    cases, agreements = set(), set()
    lines = output.split("\n")[:-1]  # the part after the last newline is unfinished
    for line in lines:
        kind, _, case_id = line.partition(" ")
        if kind in ("case", "agreement") and case_id:
            (cases if kind == "case" else agreements).add(case_id)
    return cases, agreements


def in_register(db: Path) -> tuple[set[str], set[str]]:
    with Register.open(db, create=False) as reg:
        assert reg.verify() == []
        states = reg.states()
        return set(states), {c for c, s in states.items() if s.agreements}


def kill_writers(db: Path, kills: int) -> int:
    """Start a writer and kill it mid-write, ``kills`` times; returns the writes reported.

    The kill waits for the writer's own reports, not for the clock: a loaded machine takes
    seconds to start Python, and a kill after a fixed delay then lands before the first write
    and proves nothing. Each writer is killed after a random number of reported writes (one
    to six) and a random part of the next one, so every kill lands in work under way.
    """
    rng = random.Random(19)
    total = 0
    for k in range(kills):
        proc = writer(db, f"w{k}", 1000)
        lines: list[str] = []
        assert proc.stdout is not None
        reader = threading.Thread(target=lines.extend, args=(proc.stdout,))
        reader.start()
        wanted, deadline = rng.randint(1, 6), time.monotonic() + STARTUP_LIMIT
        while len(lines) < wanted and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        if proc.poll() is not None:
            errors = proc.stderr.read() if proc.stderr else ""
            raise AssertionError(f"writer w{k} ended before it was killed: {errors[-2000:]}")
        assert len(lines) >= wanted, f"writer w{k} reported {len(lines)} in {STARTUP_LIMIT}s"
        time.sleep(rng.uniform(0, 0.15))  # a write takes about 0.03 s: kill inside one
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        reader.join(timeout=30)
        if proc.stderr is not None:
            proc.stderr.close()
        cases, agreements = reported("".join(lines))
        total += len(cases) + len(agreements)
        stored_cases, stored_agreements = in_register(db)
        assert cases <= stored_cases, "a reported case is missing"
        assert agreements <= stored_agreements, "a reported agreement is missing"
    return total


def run_at_once(db: Path, writers: int, rounds: int) -> None:
    procs = [writer(db, f"c{n}", rounds) for n in range(writers)]
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-2000:]
        assert len(reported(out)[0]) == rounds
    cases, agreements = in_register(db)
    assert len(cases) == writers * rounds == len(agreements)


def test_a_killed_cli_writer_loses_nothing_it_reported(tmp_path: Path) -> None:
    assert kill_writers(tmp_path / "register.sqlite3", kills=1) > 0


def test_cli_writers_at_once_lose_nothing(tmp_path: Path) -> None:
    run_at_once(tmp_path / "register.sqlite3", writers=2, rounds=3)


@pytest.mark.slow
def test_many_killed_cli_writers_lose_nothing(tmp_path: Path) -> None:
    assert kill_writers(tmp_path / "register.sqlite3", kills=25) > 0


@pytest.mark.slow
def test_many_cli_writers_at_once_lose_nothing(tmp_path: Path) -> None:
    run_at_once(tmp_path / "register.sqlite3", writers=4, rounds=25)


@pytest.mark.slow
def test_an_output_file_killed_mid_write_is_old_or_whole(tmp_path: Path) -> None:
    target = tmp_path / "rows.csv"
    target.write_text("OLD\n", encoding="utf-8")
    env = {**os.environ, "ESCALATIE_CONFIG": os.devnull}
    command = [
        sys.executable, "-m", "escalatie", "compare", "--examples", "--format", "csv",
        "--at", "2026-03-02T10:00", "-o", str(target),
    ]  # fmt: skip
    started = time.monotonic()
    complete = subprocess.run(command, capture_output=True, env=env, timeout=600, check=True)
    took = time.monotonic() - started  # this machine's pace now: kills land within a run
    assert complete.returncode == 0
    whole = target.read_text(encoding="utf-8")
    rng = random.Random(7)
    for _ in range(12):
        target.write_text("OLD\n", encoding="utf-8")
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        time.sleep(rng.uniform(0.3, 1.1) * took)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        content = target.read_text(encoding="utf-8")
        assert content in ("OLD\n", whole), content[:200]
    rows = list(csv.DictReader(io.StringIO(whole)))
    assert rows and json.dumps(rows)
