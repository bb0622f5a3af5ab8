"""pytest fixtures for escalation models, loaded through the ``pytest11`` entry point.

- ``escalatie_model``: parametrised over every installed model (test ids are model names);
- ``escalatie_registry``: a fresh registry over a fresh plugin manager;
- ``escalatie_plugin``: a registry with throwaway plugins on a fresh manager per call.

Nothing of escalatie is imported until a test asks for one of these fixtures, so the plugin
costs nothing in test runs that do not use it. ``ESCALATIE_PLUGINS`` chooses which entry-point
plugins load, as everywhere (see :mod:`escalatie.plugins`).
"""

from __future__ import annotations

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


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise ``escalatie_model`` over every installed model."""
    if MODEL_FIXTURE in metafunc.fixturenames:
        models = installed_models()
        metafunc.parametrize(MODEL_FIXTURE, models, ids=[m.name for m in models])


@pytest.fixture
def escalatie_registry() -> Registry:
    """A fresh registry over a fresh plugin manager with the installed plugins."""
    from escalatie.plugins import Registry, make_plugin_manager

    return Registry(make_plugin_manager())


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
