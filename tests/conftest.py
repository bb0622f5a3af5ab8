"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import click
import pytest
from click.testing import Result
from hypothesis import HealthCheck, settings

from escalatie.clock import AMSTERDAM
from escalatie.plugins import Registry, make_plugin_manager

# No deadline and no too_slow health check: the suite runs on loaded machines, where drawing
# the first cases can be slower than hypothesis allows (docs/testing.md, "On a busy machine").
_LOADED = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("ci", max_examples=40, **_LOADED)
settings.register_profile("dev", max_examples=100, **_LOADED)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


TEST_KEY = "5e" * 32
"""The pseudonym key of the test suite (64 hex digits), so no test reads or writes a key file."""


@pytest.fixture(autouse=True)
def _pseudonym_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A fixed ESCALATIE_PSEUDONYM_KEY, and throwaway configuration and cache folders
    (XDG_CONFIG_HOME, XDG_CACHE_HOME) in case a test removes the variable: the user's own key
    file and cache are never touched."""
    monkeypatch.setenv("ESCALATIE_PSEUDONYM_KEY", TEST_KEY)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.getbasetemp() / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))
    monkeypatch.delenv("ESCALATIE_CACHE_DIR", raising=False)


@pytest.fixture
def registry() -> Registry:
    """A fresh registry over a fresh plugin manager with every installed plugin.

    Not the shipped ``escalatie_registry`` (:mod:`escalatie.testing.pytest_plugin`), which a
    plugin's tests use: that one reads ``ESCALATIE_PLUGINS`` from the environment and warms
    up (compiles every installed model, per registry) for hypothesis's deadline. The suite's
    tests mostly need one model, and a developer's ``ESCALATIE_PLUGINS`` must not change them.
    """
    return Registry(make_plugin_manager(env={}))


RegisterEnv = Callable[..., dict[str, str]]


@pytest.fixture
def register_env(tmp_path: Path) -> RegisterEnv:
    """``register_env(actor, model=None)``: the environment of a CLI run on a fresh register
    in ``tmp_path``, with an empty settings file, as ``actor`` and (when given) ``-m model``."""

    def make(actor: str, model: str | None = None) -> dict[str, str]:
        settings = tmp_path / "escalatie.toml"
        settings.write_text("", encoding="utf-8")
        env = {
            "ESCALATIE_DB": str(tmp_path / "register.sqlite3"),
            "ESCALATIE_ACTOR": actor,
            "ESCALATIE_CONFIG": str(settings),
        }
        if model is not None:
            env["ESCALATIE_MODEL"] = model
        return env

    return make


@click.command(
    add_help_option=False,
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
)
@click.pass_context
def through_main(ctx: click.Context) -> None:
    """``escalatie.cli.main`` (the error and exit-code wrapper) as a command CliRunner can run."""
    from escalatie.cli import main

    main(list(ctx.args))


def no_traceback(result: Result) -> Result:
    """Fail if the command died of anything but a deliberate exit."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(
            f"traceback instead of an error line: {result.exception!r}\n{result.output}"
        )
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def monday_morning() -> datetime:
    """A fixed moment: Monday 2 March 2026, 08:00 in Amsterdam."""
    return datetime(2026, 3, 2, 8, 0, tzinfo=AMSTERDAM)
