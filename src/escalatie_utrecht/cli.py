"""``escalatie passend-alternatief``: the Commissie Passend Alternatief decides reported requests.

Contributed by the Utrecht plugin through ``escalatie_register_commands``. Input is the provider
contracts (vierkantfinanciering, a JSON file) and either the requests providers reported (a
JSON file) or one case in the register (``--case ID`` with the request's details). Output is
one decision per request (a budget raise or a diversion, never "wait"; a request whose
alternatives were not considered is sent back to weigh them first; a raise for a provider below
its contract's minimum number of clients carries a signal for purchasing) and the purchasing insight per year and
care category (seed 001), in Dutch, amounts as "€ 60.000".

On a register case the decision is an event of the case (``commission_decided``, audited), and
the commission decides on the budgets the earlier decisions recorded in the register left.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from escalatie.api import Choice

if TYPE_CHECKING:
    from escalatie_utrecht.vierkant import Decision, PurchasingLine


@click.group(name="passend-alternatief")
def passend_alternatief() -> None:
    """Utrecht's Commissie Passend Alternatief (seed 001)."""


def dutch_decision(d: Decision) -> list[str]:
    """A decision as the commission writes it down, in Dutch. A raise says that it is the
    client's cost: seed 001 says only that the budget "wordt opgehoogd", so the amount is the
    library's reading (:func:`escalatie_utrecht.vierkant.after`)."""
    from escalatie.dutch import euro
    from escalatie_utrecht.vierkant import SENT_BACK, Outcome

    if d.outcome is Outcome.SEND_BACK:
        to = "de verwijzer" if SENT_BACK in d.reasons else "de aanbieder"
        head = f"{d.reference}: terug naar {to}."
    elif d.outcome is Outcome.RAISE_BUDGET:
        head = (
            f"{d.reference}: het budget van {d.provider} wordt verhoogd met {euro(d.budget_eur)}, "
            "de kosten van deze cliënt."
        )
    else:
        where = "gecontracteerd" if d.contracted else "buiten contract"
        head = (
            f"{d.reference}: uitgeweken naar {d.provider} ({where}), die {euro(d.budget_eur)} "
            "krijgt voor deze cliënt."
        )
    return [head, *(f"    {reason}" for reason in d.reasons)]


def dutch_insight(line: PurchasingLine) -> str:
    from escalatie.dutch import count_phrase, euro, listing
    from escalatie_utrecht.vierkant import DUTCH_CATEGORIES

    category = DUTCH_CATEGORIES[line.category]
    counts = (
        (line.budget_raises, "budgetverhoging", "budgetverhogingen", ""),
        (line.diverted_contracted, "keer", "keer", " uitgeweken binnen contract"),
        (line.diverted_outside_contract, "keer", "keer", " uitgeweken buiten contract"),
        (line.sent_back, "aanvraag", "aanvragen", " teruggestuurd"),
    )
    n = line.raised_below_minimum
    below = (
        f" Daarvan {'ging' if n == 1 else 'gingen'} "
        f"{count_phrase(n, 'budgetverhoging', 'budgetverhogingen')} naar een aanbieder onder "
        "het minimum aantal cliënten van het contract: een vraag voor de inkoop."
        if n
        else ""
    )
    parts = [count_phrase(n, one, many) + tail for n, one, many, tail in counts if n]
    return (
        f"  {category[0].upper()}{category[1:]} in {line.year}: "
        f"{count_phrase(line.decisions, 'besluit', 'besluiten')}, waarvan {listing(parts)}; "
        f"extra budget {euro(line.extra_budget_eur)} (per besluit de kosten van de cliënt).{below}"
    )


@passend_alternatief.command()
@click.argument("contracts_file", metavar="CONTRACTS.json")
@click.argument("requests_file", metavar="[REQUESTS.json]", required=False)
@click.option("--case", "case_id", metavar="ID", help="Decide on this register case instead.")
@click.option(
    "--category",
    type=Choice(["residential", "specialist_youth_care", "foster_care"]),
    help="With --case: the care category asked for (seed 001's three examples; ambulant help, "
    "day treatment and mental-health care are decided as specialist_youth_care, the library's "
    "reading).",
)
@click.option("--provider", help="With --case: the provider that reports.")
@click.option("--cost", type=click.IntRange(min=1), metavar="EUR", help="With --case: the cost.")
@click.option(
    "--alternatives-considered", is_flag=True, help="With --case: the alternatives were weighed."
)
@click.option(
    "--contracted-cannot-deliver",
    is_flag=True,
    help="With --case: no contracted provider can deliver fitting care.",
)
@click.option("--alternative-provider", default="", help="With --case: who can, then.")
@click.option("--db", envvar="ESCALATIE_DB", metavar="FILE", help="With --case: the register.")
@click.option("--actor", envvar="ESCALATIE_ACTOR", metavar="NAME", help="With --case: who works.")
@click.option("--at", metavar="DATETIME", help="With --case: the moment of the decision.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON output.")
def decide(
    contracts_file: str,
    requests_file: str | None,
    case_id: str | None,
    category: str | None,
    provider: str | None,
    cost: int | None,
    alternatives_considered: bool,
    contracted_cannot_deliver: bool,
    alternative_provider: str,
    db: str | None,
    actor: str | None,
    at: str | None,
    as_json: bool,
) -> None:
    """Decide REQUESTS.json, or one register case (--case), on CONTRACTS.json.

    Requests are decided in order of arrival; each decision changes the budgets the next one
    sees. Prints the decisions and the purchasing insight, in Dutch.
    """
    from escalatie.api import echo  # request text may carry escape sequences
    from escalatie.documents import parse_json, read_text, structure_list, unstructure
    from escalatie_utrecht.vierkant import (
        CareCategory,
        PlacementRequest,
        ProviderContract,
        meeting,
        purchasing_insight,
    )

    if (requests_file is None) == (case_id is None):
        raise click.UsageError("expected REQUESTS.json or --case ID (one of the two)")
    contracts = structure_list(
        parse_json(read_text(contracts_file), contracts_file), ProviderContract, contracts_file
    )
    if case_id is None:
        assert requests_file is not None
        requests = structure_list(
            parse_json(read_text(requests_file), requests_file), PlacementRequest, requests_file
        )
        decisions, final = meeting(requests, contracts)
    else:
        missing = [n for n, v in (("--category", category), ("--provider", provider),
                                  ("--cost", cost), ("--actor", actor)) if not v]  # fmt: skip
        if missing:
            raise click.UsageError(f"--case: expected {', '.join(missing)} as well")
        assert category is not None and provider is not None and cost is not None
        assert actor is not None
        decisions, final = _decide_case(
            contracts,
            case_id,
            CareCategory(category),
            provider,
            cost,
            alternatives_considered,
            not contracted_cannot_deliver,
            alternative_provider,
            db,
            actor,
            at,
        )
    insight = purchasing_insight(decisions)
    if as_json:
        data: dict[str, Any] = {
            "decisions": unstructure(decisions),
            "contracts": unstructure(final),
            "purchasing_insight": unstructure(insight),
        }
        echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for d in decisions:
        for text in dutch_decision(d):
            echo(text)
    echo("Inkoopinzicht per jaar en zorgcategorie:")
    for line in insight:
        echo(dutch_insight(line))


def _decide_case(
    contracts: list[Any],
    case_id: str,
    category: Any,
    provider: str,
    cost: int,
    alternatives_considered: bool,
    can_deliver: bool,
    alternative_provider: str,
    db: str | None,
    actor: str,
    at: str | None,
) -> tuple[list[Decision], list[Any]]:
    """Decide one register case on the budgets earlier recorded decisions left; record it."""
    from escalatie.api import open_register
    from escalatie.documents import structure, unstructure
    from escalatie.errors import EscalatieError
    from escalatie.register.events import EventKind
    from escalatie_utrecht.vierkant import Decision, PlacementRequest, after, decide

    with open_register(db, actor, at) as s:
        state = s.state(case_id)
        if state.closed_at is not None:
            raise EscalatieError(f"--case: case {case_id} is closed; nothing can be added to it")
        if s.at < state.submitted_at:
            raise EscalatieError("--at: expected a moment on or after the case's submission")
        earlier = sorted(
            ((when, structure(d, Decision)) for st in s.register.states().values()
             for when, d in st.decisions),
            key=lambda pair: pair[0],
        )  # fmt: skip
        for _, d in earlier:
            contracts = after(d, contracts)
        request = PlacementRequest(
            reference=case_id,
            category=category,
            provider=s.scrub(case_id, provider),
            cost_eur=cost,
            at=s.at,
            alternatives_considered=alternatives_considered,
            contracted_can_deliver=can_deliver,
            alternative_provider=s.scrub(case_id, alternative_provider),
        )
        decision = decide(request, contracts)
        s.record(case_id, EventKind.COMMISSION_DECIDED, {"decision": unstructure(decision)})
    return [decision], after(decision, contracts)
