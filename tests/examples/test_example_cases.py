"""Seed 002's eight stuck cases: present, valid, invented, and routed by every model."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from escalatie.case import SafetyLevel
from escalatie.documents import case_from_json, dump_json
from escalatie.privacy import pseudonymise
from escalatie.triaging import triage
from escalatie_examples.cases import CATALOGUE, SOURCES

MY_MODELS = ("helmond-trajectregie", "rotterdam-zorgconsulaat", "groningen-3d", "hlt-ontschotter")


def test_the_eight_cases_of_seed_002_are_registered(registry):
    examples = registry.examples
    assert set(CATALOGUE) <= set(examples)
    files = {
        p.name.removesuffix(".json")
        for p in resources.files("escalatie_examples.cases").iterdir()
        if p.name.endswith(".json")
    }
    assert files == set(CATALOGUE)
    from_seed_002 = [name for name in CATALOGUE if name not in SOURCES]
    assert len(from_seed_002) == 8
    for name in CATALOGUE:
        assert examples[name].source.seed == (
            "002" if name in from_seed_002 else SOURCES[name].seed
        )
        assert examples[name].title


def test_titles_keep_to_the_seeds_facts():
    """Seed 002: 'Een thuisloos gezin met vier kinderen', the number of parents is not given."""
    title = CATALOGUE["thuisloos-gezin-inschrijving"]
    assert "four children" in title and "six" not in title


def test_references_are_unique_and_at_most_one_identity_block(registry):
    cases = [registry.example(name).case for name in CATALOGUE]
    assert len({c.reference for c in cases}) == len(cases)
    with_identity = [c for c in cases if c.identity is not None]
    assert len(with_identity) == 1
    (invented,) = with_identity
    assert "Voorbeeld" in invented.identity.name and "example" in invented.identity.email


def test_pseudonymised_example_carries_no_identifier(registry):
    case = registry.example("thuiszitter-zonder-contract").case
    assert case.identity is not None
    text = dump_json(pseudonymise(case))
    for value in case.identity.values():
        assert value not in text


def test_documents_round_trip(registry):
    for name in CATALOGUE:
        case = registry.example(name).case
        assert case_from_json(dump_json(case)) == case


def test_safety_levels(registry):
    level = {name: registry.example(name).case.safety.level for name in CATALOGUE}
    # Seed 002: a risk "als vader met verlof is", and the question is the information the GGZ
    # institution withholds: a concern, so the table stays possible (policy review 9).
    assert level["vader-verlof-veiligheid"] is SafetyLevel.CONCERN
    # Suicidal thoughts are an acute mental-health crisis, not a signal of violence or abuse.
    assert level["meisje-zelfbeschadiging"] is SafetyLevel.NONE
    assert registry.example("meisje-zelfbeschadiging").case.crisis.acute
    # No sign of violence, abuse or neglect: no Veilig Thuis consult (policy review); her need
    # of a safe, fixed place is a housing question for the plan.
    assert level["zwangere-tiener-opvang"] is SafetyLevel.NONE
    assert level["thuiszitter-zonder-contract"] is SafetyLevel.NONE


def test_every_example_through_every_installed_model(registry, monday_morning):
    """No error anywhere; every result either routes with reasons or explains why not."""
    assert registry.models
    for model in registry.models.values():
        for example in registry.examples.values():
            result = triage(registry, model, example.case, monday_morning)
            if result.route is not None:
                assert result.reasons, (model.name, example.name)
                # a seed, or a declared document by its title (publisher year)
                assert all(r.source.startswith("seed ") or ")" in r.source for r in result.reasons)
            else:
                assert result.not_met, (model.name, example.name)


@pytest.mark.parametrize("model", MY_MODELS)
@pytest.mark.parametrize("name", sorted(set(CATALOGUE) - set(SOURCES)))
def test_every_seed_002_vignette_gets_a_route_with_reasons_in_the_example_models(
    registry, monday_morning, model, name
):
    case = registry.example(name).case
    result = triage(registry, registry.model(model), case, monday_morning)
    assert result.eligible and result.route is not None
    assert result.reasons
    if case.crisis.acute:
        assert result.route == "crisis"
    elif case.safety.level is SafetyLevel.ACUTE:
        assert result.route == "veilig-thuis"
    else:
        assert result.route != "veilig-thuis"


def test_example_files_hold_no_extra_keys_and_parse_strictly():
    folder = resources.files("escalatie_examples.cases")
    for name in CATALOGUE:
        data = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        assert case_from_json(json.dumps(data)).reference == data["reference"]


def test_an_example_reaches_a_board_route_in_compare() -> None:
    """``compare --examples`` shows a board escalation (new-user review: no example did): the
    senior adviser of Utrecht's knelpuntenzorg handled the case without result, so the three
    Utrecht models that name the board send it there (onward route ``utrecht-bestuur``, kind
    board, rule ``utrecht.bestuur.adviser-did-not-resolve``; seed 002, Utrechtse aanpak), and
    Helmond and Groningen give their own bestuurlijk opschalen after an unresolved push."""
    from click.testing import CliRunner

    from escalatie.cli import cli
    from escalatie.plugins import default_registry

    result = CliRunner().invoke(
        cli,
        ["compare", "--examples", "--format", "json", "--at", "2026-03-02T10:00",
         "--show-reference"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = {r["model"]: r for r in json.loads(result.stdout) if r["case"] == "VB-002-13"}
    for model in ("utrecht-knelpuntenzorg", "utrecht-maatwerktafel", "utrecht-passend-alternatief"):
        row = rows[model]
        assert (row["route"], row["route_type"]) == ("utrecht-bestuur", "onward") and row["ready"]
        assert row["reasons"] == ["utrecht.bestuur.adviser-did-not-resolve"]
    board = default_registry().route("utrecht-bestuur")
    assert board.kind == "board"
    # Seed 002 says "korte lijnen" for Utrecht; "bestuurlijk opschalen" only for Helmond and
    # Groningen (policy review).
    assert board.name == "Korte lijn naar het bestuur (Utrecht)"
    assert rows["helmond-trajectregie"]["route"] == "bestuurlijk-opschalen"
    assert rows["groningen-3d"]["reasons"] == ["groningen.board-after-push-through"]


def test_the_father_on_leave_keeps_a_route_beside_veilig_thuis(registry, monday_morning):
    """Seed 002's vignette asks how to keep mother and children safe while the GGZ institution
    withholds the leave dates: a concern, so a Veilig Thuis consult is an action beside the
    model's own route (policy review 9, finding 7)."""
    case = registry.example("vader-verlof-veiligheid").case
    for name in ("utrecht-knelpuntenzorg", "groningen-3d"):
        result = triage(registry, registry.model(name), case, monday_morning)
        assert result.route is not None and "veilig" not in result.route, name
        assert any(r.rule == "core.safety-concern-consult" for r in result.actions), name
