"""The knelpuntenzorg mailbox (seed 002, Utrechtse aanpak)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from escalatie.case import (
    Case,
    Obstacle,
    Party,
    PartyRole,
    PriorStep,
    StepKind,
    Submitter,
    SubmitterRole,
)
from escalatie.forum import ForumKind
from escalatie.model import EscalationModel
from escalatie.organisation import Audience, Power
from escalatie.plugins import Registry
from escalatie.rules import Rule
from escalatie.schedule import next_slot
from escalatie.triaging import RouteType, triage

CaseFactory = Callable[..., Case]
RuleOf = Callable[[EscalationModel, str], Rule]
KNELPUNTENZORG_ROUTE = "utrecht-knelpuntenzorg"
BOARD_ROUTE = "utrecht-bestuur"
ADVISER_DID_NOT_RESOLVE = "utrecht.bestuur.adviser-did-not-resolve"
NOT_YET_WITH_ADVISER = "utrecht.knelpunt.not-yet-unresolved"


@pytest.fixture
def model(registry: Registry) -> EscalationModel:
    return registry.model("utrecht-knelpuntenzorg")


@pytest.mark.parametrize(
    "role",
    [
        SubmitterRole.HOUSING_CORPORATION,
        SubmitterRole.POLICE,
        SubmitterRole.PROVIDER,
        SubmitterRole.CLIENT_SUPPORTER,
        SubmitterRole.PARENT,
        SubmitterRole.DISTRICT_TEAM,
        SubmitterRole.OTHER,
    ],
)
def test_any_party_may_submit_a_stuck_case(
    registry: Registry,
    model: EscalationModel,
    ready_case: CaseFactory,
    monday_morning: datetime,
    role: SubmitterRole,
) -> None:
    case = ready_case(submitter=Submitter(role), obstacles=(Obstacle.NO_REGISTRATION_ADDRESS,))
    result = triage(registry, model, case, monday_morning)
    assert result.route == "knelpuntenzorg" and result.ready
    assert result.next_meeting is None  # a mailbox: on request
    assert {
        "utrecht.knelpunt.custom-solution",
        "utrecht.knelpunt.senior-adviser",
        "utrecht.knelpunt.within-rules",
    } <= {r.rule for r in result.actions}


def test_a_case_that_is_not_stuck_is_not_for_the_mailbox(
    registry: Registry, model: EscalationModel, ready_case: CaseFactory, monday_morning: datetime
) -> None:
    result = triage(registry, model, ready_case(obstacles=()), monday_morning)
    assert result.route_type is RouteType.NONE


def test_pragmatic_solution_and_review_only_when_rules_block(
    model: EscalationModel, ready_case: CaseFactory, monday_morning: datetime, rule_of: RuleOf
) -> None:
    pragmatic = rule_of(model, "utrecht.knelpunt.pragmatic")
    review = rule_of(model, "utrecht.knelpunt.review-agreements")
    blocked = ready_case(obstacles=(Obstacle.LAWS_AND_REGULATIONS,))
    other = ready_case(obstacles=(Obstacle.WAITING_LIST,))
    assert pragmatic.holds(blocked, monday_morning) and review.holds(blocked, monday_morning)
    assert not pragmatic.holds(other, monday_morning)
    assert not review.holds(other, monday_morning)


def test_other_sectors_are_involved_in_the_solution(
    model: EscalationModel, ready_case: CaseFactory, monday_morning: datetime, rule_of: RuleOf
) -> None:
    sectors = rule_of(model, "utrecht.knelpunt.together")
    housing = ready_case(parties=(Party("Woningcorporatie Vecht", PartyRole.HOUSING_CORPORATION),))
    assert sectors.holds(housing, monday_morning)
    care_only = ready_case(parties=(Party("Lokalis", PartyRole.BASIC_CARE),))
    assert not sectors.holds(care_only, monday_morning)


def test_senior_adviser_has_short_lines_to_the_board(model: EscalationModel) -> None:
    adviser = model.contact("senior-adviseur")
    assert adviser.mandate.has(Power.ESCALATE_TO_BOARD)
    assert adviser.family_can_reach
    assert {
        Audience.HOUSING_CORPORATIONS,
        Audience.POLICE,
        Audience.PROVIDERS,
    } <= adviser.reachable_by
    assert adviser.channel == "e-mail knelpuntenzorg@utrecht.example"
    forum = model.forum("knelpuntenzorg")
    assert forum.kind == ForumKind.MAILBOX and forum.cadence.on_request
    assert next_slot(forum.cadence, datetime.fromisoformat("2026-03-02T08:00+01:00")) is None
    assert BOARD_ROUTE in model.onward_routes
    assert [lo.kind for lo in model.learning] == [
        "herijking werkafspraken",
        "korte lijnen naar het bestuur",
    ]
    assert [lo.audience_key for lo in model.learning] == ["werkafspraken", "bestuur"]


UNRESOLVED_TABLE = PriorStep(StepKind.TABLE, "maatwerktafel", "tafel gehouden", resolved=False)
UNRESOLVED_ADVISER = PriorStep(
    StepKind.CONTACT_POINT_PUSH, "senior adviseur knelpuntenzorg", "acties uitgezet", resolved=False
)
UNRESOLVED_AANSPREEKPUNT = PriorStep(
    StepKind.AANSPREEKPUNT, "aanspreekpunt huisartsen", "besproken", resolved=False
)


@pytest.mark.parametrize(
    "name", ["utrecht-maatwerktafel", "utrecht-citydeal", "utrecht-passend-alternatief"]
)
def test_an_unresolved_aanspreekpunt_talk_does_not_open_the_board(
    registry: Registry, ready_case: CaseFactory, monday_morning: datetime, name: str
) -> None:
    """Review finding 3: a GP's unresolved talk with an aanspreekpunt is no forum: the case
    goes to the mailbox, and the board is not open."""
    case = ready_case(
        submitter=Submitter(SubmitterRole.GENERAL_PRACTITIONER),
        obstacles=(Obstacle.NOBODY_TAKES_CHARGE,),
        prior_steps=(UNRESOLVED_AANSPREEKPUNT,),
    )
    result = triage(registry, registry.model(name), case, monday_morning)
    assert result.route == KNELPUNTENZORG_ROUTE
    assert BOARD_ROUTE not in result.onward
    adult = ready_case(
        age=40,
        submitter=Submitter(SubmitterRole.HOUSING_CORPORATION),
        obstacles=(Obstacle.LAWS_AND_REGULATIONS,),
        prior_steps=(UNRESOLVED_AANSPREEKPUNT,),
    )
    result = triage(registry, registry.model(name), adult, monday_morning)
    assert result.route == KNELPUNTENZORG_ROUTE and BOARD_ROUTE not in result.onward


def test_after_an_unresolved_forum_the_mailbox_leads_and_the_board_is_open(
    registry: Registry, ready_case: CaseFactory, monday_morning: datetime
) -> None:
    model = registry.model("utrecht-maatwerktafel")
    case = ready_case(obstacles=(Obstacle.LAWS_AND_REGULATIONS,), prior_steps=(UNRESOLVED_TABLE,))
    result = triage(registry, model, case, monday_morning)
    assert result.route == KNELPUNTENZORG_ROUTE  # the senior adviser holds the short lines
    assert BOARD_ROUTE in result.onward
    forum_did_not_resolve = registry.route(BOARD_ROUTE).entry[1]
    assert forum_did_not_resolve.id == "utrecht.bestuur.forum-did-not-resolve"
    assert forum_did_not_resolve.holds(case, monday_morning)
    waiting = ready_case(obstacles=(Obstacle.WAITING_LIST,), prior_steps=(UNRESOLVED_TABLE,))
    assert not forum_did_not_resolve.holds(waiting, monday_morning)


@pytest.mark.parametrize(
    "name",
    [
        "utrecht-maatwerktafel",
        "utrecht-citydeal",
        "utrecht-passend-alternatief",
        "utrecht-knelpuntenzorg",
    ],
)
def test_the_board_follows_when_the_senior_adviser_did_not_resolve_it(
    registry: Registry, ready_case: CaseFactory, monday_morning: datetime, name: str
) -> None:
    case = ready_case(obstacles=(Obstacle.WAITING_LIST,), prior_steps=(UNRESOLVED_ADVISER,))
    result = triage(registry, registry.model(name), case, monday_morning)
    assert result.route == BOARD_ROUTE
    assert [r.rule for r in result.reasons] == [ADVISER_DID_NOT_RESOLVE]
    assert KNELPUNTENZORG_ROUTE not in result.onward
    if name == "utrecht-knelpuntenzorg":
        assert NOT_YET_WITH_ADVISER in {r.rule for r in result.not_met}
    board = registry.route(BOARD_ROUTE)
    assert board.source.cite() == "seed 002, Utrechtse aanpak"
    assert board.applicants == {Audience.MUNICIPALITY} and not board.family_can_apply


def test_the_seed_gives_the_adviser_no_push_through_and_names_no_residents(
    registry: Registry, model: EscalationModel
) -> None:
    """Policy review: seed 002 ("Utrechtse aanpak") has the senior adviser set out actions
    "met korte lijnen naar het bestuur" (no doorzettingsmacht, unlike HLT's ontschotter), and
    opens the mailbox to "alle betrokken partijen binnen de jeugdhulp ... tot
    cliënt(ondersteuners)": clients, not residents at large."""
    adviser = model.contact("senior-adviseur")
    assert adviser.mandate.powers == {Power.ESCALATE_TO_BOARD}
    assert model.forum("knelpuntenzorg").mandate.powers == {Power.ESCALATE_TO_BOARD}
    assert Power.PUSH_THROUGH not in model.powers()
    mailbox = registry.route(KNELPUNTENZORG_ROUTE)
    for audiences in (adviser.reachable_by, mailbox.applicants):
        assert Audience.RESIDENTS not in audiences
        assert {Audience.PARENTS, Audience.YOUNG_PEOPLE, Audience.CLIENT_SUPPORTERS} <= audiences
    assert mailbox.family_can_apply
