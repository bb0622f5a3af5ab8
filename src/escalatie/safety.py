"""Safety first, in every model: an acute safety signal goes to Veilig Thuis at once.

Seed 002 (introduction): where the child's safety is at stake, Veilig Thuis is the route, not an
escalation table. Seed 003 (leading principles): the safety of children is always the lower
bound. :class:`escalatie.triage.Triager` applies these rules before anything else, before any plugin
is asked, so no plugin can route such a case to a table.
"""

from __future__ import annotations

from escalatie.case import SafetyLevel
from escalatie.rules import Rule, safety_at_least
from escalatie.sources import seed

SAFETY_FIRST = Rule(
    "core.safety-first",
    "The child's safety is acutely at stake: report to Veilig Thuis now; an escalation table "
    "is not the route (safety is always the lower bound).",
    seed("002", "inleiding: veiligheid van het kind in het geding → Veilig Thuis"),
    safety_at_least(SafetyLevel.ACUTE),
)

SAFETY_LOWER_BOUND = Rule(
    "core.safety-lower-bound",
    "Veiligheid van kinderen vormt altijd de ondergrens.",
    seed("003", "leidende principes"),
    safety_at_least(SafetyLevel.ACUTE),
)
