"""Scenarios per model: who may submit and how, the ladder, mandates, checks and learning."""

from __future__ import annotations

from datetime import datetime

import pytest

from escalatie.case import SubmitterRole
from escalatie.organisation import Audience, Power
from escalatie.triaging import RouteType, triage

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
def test_applicants_cite_the_models_seed_section(registry, name):
    model = registry.model(name)
    with_applicants = [step for step in model.ladder if step.applicants]
    assert with_applicants
    for step in with_applicants:
        assert step.applicants_source == model.source, step.key


@pytest.mark.parametrize("name", MY_MODELS)
@pytest.mark.parametrize("role", list(SubmitterRole))
def test_who_enters_a_step_may_also_bring_the_case(registry, make_case, monday_morning, name, role):
    """A step's entry rules and its enforced applicants agree: nobody is let in, then refused."""
    result = run(registry, name, make_case(submitter={"role": role.value}), monday_morning)
    refused = {r.rule for r in result.not_met if r.rule.endswith(".applicants")}
    assert not refused, (role, refused)


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
    # "no formal mandate" is seed 001's wording (City Deal); seed 002's models do not say it.
    assert "no formal mandate" not in text


SEED_002_FORUMS = (*MY_MODELS, "utrecht-knelpuntenzorg")


@pytest.mark.parametrize("name", (*SEED_002_FORUMS, "utrecht-passend-alternatief"))
def test_a_mandate_the_source_does_not_state_is_printed_so(registry, name):
    """Policy review: "participants bring a mandate: no" was printed where seed 002 (and seed
    001 for the Commissie Passend Alternatief) says nothing; only the maatwerktafel says yes
    (seed 000, stap 3) and only the City Deal overleg says no (seed 001)."""
    from escalatie.describe import NOT_STATED, describe, render

    (forum,) = registry.model(name).forums
    assert forum.mandate_required is None
    assert f"participants bring a mandate: {NOT_STATED}\n" in render(
        describe(registry, registry.model(name))
    )


@pytest.mark.parametrize("name", SEED_002_FORUMS)
def test_a_source_silent_on_the_plan_gets_the_question_only(registry, make_case, name):
    """Seed 002 never asks for the plan: the invitation carries each case's question, not its
    anonymised plan (data minimisation, AVG art. 5(1)(c)); describe says it is not stated."""
    from escalatie.calendar.agenda import case_block
    from escalatie.describe import NOT_STATED, describe, render

    (forum,) = registry.model(name).forums
    assert forum.invitation.asks_for_plan is None
    case = make_case(plan="Een plan met het gezin.")
    assert "plan" not in case_block(case, forum).lower()
    assert f"carries the question only; the anonymised plan: {NOT_STATED}" in render(
        describe(registry, registry.model(name))
    )


def test_the_three_utrecht_answers_on_mandate_and_plan(registry):
    """Maatwerktafel: yes and the plan (seed 000, stap 3); City Deal: no, with the seed's
    nuance, and the plan not stated (seed 001 never mentions one: policy review, finding 8)."""
    from escalatie.describe import NOT_STATED, describe, render

    text = render(describe(registry, registry.model("utrecht-maatwerktafel")))
    assert "participants bring a mandate: yes\n" in text
    assert "carries the question and the anonymised plan\n" in text
    text = render(describe(registry, registry.model("utrecht-citydeal")))
    assert (
        "participants bring a mandate: no (no mandate laid down, but a shared responsibility;"
        in text
    )
    assert '"Er is geen mandaat vastgelegd, maar wel een gedeeld besef' in text
    assert f"carries the question only; the anonymised plan: {NOT_STATED}" in text


def test_describe_shows_rotterdams_mandate_as_advisory_in_its_own_words(registry):
    from escalatie.describe import describe, render

    text = render(describe(registry, registry.model("rotterdam-zorgconsulaat")))
    assert "    mandate: none (informal; see the note below)\n    Advisory: the consulate" in text


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


def test_helmond_board_usually_after_an_unresolved_round_table(
    registry, make_case, prior, monday_morning
):
    unresolved = make_case(prior_steps=[prior("round_table", resolved=False)])
    result = run(registry, HELMOND, unresolved, monday_morning)
    assert result.route == "bestuurlijk-opschalen"
    assert "helmond.board-after-round-table" in rule_ids(result.reasons)
    # Nobody applies for the board: the trajectregisseur escalates (seed 002, Helmond).
    assert "helmond-trajectregie.bestuurlijk-opschalen.applicants" not in rule_ids(result.reasons)
    assert "helmond-bestuur" in result.onward

    resolved = make_case(prior_steps=[prior("round_table", resolved=True)])
    assert run(registry, HELMOND, resolved, monday_morning).route == "ronde-tafel"
    no_table = make_case(prior_steps=[prior("home_visit", resolved=False)])
    assert run(registry, HELMOND, no_table, monday_morning).route == "ronde-tafel"


def test_helmond_board_also_after_the_trajectregisseurs_own_attempt(
    registry, make_case, prior, monday_morning
):
    """'Meestal' a round table: usual, not required. 'Zo nodig' the board."""
    case = make_case(
        obstacles=["nobody_takes_charge"],
        prior_steps=[prior("contact_point_push", by="trajectregisseur", resolved=False)],
    )
    result = run(registry, HELMOND, case, monday_morning)
    assert result.route == "bestuurlijk-opschalen" and result.ready
    assert rule_ids(result.reasons) >= {"helmond.board-after-push-through"}
    assert "helmond.board-after-round-table" not in rule_ids(result.reasons)
    assert "helmond-bestuur" in result.onward


def test_helmond_a_fresh_case_never_goes_to_the_board(registry, make_case, monday_morning):
    case = make_case(obstacles=["nobody_takes_charge"])
    result = run(registry, HELMOND, case, monday_morning)
    assert result.route == "ronde-tafel"
    assert "helmond-bestuur" not in result.onward


@pytest.mark.parametrize(
    "role",
    ["housing_corporation", "professional", "parent", "client_organisation", "district_team"],
)
def test_helmond_channels(registry, make_case, monday_morning, role):
    case = make_case(submitter={"role": role})
    assert run(registry, HELMOND, case, monday_morning).route == "ronde-tafel"


@pytest.mark.parametrize("role", ["police", "general_practitioner", "provider"])
def test_helmond_outside_the_named_channels_is_told_which_channel_to_use(
    registry, make_case, monday_morning, role
):
    result = run(registry, HELMOND, make_case(submitter={"role": role}), monday_morning)
    assert result.route not in {"ronde-tafel", "bestuurlijk-opschalen"}
    channel = {r.rule: r.text for r in result.not_met}["helmond.channel"]
    assert "social district team" in channel


def test_helmond_mandate(registry):
    point = registry.model(HELMOND).contact("trajectregisseur")
    assert {Power.PUSH_THROUGH, Power.ESCALATE_TO_BOARD} <= point.mandate.powers
    assert Audience.HOUSING_CORPORATIONS in point.reachable_by
    assert point.family_can_reach


def test_helmond_describe_names_the_four_channels_and_nobody_applies_for_the_board(registry):
    """Policy review: the seed's channel list is read as closed, and only the trajectregisseur
    escalates ("Zo nodig kan bestuurlijk worden opgeschaald"); describe said professionals,
    residents, parents and young people may bring a case to Bestuurlijk opschalen."""
    from escalatie.describe import describe, render

    model = registry.model(HELMOND)
    data = describe(registry, model)
    board, table = data["ladder"][0], data["ladder"][1]
    assert board["key"] == "bestuurlijk-opschalen" and board["applicants"] == []
    assert board["contact_point"] == "trajectregisseur"
    assert not [c for c in board["conditions"] if c["id"].endswith(".applicants")]
    assert "residents" not in table["applicants"]
    assert Audience.RESIDENTS not in model.contact("trajectregisseur").reachable_by
    text = render(data)
    assert "Who may bring a case to Bestuurlijk opschalen" not in text
    assert "Who may bring a case to Ronde tafel met alle betrokken partijen: client" in text
    assert (
        "    reachable by: client_organisations, district_teams, housing_corporations, parents,"
        " professionals, young_people\n" in text
    )
    assert "read as closed" in text


# --- Rotterdam --------------------------------------------------------------------------------

ROTTERDAM = "rotterdam-zorgconsulaat"


@pytest.mark.parametrize("role", ["parent", "young_person", "client_organisation"])
def test_rotterdam_resident_contacts_the_consul_directly(
    registry, make_case, prior, monday_morning, role
):
    """'Zo nodig kan de cliënt zelf contact opnemen': ready at once; the consul arranges the
    first conversation with a professional."""
    alone = make_case(submitter={"role": role})
    result = run(registry, ROTTERDAM, alone, monday_morning)
    assert result.route == "consultatie-inwoner"
    assert result.ready and not result.missing
    assert "rotterdam.first-conversation" in rule_ids(result.actions)

    talked = make_case(
        submitter={"role": role}, prior_steps=[prior("first_conversation", by="toegang")]
    )
    after = run(registry, ROTTERDAM, talked, monday_morning)
    assert after.ready and "rotterdam.first-conversation" not in rule_ids(after.actions)


def test_rotterdam_council_is_a_way_in_for_residents(registry, make_case, monday_morning):
    result = run(registry, ROTTERDAM, make_case(submitter={"role": "council"}), monday_morning)
    assert result.route == "consultatie-inwoner" and result.ready
    assert "rotterdam.first-conversation" not in rule_ids(result.actions)


def test_rotterdam_effort_first_and_team_leader_are_advice(
    registry, make_case, prior, monday_morning
):
    """Seed 002 describes practice ("In de praktijk … na de nodige inzet"): the low-threshold
    consulate holds no professional back for it; it says what to record."""
    first = run(registry, ROTTERDAM, make_case(), monday_morning)
    assert first.route == "consultatie-professional" and first.ready and not first.missing
    advice = {r.rule: r.text for r in first.actions}
    assert advice["rotterdam.effort-first"].startswith("Advice, not a requirement")
    assert "rotterdam.team-leader-first" in advice

    case = make_case(prior_steps=[prior("district_team_leader"), prior("provider_search")])
    ready = run(registry, ROTTERDAM, case, monday_morning)
    assert ready.ready
    assert "rotterdam.not-taken-over" in rule_ids(ready.actions)
    assert "rotterdam.team-leader-first" not in rule_ids(ready.actions)
    assert "rotterdam.effort-first" not in rule_ids(ready.actions)
    assert "rotterdam.leeronderzoek" not in rule_ids(ready.actions)


@pytest.mark.parametrize(
    "role", ["general_practitioner", "police", "housing_corporation", "youth_protection"]
)
def test_rotterdam_professional_without_a_team_leader_is_ready_after_effort(
    registry, make_case, prior, monday_morning, role
):
    case = make_case(submitter={"role": role}, prior_steps=[prior("provider_search")])
    result = run(registry, ROTTERDAM, case, monday_morning)
    assert result.route == "consultatie-professional"
    assert result.ready
    advice = {r.rule: r.text for r in result.actions}["rotterdam.team-leader-first"]
    assert advice.startswith("Advice, not a requirement")


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
    # The seed names no recipient and no frequency of the recommendations (policy review).
    assert "the seed names no recipient" in kinds["leeronderzoek"].audience
    assert "the seed gives no frequency" in kinds["leeronderzoek"].period
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
    assert "groningen.3d-channel" in rule_ids(result.reasons)
    assert "groningen.push-through" in rule_ids(result.actions)


@pytest.mark.parametrize(
    "role", ["police", "housing_corporation", "client_supporter", "work_and_income", "other"]
)
def test_groningen_channels_are_an_open_list(registry, make_case, monday_morning, role):
    """'via diverse kanalen, zoals …': a submitter the seed does not name is not refused."""
    result = run(registry, GRONINGEN, make_case(submitter={"role": role}), monday_morning)
    assert result.route == "3d-manager" and result.ready
    assert rule_ids(result.reasons) >= {"groningen.3d-other-channel"}


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
    # The seed calls the 3-D manager the link ("schakel"), no signal route (policy review).
    reading = "the seed calls the 3-D manager the link, not a signal route"
    signals = next(lo for lo in learning if lo.kind == "signalen aan de regionale inkoop")
    assert reading in signals.description
    actions = {r.rule: r.text for r in run(registry, GRONINGEN, stuck, monday_morning).actions}
    assert reading in actions["groningen.purchasing-signal"]


def test_groningen_board_route_after_push_through_failed(
    registry, make_case, prior, monday_morning
):
    pushed = prior("contact_point_push", by="3-D manager", resolved=False)
    case = make_case(submitter={"role": "provider"}, prior_steps=[pushed])
    result = run(registry, GRONINGEN, case, monday_morning)
    assert result.route == "3d-manager"
    assert "groningen-bestuur" in result.onward
    manager = registry.model(GRONINGEN).contact("3d-manager")
    assert {Power.PUSH_THROUGH, Power.ESCALATE_TO_BOARD} <= manager.mandate.powers

    # A professional's case the 3-D manager already took up stays with the 3-D manager.
    professional = run(registry, GRONINGEN, make_case(prior_steps=[pushed]), monday_morning)
    assert professional.route == "3d-manager"
    assert "groningen.board-after-push-through" in rule_ids(professional.reasons)
    assert "groningen-bestuur" in professional.onward


@pytest.mark.parametrize("kind", ["aanspreekpunt", "home_visit", "round_table"])
def test_groningen_board_not_before_the_3d_manager_tried(
    registry, make_case, prior, monday_morning, kind
):
    """An unresolved first talk is not the 3-D manager's push-through: no board yet."""
    case = make_case(submitter={"role": "police"}, prior_steps=[prior(kind, resolved=False)])
    result = run(registry, GRONINGEN, case, monday_morning)
    assert result.route == "3d-manager"
    assert "groningen-bestuur" not in result.onward
    resolved = prior("contact_point_push", by="3-D manager", resolved=True)
    done = run(registry, GRONINGEN, make_case(prior_steps=[resolved]), monday_morning)
    assert "groningen-bestuur" not in done.onward


# --- Hillegom, Lisse, Teylingen ---------------------------------------------------------------

HLT = "hlt-ontschotter"


def test_hlt_platform_for_professionals_and_clients(registry, make_case, monday_morning):
    for role in ("professional", "police", "housing_corporation", "parent", "young_person"):
        result = run(registry, HLT, make_case(submitter={"role": role}), monday_morning)
        assert result.route == "platform", role
        assert result.forum == "platform-casuistiek"
        assert "hlt.push-through" in rule_ids(result.actions)


def test_hlt_platform_meets_every_two_weeks(registry, make_case, monday_morning):
    cadence = registry.model(HLT).forum("platform-casuistiek").cadence
    (series,) = cadence.series
    assert series.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"


def test_hlt_needs_a_stuck_case(registry, make_case, monday_morning):
    result = run(registry, HLT, make_case(obstacles=[]), monday_morning)
    assert result.route != "platform"
    assert "hlt.complex-and-stuck" in rule_ids(result.not_met)


def test_hlt_parent_escalates_to_vertrouwenspersoon_and_ombudsman(
    registry, make_case, prior, monday_morning
):
    platform = prior("platform", by="platform casuïstiek", resolved=False)
    case = make_case(submitter={"role": "parent"}, prior_steps=[platform])
    result = run(registry, HLT, case, monday_morning)
    assert result.route == "opschaling-ouders"
    assert result.route_type is RouteType.STEP
    assert {"hlt-vertrouwenspersoon", "hlt-ombudsman"} <= set(result.onward)
    professional = make_case(prior_steps=[platform])
    result = run(registry, HLT, professional, monday_morning)
    assert result.route == "platform"
    assert "hlt-vertrouwenspersoon" not in result.onward
    # Another kind of table is not the platform.
    table = make_case(submitter={"role": "parent"}, prior_steps=[prior("table")])
    assert run(registry, HLT, table, monday_morning).route == "platform"


def test_hlt_parents_have_the_escalation_option_whatever_was_tried(
    registry, make_case, monday_morning
):
    """Seed 002 sets no condition on the parents' 'opschalingsmogelijkheid': a parent who never
    went to the platform is routed there, with the vertrouwenspersoon and the ombudsman open."""
    result = run(registry, HLT, make_case(submitter={"role": "parent"}), monday_morning)
    assert result.route == "platform"
    assert {"hlt-vertrouwenspersoon", "hlt-ombudsman"} <= set(result.onward)
    rule = registry.model(HLT).step("opschaling-ouders").entry[0]
    assert "the seed sets no condition" in rule.text


def test_hlt_ombudsman_is_still_to_be_appointed(registry, make_case, monday_morning):
    """Seed 002: 'een (aan te stellen) ombudsman'; the generic route would present it as there."""
    model = registry.model(HLT)
    assert "ombudsman" not in model.onward_routes
    route = registry.route("hlt-ombudsman")
    assert "aan te stellen" in route.name
    assert "appointed" in route.description
    assert route.source == model.source
    assert "aan te stellen" in model.step("opschaling-ouders").name


def test_hlt_ontschotter_mandate_learning_and_temporary(registry):
    model = registry.model(HLT)
    assert model.temporary
    assert {Power.PUSH_THROUGH, Power.BUDGET} <= model.contact("ontschotter").mandate.powers
    assert model.forum_kind == "platform"
    assert any("Transformatietafel" in lo.audience for lo in model.learning)


def test_an_answer_deadline_the_seed_does_not_name_is_labelled_a_reading(registry):
    # seed 002 (HLT) only has the ontschotter report findings to the Transformatietafel, and
    # seed 001 (City Deal) names no body that answers: a signal's answer date is the library's
    (findings,) = [lo for lo in registry.model(HLT).learning if lo.answers]
    assert "the library's reading" in findings.description
    assert "rapporteert zijn bevindingen aan een Transformatietafel" in findings.source.cite()
    (breakthroughs,) = [lo for lo in registry.model("utrecht-citydeal").learning if lo.answers]
    assert "the library's reading: the seed names no body that answers" in (
        breakthroughs.description
    )
