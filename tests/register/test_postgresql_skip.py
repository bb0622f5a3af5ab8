"""Without a PostgreSQL server a developer sees the server's tests skipped, with the reason;
with ``ESCALATIE_TEST_POSTGRESQL=required`` (as in CI) the same run fails instead.

pytest runs in a subprocess on one server test, with the server looked for only in an empty
folder (``ESCALATIE_TEST_POSTGRESQL_BIN``), so no server is found whether or not one is
installed here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ONE_SERVER_TEST = "tests/register/test_postgresql.py::test_init_roles_prints_the_sql"


def pytest_without_a_server(tmp_path: Path, required: bool) -> subprocess.CompletedProcess[str]:
    empty = tmp_path / "no-postgresql"
    empty.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "ESCALATIE_TEST_POSTGRESQL"}
    env["ESCALATIE_TEST_POSTGRESQL_BIN"] = str(empty)
    if required:
        env["ESCALATIE_TEST_POSTGRESQL"] = "required"
    basetemp = tmp_path / ("required" if required else "optional")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
         f"--basetemp={basetemp}", ONE_SERVER_TEST],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_without_a_server_the_postgresql_tests_are_skipped_with_the_reason(
    tmp_path: Path,
) -> None:
    done = pytest_without_a_server(tmp_path, required=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert done.stdout.splitlines()[-1].startswith("1 skipped in "), done.stdout[-3000:]
    reason = "no PostgreSQL server here (no initdb in ESCALATIE_TEST_POSTGRESQL_BIN="
    assert "SKIPPED [1] tests/register/test_postgresql.py:" in done.stdout, done.stdout[-3000:]
    assert reason in done.stdout, done.stdout[-3000:]


def test_with_the_server_required_a_missing_server_fails_the_run(tmp_path: Path) -> None:
    done = pytest_without_a_server(tmp_path, required=True)
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-2000:]
    assert done.stdout.splitlines()[-1].startswith("1 error in "), done.stdout[-3000:]
    assert "ESCALATIE_TEST_POSTGRESQL=required but no PostgreSQL server here" in done.stdout, (
        done.stdout[-3000:]
    )
