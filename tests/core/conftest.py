"""A throwaway model and plugin for the core's own tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, time
from typing import Any

import pytest

from escalatie.case import Obstacle, StepKind, SubmitterRole
from escalatie.forum import Cadence, Forum, ForumKind, HolidayPolicy, MeetingSeries, ProcessSupport
from escalatie.hookspecs import hookimpl
from escalatie.model import EscalationModel, Step
from escalatie.organisation import Audience, ContactPoint, Mandate, Power
from escalatie.plugins import Registry, make_plugin_manager
from escalatie.rules import (
    Rule,
    age_between,
    has_obstacle,
    requests_residential,
    submitted_by,
    tried,
)
from escalatie.sources import seed

TEST_CADENCE = Cadence(
    series=(
        MeetingSeries(
            "maandag", "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO", time(9, 15), 90, date(2026, 1, 5)
        ),
    ),
    holidays=HolidayPolicy(),
    cancellation_notice_days=2,
)


def build_model(name: str = "test-tafel") -> EscalationModel:
    """A small model with every kind of rule, so the core can be tested on its own."""
    return EscalationModel(
        name=name,
        municipality="Testdorp",
        title="Testtafel",
        summary="A throwaway model for the core's tests.",
        source=seed("000"),
        contact_points=(
            ContactPoint(
                key="loket",
                title="aanspreekpunt",
                organisation="Gemeente Testdorp",
                mandate=Mandate(frozenset({Power.DEPLOY_HELP})),
                reachable_by=frozenset({Audience.PROFESSIONALS}),
                channel="telefoon",
                source=seed("000", "2. Route"),
            ),
        ),
        forums=(
            Forum(
                key="tafel",
                name="Testtafel",
                kind=ForumKind.TABLE,
                organiser=ProcessSupport("procesondersteuner", "Gemeente Testdorp"),
                source=seed("000", "3. Organisatie"),
                cadence=TEST_CADENCE,
                minutes_per_case=45,
            ),
        ),
        ladder=(
            Step(
                key="tafel",
                name="Testtafel",
                description="The table.",
                forum="tafel",
                contact_point="loket",
                entry=(
                    Rule(
                        "t.entry",
                        "No supply.",
                        seed("000"),
                        has_obstacle(Obstacle.SUPPLY_UNAVAILABLE),
                    ),
                ),
                conditions=(Rule("t.age", "Age up to 23.", seed("000"), age_between(0, 23)),),
                prerequisites=(
                    Rule(
                        "t.consulted", "A consult first.", seed("000"), tried(StepKind.ASK_CONSULT)
                    ),
                ),
                checks=(
                    Rule("t.residential", "Check ambulant.", seed("000"), requests_residential()),
                ),
            ),
            Step(
                key="loket",
                name="Loket",
                description="The contact point, for providers.",
                contact_point="loket",
                entry=(
                    Rule(
                        "t.provider",
                        "A provider.",
                        seed("002"),
                        submitted_by(SubmitterRole.PROVIDER),
                    ),
                ),
            ),
        ),
        onward_routes=("veilig-thuis",),
    )


class ThrowawayPlugin:
    """A plugin object registered inside a test and removed after it."""

    def __init__(self, *models: EscalationModel) -> None:
        self.models = models

    @hookimpl
    def escalatie_register_models(self, register: Callable[[EscalationModel], None]) -> None:
        for model in self.models:
            register(model)


@pytest.fixture
def test_model() -> EscalationModel:
    return build_model()


@pytest.fixture
def bare_registry(test_model: EscalationModel) -> Iterator[Registry]:
    """Only the internal plugins plus the throwaway model: independent of installed plugins."""
    pm = make_plugin_manager(load_entrypoints=False)
    plugin = ThrowawayPlugin(test_model)
    pm.register(plugin, name="throwaway")
    yield Registry(pm)
    pm.unregister(plugin)


@pytest.fixture
def case_data() -> dict[str, Any]:
    return {
        "reference": "T-1",
        "age": 15,
        "question": "Welke hulp past?",
        "domains": [{"kind": "care", "question": "Zorg die past"}],
        "submitter": {"role": "professional", "organisation": "Buurtteam"},
        "obstacles": ["supply_unavailable"],
        "prior_steps": [{"kind": "ask_consult", "by": "ASK", "tried": "consult"}],
    }
