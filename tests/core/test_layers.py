"""escalatie's modules import down the layers that docs/architecture.md lists (maintainer finding).

Each module of ``src/escalatie`` belongs to one layer (``LAYERS``, in the page's order, bottom
up). A module may import its own layer and the layers below it; an import of a higher layer is
allowed only when ``EXCEPTIONS`` lists it with the reason. Imports inside functions count (most
upward imports are lazy ones, made so for start-up, and still a dependency); imports for the
type checker alone (``if TYPE_CHECKING:``) do not, as they never run. A new upward import
fails here: move the code, or list it with its reason and say so on the page.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import escalatie

SOURCE = Path(escalatie.__file__).parent

LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "ground",
        (
            "escalatie",  # the package itself: __version__ and the front door's lazy names
            "escalatie.errors",
            "escalatie.naming",
            "escalatie.collector",
            "escalatie.timetext",
            "escalatie.clock",
            "escalatie.sources",
            "escalatie.validation",
            "escalatie.kinds",
            "escalatie.recurrence",
            "escalatie.recurrence_pattern",
            "escalatie.skipped_slot",
            "escalatie.dutch_holidays",
            "escalatie.core_settings",
            "escalatie.tomlfile",
            "escalatie.owner_only",
            "escalatie.userdirs",
            "escalatie.digest",
            "escalatie.secret",
            "escalatie.sealedstore",
            "escalatie.tomlcache",
            "escalatie.codecache",
            "escalatie.importindex",
        ),
    ),
    (
        "domain objects",
        (
            "escalatie.case",
            "escalatie.organisation",
            "escalatie.forum",
            "escalatie.routes",
            "escalatie.rules",
            "escalatie.model",
            "escalatie.learning",
            "escalatie.learning_policy",
            "escalatie.audiences",
            "escalatie.participants",
            "escalatie.examples",
            "escalatie.dutch",
            "escalatie.english",
        ),
    ),
    ("documents", ("escalatie.documents", "escalatie.schema", "escalatie.settings")),
    (
        "decisions",
        (
            "escalatie.triaging",
            "escalatie.safety",
            "escalatie.route_decision",
            "escalatie.predicates",
            "escalatie.deadlines",
            "escalatie.consent",
            "escalatie.schedule",
        ),
    ),
    (
        "plugins",
        (
            "escalatie.hookspecs",
            "escalatie.plugins",
            "escalatie.entrypoints",
            "escalatie.builtin",
            "escalatie.api",
        ),
    ),
    ("model files", ("escalatie.modelfile", "escalatie.modelcache")),
    ("privacy boundary", ("escalatie.privacy", "escalatie.neutralise", "escalatie.calendar.guard")),
    ("register", ("escalatie.register",)),
    (
        "outputs",
        ("escalatie.report", "escalatie.describe", "escalatie.calendar", "escalatie.zgw"),
    ),
    ("research", ("escalatie.research", "escalatie.testing")),
    ("command line", ("escalatie.cli", "escalatie.__main__", "escalatie.options")),
)

EXCEPTIONS: dict[tuple[str, str], str] = {
    ("escalatie.kinds", "escalatie.case"): (
        "the core's step kinds are StepKind's values; read at the first validation, not at import"
    ),
    ("escalatie.kinds", "escalatie.forum"): "the core's forum kinds are ForumKind's values",
    ("escalatie.kinds", "escalatie.plugins"): (
        "a kind is valid when an installed plugin or model file registers it (default registry)"
    ),
    ("escalatie.triaging", "escalatie.plugins"): (
        "triage takes the Registry to find the plugins' routes, predicates and rules"
    ),
    ("escalatie.route_decision", "escalatie.privacy"): (
        "a decision's free text is scrubbed of the case's identifiers before it is recorded"
    ),
    ("escalatie.route_decision", "escalatie.register.session"): (
        "a decision records who made it (recorded_by) when it is written to the register"
    ),
    ("escalatie.route_decision", "escalatie.register.checks"): (
        "a decision's free text is checked as the register's commands check theirs"
    ),
    ("escalatie.plugins", "escalatie.modelfile.catalog"): (
        "the registry loads the model files plugins and ESCALATIE_MODEL_PATH contribute, lazily"
    ),
    ("escalatie.plugins", "escalatie.modelfile.nameindex"): (
        "the registry names model files from the cached name index without compiling them"
    ),
    ("escalatie.plugins", "escalatie.modelfile.reading"): (
        "the registry reads a model file's TOML when a plugin hands it one"
    ),
    ("escalatie.plugins", "escalatie.modelfile.vocabulary"): (
        "the registry hands model files its vocabulary (kinds, predicates, routes) to name"
    ),
    ("escalatie.builtin.national_routes", "escalatie.modelfile.plugin"): (
        "the national routes are a bundled model file, found as a plugin's package data"
    ),
    ("escalatie.builtin.national_routes", "escalatie.modelcache"): (
        "the national routes file is compiled once and kept in the model cache"
    ),
    ("escalatie.register.views", "escalatie.calendar.agenda"): (
        "a question for a forum is worded as the invitation's agenda words it"
    ),
    ("escalatie.api", "escalatie.cli.common"): (
        "get_model and triage give a missing model file the CLI's hints, on the error path only"
    ),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in SOURCE.rglob("*.py")}


def layer(module: str) -> int:
    """The index in LAYERS of the layer whose longest prefix names ``module``."""
    best = (-1, -1)
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                best = max(best, (len(prefix), index))
    assert best[1] >= 0, f"{module} is in no layer: add it to LAYERS and docs/architecture.md"
    return best[1]


@functools.cache
def imported(name: str, path: Path) -> frozenset[str]:
    """The escalatie modules ``name`` imports anywhere in it (a name imported from a package
    is that package's module when there is one, else the package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
        for inner in ast.walk(node)
    }
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:  # for the type checker only, never run
            continue
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:
                full = f"{module}.{alias.name}"
                found.add(full if full in MODULES else module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return frozenset(
        m for m in found if m in MODULES and m != name and not name.startswith(m + ".")
    )


def upward_imports() -> set[tuple[str, str]]:
    return {
        (name, target)
        for name, path in MODULES.items()
        for target in imported(name, path)
        if layer(target) > layer(name)
    }


def test_every_module_is_in_a_layer() -> None:
    assert {"escalatie.cli.common", "escalatie.register.chain", "escalatie.kinds"} <= MODULES.keys()
    for name in MODULES:
        layer(name)


def test_modules_import_only_their_own_layer_or_below() -> None:
    unlisted = sorted(upward_imports() - EXCEPTIONS.keys())
    assert unlisted == [], "upward imports: " + ", ".join(
        f"{a} ({LAYERS[layer(a)][0]}) -> {b} ({LAYERS[layer(b)][0]})" for a, b in unlisted
    )


def test_every_listed_exception_still_exists() -> None:
    """An exception the code no longer needs is taken off the list (and the page)."""
    assert sorted(EXCEPTIONS.keys() - upward_imports()) == []


CYCLES: dict[frozenset[str], str] = {
    frozenset({"escalatie.modelfile.build", "escalatie.modelfile.load"}): (
        "build structures a file with load's converter (structure_spec) and raises its error;"
        " load.load_route_file compiles a route file through build"
    ),
    frozenset({"escalatie.testing.strategies", "escalatie.testing.hypothesis_hook"}): (
        "the hook's deferred strategy imports the strategies; the strategies module keeps the"
        " entry point that older installs name, which calls the hook's setup"
    ),
}
"""Modules that import each other (inside functions), each group with its reason."""

KNOTS: dict[str, str] = {
    "escalatie.kinds": (
        "a kind is valid when the core (case.StepKind, forum.ForumKind) or an installed plugin or"
        " model file (the default registry) declares it, so kinds.py imports them lazily, and"
        " every module that names a kind closes a cycle through it"
    ),
}
"""Modules whose own lazy imports close cycles through much of the code base. Their cycles are
accepted; with their imports left out, only ``CYCLES`` may remain."""


def components(graph: dict[str, frozenset[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(frozenset(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def import_graph(leave_out: frozenset[str] = frozenset()) -> dict[str, frozenset[str]]:
    return {
        name: frozenset() if name in leave_out else imported(name, path)
        for name, path in MODULES.items()
    }


def test_no_import_cycle_but_the_listed_ones() -> None:
    """An upward import is listed above, but a downward one can close a cycle with it unseen
    (model files once imported the registry's helpers while the registry imports model files):
    every cycle is listed here, with its reason, or fails."""
    cycles = components(import_graph(frozenset(KNOTS)))
    unlisted = sorted(sorted(group) for group in set(cycles) - CYCLES.keys())
    assert unlisted == [], f"import cycles not in CYCLES: {unlisted}"
    assert sorted(sorted(group) for group in CYCLES.keys() - set(cycles)) == []


def test_every_listed_knot_still_closes_a_cycle() -> None:
    cycles = components(import_graph())
    assert sorted(k for k in KNOTS if not any(k in group for group in cycles)) == []
