"""The register is owner-only whatever the umask (issue 17, point 1)."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result

from escalatie.register.register import Register
from escalatie.register.store import db_path

from .conftest import sqlite_only

# SQLite only: file modes (a PostgreSQL register has roles, test_postgresql.py).
pytestmark = [pytest.mark.skipif(os.name != "posix", reason="POSIX file modes"), sqlite_only]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_a_new_register_its_wal_shm_and_folders_are_owner_only(
    tmp_path: Path, umask_022: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default register: its data folder (and any missing parent) is made 0700."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "nieuw" / "map"))
    path = db_path(env={})
    assert path.parent == tmp_path / "nieuw" / "map" / "escalatie"
    with Register.open(path) as reg, reg.transaction():
        # While a connection is open, the WAL and SHM files exist beside the register.
        modes = {p.name: mode(p) for p in path.parent.iterdir()}
    assert modes == {
        "register.sqlite3": 0o600,
        "register.sqlite3-wal": 0o600,
        "register.sqlite3-shm": 0o600,
    }
    assert mode(path) == 0o600
    assert (
        mode(tmp_path / "nieuw") == mode(tmp_path / "nieuw" / "map") == mode(path.parent) == 0o700
    )


def test_the_cli_creates_the_register_0600_under_umask_022(
    run: Callable[..., Result], case_file: Path, db: Path, umask_022: None
) -> None:
    result = run("case", "new", str(case_file), "--at", "2026-03-02T10:00")
    assert result.exit_code == 0, result.output
    assert mode(db) == 0o600 and "warning" not in result.stderr


def test_opening_a_register_others_may_read_warns_in_one_line(
    run: Callable[..., Result], case_file: Path, db: Path
) -> None:
    assert run("case", "new", str(case_file), "--at", "2026-03-02T10:00").exit_code == 0
    os.chmod(db, 0o644)
    result = run("case", "list", "--at", "2026-03-02T10:00")
    assert result.exit_code == 0
    (line,) = result.stderr.splitlines()
    assert line == (
        f"warning: {db}: the register is readable by others (mode 0644); "
        f"make it owner-only: chmod 600 {db}"
    )
    assert mode(db) == 0o644  # left as it is: the owner may mean it
    os.chmod(db, 0o600)
    assert run("case", "list", "--at", "2026-03-02T10:00").stderr == ""
