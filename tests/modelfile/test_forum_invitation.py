"""A forum's invitation wording and whether the family takes part, as a model file sets them
(policy review: the City Deal overleg's invitation promised a plan and asked "Vraag aan de
tafel", and "family at the table: no" was printed where seed 001 says nothing)."""

from __future__ import annotations

import json
from pathlib import Path


def _edited(starter_file: Path, old: str, new: str) -> Path:
    text = starter_file.read_text(encoding="utf-8")
    assert old in text
    starter_file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return starter_file


def test_the_starter_states_its_invitation_and_describe_shows_it(run, starter_file: Path) -> None:
    code, out, err = run("-m", str(starter_file), "describe")
    assert code == 0, err
    assert (
        "    family at the table: yes; participants bring a mandate: not stated by the source"
        " (niet vastgelegd in de bron)\n"
    ) in out
    assert (
        '    invitation: names the forum "de tafel"; carries the question and the anonymised '
        "plan\n"
    ) in out


def test_a_file_may_leave_the_family_out_and_ask_no_plan(run, starter_file: Path) -> None:
    _edited(starter_file, "family_at_table = true\n", "")
    _edited(starter_file, "\nasks_for_plan = true\n", "\nasks_for_plan = false\n")
    _edited(starter_file, 'noun = "de tafel"', 'noun = "het overleg"')
    assert run("model", "check", str(starter_file))[:2] == (0, f"{starter_file}: ok\n")
    code, out, err = run("-m", str(starter_file), "describe")
    assert code == 0, err
    assert (
        "    family at the table: not stated by the source (niet vastgelegd in de bron); "
        "participants bring a mandate: not stated by the source (niet vastgelegd in de bron)\n"
    ) in out
    assert '    invitation: names the forum "het overleg"; carries the question, no plan\n' in out
    (forum,) = json.loads(run("-m", str(starter_file), "describe", "--json")[1])["forums"]
    assert forum["participants"]["family_at_table"] is None
    assert forum["invitation"] == {"asks_for_plan": False, "noun": "het overleg"}
    assert forum["mandate_required"] is None


def test_a_mandate_and_a_plan_are_yes_no_or_not_stated(run, starter_file: Path) -> None:
    """Policy review: "participants bring a mandate: no" was printed for six models whose source
    is silent, and the plan went out where no source asked for it. Left out, both are not
    stated, and a plan nobody asked for is not sent (AVG art. 5(1)(c))."""
    _edited(starter_file, "\nasks_for_plan = true\n", "\n")
    code, out, err = run("-m", str(starter_file), "describe")
    assert code == 0, err
    assert (
        '    invitation: names the forum "de tafel"; carries the question only; the anonymised'
        " plan: not stated by the source (niet vastgelegd in de bron), so none is sent\n"
    ) in out
    (forum,) = json.loads(run("-m", str(starter_file), "describe", "--json")[1])["forums"]
    assert forum["invitation"]["asks_for_plan"] is None
    _edited(starter_file, 'kind = "table"\n', 'kind = "table"\nmandate_required = true\n')
    out = run("-m", str(starter_file), "describe")[1]
    assert "; participants bring a mandate: yes\n" in out
    _edited(starter_file, "mandate_required = true\n", "mandate_required = false\n")
    out = run("-m", str(starter_file), "describe")[1]
    assert "; participants bring a mandate: no" in out
    _edited(starter_file, "mandate_required = false\n", 'mandate_required = "ja"\n')
    code, _, err = run("model", "check", str(starter_file))
    assert code == 1 and "forums[0].mandate_required" in err


def test_a_noun_outside_the_three_is_named_by_model_check(run, starter_file: Path) -> None:
    _edited(starter_file, 'noun = "de tafel"', 'noun = "het comité"')
    code, out, err = run("model", "check", str(starter_file))
    assert code == 1 and out == ""
    assert "forums[0].invitation.noun" in err
    assert "expected one of de tafel, de commissie, het overleg; got \"het comité\"" in err
    _edited(starter_file, 'noun = "het comité"', 'noun = "de tafel"')
    _edited(starter_file, "\nasks_for_plan = true\n", '\nasks_for_plan = "ja"\n')
    code, _, err = run("model", "check", str(starter_file))
    assert code == 1 and "forums[0].invitation.asks_for_plan" in err
