"""The plugin manager: internal plugins, entry points, the env switch, conflicts, errors."""

from __future__ import annotations

from collections.abc import Callable

import pluggy
import pytest

from escalatie.errors import PluginConflict, UnknownModel
from escalatie.examples import ExampleCase
from escalatie.hookspecs import hookimpl
from escalatie.model import EscalationModel
from escalatie.plugins import INTERNAL_PLUGINS, Registry, make_plugin_manager, unknown_message
from escalatie.routes import OnwardRoute, RouteKind
from escalatie.sources import seed

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

    from escalatie import plugins
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
    plugins._default = registry
    try:
        result = CliRunner().invoke(cli, ["wegwerp-rapport"])
        assert (result.exit_code, result.output) == (0, "rapport van de wegwerp-plugin\n")
        listed = CliRunner().invoke(cli, ["plugins", "--json"])
        rows = {r["name"]: r for r in __import__("json").loads(listed.output)}
        assert rows["wegwerp"]["commands"] == ["wegwerp-rapport"]
    finally:
        plugins._default = None


def test_a_plugin_may_not_replace_a_core_command() -> None:
    import click

    class Hijack:
        @hookimpl
        def escalatie_register_commands(self, register: Callable[[click.Command], None]) -> None:
            register(click.Command("triage"))

    pm = make_plugin_manager(load_entrypoints=False)
    pm.register(Hijack(), name="hijack")
    with pytest.raises(PluginConflict, match="command 'triage': a plugin may not replace"):
        _ = Registry(pm).commands


def test_env_switch_naming_an_unknown_plugin_is_an_error() -> None:
    from escalatie.errors import EscalatieError

    with pytest.raises(
        EscalatieError, match=r"unknown plugin 'utrech' \(did you mean 'utrecht'\?\)"
    ):
        make_plugin_manager(env={"ESCALATIE_PLUGINS": "utrech"})
    with pytest.raises(EscalatieError, match=r"unknown plugin 'nope'.*\(from ESCALATIE_PLUGINS\)"):
        make_plugin_manager(env={"ESCALATIE_PLUGINS": "-nope"})
