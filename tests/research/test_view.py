"""compare in a terminal: a view per case that fits the window; files and pipes keep every column."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from escalatie.plugins import Registry, make_plugin_manager
from escalatie.research.compare import NOTE_ON_REQUEST, CompareRow
from escalatie.research.view import MIN_WIDTH, write_view

AT = "2026-03-02T08:00"


def in_a_terminal(args: list[str], columns: int, rows: int = 50, code: int = 0) -> str:
    """Run escalatie with standard output on a pseudo-terminal of the given size."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "escalatie", *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 1.0)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the command has finished
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
        proc.wait(timeout=60)
    err = proc.stderr.read().decode("utf-8") if proc.stderr else ""
    assert proc.returncode == code, err
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n") + err


def installed() -> Registry:
    return Registry(make_plugin_manager(env={}))


@pytest.mark.parametrize("columns", [100, 80])
def test_compare_in_a_terminal_fits_its_width(columns: int) -> None:
    text = in_a_terminal(["compare", "--examples", "--at", AT], columns)
    lines = text.splitlines()
    assert lines and max(len(line) for line in lines) <= columns
    registry = installed()
    cases = [line for line in lines if line.startswith("case ")]
    assert len(cases) == len(registry.examples)
    for model in registry.models:  # a name too long for a narrow window ends in ~
        shown = [line.split()[0] for line in lines if line.startswith("  ")]
        assert sum(model == s or model.startswith(s.rstrip("~")) for s in shown) >= len(cases)
    if columns >= 100:
        assert "utrecht-passend-alternatief" in text
    assert lines[0].split() == ["model", "route", "next", "meeting", "days", "ready", "forum"]
    assert "--wide" in lines[-1]


def test_compare_in_a_terminal_with_wide_and_through_a_pipe_keeps_every_column() -> None:
    wide = in_a_terminal(["compare", "--examples", "--at", AT, "--wide"], 100)
    header = wide.splitlines()[0].split()
    assert header[:3] == ["case", "model", "eligible"] and "onward" in header
    assert max(len(line) for line in wide.splitlines()) > 100
    piped = subprocess.run(
        [sys.executable, "-m", "escalatie", "compare", "--examples", "--at", AT],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert piped.splitlines()[0].split() == header


def test_a_file_gets_every_column_even_from_a_terminal(tmp_path: Path) -> None:
    target = tmp_path / "table.txt"
    in_a_terminal(["compare", "--examples", "--at", AT, "-o", str(target)], 100)
    assert target.read_text(encoding="utf-8").split()[:3] == ["case", "model", "eligible"]


def _row(case: str, model: str, route: str | None, meeting: str | None) -> CompareRow:
    return CompareRow(
        case,
        model,
        route is not None,
        meeting is not None,
        route,
        "step" if route else "none",
        (),
        (),
        (),
        "een-heel-lang-overleg-met-een-lange-naam" if route else None,
        meeting,
        3 if meeting else None,
        "" if meeting else NOTE_ON_REQUEST,
        False,
        (),
        False,
        (),
        (),
        (),
    )


ROWS = [
    _row("A-1", "utrecht-passend-alternatief", "commissie-passend-alternatief", None),
    _row("A-1", "kort", "tafel", "2026-03-05T14:00:00+01:00"),
    _row("B-2", "utrecht-passend-alternatief", None, None),
    _row("B-2", "kort", "tafel", "2026-07-06T09:30:00+02:00"),
]


@pytest.mark.parametrize("width", [MIN_WIDTH, 80, 100, 200])
def test_the_view_lines_up_and_fits(width: int) -> None:
    out = io.StringIO()
    assert write_view(iter(ROWS), out, width) == 4
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) < width
    assert [line for line in lines if line.startswith("case ")] == ["case A-1", "case B-2"]
    body = [line for line in lines if line.startswith("  ") and not line.startswith("  model")]
    assert len(body) == 4
    header = lines[0]
    column = header.index("next meeting")
    assert body[1][column:].startswith("2026-03-05 14:00")  # local time, as the row holds it
    assert body[3][column:].startswith("2026-07-06 09:30")
    assert body[0][column:].startswith("on request")
    assert body[2].split()[1] == "none"
    if width >= 100:
        assert "utrecht-passend-alternatief" in body[0]


def test_a_narrow_terminal_gets_the_minimum_width() -> None:
    out = io.StringIO()
    write_view(iter(ROWS), out, 20)
    assert max(len(line) for line in out.getvalue().splitlines()) < MIN_WIDTH


def test_parquet_is_not_written_to_a_terminal() -> None:
    shown = in_a_terminal(["compare", "--examples", "--format", "parquet"], 100, code=2)
    assert "--format parquet: binary output; give -o FILE or pipe it" in shown
