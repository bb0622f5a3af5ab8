"""The register file: migrations, append-only tables, foreign and corrupt files, location."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from escalatie.register.migrations import APPLICATION_ID, LATEST, MIGRATIONS
from escalatie.register.register import Register
from escalatie.register.store import RegisterError, db_path, migrate, version
from escalatie.settings import SettingsError

from .conftest import sqlite_only

# SQLite only: the file, WAL, its migrations (PostgreSQL's: test_postgresql.py).
pytestmark = sqlite_only


def test_new_register_is_wal_at_latest_version(db: Path) -> None:
    with Register.open(db) as reg:
        assert version(reg.db) == LATEST
        assert reg.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert reg.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        steps = [
            r[0] for r in reg.db.execute("SELECT version FROM schema_version ORDER BY version")
        ]
    assert steps == list(range(1, LATEST + 1))


def test_migrates_a_version_1_register_keeping_its_data(db: Path) -> None:
    raw = sqlite3.connect(db, isolation_level=None)
    migrate(raw, db, target=1)
    assert version(raw) == 1
    raw.execute(
        "INSERT INTO events (case_id, kind, at, actor, payload) VALUES (?, ?, ?, ?, ?)",
        ("ESC-AAAA-BBBB", "resumed", "2026-03-02T10:00:00+01:00", "old", "{}"),
    )
    raw.execute(
        "INSERT INTO audit (at, actor, action, case_id, detail, reason) VALUES (?, ?, ?, ?, ?, ?)",
        ("2026-03-02T10:00:00+01:00", "old", "show", "ESC-AAAA-BBBB", "", ""),
    )
    columns = {r[1] for r in raw.execute("PRAGMA table_info(audit)")}
    assert "recorded" not in columns
    raw.close()

    with Register.open(db) as reg:
        assert version(reg.db) == LATEST
        assert reg.db.execute("SELECT count(*) FROM events").fetchone()[0] == 1
        (entry,) = reg.audit_entries()
        assert entry.actor == "old"
        assert entry.recorded == entry.at  # backfilled by migration 3
        indexes = {r[1] for r in reg.db.execute("PRAGMA index_list(events)")}
        assert "events_case" in indexes  # migration 2
        with pytest.raises(RegisterError, match="append-only"), reg.transaction():
            reg.db.execute("UPDATE audit SET actor = 'x'")  # trigger restored after the backfill


def test_migrations_are_ordered_functions() -> None:
    assert len(MIGRATIONS) == LATEST
    assert all(
        callable(m) and m.__doc__ and m.__doc__.startswith(f"Version {n}")
        for n, m in enumerate(MIGRATIONS, 1)
    )


@pytest.mark.parametrize("table", ["events", "audit"])
def test_events_and_audit_are_append_only(reg: Register, table: str) -> None:
    with reg.transaction():
        reg.db.execute(
            "INSERT INTO events (case_id, kind, at, actor, payload) VALUES ('x', 'resumed', 'a', 'b', '{}')"
        )
        reg.db.execute(
            "INSERT INTO audit (at, recorded, actor, action, detail, reason) VALUES ('a', 'a', 'b', 'c', '', '')"
        )
    for sql in (f"UPDATE {table} SET actor = 'mallory'", f"DELETE FROM {table}"):
        with pytest.raises(RegisterError, match="append-only"), reg.transaction():
            reg.db.execute(sql)
    assert reg.db.execute(f"SELECT actor FROM {table}").fetchall() == [("b",)]


def test_a_newer_schema_is_refused(db: Path) -> None:
    with Register.open(db) as reg:
        reg.db.execute("INSERT INTO schema_version VALUES (?, 'later')", (LATEST + 1,))
    with pytest.raises(RegisterError, match="newer than this release"):
        Register.open(db)


def test_a_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE invoices (id INTEGER)")
    other.commit()
    other.close()
    with pytest.raises(RegisterError) as err:
        Register.open(path)
    assert (
        str(err.value) == f"{path}: a SQLite file of another application, not an escalatie register"
    )


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("this is not a database\n" * 200)
    with pytest.raises(RegisterError, match="corrupt or not SQLite"):
        Register.open(path)


def test_a_corrupt_register_gives_one_line(db: Path) -> None:
    with Register.open(db) as reg, reg.transaction():
        for n in range(300):
            reg.db.execute(
                "INSERT INTO events (case_id, kind, at, actor, payload) VALUES (?, 'resumed', 'a', 'b', ?)",
                (f"C{n}", "x" * 200),
            )
    Register.open(db).db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    data[4096 : 4096 * 3] = b"\xff" * (4096 * 2)  # wipe pages after the header
    db.write_bytes(bytes(data))
    with pytest.raises(RegisterError) as err, Register.open(db) as reg:
        reg.events()
    message = str(err.value)
    assert "\n" not in message and str(db) in message


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RegisterError, match="is a folder"):
        Register.open(tmp_path)


def test_location_option_then_environment_then_data_folder(tmp_path: Path) -> None:
    assert db_path("x.db", {"ESCALATIE_DB": "y.db"}) == Path("x.db")
    assert db_path(None, {"ESCALATIE_DB": "y.db"}) == Path("y.db")
    default = db_path(None, {})
    assert default.name == "register.sqlite3" and "escalatie" in str(default)


def test_the_register_setting_is_read_through_the_settings_converter(tmp_path: Path) -> None:
    def env(text: str) -> dict[str, str]:
        settings = tmp_path / f"escalatie-{len(list(tmp_path.iterdir()))}.toml"
        settings.write_text(f"[register]\n{text}\n", encoding="utf-8")
        return {"ESCALATIE_CONFIG": str(settings)}

    assert db_path(None, env(f'url = "sqlite:///{tmp_path}/r.db"')) == tmp_path / "r.db"
    with pytest.raises(SettingsError, match=r"^settings \[register\] url: expected text, got 3$"):
        db_path(None, env("url = 3"))
    with pytest.raises(SettingsError, match=r"url: expected a path or a postgresql:// URL"):
        db_path(None, env('url = "  "'))
    with pytest.raises(SettingsError, match=r"^settings \[register\] adres: unknown setting"):
        db_path(None, env('adres = "r.db"'))


def test_events_written_before_version_6_are_numbered_per_case(db: Path) -> None:
    raw = sqlite3.connect(db, isolation_level=None)
    migrate(raw, db, target=5)
    for case_id in ("ESC-AAAA-AAAA", "ESC-BBBB-BBBB", "ESC-AAAA-AAAA", "ESC-AAAA-AAAA"):
        raw.execute(
            "INSERT INTO events (case_id, kind, at, actor, payload) VALUES (?, ?, ?, ?, ?)",
            (case_id, "resumed", "2026-03-02T10:00:00+01:00", "old", "{}"),
        )
    raw.close()
    with Register.open(db) as reg:
        rows = reg.store.query("SELECT case_id, case_seq FROM events ORDER BY seq")
        assert rows == [
            ("ESC-AAAA-AAAA", 1), ("ESC-BBBB-BBBB", 1), ("ESC-AAAA-AAAA", 2), ("ESC-AAAA-AAAA", 3)
        ]  # fmt: skip
        with pytest.raises(RegisterError, match="UNIQUE"), reg.transaction():
            reg.store.execute(
                "INSERT INTO events (case_id, case_seq, kind, at, actor, payload) "
                "VALUES ('ESC-AAAA-AAAA', 2, 'resumed', 'x', 'x', '{}')"
            )


def test_a_file_register_does_not_import_psycopg(db: Path) -> None:
    """The driver is loaded only for a postgresql:// register: the command line stays light."""
    import subprocess
    import sys

    code = (
        "import sys; from escalatie.register.register import Register; "
        f"Register.open({str(db)!r}).close(); import escalatie.cli.register_admin; "
        "print('psycopg' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "False"
