"""A researcher's own tests, exactly as shown in docs/testing.md."""

from collections.abc import Callable
from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from escalatie.api import Case, EscalationModel, Registry, SafetyLevel
from escalatie.research.compare import compare
from escalatie.testing import properties
from escalatie.testing.inline import inline_plugin
from escalatie.testing.strategies import cases, triage_moments
from escalatie.testing.synthetic import synthetic_model

# The fixtures are function-scoped; hypothesis may reuse them across examples here. On a busy
# machine drawing the first cases can be slower than hypothesis allows (docs/testing.md).
uses_fixtures = settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@uses_fixtures
@given(case=cases(), at=triage_moments())
def test_every_model_keeps_its_promises(
    escalatie_model: EscalationModel, escalatie_registry: Registry, case: Case, at: datetime
) -> None:
    properties.check_all(escalatie_registry, escalatie_model, case, at)


@uses_fixtures
@given(case=cases(safety=SafetyLevel.ACUTE, with_identity=True), at=triage_moments())
def test_a_comparison_never_shows_who_the_family_is(
    escalatie_registry: Registry, case: Case, at: datetime
) -> None:
    rows = compare(escalatie_registry, escalatie_registry.models.values(), [case], at)
    text = repr(list(rows))
    assert case.identity is not None
    assert case.identity.name not in text


def test_my_draft_model_routes_a_stuck_case(escalatie_plugin: Callable[..., Registry]) -> None:
    draft = synthetic_model("mijn-gemeente", steps=1, series=((0, 2),))
    registry = escalatie_plugin(inline_plugin(models=[draft]), name="mijn-gemeente")
    at = datetime.fromisoformat("2026-03-02T08:00:00+01:00")
    stuck = st.from_type(Case).filter(lambda c: c.safety.level is not SafetyLevel.ACUTE)

    # The first example builds what triage keeps (the model's rules, its meeting dates), which
    # can take longer than hypothesis's 200 ms deadline on a busy machine: no deadline here.
    @settings(deadline=None)
    @given(case=stuck)
    def check(case: Case) -> None:
        result = properties.check_all(registry, registry.models["mijn-gemeente"], case, at)
        if result.route == "step0":
            assert result.next_meeting is not None

    check()
