"""Loading model files: -m PATH, the search path, extends and its merge rules, plugins."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from escalatie.errors import PluginConflict
from escalatie.hookspecs import hookimpl
from escalatie.modelfile.merge import merge
from escalatie.plugins import Registry, make_plugin_manager

VARIANT = """\
name = "utrecht-maatwerktafel-proef"
extends = "utrecht-maatwerktafel"
title = "Maatwerktafel (proef: langere tijd per casus)"

[[forums]]
key = "maatwerktafel"
minutes_per_case = 60
"""


def test_minus_m_takes_a_model_file(run, starter_file: Path) -> None:
    code, out, _ = run("-m", str(starter_file), "describe")
    assert code == 0
    assert out.startswith("Escalatietafel (zeewolde-tafel)")
    assert "(not enforced: a process step or value, not a test of the case)" in out
    assert (
        "beleid: VOORBEELD – vervang door uw eigen beleidsdocument (Gemeente Zeewolde, 2026),"
        " CVDR000000" in out
    )


def test_minus_m_with_a_missing_path_says_so(run, tmp_path: Path) -> None:
    code, _, err = run("-m", str(tmp_path / "zeewolde.toml"), "describe")
    assert code == 1
    assert err == f"error: -m {tmp_path / 'zeewolde.toml'}: no such model file\n"


def test_minus_m_with_a_path_is_an_error_about_the_file(
    run, starter_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New-user review: an argument that looks like a path (a separator, or ending in .toml in
    any case) is about the file, never an installed model's name with a suggestion."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "modellen").mkdir()
    for given, expected in (
        ("utrecht-maatwerktafl.toml", f"no such model file (looked for {tmp_path}/"
         "utrecht-maatwerktafl.toml)"),
        ("sub/utrecht-maatwerktafel", f"no such model file (looked for {tmp_path}/sub/"
         "utrecht-maatwerktafel)"),
        ("MODEL.TOML", f"no such model file (looked for {tmp_path}/MODEL.TOML)"),
        ("./modellen", "a folder; expected the path of a model file"),
    ):  # fmt: skip
        code, out, err = run("-m", given, "describe")
        assert (code, out, err) == (1, "", f"error: -m {given}: {expected}\n")
    (tmp_path / "ZEEWOLDE.TOML").write_bytes(starter_file.read_bytes())
    code, out, _ = run("-m", "ZEEWOLDE.TOML", "describe")
    assert code == 0 and out.startswith("Escalatietafel (zeewolde-tafel)")


def test_describe_json_marks_rules_that_are_not_enforced(run, starter_file: Path) -> None:
    code, out, _ = run("-m", str(starter_file), "describe", "--json")
    assert code == 0
    data = json.loads(out)
    checks = data["ladder"][0]["checks"]
    assert checks == [
        {
            "id": "zeewolde-tafel.family-first",
            "text": "The family's question leads the solution.",
            "source": "VOORBEELD – vervang door uw eigen beleidsdocument (Gemeente Zeewolde"
            " 2026), Escalatieroute",
            "enforced": False,
        }
    ]
    assert data["documents"][0]["identifier"] == "CVDR000000"


def test_a_variant_of_a_python_model_keeps_its_python_rules(
    starter_file: Path, tmp_path: Path
) -> None:
    """Utrecht's models are files now; a Python model (here one a test plugin registers) is
    still written out as data for a variant, its compiled rules kept as they are."""
    import attrs

    from escalatie.model import EscalationModel
    from escalatie.routes import OnwardRoute

    files = Registry(make_plugin_manager(load_entrypoints=False), env={})
    python_model = attrs.evolve(files.model(str(starter_file)), name="zeewolde-python", origin="")
    board = files.route("zeewolde-tafel-bestuur")

    class Models:
        @hookimpl
        def escalatie_register_models(self, register: Callable[[EscalationModel], None]) -> None:
            register(python_model)

        @hookimpl
        def escalatie_register_routes(self, register: Callable[[OnwardRoute], None]) -> None:
            register(board)

    pm = make_plugin_manager(load_entrypoints=False)
    pm.register(Models(), name="zeewolde")
    registry = Registry(pm, env={})
    variant = tmp_path / "langer.toml"
    variant.write_text(
        'name = "zeewolde-python-langer"\nextends = "zeewolde-python"\n\n'
        '[[forums]]\nkey = "tafel"\nminutes_per_case = 60\n',
        encoding="utf-8",
    )
    original = registry.model("zeewolde-python")
    longer = registry.model(str(variant))
    assert longer.forum("tafel").minutes_per_case == 60
    assert original.forum("tafel").minutes_per_case == 30
    assert longer.forum("tafel").cadence == original.forum("tafel").cadence
    assert longer.ladder[0].entry[0] is original.ladder[0].entry[0]  # the Python rule itself


def test_a_variant_of_a_bundled_model_overrides_only_what_differs(tmp_path: Path) -> None:
    variant = tmp_path / "proef.toml"
    variant.write_text(VARIANT, encoding="utf-8")
    registry = Registry(make_plugin_manager(env={}))
    original = registry.model("utrecht-maatwerktafel")
    proef = registry.model(str(variant))
    assert proef.name == "utrecht-maatwerktafel-proef"
    assert proef.forum("maatwerktafel").minutes_per_case == 60
    assert original.forum("maatwerktafel").minutes_per_case != 60
    assert proef.forum("maatwerktafel").cadence == original.forum("maatwerktafel").cadence
    assert [s.key for s in proef.ladder] == [s.key for s in original.ladder]
    assert proef.ladder[0].entry == original.ladder[0].entry
    assert proef.onward_routes == original.onward_routes
    assert proef.plugin == "file" and proef.origin == str(variant)
    assert registry.models["utrecht-maatwerktafel"] is original


def test_compare_runs_a_variant_side_by_side_with_the_original(run, tmp_path: Path) -> None:
    variant = tmp_path / "proef.toml"
    variant.write_text(VARIANT, encoding="utf-8")
    code, out, err = run(
        "compare",
        "--examples",
        "--models",
        f"utrecht-maatwerktafel,{variant}",
        "--format",
        "json",
        "--at",
        "2026-03-02T08:00",
    )
    assert code == 0, err
    rows = json.loads(out)
    models = {r["model"] for r in rows}
    assert models == {"utrecht-maatwerktafel", "utrecht-maatwerktafel-proef"}
    by_case: dict[str, dict[str, str | None]] = {}
    for r in rows:
        by_case.setdefault(r["case"], {})[r["model"]] = r["route"]
    assert all(len(set(routes.values())) == 1 for routes in by_case.values())


def test_simulate_takes_a_variant_too(run, tmp_path: Path) -> None:
    variant = tmp_path / "proef.toml"
    variant.write_text(VARIANT, encoding="utf-8")
    code, out, err = run(
        "simulate",
        "--models",
        f"utrecht-maatwerktafel,{variant}",
        "--months",
        "2",
        "--cases-per-month",
        "4",
        "--seed",
        "1",
        "--format",
        "json",
    )
    assert code == 0, err
    assert {r["model"] for r in json.loads(out)} >= {"utrecht-maatwerktafel-proef"}


def test_the_search_path_and_the_model_path_setting(
    run, tmp_path: Path, starter_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = tmp_path / "een"
    two = tmp_path / "twee"
    one.mkdir()
    two.mkdir()
    (one / "zeewolde.toml").write_text(starter_file.read_text(encoding="utf-8"), encoding="utf-8")
    (two / "proef.toml").write_text(VARIANT, encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_MODEL_PATH", str(one))
    settings = tmp_path / "escalatie.toml"
    settings.write_text(f'[escalatie]\nmodel_path = ["{two}"]\n', encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_CONFIG", str(settings))
    code, out, _ = run("models")
    assert code == 0
    assert "zeewolde-tafel " in out and "utrecht-maatwerktafel-proef " in out
    code, _, err = run("-m", "zeewolde-tafel", "describe")
    assert code == 0, err


def test_a_file_with_an_installed_name_is_a_conflict(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "dubbel.toml").write_text(
        VARIANT.replace('name = "utrecht-maatwerktafel-proef"', 'name = "utrecht-citydeal"'),
        encoding="utf-8",
    )
    monkeypatch.setenv("ESCALATIE_MODEL_PATH", str(tmp_path))
    code, _, err = run("models")
    assert code == 1
    assert err.startswith("error: model 'utrecht-citydeal': contributed by both")
    assert err.count("\n") == 1


def test_blocking_one_municipality_keeps_the_others_and_the_examples(run) -> None:
    import os

    os.environ["ESCALATIE_PLUGINS"] = "-helmond"
    try:
        code, out, _ = run("models")
        assert code == 0
        assert "helmond-trajectregie" not in out and "rotterdam-zorgconsulaat" in out
        code, out, _ = run("examples")
        assert code == 0 and "autistische-jongen-slaapkliniek" in out
    finally:
        del os.environ["ESCALATIE_PLUGINS"]


# --- merge rules ------------------------------------------------------------------------------


def test_merge_tables_by_key_and_arrays_of_tables_by_key() -> None:
    base = {
        "title": "a",
        "forums": [{"key": "f", "name": "F", "cadence": {"on_request": False}}],
        "onward_routes": ["x", "y"],
        "settings": {"start": 1, "end": 2},
    }
    over = {
        "title": "b",
        "forums": [{"key": "f", "cadence": {"on_request": True}}, {"key": "g", "name": "G"}],
        "onward_routes": ["z"],
        "settings": {"end": 3},
    }
    assert merge(base, over) == {
        "title": "b",
        "forums": [
            {"key": "f", "name": "F", "cadence": {"on_request": True}},
            {"key": "g", "name": "G"},
        ],
        "onward_routes": ["z"],
        "settings": {"start": 1, "end": 3},
    }


def test_merge_rules_by_id_and_a_file_extending_a_file(
    run, tmp_path: Path, starter_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ESCALATIE_MODEL_PATH", str(starter_file.parent))
    child = tmp_path / "kind" / "tweewekelijks.toml"
    child.parent.mkdir()
    child.write_text(
        'name = "zeewolde-tweewekelijks"\nextends = "zeewolde-tafel"\n'
        '[[forums]]\nkey = "tafel"\n'
        '[[forums.cadence.series]]\nkey = "maandelijks"\n'
        'rrule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"\n',
        encoding="utf-8",
    )
    registry = Registry(make_plugin_manager(env={}))
    model = registry.model(str(child))
    (series,) = model.forum("tafel").cadence.series
    assert series.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    assert series.minutes == 120  # inherited from the series with the same key
    assert model.forum("tafel").minutes_per_case == 30
    assert registry.model("zeewolde-tafel").forum("tafel").cadence.series[0].rrule == (
        "FREQ=MONTHLY;BYDAY=2TU"
    )


# --- hooks ------------------------------------------------------------------------------------


def test_hook_escalatie_register_model_files(starter_file: Path) -> None:
    class Files:
        @hookimpl
        def escalatie_register_model_files(self, register: Callable[[Path], None]) -> None:
            register(starter_file)

    pm = make_plugin_manager(load_entrypoints=False)
    pm.register(Files(), name="zeewolde")
    registry = Registry(pm, env={})
    model = registry.model("zeewolde-tafel")
    assert model.plugin == "zeewolde"
    assert registry.route("zeewolde-tafel-bestuur").name == "Bestuurlijk opschalen Zeewolde"
    assert registry.contributors["model"]["zeewolde-tafel"] == "zeewolde"


def test_a_model_files_plugin_ships_package_data() -> None:
    from escalatie_examples.plugin import helmond

    pm = make_plugin_manager(load_entrypoints=False)
    pm.register(helmond, name="helmond")
    assert list(Registry(pm, env={}).models) == ["helmond-trajectregie"]


def test_hook_escalatie_register_predicates(starter_file: Path) -> None:
    from escalatie.predicates import Predicate

    def build(value: object):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"expected a whole number of at least 1, got {value!r}")
        return lambda case, at: sum(d.stuck for d in case.domains) >= value

    predicate = Predicate(
        "domains_stuck_at_least",
        "At least this many domains are stuck.",
        build,
        {"type": "integer", "minimum": 1},
    )

    class Predicates:
        @hookimpl
        def escalatie_register_predicates(self, register: Callable[[Predicate], None]) -> None:
            register(predicate)

    text = starter_file.read_text(encoding="utf-8").replace(
        'has_obstacle = ["laws_and_regulations", "supply_unavailable", "no_fitting_provider", '
        '"waiting_list", "no_contract"]',
        "domains_stuck_at_least = 1",
    )
    starter_file.write_text(text, encoding="utf-8")
    pm = make_plugin_manager(load_entrypoints=False)
    pm.register(Predicates(), name="predicaten")
    registry = Registry(pm, env={})
    rule = registry.model(str(starter_file)).step("tafel").entry[0]
    from escalatie.case import Case
    from escalatie.documents import structure

    case = {
        "reference": "Z-1",
        "age": 12,
        "question": "Welke hulp past?",
        "domains": [{"kind": "care", "question": "Hulp loopt vast.", "stuck": True}],
        "submitter": {"role": "professional"},
    }
    assert rule.holds(structure(case, Case), None)  # type: ignore[arg-type]
    case["domains"] = [{"kind": "care", "question": "Hulp loopt vast."}]
    assert not rule.holds(structure(case, Case), None)  # type: ignore[arg-type]

    starter_file.write_text(
        text.replace("domains_stuck_at_least = 1", "domains_stuck_at_least = 0")
    )
    from escalatie.modelfile.load import ModelFileError

    with pytest.raises(ModelFileError) as info:
        Registry(pm, env={}).model(str(starter_file))
    assert info.value.problems == [
        f"{starter_file}: rules.stuck.domains_stuck_at_least: expected a whole number of at "
        "least 1, got 0"
    ]

    class Clash:
        @hookimpl
        def escalatie_register_predicates(self, register: Callable[[Predicate], None]) -> None:
            register(Predicate("has_obstacle", "d", build, {}))

    pm.register(Clash(), name="clash")
    with pytest.raises(PluginConflict, match="predicate 'has_obstacle': the core has it"):
        _ = Registry(pm, env={}).predicates
