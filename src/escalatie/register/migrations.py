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


def v4_audit_chain(db: sqlite3.Connection) -> None:
    """Version 4: a sealed audit log, the OS user beside the actor, and when events were recorded.

    Adds the audit's ``os_user`` (NEN 7513 asks for an identified user; unknown, '', for older
    entries) and ``mac`` (the seal chained to the entry before, :mod:`escalatie.register.chain`),
    the events' wall-clock ``recorded`` ('' where it was not kept), and the ``audit_chain``
    table with the register's random id. Existing audit entries are sealed in order, and the
    chain's head is written outside the file.
    """
    import escalatie.register.chain as chain

    _run(
        db,
        """
        ALTER TABLE events ADD COLUMN recorded TEXT NOT NULL DEFAULT '';
        ALTER TABLE audit ADD COLUMN os_user TEXT NOT NULL DEFAULT '';
        ALTER TABLE audit ADD COLUMN mac TEXT NOT NULL DEFAULT '';
        CREATE TABLE audit_chain (register_id TEXT NOT NULL);
        """
        + _append_only("audit_chain"),
    )
    register_id = chain.new_register_id()
    db.execute("INSERT INTO audit_chain (register_id) VALUES (?)", (register_id,))
    rows = list(chain.select_rows(db))
    if not rows:
        return
    key = chain.chain_key()
    # The append-only trigger is lifted for this one sealing, inside the transaction.
    db.execute("DROP TRIGGER audit_no_update")
    previous = ""
    for seq, fields, _ in rows:
        previous = chain.seal(key, register_id, seq, fields, previous)
        db.execute("UPDATE audit SET mac = ? WHERE seq = ?", (previous, seq))
    _run(db, _append_only("audit").split("CREATE TRIGGER audit_no_delete")[0])
    chain.write_head(
        chain.head_path(register_id), chain.Head.make(key, register_id, rows[-1][0], previous)
    )


def v5_system_records(db: sqlite3.Connection) -> None:
    """Version 5: records about the system rather than one case (issue 12).

    Signals of system obstacles (knelpunten) to a body, Rotterdam's leeronderzoeken and the
    consultations of an expertise network or expertpool live here, apart from the cases'
    event logs: a signal may name several cases, a leeronderzoek is kept apart from the case
    it examines. Like events, records are append-only; each belongs to a subject
    (``signal``, ``inquiry``, ``consultation``) and carries that subject's running number.
    """
    _run(
        db,
        """
        CREATE TABLE records (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            subject TEXT NOT NULL,
            number INTEGER NOT NULL,
            kind TEXT NOT NULL,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            payload TEXT NOT NULL
        );
        CREATE INDEX records_subject ON records (subject, number, seq);
        """
        + _append_only("records"),
    )


def v7_calendar_messages(db: sqlite3.Connection) -> None:
    """Version 7: the calendar messages sent (iTIP REQUEST and CANCEL), one row per message.

    A later message of a meeting needs a higher SEQUENCE than every earlier one, and a CANCEL
    goes to exactly the attendees who were invited (RFC 5546 2.1.4, 3.2.5): both are read from
    here. ``attendees`` (organisations and their functional addresses) and ``cases`` (the
    pseudonymous references on the agenda) are JSON; no case data beyond the references.
    """
    _run(
        db,
        """
        CREATE TABLE calendar_messages (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            model TEXT NOT NULL,
            forum TEXT NOT NULL,
            uid TEXT NOT NULL,
            recurrence_id TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            method TEXT NOT NULL CHECK (method IN ('REQUEST', 'CANCEL')),
            partial INTEGER NOT NULL DEFAULT 0,
            attendees TEXT NOT NULL,
            cases TEXT NOT NULL,
            channel TEXT NOT NULL,
            at TEXT NOT NULL,
            recorded TEXT NOT NULL,
            actor TEXT NOT NULL,
            UNIQUE (uid, recurrence_id, sequence)
        );
        CREATE INDEX calendar_messages_forum ON calendar_messages (model, forum, seq);
        """
        + _append_only("calendar_messages"),
    )


def v6_zgw_remote(db: sqlite3.Connection) -> None:
    """Version 6: what ``case push --zgw`` created in a Zaken API, so a push is idempotent.

    One row per pushed object (zaak, status, rol, resultaat) of a case in one API: its remote
    URL and a digest of the request body last sent, so the next push updates what changed,
    skips what did not and never creates an object twice. Not append-only: a row is replaced
    when its object is updated, and removed when the object is deleted remotely.
    """
    _run(
        db,
        """
        CREATE TABLE zgw_remote (
            api TEXT NOT NULL,
            case_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            url TEXT NOT NULL,
            digest TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (api, case_id, kind, key)
        );
        """,
    )


def v8_case_sequence(db: sqlite3.Connection) -> None:
    """Version 8: each event's number within its case (``case_seq``), unique per case.

    Many writers on a shared register (PostgreSQL) must never give two events of one case the
    same place in its history: the unique index makes the database refuse it, and the writer
    takes the next number (:meth:`escalatie.register.backend.Store.append_events`). Existing
    events are numbered in the order they were written.
    """
    _run(
        db,
        """
        ALTER TABLE events ADD COLUMN case_seq INTEGER NOT NULL DEFAULT 0;
        DROP TRIGGER events_no_update;
        UPDATE events SET case_seq = (
            SELECT count(*) FROM events AS e WHERE e.case_id = events.case_id AND e.seq <= events.seq
        );
        CREATE UNIQUE INDEX events_case_seq ON events (case_id, case_seq);
        """
        + _append_only("events").split("CREATE TRIGGER events_no_delete")[0],
    )


MIGRATIONS: tuple[Migration, ...] = (
    v1_events_identities_audit,
    v2_case_index,
    v3_audit_recorded,
    v4_audit_chain,
    v5_system_records,
    v6_zgw_remote,
    v7_calendar_messages,
    v8_case_sequence,
)
"""In order: ``MIGRATIONS[n - 1]`` produces version ``n``."""

LATEST = len(MIGRATIONS)
