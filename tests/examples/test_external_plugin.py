"""The external Zuiderveen plugin, installed into a fresh virtual environment, offline.

The new environment sees escalatie and its dependencies without downloading anything: through
``--system-site-packages`` when the tests run on a base interpreter, and through a ``.pth``
file that adds this interpreter's site-packages when they run inside a virtual environment
(a venv made from a venv only sees the *base* interpreter's packages). The package is built
with ``--no-build-isolation --no-index`` from a copy, so the repository stays clean.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "examples" / "escalatie-zuiderveen"


def _run(python: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(python), *args], capture_output=True, text=True, env=env, timeout=180, check=False
    )


@pytest.fixture(scope="module")
def zuiderveen_env(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """A fresh venv with the Zuiderveen package installed: (python, package copy, env)."""
    root = tmp_path_factory.mktemp("zuiderveen")
    target = root / "venv"
    try:
        venv.EnvBuilder(system_site_packages=True, with_pip=False).create(target)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot create a virtual environment here: {exc}")
    python = target / ("Scripts" if os.name == "nt" else "bin") / "python"
    if sys.prefix != sys.base_prefix:
        purelib = _run(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", env={}
        ).stdout.strip()
        lines = [f"import site; site.addsitedir({p!r})" for p in site.getsitepackages()]
        Path(purelib, "_escalatie_dev_env.pth").write_text("\n".join(lines) + "\n")
    copy = root / "escalatie-zuiderveen"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    env = {k: v for k, v in os.environ.items() if k not in {"ESCALATIE_PLUGINS", "PYTHONPATH"}}
    settings = root / "empty-settings.toml"
    settings.write_text("", encoding="utf-8")
    env["ESCALATIE_CONFIG"] = str(settings)
    env["PIP_NO_INDEX"] = "1"
    installed = _run(
        python,
        "-m",
        "pip",
        "install",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "--disable-pip-version-check",
        str(copy),
        env=env,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return python, copy, env


def test_model_listed_through_the_entry_point(zuiderveen_env):
    python, _, env = zuiderveen_env
    result = _run(python, "-m", "escalatie", "models", "--json", env=env)
    assert result.returncode == 0, result.stderr
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["zuiderveen-wijktafel"]["plugin"] == "zuiderveen"
    assert rows["zuiderveen-wijktafel"]["forum_kind"] == "table"


def test_case_triaged_by_the_plugin_model(zuiderveen_env):
    python, copy, env = zuiderveen_env
    case = copy / "cases" / "voorbeeld.json"
    result = _run(
        python,
        "-m",
        "escalatie",
        "-m",
        "zuiderveen-wijktafel",
        "triage",
        str(case),
        "--at",
        "2026-03-02T08:00",
        "--json",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["model"] == "zuiderveen-wijktafel"
    assert data["route"] == "wijktafel" and data["ready"]
    assert data["next_meeting"].startswith("2026-03-05T13:00")


def test_plugin_can_be_blocked_with_the_environment_switch(zuiderveen_env):
    python, _, env = zuiderveen_env
    blocked = _run(
        python,
        "-m",
        "escalatie",
        "models",
        "--json",
        env={**env, "ESCALATIE_PLUGINS": "-zuiderveen"},
    )
    assert blocked.returncode == 0, blocked.stderr
    assert "zuiderveen-wijktafel" not in {row["name"] for row in json.loads(blocked.stdout)}


def test_the_tutorial_tests_of_the_package_pass(zuiderveen_env):
    python, copy, env = zuiderveen_env
    result = _run(
        python, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(copy / "tests"), env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr
