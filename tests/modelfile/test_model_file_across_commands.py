"""The new user's findings of the 21:15 review, each through the command line: a model file
selected with -m joins compare and simulate, describe lists the keys --aanspreekpunt takes,
error lines are not cut mid-word, the triage check cites what applies to the model, the
starter invites as it is, and the smaller points."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from escalatie.errors import cut_words

from .conftest import Run

AT = ("--at", "2026-03-02T10:00")


def example(run: Run, name: str, path: Path) -> Path:
    code, out, err = run("examples", name)
    assert code == 0, err
    path.write_text(out, encoding="utf-8")
    return path


def compared_models(out: str) -> set[str]:
    return {row["model"] for row in csv.DictReader(io.StringIO(out))}


def test_a_model_selected_with_minus_m_joins_compare_and_simulate(
    run: Run, starter_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 1: `-m ./zeewolde.toml compare --examples` left the file's model out silently."""
    code, out, err = run("-m", str(starter_file), "compare", "--examples", "--format", "csv", *AT)
    assert code == 0, err
    models = compared_models(out)
    assert "zeewolde-tafel" in models and "utrecht-maatwerktafel" in models
    monkeypatch.setenv("ESCALATIE_MODEL", str(starter_file))
    code, out, err = run(
        "compare", "--examples", "--models", "utrecht-citydeal", "--format", "csv", *AT
    )
    assert code == 0, err
    assert compared_models(out) == {"utrecht-citydeal", "zeewolde-tafel"}
    code, out, err = run(
        "simulate", "--cases-per-month", "2", "--months", "2", "--seed", "1", "--format", "csv"
    )
    assert code == 0, err
    assert "zeewolde-tafel" in {row["model"] for row in csv.DictReader(io.StringIO(out))}


def test_describe_lists_the_keys_aanspreekpunt_takes(run: Run, starter_file: Path) -> None:
    """Item 2: the help says "as describe lists them"; the text describe showed no keys."""
    code, out, _ = run("-m", str(starter_file), "describe")
    assert code == 0
    assert "    key: aanspreekpunt (for --aanspreekpunt)\n" in out
    assert "(board; key zeewolde-tafel-bestuur)" in out


def test_a_long_error_line_keeps_its_citation_whole(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 3: invite's refusal under Utrecht's model was cut at 400 characters, in a quote."""
    monkeypatch.chdir(tmp_path)
    case = example(run, "adviseur-knelpuntenzorg-zonder-resultaat", tmp_path / "k.json")
    code, out, err = run(
        "-m", "utrecht-maatwerktafel", "invite", "--slot", "2026-03-09T09:15", str(case),
        "-o", "uitnodiging.ics", *AT,
    )  # fmt: skip
    assert (code, out) == (1, "")
    (line,) = err.splitlines()
    assert len(line) > 400 and "…" not in line
    assert line.endswith(
        "[seed 000, 2. Route naar een maatwerktafel ('besproken "
        "of het passend is'); 3. Organisatie ('Indien de uitkomst van je gesprek met je "
        "aanspreekpunt is dat het passend is')]"
    ), line


def test_a_cut_line_ends_at_a_word_with_its_brackets_closed() -> None:
    text = "refused [rule.id; seed 000, 3. Organisatie ('Indien de uitkomst van je gesprek')]"
    cut = cut_words(text, 70)
    assert len(cut) <= 70 and cut.endswith(" …')]"), cut
    assert cut.removesuffix(" …')]").split()[-1] in text.split()
    assert cut_words(text, 1000) == text


def test_the_triage_check_cites_the_core_rule_for_a_model_file(
    run: Run, starter_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 4: a Zeewolde model file's refusal cited Utrecht's handbook (seed 000)."""
    monkeypatch.chdir(tmp_path)
    case = example(run, "autistische-jongen-slaapkliniek", tmp_path / "c.json")
    document = json.loads(case.read_text(encoding="utf-8"))
    document["obstacles"] = []  # not stuck: the starter's triage gives no route
    case.write_text(json.dumps(document), encoding="utf-8")
    code, _, err = run(
        "-m", str(starter_file), "invite", "--slot", "2026-03-10T09:30", str(case),
        "-o", "u.ics", *AT,
    )  # fmt: skip
    assert code == 1
    assert "gives no route, not forum tafel" in err
    assert err.rstrip().endswith(
        "[escalatie's own rule for every model "
        "(docs/calendar.md, 'invite follows triage'), taken from Utrecht's maatwerktafel "
        "(seed 000)]"
    ), err
    assert "seed 000, 2. Route" not in err


def test_a_fresh_starter_invites_its_submitter(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 5: the starter's organiser had no address, so invite failed on it."""
    monkeypatch.chdir(tmp_path)
    assert run("model", "new", "zeewolde", "-o", "zeewolde.toml")[0] == 0
    text = (tmp_path / "zeewolde.toml").read_text(encoding="utf-8")
    assert "only the submitter is invited" in text
    case = example(run, "autistische-jongen-slaapkliniek", tmp_path / "c.json")
    code, _, err = run(
        "-m", "./zeewolde.toml", "invite", "--slot", "2026-03-10T09:30", str(case),
        "-o", "u.ics", *AT,
    )  # fmt: skip
    assert code == 0, err
    written = (tmp_path / "u.ics").read_text(encoding="utf-8")
    assert "mailto:escalatietafel@zeewolde.example" in written


def test_a_path_without_toml_is_pointed_at_the_file(
    run: Run, starter_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 7: `-m ./zeewolde` was told to use `-m ././zeewolde.toml`."""
    monkeypatch.chdir(starter_file.parent)
    code, out, err = run("-m", "./zeewolde", "describe")
    assert (code, out) == (1, "")
    assert err == (
        "error: -m ./zeewolde: no such model file; the model file ./zeewolde.toml is there: "
        "use -m ./zeewolde.toml\n"
    )


def test_the_small_points(
    run: Run, starter_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 9: audit's number, signal --to without audiences, case show's moments and forum
    name for a model file, a Dutch field name."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ESCALATIE_DB", str(tmp_path / "register.sqlite3"))
    monkeypatch.setenv("ESCALATIE_ACTOR", "tester")
    model = ("-m", str(starter_file))
    case = example(run, "autistische-jongen-slaapkliniek", tmp_path / "c.json")
    code, out, err = run(*model, "case", "new", str(case), *AT)
    assert code == 0, err
    case_id = out.strip()
    # The starter ships its board route's [[learning]] output (new-user review 7, finding 4).
    code, _, err = run(*model, "signal", "add", "--case", case_id, "--kind", "rule",
                       "--blocks", "regels", "--to", "bestuur", *AT)  # fmt: skip
    assert code == 0, err
    code, _, err = run(*model, "signal", "add", "--case", case_id, "--kind", "rule",
                       "--blocks", "regels", "--to", "veld", *AT)  # fmt: skip
    assert code == 1
    assert err == "error: --to: model zeewolde-tafel names no audience 'veld'; it names: bestuur\n"
    text = starter_file.read_text(encoding="utf-8")
    bare = tmp_path / "bare.toml"
    bare.write_text(text[: text.index("[[learning]]")], encoding="utf-8")
    code, _, err = run("-m", str(bare), "signal", "add", "--case", case_id, "--kind", "rule",
                       "--blocks", "regels", "--to", "bestuur", *AT)  # fmt: skip
    assert code == 1
    assert (
        "names no audience 'bestuur'; it names none; a model file adds one with a "
        '[[learning]] output that has audience_key = "bestuur"' in err
    )
    later = ("--at", "2026-03-03T10:00")
    assert run(*model, "case", "plan", case_id, "--slot", "2026-03-10T09:30", *later)[0] == 0
    code, out, err = run(*model, "case", "show", case_id, *later)
    assert code == 0, err
    assert "Submitted: 2026-03-02 10:00 CET (model zeewolde-tafel)\n" in out
    assert "On the agenda: Escalatietafel (tafel) at 2026-03-10 09:30 CET\n" in out
    meeting = ("--at", "2026-03-10T11:00")
    code, _, err = run(*model, "agreement", "add", case_id, "--action", "slaaponderzoek",
                       "--owner", "Kliniek", "--due", "2026-04-01", "--lead", "wijkteam",
                       *meeting)  # fmt: skip
    assert code == 0, err
    assert run(*model, "agreements", "--case", case_id, *meeting)[0] == 0
    code, out, _ = run("audit", *meeting)
    assert code == 0 and "(1 agreement)" in out, out
    assert " 1 agreements" not in out
    assert (
        "events_sealed - (a new register: every event and row is sealed from the first one "
        "on)" in out
    )
    document = json.loads(case.read_text(encoding="utf-8"))
    document["leeftijd"] = document.pop("age")
    case.write_text(json.dumps(document), encoding="utf-8")
    code, _, err = run(*model, "triage", str(case), *AT)
    assert code == 1
    assert "$.leeftijd: unknown field, not part of the schema (did you mean age?)" in err
    # The hint comes first, before the missing field it explains (new-user review 7).
    lines = err.splitlines()
    assert lines.index(next(x for x in lines if "$.leeftijd:" in x)) < lines.index(
        next(x for x in lines if "$.age: required field missing" in x)
    ), err
