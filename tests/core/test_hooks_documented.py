"""Every hook is documented (with each argument) and has a test named after it."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from escalatie import hookspecs

ROOT = Path(__file__).resolve().parents[2]
HOOK_DOCS = ROOT / "docs" / "hooks.md"


def _hooks() -> dict[str, list[str]]:
    return {
        name: list(inspect.signature(fn).parameters)
        for name, fn in vars(hookspecs).items()
        if name.startswith("escalatie_") and callable(fn)
    }


def test_there_are_hooks() -> None:
    assert len(_hooks()) >= 4


def test_every_hook_has_a_docstring_naming_its_arguments() -> None:
    for name, args in _hooks().items():
        doc = inspect.getdoc(getattr(hookspecs, name)) or ""
        assert doc, f"{name} has no docstring"
        for arg in args:
            assert f":param {arg}:" in doc, f"{name}: argument {arg} undocumented in its docstring"


def test_every_hook_has_a_section_in_the_hook_reference() -> None:
    text = HOOK_DOCS.read_text(encoding="utf-8")
    headings = re.findall(r"^### `(\w+)\(([^)]*)\)`", text, flags=re.MULTILINE)
    documented = {
        name: [a.strip() for a in args.split(",") if a.strip()] for name, args in headings
    }
    for name, args in _hooks().items():
        assert name in documented, f"{name} is not documented in docs/hooks.md"
        assert documented[name] == args, f"{name}: docs list {documented[name]}, hook takes {args}"
        section = text.split(f"### `{name}(", 1)[1].split("\n### ", 1)[0]
        for arg in args:
            assert f"`{arg}`" in section, f"{name}: argument {arg} not described in docs/hooks.md"


def test_every_hook_has_a_test() -> None:
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("test_*.py"))
    for name in _hooks():
        assert f"def test_hook_{name}" in sources, f"no test_hook_{name} in tests/"
