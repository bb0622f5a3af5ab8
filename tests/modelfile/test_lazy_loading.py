"""Models are compiled when first asked for (issue 16): ``-m NAME`` compiles that file alone
(and what it extends, as data) plus the files that declare the routes it needs, so a broken
model file fails only the commands that use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from escalatie.clock import AMSTERDAM
from escalatie.errors import PluginConflict, UnknownModel
from escalatie.hookspecs import hookimpl
from escalatie.model import EscalationModel
from escalatie.modelfile.reading import ModelFileError
from escalatie.plugins import Registry, make_plugin_manager
from escalatie.triaging import Triager

AT = datetime(2026, 3, 2, 8, 0, tzinfo=AMSTERDAM)

BROKEN = 'name = "kapot"\n[[ladder\n'
"""Not TOML: its name cannot even be read."""

VARIANT = """\
name = "helmond-proef"
extends = "helmond-trajectregie"
title = "Trajectregisseurs (proef)"
"""


def example(name: str) -> str:
    return (files("escalatie_examples") / "models" / name).read_text(encoding="utf-8")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A model path holding Groningen's and Helmond's files."""
    models = tmp_path / "modellen"
    models.mkdir()
    for name in ("groningen.toml", "helmond.toml"):
        (models / name).write_text(example(name), encoding="utf-8")
    return models


def registry_over(folder: Path, *plugins: tuple[object, str]) -> Registry:
    """A registry with no entry-point plugins: the model path and ``plugins`` only."""
    pm = make_plugin_manager(load_entrypoints=False)
    for plugin, name in plugins:
        pm.register(plugin, name=name)
    settings = folder.parent / "escalatie.toml"
    settings.touch()
    return Registry(
        pm, env={"ESCALATIE_MODEL_PATH": str(folder), "ESCALATIE_CONFIG": str(settings)}
    )


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the model files compiled, in order."""
    from escalatie.modelfile import build

    names: list[str] = []
    original = build.build_model

    def spy(data: dict[str, Any], *args: Any) -> Any:
        names.append(data["name"])
        return original(data, *args)

    monkeypatch.setattr(build, "build_model", spy)
    yield names


def triage_one(registry: Registry, model: EscalationModel) -> str:
    from escalatie.research.synthetic import synthetic_cases

    case = next(iter(synthetic_cases(1, seed=3)))
    return Triager(registry, model, AT)(case).route_name


def test_selecting_a_model_compiles_that_file_alone(folder: Path, compiled: list[str]) -> None:
    registry = registry_over(folder)
    model = registry.model("groningen-3d")
    assert compiled == ["groningen-3d"]
    assert model.plugin == "model-path" and model.origin == str(folder / "groningen.toml")
    assert triage_one(registry, model)  # its routes are there: its own and the plugins'
    assert compiled == ["groningen-3d"]
    assert registry.model("groningen-3d") is model  # compiled once


def test_a_variant_compiles_itself_and_later_the_file_of_a_route_it_names(
    folder: Path, compiled: list[str]
) -> None:
    (folder / "proef.toml").write_text(VARIANT, encoding="utf-8")
    registry = registry_over(folder)
    proef = registry.model("helmond-proef")
    assert compiled == ["helmond-proef"]  # the parent is laid under it as data
    assert "helmond-bestuur" in proef.onward_routes
    assert registry.has_route("helmond-bestuur")
    assert compiled == ["helmond-proef"]  # answering has_route compiles nothing
    assert registry.route("helmond-bestuur").key == "helmond-bestuur"
    assert compiled == ["helmond-proef", "helmond-trajectregie"]  # it declares the route
    assert triage_one(registry, proef)
    assert set(registry.models) == {"groningen-3d", "helmond-proef", "helmond-trajectregie"}
    assert compiled == ["helmond-proef", "helmond-trajectregie", "groningen-3d"]


def test_a_python_plugins_model_compiles_no_file(folder: Path, compiled: list[str]) -> None:
    from escalatie.testing.synthetic import synthetic_model

    class Zuiderveen:
        @hookimpl
        def escalatie_register_models(self, register: Callable[[EscalationModel], None]) -> None:
            register(synthetic_model("zuiderveen-tafel"))

    registry = registry_over(folder, (Zuiderveen(), "zuiderveen"))
    model = registry.model("zuiderveen-tafel")
    assert model.plugin == "zuiderveen"
    assert triage_one(registry, model)
    assert compiled == []
    assert list(registry.index()) == ["groningen-3d", "helmond-trajectregie", "zuiderveen-tafel"]


def test_a_broken_file_fails_only_what_uses_it(folder: Path) -> None:
    (folder / "kapot.toml").write_text(BROKEN, encoding="utf-8")
    registry = registry_over(folder)
    assert triage_one(registry, registry.model("groningen-3d"))
    with pytest.raises(UnknownModel) as unknown:
        registry.model("kapot")
    message = str(unknown.value)
    assert "\n" not in message
    assert f"1 model file(s) could not be read ({folder / 'kapot.toml'};" in message
    rows, problems = registry.summaries()
    assert [r["name"] for r in rows] == ["groningen-3d", "helmond-trajectregie"]
    assert len(problems) == 1 and problems[0].startswith(
        f"{folder / 'kapot.toml'}: not valid TOML ("
    )
    with pytest.raises(ModelFileError) as every:
        _ = registry.models  # every model: the broken file is used now
    assert every.value.problems[0].startswith(f"{folder / 'kapot.toml'}: not valid TOML (")


def test_a_variant_of_a_broken_file_names_that_file(folder: Path) -> None:
    (folder / "helmond.toml").write_text(BROKEN, encoding="utf-8")
    (folder / "proef.toml").write_text(VARIANT, encoding="utf-8")
    with pytest.raises(ModelFileError) as info:
        registry_over(folder).model("helmond-proef")
    lines = info.value.problems
    assert lines[0].startswith(
        f"{folder / 'proef.toml'}: extends: unknown model 'helmond-trajectregie'"
    )
    assert lines[1].startswith(f"{folder / 'helmond.toml'}: not valid TOML (")


def test_a_name_given_twice_is_a_conflict_when_that_name_is_used(folder: Path) -> None:
    from escalatie.testing.synthetic import synthetic_model

    class Python:
        @hookimpl
        def escalatie_register_models(self, register: Callable[[EscalationModel], None]) -> None:
            register(synthetic_model("groningen-3d"))

    registry = registry_over(folder, (Python(), "python"))
    with pytest.raises(PluginConflict) as info:
        registry.model("groningen-3d")
    assert str(info.value) == (
        f"model 'groningen-3d': contributed by both plugin python and {folder / 'groningen.toml'}"
    )
    assert registry.model("helmond-trajectregie").name == "helmond-trajectregie"  # not used
    _, problems = registry.summaries()
    assert problems == [str(info.value)]
    with pytest.raises(PluginConflict, match="model 'groningen-3d': contributed by both"):
        _ = registry.models


def test_two_files_with_one_name_are_a_conflict_too(folder: Path) -> None:
    (folder / "kopie.toml").write_text(example("groningen.toml"), encoding="utf-8")
    with pytest.raises(PluginConflict) as info:
        registry_over(folder).model("groningen-3d")
    assert str(info.value) == (
        f"model 'groningen-3d': contributed by both {folder / 'groningen.toml'} and "
        f"{folder / 'kopie.toml'}"
    )


# --- the commands -------------------------------------------------------------------------------


def test_commands_that_do_not_use_a_broken_file_run(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "kapot.toml").write_text(BROKEN, encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_MODEL_PATH", str(tmp_path))
    case = tmp_path / "casus.json"
    assert run("examples", "buurtteam-maatwerktafel", "-o", str(case))[0] == 0
    code, out, err = run("-m", "groningen-3d", "triage", str(case), "--at", "2026-03-02T08:00")
    assert (code, err) == (0, "")
    assert "in groningen-3d at 2026-03-02 08:00 CET" in out
    code, out, err = run("-m", "helmond-trajectregie", "describe")
    assert code == 0 and err == ""

    code, out, err = run("models")
    assert code == 1
    assert "groningen-3d " in out and "helmond-trajectregie " in out
    assert err.startswith(f"error: {tmp_path / 'kapot.toml'}: not valid TOML (")
    assert err.count("\n") == 1

    code, out, err = run("model", "check")
    assert code == 1
    assert "helmond.toml (plugin helmond): ok" in out and "kapot.toml" not in out
    lines = [line for line in err.splitlines() if "kapot.toml" in line]
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {tmp_path / 'kapot.toml'}: not valid TOML (")

    code, _, err = run("compare", "--examples")  # every model: it uses the broken file
    assert code == 1
    assert f"{tmp_path / 'kapot.toml'}: not valid TOML (" in err


def test_model_check_without_files_checks_every_installed_file(run) -> None:
    code, out, err = run("model", "check")
    assert (code, err) == (0, "")
    for name in ("helmond", "rotterdam", "groningen", "hlt"):
        assert f"{name}.toml (plugin {name}): ok" in out


def test_a_file_that_does_not_compile_is_listed_and_fails_when_used(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = example("groningen.toml").replace('name = "groningen-3d"', 'name = "groningen-fout"')
    wrong = wrong.replace("[[ladder]]", "[[ladder]]\nunknown_key = 1", 1)
    (tmp_path / "fout.toml").write_text(wrong, encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_MODEL_PATH", str(tmp_path))
    code, out, _ = run("models")
    assert code == 0 and "groningen-fout " in out  # described from its TOML, not compiled
    code, _, err = run("-m", "groningen-fout", "describe")
    assert code == 1 and err.startswith(f"error: {tmp_path / 'fout.toml'}: ladder[0]")
    code, _, err = run("-m", "groningen-3d", "describe")
    assert code == 0
    code, _, err = run("model", "check")
    assert code == 1 and f"error: {tmp_path / 'fout.toml'}: ladder[0]" in err


def test_models_describes_files_as_compiling_them_would(run) -> None:
    code, out, _ = run("models", "--json")
    assert code == 0
    compiled = [
        {
            "name": m.name,
            "municipality": m.municipality,
            "title": m.title,
            "forum_kind": str(m.forum_kind),
            "plugin": m.plugin,
        }
        for m in Registry(make_plugin_manager()).models.values()
    ]
    assert json.loads(out) == compiled


def _imported(argv: list[str], env: dict[str, str]) -> set[str]:
    code = (
        "import sys; from escalatie.cli import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sys.modules), file=sys.stderr)"
    )
    import os

    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    return set(out.stderr.split())


@pytest.mark.parametrize("plugins", ["helmond,rotterdam,groningen,hlt", None])
def test_listing_model_files_imports_neither_attrs_nor_the_compiler(
    tmp_path: Path, plugins: str | None
) -> None:
    """With the bundled plugins as installed (``None``: Utrecht too), not only a chosen few."""
    settings = tmp_path / "escalatie.toml"
    settings.touch()
    env = {"ESCALATIE_CONFIG": str(settings)}
    if plugins is not None:
        env["ESCALATIE_PLUGINS"] = plugins
    found = _imported(["models"], env)
    heavy = {"attrs", "cattrs", "escalatie.model", "escalatie.modelfile.build", "escalatie.case"}
    assert "escalatie.modelfile.reading" in found
    assert found & heavy == set()
    # With the parsed files cached (the first run filled the cache): no TOML parser, and no
    # platformdirs, zipfile or importlib.resources for the folders and the package data, and
    # no OpenSSL for the cache's digests and seals (escalatie.digest).
    again = _imported(["models"], env)
    light = {"tomllib", "platformdirs", "zipfile", "importlib.resources", "secrets"}
    assert again & (light | {"hashlib", "hmac", "_hashlib"}) == set()


def test_triage_imports_no_calendar_register_or_holiday_package(tmp_path: Path) -> None:
    settings = tmp_path / "escalatie.toml"
    settings.touch()
    case = tmp_path / "casus.json"
    env = {"ESCALATIE_CONFIG": str(settings)}
    _imported(["examples", "buurtteam-maatwerktafel", "-o", str(case)], env)
    triage = ["-m", "groningen-3d", "triage", str(case), "--at", "2026-03-02T08:00"]
    _imported(triage, env)  # fills the cache of parsed model files, as any earlier run would
    found = _imported(triage, env)
    assert "escalatie.triaging" in found
    unused = {"icalendar", "holidays", "stdnum", "psycopg", "httpx", "jwt", "pyarrow", "sqlite3"}
    assert {m.split(".")[0] for m in found} & unused == set()
    light = {"tomllib", "platformdirs", "zipfile", "importlib.resources", "secrets"}
    assert found & light == set()  # the model files were cached by the run before


def test_a_file_given_by_its_path_is_then_known_by_its_name(folder: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "proef.toml"
    elsewhere.write_text(VARIANT, encoding="utf-8")
    registry = registry_over(folder)
    proef = registry.model(str(elsewhere))
    assert proef.plugin == "file"
    assert registry.model("helmond-proef") is proef
    assert registry.models["helmond-proef"] is proef
    installed = registry.model(str(folder / "groningen.toml"))  # an installed file, by path
    assert installed is registry.model("groningen-3d")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_pipe_a_device_or_deep_nesting_on_the_model_path_stops_nothing_else(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack review: a named pipe hung every command, a link to /dev/zero ran out of memory,
    500 nested ``not`` stopped the TOML parser with a traceback. Now each is one line naming
    the file, and commands that do not use it run."""
    os.mkfifo(tmp_path / "pijp.toml")
    if Path("/dev/zero").exists():
        (tmp_path / "nul.toml").symlink_to("/dev/zero")
    deep = "{not = " * 600 + "true" + "}" * 600
    (tmp_path / "diep.toml").write_text(f'name = "diep"\nx = {deep}\n', encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_MODEL_PATH", str(tmp_path))
    code, out, err = run("models")
    assert code == 1 and "helmond-trajectregie " in out
    assert f"error: {tmp_path / 'pijp.toml'}: not a regular file" in err
    assert f"error: {tmp_path / 'diep.toml'}: not a TOML file we read (nested too deeply)" in err
    code, out, err = run("-m", "helmond-trajectregie", "describe")
    assert (code, err) == (0, "")
