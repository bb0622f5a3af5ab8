"""Standard-library modules a command imports only for one function stay off its start-up
(issue 16): ``pathlib`` (with ``urllib.parse`` and ``ipaddress``), ``locale`` (click's
``gettext``) and ``sysconfig`` (zoneinfo's search path).

Each command runs in a fresh process as a user runs it: the console script, and
:func:`escalatie.cli.run` called from a program, each a second time in a cache folder of its
own (warm caches, as every run but the first)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

OFF_THE_PATH = {"pathlib", "urllib.parse", "ipaddress", "locale"}
"""Modules none of the three commands imports; ``--help`` translates click's texts, so it
imports ``locale`` (as click does). ``sysconfig`` itself is imported with ``zoneinfo``, its
build configuration is not (:func:`_build_configuration`)."""


def _off_the_path(label: str) -> set[str]:
    return OFF_THE_PATH - {"locale"} if label == "--help" else OFF_THE_PATH


def _build_configuration(found: set[str]) -> set[str]:
    """The interpreter's build configuration (``sysconfig``'s data), if loaded."""
    return {name for name in found if name.startswith("_sysconfigdata")}


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
    """The modules :func:`escalatie.cli.run` leaves in ``sys.modules`` after the command (read
    by an exit handler registered before it: a command that ends quickly ends the process in
    :func:`~escalatie.cli.run` once every exit handler has run)."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(' '.join(sys.modules), file=sys.stderr))\n"
        f"sys.argv[1:] = {args!r}\n"
        "from escalatie.cli import run\n"
        "try:\n    run()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
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
    assert _build_configuration(found) == set()


@pytest.mark.parametrize("label", ["triage", "models", "--help"])
def test_cli_run_imports_none_of_them(
    commands: tuple[dict[str, list[str]], dict[str, str]], label: str
) -> None:
    measured, env = commands
    found = _imported_by_run(measured[label], env)
    assert "escalatie.cli" in found
    assert found & _off_the_path(label) == set()
    assert _build_configuration(found) == set()


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


_ZONE_PROBE = """if True:
    import os, sys
    from escalatie import collector
    collector.take_over()
    from escalatie.clock import AMSTERDAM
    import zoneinfo
    from datetime import datetime
    offsets = [str(datetime(2026, m, 1, 12, tzinfo=AMSTERDAM).utcoffset()) for m in (1, 7)]
    data = [m for m in sys.modules if m.startswith("_sysconfigdata")]
    print(repr((zoneinfo.TZPATH, offsets, data, os.environ.get("PYTHONTZPATH"))))
"""


def _zone_probe(env: dict[str, str]) -> tuple[tuple[str, ...], list[str], list[str], str | None]:
    out = subprocess.run(
        [sys.executable, "-c", _ZONE_PROBE], capture_output=True, text=True, env=env, check=True
    )
    found: tuple[tuple[str, ...], list[str], list[str], str | None] = ast.literal_eval(out.stdout)
    return found


def test_zoneinfo_s_search_path_is_the_interpreter_s_own(tmp_path: Path) -> None:
    """The console script's process gives zoneinfo the search path ``sysconfig`` gives it,
    from the cache folder after the first run, without loading the build configuration; the
    variable is gone again afterwards. A changed build configuration is read again."""
    config = tmp_path / "config"
    config.mkdir()
    data = config / "_sysconfigdata_escalatie_test.py"
    data.write_text("build_time_vars = {'TZPATH': '/nowhere/one:/nowhere/two'}\n")
    settings = tmp_path / "escalatie.toml"
    settings.touch()
    env = {
        **os.environ,
        "ESCALATIE_CONFIG": str(settings),
        "ESCALATIE_CACHE_DIR": str(tmp_path / "cache"),
        "ESCALATIE_PSEUDONYM_KEY": "ab" * 32,
        "PYTHONPATH": os.pathsep.join([str(config), os.environ.get("PYTHONPATH", "")]),
        "_PYTHON_SYSCONFIGDATA_NAME": data.stem,
    }
    env.pop("PYTHONTZPATH", None)
    first, second = _zone_probe(env), _zone_probe(env)
    winter_summer = ["1:00:00", "2:00:00"]  # from the tzdata package: no such folders
    assert first == (("/nowhere/one", "/nowhere/two"), winter_summer, [data.stem], None)
    assert second == (("/nowhere/one", "/nowhere/two"), winter_summer, [], None)
    data.write_text("build_time_vars = {'TZPATH': '/nowhere/three'}\n")
    assert _zone_probe(env)[:3] == (("/nowhere/three",), winter_summer, [data.stem])
    assert _zone_probe(env)[:3] == (("/nowhere/three",), winter_summer, [])


def test_a_search_path_the_user_sets_is_zoneinfo_s(tmp_path: Path) -> None:
    import zoneinfo

    settings = tmp_path / "escalatie.toml"
    settings.touch()
    env = {
        **os.environ,
        "ESCALATIE_CONFIG": str(settings),
        "ESCALATIE_CACHE_DIR": str(tmp_path / "cache"),
        "PYTHONTZPATH": os.pathsep.join(zoneinfo.TZPATH[:1]),
    }
    for _ in range(2):
        assert _zone_probe(env)[0] == zoneinfo.TZPATH[:1]
        assert _zone_probe(env)[3] == env["PYTHONTZPATH"]


def test_a_key_file_others_may_read_is_warned_about_once(tmp_path: Path) -> None:
    """Every cache asks for a key of its own: one warning line for the key file, not one per
    cache (and so none more for the time-zone search path's cache)."""
    config = tmp_path / "config" / "escalatie"
    config.mkdir(parents=True)
    key = config / "pseudonym.key"
    key.write_text("ab" * 32 + "\n")
    key.chmod(0o644)
    (config / "escalatie.toml").touch()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ESCALATIE_")}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "config"), ESCALATIE_CACHE_DIR=str(tmp_path / "c"))
    case = tmp_path / "casus.json"
    run = [sys.executable, "-m", "escalatie"]
    subprocess.run(
        [*run, "examples", "buurtteam-maatwerktafel", "-o", str(case)], env=env, check=True
    )
    triage = [*run, "-m", "utrecht-maatwerktafel", "triage", str(case), "--at", "2026-03-02T08:00"]
    for _ in range(2):  # cold caches, then warm ones
        done = subprocess.run(triage, env=env, capture_output=True, text=True, check=True)
        assert done.stderr.splitlines() == [
            f"warning: {key}: the pseudonym key is readable by others (mode 0644); "
            f"make it owner-only: chmod 600 {key}"
        ]
