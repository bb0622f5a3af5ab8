"""Tests for the Zuiderveen plugin: a fresh plugin manager per test, no installed plugins needed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import attrs
import pytest
from escalatie_zuiderveen import plugin

from escalatie.api import (
    AMSTERDAM,
    EscalatieError,
    Registry,
    load_case,
    make_plugin_manager,
    triage,
    using_registry,
)

CASE = Path(__file__).parent.parent / "cases" / "voorbeeld.json"
MONDAY = datetime(2026, 3, 2, 8, 0, tzinfo=AMSTERDAM)


@pytest.fixture
def registry() -> Registry:
    """Only the core's internal plugins plus ours: other installed plugins cannot interfere."""
    pm = make_plugin_manager(load_entrypoints=False)
    pm.register(plugin, name="zuiderveen")
    return Registry(pm)


def test_model_is_registered(registry: Registry) -> None:
    model = registry.model("zuiderveen-wijktafel")
    assert model.plugin == "zuiderveen"
    assert model.forum("wijktafel").family_at_table


def test_case_goes_to_the_wijktafel_on_a_thursday(registry: Registry) -> None:
    with using_registry(registry):
        result = triage(load_case(CASE), "zuiderveen-wijktafel", MONDAY)
    assert result.route == "wijktafel" and result.ready
    assert result.next_meeting is not None and result.next_meeting.weekday() == 3


def test_a_plan_with_the_family_comes_first(registry: Registry) -> None:
    case = load_case(CASE)
    without_plan = attrs.evolve(case, prior_steps=())
    with using_registry(registry):
        result = triage(without_plan, "zuiderveen-wijktafel", MONDAY)
    assert [r.rule for r in result.missing] == ["zuiderveen.plan-first"]


def test_first_date_must_be_a_thursday() -> None:
    with pytest.raises(EscalatieError, match="first_date: expected a Thursday"):
        plugin.build(datetime(2026, 1, 5).date())
