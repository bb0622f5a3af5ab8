"""The register's SQLite file: where it lives, opening it safely, one transaction per command.

SQLite through the standard library, in WAL mode with ``synchronous=FULL`` (a committed
transaction survives a killed process and a power cut; a transaction cut off is never kept in
part). Writers take the lock up front (``BEGIN IMMEDIATE``) and wait for each other
(busy timeout, then a few retries), so two processes writing at once lose nothing.

A file that is not SQLite, is empty, is corrupt, or is another application's database gives a
one-line :class:`~escalatie.errors.EscalatieError` naming the file. Only a caller that means to
write a case may create a register (``create=True``), and only where no file exists: the new
register is built and migrated under a temporary name beside the target and then linked into
place, so no other process ever sees a half-made (empty) file at the register's path.

The register holds names and BSNs, so it is owner-only whatever the umask
(:mod:`escalatie.owner_only`): the file is created 0600 before SQLite opens it (SQLite gives
its WAL and SHM files the database file's mode), folders made for it are 0700, and opening a
register that others may read warns on standard error.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import sqlite3
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import attrs

from escalatie.clock import Clock, system_clock
from escalatie.errors import RegisterError as RegisterError  # its name here since version 1
from escalatie.owner_only import create_file, make_folder, restrict, warn_if_loose
from escalatie.register.migrations import APPLICATION_ID, LATEST, MIGRATIONS

DB_ENV = "ESCALATIE_DB"
BUSY_TIMEOUT_MS = 10_000
RETRIES = 5


def db_path(option: str | None = None, env: Mapping[str, str] | None = None) -> Path | str:
    """Where the register is: ``--db``, else ``$ESCALATIE_DB``, else the ``register.url``
    setting, else ``register.sqlite3`` in the user's data folder.

    A path or a ``sqlite:///path`` URL is a SQLite file (a :class:`~pathlib.Path`); a
    ``postgresql://`` (or ``postgres://``) URL, any libpq URL including one naming a Unix
    socket (``postgresql://user@/db?host=/run/postgresql``), is a PostgreSQL database and
    comes back as the URL itself.
    """
    env = os.environ if env is None else env
    if option:
        return _target(option, "--db")
    if env.get(DB_ENV):
        return _target(env[DB_ENV], DB_ENV)
    from escalatie.settings import read

    url = read("register", RegisterSettings, env).url
    if url:
        return _target(url, "settings [register] url")
    return default_folder() / "register.sqlite3"


def _url(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value and not value.strip():
        from escalatie.validation import FieldError

        raise FieldError(attribute.name, "expected a path or a postgresql:// URL")


@attrs.frozen
class RegisterSettings:
    """The ``[register]`` table of the settings file (``docs/settings.md``)."""

    url: str = attrs.field(default="", validator=_url)
    """The register: a path, a ``sqlite:///`` URL or a ``postgresql://`` URL."""


def is_url(value: str) -> bool:
    """Whether ``value`` names a PostgreSQL database rather than a file."""
    return value.startswith(("postgresql://", "postgres://"))


_PASSWORD = re.compile(r"(://[^:/@?]*):[^@/?]*@")
_PASSWORD_PARAM = re.compile(r"(password=)[^&\s]*", re.IGNORECASE)


def shown(target: Path | str) -> str:
    """A register as it may appear in a message or log: a URL without its password."""
    if isinstance(target, Path):
        return str(target)
    return _PASSWORD_PARAM.sub(r"\1***", _PASSWORD.sub(r"\1:***@", target))


def default_folder() -> Path:
    """The program's own data folder, the one folder the register creates when missing."""
    from escalatie.userdirs import user_data_path

    return user_data_path()


_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):(//|/?[^/\\]*@)")


def _target(value: str, name: str) -> Path | str:
    if is_url(value):
        return value
    if value.startswith("sqlite:///"):
        return Path(value.removeprefix("sqlite:///"))  # as SQLAlchemy: sqlite:////abs
    match = _URL.match(value)
    if match and len(match[1]) > 1:  # "C:/..." is a Windows drive, not a URL
        raise RegisterError(
            f"{name}: expected the path of a register file, a sqlite:///path or a "
            f"postgresql:// URL; got a {match[1]}: URL"
        )
    return Path(value)


def describe(path: Path, exc: sqlite3.Error) -> RegisterError:
    """One line for a SQLite failure, naming the file and what to do."""
    text = str(exc)
    if isinstance(exc, sqlite3.OperationalError) and "locked" in text:
        return RegisterError(f"{path}: the register is busy (locked by another process); try again")
    if isinstance(exc, sqlite3.DatabaseError) and (
        "not a database" in text or "malformed" in text or "corrupt" in text
    ):
        return RegisterError(
            f"{path}: not a readable escalatie register (file is corrupt or not SQLite)"
        )
    if isinstance(exc, sqlite3.OperationalError) and "unable to open" in text:
        return RegisterError(f"{path}: cannot open the register file ({text})")
    return RegisterError(f"{path}: register error ({text})")


class NoRegister(RegisterError):
    """There is no file at the path, and the caller may not create one (a read)."""


def connect(path: Path, create: bool = True) -> sqlite3.Connection:
    """Open and migrate the register at ``path``; with ``create``, make it if no file exists."""
    if path.exists() and path.is_dir():
        raise RegisterError(f"{path}: is a folder; --db expects a register file")
    existed = _check_header(path)
    if not existed:
        if not create:
            raise NoRegister(f"no register at {path}")
        _create(path)
    db = _open(path, path)
    if existed:  # a register we made is owner-only; one found may not be
        warn_if_loose(
            [path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))], "the register"
        )
    return db


def _open(path: Path, shown: Path) -> sqlite3.Connection:
    try:
        db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise describe(shown, exc) from None
    try:
        _prepare(db, shown)
    except sqlite3.Error as exc:
        db.close()
        raise describe(shown, exc) from None
    except RegisterError:
        db.close()
        raise
    return db


def _create(path: Path) -> None:
    """Build a migrated register beside ``path`` and link it into place unless a file appeared.

    ``os.link`` never replaces: if another process created the register meanwhile, its file
    stays and ours is dropped. Where hard links are not supported, the register is created in
    place (the old way: SQLite creates the file, the migration runs under the write lock).
    """
    if not path.parent.is_dir():
        if path.parent != default_folder():
            raise RegisterError(
                f"{path}: the folder {path.parent} does not exist; expected an existing folder "
                "(create it first; only the default register's own data folder is made for you)"
            )
        try:
            make_folder(path.parent)  # owner-only (0700), like the register in it
        except OSError as exc:
            raise RegisterError(f"{path}: cannot create its folder ({exc.strerror})") from None
    temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.new")
    try:
        try:
            os.close(create_file(temp))  # 0600 before SQLite sees it; WAL and SHM follow
        except OSError as exc:
            raise RegisterError(f"{path}: cannot create the register ({exc.strerror})") from None
        _open(temp, path).close()  # the last connection closes: the WAL is folded in, removed
        try:
            os.link(temp, path)
        except FileExistsError:
            pass
        except OSError:
            _open(path, path).close()
            restrict(path)
    finally:
        for leftover in (
            temp,
            temp.with_name(temp.name + "-wal"),
            temp.with_name(temp.name + "-shm"),
        ):
            with contextlib.suppress(OSError):
                leftover.unlink()


SQLITE_HEADER = b"SQLite format 3\x00"


def _check_header(path: Path) -> bool:
    """Whether a file exists; refuse one that is not SQLite, empty ones included.

    SQLite itself would silently take over an empty or tiny file and turn it into a register.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise RegisterError(f"{path}: cannot read the register file ({exc.strerror})") from None
    if not head:
        raise RegisterError(f"{path}: an empty file, not an escalatie register")
    if head != SQLITE_HEADER:
        raise RegisterError(
            f"{path}: not a readable escalatie register (file is corrupt or not SQLite)"
        )
    return True


def _prepare(db: sqlite3.Connection, path: Path) -> None:
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # One statement, one snapshot: another process may be creating the file right now.
    app, tables = db.execute(
        "SELECT (SELECT application_id FROM pragma_application_id()), "
        "(SELECT count(*) FROM sqlite_master)"
    ).fetchone()
    if app != APPLICATION_ID and (app != 0 or tables):
        raise RegisterError(
            f"{path}: a SQLite file of another application, not an escalatie register"
        )
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        _retry(lambda: db.execute("PRAGMA journal_mode = WAL"))
    # FULL: each commit is on disk before it returns, so a power cut loses no committed
    # transaction (NORMAL in WAL mode could lose the last ones, while the audit chain's head,
    # written with fsync after the commit, would then claim entries that are gone). It costs
    # one fsync per transaction; a command is one transaction. See docs/benchmarks.md.
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    migrate(db, path)


def _retry(action: object) -> None:
    assert callable(action)
    for attempt in range(RETRIES):
        try:
            action()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


def version(db: sqlite3.Connection) -> int:
    """The schema version of an open register; 0 for an empty file."""
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not exists:
        return 0
    row = db.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(
    db: sqlite3.Connection, path: Path, target: int = LATEST, clock: Clock = system_clock
) -> int:
    """Apply the missing migrations up to ``target``, all in one transaction; the new version.

    ``clock`` stamps when each migration was applied (an infrastructure record, not case data).
    """
    if version(db) == target:
        return target
    with transaction(db, path):
        current = version(db)  # again, under the write lock: another process may have migrated
        if current > LATEST:
            raise RegisterError(
                f"{path}: register schema version {current} is newer than this release "
                f"understands ({LATEST}); upgrade escalatie"
            )
        if current == 0:
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(
                "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)"
            )
        for number in range(current + 1, target + 1):
            MIGRATIONS[number - 1](db)
            db.execute(
                "INSERT INTO schema_version (version, applied) VALUES (?, ?)",
                (number, clock().isoformat(timespec="seconds")),
            )
    return target


@contextmanager
def transaction(db: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; rolled back on any error, so nothing partial is kept."""
    _retry(lambda: db.execute("BEGIN IMMEDIATE"))
    try:
        yield db
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    try:
        _retry(lambda: db.execute("COMMIT"))
    except sqlite3.Error:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
