"""pytest fixtures for escalation models, loaded through the ``pytest11`` entry point.

- ``escalatie_model``: parametrised over every installed model (test ids are model names);
- ``escalatie_registry``: a fresh registry over a fresh plugin manager;
- ``escalatie_plugin``: register a throwaway plugin; it is unregistered after the test.

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
    """``register(plugin, name=None)`` adds a plugin and returns a registry that sees it.

    Each call registers on the same fresh plugin manager and returns a new registry over it, so
    contributions registered so far are all visible. Every plugin is unregistered afterwards.
    """
    from escalatie.plugins import Registry, make_plugin_manager

    pm = make_plugin_manager()
    added: list[object] = []

    def register(plugin: object, name: str | None = None) -> Registry:
        pm.register(plugin, name=name)
        pm.check_pending()
        added.append(plugin)
        return Registry(pm)

    yield register
    for plugin in reversed(added):
        if pm.is_registered(plugin):
            pm.unregister(plugin)
