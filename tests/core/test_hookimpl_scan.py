"""The plugin manager's quick scan for hook implementations gives pluggy's own answer for
every name of every kind of plugin (issue 16: it only skips names that cannot be hooks)."""

from __future__ import annotations

import functools
import types
from typing import Any

import pluggy

from escalatie import hookspecs
from escalatie.entrypoints import entry_points
from escalatie.hookspecs import hookimpl
from escalatie.plugins import INTERNAL_PLUGINS, PluginManager, make_plugin_manager


class Plain:
    """An instance plugin with every kind of attribute a class can have."""

    __slots__ = ("__dict__", "slot_hook")
    data = 3
    callable_object = functools.partial(print)

    def __init__(self) -> None:
        self.slot_hook = self.escalatie_register_models
        self.own = "value"

    @hookimpl
    def escalatie_register_models(self, register: Any) -> None:
        pass

    def unmarked(self) -> None:
        pass

    @staticmethod
    @hookimpl
    def escalatie_register_routes(register: Any) -> None:
        pass

    @classmethod
    @hookimpl
    def escalatie_register_predicates(cls, register: Any) -> None:
        pass

    @property
    def escalatie_register_step_kinds(self) -> Any:
        raise AssertionError("a property is never run to find hooks")


def module_plugin(odd: bool = True) -> types.ModuleType:
    """A module plugin; ``odd`` adds names pluggy would take as hooks without a spec."""
    module = types.ModuleType("a_plugin")

    @hookimpl
    def escalatie_register_routes(register: Any) -> None:
        pass

    @hookimpl(specname="escalatie_register_models")
    def models_under_another_name(register: Any) -> None:
        pass

    def helper() -> None:
        pass

    module.__dict__.update(
        escalatie_register_routes=escalatie_register_routes,
        models_under_another_name=models_under_another_name,
        helper=helper,
        Plain=Plain,
        print=print,
        functools=functools,
        bound=Plain().unmarked,
        number=1,
        __annotations__={},
    )
    if odd:
        module.marked_bound = Plain().escalatie_register_models  # type: ignore[attr-defined]
        module.static = staticmethod(escalatie_register_routes)  # type: ignore[attr-defined]
    return module


def plugins() -> list[object]:
    import importlib

    found: list[object] = [importlib.import_module(n) for n in INTERNAL_PLUGINS]
    found += [ep.load() for ep in entry_points("escalatie")]
    return [*found, module_plugin(), Plain(), Plain, object()]


def test_every_name_of_every_plugin_gets_pluggys_answer() -> None:
    ours = PluginManager()
    theirs = pluggy.PluginManager(hookspecs.PROJECT)
    checked = 0
    for plugin in plugins():
        for name in dir(plugin):
            assert ours.parse_hookimpl_opts(plugin, name) == theirs.parse_hookimpl_opts(
                plugin,
                name,  # type: ignore[arg-type]
            ), (plugin, name)
            checked += 1
    assert checked > 300


def test_the_plugins_register_the_same_hooks() -> None:
    pm = make_plugin_manager()
    plain = pluggy.PluginManager(hookspecs.PROJECT)
    plain.add_hookspecs(hookspecs)
    for name, plugin in pm.list_name_plugin():
        plain.register(plugin, name=name)
    ours = {
        name: sorted(c.name for c in pm.get_hookcallers(p) or [])
        for name, p in pm.list_name_plugin()
    }
    theirs = {
        name: sorted(c.name for c in plain.get_hookcallers(p) or [])
        for name, p in plain.list_name_plugin()
    }
    assert ours == theirs
    assert any(hooks for hooks in ours.values())
    test = module_plugin(odd=False)
    pm.register(test, name="test")
    assert {c.name for c in pm.get_hookcallers(test) or []} == {
        "escalatie_register_routes",
        "escalatie_register_models",
    }
