"""pytest fixtures for escalation models, loaded through the ``pytest11`` entry point.

- ``escalatie_model``: parametrised over every installed model (test ids are model names);
- ``escalatie_registry``: a fresh registry over a fresh plugin manager;
- ``escalatie_plugin``: a registry with throwaway plugins on a fresh manager per call.

Nothing of escalatie is imported until a test asks for one of these fixtures, so the plugin
costs nothing in test runs that do not use it. ``ESCALATIE_PLUGINS`` chooses which entry-point
plugins load, as everywhere (see :mod:`escalatie.plugins`).

Each fixture pays the one-off costs of a first triage before the test starts (:func:`warm_up`):
fixtures run outside hypothesis's deadline, so a ``@given`` test's first example does not pay
them and fail as "unreliable timings" under hypothesis's default 200 ms deadline.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from escalatie.model import EscalationModel
    from escalatie.plugins import Registry

MODEL_FIXTURE = "escalatie_model"


def installed_models() -> list[EscalationModel]:
    """The installed models, from a fresh registry (honours ``ESCALATIE_PLUGINS``)."""
    from escalatie.plugins import Registry, make_plugin_manager

    return list(Registry(make_plugin_manager()).models.values())


def warm_up(registry: Registry | None = None) -> None:
    """Pay the one-off costs of a first triage and comparison now, before a test starts.

    Fixtures run outside hypothesis's deadline (200 ms per example by default); these costs
    would otherwise fall in a test's first example and fail it as "unreliable timings":
    loading the holiday tables, collecting a registry's models and routes from the plugins
    (once per registry), and the converter code and imports that pseudonymising a case with
    an identity block needs the first time. Call it from your own fixture if you triage in a
    ``@given`` test without these fixtures.
    """
    import attrs

    from escalatie.case import Identity
    from escalatie.privacy import pseudonymise
    from escalatie.research.synthetic import random_case
    from escalatie.schedule import preload_holidays

    preload_holidays()
    if registry is not None:
        _ = registry.models, registry.routes
    invented = Identity(name="Sanne Voorbeeld", bsn="111222333", address="Proeflaan 22, Helmond")
    pseudonymise(attrs.evolve(random_case(random.Random(0), "warm-up"), identity=invented))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise ``escalatie_model`` over every installed model."""
    if MODEL_FIXTURE in metafunc.fixturenames:
        models = installed_models()
        metafunc.parametrize(MODEL_FIXTURE, models, ids=[m.name for m in models], indirect=True)


@pytest.fixture
def escalatie_model(request: pytest.FixtureRequest) -> EscalationModel:
    """Each installed escalation model in turn: the test runs once per model (id: its name).

    ``ESCALATIE_PLUGINS`` chooses which plugins' models take part.
    """
    if not hasattr(request, "param"):  # looked up by name, outside parametrisation
        pytest.fail(f"{MODEL_FIXTURE}: ask for it as a test argument", pytrace=False)
    warm_up()
    model: EscalationModel = request.param
    return model


@pytest.fixture
def escalatie_registry() -> Registry:
    """A fresh registry over a fresh plugin manager with the installed plugins."""
    from escalatie.plugins import Registry, make_plugin_manager

    registry = Registry(make_plugin_manager())
    warm_up(registry)
    return registry


RegisterPlugin = Callable[..., "Registry"]


@pytest.fixture
def escalatie_plugin() -> Iterator[RegisterPlugin]:
    """``register(plugin, *more, name=None)``: a registry over a fresh manager with the plugins.

    Every call starts from a fresh plugin manager with the installed plugins, so it is safe
    inside a hypothesis ``@given`` test that calls it once per example: nothing piles up from
    earlier calls. Pass several plugins in one call when they must see each other; ``name``
    names the first. Each manager's plugins are unregistered after the test.
    """
    from escalatie.plugins import PluginManager, Registry, make_plugin_manager

    warm_up()
    managers: list[tuple[PluginManager, list[object]]] = []

    def register(plugin: object, *more: object, name: str | None = None) -> Registry:
        pm = make_plugin_manager()
        pm.register(plugin, name=name)
        for other in more:
            pm.register(other)
        pm.check_pending()
        managers.append((pm, [plugin, *more]))
        return Registry(pm)

    yield register
    for pm, plugins in managers:
        for plugin in reversed(plugins):
            if pm.is_registered(plugin):
                pm.unregister(plugin)


UseRegistry = Callable[["Registry | None"], None]


@pytest.fixture
def escalatie_use_registry() -> Iterator[UseRegistry]:
    """``use(registry)``: the CLI and the front door (``escalatie.get_model`` …) use ``registry``
    until the test ends; ``use(None)`` gives them a fresh one, built on first use. Wraps
    :func:`escalatie.plugins.using_registry`; each call replaces the previous one."""
    from contextlib import ExitStack

    from escalatie.plugins import using_registry

    with ExitStack() as stack:

        def use(registry: Registry | None = None) -> None:
            stack.enter_context(using_registry(registry))

        yield use
