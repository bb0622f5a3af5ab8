"""Fixtures for the research tests: synthetic models, a registry that knows them, a moment."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from escalatie.case import (
    Case,
    DomainQuestion,
    Identity,
    LifeDomainKind,
    Obstacle,
    PriorStep,
    StepKind,
    Submitter,
    SubmitterRole,
)
from escalatie.clock import AMSTERDAM
from escalatie.examples import ExampleCase
from escalatie.model import EscalationModel
from escalatie.organisation import Power
from escalatie.plugins import Registry, make_plugin_manager
from escalatie.sources import seed
from escalatie.testing.inline import inline_plugin
from escalatie.testing.synthetic import synthetic_model


@pytest.fixture
def at() -> datetime:
    """Monday 2 March 2026, 08:00 in Amsterdam."""
    return datetime(2026, 3, 2, 8, 0, tzinfo=AMSTERDAM)


@pytest.fixture
def table_model() -> EscalationModel:
    """Meets Mondays and Thursdays every two weeks from 5/8 January 2026, 90 minutes."""
    return synthetic_model(
        "table",
        steps=2,
        series=((0, 2), (3, 2)),
        minutes_per_case=30,
        family_at_table=True,
        powers=frozenset({Power.BUDGET, Power.ESCALATE_TO_BOARD}),
        mandate_domains=frozenset({LifeDomainKind.CARE, LifeDomainKind.HOUSING}),
    )


@pytest.fixture
def mailbox_model() -> EscalationModel:
    """On request, families may apply directly, no time box."""
    return synthetic_model("mailbox", steps=1, series=(), minutes_per_case=None, family_direct=True)


@pytest.fixture
def synthetic_registry(table_model: EscalationModel, mailbox_model: EscalationModel) -> Registry:
    """A registry with only the core's internal plugins and the two synthetic models."""
    pm = make_plugin_manager(env={"ESCALATIE_PLUGINS": ""})
    pm.register(
        inline_plugin(
            models=[table_model, mailbox_model],
            examples=[ExampleCase("voorbeeld", "Voorbeeld", stuck_case(), seed("002"))],
        ),
        name="research-test",
    )
    return Registry(pm)


def stuck_case(reference: str = "R-1", identity: Identity | None = None, age: int = 15) -> Case:
    """Stuck for want of a fitting provider and on rules; care and education domains."""
    return Case(
        reference=reference,
        age=age,
        question="Welke plek past bij Sanne?" if identity else "Welke plek past?",
        domains=(
            DomainQuestion(LifeDomainKind.CARE, "Zorg thuis."),
            DomainQuestion(LifeDomainKind.EDUCATION, "Naar school."),
        ),
        submitter=Submitter(SubmitterRole.DISTRICT_TEAM),
        prior_steps=(PriorStep(StepKind.AANSPREEKPUNT, "buurtteam"),),
        obstacles=(Obstacle.LAWS_AND_REGULATIONS, Obstacle.NO_FITTING_PROVIDER),
        identity=identity,
    )


INVENTED = Identity(
    name="Sanne Voorbeeld",
    bsn="111222333",
    address="Proeflaan 22, 3511 AA Utrecht",
    phone="06-12345678",
    email="gezin@example.org",
    date_of_birth=date(2011, 5, 17),
)


@pytest.fixture
def make_case() -> object:
    """The ``stuck_case`` builder (test modules cannot import conftest in importlib mode)."""
    return stuck_case


@pytest.fixture
def invented_identity() -> Identity:
    return INVENTED
