"""The attack suite's fixtures: the real CLI (``escalatie.cli.main``) over a fresh register,
with every installed plugin, and the one rule every answer must keep."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from escalatie.cli import MAX_LINE
from escalatie.plugins import using_registry

from ..conftest import through_main

Run = Callable[..., Result]

MAX_ERROR_LINE = MAX_LINE + 20
"""``escalatie.cli.MAX_LINE`` plus the ``error: `` prefix and some room."""


def keeps_the_rule(result: Result) -> Result:
    """Exit 0, 1 with one ``error:`` line per problem (each short), or 2 with one usage line;
    never a traceback."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback: {result.exception!r}\n{result.output[:2000]}")
    assert result.exit_code in (0, 1, 2), result.output[:2000]
    if result.exit_code == 1:
        lines = result.stderr.splitlines()
        assert lines, "exit 1 without an error line"
        for line in lines:
            assert line.startswith("error: "), result.stderr[:2000]
            assert len(line) <= MAX_ERROR_LINE, line[:200]
    elif result.exit_code == 2:
        assert sum(line.startswith("Error: ") for line in result.stderr.splitlines()) == 1
    return result


@pytest.fixture(scope="module")
def installed() -> Iterator[None]:
    """The CLI's registry: every installed plugin, built once per module."""
    with using_registry():
        yield


@pytest.fixture
def cli_env(tmp_path: Path, installed: None) -> dict[str, str]:
    settings = tmp_path / "escalatie.toml"
    settings.write_text("", encoding="utf-8")
    return {
        "ESCALATIE_DB": str(tmp_path / "register.sqlite3"),
        "ESCALATIE_ACTOR": "attacker",
        "ESCALATIE_CONFIG": str(settings),
        "ESCALATIE_MODEL": "utrecht-maatwerktafel",
    }


@pytest.fixture
def run(cli_env: dict[str, str]) -> Run:
    """Run the CLI through ``main``; every result keeps the rule."""

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        environment = {**cli_env, **(env or {})}
        result = CliRunner().invoke(through_main, list(args), input=input, env=environment)
        return keeps_the_rule(result)

    return invoke
