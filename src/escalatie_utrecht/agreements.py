"""The agreements of a maatwerktafel (seed 000, stap 5): schedule, lead and audience.

:class:`escalatie.learning.Agreement` already requires an owner, a due date (the schedule) and a
lead (regiehouder). What the seed adds is that with whom the agreements are shared is
discussed with the family ("met het gezin besproken"), and that a table ends with agreements.
:func:`agreement_findings` checks a table's agreements before the procesondersteuner aligns
them with the submitter. The rule and the steps after the table (in Dutch) are data: the
``[agreements]`` table of ``models/maatwerktafel.toml``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from escalatie.learning import Agreement

if TYPE_CHECKING:
    from escalatie.api import EscalationModel


AGREEMENTS_RULE = "utrecht.maatwerktafel.agreements"
"""The rule of the maatwerktafel's agreements policy (seed 000, stap 5) that findings cite."""


def agreement_findings(
    agreements: Iterable[Agreement], model: EscalationModel | None = None
) -> list[str]:
    """One line per problem, naming the rule of ``model``'s agreements policy (default: the
    installed ``utrecht-maatwerktafel``); empty when the agreements can be aligned."""
    if model is None:
        from escalatie.api import get_model

        model = get_model("utrecht-maatwerktafel")
    policy = next((r for r in model.agreements.rules if r.id == AGREEMENTS_RULE), None)
    if policy is None:
        from escalatie.errors import EscalatieError

        raise EscalatieError(
            f"model {model.name}: its agreements policy lacks the rule {AGREEMENTS_RULE} "
            "(seed 000, stap 5) that agreements are checked against"
        )
    items = list(agreements)
    rule = f"[{policy.id}; {policy.source.cite()}]"
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
