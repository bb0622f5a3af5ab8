"""The store interface: the few operations the register needs from a database.

The register's logic (:mod:`escalatie.register.register`) is written once against
:class:`Store`; two stores implement it: :class:`SqliteStore`, the embedded file
(:mod:`escalatie.register.store`), and the PostgreSQL server
(:mod:`escalatie.register.postgresql`). SQL is written with ``?`` placeholders and in the
dialect both understand; a store that needs another placeholder translates it. Every failure
comes out as a one-line :class:`~escalatie.register.store.RegisterError`.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple, Protocol

Row = tuple[Any, ...]
BATCH_ROWS = 256
"""Rows fetched at a time by :meth:`Store.batches`: few enough to stay in the processor's
cache, enough that fetching costs nothing per row beyond the row itself."""


class Store(Protocol):
    """What the register asks of a database."""

    kind: str
    """``"sqlite"`` or ``"postgresql"``."""
    where: str
    """How the register is named in messages (a path, or a URL without its password)."""

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Every row of a ``SELECT``."""
        ...

    def rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        """The rows of a ``SELECT`` one by one (a long audit log is not held in memory)."""
        ...

    def batches(self, sql: str, params: Sequence[Any] = ()) -> Iterator[list[Row]]:
        """The rows of a ``SELECT`` a few hundred at a time: as :meth:`rows`, without a
        generator's step for every row (the rebuild's 100k rows, :meth:`Register.states`)."""
        ...

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; the number of rows it changed."""
        ...

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        """Run one statement for every row; the number written."""
        ...

    def transaction(self) -> AbstractContextManager[None]:
        """One transaction: committed when the block ends, rolled back on any error."""
        ...

    @property
    def in_transaction(self) -> bool: ...

    def lock_writes(self) -> None:
        """Serialise writers from here to the commit: the audit chain is one sequence."""
        ...

    def append_events(self, rows: Iterable[Sequence[Any]]) -> int:
        """Insert events ``(case_id, kind, at, actor, payload, recorded)``, each numbered after
        the last of its case (``case_seq``); retried where another writer took that number."""
        ...

    def append_event(self, row: Sequence[Any]) -> int:
        """Insert one event like :meth:`append_events`; its ``seq``."""
        ...

    def server_moment(self) -> tuple[datetime, str] | None:
        """The server's transaction time and database user, which it records itself; None
        for an embedded file, where the caller's clock and operating-system user are used."""
        ...

    def can_read(self, table: str) -> bool:
        """Whether the connected user may read ``table`` (a database enforces it; a file
        grants everything to whoever can open it)."""
        ...

    def structure_problems(self) -> list[str]:
        """Damage the database itself can report, and missing or changed append-only guards."""
        ...

    def close(self) -> None: ...


APPEND_EVENT = (
    "INSERT INTO events (case_id, case_seq, kind, at, actor, payload, recorded) VALUES "
    "(?, (SELECT coalesce(max(case_seq), 0) + 1 FROM events WHERE case_id = ?), ?, ?, ?, ?, ?)"
)
"""An event numbered after the last of its case, in one statement (both dialects)."""


INSERT_NUMBERED = (
    "INSERT INTO events (case_id, case_seq, kind, at, actor, payload, recorded) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
"""An event with its number in its case given (SQLite numbers a batch itself, see
:meth:`SqliteStore.append_events`)."""
EVENT_WIDTH = 7
"""The columns of :data:`INSERT_NUMBERED`."""
ROWS_PER_STATEMENT = 128
"""Events per ``INSERT`` of a SQLite batch: 896 parameters, under the limit of 999 of SQLite
before 3.32."""


@functools.cache
def insert_events(count: int) -> str:
    """:data:`INSERT_NUMBERED` for ``count`` events in one statement."""
    row = "(" + ", ".join("?" * EVENT_WIDTH) + ")"
    return INSERT_NUMBERED.removesuffix(row) + ", ".join([row] * count)


LAST_OF_CASES = (
    "SELECT case_id, max(case_seq) FROM events WHERE case_id IN ({marks}) GROUP BY case_id"
)
"""The last number of each of some cases that have events (read on the unique index)."""
CASES_PER_QUERY = 500
"""Cases asked per :data:`LAST_OF_CASES` statement: under SQLite's oldest limit of 999
parameters."""


_INSERT = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)", re.IGNORECASE)


def stored(where: str, statement: str, count: int) -> int:
    """``count``, the rows a statement changed; refused when an ``INSERT`` stored nothing.

    escalatie's own inserts always store their row: none stored means a trigger outside
    escalatie dropped it (``RAISE(IGNORE)`` in SQLite, ``RETURN NULL`` in PostgreSQL), and the
    command must fail rather than report what was not kept. ``ON CONFLICT`` upserts are exempt.
    """
    found = _INSERT.match(statement)
    if found and count == 0 and "ON CONFLICT" not in statement.upper():
        from escalatie.register.store import RegisterError

        raise RegisterError(
            f"{where}: register is damaged: nothing was stored in {found[1]} (a trigger not "
            "created by escalatie drops the row); run `escalatie audit --verify`"
        )
    return count


def expected_sqlite_triggers() -> dict[str, str]:
    """The triggers the migrations create, by name, as SQL with whitespace collapsed: read
    from a register migrated in memory, so a trigger added by a later migration counts too."""
    return dict(_expected_sqlite_triggers())


@functools.cache
def _expected_sqlite_triggers() -> tuple[tuple[str, str], ...]:
    from escalatie.register.store import migrate

    db = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(db, Path(":memory:"))
        rows = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    finally:
        db.close()
    return tuple(sorted((str(n), _collapse(str(q))) for n, q in rows))


def _collapse(sql: str) -> str:
    return " ".join(sql.split()).rstrip(";")


class FoundTrigger(NamedTuple):
    """A trigger as the database holds it: its table, its definition as compared (collapsed,
    by the store's own rule) and whether it fires (PostgreSQL can disable one; SQLite not)."""

    table: str
    sql: str
    enabled: bool = True


def trigger_problems(found: Mapping[str, FoundTrigger], expected: Mapping[str, str]) -> list[str]:
    """The triggers ``found`` against those the migrations create (``expected``, name to
    definition), for ``audit --verify`` on either store: each missing, changed, disabled or
    extra one named (an extra one may drop inserted rows; a disabled or changed one may let
    an update through the append-only guard)."""
    problems = []
    for name, sql in expected.items():
        trigger = found.get(name)
        if trigger is None:
            problems.append(f"trigger {name}: missing (dropped)")
        elif trigger.sql != sql:
            problems.append(f"trigger {name}: changed")
        elif not trigger.enabled:
            problems.append(f"trigger {name}: disabled")
    problems += [
        f"trigger {name} on {trigger.table}: extra, not created by escalatie"
        for name, trigger in sorted(found.items())
        if name not in expected
    ]
    return problems


def event_rows(rows: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    """``(case_id, kind, …)`` as :data:`APPEND_EVENT` takes it: the case id twice."""
    for row in rows:
        yield (row[0], row[0], *row[1:])


class SqliteStore:
    """The register in a SQLite file (see :mod:`escalatie.register.store`)."""

    kind = "sqlite"

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self.where = str(path)
        self.db = db

    def _fail(self, exc: sqlite3.Error) -> Exception:
        from escalatie.register.store import describe

        return describe(self.path, exc)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        try:
            return self.db.execute(sql, tuple(params)).fetchall()
        except sqlite3.Error as exc:
            raise self._fail(exc) from None

    def rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        try:
            yield from self.db.execute(sql, tuple(params))
        except sqlite3.Error as exc:
            raise self._fail(exc) from None

    def batches(self, sql: str, params: Sequence[Any] = ()) -> Iterator[list[Row]]:
        try:
            cursor = self.db.execute(sql, tuple(params))
            while batch := cursor.fetchmany(BATCH_ROWS):
                yield batch
        except sqlite3.Error as exc:
            raise self._fail(exc) from None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        try:
            count = int(self.db.execute(sql, tuple(params)).rowcount)
        except sqlite3.Error as exc:
            raise self._fail(exc) from None
        return stored(self.where, sql, count)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        try:
            return int(self.db.executemany(sql, rows).rowcount)
        except sqlite3.Error as exc:
            raise self._fail(exc) from None

    def append_events(self, rows: Iterable[Sequence[Any]]) -> int:
        """Number the batch here and write it :data:`ROWS_PER_STATEMENT` rows to a statement.

        The last number of every case in the batch is asked in a few statements
        (:data:`LAST_OF_CASES`), not once per event nor once per case. Rows go in many to an
        ``INSERT`` (SQLite's work per statement, run once for 128 rows instead of for each,
        was a third of the insert's time). Every row must be stored: fewer means a trigger
        from outside escalatie dropped some, and the batch is refused (as :func:`stored`
        refuses a single insert that stored nothing).
        """
        if not self.db.in_transaction:  # the numbers and the rows go in together
            with self.transaction():
                return self.append_events(rows)
        # Writers hold the file's write lock (BEGIN IMMEDIATE): no one else numbers meanwhile.
        batch = rows if isinstance(rows, list) else list(rows)
        last = self._last_numbers({row[0] for row in batch})
        values: list[Any] = []  # the rows' columns one after another, as the statements bind
        for case_id, kind, at, actor, payload, recorded in batch:
            last[case_id] = number = last[case_id] + 1
            values += (case_id, number, kind, at, actor, payload, recorded)
        width = EVENT_WIDTH * ROWS_PER_STATEMENT
        full = len(values) - len(values) % width
        written = self.executemany(
            insert_events(ROWS_PER_STATEMENT),
            (values[start : start + width] for start in range(0, full, width)),
        )
        if full < len(values):
            written += self.execute(insert_events(len(batch) % ROWS_PER_STATEMENT), values[full:])
        if written != len(batch):
            from escalatie.register.store import RegisterError

            raise RegisterError(
                f"{self.where}: register is damaged: {len(batch) - written} of {len(batch)} "
                "events were not stored (a trigger not created by escalatie drops rows); run "
                "`escalatie audit --verify`"
            )
        return written

    def _last_numbers(self, cases: set[str]) -> dict[str, int]:
        """The last ``case_seq`` of each case (0 for a case without events)."""
        last = dict.fromkeys(cases, 0)
        ids = list(cases)
        for start in range(0, len(ids), CASES_PER_QUERY):
            chunk = ids[start : start + CASES_PER_QUERY]
            marks = ", ".join("?" * len(chunk))
            last.update(self.query(LAST_OF_CASES.format(marks=marks), chunk))
        return last

    def append_event(self, row: Sequence[Any]) -> int:
        try:
            cursor = self.db.execute(APPEND_EVENT, (row[0], *row))
        except sqlite3.Error as exc:
            raise self._fail(exc) from None
        stored(self.where, APPEND_EVENT, cursor.rowcount)
        assert cursor.lastrowid is not None
        return int(cursor.lastrowid)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        from escalatie.register.store import transaction

        try:
            with transaction(self.db, self.path):
                yield
        except sqlite3.Error as exc:
            raise self._fail(exc) from None

    @property
    def in_transaction(self) -> bool:
        return self.db.in_transaction

    def lock_writes(self) -> None:
        """Nothing to do: ``BEGIN IMMEDIATE`` took the file's write lock already."""

    def server_moment(self) -> tuple[datetime, str] | None:
        return None

    def can_read(self, table: str) -> bool:
        return True

    def structure_problems(self) -> list[str]:
        """SQLite's integrity check, and the triggers exactly as the migrations create them:
        a missing, changed or extra one (one that drops inserted rows, say) is named."""
        problems = [r[0] for r in self.query("PRAGMA integrity_check") if r[0] != "ok"]
        found = {
            str(name): FoundTrigger(str(table), _collapse(str(sql)))
            for name, table, sql in self.query(
                "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'"
            )
        }
        return problems + trigger_problems(found, expected_sqlite_triggers())

    def close(self) -> None:
        self.db.close()
