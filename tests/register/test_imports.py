"""The register's modules import one another one way: no cycle (maintainer finding).

A module that imported the package (``from escalatie.register import chain``) depended on its
``__init__``, which imports ``register`` and ``session``, which import ``chain``: register ->
chain -> rowseal -> session went round. Imports inside functions count too (the audit chain
asked the store for its error, the store's migrations ask the chain for its seal); imports
for the type checker alone (``if TYPE_CHECKING:``) do not, as they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import escalatie

PACKAGE = "escalatie.register"
SOURCE = Path(escalatie.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Each module of the package and the modules of the package it imports, anywhere in it
    (``from escalatie.register import x`` names the package and, for a module ``x``, ``x``)."""
    modules = {module_name(p): p for p in (SOURCE / "register").rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if id(node) in typing_only:  # for the type checker only, never run
                continue
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module in modules:
                    found.add(node.module)
                found |= {f"{node.module}.{a.name}" for a in node.names} & modules.keys()
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names} & modules.keys()
        graph[name] = found - {name}
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of ``graph`` (its modules in order, the first again at the end), or []."""
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    path: list[str] = []

    def walk(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        path.pop()
        state[node] = 2
        return []

    for start in sorted(graph):
        if start not in state and (found := walk(start)):
            return found
    return []


def test_the_register_package_imports_one_way() -> None:
    graph = imports()
    assert {"escalatie.register.chain", "escalatie.register.session"} <= graph.keys()
    assert cycle(graph) == [], " -> ".join(cycle(graph))


def test_the_cycle_finder_finds_one() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycle(graph) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) == []
