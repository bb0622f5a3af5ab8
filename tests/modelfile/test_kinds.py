"""Step and forum kinds of one municipality live in its plugin, not in the core's enums."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from escalatie import plugins
from escalatie.case import Case, StepKind
from escalatie.documents import structure
from escalatie.errors import InvalidDocument, PluginConflict
from escalatie.forum import ForumKind
from escalatie.hookspecs import hookimpl
from escalatie.kinds import Kind
from escalatie.plugins import Registry, make_plugin_manager

CASE = {
    "reference": "K-1",
    "age": 12,
    "question": "Welke hulp past?",
    "domains": [{"kind": "care", "question": "Hulp loopt vast."}],
    "submitter": {"role": "parent"},
    "prior_steps": [{"kind": "platform", "by": "platform casuïstiek", "resolved": False}],
}


@pytest.fixture
def default_registry_of(
    escalatie_use_registry: Callable[[Registry | None], None],
) -> Callable[[plugins.PluginManager], Registry]:
    """Make the process-wide registry (which case validation consults) one of the test's."""

    def use(pm: plugins.PluginManager) -> Registry:
        registry = Registry(pm, env={})
        escalatie_use_registry(registry)
        return registry

    return use


def test_the_core_enums_hold_only_what_every_municipality_knows() -> None:
    assert {"maatwerk_telefoon", "expertpool_advice", "platform"}.isdisjoint(
        {k.value for k in StepKind}
    )
    assert "platform" not in {k.value for k in ForumKind}


def test_a_plugin_kind_validates_with_the_plugin_installed(default_registry_of) -> None:
    from escalatie_examples.plugin import hlt

    pm = make_plugin_manager(load_entrypoints=False)
    pm.register(hlt, name="hlt")
    default_registry_of(pm)
    case = structure(CASE, Case)
    assert case.prior_steps[0].kind == "platform"


def test_a_plugin_kind_is_refused_without_the_plugin(default_registry_of) -> None:
    default_registry_of(make_plugin_manager(load_entrypoints=False))
    with pytest.raises(InvalidDocument) as info:
        structure(CASE, Case)
    (problem,) = info.value.problems
    assert problem.startswith("$.prior_steps[0].kind: unknown step kind 'platform': a kind of")
    assert "a kind of one municipality needs the plugin that registers it" in problem


def test_hook_escalatie_register_step_kinds(default_registry_of) -> None:
    class Kinds:
        @hookimpl
        def escalatie_register_step_kinds(self, register: Callable[[Kind], None]) -> None:
            register(Kind("wijkoverleg", "A district consultation (Zuiderveen policy, art. 2)."))

    pm = make_plugin_manager(load_entrypoints=False)
    pm.register(Kinds(), name="zuiderveen")
    registry = default_registry_of(pm)
    assert list(registry.step_kinds) == ["wijkoverleg"]
    data = {**CASE, "prior_steps": [{"kind": "wijkoverleg", "by": "wijkteam"}]}
    assert structure(data, Case).prior_steps[0].kind == "wijkoverleg"

    class Clash:
        @hookimpl
        def escalatie_register_step_kinds(self, register: Callable[[Kind], None]) -> None:
            register(Kind("table", "d"))

    pm.register(Clash(), name="clash")
    with pytest.raises(PluginConflict, match="step kind 'table': the core has it already"):
        _ = Registry(pm, env={}).step_kinds


def test_hook_escalatie_register_forum_kinds(starter_file) -> None:
    class Kinds:
        @hookimpl
        def escalatie_register_forum_kinds(self, register: Callable[[Kind], None]) -> None:
            register(Kind("werkplaats", "A learning workshop (Zeewolde policy)."))

    text = starter_file.read_text(encoding="utf-8").replace('kind = "table"', 'kind = "werkplaats"')
    starter_file.write_text(text, encoding="utf-8")
    pm = make_plugin_manager(load_entrypoints=False)
    pm.register(Kinds(), name="zeewolde")
    registry = Registry(pm, env={})
    assert registry.model(str(starter_file)).forum("tafel").kind == "werkplaats"
    assert registry.model(str(starter_file)).forum_kind == "werkplaats"


def test_model_files_declare_their_kinds(registry) -> None:
    assert "expertpool_advice" in registry.step_kinds
    assert "platform" in registry.step_kinds and "platform" in registry.forum_kinds
    assert registry.model("hlt-ontschotter").forum_kind == "platform"
    assert "maatwerk_telefoon" in registry.step_kinds
