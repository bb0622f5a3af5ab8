"""Fixtures for the example models' tests: scenario cases and default settings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from escalatie.case import Case
from escalatie.documents import structure

MakeCase = Callable[..., Case]


@pytest.fixture(autouse=True)
def _no_settings_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Default cadences in every test: point the settings file at an empty one."""
    empty = tmp_path_factory.getbasetemp() / "empty-escalatie-settings.toml"
    if not empty.exists():
        empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_CONFIG", str(empty))


def _make_case(**overrides: Any) -> Case:
    data: dict[str, Any] = {
        "reference": "T-1",
        "age": 12,
        "question": "Welke hulp past?",
        "domains": [{"kind": "care", "question": "Hulp loopt vast."}],
        "submitter": {"role": "professional", "organisation": "wijkteam"},
        "obstacles": ["no_fitting_provider"],
    }
    data.update(overrides)
    return structure(data, Case)


@pytest.fixture
def make_case() -> MakeCase:
    """Build a small valid case; keyword arguments replace top-level fields of the document."""
    return _make_case


@pytest.fixture
def prior() -> Callable[..., dict[str, Any]]:
    """A prior step as it appears in a case document: ``prior("round_table", resolved=False)``."""

    def build(kind: str, resolved: bool | None = False, by: str = "wijkteam") -> dict[str, Any]:
        return {"kind": kind, "by": by, "tried": "geprobeerd", "resolved": resolved}

    return build
