"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from datetime import datetime

import pytest
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
    """A fresh registry over a fresh plugin manager with every installed plugin."""
    return Registry(make_plugin_manager(env={}))


@pytest.fixture
def monday_morning() -> datetime:
    """A fixed moment: Monday 2 March 2026, 08:00 in Amsterdam."""
    return datetime(2026, 3, 2, 8, 0, tzinfo=AMSTERDAM)
