"""The register on PostgreSQL: what only a database server does.

The register's whole suite runs on both stores (the ``db`` fixture); these tests cover what a
server adds: the schema beside SQLite's, roles the server enforces (plain SQL included), the
server's time and user, many writers at once, copying a file register, and bad servers. The
server is a real one on a Unix socket in a temporary folder (conftest's ``pg_server``).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from escalatie.clock import AMSTERDAM
from escalatie.register import roles
from escalatie.register.events import Event, EventKind
from escalatie.register.migrations import LATEST
from escalatie.register.register import Register
from escalatie.register.store import RegisterError, db_path

from .conftest import postgresql_only

pytestmark = [pytest.mark.postgresql, postgresql_only]

Run = Callable[..., Result]
AT = ("--at", "2026-03-02T10:00")


def one_line(result: Result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def database(url: str) -> str:
    return url.split("@/")[1].split("?")[0]


_users = iter(range(1, 10_000))


@pytest.fixture
def login(pg_server: Any, pg_url: str) -> Callable[[str | None], str]:
    """``login(role)``: a new login user with a password, member of ``role``; its URL."""

    def make(role: str | None) -> str:
        name, password = f"user_{next(_users)}_{int(time.time() * 1000) % 100000}", "pw-secret"
        with pg_server.admin() as conn:
            conn.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
            if role:
                conn.execute(f"GRANT {role} TO {name}")
        return str(pg_server.url(database(pg_url), name, password))

    return make


@pytest.fixture
def with_case(run: Run, case_file: Path, pg_url: str) -> str:
    """A register with one case and the roles applied; the case's id."""
    case_id = run("case", "new", str(case_file), *AT).stdout.strip()
    result = run("register", "init-roles", "--apply")
    assert result.exit_code == 0, result.output
    assert "roles and grants applied to postgresql://postgres@/" in result.stdout
    return case_id


def connect(url: str) -> Any:
    import psycopg

    return psycopg.connect(url, autocommit=True)


# --- the schema --------------------------------------------------------------------------


def test_the_schema_has_every_sqlite_table_and_column(pg_url: str, tmp_path: Path) -> None:
    with Register.open(tmp_path / "r.sqlite3") as file, Register.open(pg_url) as server:
        tables = [
            r[0]
            for r in file.store.query(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        for table in tables:
            columns = {r[1] for r in file.store.query(f"PRAGMA table_info({table})")}
            found = {
                r[0]
                for r in server.store.query(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                    "AND table_schema = current_schema()",
                    (table,),
                )
            }
            assert found == columns, table
        assert server.store.query("SELECT max(version) FROM schema_version") == [(LATEST,)]


def test_every_schema_version_has_its_postgresql_migration() -> None:
    """A migration added for SQLite needs its PostgreSQL twin, with the same number."""
    from escalatie.register import postgresql

    assert postgresql.BASELINE <= LATEST
    assert set(postgresql.MIGRATIONS) == set(range(postgresql.BASELINE + 1, LATEST + 1))


def test_the_register_url_comes_from_db_the_environment_or_the_settings(
    tmp_path: Path, pg_url: str
) -> None:
    settings = tmp_path / "escalatie.toml"
    settings.write_text(f'[register]\nurl = "{pg_url}"\n', encoding="utf-8")
    assert db_path(None, {"ESCALATIE_CONFIG": str(settings)}) == pg_url
    assert db_path(
        None, {"ESCALATIE_DB": "postgres://u@/x", "ESCALATIE_CONFIG": str(settings)}
    ) == ("postgres://u@/x")
    assert db_path(f"sqlite:///{tmp_path}/r.db", {}) == tmp_path / "r.db"
    assert db_path("sqlite:///r.db", {}) == Path("r.db")


def test_the_settings_url_opens_the_server_register(
    run: Run, case_file: Path, pg_url: str, tmp_path: Path
) -> None:
    settings = tmp_path / "with-url.toml"
    settings.write_text(f'[register]\nurl = "{pg_url}"\n', encoding="utf-8")
    env = {"ESCALATIE_DB": None, "ESCALATIE_CONFIG": str(settings)}
    case_id = run("case", "new", str(case_file), *AT, env=env).stdout.strip()
    assert case_id in run("case", "list", *AT, env=env).stdout


def test_a_newer_schema_is_one_line_and_changes_nothing(run: Run, pg_url: str) -> None:
    Register.open(pg_url).close()
    with connect(pg_url) as conn:
        conn.execute("INSERT INTO schema_version VALUES (%s, 'later')", (LATEST + 1,))
    line = one_line(run("case", "list", *AT))
    assert f"register schema version {LATEST + 1} is newer than this release" in line
    with connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM audit").fetchone() == (0,)


def test_a_database_of_another_application_is_refused(run: Run, pg_url: str) -> None:
    with connect(pg_url) as conn:
        conn.execute("CREATE TABLE invoices (id int)")
    assert "a database of another application" in one_line(run("case", "list", *AT))


def test_an_empty_database_is_no_register_for_a_read(run: Run, pg_url: str) -> None:
    line = one_line(run("case", "list", *AT))
    assert line == f"error: --db: no register at {pg_url}; `escalatie case new` creates one"


def test_wrong_credentials_are_one_line_without_the_password(
    run: Run, case_file: Path, login: Callable[[str | None], str]
) -> None:
    url = login(None).replace("pw-secret", "wrong-guess")
    result = run("case", "list", *AT, env={"ESCALATIE_DB": url})
    line = one_line(result)
    assert "the PostgreSQL server refused the login" in line
    assert "wrong-guess" not in result.output


def test_a_database_that_does_not_exist_is_one_line(run: Run, pg_server: Any) -> None:
    url = pg_server.url("no_such_database")
    assert 'database "no_such_database" does not exist' in one_line(
        run("case", "list", *AT, env={"ESCALATIE_DB": url})
    )


# --- roles the database enforces ----------------------------------------------------------


def test_init_roles_prints_the_sql(run: Run) -> None:
    result = run("register", "init-roles")
    assert result.exit_code == 0
    for role in roles.ROLES:
        assert f"CREATE ROLE {role} NOLOGIN" in result.stdout
    assert "GRANT SELECT ON identities TO escalatie_reveal;" in result.stdout
    assert "GRANT SELECT, INSERT ON audit TO escalatie_read;" in result.stdout


def test_init_roles_apply_refuses_a_file(run: Run, tmp_path: Path) -> None:
    line = one_line(run("register", "init-roles", "--apply", "--db", str(tmp_path / "r.sqlite3")))
    assert "expected a postgresql:// URL; a register file has no roles" in line


def test_without_the_reveal_role_identities_cannot_be_read_even_with_plain_sql(
    run: Run, with_case: str, login: Callable[[str | None], str]
) -> None:
    import psycopg

    for role in (roles.READ_ROLE, None):
        with connect(login(role)) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT payload FROM identities").fetchall()
    reader = login(roles.READ_ROLE)
    assert with_case in run("case", "list", *AT, env={"ESCALATIE_DB": reader}).stdout
    line = one_line(
        run("case", "show", with_case, "--reveal", "--reason", "check", *AT,
            env={"ESCALATIE_DB": reader})
    )  # fmt: skip
    assert "may not read identities (the role escalatie_reveal is needed)" in line
    revealer = login(roles.REVEAL_ROLE)
    with connect(revealer) as conn:
        assert conn.execute("SELECT count(*) FROM identities").fetchone() == (1,)
    shown = run("case", "show", with_case, "--reveal", "--reason", "check", *AT,
                env={"ESCALATIE_DB": revealer})  # fmt: skip
    assert shown.exit_code == 0 and "Sanne van Verbeek" in shown.stdout


def test_a_reader_cannot_write_a_case(
    run: Run, with_case: str, login: Callable[[str | None], str]
) -> None:
    reader = login(roles.READ_ROLE)
    line = one_line(
        run("insight", "add", with_case, "--theme", "cooperation", "--text", "x", *AT,
            env={"ESCALATIE_DB": reader})
    )  # fmt: skip
    assert "permission denied" in line
    writer = login(roles.WRITE_ROLE)
    done = run("insight", "add", with_case, "--theme", "cooperation", "--text", "Samen op.", *AT,
               env={"ESCALATIE_DB": writer})  # fmt: skip
    assert done.exit_code == 0, done.output


def test_the_audit_cannot_be_changed_or_deleted_by_a_non_owner(
    with_case: str, pg_url: str, login: Callable[[str | None], str]
) -> None:
    import psycopg

    with connect(pg_url) as owner:
        before = owner.execute("SELECT count(*) FROM audit").fetchone()
    for role in (roles.WRITE_ROLE, roles.REVEAL_ROLE, roles.READ_ROLE):
        with connect(login(role)) as conn:
            for statement in (
                "DELETE FROM audit",
                "UPDATE audit SET actor = 'someone else'",
                "TRUNCATE audit",
                "DELETE FROM events",
                "DELETE FROM audit_chain",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(statement)
    with connect(pg_url) as owner:  # the owner: the append-only triggers refuse it too
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
            owner.execute("DELETE FROM audit")
        assert owner.execute("SELECT count(*) FROM audit").fetchone() == before


def test_the_server_records_its_own_time_and_the_database_user(
    run: Run, with_case: str, login: Callable[[str | None], str]
) -> None:
    import psycopg

    reader = login(roles.READ_ROLE)
    user = reader.split("://")[1].split(":")[0]
    result = run("case", "list", "--at", "2020-01-01T10:00", env={"ESCALATIE_DB": reader})
    assert result.exit_code == 0, result.output
    with connect(reader) as conn:
        at, recorded, os_user, now = conn.execute(
            "SELECT at, recorded, os_user, now() FROM audit ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        assert at.startswith("2020-01-01T10:00")  # --at stays the client's
        assert os_user == user
        assert abs((now - datetime.fromisoformat(recorded)).total_seconds()) < 60
        # A client that claims another time or user is refused by the server.
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute(
                "INSERT INTO audit (seq, at, actor, action, case_id, detail, reason, recorded, "
                "os_user, mac) VALUES (1000, 'x', 'x', 'x', NULL, '', '', %s, %s, '')",
                ("2020-01-01T10:00:00+01:00", user),
            )
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute(
                "INSERT INTO audit (seq, at, actor, action, case_id, detail, reason, recorded, "
                "os_user, mac) VALUES (1000, 'x', 'x', 'x', NULL, '', '', now()::text, 'x', '')"
            )
    audit = run("audit", *AT).stdout
    assert f"[os: {user}] list" in audit


# --- the audit chain on the server ----------------------------------------------------------


def test_an_untouched_log_verifies_and_an_owner_s_deletion_is_found(
    run: Run, with_case: str, pg_url: str
) -> None:
    ok = run("audit", "--verify", *AT)
    assert ok.exit_code == 0 and "integrity: ok" in ok.stdout
    with connect(pg_url) as owner:
        owner.execute("ALTER TABLE audit DISABLE TRIGGER audit_no_delete")
        owner.execute("DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)")
    line = one_line(run("audit", "--verify", *AT))
    assert "missing (deleted)" in line and "trigger audit_no_delete: disabled" in line


def test_an_identity_changed_by_the_owner_is_refused_and_found(
    run: Run, with_case: str, pg_url: str
) -> None:
    """Attacker review, finding 1, on the server: the identity is covered by the seal."""
    run(
        "consent",
        "add",
        with_case,
        "--giver",
        "young_person",
        "--with",
        "JGZ",
        "--what",
        "plan",
        *AT,
    )
    check = ("consent", "check", with_case, "--with", "JGZ", "--what", "plan", *AT)
    assert run(*check).exit_code == 1
    with connect(pg_url) as owner:
        owner.execute(
            "UPDATE identities SET payload = replace(payload, '2011-05-04', '2005-05-04')"
        )
    line = one_line(run(*check))
    assert f"the identity of case {with_case} does not match its sealed digest" in line
    line = one_line(run("audit", "--verify", *AT))
    assert f"identity of case {with_case}: does not match its sealed digest" in line


def test_a_trigger_that_swallows_a_withdrawal_fails_the_command_and_is_named(
    run: Run, with_case: str, pg_url: str
) -> None:
    """Attacker review, finding 3, on the server: a trigger returning NULL drops the row."""
    with connect(pg_url) as owner:
        owner.execute(
            "CREATE FUNCTION swallow() RETURNS trigger LANGUAGE plpgsql AS "
            "$$BEGIN RETURN NULL; END$$"
        )
        owner.execute(
            "CREATE TRIGGER swallow BEFORE INSERT ON events FOR EACH ROW "
            "WHEN (NEW.kind = 'consent_withdrawn') EXECUTE FUNCTION swallow()"
        )
    withdraw = ("consent", "withdraw", with_case, "--giver", "parents", "--with", "JGZ")
    line = one_line(run(*withdraw, "--what", "plan", *AT))
    assert "register is damaged: nothing was stored in events" in line
    line = one_line(run("audit", "--verify", *AT))
    assert "trigger swallow on events: extra, not created by escalatie" in line


def test_a_changed_trigger_is_named(run: Run, with_case: str, pg_url: str) -> None:
    with connect(pg_url) as owner:
        owner.execute("DROP TRIGGER records_no_delete ON records")
        owner.execute(
            "CREATE TRIGGER records_no_delete BEFORE DELETE ON records FOR EACH ROW "
            "WHEN (OLD.subject = 'x') EXECUTE FUNCTION escalatie_append_only()"
        )
    ok = run("audit", "--verify", *AT)
    assert "trigger records_no_delete: changed" in one_line(ok)


# --- many writers ---------------------------------------------------------------------------

WORKER = """
import sys
from datetime import datetime
from escalatie.clock import AMSTERDAM
from escalatie.learning import LearningTheme
from escalatie.register import commands
from escalatie.register.session import session

url, case_id, count, name = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
at = datetime(2026, 3, 3, 10, 0, tzinfo=AMSTERDAM)
for n in range(count):
    with session(url, name, at, at, create=False) as s:
        commands.add_insight(s, case_id, LearningTheme.COOPERATION, f"{name} {n}")
"""


# Cost: a process per writer (escalatie's start-up each) and its writes; sixteen writers of 12
# insights took 21-32 s on a shared 2-core machine (by its load), four of 3 about 6 s. The default run has
# the four as a quick check; ``pytest -m slow`` the sixteen, the long run that makes lost or
# doubly numbered writes likely to show (docs/testing.md).
@pytest.mark.parametrize(
    ("writers", "count"),
    [pytest.param(4, 3, id="four"), pytest.param(16, 12, id="sixteen", marks=pytest.mark.slow)],
)
def test_writers_at_once_lose_nothing_and_keep_each_case_in_order(
    pg_url: str,
    open_pg: Callable[[], Register],
    case_ids: Callable[[int], list[str]],
    writers: int,
    count: int,
) -> None:
    """Half the writers add to one shared case, each of the others to a case of its own."""
    half = writers // 2
    shared, *own = case_ids(half + 1)
    plan = [(shared, f"w{i}") for i in range(half)] + [(own[i], f"o{i}") for i in range(half)]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, pg_url, case_id, str(count), name],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for case_id, name in plan
    ]
    outcomes = [(w.wait(timeout=300), w.stderr.read() if w.stderr else b"") for w in workers]
    assert outcomes == [(0, b"")] * writers
    with open_pg() as reg:
        insights = reg.store.query(
            "SELECT case_id, count(*) FROM events WHERE kind = 'insight_added' GROUP BY case_id"
        )
        assert dict(insights) == {shared: half * count, **{c: count for c in own}}
        for case_id in (shared, *own):
            numbers = [
                r[0]
                for r in reg.store.query(
                    "SELECT case_seq FROM events WHERE case_id = ? ORDER BY seq", (case_id,)
                )
            ]
            assert numbers == list(range(1, len(numbers) + 1))  # strict, no gap, no repeat
        texts = [i.text for i in reg.state(shared).insights]
        assert sorted(texts) == sorted(f"w{i} {n}" for i in range(half) for n in range(count))
        assert reg.verify() == []


MACHINE_WORKER = (
    WORKER
    + """
from escalatie.register import chain
from escalatie.register.register import Register
with Register.open(url, create=False) as reg:
    assert chain.read_head(chain.head_path(reg.register_id())) is not None, "no head kept"
"""
)


def test_many_machines_write_one_chain_that_verifies_on_each(
    pg_url: str,
    case_ids: Callable[[int], list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    run: Run,
) -> None:
    """Three machines (each its own configuration folder, so its own chain head), two
    processes each, write at once; the chain is one sequence that verifies on every machine,
    and on a fourth that never wrote; a machine's first write starts its head at the end."""
    import os

    from escalatie.register import chain

    shared, *own = case_ids(4)
    machines = [tmp_path / f"machine-{m}" for m in range(3)]
    count = 8
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", MACHINE_WORKER, pg_url, case_id, str(count), f"m{m}p{p}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "XDG_CONFIG_HOME": str(machines[m])},
        )
        for m in range(3)
        for p, case_id in enumerate((shared, own[m]))
    ]
    outcomes = [(w.wait(timeout=300), w.stderr.read() if w.stderr else b"") for w in workers]
    assert outcomes == [(0, b"")] * 6
    with Register.open(pg_url) as reg:
        register_id = reg.register_id()
        seqs = [r[0] for r in reg.store.query("SELECT seq FROM audit ORDER BY seq")]
        assert seqs == list(range(1, len(seqs) + 1))  # one chain: no gap, no fork
        inserted = reg.store.query("SELECT count(*) FROM events WHERE kind = 'insight_added'")
        assert inserted == [(6 * count,)]
    for machine in machines:
        monkeypatch.setenv("XDG_CONFIG_HOME", str(machine))
        head = chain.read_head(chain.head_path(register_id))
        assert head is not None and head.seq <= seqs[-1]
        with Register.open(pg_url) as reg:
            assert reg.verify() == []
    fresh = tmp_path / "machine-new"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(fresh))
    with Register.open(pg_url) as reg:
        assert reg.verify() == []  # no head yet: it has witnessed nothing, which is no problem
    verified = run("audit", "--verify", *AT, env={"XDG_CONFIG_HOME": str(fresh)})
    assert verified.exit_code == 0 and "integrity: ok" in verified.stdout
    head = chain.read_head(chain.head_path(register_id))
    assert head is not None and head.seq == seqs[-1] + 1  # its first entry: the audit itself


def test_a_machine_with_another_key_is_refused_and_writes_nothing(
    run: Run, with_case: str, pg_url: str, tmp_path: Path, stored: Callable[..., int | None]
) -> None:
    from escalatie.secret import KEY_ENV

    before = stored(pg_url, "audit")
    other = {KEY_ENV: "ab" * 32, "XDG_CONFIG_HOME": str(tmp_path / "other-machine")}
    for args in (
        ("case", "list"),
        ("audit", "--verify"),
        ("insight", "add", with_case, "--theme", "cooperation", "--text", "x"),
    ):
        line = one_line(run(*args, *AT, env=other))
        assert "the audit log is sealed with another key than this machine's" in line, line
    assert stored(pg_url, "audit") == before
    assert run("audit", "--verify", *AT).exit_code == 0


def test_an_owner_s_deletion_at_the_end_shows_on_the_machine_that_saw_the_end(
    run: Run, with_case: str, pg_url: str, tmp_path: Path
) -> None:
    """The owner may delete (dropping the guard for a moment and putting it back); the head
    of a machine that saw the end still names the entry, so its verify reports it."""
    witness = {"XDG_CONFIG_HOME": str(tmp_path / "secretariat")}
    assert run("case", "list", *AT, env=witness).exit_code == 0  # its head: the log's end
    with connect(pg_url) as owner:
        owner.execute("ALTER TABLE audit DISABLE TRIGGER audit_no_delete")
        owner.execute("DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)")
        owner.execute("ALTER TABLE audit ENABLE TRIGGER audit_no_delete")
    line = one_line(run("audit", "--verify", *AT, env=witness))
    assert "missing (deleted); the chain head at" in line


@pytest.mark.slow  # a race hunt: three writers of 40 insights under verify, 12-15 s (docs/testing.md)
def test_verify_while_others_write_sees_one_consistent_log(
    pg_url: str, case_ids: Callable[[int], list[str]]
) -> None:
    """Each statement on the server sees what was committed when it began: without holding
    writers back, an event and its audit entry committed between two of verify's reads looked
    written outside escalatie (and a consent check refused a share for it)."""
    from escalatie.register.session import session

    (case_id,) = case_ids(1)
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, pg_url, case_id, "40", f"w{i}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for i in range(3)
    ]
    at = datetime(2026, 3, 3, 10, 0, tzinfo=AMSTERDAM)
    found: list[str] = []
    checks = 0
    while any(w.poll() is None for w in workers) and checks < 400:
        with session(pg_url, "verifier", at, at, create=False) as s:
            found += s.register.case_problems(case_id) + s.register.verify()
        checks += 1
    outcomes = [(w.wait(timeout=300), w.stderr.read() if w.stderr else b"") for w in workers]
    assert outcomes == [(0, b"")] * 3
    assert checks > 0 and found == []


@pytest.fixture
def open_pg(pg_url: str) -> Callable[[], Register]:
    return lambda: Register.open(pg_url)


@pytest.fixture
def case_ids(run: Run, case_file: Path) -> Callable[[int], list[str]]:
    def make(n: int) -> list[str]:
        return [run("case", "new", str(case_file), *AT).stdout.strip() for _ in range(n)]

    return make


def wait_for_a_lock_wait(url: str, not_pid: int, timeout: float = 30.0) -> None:
    """Until another backend of this database than ``not_pid`` waits on a lock
    (``pg_stat_activity.wait_event_type = 'Lock'``), polled every 20 ms for at most
    ``timeout`` seconds: the moment is seen on the server, not guessed with a sleep."""
    deadline = time.monotonic() + timeout
    with connect(url) as watcher:
        while time.monotonic() < deadline:
            waiting = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid NOT IN (pg_backend_pid(), %s)",
                (not_pid,),
            ).fetchone()[0]
            if waiting:
                return
            time.sleep(0.02)
    pytest.fail(f"no backend waited on a lock within {timeout} s")


def test_a_taken_case_number_is_retried_not_an_error(
    pg_url: str, case_ids: Callable[[int], list[str]]
) -> None:
    """Another writer that numbered an event without the register's lock takes the next number;
    ours waits for it, finds the number taken and retries with the one after."""
    (case_id,) = case_ids(1)
    at = datetime(2026, 3, 3, 10, 0, tzinfo=AMSTERDAM)
    other = connect(pg_url)
    other.autocommit = False
    other.execute(
        "INSERT INTO events (case_id, case_seq, kind, at, actor, payload, recorded) "
        "VALUES (%s, 2, 'suspended', %s, 'other', '{\"reason\": \"x\"}', '')",
        (case_id, at.isoformat()),
    )
    errors: list[BaseException] = []

    def append() -> None:
        try:
            with Register.open(pg_url) as reg, reg.transaction():
                reg.append([Event(case_id, EventKind.RESUMED, at, "ours", {})])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=append)
    thread.start()
    wait_for_a_lock_wait(pg_url, not_pid=other.info.backend_pid)  # ours waits on number 2
    other.commit()
    other.close()
    thread.join(timeout=60)
    assert not thread.is_alive() and errors == []
    with Register.open(pg_url) as reg:
        rows = reg.store.query(
            "SELECT case_seq, actor FROM events WHERE case_id = ? ORDER BY case_seq", (case_id,)
        )
    assert rows == [(1, "tester"), (2, "other"), (3, "ours")]


# --- copying a file register ------------------------------------------------------------------


@pytest.fixture
def file_register(run: Run, case_file: Path, tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "source.sqlite3"
    env = {"ESCALATIE_DB": str(path)}
    case_id = run("case", "new", str(case_file), *AT, env=env).stdout.strip()
    run("insight", "add", case_id, "--theme", "cooperation", "--text", "Samen op.", *AT, env=env)
    run("consent", "add", case_id, "--giver", "parents", "--with", "JGZ", "--what", "plan", *AT,
        env=env)  # fmt: skip
    run("case", "list", *AT, env=env)
    yield path


def counts(db: Path | str, stored: Callable[..., int | None]) -> dict[str, int | None]:
    return {t: stored(db, t) for t in ("events", "identities", "audit")}


def test_copy_carries_the_whole_history_and_verifies(
    run: Run, file_register: Path, pg_url: str, stored: Callable[..., int | None]
) -> None:
    before = counts(file_register, stored)
    result = run("register", "copy", "--from", str(file_register), "--to", pg_url, *AT)
    assert result.exit_code == 0, result.output
    assert "counts and audit chain verified" in result.stdout
    after = counts(pg_url, stored)
    assert after == {**before, "audit": (before["audit"] or 0) + 1}  # + the copy itself
    verified = run("audit", "--verify", *AT)
    assert verified.exit_code == 0 and "integrity: ok" in verified.stdout
    assert "register_copy" in verified.stdout
    listing_file = run("case", "list", "--json", *AT, env={"ESCALATIE_DB": str(file_register)})
    listing_server = run("case", "list", "--json", *AT)
    assert listing_file.stdout == listing_server.stdout
    # New events follow the copied ones.
    with Register.open(pg_url) as reg:
        (case_id,) = reg.case_ids()
    assert run("case", "suspend", case_id, "--reason", "wacht", *AT).exit_code == 0
    with Register.open(pg_url) as reg:
        assert [e.kind for e in reg.events(case_id)][-1] == EventKind.SUSPENDED


def test_copy_refuses_a_register_that_is_not_empty(
    run: Run, file_register: Path, pg_url: str, case_file: Path, stored: Callable[..., int | None]
) -> None:
    assert run("case", "new", str(case_file), *AT).exit_code == 0
    before = counts(pg_url, stored)
    line = one_line(run("register", "copy", "--from", str(file_register), "--to", pg_url, *AT))
    assert "not an empty register" in line
    assert counts(pg_url, stored) == before


def test_copy_refuses_a_source_whose_audit_chain_does_not_verify(
    run: Run, file_register: Path, pg_url: str, stored: Callable[..., int | None]
) -> None:
    raw = sqlite3.connect(file_register, isolation_level=None)
    raw.execute("DROP TRIGGER audit_no_delete")
    raw.execute("DELETE FROM audit WHERE seq = 2")
    raw.close()
    line = one_line(run("register", "copy", "--from", str(file_register), "--to", pg_url, *AT))
    assert "--from:" in line and "does not verify, so it is not copied" in line
    # Refused before the target is opened: not even an empty register is made there.
    assert counts(pg_url, stored) == {"events": None, "identities": None, "audit": None}


def test_copy_arguments_are_checked(run: Run, file_register: Path, tmp_path: Path) -> None:
    line = one_line(
        run("register", "copy", "--from", str(file_register), "--to", str(tmp_path / "x"), *AT)
    )
    assert "--to: expected a postgresql:// URL" in line
    missing = tmp_path / "missing.sqlite3"
    line = one_line(run("register", "copy", "--from", str(missing), "--to", "postgresql:///x", *AT))
    assert f"--from: no register at {missing}" in line


def test_a_copy_that_fails_half_way_leaves_nothing(
    file_register: Path, pg_url: str, stored: Callable[..., int | None]
) -> None:
    """A target whose identities table refuses rows fails mid-copy: all is rolled back."""
    from escalatie.register.copy import copy_register

    Register.open(pg_url).close()
    with connect(pg_url) as conn:
        conn.execute("ALTER TABLE identities ADD CONSTRAINT short CHECK (length(payload) < 5)")
    at = datetime(2026, 3, 3, 10, 0, tzinfo=AMSTERDAM)
    with (
        Register.open(file_register, create=False) as src,
        Register.open(pg_url) as dst,
        pytest.raises(RegisterError),
    ):
        copy_register(src, dst, "tester", at)
    assert counts(pg_url, stored) == {"events": 0, "identities": 0, "audit": 0}


def test_no_register_behind_a_url_with_a_password_does_not_show_it(
    run: Run, login: Callable[[str | None], str]
) -> None:
    result = run("case", "list", *AT, env={"ESCALATIE_DB": login(None)})
    line = one_line(result)
    assert "--db: no register at postgresql://user_" in line and ":***@/" in line
    assert "pw-secret" not in result.output


def test_a_writer_role_invites_and_cancels_with_the_servers_time_and_user(
    pg_url: str, login: Callable[[str | None], str], tmp_path: Path
) -> None:
    """invite and cancel as a writer that does not own the tables: the message log and its
    audit entries take the server's time and database user, which the stamp trigger requires
    of every role but the owner (docs/register.md, 'Roles'). Before, the machine's clock and an
    empty account were sent and the server refused the command."""

    from .conftest import cli_with
    from .test_row_seals import CASE

    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(CASE), encoding="utf-8")
    settings = tmp_path / "escalatie.toml"
    settings.write_text("", encoding="utf-8")
    env = {"ESCALATIE_ACTOR": "procesregisseur", "ESCALATIE_CONFIG": str(settings),
           "ESCALATIE_MODEL": "utrecht-knelpuntenzorg"}  # fmt: skip

    def cli(url: str, *args: str) -> Result:
        return cli_with({**env, "ESCALATIE_DB": url}, *args)

    assert cli(pg_url, "case", "new", str(case_file), "--at", "2026-03-02T09:00").exit_code == 0
    assert cli(pg_url, "register", "init-roles", "--apply").exit_code == 0
    writer = login(roles.WRITE_ROLE)
    user = writer.split("://")[1].split(":")[0]
    # The case is not ready for the maatwerktafel (nothing tried first): the aanspreekpunt's
    # override, which this writer role records too.
    override = ("--override", "--aanspreekpunt", "aanspreekpunt-lokalis", "--reason",
                "aanspreekpunt: tafel passend")  # fmt: skip
    for command, out, extra in (("invite", "invite.ics", override), ("cancel", "cancel.ics", ())):
        result = cli(writer, "-m", "utrecht-maatwerktafel", command, "--slot", "2026-03-09T09:15",
                     str(case_file), "-o", str(tmp_path / out), "--at", "2026-03-02T10:00",
                     *extra)  # fmt: skip
        assert result.exit_code == 0, result.output
        assert (tmp_path / out).exists()
    with connect(pg_url) as owner:
        messages = owner.execute("SELECT method FROM calendar_messages ORDER BY seq").fetchall()
        logged = owner.execute(
            "SELECT action, os_user, recorded FROM audit WHERE action LIKE 'calendar_%' ORDER BY seq"
        ).fetchall()
    assert [m for (m,) in messages] == ["REQUEST", "CANCEL"]
    assert [(a, u) for a, u, _ in logged] == [("calendar_request", user), ("calendar_cancel", user)]
    verified = cli(writer, "audit", "--verify", "--json", "--at", "2026-03-04T09:00")
    assert json.loads(verified.stdout)["problems"] == [], verified.output


def test_a_writer_role_pushes_a_case_to_the_zaken_api(
    run: Run, case_file: Path, pg_url: str, login: Callable[[str | None], str], tmp_path: Path
) -> None:
    """``case push --zgw`` as a writer that does not own the tables (maintainer review): what
    it creates, replaces and removes remotely is recorded in ``zgw_remote`` (insert, update and
    delete), and its audit entries take the server's time and database user, as for every
    role but the owner; the register verifies afterwards."""
    from .test_zgw_push import SECRET, counts, make_server, write_settings
    from .zaken_server import serving

    case_id = run("case", "new", str(case_file), "--at", "2026-03-02T10:00").stdout.strip()
    assert run("register", "init-roles", "--apply").exit_code == 0
    writer = login(roles.WRITE_ROLE)
    user = writer.split("://")[1].split(":")[0]
    app = make_server()
    with serving(app):
        settings = write_settings(tmp_path / "zgw.toml", app.base)
        env = {"ESCALATIE_DB": writer, "ESCALATIE_CONFIG": str(settings),
               "ESCALATIE_ZGW_SECRET": SECRET}  # fmt: skip
        steps = [
            ("case", "push", case_id, "--zgw", "--at", "2026-03-02T10:30"),
            ("case", "plan", case_id, "--slot", "2026-03-16T09:15", "--at", "2026-03-02T11:00"),
            ("case", "suspend", case_id, "--reason", "wacht op indicatie", "--at",
             "2026-03-03T09:00"),
            ("case", "push", case_id, "--zgw", "--at", "2026-03-04T10:00"),
            ("case", "resume", case_id, "--at", "2026-03-10T09:00"),
            ("agreement", "add", case_id, "--action", "Gezinsbegeleiding starten", "--owner",
             "Lokalis", "--due", "2026-03-30", "--lead", "Lokalis buurtteam", "--at",
             "2026-03-16T10:30"),
            ("case", "push", case_id, "--zgw", "--at", "2026-03-16T11:00"),
            ("agreement", "add", case_id, "--action", "Schoolplek zoeken", "--owner",
             "Samen Veilig", "--due", "2026-04-10", "--lead", "Samen Veilig", "--at",
             "2026-03-17T10:40"),
            ("case", "push", case_id, "--zgw", "--at", "2026-03-17T11:00"),
        ]  # fmt: skip
        pushed = []
        for step in steps:
            result = run(*step, env=env)
            assert result.exit_code == 0, (step, result.output)
            if step[1] == "push":
                pushed.append(result.stdout)
    assert app.violations == [], app.violations
    assert "2 created, 1 updated, 0 deleted" in pushed[1], pushed[1]
    assert " 1 deleted" in pushed[3], pushed[3]  # the old zaakcoordinator removed
    assert counts(app)["zaken"] == 1
    with connect(pg_url) as owner:
        recorded = {u for (u,) in owner.execute("SELECT url FROM zgw_remote").fetchall()}
        logged = owner.execute(
            "SELECT DISTINCT os_user FROM audit WHERE action LIKE 'zgw%'"
        ).fetchall()
    assert recorded == {o["url"] for kind in app.objects.values() for o in kind.values()}
    assert logged == [(user,)], logged
    verified = run("audit", "--verify", "--json", "--at", "2026-03-17T12:00",
                   env={"ESCALATIE_DB": writer})  # fmt: skip
    assert json.loads(verified.stdout)["problems"] == [], verified.output
