"""``model new`` and ``model check``: a starter that passes, every problem on its own line,
and "did you mean" for a mistyped power or a model name ``model new`` cannot take."""

from __future__ import annotations

from pathlib import Path

import pytest

from escalatie.predicates import WHERE_PREDICATES


def test_model_new_writes_a_starter_that_passes_check(run, tmp_path: Path) -> None:
    target = tmp_path / "zeewolde.toml"
    code, _, err = run("model", "new", "zeewolde-tafel", "-o", str(target))
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert 'rrule = "FREQ=MONTHLY;BYDAY=2TU"' in text
    assert "[[forums]]" in text and "[documents." in text
    code, out, _ = run("model", "check", str(target))
    assert (code, out) == (0, f"{target}: ok\n")
    assert f"# Check it with:  escalatie model check {target}\n" in text  # the file written
    assert f"# Use it with:    escalatie -m {target} describe\n" in text


def test_the_readme_tours_case_goes_to_the_starters_table(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README tour writes the starter as zeewolde.toml and triages its example case with it:
    the case (no contract, a waiting list) is stuck, so it goes to the monthly table."""
    monkeypatch.chdir(tmp_path)
    assert run("model", "new", "zeewolde-tafel", "-o", "zeewolde.toml")[0] == 0
    assert "escalatie -m ./zeewolde.toml describe" in Path("zeewolde.toml").read_text("utf-8")
    assert run("examples", "thuiszitter-zonder-contract", "-o", "case.json")[0] == 0
    code, out, err = run("-m", "./zeewolde.toml", "triage", "case.json", "--at", "2026-03-02T10:00")
    assert code == 0, err
    assert "eligible" in out and "Route: Escalatietafel (tafel)" in out
    code, out, _ = run("-m", "./zeewolde.toml", "describe")
    assert code == 0 and " via " not in out
    assert "    channel: by phone or e-mail, for professionals and families\n" in out


def test_the_starter_escalates_to_the_board_by_its_board_route_only(
    run, starter_file: Path, tmp_path: Path
) -> None:
    """Bestuurlijk opschalen is an onward route of kind board (DOMAIN.md, seed 002 'zo nodig
    kan bestuurlijk worden opgeschaald'), not also a rung of the ladder: a case the table did
    not resolve is no longer the table's and goes to the board route; a fresh case goes to the
    table and the board is not open to it."""
    import json

    code, out, _ = run("-m", str(starter_file), "describe", "--json")
    assert code == 0
    data = json.loads(out)
    assert [step["key"] for step in data["ladder"]] == ["tafel"]
    board = [r for r in data["onward_routes"] if r["key"] == "zeewolde-tafel-bestuur"]
    assert len(board) == 1 and board[0]["kind"] == "board"
    assert run("examples", "thuiszitter-zonder-contract", "-o", str(tmp_path / "case.json"))[0] == 0
    fresh = json.loads((tmp_path / "case.json").read_text(encoding="utf-8"))
    unresolved = {
        "kind": "table",
        "by": "Gemeente Zeewolde",
        "tried": "Besproken",
        "resolved": False,
    }
    (tmp_path / "after.json").write_text(
        json.dumps({**fresh, "prior_steps": [*fresh.get("prior_steps", []), unresolved]}),
        encoding="utf-8",
    )
    triage = ("triage", "--at", "2026-03-02T10:00", "--json")
    code, out, err = run("-m", str(starter_file), *triage, str(tmp_path / "case.json"))
    assert code == 0, err
    first = json.loads(out)
    assert (first["route"], first["route_type"]) == ("tafel", "step")
    assert "zeewolde-tafel-bestuur" not in first["onward"]
    code, out, err = run("-m", str(starter_file), *triage, str(tmp_path / "after.json"))
    assert code == 0, err
    after = json.loads(out)
    assert (after["route"], after["route_type"]) == ("zeewolde-tafel-bestuur", "onward")
    assert [r["rule"] for r in after["not_met"]] == ["zeewolde-tafel.not-yet-unresolved"]


def test_model_new_to_standard_output_and_bad_names(run) -> None:
    code, out, _ = run("model", "new", "zeewolde-tafel")
    assert code == 0 and out.startswith("# The escalation model of Zeewolde")
    code, _, err = run("model", "new", "Zeewolde Tafel")
    assert code == 2 and "expected lower-case letters" in err


def test_model_new_does_not_overwrite(run, starter_file: Path) -> None:
    code, _, err = run("model", "new", "zeewolde-tafel", "-o", str(starter_file))
    assert code == 1 and "exists already" in err


def test_three_mistakes_give_three_lines(run, starter_file: Path) -> None:
    text = starter_file.read_text(encoding="utf-8")
    text = text.replace("has_obstacle = [", "has_obstacles = [")
    text = text.replace('kind = "table"', 'kind = "tabel"')
    text = text.replace('powers = ["push_through"', 'powers = ["push"')
    starter_file.write_text(text, encoding="utf-8")
    code, out, err = run("model", "check", str(starter_file))
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert len(lines) == 4, err
    name = f"error: {starter_file}"
    # the contact point with a bad power is not checked further: the last line says so
    assert (
        lines[-1]
        == f"{name}: contact_points[0]: more checks follow once the problems above are fixed"
    )
    assert (
        f"{name}: rules.stuck: unknown predicate 'has_obstacles'; did you mean 'has_obstacle'? "
        f"{WHERE_PREDICATES}" in lines
    )
    assert any(
        line.startswith(f"{name}: forums[0].kind: unknown forum kind 'tabel'") for line in lines
    )
    assert any(
        line.startswith(f"{name}: contact_points[0].mandate.powers[0]: expected one of")
        for line in lines
    )


def test_ladder_rule_paths_name_the_step_and_the_rule(run, starter_file: Path) -> None:
    text = starter_file.read_text(encoding="utf-8").replace(
        'entry = ["stuck"]', 'entry = [{id = "x.y", text = "t", has_obstacles = "waiting_list"}]'
    )
    starter_file.write_text(text, encoding="utf-8")
    code, out, err = run("model", "check", str(starter_file))
    assert (code, out) == (1, "")
    assert err == (
        f"error: {starter_file}: ladder[0].entry[0]: unknown predicate 'has_obstacles'; "
        f"did you mean 'has_obstacle'? {WHERE_PREDICATES}\n"
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('has_obstacle = ["laws_and_regulations"', 'has_obstacle = ["law"'),
            "rules.stuck.has_obstacle: unknown obstacle 'law'",
        ),
        (
            ('tried_without_result = "table"', "tried_without_result = 3"),
            "rules.table-unresolved.tried_without_result: unknown step kind 3",
        ),
        (
            ('entry = ["stuck"]', 'entry = ["stuk"]'),
            "ladder[0].entry[0]: unknown rule 'stuk'; did you mean 'stuck'?",
        ),
        (('forum = "tafel"', 'forum = "tafels"'), "ladder[0].forum: unknown forum 'tafels'"),
        (
            ('"veilig-thuis"]', '"veilig-thuiss"]'),
            "onward_routes[1]: unknown route 'veilig-thuiss' (did you mean 'veilig-thuis'?)",
        ),
        (
            ('source = {document = "beleid"', 'source = {document = "beleidd"'),
            "source: unknown document 'beleidd'",
        ),
        (
            ('title = "Escalatietafel"\n', 'title = "Escalatietafel"\ncolour = "blue"\n'),
            "colour: unknown field, not part of the schema",
        ),
        (
            ("minutes = 120", 'minutes = "twee uur"'),
            "forums[0].cadence.series[0].minutes: expected a whole number",
        ),
        (
            ('"${minutes_per_case}"', '"${minutes_per_cas}"'),
            "forums[0].minutes_per_case: unknown setting 'minutes_per_cas'",
        ),
        (
            ("enforced = false}", 'enforced = false, has_obstacle = "waiting_list"}'),
            "ladder[0].checks[0]: a rule with enforced = false has no predicate, got has_obstacle",
        ),
        (
            ('text = "The table discussed the case and did not resolve it."\n', ""),
            "rules.table-unresolved.text: expected the rule in English",
        ),
        (
            ("minutes_per_case = {", '"first-date" = 1\nminutes_per_case = {'),
            "settings.first-date: expected a setting name of lower-case letters, digits and "
            "underscores, starting with a letter (such as first_date)",
        ),
        (
            ("minutes_per_case = {", '"from" = 1\nminutes_per_case = {'),
            "settings.from: expected a setting name",
        ),
        (
            ("[forums.cadence.holidays]\n", '[forums.cadence.holidays]\ncountry = "XX"\n'),
            "forums[0].cadence.holidays.country: expected a country code the holidays package "
            "knows",
        ),
        (
            ("[forums.cadence.holidays]\n", '[forums.cadence.holidays]\nsubdivision = "ZZ"\n'),
            "forums[0].cadence.holidays.subdivision: expected a region of NL that the holidays "
            "package knows",
        ),
        (
            (
                "other_moments_by_agreement = true\n",
                "other_moments_by_agreement = true\ncancellation_notice_days = -5\n",
            ),
            "forums[0].cadence.cancellation_notice_days: expected a whole number from 0 to 365",
        ),
    ],
)
def test_each_mistake_names_its_path(run, starter_file: Path, change, expected) -> None:
    old, new = change
    text = starter_file.read_text(encoding="utf-8")
    assert old in text
    starter_file.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, out, err = run("model", "check", str(starter_file))
    assert (code, out) == (1, "")
    assert f"error: {starter_file}: {expected}" in err, err
    assert "Traceback" not in err


def test_a_gate_must_be_enforced(run, starter_file: Path) -> None:
    text = starter_file.read_text(encoding="utf-8").replace(
        'has_obstacle = ["laws_and_regulations", "supply_unavailable", "no_fitting_provider", '
        '"waiting_list", "no_contract"]',
        "enforced = false",
    )
    starter_file.write_text(text, encoding="utf-8")
    code, _, err = run("model", "check", str(starter_file))
    assert code == 1
    assert (
        f"error: {starter_file}: ladder[0].entry[0]: rule 'stuck' is not enforced; a gate "
        "(entry, condition, prerequisite) must be" in err
    )


def test_not_toml_missing_file_and_ok_files_together(run, tmp_path: Path, starter_file) -> None:
    broken = tmp_path / "kapot.toml"
    broken.write_text('name = "x\n', encoding="utf-8")
    code, out, err = run(
        "model", "check", str(broken), str(tmp_path / "weg.toml"), str(starter_file)
    )
    assert code == 1
    assert out == f"{starter_file}: ok\n"  # the confirmation on standard output
    lines = err.splitlines()  # the problems on standard error, and the starter's two warnings
    assert len(lines) == 4, err
    assert lines[0].startswith(f"warning: {starter_file}: documents.beleid: identifier CVDR000000")
    assert any(line.startswith(f"error: {broken}: not valid TOML (") for line in lines)
    assert f"error: {tmp_path / 'weg.toml'}: no such file" in lines


def test_a_name_of_an_installed_model_is_refused(run, starter_file: Path) -> None:
    text = starter_file.read_text(encoding="utf-8").replace(
        'name = "zeewolde-tafel"', 'name = "helmond-trajectregie"'
    )
    starter_file.write_text(text, encoding="utf-8")
    code, _, err = run("model", "check", str(starter_file))
    assert code == 1
    assert (
        f"error: {starter_file}: name: 'helmond-trajectregie' is already the name of an "
        "installed model" in err
    )


OWN_ROUTE = """
[[routes]]
key = "{key}"
name = "Eigen meldpunt"
kind = "board"
description = "Een eigen meldpunt."
entry = ["stuck"]
applicants = ["municipality"]
"""


@pytest.mark.parametrize(
    ("key", "owner"),
    [("veilig-thuis", "escalatie.builtin.routes"), ("crisis", "escalatie.builtin.routes")],
)
def test_a_route_key_of_the_core_is_refused(run, starter_file: Path, key: str, owner: str) -> None:
    """A file declaring a route key the core already has is refused by ``model check``:
    otherwise it compiles on its own and passes, then breaks `compare` and cannot be
    selected."""
    with starter_file.open("a", encoding="utf-8") as out:
        out.write(OWN_ROUTE.format(key=key))
    code, out, err = run("model", "check", str(starter_file))
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"error: {starter_file}: routes[1].key: '{key}' is already the key of a route of "
        f"plugin {owner}; give the route a key of its own"
    ]
    code, _, err = run("-m", str(starter_file), "describe")
    assert code == 1
    assert err == (
        f"error: route '{key}': declared by both plugin {owner} and {starter_file}; give the "
        f"route in {starter_file} another key\n"
    )


def test_a_route_key_of_another_installed_file_is_refused_in_the_later_file(
    run, tmp_path: Path, starter_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copied starter with only its name changed declares the first one's route: the first
    file on the model path owns the key, the copy is refused, naming both."""
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    text = starter_file.read_text(encoding="utf-8")
    assert 'key = "zeewolde-tafel-bestuur"' in text
    (first / "zeewolde.toml").write_text(text, encoding="utf-8")
    copy = second / "kopie.toml"
    copy.write_text(
        text.replace('name = "zeewolde-tafel"', 'name = "zeewolde-tafel-twee"'), encoding="utf-8"
    )
    monkeypatch.setenv("ESCALATIE_MODEL_PATH", f"{first}:{second}")
    code, out, err = run("model", "check")
    assert code == 1 and f"{first / 'zeewolde.toml'}: ok" in out and f"{copy}: ok" not in out
    assert err.splitlines() == [
        f"error: {copy}: routes[0].key: 'zeewolde-tafel-bestuur' is already the key of a route "
        f"of {first / 'zeewolde.toml'}; give the route a key of its own"
    ]
    code, _, err = run("model", "check", str(copy))
    assert code == 1 and f"of {first / 'zeewolde.toml'}; give the route" in err
    code, out, _ = run("-m", "zeewolde-tafel", "describe")
    assert code == 0 and "zeewolde-tafel" in out
    code, _, err = run("-m", "zeewolde-tafel-twee", "describe")
    assert code == 1
    assert err == (
        f"error: route 'zeewolde-tafel-bestuur': declared by both {first / 'zeewolde.toml'} "
        f"and {copy}; give the route in {copy} another key\n"
    )


def test_extends_an_unknown_model_or_itself(run, tmp_path: Path) -> None:
    unknown = tmp_path / "onbekend.toml"
    unknown.write_text('name = "een"\nextends = "utrecht-maatwerktafle"\n', encoding="utf-8")
    a = tmp_path / "a.toml"
    b = tmp_path / "b.toml"
    a.write_text('name = "model-a"\nextends = "model-b"\n', encoding="utf-8")
    b.write_text('name = "model-b"\nextends = "model-a"\n', encoding="utf-8")
    itself = tmp_path / "zelf.toml"
    itself.write_text('name = "zelf"\nextends = "zelf"\n', encoding="utf-8")
    code, _, err = run("model", "check", str(unknown), str(itself))
    assert code == 1
    assert (
        f"error: {unknown}: extends: unknown model 'utrecht-maatwerktafle' "
        "(did you mean 'utrecht-maatwerktafel'?)" in err
    )
    assert f"error: {itself}: extends: 'zelf' extends this file in turn" in err
    code, out, err = run("-m", str(a), "describe")
    assert out == ""
    assert code == 1
    assert err.startswith(f"error: {a}: extends: unknown model 'model-b'")


def test_files_that_extend_each_other_in_the_search_path(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.toml").write_text('name = "model-a"\nextends = "model-b"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('name = "model-b"\nextends = "model-a"\n', encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_MODEL_PATH", str(tmp_path))
    code, _, err = run("models")
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 2 and all("a model cannot extend itself" in line for line in lines)
    assert {line.split(": extends:")[0] for line in lines} == {
        f"error: {tmp_path / 'a.toml'}",
        f"error: {tmp_path / 'b.toml'}",
    }


def test_model_check_on_bundled_files_and_the_route_file(run) -> None:
    from importlib.resources import files

    paths = [
        str(files("escalatie_examples") / "models" / f"{n}.toml")
        for n in ("helmond", "rotterdam", "groningen", "hlt")
    ]
    paths += [
        str(files("escalatie_utrecht") / "models" / f"{n}.toml")
        for n in ("maatwerktafel", "citydeal", "passend_alternatief", "knelpuntenzorg")
    ]
    paths.append(str(files("escalatie.builtin") / "national_routes.toml"))
    code, out, err = run("model", "check", *paths)
    assert (code, err) == (0, ""), err
    assert out.count(": ok") == 9


def test_a_rule_cites_other_documents_too_and_each_is_checked(run, starter_file: Path) -> None:
    text = starter_file.read_text(encoding="utf-8")
    model_source = 'source = {document = "beleid", section = "Escalatieroute"}'
    assert model_source in text
    also = model_source[:-1] + ', also = [{document = "002", section = "Helmond"}, "nope"]}'
    starter_file.write_text(text.replace(model_source, also), encoding="utf-8")
    code, _, err = run("model", "check", str(starter_file))
    assert code == 1 and "source.also[1]: unknown document 'nope'" in err
    starter_file.write_text(text.replace(model_source, also.replace(', "nope"', "")), "utf-8")
    code, out, err = run("-m", str(starter_file), "describe")
    assert code == 0, err
    assert "Escalatieroute; seed 002, Helmond]" in out


def test_an_unknown_predicate_says_where_every_predicate_is_listed(run, starter_file: Path) -> None:
    """Nothing close to 'xyzzy': the line still says where to see the predicates, and both
    places it names do list every installed predicate (a plugin's too)."""
    import json

    from escalatie.plugins import default_registry

    text = starter_file.read_text(encoding="utf-8").replace("has_obstacle = [", "xyzzy = [")
    starter_file.write_text(text, encoding="utf-8")
    code, out, err = run("model", "check", str(starter_file))
    assert (code, out) == (1, "")
    assert (
        err == f"error: {starter_file}: rules.stuck: unknown predicate 'xyzzy' {WHERE_PREDICATES}\n"
    )
    code, schema, _ = run("schema", "model")
    assert code == 0
    listed = json.dumps(json.loads(schema)["$defs"]["Predicate"])
    assert all(f'"{name}"' in listed for name in default_registry().predicates)
    guide = (Path(__file__).parents[2] / "docs" / "model-files.md").read_text(encoding="utf-8")
    assert "\n### Predicates\n" in guide
    from escalatie.predicates import core_predicates

    assert all(f"| `{name}` |" in guide for name in core_predicates(()))


def test_a_name_only_a_file_here_has_says_how_to_use_that_file(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-m zeewolde` (the file's stem) or `-m zeewolde-tafel` (its name), with the file in the
    current folder but not installed: the one error line says to give its path."""
    monkeypatch.chdir(tmp_path)
    assert run("model", "new", "zeewolde-tafel", "-o", "zeewolde.toml")[0] == 0
    hint = (
        "; the model file ./zeewolde.toml here is not installed: use -m ./zeewolde.toml "
        "(or add its folder to ESCALATIE_MODEL_PATH)\n"
    )
    for name in ("zeewolde", "zeewolde-tafel"):
        code, out, err = run("-m", name, "describe")
        assert (code, out) == (1, "")
        # about the file only: no installed model suggested first (new-user review)
        assert err == f"error: unknown model '{name}'{hint}", err
    code, _, err = run("compare", "--examples", "--models", "zeewolde-tafel")
    # the hint names the option the name was given with (new-user review)
    assert code == 1 and err.endswith(hint.replace("use -m ", "use --models ")), err
    code, _, err = run("-m", "elders", "describe")  # no such file here: no hint
    assert code == 1 and "model file" not in err
    code, out, _ = run("-m", "./zeewolde.toml", "describe")  # the hint works as written
    assert code == 0 and "Escalatietafel" in out


def test_a_name_several_files_here_have_names_them_all(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two files here both called ``zeewolde-tafel`` (and a third called so by its stem): the
    hint names every one, in file-name order, rather than picking one (new-user review)."""
    monkeypatch.chdir(tmp_path)
    for file in ("zeewolde.toml", "kopie.toml"):
        assert run("model", "new", "zeewolde-tafel", "-o", file)[0] == 0
    assert run("model", "new", "ander", "-o", "zeewolde-tafel.toml")[0] == 0
    code, out, err = run("-m", "zeewolde-tafel", "describe")
    assert (code, out) == (1, "")
    assert err == (
        "error: unknown model 'zeewolde-tafel'; 3 model files here have that name, none of "
        "them installed: ./zeewolde-tafel.toml, ./kopie.toml, ./zeewolde.toml; use -m with the path "
        "of the one you mean (-m ./zeewolde-tafel.toml)\n"
    )


def test_a_name_of_files_here_still_says_an_installed_file_could_not_be_read(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An installed file refused for its loose folder is named in the error, not hidden behind
    the files of the current folder ("none installed", use -m ./h1.toml)."""
    shelf = tmp_path / "gedeeld" / "modellen"
    shelf.mkdir(parents=True)
    assert run("model", "new", "zeewolde-tafel", "-o", str(shelf / "zeewolde.toml"))[0] == 0
    (tmp_path / "gedeeld").chmod(0o777)  # the folder above: anyone could swap the file
    monkeypatch.setenv("ESCALATIE_MODEL_PATH", str(shelf))
    here = tmp_path / "hier"
    here.mkdir()
    monkeypatch.chdir(here)
    unread = f"1 model file(s) could not be read ({shelf / 'zeewolde.toml'}; escalatie model "
    for file in ("h1.toml", "h2.toml"):  # one file here, then two
        assert run("model", "new", "zeewolde-tafel", "-o", file)[0] == 0
        code, _, err = run("-m", "zeewolde-tafel", "describe")
        assert code == 1 and err.startswith(f"error: unknown model 'zeewolde-tafel'; {unread}")
        assert "check lists the problems); " in err and "./h1.toml" in err, err
        assert "none installed" not in err


@pytest.mark.parametrize(
    "address",
    ["a@b.example, evil@attacker.example", "not an address", "a@b.example>, <evil@x.example"],
)
def test_an_organiser_address_is_one_e_mail_address(run, starter_file: Path, address: str) -> None:
    """The organiser's address becomes the invitation's ``From:`` and ORGANIZER: a list or a
    display name there would add an address nobody chose (attacker review), so it is checked
    as the settings addresses are, one line naming the field."""
    text = starter_file.read_text(encoding="utf-8")
    written = 'address = "escalatietafel@zeewolde.example"}'
    assert written in text
    starter_file.write_text(
        text.replace(written, f'address = "{address}"}}'),
        encoding="utf-8",
    )
    code, out, err = run("model", "check", str(starter_file))
    assert (code, out) == (1, "")
    assert err == (
        f"error: {starter_file}: forums[0].organiser.address: expected an e-mail address such "
        f"as team@org.example (one address: letters, digits and . _ + - before the @, a domain "
        f"of letters, digits and -), got {address!r}\n"
    )
    good = text.replace(written, 'address = "tafel@zeewolde.example"}')
    starter_file.write_text(good, encoding="utf-8")
    assert run("model", "check", str(starter_file))[0] == 0


MARKED = (
    "summary, documents.beleid.title, contact_points[0].mandate.note, "
    "forums[0].cadence.assumption, rules.agreements.text, learning[0].description"
)
"""Where a fresh starter holds its example texts, as ``model check`` names them."""


def test_the_starters_placeholder_document_is_a_warning_until_replaced(
    run, starter_file: Path
) -> None:
    """Policy review: the starter's rules cited a "Beleidsregel escalatie jeugdhulp" of the
    municipality with identifier CVDR000000, speaking for a municipality that never wrote it.
    The document is titled as an example, and `model check` warns (exit 0) until it is
    replaced; the rhythm is an assumption, and the board route and powers are examples."""
    text = starter_file.read_text(encoding="utf-8")
    assert 'title = "VOORBEELD – vervang door uw eigen beleidsdocument"' in text
    assert "family_at_table = true" not in text.replace("# family_at_table = true", "")
    code, out, err = run("model", "check", str(starter_file))
    assert (code, out) == (0, f"{starter_file}: ok\n")
    assert err == (
        f"warning: {starter_file}: documents.beleid: identifier CVDR000000 is the starter's "
        "placeholder; cite your own policy document (its title, year and CVDR number or URL)\n"
        f"warning: {starter_file}: {MARKED}: the starter's example text, marked VOORBEELD; "
        "replace it with what your own policy document says\n"
    )
    code, out, _ = run("-m", str(starter_file), "describe")
    assert "assumption of the library, not of the source: the starter's example rhythm" in out
    assert "VOORBEELD: example powers" in out
    assert out.split("\n\n")[1].startswith("VOORBEELD, not yet the policy of Zeewolde")
    # New-user review: with only the identifier replaced, `ok` came without a word while every
    # rule still cited "VOORBEELD – vervang door uw eigen beleidsdocument".
    text = text.replace('identifier = "CVDR000000"', 'identifier = "CVDR654321"')
    starter_file.write_text(text, encoding="utf-8")
    code, out, err = run("model", "check", str(starter_file))
    assert (code, out) == (0, f"{starter_file}: ok\n")
    assert err == (
        f"warning: {starter_file}: {MARKED}: the starter's example text, marked VOORBEELD; "
        "replace it with what your own policy document says\n"
    )
    # Each text replaced (comments do not count), the warning goes.
    for line in text.splitlines():
        if "VOORBEELD" in line and not line.startswith("#"):
            key = line.split(" = ", 1)[0]
            text = text.replace(line, f'{key} = "Gemeente Zeewolde, eigen tekst"')
    starter_file.write_text(text, encoding="utf-8")
    assert run("model", "check", str(starter_file)) == (0, f"{starter_file}: ok\n", "")


def test_a_mistyped_power_gets_did_you_mean(run, starter_file: Path) -> None:
    """As a mistyped forum kind does: the hint is the same for every closed vocabulary."""
    text = starter_file.read_text(encoding="utf-8")
    starter_file.write_text(
        text.replace('powers = ["push_through", "escalate_to_board"]', 'powers = ["budgett"]'),
        encoding="utf-8",
    )
    code, _, err = run("model", "check", str(starter_file))
    assert code == 1
    (line,) = [x for x in err.splitlines() if ".mandate.powers[0]" in x]
    assert line.endswith('; got "budgett" (did you mean budget?)'), line


@pytest.mark.parametrize(
    ("given", "meant"), [("Zeewolde-Tafel", "zeewolde-tafel"), ("Zeewolde tafel", "zeewolde-tafel")]
)
def test_model_new_suggests_the_name_it_means(run, tmp_path: Path, given: str, meant: str) -> None:
    code, _, err = run("model", "new", given, "-o", str(tmp_path / "z.toml"))
    assert code == 2 and not (tmp_path / "z.toml").exists()
    assert err.rstrip().endswith(f"got {given!r}; did you mean {meant}?"), err


def test_no_suggestion_where_no_name_is_near(run, tmp_path: Path) -> None:
    code, _, err = run("model", "new", "zee/wolde", "-o", str(tmp_path / "z.toml"))
    assert code == 2 and "did you mean" not in err


def test_a_settings_mistake_is_said_once_and_where_it_is_written(run, starter_file: Path) -> None:
    """A mistyped ``${setting}`` is one line (not a second calling the placeholder a bad whole
    number), and a bad default in ``[settings]`` is reported where it is written, not only
    where it is used."""
    text = starter_file.read_text(encoding="utf-8")
    text = text.replace('"${minutes_per_case}"', '"${minutes_per_cas}"', 1)
    text = text.replace("[settings]\n", '[settings]\nfirst_date = "08-01-2026"\n', 1)
    assert "runs_from = 2026-01-01\n" in text
    text = text.replace("runs_from = 2026-01-01\n", 'runs_from = "${first_date}"\n', 1)
    starter_file.write_text(text, encoding="utf-8")
    code, _, err = run("model", "check", str(starter_file))
    assert code == 1
    lines = [x.removeprefix(f"error: {starter_file}: ") for x in err.splitlines()]
    assert [x for x in lines if x.startswith("forums[0].minutes_per_case")] == [
        "forums[0].minutes_per_case: unknown setting 'minutes_per_cas' (declare it under "
        "[settings])"
    ]
    assert (
        "forums[0].cadence.series[0].runs_from (from settings.first_date): expected a date as "
        "YYYY-MM-DD, got '08-01-2026' (did you mean 2026-01-08?)"
    ) in lines
