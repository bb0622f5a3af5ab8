"""Vierkantfinanciering and the decisions of the Commissie Passend Alternatief (seed 001).

A provider is contracted for one or more care categories with a fixed budget for which it helps
a minimum number of clients. When its budget is nearly spent and a new request arrives, the
provider reports to the commission. The commission checks whether the available alternatives
were considered sufficiently and whether another contracted provider has room: if so the client
goes there, if not the asked provider's budget is raised. When no contracted provider can
deliver fitting care, another provider is used and receives budget for that client (seed 001).

The minimum number of clients is no condition of a raise. Seed 001 says "Voor dat bedrag moeten
een minimum aantal cliënten worden geholpen" and, of the commission's check, "Zo niet, dan wordt
het budget van de gevraagde aanbieder opgehoogd", without a condition: a provider whose budget is
nearly spent gets its raise when no other provider has room, whatever number of clients it
helped, so the child never waits at a provider without money. A provider below its contract's
minimum is a signal for purchasing (seed 001: "Zo ontstaat een leeromgeving en kunnen we jaar na
jaar beter inkopen"): the decision carries it as a Dutch reason (:func:`minimum_not_reached`)
and the purchasing insight counts such raises (:attr:`PurchasingLine.raised_below_minimum`).

The reasons of a decision are Dutch: the commission and the providers read them.

What the commission does when the alternatives were *not* considered is the library's reading:
it sends the request back to the referrer to weigh them with the family first
(:attr:`Outcome.SEND_BACK`, no budget committed). Seed 001 chooses deliberately not to devise
creative solutions in one expert team but to invest in the people at the front; a commission
that weighed the alternatives itself would be that expert team. A request whose alternatives
were considered never ends in waiting: it is diverted or the budget is raised.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum

import attrs
from attrs import field, frozen, validators

from escalatie.clock import local
from escalatie.errors import EscalatieError
from escalatie.validation import aware, non_empty

NEARLY_SPENT_SHARE = 0.9
"""A budget is nearly spent when 90% or more is used, or what is left does not cover the new
client (an assumption: the seed says only "bijna uitgenut")."""


class CareCategory(StrEnum):
    """The care categories providers are contracted for (seed 001)."""

    RESIDENTIAL = "residential"
    SPECIALIST_YOUTH_CARE = "specialist_youth_care"
    FOSTER_CARE = "foster_care"


DUTCH_CATEGORIES = {
    CareCategory.RESIDENTIAL: "jeugdhulp met verblijf",
    CareCategory.SPECIALIST_YOUTH_CARE: "specialistische jeugdhulp",
    CareCategory.FOSTER_CARE: "pleegzorg",
}
"""The care categories as seed 001 names them."""


class Outcome(StrEnum):
    """What the commission decides; there is deliberately no "wait"."""

    RAISE_BUDGET = "raise_budget"
    DIVERT = "divert"
    SEND_BACK = "send_back"
    """Alternatives not considered: back to the referrer to weigh them first (library's reading)."""


@frozen
class ProviderContract:
    """A provider's contract for one year: categories, fixed budget, minimum number of clients."""

    provider: str = field(validator=non_empty)
    year: int = field(validator=[validators.ge(2015), validators.le(2100)])
    categories: frozenset[CareCategory] = field(validator=validators.min_len(1))
    budget_eur: int = field(validator=validators.ge(0))
    min_clients: int = field(validator=validators.ge(1))
    spent_eur: int = field(default=0, validator=validators.ge(0))
    clients: int = field(default=0, validator=validators.ge(0))

    @property
    def remaining_eur(self) -> int:
        return self.budget_eur - self.spent_eur

    def covers(self, category: CareCategory, year: int) -> bool:
        return year == self.year and category in self.categories

    def has_room(self, cost_eur: int) -> bool:
        """Whether the budget still covers a new client of this cost without being nearly spent."""
        return not self.nearly_spent(cost_eur)

    def nearly_spent(self, cost_eur: int) -> bool:
        return (
            self.spent_eur >= NEARLY_SPENT_SHARE * self.budget_eur or self.remaining_eur < cost_eur
        )


@frozen
class PlacementRequest:
    """A new request a provider reports to the commission (only pseudonymous data)."""

    reference: str = field(validator=non_empty)
    category: CareCategory
    provider: str = field(validator=non_empty)
    cost_eur: int = field(validator=validators.ge(1))
    at: datetime = field(validator=aware)
    alternatives_considered: bool = False
    contracted_can_deliver: bool = True
    alternative_provider: str = ""

    @property
    def year(self) -> int:
        return local(self.at).year


@frozen
class Decision:
    """The commission's decision on one request: who provides and receives budget, and why."""

    reference: str
    year: int
    category: CareCategory
    outcome: Outcome
    provider: str
    budget_eur: int
    contracted: bool
    reasons: tuple[str, ...]
    below_minimum: bool = False
    """A raise for a provider that helped fewer clients than its contract's minimum: a signal
    for purchasing (seed 001), never a reason to refuse the raise."""


def _contract(
    contracts: Sequence[ProviderContract], provider: str, request: PlacementRequest
) -> ProviderContract:
    for contract in contracts:
        if contract.provider == provider and contract.covers(request.category, request.year):
            return contract
    raise EscalatieError(
        f"request {request.reference}: provider: {provider!r} has no {request.year} contract for "
        f"{request.category.value}; expected a contracted provider to report"
    )


SENT_BACK = (
    "De beschikbare alternatieven zijn niet voldoende overwogen: de aanvraag gaat terug naar de "
    "verwijzer om ze eerst met het gezin af te wegen; er wordt nog geen budget toegekend."
)
CONSIDERED = "De beschikbare alternatieven zijn voldoende overwogen."
CANNOT_DELIVER = (
    "Gecontracteerde aanbieders kunnen geen passende zorg leveren: er wordt uitgeweken naar een "
    "andere aanbieder, die budget krijgt voor deze cliënt."
)
NO_ROOM = "Geen andere gecontracteerde aanbieder heeft ruimte: het budget van de aanbieder wordt verhoogd."


def other_has_room(provider: str) -> str:
    return f"Een andere gecontracteerde aanbieder heeft ruimte voor deze cliënt ({provider})."


def minimum_not_reached(contract: ProviderContract) -> str:
    """Seed 001: for the fixed amount a minimum number of clients is helped, and a nearly spent
    budget is raised when no other provider has room, without a condition; a raise below the
    minimum is a signal for purchasing, not a refusal (the module's docstring)."""
    from escalatie.dutch import count_phrase

    return (
        f"Signaal voor de inkoop: {contract.provider} heeft dit jaar "
        f"{count_phrase(contract.clients, 'cliënt', 'cliënten')} geholpen en het contract vraagt "
        f"er minimaal {contract.min_clients} voor het vaste bedrag. Het budget wordt toch "
        "verhoogd, zodat deze cliënt niet hoeft te wachten; of het contract past, is een vraag "
        "voor de inkoop."
    )


def _send_back(request: PlacementRequest, contracts: Sequence[ProviderContract]) -> Decision:
    contracted = any(
        c.provider == request.provider and c.covers(request.category, request.year)
        for c in contracts
    )
    return Decision(
        request.reference,
        request.year,
        request.category,
        Outcome.SEND_BACK,
        request.provider,
        0,
        contracted,
        (SENT_BACK,),
    )


def decide(request: PlacementRequest, contracts: Iterable[ProviderContract]) -> Decision:
    """The commission's decision: send back, divert to a provider with room, or raise the budget.

    First the commission checks whether the available alternatives were considered
    sufficiently; if not, the request is sent back to weigh them (:attr:`Outcome.SEND_BACK`).
    Otherwise it diverts or raises the budget, never "wait"; a raise for a provider below its
    contract's minimum number of clients carries that as a signal for purchasing
    (:func:`minimum_not_reached`; seed 001 raises without a condition, see the module).

    Errors (one line, naming the field) only for input the commission cannot take: a provider
    without a contract for the category, a report while the budget is not nearly spent, or no
    alternative provider named when contracted providers cannot deliver.
    """
    contracts = list(contracts)
    if not request.contracted_can_deliver:
        if not request.alternatives_considered:
            return _send_back(request, contracts)
        chosen = request.alternative_provider.strip()
        if not chosen:
            raise EscalatieError(
                f"request {request.reference}: alternative_provider: expected the provider that "
                "can deliver fitting care when the contracted providers cannot"
            )
        contracted = any(
            c.provider == chosen and c.covers(request.category, request.year) for c in contracts
        )
        return Decision(
            request.reference,
            request.year,
            request.category,
            Outcome.DIVERT,
            chosen,
            request.cost_eur,
            contracted,
            (CANNOT_DELIVER, CONSIDERED),
        )
    asked = _contract(contracts, request.provider, request)
    if not asked.nearly_spent(request.cost_eur):
        raise EscalatieError(
            f"request {request.reference}: provider: {asked.provider!r} still has EUR "
            f"{asked.remaining_eur} of its budget; a provider reports only when its budget is "
            "nearly spent (seed 001)"
        )
    if not request.alternatives_considered:
        return _send_back(request, contracts)
    others = sorted(
        (
            c
            for c in contracts
            if c.provider != asked.provider
            and c.covers(request.category, request.year)
            and c.has_room(request.cost_eur)
        ),
        key=lambda c: (-c.remaining_eur, c.provider),
    )
    if others:
        return Decision(
            request.reference,
            request.year,
            request.category,
            Outcome.DIVERT,
            others[0].provider,
            request.cost_eur,
            True,
            (other_has_room(others[0].provider), CONSIDERED),
        )
    below = (minimum_not_reached(asked),) if asked.clients < asked.min_clients else ()
    return Decision(
        request.reference,
        request.year,
        request.category,
        Outcome.RAISE_BUDGET,
        asked.provider,
        request.cost_eur,
        True,
        (NO_ROOM, CONSIDERED, *below),
        below_minimum=bool(below),
    )


@frozen
class PurchasingLine:
    """One year and care category of decisions: what purchasing can learn from them."""

    year: int
    category: CareCategory
    decisions: int
    budget_raises: int
    diverted_contracted: int
    diverted_outside_contract: int
    extra_budget_eur: int
    providers_raised: tuple[str, ...]
    sent_back: int = 0
    raised_below_minimum: int = 0
    """Raises for a provider below its contract's minimum number of clients: for purchasing to
    look at the contract (seed 001)."""


def purchasing_insight(decisions: Iterable[Decision]) -> list[PurchasingLine]:
    """Decisions aggregated per year and care category, so purchasing improves year by year:
    many raises point to too small budgets, diversions outside contract to missing supply, and
    requests sent back to alternatives not yet weighed at the front (seed 001's lesson)."""
    groups: dict[tuple[int, CareCategory], list[Decision]] = {}
    for d in decisions:
        groups.setdefault((d.year, d.category), []).append(d)
    lines = []
    for (year, category), group in sorted(groups.items()):
        raises = [d for d in group if d.outcome is Outcome.RAISE_BUDGET]
        diverted = [d for d in group if d.outcome is Outcome.DIVERT]
        lines.append(
            PurchasingLine(
                year=year,
                category=category,
                decisions=len(group),
                budget_raises=len(raises),
                diverted_contracted=sum(1 for d in diverted if d.contracted),
                diverted_outside_contract=sum(1 for d in diverted if not d.contracted),
                extra_budget_eur=sum(d.budget_eur for d in raises)
                + sum(d.budget_eur for d in diverted if not d.contracted),
                providers_raised=tuple(sorted({d.provider for d in raises})),
                sent_back=sum(1 for d in group if d.outcome is Outcome.SEND_BACK),
                raised_below_minimum=sum(1 for d in raises if d.below_minimum),
            )
        )
    return lines


def after(decision: Decision, contracts: Sequence[ProviderContract]) -> list[ProviderContract]:
    """The contracts once a decision is carried out: the chosen provider spends the client's
    budget and gains a client; a raise adds the same amount to the asked provider's budget; a
    request sent back changes nothing.

    A raise by the client's whole cost, not by what the remaining budget falls short of, is the
    library's reading: seed 001 says only "dan wordt het budget van de gevraagde aanbieder
    opgehoogd", with no amount, and a provider reports once its budget is nearly spent, not
    only once it is exhausted. The decision and the purchasing insight say so ("de kosten van
    deze cliënt"), so their extra budget is not read as the region's shortfall."""
    if decision.outcome is Outcome.SEND_BACK:
        return list(contracts)
    out = []
    for c in contracts:
        if c.provider == decision.provider and c.covers(decision.category, decision.year):
            extra = decision.budget_eur if decision.outcome is Outcome.RAISE_BUDGET else 0
            c = attrs.evolve(
                c,
                budget_eur=c.budget_eur + extra,
                spent_eur=c.spent_eur + decision.budget_eur,
                clients=c.clients + 1,
            )
        out.append(c)
    return out


def meeting(
    requests: Iterable[PlacementRequest], contracts: Iterable[ProviderContract]
) -> tuple[list[Decision], list[ProviderContract]]:
    """A commission meeting: requests decided in order of arrival, each on the contracts as
    the decisions before it left them."""
    current = list(contracts)
    decisions = []
    for request in sorted(requests, key=lambda r: (r.at, r.reference)):
        decision = decide(request, current)
        decisions.append(decision)
        current = after(decision, current)
    return decisions, current
