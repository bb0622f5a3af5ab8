"""``escalatie.api`` is the plugin author's one module: the docs and the example plugin import
only from it, every name they use is in its ``__all__``, and its names load on first use."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

import escalatie.api

ROOT = Path(__file__).resolve().parents[2]
GUIDES = [ROOT / "docs" / "plugin-guide.md", ROOT / "docs" / "hooks.md"]
EXAMPLE = ROOT / "examples" / "escalatie-zuiderveen"

INTERNAL_MENTIONS = {
    "escalatie.sources.SEEDS": "a document a pull request adds to the core, not an import",
    "escalatie.plugins.Hooks": "the core's typed facade over pm.hook, named to explain it",
    "escalatie.builtin.routes": "the core's internal plugins, named as examples",
    "escalatie.builtin.national_routes": "the core's internal plugins, named as examples",
    "escalatie.safety": "where the core's safety-first rule lives, named as its source",
    "escalatie.toml": "the settings file's name, not a module",
}
"""Dotted names the guides mention that are not for a plugin to import, and why."""

EXPORTED = set(escalatie.api.__all__)


def _python_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, re.S)


def _imports(source: str) -> list[tuple[str, list[str]]]:
    """(module, names) of every import in ``source``."""
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module is not None:
            found.append((node.module, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
    return found


def _ours(module: str) -> bool:
    """A module of the escalatie package (``escalatie_zuiderveen`` is the plugin's own)."""
    return module == "escalatie" or module.startswith("escalatie.")


def test_every_name_is_there_once_and_resolves() -> None:
    names = escalatie.api.__all__
    assert len(names) == len(set(names))
    for name in names:
        assert getattr(escalatie.api, name) is not None, name
    with pytest.raises(AttributeError, match="has no attribute 'Compiler'"):
        _ = escalatie.api.Compiler


@pytest.mark.parametrize("page", GUIDES, ids=lambda p: p.name)
def test_the_guides_import_only_from_the_api_and_only_what_it_exports(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    used: set[str] = set()
    for block in _python_blocks(text):
        for module, names in _imports(block):
            if _ours(module):
                assert module == "escalatie.api", f"{page.name}: imports from {module}"
                used.update(names)
    used.update(re.findall(r"`escalatie\.api\.(\w+)", text))
    assert used, page.name
    assert used <= EXPORTED, sorted(used - EXPORTED)


@pytest.mark.parametrize("page", GUIDES, ids=lambda p: p.name)
def test_the_guides_name_no_internal_module_for_a_plugin_to_use(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    mentioned = set(re.findall(r"escalatie(?:\.[a-z_]+)+(?:\.[A-Za-z_]\w*)?", text))
    internal = {
        m for m in mentioned if not m.startswith("escalatie.api") and m != "escalatie.hookimpl"
    }
    assert internal <= set(INTERNAL_MENTIONS), sorted(internal - set(INTERNAL_MENTIONS))


def test_the_api_page_lists_exactly_the_surface() -> None:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    section = text.split("## For plugin authors: `escalatie.api`")[1].split("\n## ")[0]
    table = "\n".join(line for line in section.splitlines() if line.startswith("| "))
    listed = {name for name in re.findall(r"`(\w+)`", table) if name != "names"}
    assert listed - {"rules"} == EXPORTED


def test_the_example_plugin_imports_only_from_the_api() -> None:
    files = sorted((EXAMPLE / "src").rglob("*.py")) + sorted((EXAMPLE / "tests").rglob("*.py"))
    assert len(files) >= 3
    for file in files:
        modules = [m for m, _ in _imports(file.read_text(encoding="utf-8")) if _ours(m)]
        assert all(m == "escalatie.api" for m in modules), (file.name, modules)
    plugin = (EXAMPLE / "src" / "escalatie_zuiderveen" / "plugin.py").read_text(encoding="utf-8")
    assert "from escalatie.api import (" in plugin


def test_the_names_load_on_first_use() -> None:
    """``import escalatie.api`` (and so ``escalatie.get_model``) imports none of the modules
    only some names need; asking for a name imports its module."""
    code = (
        "import sys, escalatie.api\n"
        "lazy = ['escalatie.privacy', 'escalatie.participants', 'escalatie.examples',\n"
        "        'escalatie.modelfile.plugin', 'escalatie.predicates', 'escalatie.settings']\n"
        "print(','.join(m for m in lazy if m in sys.modules))\n"
        "from escalatie.api import ModelFiles\n"
        "print('escalatie.modelfile.plugin' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "\nTrue\n", out.stdout + out.stderr


def test_the_changelog_the_api_page_promises() -> None:
    """docs/api.md promises a note in CHANGELOG.md for a change to a stable name: the file
    keeps an Unreleased section and one for the version the package says it is."""
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "(../CHANGELOG.md)" in (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", changelog, re.M)
    assert headings[0] == "Unreleased"
    assert any(h.startswith(f"{escalatie.__version__} - ") for h in headings[1:])
    assert "`escalatie.api`" in changelog.split("\n## ")[1]


def _module_tree(module: object) -> ast.Module:
    return ast.parse(Path(str(getattr(module, "__file__", ""))).read_text(encoding="utf-8"))


def _typing_imports(tree: ast.Module) -> set[tuple[str, str, str]]:
    """(module, attribute, name) of each import under the module's ``if TYPE_CHECKING:``."""
    found: set[tuple[str, str, str]] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for sub in node.body:
                if isinstance(sub, ast.ImportFrom) and sub.module != "typing":
                    found |= {(str(sub.module), a.name, a.asname or a.name) for a in sub.names}
    return found


def _own_names(tree: ast.Module) -> set[str]:
    """The names a module binds at its top level, outside ``if`` blocks."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.ImportFrom):
            names |= {a.asname or a.name for a in node.names}
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def _getattr_hidden_from_checkers(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.If)
        and ast.unparse(node.test) == "not TYPE_CHECKING"
        and any(isinstance(s, ast.FunctionDef) and s.name == "__getattr__" for s in node.body)
        for node in tree.body
    )


def test_the_api_lists_agree() -> None:
    """``__all__`` (what is exported), ``_LAZY`` (where a name loads from when running) and the
    ``TYPE_CHECKING`` imports (where type checkers find it) name the same things, so a type
    checker sees each name's real type (maintainer review: every name was ``Any``)."""
    api = escalatie.api
    tree = _module_tree(api)
    lazy = api._LAZY
    assert _typing_imports(tree) == {(m, attr, name) for name, (m, attr) in lazy.items()}
    own = _own_names(tree) & EXPORTED
    assert not own & set(lazy), own & set(lazy)
    assert set(api.__all__) == own | set(lazy) and len(api.__all__) == len(EXPORTED)
    assert _getattr_hidden_from_checkers(tree)


def test_the_front_door_lists_agree() -> None:
    """The package root keeps the same three lists for its eight names."""
    tree = _module_tree(escalatie)
    lazy = escalatie._LAZY
    assert _typing_imports(tree) == {(m, name, name) for name, m in lazy.items()}
    assert set(escalatie.__all__) == {*lazy, "__version__"}
    assert _getattr_hidden_from_checkers(tree)
