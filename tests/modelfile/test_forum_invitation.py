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
    """The starter leaves out what a source may not say (policy review: it set the family at
    the table and sent the plan though its comment said to leave them out where the source is
    silent): describe prints not stated, and the invitation carries the question only."""
    code, out, err = run("-m", str(starter_file), "describe")
    assert code == 0, err
    assert (
        "    family at the table: not stated by the source (niet vastgelegd in de bron);"
        " participants bring a mandate: not stated by the source (niet vastgelegd in de bron)\n"
    ) in out
    assert (
        '    invitation: names the forum "de tafel"; carries the question only; the anonymised'
        " plan: not stated by the source (niet vastgelegd in de bron), so none is sent\n"
    ) in out
    (forum,) = json.loads(run("-m", str(starter_file), "describe", "--json")[1])["forums"]
    assert forum["participants"]["family_at_table"] is None
    assert forum["invitation"] == {"asks_for_plan": None, "noun": "de tafel"}
    assert forum["mandate_required"] is None


def test_a_file_states_the_family_the_plan_and_the_mandate(run, starter_file: Path) -> None:
    """Each is yes, no or left out (not stated); a yes or no is printed as such."""
    _edited(starter_file, "# family_at_table = true\n", "family_at_table = true\n")
    _edited(starter_file, '\nnoun = "de tafel"', '\nasks_for_plan = true\nnoun = "de tafel"')
    _edited(starter_file, 'kind = "table"\n', 'kind = "table"\nmandate_required = true\n')
    code, out, err = run("-m", str(starter_file), "describe")
    assert code == 0, err
    assert "    family at the table: yes; participants bring a mandate: yes\n" in out
    assert (
        '    invitation: names the forum "de tafel"; carries the question and the anonymised plan\n'
    ) in out
    _edited(starter_file, "family_at_table = true\n", "family_at_table = false\n")
    _edited(starter_file, "\nasks_for_plan = true\n", "\nasks_for_plan = false\n")
    _edited(starter_file, "mandate_required = true\n", "mandate_required = false\n")
    _edited(starter_file, 'noun = "de tafel"', 'noun = "het overleg"')
    assert run("model", "check", str(starter_file))[:2] == (0, f"{starter_file}: ok\n")
    code, out, err = run("-m", str(starter_file), "describe")
    assert code == 0, err
    # a no is printed with the forum's mandate note, so a source's nuance is kept
    assert "    family at the table: no; participants bring a mandate: no (VOORBEELD" not in out
    assert "    family at the table: no; participants bring a mandate: no\n" in out
    assert '    invitation: names the forum "het overleg"; carries the question, no plan\n' in out
    (forum,) = json.loads(run("-m", str(starter_file), "describe", "--json")[1])["forums"]
    assert forum["participants"]["family_at_table"] is False
    assert forum["invitation"] == {"asks_for_plan": False, "noun": "het overleg"}
    assert forum["mandate_required"] is False
    _edited(starter_file, "mandate_required = false\n", 'mandate_required = "ja"\n')
    code, _, err = run("model", "check", str(starter_file))
    assert code == 1 and "forums[0].mandate_required" in err


def test_a_no_keeps_the_nuance_of_the_forums_mandate_note(run, starter_file: Path) -> None:
    """Seed 001, City Deal: "Er is geen mandaat vastgelegd, maar wel een gedeeld besef …": a
    no printed with the note of [forums.mandate]."""
    _edited(starter_file, 'kind = "table"\n', 'kind = "table"\nmandate_required = false\n')
    _edited(
        starter_file,
        "[forums.invitation]",
        '[forums.mandate]\nformal = false\nnote = "none laid down; a shared responsibility"\n\n'
        "[forums.invitation]",
    )
    code, out, err = run("-m", str(starter_file), "describe")
    assert code == 0, err
    assert "; participants bring a mandate: no (none laid down; a shared responsibility)\n" in out


def test_a_noun_outside_the_three_is_named_by_model_check(run, starter_file: Path) -> None:
    _edited(starter_file, 'noun = "de tafel"', 'noun = "het comité"')
    code, out, err = run("model", "check", str(starter_file))
    assert code == 1 and out == ""
    assert "forums[0].invitation.noun" in err
    assert 'expected one of de tafel, de commissie, het overleg; got "het comité"' in err
    _edited(starter_file, 'noun = "het comité"', 'noun = "de tafel"')
    _edited(starter_file, '\nnoun = "de tafel"', '\nasks_for_plan = "ja"\nnoun = "de tafel"')
    code, _, err = run("model", "check", str(starter_file))
    assert code == 1 and "forums[0].invitation.asks_for_plan" in err
