"""The agreements of a maatwerktafel (seed 000, step 5): schedule, lead and audience.

:class:`escalatie.learning.Agreement` already requires an owner, a due date (the schedule) and a
lead (regiehouder). What the seed adds is that with whom the agreements are shared is
discussed with the family ("met het gezin besproken"), and that a table ends with agreements.
:func:`agreement_findings` checks a table's agreements before the procesondersteuner aligns
them with the submitter.
"""

from __future__ import annotations

from collections.abc import Iterable

from escalatie.learning import Agreement
from escalatie_utrecht.maatwerktafel import AGREEMENTS


def agreement_findings(agreements: Iterable[Agreement]) -> list[str]:
    """One line per problem, naming the rule; empty when the agreements can be aligned."""
    items = list(agreements)
    rule = f"[{AGREEMENTS.id}; {AGREEMENTS.source.cite()}]"
    if not items:
        return [f"no agreements recorded: a table ends with agreements and their lead {rule}"]
    findings = []
    for number, agreement in enumerate(items, 1):
        if not agreement.audience:
            findings.append(
                f"agreement {number} ({agreement.action}): audience: expected the parties it is "
                f"shared with, as discussed with the family {rule}"
            )
    return findings


AFTER_THE_TABLE: tuple[str, ...] = (
    "De procesondersteuner noteert de afspraken met hun tijdschema.",
    "Aan tafel wordt besproken wie de regie neemt op het volgen van de afspraken.",
    "Met het gezin wordt besproken met wie de afspraken gedeeld worden.",
    "Na afloop stemt de procesondersteuner de afspraken af met de indiener van de casus.",
    "De indiener deelt de afspraken met de andere aanwezigen.",
)
"""The steps after a table, in Dutch, as the process support follows them (seed 000, step 5)."""
