"""The documented model properties hold for every installed model and for synthetic ones,
and each property function does catch a model that breaks it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from escalatie.case import Case, CrisisSignal, SafetyLevel, SafetySignal
from escalatie.model import EscalationModel
from escalatie.plugins import Registry, make_plugin_manager
from escalatie.testing import properties
from escalatie.testing.inline import inline_plugin
from escalatie.testing.strategies import cases, synthetic_models, triage_moments
from escalatie.testing.synthetic import synthetic_model
from escalatie.triaging import Reason, RouteType, TriageResult

FIXTURES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@FIXTURES
@given(case=cases(with_identity=None), at=triage_moments())
def test_installed_models_satisfy_every_property(
    escalatie_model: EscalationModel, escalatie_registry: Registry, case: Case, at: datetime
) -> None:
    properties.check_all(escalatie_registry, escalatie_model, case, at)


@FIXTURES
@given(case=cases(safety=SafetyLevel.ACUTE), at=triage_moments())
def test_installed_models_never_make_a_safety_case_wait(
    escalatie_model: EscalationModel, escalatie_registry: Registry, case: Case, at: datetime
) -> None:
    result = properties.safety_never_waits(escalatie_registry, escalatie_model, case, at)
    assert result.route == "veilig-thuis"


@given(model=synthetic_models(), case=cases(), at=triage_moments())
def test_synthetic_models_satisfy_every_property(
    model: EscalationModel, case: Case, at: datetime
) -> None:
    properties.check_all(
        Registry(make_plugin_manager(env={"ESCALATIE_PLUGINS": ""})), model, case, at
    )


def test_escalatie_model_is_parametrised_by_name(
    request: pytest.FixtureRequest, escalatie_model: EscalationModel
) -> None:
    assert request.node.callspec.id == escalatie_model.name


def test_escalatie_plugin_registers_and_the_registry_sees_it(
    escalatie_plugin: Callable[..., Registry],
) -> None:
    model = synthetic_model("throwaway")
    registry = escalatie_plugin(inline_plugin(models=[model]), name="throwaway")
    assert registry.models["throwaway"].plugin == "throwaway"


def test_a_safety_case_sent_to_a_table_is_caught(
    monkeypatch: pytest.MonkeyPatch, make_case: Callable[..., Case]
) -> None:
    """The core never does this; a triage that did would be caught."""
    case = attrs.evolve(make_case(), safety=SafetySignal(SafetyLevel.ACUTE, "acuut"))
    at = datetime.fromisoformat("2026-03-02T08:00:00+01:00")
    monkeypatch.setattr(properties, "triage", lambda *args: _result(case_reference="R-1"))
    with pytest.raises(properties.PropertyViolation, match="acute case routed to 'step0'"):
        properties.safety_never_waits(None, synthetic_model(), case, at)  # type: ignore[arg-type]


def test_a_crisis_sent_to_a_table_is_caught(
    monkeypatch: pytest.MonkeyPatch, make_case: Callable[..., Case]
) -> None:
    case = attrs.evolve(make_case(), crisis=CrisisSignal(True, "acute suïcidedreiging"))
    at = datetime.fromisoformat("2026-03-02T08:00:00+01:00")
    monkeypatch.setattr(properties, "triage", lambda *args: _result(case_reference="R-1"))
    with pytest.raises(properties.PropertyViolation, match="routed to 'step0', not crisis"):
        properties.safety_never_waits(None, synthetic_model(), case, at)  # type: ignore[arg-type]


def _result(**changes: object) -> TriageResult:
    base: dict[str, object] = {
        "model": "synthetic",
        "case_reference": "R-1",
        "at": datetime.fromisoformat("2026-03-02T08:00:00+01:00"),
        "route": "step0",
        "route_name": "Stap 0",
        "route_type": RouteType.STEP,
        "eligible": True,
        "reasons": (Reason("synthetic.step0.entry", "entry", "seed 002, synthetic"),),
        "forum": "table",
    }
    base.update(changes)
    return TriageResult(**base)  # type: ignore[arg-type]


def test_a_missing_forum_date_is_caught() -> None:
    model = synthetic_model("synthetic", steps=1)
    with pytest.raises(properties.PropertyViolation, match="with series but no meeting date"):
        properties.eligible_gets_forum_date(None, model, _result())  # type: ignore[arg-type]
    past = _result(next_meeting=_result().at - timedelta(days=1))
    with pytest.raises(properties.PropertyViolation, match="lies before the triage"):
        properties.eligible_gets_forum_date(None, model, past)  # type: ignore[arg-type]


@given(st.sampled_from(["Wmo art. 2", "seed 999", "intern beleid"]))
def test_a_reason_without_a_seed_is_caught(source: str) -> None:
    result = _result(reasons=(Reason("x.rule", "text", source),))
    with pytest.raises(properties.PropertyViolation, match="not a seed"):
        properties.reasons_name_a_seed(result)


def test_an_eligible_result_without_reasons_is_caught() -> None:
    with pytest.raises(properties.PropertyViolation, match="without any reason"):
        properties.reasons_name_a_seed(_result(reasons=()))


def test_escalatie_plugin_can_be_called_once_per_hypothesis_example(
    escalatie_plugin: Callable[..., Registry],
) -> None:
    """From the acceptance check: calling the fixture inside @given must not pile plugins up."""

    @settings(max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(model=synthetic_models())
    def check(model: EscalationModel) -> None:
        registry = escalatie_plugin(inline_plugin(models=[model]))
        assert registry.model(model.name) is not None

    check()


def test_inline_plugin_contributes_commands(escalatie_plugin: Callable[..., Registry]) -> None:
    import click

    @click.command(name="mijn-rapport")
    def rapport() -> None:
        """A command of a municipality's own."""

    registry = escalatie_plugin(inline_plugin(commands=[rapport]))
    assert registry.commands["mijn-rapport"] is rapport
