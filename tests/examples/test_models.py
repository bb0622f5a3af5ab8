"""Scenarios per model: who may submit and how, the ladder, mandates, checks and learning."""

from __future__ import annotations

from datetime import datetime

import pytest

from escalatie.forum import ForumKind
from escalatie.organisation import Audience, Power
from escalatie.triage import RouteType, triage

MY_MODELS = ("helmond-trajectregie", "rotterdam-zorgconsulaat", "groningen-3d", "hlt-ontschotter")


def run(registry, model: str, case, at: datetime):
    return triage(registry, registry.model(model), case, at)


def rule_ids(reasons) -> set[str]:
    return {r.rule for r in reasons}


# --- every model ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", MY_MODELS)
def test_every_rule_names_seed_002_and_its_section(registry, name):
    model = registry.model(name)
    rules = [r for step in model.ladder for r in step.entry + step.conditions]
    rules += [r for step in model.ladder for r in step.prerequisites + step.checks]
    assert rules
    for rule in rules:
        assert rule.source.seed == "002", rule.id
        assert rule.source.section == model.source.section, rule.id
        assert rule.id.split(".")[0] in name, rule.id
    assert len({r.id for r in rules}) == len({(r.id, r.text) for r in rules})
    for point in model.contact_points:
        assert point.source == model.source
    assert model.source.seed == "002"


@pytest.mark.parametrize("name", MY_MODELS)
def test_acute_safety_goes_to_veilig_thuis(registry, make_case, monday_morning, name):
    case = make_case(safety={"level": "acute", "description": "direct gevaar"})
    result = run(registry, name, case, monday_morning)
    assert result.route == "veilig-thuis"
    assert result.next_meeting is None


@pytest.mark.parametrize("name", MY_MODELS)
def test_describe_lists_ladder_routes_and_rules(registry, name):
    from escalatie.describe import describe, render

    data = describe(registry, registry.model(name))
    assert data["ladder"] and data["onward_routes"]
    text = render(data)
    assert "seed 002" in text


# --- Helmond ----------------------------------------------------------------------------------

HELMOND = "helmond-trajectregie"


def test_helmond_round_table_first_then_options_with_the_client(
    registry, make_case, monday_morning
):
    result = run(
        registry, HELMOND, make_case(submitter={"role": "housing_corporation"}), monday_morning
    )
    assert result.route == "ronde-tafel"
    assert "helmond.options-with-client" in rule_ids(result.actions)
    assert result.next_meeting is not None and result.next_meeting.weekday() == 2
    assert "helmond-bestuur" not in result.onward


def test_helmond_board_only_after_an_unresolved_round_table(
    registry, make_case, prior, monday_morning
):
    unresolved = make_case(prior_steps=[prior("round_table", resolved=False)])
    result = run(registry, HELMOND, unresolved, monday_morning)
    assert result.route == "bestuurlijk-opschalen"
    assert "helmond.board-after-round-table" in rule_ids(result.reasons)
    assert "helmond-bestuur" in result.onward

    resolved = make_case(prior_steps=[prior("round_table", resolved=True)])
    assert run(registry, HELMOND, resolved, monday_morning).route == "ronde-tafel"
    no_table = make_case(prior_steps=[prior("home_visit", resolved=False)])
    assert run(registry, HELMOND, no_table, monday_morning).route == "ronde-tafel"


@pytest.mark.parametrize(
    "role",
    ["housing_corporation", "professional", "parent", "client_organisation", "district_team"],
)
def test_helmond_channels(registry, make_case, monday_morning, role):
    case = make_case(submitter={"role": role})
    assert run(registry, HELMOND, case, monday_morning).route == "ronde-tafel"


def test_helmond_does_not_take_a_case_outside_its_channels(registry, make_case, monday_morning):
    result = run(registry, HELMOND, make_case(submitter={"role": "police"}), monday_morning)
    assert result.route not in {"ronde-tafel", "bestuurlijk-opschalen"}


def test_helmond_mandate(registry):
    point = registry.model(HELMOND).contact("trajectregisseur")
    assert {Power.PUSH_THROUGH, Power.ESCALATE_TO_BOARD} <= point.mandate.powers
    assert Audience.HOUSING_CORPORATIONS in point.reachable_by
    assert point.family_can_reach


# --- Rotterdam --------------------------------------------------------------------------------

ROTTERDAM = "rotterdam-zorgconsulaat"


def test_rotterdam_parent_needs_a_first_conversation_with_a_professional(
    registry, make_case, prior, monday_morning
):
    alone = make_case(submitter={"role": "parent"})
    result = run(registry, ROTTERDAM, alone, monday_morning)
    assert result.route == "consultatie-inwoner"
    assert result.eligible and not result.ready
    assert rule_ids(result.missing) == {"rotterdam.first-conversation"}

    after_talk = make_case(submitter={"role": "parent"}, prior_steps=[prior("home_visit")])
    assert run(registry, ROTTERDAM, after_talk, monday_morning).ready


def test_rotterdam_council_is_a_way_in_for_residents(registry, make_case, monday_morning):
    result = run(registry, ROTTERDAM, make_case(submitter={"role": "council"}), monday_morning)
    assert result.route == "consultatie-inwoner" and result.ready


def test_rotterdam_professional_consults_the_team_leader_first(
    registry, make_case, prior, monday_morning
):
    first = run(registry, ROTTERDAM, make_case(), monday_morning)
    assert first.route == "consultatie-professional"
    assert rule_ids(first.missing) == {"rotterdam.effort-first", "rotterdam.team-leader-first"}

    case = make_case(prior_steps=[prior("district_team_leader"), prior("provider_search")])
    ready = run(registry, ROTTERDAM, case, monday_morning)
    assert ready.ready
    assert "rotterdam.not-taken-over" in rule_ids(ready.actions)
    assert "rotterdam.leeronderzoek" not in rule_ids(ready.actions)


def test_rotterdam_leeronderzoek_after_a_calamity(registry, make_case, monday_morning):
    case = make_case(obstacles=["calamity"])
    result = run(registry, ROTTERDAM, case, monday_morning)
    actions = {r.rule: r.text for r in result.actions}
    assert "sluitend" in actions["rotterdam.leeronderzoek"]


def test_rotterdam_consul_does_not_take_over_and_advises_the_college(registry):
    model = registry.model(ROTTERDAM)
    consul = model.contact("zorgconsul")
    assert not consul.mandate.powers and not consul.mandate.formal
    assert {Audience.PROFESSIONALS, Audience.RESIDENTS, Audience.COUNCIL} <= consul.reachable_by
    kinds = {lo.kind: lo for lo in model.learning}
    assert "sluitend" in kinds["leeronderzoek"].description
    assert "asked and unasked" in kinds["advies aan het college"].description
    assert model.forum("consultatie").cadence.on_request
    assert model.forum("consultatie").cadence.series == ()


# --- Groningen --------------------------------------------------------------------------------

GRONINGEN = "groningen-3d"


def test_groningen_professional_goes_to_the_expertpool(registry, make_case, monday_morning):
    result = run(
        registry, GRONINGEN, make_case(submitter={"role": "district_team"}), monday_morning
    )
    assert result.route == "expertpool"
    assert result.forum == "expertpool"
    assert result.next_meeting is not None and result.next_meeting.weekday() == 3
    assert "groningen.expertpool-advice" in rule_ids(result.actions)


def test_groningen_expertpool_helps_assess_safety_risks(registry, make_case, monday_morning):
    case = make_case(safety={"level": "concern", "description": "zorgen"})
    result = run(registry, GRONINGEN, case, monday_morning)
    assert "groningen.safety-assessment" in rule_ids(result.actions)


def test_groningen_professional_reaches_the_3d_manager_via_the_expertpool(
    registry, make_case, prior, monday_morning
):
    case = make_case(prior_steps=[prior("expertpool_advice", resolved=False)])
    result = run(registry, GRONINGEN, case, monday_morning)
    assert result.route == "3d-manager"
    assert "groningen.after-expertpool" in rule_ids(result.reasons)


@pytest.mark.parametrize(
    "role", ["parent", "young_person", "client_organisation", "council", "provider", "expertpool"]
)
def test_groningen_3d_manager_intake_channels(registry, make_case, monday_morning, role):
    result = run(registry, GRONINGEN, make_case(submitter={"role": role}), monday_morning)
    assert result.route == "3d-manager"
    assert "groningen.push-through" in rule_ids(result.actions)


def test_groningen_signals_supply_problems_to_regional_purchasing(
    registry, make_case, monday_morning
):
    stuck = make_case(submitter={"role": "provider"}, obstacles=["no_contract"])
    assert "groningen.purchasing-signal" in rule_ids(
        run(registry, GRONINGEN, stuck, monday_morning).actions
    )
    other = make_case(submitter={"role": "provider"}, obstacles=["laws_and_regulations"])
    assert "groningen.purchasing-signal" not in rule_ids(
        run(registry, GRONINGEN, other, monday_morning).actions
    )
    learning = registry.model(GRONINGEN).learning
    assert any("inkooporganisatie" in lo.audience for lo in learning)


def test_groningen_board_route_after_push_through_failed(
    registry, make_case, prior, monday_morning
):
    case = make_case(submitter={"role": "provider"}, prior_steps=[prior("aanspreekpunt")])
    result = run(registry, GRONINGEN, case, monday_morning)
    assert "groningen-bestuur" in result.onward
    manager = registry.model(GRONINGEN).contact("3d-manager")
    assert {Power.PUSH_THROUGH, Power.ESCALATE_TO_BOARD} <= manager.mandate.powers


# --- Hillegom, Lisse, Teylingen ---------------------------------------------------------------

HLT = "hlt-ontschotter"


def test_hlt_platform_for_professionals_and_clients(registry, make_case, monday_morning):
    for role in ("professional", "parent", "young_person"):
        result = run(registry, HLT, make_case(submitter={"role": role}), monday_morning)
        assert result.route == "platform", role
        assert result.forum == "platform-casuistiek"
        assert "hlt.push-through" in rule_ids(result.actions)


def test_hlt_platform_meets_every_two_weeks(registry, make_case, monday_morning):
    cadence = registry.model(HLT).forum("platform-casuistiek").cadence
    (series,) = cadence.series
    assert series.every_weeks == 2 and series.weekday == 1


def test_hlt_needs_a_stuck_case(registry, make_case, monday_morning):
    result = run(registry, HLT, make_case(obstacles=[]), monday_morning)
    assert result.route != "platform"
    assert "hlt.complex-and-stuck" in rule_ids(result.not_met)


def test_hlt_parent_escalates_to_vertrouwenspersoon_and_ombudsman(
    registry, make_case, prior, monday_morning
):
    case = make_case(submitter={"role": "parent"}, prior_steps=[prior("table", resolved=False)])
    result = run(registry, HLT, case, monday_morning)
    assert result.route == "opschaling-ouders"
    assert result.route_type is RouteType.STEP
    assert {"hlt-vertrouwenspersoon", "ombudsman"} <= set(result.onward)
    professional = make_case(prior_steps=[prior("table", resolved=False)])
    result = run(registry, HLT, professional, monday_morning)
    assert result.route == "platform"
    assert "hlt-vertrouwenspersoon" not in result.onward


def test_hlt_ontschotter_mandate_learning_and_temporary(registry):
    model = registry.model(HLT)
    assert model.temporary
    assert {Power.PUSH_THROUGH, Power.BUDGET} <= model.contact("ontschotter").mandate.powers
    assert model.forum_kind is ForumKind.PLATFORM
    assert any("Transformatietafel" in lo.audience for lo in model.learning)
