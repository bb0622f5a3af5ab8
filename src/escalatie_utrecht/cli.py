"""``escalatie passend-alternatief``: the Commissie Passend Alternatief decides reported requests.

Contributed by the Utrecht plugin through ``escalatie_register_commands``. Input is two JSON
files: the provider contracts (vierkantfinanciering) and the requests providers reported;
output is one decision per request (a budget raise or a diversion, never "wait"; a request
whose alternatives were not considered is sent back to weigh them first) and the purchasing
insight per year and care category (seed 001).
"""

from __future__ import annotations

import json
from typing import Any

import click


@click.group(name="passend-alternatief")
def passend_alternatief() -> None:
    """Utrecht's Commissie Passend Alternatief (seed 001)."""


@passend_alternatief.command()
@click.argument("contracts_file", metavar="CONTRACTS.json")
@click.argument("requests_file", metavar="REQUESTS.json")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON output.")
def decide(contracts_file: str, requests_file: str, as_json: bool) -> None:
    """Decide REQUESTS.json (a list of reported requests) on CONTRACTS.json (a list of contracts).

    Requests are decided in order of arrival; each decision changes the budgets the next one
    sees. Prints the decisions and the purchasing insight.
    """
    from escalatie.cli.common import echo  # request text may carry escape sequences
    from escalatie.documents import parse_json, read_text, structure_list, unstructure
    from escalatie_utrecht.vierkant import (
        Outcome,
        PlacementRequest,
        ProviderContract,
        meeting,
        purchasing_insight,
    )

    contracts = structure_list(
        parse_json(read_text(contracts_file), contracts_file), ProviderContract, contracts_file
    )
    requests = structure_list(
        parse_json(read_text(requests_file), requests_file), PlacementRequest, requests_file
    )
    decisions, final = meeting(requests, contracts)
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
        if d.outcome is Outcome.SEND_BACK:
            echo(f"{d.reference}: terug naar de verwijzer: eerst alternatieven overwegen")
        else:
            verb = "budget verhoogd" if d.outcome is Outcome.RAISE_BUDGET else "uitgeweken naar"
            outside = "" if d.contracted else " (buiten contract)"
            echo(f"{d.reference}: {verb} {d.provider}{outside}, EUR {d.budget_eur}")
        for reason in d.reasons:
            echo(f"    {reason}")
    echo("Inkoopinzicht:")
    for line in insight:
        echo(
            f"  {line.year} {line.category.value}: {line.decisions} besluiten, "
            f"{line.budget_raises} budgetverhogingen, {line.diverted_contracted} uitgeweken binnen "
            f"contract, {line.diverted_outside_contract} buiten contract, {line.sent_back} "
            f"teruggestuurd, extra EUR {line.extra_budget_eur}"
        )
