"""The Commissie Passend Alternatief (seed 001): entry, decide (never wait), purchasing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from escalatie.case import CareKind, CareRequest, Case, Obstacle, Submitter, SubmitterRole
from escalatie.clock import AMSTERDAM
from escalatie.errors import EscalatieError
from escalatie.model import EscalationModel
from escalatie.organisation import Audience, Power
from escalatie.plugins import Registry
from escalatie.triaging import RouteType, triage
from escalatie_utrecht.vierkant import (
    CareCategory,
    Decision,
    Outcome,
    PlacementRequest,
    ProviderContract,
    after,
    decide,
    purchasing_insight,
)

CaseFactory = Callable[..., Case]
AT = datetime(2026, 6, 1, 10, 0, tzinfo=AMSTERDAM)
R = CareCategory.RESIDENTIAL


@pytest.fixture
def model(registry: Registry) -> EscalationModel:
    return registry.model("utrecht-passend-alternatief")


def contract(provider: str, budget: int, spent: int, *cats: CareCategory) -> ProviderContract:
    return ProviderContract(provider, 2026, frozenset(cats or (R,)), budget, 10, spent, 10)


def request(provider: str = "A", cost: int = 50_000, **changes: object) -> PlacementRequest:
    fields: dict[str, object] = {
        "reference": "UTR-CPA-1",
        "category": R,
        "provider": provider,
        "cost_eur": cost,
        "at": AT,
        "alternatives_considered": True,
    }
    fields.update(changes)
    return PlacementRequest(**fields)  # type: ignore[arg-type]


def test_provider_with_exhausted_budget_reports_to_the_commission(
    registry: Registry, model: EscalationModel, ready_case: CaseFactory, monday_morning: datetime
) -> None:
    case = ready_case(
        submitter=Submitter(SubmitterRole.PROVIDER, "Jeugdhulp Amaliaweide"),
        obstacles=(Obstacle.PROVIDER_BUDGET_EXHAUSTED,),
        requested_care=(CareRequest(CareKind.RESIDENTIAL),),
    )
    result = triage(registry, model, case, monday_morning)
    assert result.route == "commissie-passend-alternatief"
    actions = {r.rule for r in result.actions}
    assert {
        "utrecht.cpa.check-alternatives",
        "utrecht.cpa.never-wait",
        "utrecht.cpa.send-back",
    } <= actions
    assert result.next_meeting is not None and result.next_meeting.weekday() == 1
    considered = attrs.evolve(case, ambulant_alternatives_considered=True)
    result = triage(registry, model, considered, monday_morning)
    assert "utrecht.cpa.send-back" not in {r.rule for r in result.actions}


def test_budget_report_by_someone_else_or_without_care_question_does_not_enter(
    registry: Registry, model: EscalationModel, ready_case: CaseFactory, monday_morning: datetime
) -> None:
    not_provider = ready_case(
        obstacles=(Obstacle.PROVIDER_BUDGET_EXHAUSTED,),
        requested_care=(CareRequest(CareKind.RESIDENTIAL),),
    )
    result = triage(registry, model, not_provider, monday_morning)
    assert result.route_type is RouteType.ONWARD and result.route == "utrecht-knelpuntenzorg"
    no_care = ready_case(obstacles=(Obstacle.NO_FITTING_PROVIDER,))
    result = triage(registry, model, no_care, monday_morning)
    assert "utrecht.cpa.care-question" in {r.rule for r in result.not_met}
    fitting = ready_case(
        submitter=Submitter(SubmitterRole.PROVIDER, "Jeugdhulp Amaliaweide"),
        obstacles=(Obstacle.NO_FITTING_PROVIDER,),
        requested_care=(CareRequest(CareKind.FOSTER_CARE),),
    )
    assert triage(registry, model, fitting, monday_morning).route == "commissie-passend-alternatief"


@pytest.mark.parametrize(
    "role", [SubmitterRole.DISTRICT_TEAM, SubmitterRole.PROFESSIONAL, SubmitterRole.PARENT]
)
def test_only_a_provider_reports_to_the_commission(
    registry: Registry,
    model: EscalationModel,
    ready_case: CaseFactory,
    monday_morning: datetime,
    role: SubmitterRole,
) -> None:
    """Policy review: seed 001 says "Het is aan de aanbieder om ... zich te melden bij de
    commissie"; the buurtteam organisation sits on the commission, it does not report to it."""
    case = ready_case(
        submitter=Submitter(role),
        obstacles=(Obstacle.NO_FITTING_PROVIDER,),
        requested_care=(CareRequest(CareKind.FOSTER_CARE),),
    )
    result = triage(registry, model, case, monday_morning)
    assert result.route != "commissie-passend-alternatief"
    applicants = "utrecht-passend-alternatief.commissie-passend-alternatief.applicants"
    assert applicants in {r.rule for r in result.not_met}
    assert model.ladder[0].applicants == {Audience.PROVIDERS}


def test_commission_structure(model: EscalationModel) -> None:
    forum = model.forum("commissie-passend-alternatief")
    assert model.municipality == "regio Utrecht"  # the region's commission (seed 001)
    assert "regio Utrecht" in model.summary and "regio Utrecht" in forum.description
    assert forum.chair == "Gemeente Utrecht"
    for member in ("Samen Veilig", "buurtteam", "jeugdarts"):
        assert member in forum.participants.description
    assert forum.mandate.powers == {Power.BUDGET, Power.ASSIGN_PROVIDER}
    assert model.learning[0].kind == "inkoopinzicht" and model.learning[0].period == "yearly"
    lessons = {lo.kind: lo.source.section for lo in model.learning}
    assert lessons["verwijzers en aanbieders in gesprek"] == "geleerde lessen"
    assert lessons["investeren in de voorkant"].startswith("transformeren")


def test_divert_to_the_provider_with_most_room() -> None:
    contracts = [
        contract("A", 100_000, 95_000),
        contract("B", 500_000, 100_000),
        contract("C", 900_000, 100_000),
        contract("D", 900_000, 0, CareCategory.FOSTER_CARE),
    ]
    decision = decide(request(), contracts)
    assert (decision.outcome, decision.provider, decision.contracted) == (Outcome.DIVERT, "C", True)
    assert decision.budget_eur == 50_000


def test_raise_the_budget_when_nobody_has_room() -> None:
    contracts = [contract("A", 100_000, 95_000), contract("B", 500_000, 480_000)]
    decision = decide(request(), contracts)
    assert (decision.outcome, decision.provider) == (Outcome.RAISE_BUDGET, "A")
    assert decision.reasons[1] == "De beschikbare alternatieven zijn voldoende overwogen."


def test_a_raise_below_the_contracts_minimum_is_a_signal_not_a_refusal() -> None:
    """Seed 001: "Zo niet, dan wordt het budget van de gevraagde aanbieder opgehoogd", with no
    condition; the minimum number of clients ("Voor dat bedrag moeten een minimum aantal
    cliënten worden geholpen") is a signal for purchasing (policy review 9, finding 3)."""
    short = ProviderContract("A", 2026, frozenset({R}), 100_000, 10, 95_000, 7)
    decision = decide(request(), [short, contract("B", 500_000, 480_000)])
    assert (decision.outcome, decision.provider, decision.budget_eur) == (
        Outcome.RAISE_BUDGET,
        "A",
        request().cost_eur,
    )
    assert decision.below_minimum
    assert decision.reasons[2].startswith("Signaal voor de inkoop: A heeft dit jaar zeven ")
    assert (
        "minimaal 10 voor het vaste bedrag. Het budget wordt toch verhoogd" in decision.reasons[2]
    )
    (line,) = purchasing_insight([decision])
    assert (line.budget_raises, line.raised_below_minimum) == (1, 1)
    roomy = decide(request(), [short, contract("B", 500_000, 100_000)])
    assert (roomy.outcome, roomy.provider) == (Outcome.DIVERT, "B")  # room elsewhere first
    full = decide(request(), [contract("A", 100_000, 95_000), contract("B", 500_000, 480_000)])
    assert not full.below_minimum and len(full.reasons) == 2


@pytest.mark.parametrize("can_deliver", [True, False])
def test_alternatives_not_considered_send_the_request_back(can_deliver: bool) -> None:
    """Review finding 13: the commission checks whether the alternatives were considered
    (seed 001); when they were not, the request goes back to weigh them first."""
    contracts = [contract("A", 100_000, 95_000), contract("B", 900_000, 0)]
    req = request(
        alternatives_considered=False,
        contracted_can_deliver=can_deliver,
        alternative_provider="" if can_deliver else "Elders",
    )
    decision = decide(req, contracts)
    assert (decision.outcome, decision.provider, decision.budget_eur) == (
        Outcome.SEND_BACK,
        "A",
        0,
    )
    assert "terug naar de verwijzer" in decision.reasons[0]
    assert after(decision, contracts) == contracts


def test_no_contracted_provider_fits_divert_outside_contract() -> None:
    decision = decide(
        request(contracted_can_deliver=False, alternative_provider="Kleinschalig Gezinshuis"),
        [contract("A", 100_000, 10_000)],
    )
    assert (decision.outcome, decision.provider, decision.contracted) == (
        Outcome.DIVERT,
        "Kleinschalig Gezinshuis",
        False,
    )


@pytest.mark.parametrize(
    ("req", "message"),
    [
        (request(provider="Z"), "provider: 'Z' has no 2026 contract for residential"),
        (request(cost=1_000), "provider: 'A' still has EUR 40000 of its budget"),
        (request(contracted_can_deliver=False), "alternative_provider: expected the provider"),
    ],
)
def test_input_the_commission_cannot_take_is_a_clear_error(
    req: PlacementRequest, message: str
) -> None:
    with pytest.raises(EscalatieError, match=message):
        decide(req, [ProviderContract("A", 2026, frozenset({R}), 100_000, 10, 60_000, 5)])


providers = st.sampled_from(["A", "B", "C", "D"])
categories = st.sampled_from(list(CareCategory))


@st.composite
def situations(draw: st.DrawFn) -> tuple[PlacementRequest, list[ProviderContract]]:
    contracts = []
    for name in draw(st.lists(providers, min_size=1, max_size=4, unique=True)):
        budget = draw(st.integers(0, 2_000_000))
        contracts.append(
            ProviderContract(
                name,
                draw(st.sampled_from([2025, 2026])),
                frozenset(draw(st.sets(categories, min_size=1))),
                budget,
                draw(st.integers(1, 50)),
                draw(st.integers(0, budget + 100_000)),
                draw(st.integers(0, 60)),
            )
        )
    asked = draw(st.sampled_from(contracts))
    category = draw(st.sampled_from(sorted(asked.categories)))
    cost = draw(st.integers(1, 300_000))
    month = draw(st.integers(1, 12))
    at = datetime(asked.year, month, 15, 12, tzinfo=AMSTERDAM)
    can_deliver = draw(st.booleans())
    req = PlacementRequest(
        reference="UTR-P",
        category=category,
        provider=asked.provider,
        cost_eur=cost,
        at=at,
        alternatives_considered=draw(st.booleans()),
        contracted_can_deliver=can_deliver,
        alternative_provider="" if can_deliver else draw(st.sampled_from(["A", "Elders"])),
    )
    return req, contracts


@given(situations())
def test_the_outcome_is_never_waiting(
    situation: tuple[PlacementRequest, list[ProviderContract]],
) -> None:
    req, contracts = situation
    asked = next(c for c in contracts if c.provider == req.provider)
    if req.contracted_can_deliver and not asked.nearly_spent(req.cost_eur):
        with pytest.raises(EscalatieError):
            decide(req, contracts)
        return
    decision = decide(req, contracts)
    if not req.alternatives_considered:
        assert decision.outcome is Outcome.SEND_BACK and decision.budget_eur == 0
        assert after(decision, contracts) == contracts
        return
    assert decision.outcome in {Outcome.RAISE_BUDGET, Outcome.DIVERT}
    assert decision.budget_eur == req.cost_eur  # the client always gets a funded place
    assert decision.provider
    if decision.outcome is Outcome.RAISE_BUDGET:
        assert decision.provider == req.provider
    elif req.contracted_can_deliver:
        chosen = next(c for c in contracts if c.provider == decision.provider)
        assert chosen.covers(req.category, req.year) and chosen.has_room(req.cost_eur)
    assert {o.value for o in Outcome} == {"raise_budget", "divert", "send_back"}


def test_purchasing_insight_per_year_and_category() -> None:
    def d(
        year: int, cat: CareCategory, outcome: Outcome, provider: str, contracted: bool
    ) -> Decision:
        return Decision("x", year, cat, outcome, provider, 10_000, contracted, ())

    lines = purchasing_insight(
        [
            d(2026, R, Outcome.RAISE_BUDGET, "A", True),
            d(2026, R, Outcome.RAISE_BUDGET, "B", True),
            d(2026, R, Outcome.DIVERT, "C", True),
            d(2026, R, Outcome.DIVERT, "Elders", False),
            d(2025, CareCategory.FOSTER_CARE, Outcome.DIVERT, "C", True),
            Decision("y", 2026, R, Outcome.SEND_BACK, "D", 0, True, ()),
        ]
    )
    assert [(line.year, line.category) for line in lines] == [
        (2025, CareCategory.FOSTER_CARE),
        (2026, R),
    ]
    r2026 = lines[1]
    assert (r2026.decisions, r2026.budget_raises, r2026.diverted_contracted) == (5, 2, 1)
    assert (r2026.sent_back, lines[0].sent_back) == (1, 0)
    assert r2026.diverted_outside_contract == 1
    assert r2026.extra_budget_eur == 30_000
    assert r2026.providers_raised == ("A", "B")
    assert lines[0].extra_budget_eur == 0
