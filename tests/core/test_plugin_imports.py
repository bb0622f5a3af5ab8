"""The bundled plugins import escalatie's public plugin surface, and only the listed rest.

``escalatie_utrecht`` and ``escalatie_examples`` are plugins like a municipality's own: they
import the surface ``docs/plugin-guide.md`` ("What a plugin imports") names as public
(``PUBLIC``). A core module beyond it is imported only where ``EXCEPTIONS`` lists it with the
reason; a listed one the plugins no longer need fails too, so the list stays true. Imports for
the type checker alone count: a plugin's annotations break as well when a module moves.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
from pathlib import Path

import escalatie

SOURCE = Path(escalatie.__file__).parent.parent
PLUGINS = ("escalatie_utrecht", "escalatie_examples")

PUBLIC = frozenset(
    {
        "escalatie",  # the front door: get_model, triage, Case, TriageResult
        "escalatie.api",
        "escalatie.errors",  # stable error classes (docs/api.md, "What is stable")
    }
)

EXCEPTIONS: dict[tuple[str, str], str] = {
    ("escalatie_utrecht", "escalatie.settings"): (
        "the [utrecht] table is structured by the settings file's converter"
        " (settings.structure), so its errors read as the core tables' do; api.read_settings"
        " reads a table but does not check one already read"
    ),
    ("escalatie_utrecht", "escalatie.clock"): (
        "clock.local: a meeting moment in Europe/Amsterdam, in the commission's Dutch texts"
    ),
    ("escalatie_utrecht", "escalatie.documents"): (
        "the plugin's own documents (placement requests, contracts, decisions in the register)"
        " are read with the core's strict converter, so errors name the JSON path"
    ),
    ("escalatie_examples", "escalatie.documents"): (
        "the example cases are package data, read with the strict converter (parse_json,"
        " structure); api.load_case takes a path or a mapping, not a resource's text"
    ),
    ("escalatie_utrecht", "escalatie.dutch"): (
        "counts and amounts worded in Dutch as the core words them (the commission, seed 003)"
    ),
    ("escalatie_utrecht", "escalatie.english"): (
        "WEEKDAYS: the [utrecht] rotation's weekday names, read as the core's cadences read them"
    ),
    ("escalatie_utrecht", "escalatie.forum"): (
        "CadenceError: a rotation's cadence is refused with the forum cadence's own error"
    ),
    ("escalatie_utrecht", "escalatie.kinds"): (
        "Kind, at run time: the step-kinds hook runs at every model lookup, and escalatie.api"
        " would import triaging with it (describe and model check do not triage; issue 16)"
    ),
    ("escalatie_utrecht", "escalatie.hookspecs"): (
        "hookimpl at import: escalatie.api would import triage's modules with every plugin"
        " loaded at start-up (issue 16); the same marker as escalatie.api.hookimpl"
    ),
    ("escalatie_examples", "escalatie.hookspecs"): (
        "hookimpl at import: escalatie.api would import triage's modules with every plugin"
        " loaded at start-up (issue 16); the same marker as escalatie.api.hookimpl"
    ),
    ("escalatie_utrecht", "escalatie.modelfile.plugin"): (
        "package_files: the model files as plain paths, without importlib.resources' zipfile"
        " or pathlib at start-up (issue 16); a third-party plugin uses escalatie.api.ModelFiles"
    ),
    ("escalatie_examples", "escalatie.modelfile.plugin"): (
        "ModelFiles at import, for the reason hookimpl is (also escalatie.api.ModelFiles)"
    ),
    ("escalatie_utrecht", "escalatie.learning"): (
        "Agreement: Utrecht's agreements policy checks the learning agreements of the core"
    ),
    ("escalatie_utrecht", "escalatie.modelfile.load"): (
        "Readable (type only): what the model-file hook hands over"
    ),
    ("escalatie_utrecht", "escalatie.predicates"): (
        "ParameterError: a predicate's parameter refused as the core's predicates refuse one"
    ),
    ("escalatie_utrecht", "escalatie.privacy"): (
        "pseudonymise: the invitation's participants are chosen from the pseudonymised case"
    ),
    ("escalatie_utrecht", "escalatie.register.events"): (
        "EventKind.COMMISSION_DECIDED: the commission's decision is a core register event"
    ),
    ("escalatie_utrecht", "escalatie.route_decision"): (
        "contact_point_remarks: Utrecht's override remarks extend the core's (seed 001)"
    ),
    ("escalatie_utrecht", "escalatie.rules"): "Test (type only): what a predicate builds",
    ("escalatie_utrecht", "escalatie.validation"): (
        "FieldError, aware, non_empty: the plugin's attrs classes name the field as the core's do"
    ),
    ("escalatie_examples", "escalatie.sources"): (
        "Source: the example cases' citations, typed (seed itself is in escalatie.api)"
    ),
}


@functools.cache
def is_module(name: str) -> bool:
    """Whether ``name`` is a module of escalatie (not a name defined in one)."""
    if name.split(".")[0] != "escalatie":
        return False
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def core_imports() -> dict[tuple[str, str], list[str]]:
    """(plugin, core module) -> where it is imported (file:line). ``from escalatie import x``
    counts as ``escalatie.x`` when that is a module."""
    found: dict[tuple[str, str], list[str]] = {}
    for plugin in PLUGINS:
        for path in sorted((SOURCE / plugin).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    modules = [
                        f"{node.module}.{a.name}"
                        if is_module(f"{node.module}.{a.name}")
                        else node.module
                        for a in node.names
                    ]
                elif isinstance(node, ast.Import):
                    modules = [a.name for a in node.names]
                else:
                    continue
                for module in modules:
                    if module.split(".")[0] == "escalatie":
                        where = f"{path.relative_to(SOURCE)}:{node.lineno}"
                        found.setdefault((plugin, module), []).append(where)
    return found


def test_the_bundled_plugins_import_the_public_surface_or_a_listed_module() -> None:
    unlisted = {
        key: where
        for key, where in core_imports().items()
        if key[1] not in PUBLIC and key not in EXCEPTIONS
    }
    assert unlisted == {}, "bundled plugins import internal modules: " + "; ".join(
        f"{plugin} -> {module} ({', '.join(where)})" for (plugin, module), where in unlisted.items()
    )


def test_every_listed_exception_is_still_needed() -> None:
    assert sorted(EXCEPTIONS.keys() - core_imports().keys()) == []


def test_the_public_modules_exist() -> None:
    assert all(is_module(name) for name in PUBLIC)
