"""Fixtures for the register: a test model with a table, a fresh register, a CLI runner."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from escalatie.case import Case, Obstacle
from escalatie.clock import AMSTERDAM
from escalatie.documents import structure
from escalatie.forum import Cadence, Forum, ForumKind, MeetingSeries, ProcessSupport
from escalatie.hookspecs import hookimpl
from escalatie.model import EscalationModel, Step
from escalatie.plugins import Registry, make_plugin_manager
from escalatie.register.register import Register
from escalatie.register.session import Session
from escalatie.rules import Rule, has_obstacle
from escalatie.sources import seed
from escalatie.triaging import TriageResult, triage

from ..conftest import no_traceback, through_main

TABLE = Forum(
    key="tafel",
    name="Testtafel",
    kind=ForumKind.TABLE,
    organiser=ProcessSupport(title="procesondersteuner", organisation="Gemeente Teststad"),
    source=seed("000", "4"),
    cadence=Cadence(
        series=(
            # Mondays 09:15 every three weeks from 12 January 2026, like seed 000 step 4.
            MeetingSeries(
                "maandag", "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO", time(9, 15), 90, date(2026, 1, 12)
            ),
            MeetingSeries(
                "donderdag", "FREQ=WEEKLY;INTERVAL=3;BYDAY=TH", time(15, 30), 90, date(2026, 1, 15)
            ),
        ),
        other_moments_by_agreement=True,
    ),
)

MODEL = EscalationModel(
    name="test-register",
    municipality="Teststad",
    title="Testmodel",
    summary="A model for the register tests.",
    source=seed("000"),
    contact_points=(),
    forums=(TABLE,),
    ladder=(
        Step(
            key="tafel",
            name="Testtafel",
            description="The table.",
            entry=(
                Rule(
                    "t.entry",
                    "Supply unavailable.",
                    seed("000"),
                    has_obstacle(Obstacle.SUPPLY_UNAVAILABLE),
                ),
            ),
            forum="tafel",
        ),
    ),
)


class _Plugin:
    @hookimpl
    def escalatie_register_models(self, register: Callable[[EscalationModel], None]) -> None:
        register(MODEL)


def test_registry() -> Registry:
    pm = make_plugin_manager(env={"ESCALATIE_PLUGINS": ""})
    pm.register(_Plugin(), name="register-tests")
    return Registry(pm)


def triaged(s: Session, case_id: str, model: EscalationModel) -> TriageResult:
    """The case's triage under ``model`` at the session's moment, as ``case plan`` takes it."""
    return triage(test_registry(), model, s.state(case_id).case, s.at)


MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=AMSTERDAM)

CASE_DOC: dict[str, Any] = {
    "reference": "BT-2026-17",
    "age": 14,
    "question": "Er is geen passende plek; wie helpt Sanne Verbeek?",
    "domains": [{"kind": "care", "question": "Ambulante hulp thuis bij Sanne"}],
    "submitter": {"role": "district_team", "organisation": "Lokalis"},
    "plan": "Plan met ouders; bel 06-98765432 of mail sanne@example.org",
    "obstacles": ["supply_unavailable"],
    "parties": [
        {"organisation": "Samen Veilig", "role": "youth_protection", "currently_involved": True}
    ],
    "identity": {
        "name": "Sanne van Verbeek",
        "bsn": "111222333",
        "phone": "06-98765432",
        "email": "sanne@example.org",
        "address": "Teststraat 12, Utrecht",
        "date_of_birth": "2011-05-04",
    },
}


@pytest.fixture
def model() -> EscalationModel:
    """The test model: one table meeting on Mondays and Thursdays every three weeks."""
    return MODEL


@pytest.fixture
def case_doc() -> dict[str, Any]:
    """A fresh copy of the example case document (invented identity)."""
    return json.loads(json.dumps(CASE_DOC))


@pytest.fixture
def cli_command() -> click.Command:
    """The CLI through ``main``, for tests that drive CliRunner themselves."""
    return through_main


@pytest.fixture
def case() -> Case:
    return structure(json.loads(json.dumps(CASE_DOC)), Case)


_SQLITE = "sqlite"
_POSTGRESQL = pytest.param("postgresql", marks=pytest.mark.postgresql)


@pytest.fixture(params=[_SQLITE, _POSTGRESQL])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """The register of a test: a SQLite file, and (a second run) a fresh PostgreSQL database.

    A module or test narrows it to one store with :data:`sqlite_only` or
    :data:`postgresql_only` (``pytestmark = sqlite_only``) rather than a ``db`` of its own.
    """
    if request.param == "sqlite":
        return tmp_path / "register.sqlite3"
    return str(request.getfixturevalue("pg_url"))


sqlite_only = pytest.mark.sqlite_only
"""The ``db`` of these tests is the SQLite file only: for what only a file has (modes, WAL,
tampering with ``sqlite3``); PostgreSQL's counterparts are in test_postgresql.py."""

postgresql_only = pytest.mark.postgresql_only
"""The ``db`` of these tests is a fresh PostgreSQL database only: what only a server does."""


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Narrow ``db`` to one store for a test marked :data:`sqlite_only` or
    :data:`postgresql_only` that uses it (tests of such a module that use no register are left
    alone). Done as a ``parametrize`` mark, which pytest lets take precedence over the fixture's
    own params."""
    if "db" not in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker("sqlite_only"):
        store = [_SQLITE]
    elif metafunc.definition.get_closest_marker("postgresql_only"):
        store = [_POSTGRESQL]
    else:
        return
    metafunc.definition.add_marker(pytest.mark.parametrize("db", store, indirect=True))


@pytest.fixture
def stored() -> Callable[..., int | None]:
    """``stored(db, table="events")``: the rows of a register's table; None where there is no
    register at all (no file; an empty database)."""

    def count(db: Path | str, table: str = "events") -> int | None:
        if isinstance(db, str):
            import psycopg

            with psycopg.connect(db, autocommit=True) as conn:
                if conn.execute("SELECT to_regclass(%s)", (table,)).fetchone() == (None,):
                    return None
                row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
                return int(row[0]) if row else None
        if not db.exists():
            return None
        import sqlite3

        with sqlite3.connect(db) as con:
            return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    return count


PG_REQUIRED = "ESCALATIE_TEST_POSTGRESQL"
"""Set to ``required`` (CI does): a missing server fails the run instead of skipping."""


PG_BIN = "ESCALATIE_TEST_POSTGRESQL_BIN"
"""The folder of ``initdb`` and ``pg_ctl`` to use, where they are neither on PATH nor under
``/usr/lib/postgresql`` (Homebrew, Postgres.app); when set, the only place looked in."""


def _pg_bin() -> Path | None:
    chosen = os.environ.get(PG_BIN)
    if chosen is not None:
        return Path(chosen) if (Path(chosen) / "initdb").is_file() else None
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3])
    )
    return candidates[-1].parent if candidates else None


class PostgresServer:
    """A throwaway PostgreSQL cluster on a Unix socket in a temporary folder (no TCP port).

    ``initdb`` and the server refuse to run as root, so as root they run as the ``postgres``
    account (made by the distribution's package) or ``nobody``. The superuser ``postgres``
    connects without a password; every other user needs one (SCRAM), so wrong credentials can
    be tested.
    """

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.base = Path(tempfile.mkdtemp(prefix="esc-pg-"))  # short: a socket path is short
        self.data = self.base / "data"
        self.socket = self.base
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            import pwd

            for name in ("postgres", "nobody"):
                try:
                    account = pwd.getpwnam(name)
                except KeyError:
                    continue
                os.chown(self.base, account.pw_uid, account.pw_gid)
                self.prefix = ["setpriv", f"--reuid={account.pw_uid}", f"--regid={account.pw_gid}",
                               "--clear-groups", "--"]  # fmt: skip
                break
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-E", "UTF8",
                  "--no-locale", "--auth-local=trust", "--auth-host=reject")  # fmt: skip
        (self.data / "pg_hba.conf").write_text(
            "local all postgres trust\nlocal all all scram-sha-256\n", encoding="utf-8"
        )
        options = (
            f"-k {self.socket} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=80"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.base / "log"), "-w", "-o",
                  options, "start")  # fmt: skip
        self._names = itertools.count(1)

    def _run(self, program: str, *args: str) -> None:
        env = {**os.environ, "LC_ALL": "C", "TZ": "UTC"}
        subprocess.run(
            [*self.prefix, str(self.bin / program), *args],
            check=True, capture_output=True, timeout=120, cwd=self.base, env=env,
        )  # fmt: skip

    def url(self, database: str = "postgres", user: str = "postgres", password: str = "") -> str:
        who = f"{user}:{password}" if password else user
        return f"postgresql://{who}@/{database}?host={self.socket}"

    def admin(self, database: str = "postgres") -> Any:
        import psycopg

        return psycopg.connect(self.url(database), autocommit=True)

    def new_database(self) -> str:
        name = f"register_{next(self._names)}"
        with self.admin() as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return name

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the session; skipped (with the reason) where there is none."""
    required = os.environ.get(PG_REQUIRED) == "required"
    why = ""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        why = "psycopg is not installed (pip install -e '.[test]')"
    bin_dir = _pg_bin()
    if not why and bin_dir is None:
        where = f"in {PG_BIN}={os.environ[PG_BIN]}" if PG_BIN in os.environ else "on PATH"
        why = f"no PostgreSQL server here (no initdb {where}; apt-get install postgresql)"
    if why:
        if required:
            pytest.fail(f"{PG_REQUIRED}=required but {why}")
        pytest.skip(why)
    assert bin_dir is not None
    try:
        server = PostgresServer(bin_dir)
    except (OSError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        message = f"PostgreSQL server did not start: {exc} {detail.decode(errors='replace')}"
        if required:
            pytest.fail(message)
        pytest.skip(message)
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty database on the test server, as the superuser's URL; dropped after."""
    name = pg_server.new_database()
    yield pg_server.url(name)
    with pg_server.admin() as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def reg(db: Path | str) -> Iterator[Register]:
    with Register.open(db) as r:
        yield r


@pytest.fixture
def open_session(reg: Register) -> Callable[..., Any]:
    """``with open_session(at) as s:`` — one transaction with actor 'tester'."""
    from contextlib import contextmanager

    @contextmanager
    def make(at: datetime = MONDAY, actor: str = "tester") -> Iterator[Session]:
        with reg.transaction():
            yield Session(reg, actor, at, at)

    return make


@pytest.fixture
def cli_env(
    db: Path | str, tmp_path: Path, escalatie_use_registry: Callable[[Registry | None], None]
) -> dict[str, str]:
    """The environment of a CLI run: this register, an actor, an empty settings file, the test model."""
    escalatie_use_registry(test_registry())
    settings = tmp_path / "escalatie.toml"
    settings.write_text("", encoding="utf-8")
    return {
        "ESCALATIE_DB": str(db),
        "ESCALATIE_ACTOR": "tester",
        "ESCALATIE_CONFIG": str(settings),
        "ESCALATIE_MODEL": "test-register",
    }


@pytest.fixture
def run(cli_env: dict[str, str]) -> Callable[..., Result]:
    """``run(*args, input=None, env=None)``: :func:`cli_with` on this test's register and model,
    with ``env`` laid over :func:`cli_env` (a value of None unsets a variable)."""

    def invoke(
        *args: str, input: str | None = None, env: Mapping[str, str | None] | None = None
    ) -> Result:
        return cli_with({**cli_env, **(env or {})}, *args, input=input)

    return invoke


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE_DOC), encoding="utf-8")
    return path


STUCK_CASE: dict[str, Any] = {
    "reference": "PR-2026-8",
    "age": 12,
    "question": "Welke hulp past bij het gezin?",
    "domains": [{"kind": "care", "question": "Geen passende hulp beschikbaar"}],
    "submitter": {"role": "district_team", "organisation": "Buurtteam Oost"},
    "obstacles": ["supply_unavailable"],
}
"""A stuck case the installed Utrecht models all take in (for tests run under ``-m MODEL``)."""
STUCK_AT = "2026-03-02T09:00"


def ok(result: Result) -> Result:
    """``result`` of a command that must succeed (its output shown when it did not)."""
    assert result.exit_code == 0, result.output
    return result


def cli_with(env: Mapping[str, str | None], *args: str, input: str | None = None) -> Result:
    """The CLI through ``main`` with ``env`` (from ``register_env``, or the ``run`` fixture's),
    reading ``input``; never a traceback. The one CLI runner of the register's tests."""
    return no_traceback(CliRunner().invoke(through_main, list(args), input=input, env=env))


def submitted(
    env: Mapping[str, str | None],
    folder: Path,
    model: str,
    case: Mapping[str, Any] = STUCK_CASE,
    at: str = STUCK_AT,
) -> str:
    """``-m model case new`` of ``case`` (written into ``folder``) at ``at``: its id."""
    path = folder / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    result = cli_with(env, "-m", model, "case", "new", str(path), "--at", at)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()
