"""Bad input at the register (issue 19): one line, exit 1, and nothing written.

Lone surrogates in any text field, dates of birth in the future or against the age, a database
URL or a missing folder given as the register, standard output that fails after the case was
built: the register stays as it was.
"""

from __future__ import annotations

import copy
import errno
import io
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from escalatie.register import commands
from escalatie.register.events import EventKind
from escalatie.register.identity import split

Run = Callable[..., Result]
AT = "2026-03-02T10:00"


def text_leaves(value: Any, keys: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, str):
        yield keys
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from text_leaves(item, (*keys, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from text_leaves(item, (*keys, i))


Stored = Callable[..., int | None]


def one_line(result: Result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def path_of(keys: tuple[Any, ...]) -> str:
    return "$" + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in keys)


def test_a_lone_surrogate_in_any_text_field_registers_nothing(
    run: Run, case_doc: dict[str, Any], tmp_path: Path, db: Path | str, stored: Stored
) -> None:
    leaves = list(text_leaves(case_doc))
    assert len(leaves) >= 15
    for keys in leaves:
        doc = copy.deepcopy(case_doc)
        target: Any = doc
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = "x\udc80"
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        line = one_line(run("case", "new", str(path), "--at", AT))
        assert line == (
            f"error: {path}: {path_of(keys)}: expected Unicode text, got a lone surrogate "
            "(U+D800 to U+DFFF)"
        )
    assert stored(db) is None


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"date_of_birth": "2030-01-01"}, "on or before the day the case is registered"),
        ({"date_of_birth": "2016-01-01"}, "gives age 10 on 2026-03-02, but $.age is 14"),
        ({"bsn": "111 222 333"}, "expected a BSN of exactly 9 digits"),
        ({"bsn": "１１１222333"}, "expected a BSN of exactly 9 digits"),
        ({"bsn": "111222333\n"}, "expected a BSN of exactly 9 digits"),
    ],
)
def test_an_identity_that_contradicts_itself_registers_nothing(
    run: Run,
    case_doc: dict[str, Any],
    tmp_path: Path,
    db: Path | str,
    stored: Stored,
    change: dict[str, str],
    expected: str,
) -> None:
    case_doc["identity"].update(change)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(case_doc), encoding="utf-8")
    line = one_line(run("case", "new", str(path), "--at", AT))
    assert line.startswith(f"error: {path}: $.identity.") and expected in line
    assert stored(db) is None


def test_repeated_keys_register_nothing(
    run: Run, tmp_path: Path, db: Path | str, stored: Stored
) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"reference": "a", "reference": "b"}', encoding="utf-8")
    line = one_line(run("case", "new", str(path), "--at", AT))
    assert line == (
        f"error: {path}: $.reference: key given more than once in one object; "
        "expected each key once"
    )
    assert stored(db) is None


def test_consent_and_share_with_a_birth_after_the_moment_are_one_line(
    run: Run, case_file: Path, open_session: Any, case: Any
) -> None:
    case_id = run("case", "new", str(case_file), "--at", AT).stdout.strip()
    before_birth = "2010-01-01T10:00"
    for args in (
        ("consent", "check", case_id, "--with", "JGZ", "--what", "plan", "--at", before_birth),
        ("case", "share", case_id, "--with", "JGZ", "--what", "plan", "--at", before_birth),
    ):
        line = one_line(run(*args))
        # Before the birth is before the submission too: that refusal comes first (issue 18).
        assert "the case was submitted at 2026-03-02" in line
        assert "[consent.after_submission;" in line
        assert "2011-05-04" not in line  # the identifier itself is not echoed


def test_a_register_written_before_the_birth_check_gives_one_line(
    run: Run, open_session: Any, case: Any
) -> None:
    """A case registered by an older release with a date of birth in the future."""
    import attrs

    assert case.identity is not None
    future = attrs.evolve(case, identity=attrs.evolve(case.identity, date_of_birth=None))
    with open_session() as s:
        case_id = s.register.new_id()
        document, stored = split(future, case_id)
        stored = attrs.evolve(
            stored,
            identity=attrs.evolve(
                case.identity, date_of_birth=case.identity.date_of_birth.replace(year=2031)
            ),
        )
        s.register.store_identity(case_id, stored)
        s.record(case_id, EventKind.SUBMITTED, {"case": document, "model": None})
    assert commands  # the register API wrote it, bypassing `case new`
    line = one_line(run("consent", "check", case_id, "--with", "JGZ", "--what", "plan", "--at", AT))
    assert "has a recorded date of birth after 2026-03-02" in line


@pytest.mark.parametrize("url", ["mysql://user:secret@localhost/escalatie", "ftp://host/x.db"])
def test_a_foreign_database_url_is_one_line_and_makes_no_folder(
    run: Run, case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    for args in (("--db", url), ()):
        env = {} if args else {"ESCALATIE_DB": url}
        line = one_line(run("case", "new", str(case_file), "--at", AT, *args, env=env))
        assert "expected the path of a register file, a sqlite:///path or a postgresql://" in line
        assert "secret" not in line  # no credentials echoed
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_postgresql_server_that_is_not_there_is_one_line_without_the_password(
    run: Run, case_file: Path, tmp_path: Path
) -> None:
    """A Unix socket where no server listens: no network traffic, an immediate refusal."""
    pytest.importorskip("psycopg", reason="the postgresql extra (psycopg) is not installed")
    url = f"postgresql://user:secret@/escalatie?host={tmp_path}"
    result = run("case", "new", str(case_file), "--at", AT, "--db", url)
    assert result.exit_code == 1
    line = one_line(result)
    assert "cannot reach the PostgreSQL server" in line and "user:***@" in line
    assert "secret" not in result.output


def test_a_sqlite_url_is_the_file(run: Run, case_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "via-url.sqlite3"
    result = run("case", "new", str(case_file), "--at", AT, "--db", f"sqlite:///{target}")
    assert result.exit_code == 0, result.output
    assert target.exists()


def test_a_register_in_a_missing_folder_is_not_created(
    run: Run, case_file: Path, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "register.sqlite3"
    line = one_line(run("case", "new", str(case_file), "--at", AT, "--db", str(target)))
    assert "does not exist; expected an existing folder" in line
    assert not (tmp_path / "missing").exists()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_case_new_to_a_full_output_registers_nothing(case_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "register.sqlite3"
    env = {
        **os.environ,
        "ESCALATIE_DB": str(db),
        "ESCALATIE_ACTOR": "tester",
        "ESCALATIE_CONFIG": os.devnull,
    }
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "escalatie", "case", "new", str(case_file), "--at", AT],
            stdout=full, stderr=subprocess.PIPE, env=env, timeout=60, check=False,
        )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.decode().splitlines() == [
        "error: standard output: cannot write (No space left on device)"
    ]
    if db.exists():  # the register may have been created; the case must not be in it
        with sqlite3.connect(db) as con:
            assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 0


class FullOutput(io.TextIOBase):
    """Standard output on a full disk: every write fails as ``> /dev/full`` does."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_every_write_command_to_a_full_output_records_nothing(
    run: Run,
    case_file: Path,
    cli_env: dict[str, str],
    db: Path | str,
    stored: Stored,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A command that changes the register prints inside its transaction: when standard output
    fails, the change is rolled back with its audit entry (issue 19), so the user, who saw an
    error, can simply run it again."""
    from escalatie.cli import main

    case_id = run("case", "new", str(case_file), "--at", AT).stdout.strip()
    steps: list[tuple[str, ...]] = [
        ("case", "triage", case_id),
        ("case", "plan", case_id, "--slot", "2026-03-16T09:15"),
        ("case", "suspend", case_id, "--reason", "wacht op indicatie"),
        ("case", "resume", case_id),
        ("agreement", "add", case_id, "--action", "Gezinsbegeleiding", "--owner", "Lokalis",
         "--due", "2026-03-30", "--lead", "Lokalis buurtteam"),
        ("agreement", "done", case_id, "1"),
        ("insight", "add", case_id, "--theme", "process", "--text", "Te laat gesignaleerd"),
        ("consent", "add", case_id, "--giver", "parents", "--with", "JGZ", "--what", "plan"),
        ("consent", "capacity", case_id, "--incapable", "--reason", "oordeel jeugdarts"),
        ("consent", "withdraw", case_id, "--giver", "parents", "--with", "JGZ", "--what", "plan"),
        ("case", "close", case_id, "--outcome", "resolved"),
        ("case", "new", str(case_file)),
    ]  # fmt: skip
    for env_key, value in cli_env.items():
        monkeypatch.setenv(env_key, value)
    for step in steps:
        before = (stored(db), stored(db, "audit"))
        with monkeypatch.context() as patched:
            patched.setattr(sys, "stdout", FullOutput())
            with pytest.raises(SystemExit) as stopped:
                main([*step, "--at", "2026-03-16T10:00"])
        assert stopped.value.code == 1, step
        assert capsys.readouterr().err.splitlines() == [
            "error: standard output: cannot write (No space left on device)"
        ], step
        assert (stored(db), stored(db, "audit")) == before, step
        done = run(*step, "--at", "2026-03-16T10:00")
        assert done.exit_code == 0, (step, done.output)


def test_output_never_replaces_the_register_or_its_journal(
    run: Run, case_file: Path, db: Path | str, stored: Stored
) -> None:
    """``case export -o`` aimed at the register itself (or its WAL) would lose every case,
    identity and audit entry: refused, in one line, the register as it was."""
    if not isinstance(db, Path):
        pytest.skip("a PostgreSQL register is no file")
    case_id = run("case", "new", str(case_file), "--at", AT).stdout.strip()
    events = stored(db)
    for target, what in (
        (db, "an escalatie register"),
        (Path(f"{db}-wal"), "part of an escalatie register"),
    ):
        target.touch()
        line = one_line(
            run("case", "export", case_id, "--format", "json", "-o", str(target), "--at", AT)
        )
        assert line.endswith(f" is {what}; it is never overwritten, choose another file")
    assert stored(db) == events
    assert case_id in run("case", "list", "--at", AT).stdout
