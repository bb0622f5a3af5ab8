"""Move a register to PostgreSQL: every table, its whole history, verified before it commits.

The source must verify (:meth:`Register.verify`: every audit seal, the chain head, the guards):
a register whose audit chain is broken is not copied, so a copy never launders tampering. The
target must be empty. Everything is written in one transaction on the target, with the
source's register id (so the audit seals and the chain head outside the register still hold);
the counts of every table and the target's own verification are checked inside that
transaction, and only then is it committed: a failed copy leaves nothing behind.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from escalatie.errors import EscalatieError
from escalatie.register.register import Register

if TYPE_CHECKING:
    from escalatie.register.postgresql import PostgresStore

SKIPPED = frozenset({"schema_version", "sqlite_sequence", "audit_chain"})
"""Tables the target makes itself (the register id is carried over on its own)."""


def check_source(source: Register) -> None:
    """Refuse a source that is not a register file or does not verify (one line)."""
    if source.kind != "sqlite":
        raise EscalatieError("--from: expected the path of a register file (SQLite)")
    problems = source.verify()
    if problems:
        raise EscalatieError(
            f"--from: {source.path}: the register does not verify, so it is not copied: "
            f"{problems[0]}" + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "")
        )


def copy_register(
    source: Register, target: Register, actor: str, at: datetime, checked: bool = False
) -> dict[str, int]:
    """Copy ``source`` into the empty PostgreSQL register ``target``; rows copied per table.

    ``checked``: the caller ran :func:`check_source` already (before it opened the target, so
    that a refused source leaves not even an empty register behind).
    """
    if not checked:
        check_source(source)
    if target.kind != "postgresql":
        raise EscalatieError("--to: expected a postgresql:// URL (the register to copy into)")
    tables = [
        str(r[0])
        for r in source.store.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
        if r[0] not in SKIPPED
    ]
    import psycopg

    from escalatie.register.postgresql import describe

    copied: dict[str, int] = {}
    with target.transaction():
        target.store.lock_writes()
        present = set(target.store.tables())  # type: ignore[attr-defined]
        missing = [t for t in tables if t not in present]
        if missing:
            raise EscalatieError(
                f"--to: {target.path}: has no table {missing[0]}; is it at the same version?"
            )
        filled = {t: _count(target, t) for t in tables if _count(target, t)}
        if filled:
            table, rows = next(iter(filled.items()))
            raise EscalatieError(
                f"--to: {target.path}: not an empty register ({rows} rows in {table}); "
                "copy only into a new database"
            )
        register_id = source.register_id()
        store: PostgresStore = target.store  # type: ignore[assignment]
        db = store.db
        store.script(  # the target's own register id makes way for the source's
            "ALTER TABLE audit_chain DISABLE TRIGGER USER; DELETE FROM audit_chain; "
            "ALTER TABLE audit_chain ENABLE TRIGGER USER"
        )
        target.store.execute("INSERT INTO audit_chain (register_id) VALUES (?)", (register_id,))
        target._register_id = None
        for table in tables:
            columns = [str(r[1]) for r in source.store.query(f"PRAGMA table_info({table})")]
            names = ", ".join(columns)
            try:
                with db.cursor() as cur, cur.copy(f"COPY {table} ({names}) FROM STDIN") as pipe:
                    for row in source.store.rows(f"SELECT {names} FROM {table} ORDER BY rowid"):
                        pipe.write_row(row)
            except psycopg.Error as exc:
                raise describe(target.path, exc) from None
            copied[table] = _count(target, table)
            if copied[table] != _count(source, table):
                raise EscalatieError(
                    f"--to: {target.path}: {table} has {copied[table]} rows after the copy, "
                    f"the source {_count(source, table)}; nothing was copied"
                )
            if "seq" in columns:
                _reset_identity(target, table)
        problems = target.verify()
        if problems:
            raise EscalatieError(
                f"--to: {target.path}: the copy does not verify ({problems[0]}); nothing was copied"
            )
        moment, user = target.store.server_moment()  # type: ignore[misc]
        target.audit(
            actor=actor,
            action="register_copy",
            case_id=None,
            at=at,
            recorded=moment,
            detail=f"copied from {source.path}: "
            + ", ".join(f"{n} {t}" for t, n in copied.items()),
            os_user=user,
        )
    return copied


def _count(reg: Register, table: str) -> int:
    return int(reg.store.query(f"SELECT count(*) FROM {table}")[0][0])


def _reset_identity(target: Register, table: str) -> None:
    """The next generated number follows the copied ones."""
    target.store.query(
        f"SELECT setval(s, (SELECT max(seq) FROM {table})) "
        f"FROM (SELECT pg_get_serial_sequence('{table}', 'seq') AS s) AS q "
        f"WHERE s IS NOT NULL AND EXISTS (SELECT 1 FROM {table})"
    )
