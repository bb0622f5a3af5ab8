"""Compiled model files kept between runs (``escalatie.modelcache``, issue 16): the same model
as compiling gives, never stale, never trusted beyond the user's own sealed file, and a
plugin's predicates always the live ones."""

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

from escalatie import modelcache
from escalatie.clock import AMSTERDAM
from escalatie.hookspecs import hookimpl
from escalatie.model import EscalationModel
from escalatie.modelfile.reading import ModelFileError
from escalatie.plugins import Registry, make_plugin_manager
from escalatie.predicates import ParameterError, Predicate
from escalatie.research.synthetic import synthetic_cases
from escalatie.rules import Test
from escalatie.sealedstore import pack, record_seal, unpack
from escalatie.triaging import Triager

AT = datetime(2026, 3, 2, 8, 0, tzinfo=AMSTERDAM)

VARIANT = """\
name = "helmond-proef"
extends = "helmond-trajectregie"
title = "Trajectregisseurs (proef)"
"""

PILOT = """\
name = "zeewolde-proef"
municipality = "Zeewolde"
title = "Proeftafel"
summary = "A pilot table whose only step asks a plugin's predicate."
source = {document = "002", section = "proef"}

[[forums]]
key = "tafel"
name = "Proeftafel"
kind = "consultation"
organiser = {title = "Proeftafel", organisation = "Gemeente Zeewolde"}
source = {document = "002", section = "proef"}
[forums.cadence]
on_request = true

[[ladder]]
key = "tafel"
name = "Proeftafel"
description = "The pilot table."
forum = "tafel"
entry = [{id = "zeewolde.pilot", text = "The case is in the pilot.", in_pilot = "noord"}]
"""


def example(name: str) -> str:
    return (files("escalatie_examples") / "models" / name).read_text(encoding="utf-8")


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache folder of the test's own; the process's cache object forgotten before and after."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("ESCALATIE_CACHE_DIR", str(folder))
    monkeypatch.setattr(modelcache, "_shared", None)
    yield folder
    modelcache._shared = None


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    models = tmp_path / "modellen"
    models.mkdir()
    for name in ("groningen.toml", "helmond.toml"):
        (models / name).write_text(example(name), encoding="utf-8")
    return models


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the model files compiled, in order."""
    from escalatie.modelfile import build

    names: list[str] = []
    original = build.build_model

    def spy(data: dict[str, Any], *args: Any) -> Any:
        names.append(data["name"])
        return original(data, *args)

    monkeypatch.setattr(build, "build_model", spy)
    return names


def next_run() -> None:
    """What the end of one command and the start of the next do to the cache."""
    from escalatie import settings

    if modelcache._shared is not None:
        modelcache._shared.save()
    modelcache._shared = None
    settings._load.cache_clear()  # the settings file, read once per process


def registry_over(folder: Path, *plugins: tuple[object, str]) -> Registry:
    pm = make_plugin_manager(load_entrypoints=False)
    for plugin, name in plugins:
        pm.register(plugin, name=name)
    settings = folder.parent / "escalatie.toml"
    settings.touch()
    return Registry(
        pm, env={"ESCALATIE_MODEL_PATH": str(folder), "ESCALATIE_CONFIG": str(settings)}
    )


def decisions(registry: Registry, model: EscalationModel) -> list[Any]:
    """Route, reasons and rule ids of the triage of forty synthetic cases."""
    triage = Triager(registry, model, AT)
    out = []
    for case in synthetic_cases(40, seed=5):
        result = triage(case)
        out.append((result.route_name, repr(result)))
    return out


def test_a_second_run_gives_the_same_model_without_compiling(
    cache_dir: Path, folder: Path, compiled: list[str]
) -> None:
    first = registry_over(folder)
    model = first.model("groningen-3d")
    expected = decisions(first, model)
    assert compiled == ["groningen-3d"]
    next_run()
    again = registry_over(folder)
    kept = again.model("groningen-3d")
    assert compiled == ["groningen-3d"]  # from the cache
    assert kept == model and (kept.plugin, kept.origin) == (model.plugin, model.origin)
    assert decisions(again, kept) == expected
    assert (cache_dir / modelcache.FILE_NAME).stat().st_mode & 0o777 == 0o600


def test_a_file_that_extends_nothing_is_found_by_its_bytes_without_parsing_them(
    cache_dir: Path, folder: Path, compiled: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm ``-m NAME`` reads the chosen file's bytes for the key and parses no TOML, not
    even from the parsed-file cache (issue 16: start-up); the model is the one compiled."""
    from escalatie.builtin.national_routes import ROUTE_FILE
    from escalatie.modelfile import catalog, nameindex, reading

    monkeypatch.setattr(nameindex, "SETTLED_NS", -(10**12))  # the name index keeps the names
    model = registry_over(folder).model("groningen-3d")
    routes = modelcache.route_file(ROUTE_FILE, "national_routes.toml")
    next_run()
    parsed: list[str] = []

    def spy(raw: bytes, label: str) -> dict[str, Any]:
        parsed.append(label)
        return reading.parse_bytes(raw, label)

    monkeypatch.setattr(catalog, "parse_bytes", spy)
    monkeypatch.setattr(reading, "read_toml", lambda *a, **k: pytest.fail("parsed"))
    kept = registry_over(folder).model("groningen-3d")
    assert modelcache.route_file(ROUTE_FILE, "national_routes.toml") == routes
    assert (parsed, compiled) == ([], ["groningen-3d"])
    assert kept == model and (kept.plugin, kept.origin) == (model.plugin, model.origin)


def test_the_national_routes_are_kept_and_their_tests_rebuilt(cache_dir: Path) -> None:
    from escalatie.builtin.national_routes import ROUTE_FILE
    from escalatie.modelfile.load import load_route_file

    fresh = load_route_file(ROUTE_FILE, "national_routes.toml")
    assert modelcache.route_file(ROUTE_FILE, "national_routes.toml") == fresh
    next_run()
    kept = modelcache.route_file(ROUTE_FILE, "national_routes.toml")
    assert kept == fresh
    for case in synthetic_cases(60, seed=2):
        assert [r.holds(case, AT) for k in kept for r in k.entry] == [
            r.holds(case, AT) for k in fresh for r in k.entry
        ]


def test_an_edited_model_file_is_compiled_again(
    cache_dir: Path, folder: Path, compiled: list[str]
) -> None:
    registry_over(folder).model("groningen-3d")
    next_run()
    path = folder / "groningen.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'title = "3-D managers en regionale expertpool"', 'title = "Herzien"'
        ),
        encoding="utf-8",
    )
    assert registry_over(folder).model("groningen-3d").title == "Herzien"
    assert compiled == ["groningen-3d", "groningen-3d"]


def test_a_variant_is_compiled_again_when_the_file_it_extends_changes(
    cache_dir: Path, folder: Path, compiled: list[str]
) -> None:
    (folder / "proef.toml").write_text(VARIANT, encoding="utf-8")
    before = registry_over(folder).model("helmond-proef").municipality
    next_run()
    assert registry_over(folder).model("helmond-proef").municipality == before
    assert compiled == ["helmond-proef"]
    next_run()
    parent = folder / "helmond.toml"
    text = parent.read_text(encoding="utf-8")
    parent.write_text(text.replace(f'municipality = "{before}"', 'municipality = "Elders"'))
    assert registry_over(folder).model("helmond-proef").municipality == "Elders"
    assert compiled == ["helmond-proef", "helmond-proef"]


def test_the_settings_table_is_part_of_the_key(
    cache_dir: Path, folder: Path, compiled: list[str]
) -> None:
    first = registry_over(folder).model("groningen-3d")
    next_run()
    (folder.parent / "escalatie.toml").write_text(
        "[groningen]\nminutes_per_case = 45\n", encoding="utf-8"
    )
    changed = registry_over(folder).model("groningen-3d")
    assert compiled == ["groningen-3d", "groningen-3d"]
    assert changed.forums[0].minutes_per_case == 45 != first.forums[0].minutes_per_case


class Pilot:
    """A plugin with one predicate, ``in_pilot``, whose test and schema a test may change."""

    def __init__(self, regions: tuple[str, ...] = ("noord", "zuid"), holds: bool = True) -> None:
        self.regions = regions
        self.holds = holds
        self.built: list[Any] = []

    def build(self, value: Any) -> Test:
        if value not in self.regions:
            raise ParameterError(f"expected one of {', '.join(self.regions)}, got {value!r}")
        self.built.append(value)
        holds = self.holds
        return lambda case, at: holds

    @hookimpl
    def escalatie_register_predicates(self, register: Callable[[Predicate], None]) -> None:
        register(
            Predicate(
                "in_pilot", "The case is in the pilot.", self.build, {"enum": list(self.regions)}
            )
        )


def pilot_registry(folder: Path, plugin: Pilot) -> Registry:
    (folder / "proef.toml").write_text(PILOT, encoding="utf-8")
    return registry_over(folder, (plugin, "pilot"))


def entry_holds(model: EscalationModel) -> bool:
    case = next(iter(synthetic_cases(1, seed=1)))
    return model.ladder[0].entry[0].holds(case, AT)


def test_a_plugin_that_changes_what_a_predicate_tests_is_never_hidden(
    cache_dir: Path, folder: Path, compiled: list[str]
) -> None:
    model = pilot_registry(folder, Pilot(holds=True)).model("zeewolde-proef")
    assert entry_holds(model)
    next_run()
    changed = Pilot(holds=False)  # same name, schema and code: the test itself differs
    kept = pilot_registry(folder, changed).model("zeewolde-proef")
    assert compiled == ["zeewolde-proef"]  # kept, yet its test is the live plugin's
    assert changed.built == ["noord"]
    assert not entry_holds(kept)


def test_a_changed_predicate_schema_compiles_the_file_again(
    cache_dir: Path, folder: Path, compiled: list[str]
) -> None:
    pilot_registry(folder, Pilot()).model("zeewolde-proef")
    next_run()
    pilot_registry(folder, Pilot(regions=("noord", "zuid", "oost"))).model("zeewolde-proef")
    assert compiled == ["zeewolde-proef", "zeewolde-proef"]


def test_a_predicate_that_now_refuses_its_parameter_gives_the_compilers_message(
    cache_dir: Path, folder: Path, compiled: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pilot_registry(folder, Pilot()).model("zeewolde-proef")
    next_run()
    # Same schema (so the same key), but the plugin's code now refuses "noord".
    stricter = Pilot()
    monkeypatch.setattr(stricter, "regions", ("zuid",))
    monkeypatch.setattr(Pilot, "escalatie_register_predicates", _same_schema_register)
    with pytest.raises(
        ModelFileError, match=r"ladder\[0\]\.entry\[0\]\.in_pilot: expected one of zuid"
    ):
        pilot_registry(folder, stricter).model("zeewolde-proef")
    assert compiled == ["zeewolde-proef", "zeewolde-proef"]


@hookimpl
def _same_schema_register(self: Pilot, register: Callable[[Predicate], None]) -> None:
    register(
        Predicate("in_pilot", "The case is in the pilot.", self.build, {"enum": ["noord", "zuid"]})
    )


def test_another_plugin_version_compiles_the_file_again(
    cache_dir: Path, folder: Path, compiled: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    registry_over(folder).model("groningen-3d")
    next_run()
    registry = registry_over(folder)
    versions = registry.plugin_versions()
    monkeypatch.setattr(
        Registry,
        "plugin_versions",
        lambda self: (*versions, "utrecht=escalatie_utrecht-0.2.0.dist-info:x"),
    )
    registry.model("groningen-3d")
    assert compiled == ["groningen-3d", "groningen-3d"]


def test_a_model_file_that_extends_a_python_model_is_not_kept(
    cache_dir: Path, folder: Path, compiled: list[str]
) -> None:
    from escalatie.testing.synthetic import synthetic_model

    class Zuiderveen:
        @hookimpl
        def escalatie_register_models(self, register: Callable[[EscalationModel], None]) -> None:
            register(synthetic_model("zuiderveen-tafel"))

    (folder / "variant.toml").write_text(
        'name = "zuiderveen-proef"\nextends = "zuiderveen-tafel"\ntitle = "Proef"\n'
    )
    for _ in range(2):
        registry_over(folder, (Zuiderveen(), "zuiderveen")).model("zuiderveen-proef")
        next_run()
    assert compiled == ["zuiderveen-proef", "zuiderveen-proef"]


def _kept_file(cache_dir: Path) -> Path:
    return cache_dir / modelcache.FILE_NAME


def test_a_forged_entry_is_compiled_again(
    cache_dir: Path, folder: Path, compiled: list[str]
) -> None:
    registry_over(folder).model("groningen-3d")
    next_run()
    path = _kept_file(cache_dir)
    data = unpack(path.read_bytes())
    for key, (found, text) in data.items():  # changed without the key: the seal no longer fits
        data[key] = (found, bytes(text).replace(b"Regio Groningen", b"Vervalst"))
    path.write_bytes(pack(data))
    model = registry_over(folder).model("groningen-3d")
    assert model.municipality == "Regio Groningen"
    assert compiled == ["groningen-3d", "groningen-3d"]


@pytest.mark.parametrize("cut", [0, 10, 1000, -3])
def test_a_truncated_cache_file_is_ignored(
    cache_dir: Path, folder: Path, compiled: list[str], cut: int
) -> None:
    first = registry_over(folder).model("groningen-3d")
    next_run()
    path = _kept_file(cache_dir)
    path.write_bytes(path.read_bytes()[:cut])
    assert registry_over(folder).model("groningen-3d") == first
    assert compiled == ["groningen-3d", "groningen-3d"]


def test_a_sealed_entry_that_is_not_what_the_cache_writes_is_compiled_again(
    cache_dir: Path, folder: Path, compiled: list[str]
) -> None:
    """Even under the right key (a bug, an older format): a class that does not exist, a tag
    it does not know, a class whose fields changed; never a traceback."""
    registry_over(folder).model("groningen-3d")
    next_run()
    path = _kept_file(cache_dir)
    original = path.read_bytes()
    cache = modelcache.shared_cache()
    for change in (
        lambda d: d["classes"].__setitem__(0, ["escalatie.model", "Nothing", []]),
        lambda d: d["classes"].__setitem__(0, ["os", "system", []]),
        lambda d: d.__setitem__("value", ["?", 1]),
        lambda d: d["classes"][0][2].append("extra"),
    ):
        data = unpack(original)
        for key, (_, text) in data.items():
            inner = json.loads(bytes(text))
            change(inner)
            changed = json.dumps(inner).encode()
            data[key] = (record_seal(cache.key, key, changed), changed)
        path.write_bytes(pack(data))
        modelcache._shared = None
        assert registry_over(folder).model("groningen-3d").name == "groningen-3d"
    assert compiled == ["groningen-3d"] * 5


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_cache_file_others_may_write_is_not_read(
    cache_dir: Path, folder: Path, compiled: list[str]
) -> None:
    registry_over(folder).model("groningen-3d")
    next_run()
    path = _kept_file(cache_dir)
    path.chmod(0o666)
    registry_over(folder).model("groningen-3d")
    assert compiled == ["groningen-3d", "groningen-3d"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_a_cache_file_of_another_user_is_not_read(
    cache_dir: Path, folder: Path, compiled: list[str]
) -> None:
    registry_over(folder).model("groningen-3d")
    next_run()
    os.chown(_kept_file(cache_dir), 4321, 4321)
    registry_over(folder).model("groningen-3d")
    assert compiled == ["groningen-3d", "groningen-3d"]


def test_an_empty_cache_dir_turns_it_off(
    tmp_path: Path, folder: Path, compiled: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ESCALATIE_CACHE_DIR", "")
    monkeypatch.setattr(modelcache, "_shared", None)
    models = []
    for _ in range(2):
        models.append(registry_over(folder).model("groningen-3d"))
        next_run()
    assert compiled == ["groningen-3d", "groningen-3d"]
    assert models[0] == models[1]
    assert not list(tmp_path.rglob(modelcache.FILE_NAME))


def _run(argv: list[str], env: dict[str, str]) -> tuple[str, set[str]]:
    """``escalatie ARGV`` in a fresh process: its output, and the modules it imported."""
    code = (
        "import sys; from escalatie.cli import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sys.modules), file=sys.stderr)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    return out.stdout, set(out.stderr.split())


@pytest.mark.parametrize("model", ["utrecht-maatwerktafel", "groningen-3d"])
def test_a_warm_triage_imports_no_compiler_and_prints_the_same(tmp_path: Path, model: str) -> None:
    settings = tmp_path / "escalatie.toml"
    settings.touch()
    case = tmp_path / "casus.json"
    env = {"ESCALATIE_CONFIG": str(settings), "ESCALATIE_CACHE_DIR": str(tmp_path / "cache")}
    _run(["examples", "buurtteam-maatwerktafel", "-o", str(case)], env)
    triage = ["-m", model, "triage", str(case), "--at", "2026-03-02T08:00"]
    cold, _ = _run(triage, env)
    warm, found = _run(triage, env)
    off, _ = _run(triage, {**env, "ESCALATIE_CACHE_DIR": ""})
    assert warm == cold == off and warm
    compiler = {
        "cattrs",
        "escalatie.modelfile.build",
        "escalatie.modelfile.spec",
        "escalatie.modelfile.load",
        "escalatie.modelfile.rules",
    }
    assert found & compiler == set()


def _loaded(folder: Path) -> Any:
    """What loading ``groningen-3d`` gives (kept or compiled)."""
    catalog = registry_over(folder).catalog()
    return catalog.load(catalog.by_name()["groningen-3d"])


def test_a_reordered_table_gives_the_fresh_compiles_order(
    cache_dir: Path, folder: Path, compiled: list[str]
) -> None:
    """The compiler keeps a TOML table's order (``[step_kinds]``), so the key must too."""
    path = folder / "groningen.toml"
    text = path.read_text(encoding="utf-8")
    head = "[step_kinds]\n"
    alpha = 'alpha_check = "An invented check (test)."\n'
    beta = 'beta_check = "Another invented check (test)."\n'
    path.write_text(text.replace(head, head + alpha + beta), encoding="utf-8")
    kinds = [k.key for k in _loaded(folder).step_kinds]
    assert kinds.index("alpha_check") < kinds.index("beta_check")
    next_run()
    path.write_text(text.replace(head, head + beta + alpha), encoding="utf-8")
    kept = [k.key for k in _loaded(folder).step_kinds]
    assert compiled == ["groningen-3d", "groningen-3d"]  # another key, so compiled again
    next_run()
    modelcache._shared = modelcache.ModelCache(None, None)  # no cache: the fresh compile
    fresh = [k.key for k in _loaded(folder).step_kinds]
    assert kept == fresh and fresh.index("beta_check") < fresh.index("alpha_check")


CHECKS = """\
def small(instance, attribute, value):
    if value >= 10:
        raise ValueError("too large")
"""

LIMIT = """\
import attrs
from cache_test_checks import small

@attrs.frozen
class Limit:
    value: int = attrs.field(validator=small)
"""


def test_a_class_outside_the_keyed_folders_is_keyed_by_its_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Thawing skips ``__init__``: an edited validator in a module the key does not name (a
    plugin in an editable install) makes the entry a miss, not an object it would refuse."""
    import importlib

    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "cache_test_checks.py").write_text(CHECKS, encoding="utf-8")
    (lib / "cache_test_limit.py").write_text(LIMIT, encoding="utf-8")
    monkeypatch.syspath_prepend(str(lib))
    for name in ("cache_test_checks", "cache_test_limit"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    limit = importlib.import_module("cache_test_limit").Limit(3)
    try:
        cache = modelcache.ModelCache(tmp_path / "cache", b"k" * 32)
        key = modelcache.make_key("a plugin's class")
        cache.put(key, (limit,), {})
        assert cache.get(key, dict) == (limit,)
        (lib / "cache_test_checks.py").write_text(CHECKS.replace("10", "2"), encoding="utf-8")
        assert cache.get(key, dict) is None
    finally:
        for name in ("cache_test_checks", "cache_test_limit"):
            sys.modules.pop(name, None)


def test_the_distributions_keyed_are_the_same_however_they_are_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """attrs' and cattrs' metadata folders, from the entry-point reading's listing of
    ``sys.path`` when the command made one, else found beside each package: the same names."""
    from escalatie import entrypoints

    wanted = (("attrs", "attr"), ("cattrs", "cattrs"))
    monkeypatch.setattr(entrypoints, "_distributions", {})
    beside = modelcache._distributions(*wanted)
    entrypoints.entry_points("escalatie")
    assert entrypoints.distribution_folder("attrs") is not None
    assert modelcache._distributions(*wanted) == beside
    assert all(not part.endswith("=?") for part in beside)
