"""The City Deal overleg (seed 001): laws and regulations only, maatwerk telefoon first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import attrs
import pytest

from escalatie.case import (
    Case,
    DomainQuestion,
    LifeDomainKind,
    Obstacle,
    PriorStep,
    Submitter,
    SubmitterRole,
)
from escalatie.model import EscalationModel
from escalatie.organisation import Power
from escalatie.plugins import Registry
from escalatie.rules import Rule
from escalatie.triaging import RouteType, triage
from escalatie_utrecht.predicates import stuck_on_work_and_income

CaseFactory = Callable[..., Case]
RuleOf = Callable[[EscalationModel, str], Rule]
SUBMITTERS = "utrecht.citydeal.submitters"
LAWS_AND_REGULATIONS = "utrecht.citydeal.laws-and-regulations"
MAATWERK_TELEFOON = "utrecht.citydeal.maatwerk-telefoon-first"
HALF_HOUR = "utrecht.citydeal.half-hour"


@pytest.fixture
def model(registry: Registry) -> EscalationModel:
    return registry.model("utrecht-citydeal")


def test_a_case_stuck_on_laws_and_regulations_goes_to_the_citydeal(
    registry: Registry, model: EscalationModel, ready_case: CaseFactory, monday_morning: datetime
) -> None:
    case = ready_case(obstacles=(Obstacle.LAWS_AND_REGULATIONS,))
    result = triage(registry, model, case, monday_morning)
    assert result.route == "citydeal" and result.ready
    assert {r.rule for r in result.reasons} == {
        SUBMITTERS,
        LAWS_AND_REGULATIONS,
        "utrecht-citydeal.citydeal.applicants",
    }
    applicants = next(r for r in result.reasons if r.rule.endswith(".applicants"))
    assert applicants.source == "seed 001, City Deal overleg lost systeemproblemen op"
    assert HALF_HOUR in {r.rule for r in result.actions}
    assert result.next_meeting is not None and result.next_meeting.weekday() == 2


def test_other_obstacles_do_not_reach_the_citydeal(
    registry: Registry, model: EscalationModel, ready_case: CaseFactory, monday_morning: datetime
) -> None:
    case = ready_case(obstacles=(Obstacle.SUPPLY_UNAVAILABLE,))
    result = triage(registry, model, case, monday_morning)
    assert result.route_type is RouteType.ONWARD and result.route == "utrecht-knelpuntenzorg"
    assert LAWS_AND_REGULATIONS in {r.rule for r in result.not_met}


def test_a_parent_does_not_submit_to_the_citydeal(
    registry: Registry, model: EscalationModel, ready_case: CaseFactory, monday_morning: datetime
) -> None:
    case = ready_case(
        obstacles=(Obstacle.LAWS_AND_REGULATIONS,), submitter=Submitter(SubmitterRole.PARENT)
    )
    assert triage(registry, model, case, monday_morning).route != "citydeal"


def test_work_and_income_needs_the_maatwerk_telefoon_first(
    registry: Registry,
    model: EscalationModel,
    ready_case: CaseFactory,
    monday_morning: datetime,
    rule_of: RuleOf,
) -> None:
    domains = (DomainQuestion(LifeDomainKind.WORK_AND_INCOME, "inkomen na 18"),)
    untried = ready_case(obstacles=(Obstacle.LAWS_AND_REGULATIONS,), domains=domains)
    result = triage(registry, model, untried, monday_morning)
    assert result.route == "citydeal" and not result.ready
    assert [r.rule for r in result.missing] == [MAATWERK_TELEFOON]
    solved = PriorStep("maatwerk_telefoon", "maatwerk telefoon", "gebeld", resolved=True)
    assert not rule_of(model, MAATWERK_TELEFOON).holds(
        ready_case(domains=domains, prior_steps=(solved,)), monday_morning
    )
    failed = PriorStep("maatwerk_telefoon", "maatwerk telefoon", "gebeld", resolved=False)
    tried = ready_case(
        obstacles=(Obstacle.LAWS_AND_REGULATIONS,), domains=domains, prior_steps=(failed,)
    )
    assert triage(registry, model, tried, monday_morning).ready


def test_the_maatwerk_telefoon_only_when_stuck_on_work_and_income(
    registry: Registry,
    model: EscalationModel,
    ready_case: CaseFactory,
    monday_morning: datetime,
    rule_of: RuleOf,
) -> None:
    """Review finding 7: seed 001 sends "complexe casussen rond werk en inkomen" to the
    telephone, not every case that has a work-and-income question somewhere."""
    income = DomainQuestion(LifeDomainKind.WORK_AND_INCOME, "inkomen na 18")
    school = DomainQuestion(LifeDomainKind.EDUCATION, "terug naar school")
    laws = (Obstacle.LAWS_AND_REGULATIONS,)
    unmarked = ready_case(obstacles=laws, domains=(school, income))
    assert rule_of(model, MAATWERK_TELEFOON).holds(unmarked, monday_morning)
    assert triage(registry, model, unmarked, monday_morning).ready
    on_school = ready_case(obstacles=laws, domains=(attrs.evolve(school, stuck=True), income))
    assert rule_of(model, MAATWERK_TELEFOON).holds(on_school, monday_morning)
    on_income = ready_case(obstacles=laws, domains=(school, attrs.evolve(income, stuck=True)))
    assert not stuck_on_work_and_income(unmarked) and stuck_on_work_and_income(on_income)
    result = triage(registry, model, on_income, monday_morning)
    assert [r.rule for r in result.missing] == [MAATWERK_TELEFOON]


def test_time_box_and_shared_responsibility(model: EscalationModel) -> None:
    forum = model.forum("citydeal")
    assert forum.minutes_per_case == 30
    assert not forum.mandate.formal and not forum.mandate.powers
    assert forum.mandate_required is False  # seed 001: "Er is geen mandaat vastgelegd"
    assert forum.participants.check_need_per_case
    assert Power.ESCALATE_TO_BOARD not in model.powers()
    assert next(lo.kind for lo in model.learning) == "workshops"
    front = next(lo for lo in model.learning if lo.kind == "investeren in de voorkant")
    assert (
        front.source.cite()
        == "seed 001, transformeren betekent investeren in professionals in het voorveld"
    )
    assert forum.organiser.title == "secretariaat"  # the seed names none: an assumption
    assert model.contact("maatwerk-telefoon").channel.startswith("telephone")


def test_describe_says_whose_process_support_address_it_is_and_that_the_organiser_is_assumed(
    model: EscalationModel, capsys: pytest.CaptureFixture[str]
) -> None:
    """Policy review: the City Deal overleg declares the maatwerktafel's process_support_address
    (the four Utrecht files share one [utrecht] table), and describe listed it as if it were
    the overleg's; seed 001 names no procesondersteuner and no organiser for the overleg."""
    from escalatie.cli import main

    main(["-m", model.name, "describe"])  # exits only on an error
    lines = capsys.readouterr().out.splitlines()
    at = lines.index("  process_support_address = maatwerktafel@utrecht.example  (default)")
    said = lines[at + 1]
    assert "maatwerktafel's procesondersteuner" in said and "not used in this model" in said
    assert "seed 001 names no procesondersteuner" in said
    assert (
        "the library's assumption: seed 001 names no organiser"
        in model.forum("citydeal").description
    )
    assert any("library's assumption: seed 001 names no organiser" in line for line in lines)
