"""Standard-library modules a command imports only for one function stay off its start-up
(issue 16): ``pathlib`` (with ``urllib.parse`` and ``ipaddress``), ``locale`` (click's
``gettext``) and ``sysconfig`` (zoneinfo's search path).

Each command runs in a fresh process as a user runs it: the console script, and
:func:`escalatie.cli.run` called from a program, each a second time in a cache folder of its
own (warm caches, as every run but the first)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

OFF_THE_PATH = {"locale"}
"""Modules none of the three commands imports; ``--help`` translates click's texts, so it
imports ``locale`` (as click does)."""


def _off_the_path(label: str) -> set[str]:
    return OFF_THE_PATH - {"locale"} if label == "--help" else OFF_THE_PATH


def _script() -> Path:
    script = Path(sys.executable).with_name("escalatie")
    if not script.is_file():
        pytest.skip("the escalatie console script is not installed beside this interpreter")
    return script


def _imported_by_script(args: list[str], env: dict[str, str]) -> set[str]:
    """The modules the console script imports (``-X importtime`` names each one)."""
    command = [sys.executable, "-X", "importtime", str(_script()), *args]
    out = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    return {
        line.rpartition("|")[2].strip()
        for line in out.stderr.splitlines()
        if line.startswith("import time:")
    }


def _imported_by_run(args: list[str], env: dict[str, str]) -> set[str]:
    """The modules :func:`escalatie.cli.run` leaves in ``sys.modules`` after the command."""
    code = (
        "import sys\n"
        f"sys.argv[1:] = {args!r}\n"
        "from escalatie.cli import run\n"
        "try:\n    run()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print(' '.join(sys.modules), file=sys.stderr)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return set(out.stderr.split())


@pytest.fixture(scope="module")
def commands(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The three measured commands and an environment with a cache folder of its own."""
    folder = tmp_path_factory.mktemp("startup")
    settings = folder / "escalatie.toml"
    settings.touch()
    env = {
        **os.environ,
        "ESCALATIE_CONFIG": str(settings),
        "ESCALATIE_CACHE_DIR": str(folder / "cache"),
    }
    env.pop("PYTHONTZPATH", None)
    case = folder / "casus.json"
    subprocess.run(
        [sys.executable, "-m", "escalatie", "examples", "buurtteam-maatwerktafel", "-o", str(case)],
        env=env,
        check=True,
        capture_output=True,
    )
    triage = ["-m", "utrecht-maatwerktafel", "triage", str(case), "--at", "2026-03-02T08:00"]
    measured = {"triage": triage, "models": ["models"], "--help": ["--help"]}
    for args in measured.values():  # fills the caches, as any earlier run would
        subprocess.run(
            [sys.executable, "-m", "escalatie", *args], env=env, check=True, capture_output=True
        )
    return measured, env


@pytest.mark.parametrize("label", ["triage", "models", "--help"])
def test_the_console_script_imports_none_of_them(
    commands: tuple[dict[str, list[str]], dict[str, str]], label: str
) -> None:
    measured, env = commands
    found = _imported_by_script(measured[label], env)
    assert "escalatie.cli" in found
    assert found & _off_the_path(label) == set()


@pytest.mark.parametrize("label", ["triage", "models", "--help"])
def test_cli_run_imports_none_of_them(
    commands: tuple[dict[str, list[str]], dict[str, str]], label: str
) -> None:
    measured, env = commands
    found = _imported_by_run(measured[label], env)
    assert "escalatie.cli" in found
    assert found & _off_the_path(label) == set()


def test_help_options_are_translated_when_help_is_shown() -> None:
    """The help and version options' texts are click's messages through ``gettext``, as
    click words them, only read later: a translation installed for them is shown. (In a
    process of its own: an option keeps the text it translated.)"""
    code = """if True:
        import gettext
        translations = {
            "Show this message and exit.": "Toon deze hulp.",
            "Show the version and exit.": "Toon de versie.",
            "%(prog)s, version %(version)s": "%(prog)s versie %(version)s",
        }
        gettext.gettext = lambda message: translations.get(message, message)
        from click.testing import CliRunner
        from escalatie.cli import cli
        for args in (["--help"], ["triage", "--help"], ["--version"]):
            print(CliRunner().invoke(cli, args).output)
    """
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "  --version          Toon de versie." in out
    assert "  -h, --help         Toon deze hulp." in out
    assert out.count("Toon deze hulp.") == 2  # the group's and triage's
    from escalatie import __version__

    assert f"escalatie versie {__version__}" in out


def test_help_options_read_as_click_words_them() -> None:
    from escalatie import __version__
    from escalatie.cli import cli

    shown = CliRunner().invoke(cli, ["--help"]).output
    assert "  --version          Show the version and exit." in shown
    assert "  -h, --help         Show this message and exit." in shown
    for args in (["triage", "-h"], ["case", "--help"], ["case", "list", "-h"]):
        assert "  -h, --help" in CliRunner().invoke(cli, args).output
    assert CliRunner().invoke(cli, ["--version"]).output == f"escalatie, version {__version__}\n"
