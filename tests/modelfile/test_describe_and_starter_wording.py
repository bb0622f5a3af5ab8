"""What a new user reads, each through the command line: every rule of describe --json is in
the text too, money in describe as people write it, the starter's municipality, its notice
period, and the error lines a new user meets (a switched-off plugin's predicate, a typo in a key
or a file)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from escalatie.plugins import default_registry

from .conftest import Run

AT = ("--at", "2026-03-02T10:00")

WMO_ROUTE = """
[rules.adult]
id = "zeewolde-tafel.adult"
text = "The young person is 18 or older: the Wmo consultant takes the question."
age_between = [18, 120]

[[routes]]
key = "zeewolde-tafel-wmo"
name = "Wmo-consulent Zeewolde"
kind = "local"
description = "Adults go to the Wmo."
entry = ["adult"]
applicants = ["professionals"]
"""


def rules_in(data: Any) -> Iterator[dict[str, Any]]:
    """Every rule of describe --json, wherever it is (a dict with an id, a text, a source)."""
    if isinstance(data, dict):
        if {"id", "text", "source", "enforced"} <= set(data):
            yield data
        for value in data.values():
            yield from rules_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from rules_in(value)


def assert_every_rule_in_the_text(run: Run, model: str) -> int:
    code, out, err = run("-m", model, "describe", "--json")
    assert code == 0, err
    rules = list(rules_in(json.loads(out)))
    code, text, err = run("-m", model, "describe")
    assert code == 0, err
    missing = [
        r["id"]
        for r in rules
        if f"{r['text']}" not in text or f"[{r['id']}; {r['source']}]" not in text
    ]
    assert missing == [], model
    return len(rules)


def test_text_describe_shows_every_rule_of_the_json(run: Run, starter_file: Path) -> None:
    """Item 2: an onward route's entry rules (a model file's 18+ rule to the Wmo, the starter's
    table-unresolved rule to the board) were in --json only."""
    text = starter_file.read_text(encoding="utf-8")
    text = text.replace(
        'onward_routes = ["zeewolde-tafel-bestuur", "veilig-thuis"]',
        'onward_routes = ["zeewolde-tafel-bestuur", "zeewolde-tafel-wmo", "veilig-thuis"]',
    )
    starter_file.write_text(text + WMO_ROUTE, encoding="utf-8")
    assert assert_every_rule_in_the_text(run, str(starter_file)) >= 5
    code, out, _ = run("-m", str(starter_file), "describe")
    assert code == 0
    assert (
        "  Wmo-consulent Zeewolde (local; key zeewolde-tafel-wmo)  [VOORBEELD – vervang door uw "
        "eigen beleidsdocument (Gemeente Zeewolde 2026), Escalatieroute]\n"
        "    a case goes here when:\n"
        "      - The young person is 18 or older: the Wmo consultant takes the question.  "
        "[zeewolde-tafel.adult; " in out
    )
    assert (
        "      - The table discussed the case and did not resolve it.  [zeewolde-tafel.table-unresolved; "
        in out
    )


def test_every_installed_model_shows_every_rule_in_text(run: Run) -> None:
    names = list(default_registry().index())
    assert names
    for name in names:
        assert_every_rule_in_the_text(run, name)


def test_the_starter_names_the_notice_period_and_describe_says_none_is_set(
    run: Run, starter_file: Path
) -> None:
    """Item 6: the starter set no cancellation notice and nothing said so."""
    text = starter_file.read_text(encoding="utf-8")
    assert "\n# cancellation_notice_days = 2\n" in text
    code, out, err = run("-m", str(starter_file), "describe")
    assert code == 0, err
    assert (
        "    no notice period set for a cancellation (cancellation_notice_days): a meeting can be"
        " cancelled until it begins\n" in out
    )
    starter_file.write_text(
        text.replace("# cancellation_notice_days = 2", "cancellation_notice_days = 2").replace(
            "# cancellation_source = ", "cancellation_source = "
        ),
        encoding="utf-8",
    )
    code, out, err = run("model", "check", str(starter_file))
    assert code == 0, err
    code, out, err = run("-m", str(starter_file), "describe")
    assert code == 0, err
    assert "no notice period" not in out
    assert (
        "    a cancellation is announced at least 2 days before (the library's reading: calendar"
        " days to the meeting's time of day, about 48 hours)  [VOORBEELD – vervang door uw eigen"
        " beleidsdocument (Gemeente Zeewolde 2026), Annuleren van een tafel]\n" in out
    )


@pytest.mark.parametrize(
    ("name", "municipality", "address"),
    [
        ("noord-beveland-jeugdtafel", "Noord-Beveland", "noord-beveland"),
        ("s-hertogenbosch-tafel", "'s-Hertogenbosch", "s-hertogenbosch"),
        ("bergen-op-zoom-escalatietafel", "Bergen op Zoom", "bergen-op-zoom"),
        ("capelle-aan-den-ijssel-overleg", "Capelle aan den IJssel", "capelle-aan-den-ijssel"),
        ("zeewolde-tafel", "Zeewolde", "zeewolde"),
    ],
)
def test_model_new_reads_the_municipality_before_the_forum_word(
    run: Run, tmp_path: Path, name: str, municipality: str, address: str
) -> None:
    """Item 3: `model new noord-beveland-jeugdtafel` guessed municipality "Noord"."""
    path = tmp_path / "m.toml"
    code, _, err = run("model", "new", name, "-o", str(path))
    assert code == 0, err
    assert err.startswith(f'note: municipality "{municipality}", read from the name;')
    text = path.read_text(encoding="utf-8")
    assert f'\nmunicipality = "{municipality}"\n' in text
    assert f'organisation = "Gemeente {municipality}"' in text
    assert f'address = "escalatietafel@{address}.example"' in text
    assert f'name = "Bestuurlijk opschalen {municipality}"' in text
    code, out, err = run("model", "check", str(path))
    assert (code, err) == (0, _placeholder(path)), err
    code, out, err = run("-m", str(path), "describe")
    assert f"Municipality: {municipality}   " in out


def test_model_new_takes_the_municipality_from_the_option(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    code, _, err = run(
        "model", "new", "sudwest-tafel", "--municipality", "Súdwest-Fryslân", "-o", str(path)
    )
    assert code == 0, err
    assert "note:" not in err
    text = path.read_text(encoding="utf-8")
    assert 'municipality = "Súdwest-Fryslân"' in text
    assert 'address = "escalatietafel@sudwest-fryslan.example"' in text
    assert run("model", "check", str(path))[0] == 0


@pytest.mark.parametrize(
    ("name", "asked"),
    [
        ("groningen-3d", "name it: --municipality Groningen"),
        ("tafel-2", "name it with --municipality NAME"),
        ("noord-beveland", "name it: --municipality Noord-Beveland"),
        ("s-hertogenbosch", 'name it: --municipality "\'s-Hertogenbosch"'),
    ],
)
def test_model_new_asks_for_the_municipality_when_unsure(
    run: Run, tmp_path: Path, name: str, asked: str
) -> None:
    code, _, err = run("model", "new", name, "-o", str(tmp_path / "m.toml"))
    assert code == 2
    assert f"cannot tell the municipality from '{name}'" in err and err.rstrip().endswith(asked)
    assert not (tmp_path / "m.toml").exists()


@pytest.mark.parametrize("value", ['Zee"wolde', "Zee\nwolde", "Zee=?wolde", "", "Zeewolde 2"])
def test_model_new_refuses_a_municipality_that_is_no_name(
    run: Run, tmp_path: Path, value: str
) -> None:
    code, _, err = run(
        "model", "new", "x-tafel", "--municipality", value, "-o", str(tmp_path / "m.toml")
    )
    assert code == 2
    assert "Invalid value for --municipality: expected the municipality's name" in err


def test_a_typo_in_a_top_level_key_gives_its_hint_in_the_one_line(
    run: Run, starter_file: Path, tmp_path: Path
) -> None:
    """Item 5: `-m ./typo.toml triage` said only `municipality: required field missing`."""
    text = starter_file.read_text(encoding="utf-8")
    starter_file.write_text(text.replace("\nmunicipality = ", "\nmunicipalty = "), encoding="utf-8")
    case = tmp_path / "case.json"
    code, out, _ = run("examples", "thuiszitter-zonder-contract")
    case.write_text(out, encoding="utf-8")
    code, out, err = run("-m", str(starter_file), "triage", str(case), *AT)
    assert code == 1 and out == ""
    assert err == (
        f"error: {starter_file}: municipalty: unknown field, not part of the schema (did you mean"
        " municipality?) (and 1 more; escalatie model check lists them all)\n"
    )


UTRECHT_PREDICATE = """
name = "p-tafel"
municipality = "P"
title = "T"
summary = "S"
source = {document = "000", section = "stap 2"}

[[contact_points]]
key = "a"
title = "A"
organisation = "Gemeente P"
reachable_by = ["professionals"]
channel = "by phone"

[[ladder]]
key = "s"
name = "S"
description = "d"
contact_point = "a"
entry = [{id = "p.drietrap", text = "Skips a rung.", utrecht_skips_drietrap = true}]
"""


def test_a_switched_off_plugins_predicate_names_the_plugin(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 4: `unknown predicate 'X'` when the plugin that provides X is installed but
    switched off by ESCALATIE_PLUGINS=-name."""
    if "utrecht-maatwerktafel" not in default_registry().index():
        pytest.skip("the Utrecht plugin is not installed")
    path = tmp_path / "p.toml"
    path.write_text(UTRECHT_PREDICATE, encoding="utf-8")
    assert run("model", "check", str(path))[:2] == (0, f"{path}: ok\n")
    monkeypatch.setenv("ESCALATIE_PLUGINS", "-utrecht")
    code, out, err = run("-m", str(path), "describe")
    assert code == 1 and out == ""
    assert err == (
        f"error: {path}: ladder[0].entry[0]: unknown predicate 'utrecht_skips_drietrap': plugin"
        " 'utrecht' provides it, and is installed but switched off by"
        " ESCALATIE_PLUGINS='-utrecht'\n"
    )
    code, _, err = run("model", "check", str(path))
    assert code == 1 and "plugin 'utrecht' provides it" in err
    # A predicate no plugin has keeps the plain line, with where every predicate is listed.
    path.write_text(UTRECHT_PREDICATE.replace("utrecht_skips_drietrap", "zzz"), encoding="utf-8")
    code, _, err = run("-m", str(path), "describe")
    assert code == 1 and "unknown predicate 'zzz' (every predicate: " in err


def test_a_typo_in_a_model_files_name_suggests_the_close_file(
    run: Run, starter_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 8: `-m zeewolde.tom` got no hint; a close file name here, or on the model path,
    is suggested (difflib on names only, on the error path)."""
    monkeypatch.chdir(tmp_path)  # starter_file is tmp_path / "zeewolde.toml"
    code, _, err = run("-m", "zeewolde.tom", "describe")
    assert (code, err) == (
        1,
        "error: unknown model 'zeewolde.tom'; did you mean the model file ./zeewolde.toml? use"
        " -m ./zeewolde.toml\n",
    )
    code, _, err = run("-m", "./zeewolde.tom", "describe")
    assert code == 1
    assert err == (
        f"error: -m ./zeewolde.tom: no such model file (looked for {tmp_path / 'zeewolde.tom'});"
        " did you mean ./zeewolde.toml?\n"
    )
    # compare --models: the hint names --models, the option the name was given with
    code, _, err = run("compare", "--examples", "--models", "zeewolde.tom")
    assert code == 1
    assert err.endswith(
        "unknown model 'zeewolde.tom'; did you mean the model file ./zeewolde.toml? use"
        " --models ./zeewolde.toml\n"
    ), err
    code, _, err = run("compare", "--examples", "--models", "./zeewolde.tom")
    assert code == 1
    assert err.endswith(
        f"--models ./zeewolde.tom: no such model file (looked for {tmp_path / 'zeewolde.tom'});"
        " did you mean ./zeewolde.toml?\n"
    ), err
    code, _, err = run("-m", str(tmp_path / "zeewolde.tml"), "describe")
    assert err.endswith(f"; did you mean {tmp_path / 'zeewolde.toml'}?\n")
    # Nothing close: the line is as before.
    code, _, err = run("-m", "./elders.toml", "describe")
    assert code == 1 and "did you mean" not in err
    # A file on the model path, by its path there.
    shelf = tmp_path / "modellen"
    shelf.mkdir()
    (shelf / "zuiderveen.toml").write_text(
        starter_file.read_text(encoding="utf-8").replace("zeewolde-tafel", "zuiderveen-tafel"),
        encoding="utf-8",
    )
    (tmp_path / "zeewolde.toml").unlink()
    monkeypatch.setenv("ESCALATIE_MODEL_PATH", str(shelf))
    code, _, err = run("-m", "zuiderveen.tom", "describe")
    assert err == (
        f"error: unknown model 'zuiderveen.tom'; did you mean the model file {shelf}/zuiderveen.toml?"
        f" use -m {shelf}/zuiderveen.toml\n"
    )
    code, _, err = run("-m", f"{shelf}/zuiderveen.toml", "describe")
    assert code == 0, err


def _placeholder(path: Path) -> str:
    """The warnings ``model check`` gives a fresh starter: its document is the placeholder
    (policy review: the starter spoke for the municipality), and its example texts remain."""
    return (
        f"warning: {path}: documents.beleid: identifier CVDR000000 is the starter's placeholder;"
        " cite your own policy document (its title, year and CVDR number or URL)\n"
        f"warning: {path}: summary, documents.beleid.title, contact_points[0].mandate.note, "
        "forums[0].cadence.assumption, rules.agreements.text, learning[0].description: the starter's example text, "
        "marked VOORBEELD; replace it with what your own policy document says\n"
    )


def test_describe_writes_a_budget_ceiling_with_a_thousands_separator(
    run, starter_file: Path
) -> None:
    """A budget ceiling in describe's text is written as people read money: EUR 25,000."""
    text = starter_file.read_text(encoding="utf-8").replace(
        'powers = ["push_through", "escalate_to_board"]',
        'powers = ["push_through", "escalate_to_board", "budget"]\nbudget_ceiling_eur = 25000',
    )
    starter_file.write_text(text, encoding="utf-8")
    code, out, err = run("-m", str(starter_file), "describe")
    assert code == 0, err
    assert "budget up to EUR 25,000" in out
