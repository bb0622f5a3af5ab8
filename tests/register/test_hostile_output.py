"""Case text cannot be turned against the reader of an artifact (issue 17, point 4).

A case whose free text holds control characters, terminal escape sequences, HTML and
Markdown links goes through the register and the calendar commands; no calendar file carries
a control character RFC 5545 forbids in TEXT, no terminal output an escape sequence, no
Markdown report live HTML or a link.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import Result

HOSTILE = (
    "Plan\x00 met\x0b vt\x0c ff\x1b[31m rood\x07 bel <script>alert(1)</script> "
    "[x](javascript:alert(1))"
)
FORBIDDEN_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@pytest.fixture
def refusal_off() -> Iterator[None]:
    """A case's free text refuses control characters where it is read (attacker review of
    1a5abc1, ``tests/attack/test_control_splitters.py``); this shows the writers' depth with
    that refusal switched off (attrs' validators disabled), as for a register written by an
    earlier version that holds such text."""
    with attrs.validators.disabled():
        yield


def write(tmp_path: Path, doc: dict[str, Any], cli_env: dict[str, str]) -> Path:
    Path(cli_env["ESCALATIE_CONFIG"]).write_text(
        '[calendar.organisers]\n"tafel" = "team@gemeente.example"\n', encoding="utf-8"
    )
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.usefixtures("refusal_off")
def test_no_forbidden_control_reaches_a_calendar_file(
    run: Callable[..., Result], case_doc: dict[str, Any], tmp_path: Path, cli_env: dict[str, str]
) -> None:
    doc = {**case_doc, "question": HOSTILE, "plan": HOSTILE}
    path = write(tmp_path, doc, cli_env)
    for command in ("invite", "cancel"):
        ics, copies = tmp_path / f"{command}.ics", tmp_path / f"{command}-copies"
        result = run(command, "--slot", "2026-04-09T15:30", str(path), "-o", str(ics),
                     "--copies", str(copies), "--at", "2026-03-02T10:00")  # fmt: skip
        assert result.exit_code == 0, result.output
        files = [ics, *sorted(copies.glob("*.ics"))]  # the shared copy and each attendee's own
        assert len(files) > 1
        for file in files:
            text = file.read_bytes().decode("utf-8")
            assert not FORBIDDEN_IN_TEXT.search(text.replace("\r\n", ""))
        own = files[1].read_bytes().decode("utf-8")
        assert "rood" in own or command == "cancel"  # the readable text stays
        to_stdout = run(
            command, "--slot", "2026-04-09T15:30", str(path), "--at", "2026-03-02T10:00"
        )
        assert b"\x1b" not in to_stdout.stdout_bytes and b"\r\n" in to_stdout.stdout_bytes


@pytest.mark.usefixtures("refusal_off")
def test_terminal_output_and_markdown_reports_carry_no_live_control(
    run: Callable[..., Result], case_doc: dict[str, Any], tmp_path: Path, cli_env: dict[str, str]
) -> None:
    doc = {**case_doc, "question": HOSTILE, "plan": HOSTILE}
    path = write(tmp_path, doc, cli_env)
    case_id = run("case", "new", str(path), "--at", "2026-03-02T10:00").stdout.strip()
    at = ("--at", "2026-03-20T10:00")
    html = "<script>alert(1)</script> [x](javascript:alert(1))"  # typed text has no controls
    assert run("insight", "add", case_id, "--theme", "process", "--text", html, *at).exit_code == 0
    assert run("case", "suspend", case_id, "--reason", "wacht", *at).exit_code == 0
    outputs = [
        run("case", "show", case_id, *at),
        run("case", "show", case_id, "--json", *at),
        run("case", "list", *at),
        run("case", "triage", case_id, *at),
        run("audit", *at),
        run("case", "show", "ESC-\x1b[2J", *at),  # error lines quoting what was typed
        run("case", "suspend", case_id, "--reason", "\x1b]0;titel\x07", *at),
    ]
    for result in outputs:
        assert not TERMINAL_CONTROL.search(result.output), repr(result.output)
    assert "rood" in outputs[0].stdout and outputs[-1].exit_code == 1
    report = run("learn", "report", "--from", "2026-01-01", "--to", "2026-12-31", *at).stdout
    assert "<script>" not in report and "](" not in report
    assert (
        "&lt;script&gt;alert\\(1\\)&lt;/script&gt; \\[x\\]\\(javascript:alert\\(1\\)\\)" in report
    )
