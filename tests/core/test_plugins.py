"""The plugin manager: internal plugins, entry points, the env switch, conflicts, errors."""

from __future__ import annotations

from collections.abc import Callable, Generator
from datetime import datetime
from typing import Any

import pluggy
import pytest

from escalatie.case import Case
from escalatie.errors import PluginConflict, UnknownModel
from escalatie.examples import ExampleCase
from escalatie.hookspecs import hookimpl
from escalatie.model import EscalationModel
from escalatie.naming import unknown_message
from escalatie.plugins import (
    INTERNAL_PLUGINS,
    Registry,
    make_plugin_manager,
    using_registry,
)
from escalatie.routes import OnwardRoute, RouteKind
from escalatie.sources import seed
from escalatie.testing.inline import inline_plugin

from .conftest import ThrowawayPlugin, build_model


def test_internal_plugins_are_registered_on_the_same_manager() -> None:
    pm = make_plugin_manager(load_entrypoints=False)
    names = {name for name, _ in pm.list_name_plugin()}
    assert set(INTERNAL_PLUGINS) <= names


def test_empty_env_switch_loads_no_entry_point_plugins() -> None:
    pm = make_plugin_manager(env={"ESCALATIE_PLUGINS": ""})
    assert pm.entry_points == {}


def test_env_switch_selects_and_blocks() -> None:
    only = make_plugin_manager(env={"ESCALATIE_PLUGINS": "utrecht"})
    assert set(only.entry_points) == {"utrecht"}
    blocked = make_plugin_manager(env={"ESCALATIE_PLUGINS": "-utrecht"})
    assert "utrecht" not in blocked.entry_points
    assert "examples" in blocked.entry_points


def test_all_installed_entry_points_load_by_default() -> None:
    pm = make_plugin_manager(env={})
    assert {"utrecht", "examples"} <= set(pm.entry_points)


def test_hook_escalatie_register_models_throwaway_plugin() -> None:
    pm = make_plugin_manager(load_entrypoints=False)
    plugin = ThrowawayPlugin(build_model("wegwerp"))
    pm.register(plugin, name="throwaway")
    try:
        registry = Registry(pm)
        assert registry.model("wegwerp").plugin == "throwaway"
    finally:
        pm.unregister(plugin)
    assert "wegwerp" not in Registry(pm).models


def test_duplicate_model_name_is_a_conflict_naming_both_plugins() -> None:
    pm = make_plugin_manager(load_entrypoints=False)
    pm.register(ThrowawayPlugin(build_model("dubbel")), name="one")
    pm.register(ThrowawayPlugin(build_model("dubbel")), name="two")
    with pytest.raises(PluginConflict, match="model 'dubbel': contributed by both"):
        _ = Registry(pm).models


def test_unknown_model_lists_installed_and_closest(bare_registry: Registry) -> None:
    with pytest.raises(UnknownModel) as info:
        bare_registry.model("test-tafels")
    message = str(info.value)
    assert "\n" not in message
    assert "(did you mean 'test-tafel'?); installed: test-tafel" in message


def test_unknown_message_without_close_match() -> None:
    assert unknown_message("model", "zzz", []) == "unknown model 'zzz'; installed: none"


def test_misspelled_hook_fails_loudly() -> None:
    class Misspelled:
        @hookimpl
        def escalatie_register_modles(self, register: Callable[[EscalationModel], None]) -> None:
            """A typo: there is no such hook."""

    pm = make_plugin_manager(load_entrypoints=False)
    pm.register(Misspelled())
    with pytest.raises(pluggy.PluginValidationError):
        pm.check_pending()


def test_hook_escalatie_register_routes() -> None:
    route = OnwardRoute(
        "test-route", "Testroute", RouteKind.REGIONAL, "d", (), frozenset(), seed("002")
    )

    class Routes:
        @hookimpl
        def escalatie_register_routes(self, register: Callable[[OnwardRoute], None]) -> None:
            register(route)

    pm = make_plugin_manager(load_entrypoints=False)
    pm.register(Routes())
    registry = Registry(pm)
    assert registry.route("test-route") is route
    assert "veilig-thuis" in registry.routes


def test_hook_escalatie_register_example_cases(case_data: dict[str, object]) -> None:
    from escalatie.case import Case
    from escalatie.documents import structure

    example = ExampleCase("voorbeeld", "Een voorbeeld", structure(case_data, Case), seed("002"))

    class Examples:
        @hookimpl
        def escalatie_register_example_cases(self, register: Callable[[ExampleCase], None]) -> None:
            register(example)

    pm = make_plugin_manager(load_entrypoints=False)
    pm.register(Examples())
    assert Registry(pm).example("voorbeeld") is example


def test_hook_escalatie_register_commands() -> None:
    import click
    from click.testing import CliRunner

    from escalatie.cli import cli

    @click.command(name="wegwerp-rapport")
    def rapport() -> None:
        click.echo("rapport van de wegwerp-plugin")

    class Commands:
        @hookimpl
        def escalatie_register_commands(self, register: Callable[[click.Command], None]) -> None:
            register(rapport)

    pm = make_plugin_manager(load_entrypoints=False)
    pm.register(Commands(), name="wegwerp")
    registry = Registry(pm)
    assert registry.commands == {"wegwerp-rapport": rapport}
    assert registry.contributors["command"] == {"wegwerp-rapport": "wegwerp"}
    with using_registry(registry):
        result = CliRunner().invoke(cli, ["wegwerp-rapport"])
        assert (result.exit_code, result.output) == (0, "rapport van de wegwerp-plugin\n")
        listed = CliRunner().invoke(cli, ["plugins", "--json"])
        rows = {r["name"]: r for r in __import__("json").loads(listed.output)}
        assert rows["wegwerp"]["commands"] == ["wegwerp-rapport"]


def test_a_plugin_may_not_replace_a_core_command() -> None:
    import click

    from escalatie.cli import COMMANDS

    class Hijack:
        @hookimpl
        def escalatie_register_commands(self, register: Callable[[click.Command], None]) -> None:
            register(click.Command("triage"))

    pm = make_plugin_manager(load_entrypoints=False)
    pm.register(Hijack(), name="hijack")
    with pytest.raises(PluginConflict, match="command 'triage': a plugin may not replace"):
        _ = Registry(pm, reserved_commands=frozenset(COMMANDS)).commands


def test_env_switch_naming_an_unknown_plugin_is_an_error() -> None:
    from escalatie.errors import EscalatieError

    with pytest.raises(
        EscalatieError, match=r"unknown plugin 'utrech' \(did you mean 'utrecht'\?\)"
    ):
        make_plugin_manager(env={"ESCALATIE_PLUGINS": "utrech"})
    with pytest.raises(EscalatieError, match=r"unknown plugin 'nope'.*\(from ESCALATIE_PLUGINS\)"):
        make_plugin_manager(env={"ESCALATIE_PLUGINS": "-nope"})


def test_a_wrapper_hook_implementation_is_honoured(test_model: EscalationModel) -> None:
    """Contribution hooks go through ``pm.hook``: a ``wrapper=True`` implementation runs around
    the others (here it contributes after them and sees their result) and owns what it adds."""
    import attrs

    seen: list[object] = []

    class Wrapping:
        @hookimpl(wrapper=True)
        def escalatie_register_models(
            self, register: Callable[[EscalationModel], None]
        ) -> Generator[None, None, None]:
            result = yield
            seen.append(result)
            register(attrs.evolve(test_model, name="omhulde-tafel"))
            return result

    pm = make_plugin_manager(load_entrypoints=False)
    pm.register(inline_plugin(models=[test_model]), name="inline")
    pm.register(Wrapping(), name="wrapping")
    registry = Registry(pm)
    assert set(registry.models) >= {"test-tafel", "omhulde-tafel"}
    assert registry.models["omhulde-tafel"].plugin == "wrapping"
    assert registry.models["test-tafel"].plugin == "inline"
    assert seen == [[]]


def test_a_wrapper_around_preempt_triage_is_honoured(
    test_model: EscalationModel, monday_morning: datetime, case_data: dict[str, Any]
) -> None:
    from escalatie.documents import structure
    from escalatie.triaging import triage

    calls: list[str] = []

    class Around:
        @hookimpl(wrapper=True)
        def escalatie_preempt_triage(
            self, model: EscalationModel, case: Case, at: datetime
        ) -> Generator[None, None, None]:
            calls.append(case.reference)
            return (yield)

    pm = make_plugin_manager(load_entrypoints=False)
    pm.register(inline_plugin(models=[test_model]), name="inline")
    pm.register(Around(), name="around")
    registry = Registry(pm)
    case = structure(case_data, Case)
    assert triage(registry, test_model, case, monday_morning).route == "tafel"
    assert calls == [case.reference]


def test_per_model_hooks_ask_only_the_plugin_that_contributed_the_model(
    test_model: EscalationModel,
) -> None:
    import attrs

    asked: list[str] = []

    class Agenda:
        def __init__(self, label: str, model: EscalationModel) -> None:
            self.label, self.model = label, model

        @hookimpl
        def escalatie_register_models(self, register: Callable[[EscalationModel], None]) -> None:
            register(self.model)

        @hookimpl
        def escalatie_agenda_text(self, model: EscalationModel, case: Case) -> str | None:
            asked.append(self.label)
            return f"{self.label}: {model.name}"

    other = attrs.evolve(test_model, name="andere-tafel")
    pm = make_plugin_manager(load_entrypoints=False)
    pm.register(Agenda("een", test_model), name="een")
    pm.register(Agenda("twee", other), name="twee")
    registry = Registry(pm)
    case = object()  # not read by these implementations
    hooks = registry.hooks
    assert hooks.agenda_text(registry.model("andere-tafel"), case) == "twee: andere-tafel"  # type: ignore[arg-type]
    assert hooks.agenda_text(registry.model("test-tafel"), case) == "een: test-tafel"  # type: ignore[arg-type]
    assert asked == ["twee", "een"]
    # A model of a plugin without the hook, or of no plugin at all: nobody is asked.
    assert not hooks.answers_for("escalatie_invitation_participants", registry.model("test-tafel"))
    assert hooks.agenda_text(attrs.evolve(test_model, plugin=""), case) is None  # type: ignore[arg-type]
    assert asked == ["twee", "een"]


def test_using_registry_puts_one_in_place_and_restores_the_previous() -> None:
    from escalatie.plugins import default_registry

    before = default_registry()
    mine = Registry(make_plugin_manager(load_entrypoints=False), env={})
    with using_registry(mine):
        assert default_registry() is mine
        with using_registry():
            fresh = default_registry()
            assert fresh is not mine and fresh is not before
        assert default_registry() is mine
    assert default_registry() is before


def test_the_plugin_system_does_not_import_the_command_line() -> None:
    """The registry learns the reserved command names from the CLI, not by importing it."""
    import ast
    import subprocess
    import sys
    from pathlib import Path

    import escalatie.plugins as module

    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    } | {a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
    assert not any(name.startswith("escalatie.cli") for name in imported)
    code = (
        "import sys; from escalatie.plugins import Registry, make_plugin_manager; "
        "Registry(make_plugin_manager()).commands; print('escalatie.cli' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
