"""``-o FILE`` between its check and its write (attacker review): the target was examined with
``stat`` and then opened by name, following links, and truncated. A device or pipe examined,
then swapped for a link to a file of the user's, had that file emptied and overwritten. The
write now opens without following a link and checks the open file is the one examined; a
regular file is written beside and moved into place, which replaces a link, never follows it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from escalatie.cli import common
from escalatie.cli.common import OutputError, open_output

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX links and FIFOs")


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "register-of-mine.txt"
    path.write_text("every case\n", encoding="utf-8")
    return path


def swap_on_open(monkeypatch: pytest.MonkeyPatch, target: Path, swap: Callable[[], None]) -> None:
    """Run ``swap`` just before the program opens ``target``: the window the race needs."""
    real_open = os.open

    def opening(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(path) == target:
            swap()
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(common.os, "open", opening)


def test_a_pipe_swapped_for_a_link_to_a_file_is_not_written(
    tmp_path: Path, victim: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.ics"
    os.mkfifo(target)

    def swap() -> None:
        target.unlink()
        target.symlink_to(victim)

    swap_on_open(monkeypatch, target, swap)
    with (
        pytest.raises(OutputError, match=r"changed while it was opened .*nothing was written"),
        open_output(str(target)) as handle,
    ):
        handle.write("overwritten")
    assert victim.read_text(encoding="utf-8") == "every case\n"


def test_a_link_to_a_pipe_turned_to_a_file_is_not_written(
    tmp_path: Path, victim: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fifo = tmp_path / "pijp"
    os.mkfifo(fifo)
    target = tmp_path / "out.ics"
    target.symlink_to(fifo)

    def swap() -> None:
        target.unlink()
        target.symlink_to(victim)

    swap_on_open(monkeypatch, target, swap)
    with (
        pytest.raises(OutputError, match="changed while it was opened"),
        open_output(str(target)) as handle,
    ):
        handle.write("overwritten")
    assert victim.read_text(encoding="utf-8") == "every case\n"


def test_a_link_placed_where_the_file_will_be_is_replaced_not_followed(
    tmp_path: Path, victim: Path
) -> None:
    target = tmp_path / "out.ics"
    with open_output(str(target)) as handle:
        target.symlink_to(victim)  # planted while the program writes
        handle.write("the calendar\n")
    assert not target.is_symlink()
    assert target.read_text(encoding="utf-8") == "the calendar\n"
    assert victim.read_text(encoding="utf-8") == "every case\n"


def test_a_link_to_a_file_is_refused_and_a_link_to_a_device_written(
    tmp_path: Path, victim: Path
) -> None:
    target = tmp_path / "out.ics"
    target.symlink_to(victim)
    with (
        pytest.raises(OutputError, match="is a link to a file; -o never writes through a link"),
        open_output(str(target)) as handle,
    ):
        handle.write("overwritten")
    assert victim.read_text(encoding="utf-8") == "every case\n"
    null = tmp_path / "null"
    null.symlink_to(os.devnull)
    with open_output(str(null)) as handle:
        handle.write("gone")
    assert null.is_symlink()


def test_a_named_pipe_no_program_reads_is_refused_at_once(tmp_path: Path) -> None:
    """Attacker review: ``-o`` given a named pipe without a reader waited for one forever (and
    held the register's transaction). Opened without waiting, it is refused, one line; run in
    a child process so a regression fails by its timeout instead of hanging the suite."""
    fifo = tmp_path / "pijp"
    os.mkfifo(fifo)
    child = subprocess.run(
        [sys.executable, "-m", "escalatie", "examples", "buurtteam-maatwerktafel", "-o", str(fifo)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert child.returncode == 1, child.stderr
    assert child.stderr.splitlines() == [
        f"error: -o/--output: '{fifo}' is a named pipe that no program reads; start its reader "
        "first, or give a file"
    ]


def test_a_named_pipe_with_a_reader_gets_everything(tmp_path: Path) -> None:
    """With a reader, the pipe is written as before, whole, however slowly it is read."""
    import threading

    fifo = tmp_path / "pijp"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    text = "regel\n" * 50_000  # more than a pipe's buffer: writing waits for the reader
    for _ in range(200):  # bounded: the reader opens its end
        try:
            with open_output(str(fifo)) as handle:
                handle.write(text)
            break
        except OutputError:
            import time

            time.sleep(0.05)
    reader.join(timeout=60)
    assert received == [text.encode("utf-8")]
