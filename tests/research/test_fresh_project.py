"""A researcher's fresh project: the docs' test file passes as written, the fixtures are listed.

Each test runs pytest in a subprocess, in an empty folder with no conftest.py and no settings:
only what installing escalatie brings (the ``pytest11`` plugin, the ``hypothesis`` entry point
and hypothesis's own defaults, deadline included) is in play, as in a researcher's project.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from escalatie.plugins import Registry, make_plugin_manager

ROOT = Path(__file__).resolve().parents[2]


def docs_test_file() -> str:
    """The Python block under "A test file of your own" in docs/testing.md."""
    docs = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    section = docs.split("## A test file of your own", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match is not None
    return match.group(1)


def pytest_in(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("HYPOTHESIS", "PYTEST", "ESCALATIE"))
    }
    env["XDG_CONFIG_HOME"] = str(folder / ".config")  # a pseudonym key, if made, stays here
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.mark.slow  # pytest inside pytest: about 30 s; CI runs it with `-m slow`
def test_the_docs_test_file_passes_in_an_empty_project(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_my_models.py").write_text(docs_test_file(), encoding="utf-8")
    done = pytest_in(tmp_path, "-q")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    models = len(Registry(make_plugin_manager(env={})).models)
    assert f"{models + 2} passed" in done.stdout
    assert "DeadlineExceeded" not in done.stdout and "FailedHealthCheck" not in done.stdout
    assert not list(tmp_path.rglob("conftest.py"))


@pytest.mark.slow  # pytest inside pytest
def test_the_fixtures_are_listed_with_their_docstrings(tmp_path: Path) -> None:
    (tmp_path / "test_nothing.py").write_text("def test_nothing() -> None:\n    pass\n")
    done = pytest_in(tmp_path, "--fixtures")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    listing = done.stdout.split("fixtures defined from escalatie.testing.pytest_plugin", 1)[1]
    for name, doc in (
        ("escalatie_model", "Each installed escalation model in turn"),
        ("escalatie_registry", "A fresh registry over a fresh plugin manager"),
        ("escalatie_plugin", "register(plugin, *more, name=None)"),
    ):
        assert re.search(rf"^{name}\b", listing, re.MULTILINE), name
        assert doc in listing, name


def test_the_pytest_plugin_is_registered_through_its_entry_point() -> None:
    plugins = {ep.name: ep.value for ep in entry_points(group="pytest11")}
    assert plugins.get("escalatie") == "escalatie.testing.pytest_plugin"
    hooks = {ep.name: ep.value for ep in entry_points(group="hypothesis")}
    assert hooks.get("escalatie") == "escalatie.testing.hypothesis_hook:setup"


def test_the_strategies_import_before_hypothesis() -> None:
    # isort puts `escalatie` before `hypothesis`: the entry point must not need the strategies.
    code = "import escalatie.testing.strategies as s; print(type(s.cases()).__name__)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
