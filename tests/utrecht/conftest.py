"""Fixtures for the Utrecht plugin tests: isolated settings and a case builder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
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
    TalkOutcome,
)
from escalatie.model import EscalationModel
from escalatie.plugins import Registry, make_plugin_manager
from escalatie.rules import Rule
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


def _toml(value: Any) -> str:
    """A settings value as TOML (the few kinds the [utrecht] table holds)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | int):
        return str(value) if not isinstance(value, date) else value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


UtrechtModel = Callable[..., EscalationModel]


@pytest.fixture
def utrecht_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., EscalationModel]:
    """``utrecht_model(name, **table)``: the model ``name`` as a fresh registry builds it from
    a settings file whose ``[utrecht]`` table is ``table`` (a new file each call: settings
    files are read once per path)."""
    calls = iter(range(1_000))

    def build(name: str, **table: Any) -> EscalationModel:
        lines = ["[utrecht]", *(f"{k} = {_toml(v)}" for k, v in table.items())]
        path = tmp_path / f"utrecht-{next(calls)}.toml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        monkeypatch.setenv("ESCALATIE_CONFIG", str(path))
        return Registry(make_plugin_manager(env={})).model(name)

    return build


def rules_of(model: EscalationModel) -> dict[str, Rule]:
    """Every rule of a model by id: its steps' rules, principles and agreements rules."""
    found: dict[str, Rule] = {}
    for step in model.ladder:
        for rule in (*step.entry, *step.conditions, *step.prerequisites, *step.checks):
            found.setdefault(rule.id, rule)
    for rule in (*model.principles, *model.agreements.rules):
        found.setdefault(rule.id, rule)
    return found


@pytest.fixture
def rule_of() -> Callable[[EscalationModel, str], Rule]:
    """``rule_of(model, id)``: the model's rule with that id (the model files hold them)."""
    return lambda model, rule_id: rules_of(model)[rule_id]


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
                PriorStep(
                    StepKind.AANSPREEKPUNT,
                    "aanspreekpunt Lokalis",
                    "besproken",
                    outcome=TalkOutcome.SUITABLE,
                ),
            ),
            "parties": (
                Party("Lokalis", PartyRole.BASIC_CARE, currently_involved=True),
                Party("Basisschool De Linde", PartyRole.EDUCATION, currently_involved=True),
            ),
        }
        fields.update(changes)
        return Case(**fields)

    return build
