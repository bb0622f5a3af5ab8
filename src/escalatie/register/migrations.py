"""The register's schema, as an ordered list of migrations.

Each migration is a function that takes the database from version ``n - 1`` to ``n``; the
``schema_version`` table records every step taken and when. A database is never migrated
backwards: a file written by a newer release is refused with a one-line error.

Events and audit entries are append-only: triggers refuse any UPDATE or DELETE, so a bug or a
careless query cannot rewrite history.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

APPLICATION_ID = 0x45534341
"""``PRAGMA application_id`` of a register ('ESCA'): tells our files from foreign SQLite files."""

Migration = Callable[[sqlite3.Connection], None]


def _run(db: sqlite3.Connection, script: str) -> None:
    """Run statements one by one: ``executescript`` would commit the open transaction."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement in migration: {statement.strip()[:60]}")


def _append_only(table: str) -> str:
    return f"""
        CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;
        CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
        BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;
    """


def v1_events_identities_audit(db: sqlite3.Connection) -> None:
    """Version 1: events, identities kept apart from them, and the audit log."""
    _run(
        db,
        """
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            case_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            payload TEXT NOT NULL
        );
        CREATE TABLE identities (
            case_id TEXT PRIMARY KEY,
            payload TEXT NOT NULL
        );
        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            case_id TEXT,
            detail TEXT NOT NULL,
            reason TEXT NOT NULL
        );
        """
        + _append_only("events")
        + _append_only("audit"),
    )


def v2_case_index(db: sqlite3.Connection) -> None:
    """Version 2: look a case's events up by id instead of scanning the whole log."""
    _run(
        db,
        """
        CREATE INDEX events_case ON events (case_id, seq);
        CREATE INDEX audit_case ON audit (case_id, seq);
        """,
    )


def v3_audit_recorded(db: sqlite3.Connection) -> None:
    """Version 3: the wall-clock moment an audit entry was written, next to the command's moment.

    ``--at`` lets a user state when something happened; ``recorded`` keeps when it was logged.
    Existing rows get their ``at`` as the best known value.
    """
    _run(
        db,
        """
        ALTER TABLE audit ADD COLUMN recorded TEXT NOT NULL DEFAULT '';
        """,
    )
    # The append-only trigger must be lifted for this one backfill, inside the transaction.
    _run(
        db,
        """
        DROP TRIGGER audit_no_update;
        UPDATE audit SET recorded = at WHERE recorded = '';
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
        """,
    )


MIGRATIONS: tuple[Migration, ...] = (v1_events_identities_audit, v2_case_index, v3_audit_recorded)
"""In order: ``MIGRATIONS[n - 1]`` produces version ``n``."""

LATEST = len(MIGRATIONS)
