"""A model file of your own under hypothesis, exactly as shown in docs/testing.md."""

from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings

from escalatie.api import Case, EscalationModel, Registry, make_plugin_manager
from escalatie.modelfile.starter import starter  # internal: stands in for your own file
from escalatie.testing import properties
from escalatie.testing.pytest_plugin import warm_up
from escalatie.testing.strategies import cases

AT = datetime.fromisoformat("2026-03-02T10:00:00+01:00")


@pytest.fixture(scope="session")
def my_model(tmp_path_factory: pytest.TempPathFactory) -> tuple[Registry, EscalationModel]:
    """Compiled once, outside @given: compiling a model file takes longer than hypothesis's
    200 ms deadline, so inside @given the first example fails (then shrinks for minutes)."""
    path = tmp_path_factory.mktemp("models") / "zeewolde.toml"  # or your own file's path
    path.write_text(starter("zeewolde-tafel"), encoding="utf-8")
    registry = Registry(make_plugin_manager())
    model = registry.model(str(path))
    warm_up(registry)
    return registry, model


# On a busy machine, drawing the first cases or a first triage can take longer than hypothesis
# allows; nothing is wrong with the test then (docs/testing.md, "On a busy machine").
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
def test_my_model_file_keeps_its_promises(
    my_model: tuple[Registry, EscalationModel], case: Case
) -> None:
    registry, model = my_model
    properties.check_all(registry, model, case, AT)
