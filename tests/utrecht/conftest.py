"""Fixtures for the Utrecht plugin tests: isolated settings and a case builder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from escalatie.case import (
    Case,
    DomainQuestion,
    LifeDomainKind,
    Party,
    PartyRole,
    PriorStep,
    StepKind,
    Submitter,
    SubmitterRole,
)
from escalatie.model import EscalationModel
from escalatie.plugins import Registry
from escalatie_utrecht.settings import UtrechtSettings

ConfigWriter = Callable[[str], Path]


@pytest.fixture(autouse=True)
def no_user_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test reads a settings file of its own (empty unless the test writes it: a named
    settings file that does not exist is an error)."""
    path = tmp_path / "escalatie.toml"
    path.write_text("", encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_CONFIG", str(path))
    return path


@pytest.fixture
def write_config(no_user_settings: Path) -> ConfigWriter:
    """Write the test's settings file; returns its path."""

    def write(text: str) -> Path:
        no_user_settings.write_text(text, encoding="utf-8")
        return no_user_settings

    return write


@pytest.fixture
def settings() -> UtrechtSettings:
    return UtrechtSettings()


@pytest.fixture
def utrecht(registry: Registry) -> Callable[[str], EscalationModel]:
    return registry.model


@pytest.fixture
def ready_case() -> Callable[..., Case]:
    """A case that meets every prerequisite of the maatwerktafel; override fields by keyword."""

    def build(**changes: Any) -> Case:
        fields: dict[str, Any] = {
            "reference": "UTR-2026-001",
            "age": 15,
            "question": "Welke combinatie van onderwijs en zorg helpt de jongere weer naar school?",
            "domains": (
                DomainQuestion(LifeDomainKind.EDUCATION, "Terug naar school"),
                DomainQuestion(LifeDomainKind.CARE, "Begeleiding thuis"),
            ),
            "submitter": Submitter(SubmitterRole.DISTRICT_TEAM, "Lokalis"),
            "perspective": "Een diploma halen en thuis blijven wonen.",
            "plan": "Plan met ouders: school twee dagdelen, begeleiding thuis.",
            "prior_steps": (
                PriorStep(StepKind.ASK_CONSULT, "ASK-team jeugd", "consult over schoolgang"),
                PriorStep(StepKind.HOME_VISIT, "Jeugd-GGZ wijkteam", "huisbezoek met ouders"),
                PriorStep(StepKind.PLAN_WITH_FAMILY, "Lokalis", "plan met het netwerk"),
                PriorStep(StepKind.AANSPREEKPUNT, "aanspreekpunt Lokalis", "besproken"),
            ),
            "parties": (
                Party("Lokalis", PartyRole.BASIC_CARE, currently_involved=True),
                Party("Basisschool De Linde", PartyRole.EDUCATION, currently_involved=True),
            ),
        }
        fields.update(changes)
        return Case(**fields)

    return build
