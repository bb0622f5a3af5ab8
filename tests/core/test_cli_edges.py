"""The command line at its edges (issue 19): standard output full or closed, ``-o`` that is a
device, a link or a missing folder, arguments that are not text, documents with many problems.

These run the installed ``escalatie`` in a subprocess where real file descriptors matter.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX devices and descriptors")

MODEL = "utrecht-maatwerktafel"
AT = "2026-03-02T10:00"
CASE: dict[str, Any] = {
    "reference": "edge-1",
    "age": 14,
    "question": "Welke school past?",
    "domains": [{"kind": "education", "question": "Passend onderwijs"}],
    "submitter": {"role": "district_team", "organisation": "Buurtteam"},
    "plan": "Ambulante hulp",
}


def escalatie(
    *args: str | bytes, stdout: Any = subprocess.PIPE, cwd: Path | None = None, shell: str = ""
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "ESCALATIE_CONFIG": os.devnull}
    for name in ("ESCALATIE_DB", "ESCALATIE_PLUGINS", "ESCALATIE_MODEL"):
        env.pop(name, None)
    command: list[str | bytes] = [sys.executable, "-m", "escalatie", *args]
    if shell:
        command = ["sh", "-c", f'"$@" {shell}', "sh", *command]
    return subprocess.run(
        command, stdout=stdout, stderr=subprocess.PIPE, env=env, cwd=cwd, timeout=60, check=False
    )


def one_error_line(result: subprocess.CompletedProcess[bytes]) -> str:
    assert result.returncode == 1, result.stderr
    lines = result.stderr.decode("utf-8", "backslashreplace").splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    assert "Traceback" not in lines[0]
    return lines[0]


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE), encoding="utf-8")
    return path


def test_standard_output_full_is_one_line(case_file: Path) -> None:
    with open(os.devnull if not Path("/dev/full").exists() else "/dev/full", "wb") as full:
        result = escalatie("-m", MODEL, "triage", str(case_file), "--at", AT, stdout=full)
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    line = one_error_line(result)
    assert line == "error: standard output: cannot write (No space left on device)"


def test_compare_streaming_to_a_full_output_is_one_line() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "wb") as full:
        result = escalatie("compare", "--examples", "--at", AT, stdout=full)
    one_error_line(result)


def test_standard_output_closed_is_one_line_and_nothing_runs(case_file: Path) -> None:
    result = escalatie("-m", MODEL, "triage", str(case_file), "--at", AT, stdout=None, shell=">&-")
    assert one_error_line(result) == (
        "error: standard output is closed; expected somewhere to write to (> FILE)"
    )


def test_output_to_dev_full_is_refused_and_stays_a_device(case_file: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    result = escalatie("compare", "--examples", "--at", AT, "-o", "/dev/full")
    assert one_error_line(result) == (
        "error: -o/--output: cannot write '/dev/full' (No space left on device)"
    )
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_output_to_dev_stdout_and_dev_null_write_in_place(tmp_path: Path) -> None:
    result = escalatie("compare", "--examples", "--at", AT, "--format", "csv", "-o", "/dev/stdout")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"case,model,")
    target = tmp_path / "rows.csv"
    with target.open("wb") as handle:  # /dev/stdout is then a regular file: still in place
        result = escalatie(
            "compare", "--examples", "--at", AT, "--format", "csv", "-o", "/dev/stdout",
            stdout=handle,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith(b"case,model,")
    result = escalatie("examples", "thuiszitter-zonder-contract", "-o", os.devnull)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_output_into_a_missing_folder_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent" / "dir"
    result = escalatie(
        "-m", MODEL, "schedule", "--from", "2026-01-01", "--to", "2026-02-01", "--at", AT,
        "-o", str(missing / "x.ics"),
    )  # fmt: skip
    line = one_error_line(result)
    assert "does not exist; expected an existing folder" in line
    assert not (tmp_path / "nonexistent").exists()


def test_output_to_a_folder_or_a_dangling_link_is_refused(tmp_path: Path) -> None:
    result = escalatie("examples", "thuiszitter-zonder-contract", "-o", str(tmp_path))
    assert "is a folder; expected a file name" in one_error_line(result)
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "nowhere" / "x.json")
    result = escalatie("examples", "thuiszitter-zonder-contract", "-o", str(link))
    assert "is a link to nothing" in one_error_line(result)
    assert not (tmp_path / "nowhere").exists()


def test_output_replaces_a_regular_file_whole_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "case.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    result = escalatie("examples", "thuiszitter-zonder-contract", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["reference"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["case.json"]  # no temporary left


def test_output_never_writes_through_a_link_to_a_file(tmp_path: Path) -> None:
    """A link in a shared folder may point at any file of the user's: ``-o`` refuses it, one
    line naming the file it points to (attacker review; it used to write through)."""
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    result = escalatie("examples", "thuiszitter-zonder-contract", "-o", str(link))
    assert one_error_line(result) == (
        f"error: -o/--output: '{link}' is a link to a file; -o never writes through a link, "
        f"expected the file itself ('{real}') or a new name"
    )
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "old"


def test_an_argument_that_is_not_text_is_one_line(tmp_path: Path) -> None:
    result = escalatie("-m", MODEL, "triage", b"case\x80.json", "--at", AT)
    assert one_error_line(result) == (
        "error: argument 4: expected text (UTF-8), got bytes that are not; nothing was done"
    )


def test_a_document_with_three_problems_gets_three_lines(tmp_path: Path) -> None:
    path = tmp_path / "three.json"
    path.write_text(
        json.dumps({**CASE, "extra": True, "age": "14", "domains": []}), encoding="utf-8"
    )
    result = escalatie("-m", MODEL, "triage", str(path), "--at", AT)
    assert result.returncode == 1
    lines = sorted(result.stderr.decode().splitlines())
    assert lines == sorted(
        [
            f"error: {path}: $.extra: unknown field, not part of the schema",
            f'error: {path}: $.age: expected a whole number, got "14"',
            f"error: {path}: $.domains: expected a non-empty value",
        ]
    )


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2026-03-29T02:30", "does not exist in Europe/Amsterdam"),
        ("2026-10-25T02:30", "happens twice in Europe/Amsterdam"),
    ],
)
def test_a_moment_the_clock_skips_or_repeats_is_one_line(
    case_file: Path, at: str, expected: str
) -> None:
    result = escalatie("-m", MODEL, "triage", str(case_file), "--at", at)
    assert expected in one_error_line(result)


@pytest.mark.parametrize("command", ["invite", "cancel"])
def test_a_lone_surrogate_in_an_invitation_case_is_one_line(tmp_path: Path, command: str) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps({**CASE, "plan": "a\udc80b"}), encoding="utf-8")
    result = escalatie(
        "-m", MODEL, command, "--slot", "2026-03-09T09:15", str(path), "--at", AT,
        "-o", str(tmp_path / "x.ics"),
    )  # fmt: skip
    assert "$.plan: expected Unicode text, got a lone surrogate" in one_error_line(result)
    assert not (tmp_path / "x.ics").exists()


def test_a_huge_number_in_triage_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE).replace('"age": 14', '"age": ' + "7" * 5000))
    result = escalatie("-m", MODEL, "triage", str(path), "--at", AT)
    assert "a number of more than 4300 digits" in one_error_line(result)


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("pseudonym.key", "the pseudonym key file"),
        ("audit-heads/0123456789abcdef0123456789abcdef.head", "an audit chain head"),
    ],
)
def test_output_never_replaces_the_programs_own_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, what: str
) -> None:
    """``-o`` aimed at the key (which makes every pseudonym and seals the audit) or at a chain
    head is refused: one line, the file as it was."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    own = tmp_path / "escalatie" / name
    own.parent.mkdir(parents=True)
    own.write_text("0" * 64, encoding="utf-8")
    result = escalatie("examples", "peuter-vroeghulp", "-o", str(own))
    line = one_error_line(result)
    assert line.startswith("error: -o/--output: ")
    assert line.endswith(f" is {what}; it is never overwritten, choose another file")
    assert own.read_text(encoding="utf-8") == "0" * 64
