"""The plugin manager: internal plugins, entry points, and the registry of contributions.

Plugins load lazily: nothing is imported until a command asks for models or routes, so the CLI
starts fast. ``ESCALATIE_PLUGINS`` chooses which entry-point plugins load: unset loads all,
empty loads none, ``a,b`` loads only those, and ``-a`` blocks one.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Mapping
from importlib import metadata
from typing import TYPE_CHECKING, Any

import pluggy

from escalatie import hookspecs
from escalatie.errors import EscalatieError, PluginConflict, UnknownModel

if TYPE_CHECKING:
    import click

    from escalatie.examples import ExampleCase
    from escalatie.model import EscalationModel
    from escalatie.routes import OnwardRoute

ENTRY_POINT_GROUP = "escalatie"
PLUGINS_ENV = "ESCALATIE_PLUGINS"

INTERNAL_PLUGINS = (
    "escalatie.builtin.routes",
    "escalatie.builtin.national_routes",
)


def _wanted(env: Mapping[str, str]) -> tuple[set[str] | None, set[str]]:
    """Which entry-point names to load (None = all) and which to block."""
    raw = env.get(PLUGINS_ENV)
    if raw is None:
        return None, set()
    names = [n.strip() for n in raw.split(",") if n.strip()]
    blocked = {n[1:] for n in names if n.startswith("-")}
    allowed = {n for n in names if not n.startswith("-")}
    if blocked and not allowed:
        return None, blocked
    return allowed, blocked


class PluginManager(pluggy.PluginManager):
    """pluggy's manager that also remembers the entry point each plugin came from."""

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT)
        self.entry_points: dict[str, metadata.EntryPoint] = {}


def make_plugin_manager(
    env: Mapping[str, str] | None = None, load_entrypoints: bool = True
) -> PluginManager:
    """A fresh manager with the hookspecs, the internal plugins and the chosen entry points."""
    import importlib

    pm = PluginManager()
    pm.add_hookspecs(hookspecs)
    for name in INTERNAL_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
    if load_entrypoints:
        _load_entrypoints(pm, os.environ if env is None else env)
    pm.check_pending()
    return pm


def _load_entrypoints(pm: PluginManager, env: Mapping[str, str]) -> None:
    allowed, blocked = _wanted(env)
    installed = metadata.entry_points(group=ENTRY_POINT_GROUP)
    unknown = sorted(((allowed or set()) | blocked) - {ep.name for ep in installed})
    if unknown:
        raise EscalatieError(
            unknown_message("plugin", unknown[0], sorted(ep.name for ep in installed))
            + f" (from {PLUGINS_ENV})"
        )
    for ep in installed:
        if ep.name in blocked or (allowed is not None and ep.name not in allowed):
            continue
        if pm.get_plugin(ep.name) is not None or pm.is_blocked(ep.name):
            continue
        try:
            plugin = ep.load()
        except Exception as exc:  # a broken third-party plugin must not crash the CLI
            raise EscalatieError(
                f"plugin {ep.name}: could not be loaded from {ep.value}: {exc}"
            ) from exc
        pm.register(plugin, name=ep.name)
        pm.entry_points[ep.name] = ep


class Registry:
    """The models, routes and example cases that the plugins of one manager contribute."""

    def __init__(self, pm: PluginManager) -> None:
        self.pm = pm
        self._models: dict[str, EscalationModel] | None = None
        self._routes: dict[str, OnwardRoute] | None = None
        self._examples: dict[str, ExampleCase] | None = None
        self._commands: dict[str, click.Command] | None = None
        self.contributors: dict[str, dict[str, str]] = {}
        """Per kind ("model", "route", "example case", "command"): name -> plugin name."""

    def _collect(
        self,
        hook: Any,
        key: Callable[[Any], str],
        what: str,
        stamp: Callable[[Any, str], Any] | None = None,
    ) -> dict[str, Any]:
        """Call ``hook`` with a ``register`` callback; ``stamp`` may mark each item with the
        plugin that contributed it."""
        found: dict[str, Any] = {}
        owners = self.contributors.setdefault(what, {})
        for impl in hook.get_hookimpls():
            plugin_name = impl.plugin_name

            def register(item: Any, _plugin: str = plugin_name) -> None:
                name = key(item)
                if name in found:
                    raise PluginConflict(
                        f"{what} {name!r}: contributed by both {owners[name]} and {_plugin}"
                    )
                if stamp is not None:
                    item = stamp(item, _plugin)
                found[name] = item
                owners[name] = _plugin

            impl.function(register=register)
        return dict(sorted(found.items()))

    @property
    def models(self) -> dict[str, EscalationModel]:
        if self._models is None:
            import attrs

            self._models = self._collect(
                self.pm.hook.escalatie_register_models,
                lambda m: m.name,
                "model",
                stamp=lambda m, plugin: attrs.evolve(m, plugin=plugin),
            )
        return self._models

    @property
    def routes(self) -> dict[str, OnwardRoute]:
        if self._routes is None:
            self._routes = self._collect(
                self.pm.hook.escalatie_register_routes, lambda r: r.key, "route"
            )
        return self._routes

    @property
    def examples(self) -> dict[str, ExampleCase]:
        if self._examples is None:
            self._examples = self._collect(
                self.pm.hook.escalatie_register_example_cases, lambda e: e.name, "example case"
            )
        return self._examples

    @property
    def commands(self) -> dict[str, click.Command]:
        """Sub-commands contributed by plugins; a name the core uses is a conflict."""
        if self._commands is None:
            from escalatie.cli import COMMANDS

            found = self._collect(
                self.pm.hook.escalatie_register_commands, lambda c: c.name, "command"
            )
            for name in found:
                if name in COMMANDS:
                    raise PluginConflict(f"command {name!r}: a plugin may not replace the core's")
            self._commands = found
        return self._commands

    def model(self, name: str) -> EscalationModel:
        """The model by name, or a one-line error listing what is installed."""
        try:
            return self.models[name]
        except KeyError:
            raise UnknownModel(unknown_message("model", name, list(self.models))) from None

    def route(self, key: str) -> OnwardRoute:
        try:
            return self.routes[key]
        except KeyError:
            raise EscalatieError(unknown_message("route", key, list(self.routes))) from None

    def example(self, name: str) -> ExampleCase:
        try:
            return self.examples[name]
        except KeyError:
            raise EscalatieError(
                unknown_message("example case", name, list(self.examples))
            ) from None


def unknown_message(what: str, name: str, installed: list[str]) -> str:
    """``unknown model 'x' (did you mean 'y'?); installed: a, b`` in one line."""
    close = difflib.get_close_matches(name, installed, n=1, cutoff=0.4)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    listing = ", ".join(installed) if installed else "none"
    return f"unknown {what} {name!r}{hint}; installed: {listing}"


_default: Registry | None = None


def default_registry() -> Registry:
    """The process-wide registry, built on first use."""
    global _default
    if _default is None:
        _default = Registry(make_plugin_manager())
    return _default
