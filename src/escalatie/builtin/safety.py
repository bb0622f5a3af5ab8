"""Safety first, in every model: an acute safety signal goes to Veilig Thuis at once.

Seed 002 (introduction): where the child's safety is at stake, Veilig Thuis is the route, not an
escalation table. Seed 003 (leading principles): the safety of children is always the lower
bound. Registered ``tryfirst``; :func:`escalatie.triage.triage` also guards the outcome, so
no plugin can route such a case to a table.
"""

from __future__ import annotations

from datetime import datetime

from escalatie.case import Case, SafetyLevel
from escalatie.hookspecs import hookimpl
from escalatie.model import EscalationModel
from escalatie.routes import VEILIG_THUIS
from escalatie.rules import Rule, safety_at_least
from escalatie.sources import seed
from escalatie.triage import Reason, RouteType, TriageResult

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


@hookimpl(tryfirst=True)
def escalatie_preempt_triage(
    model: EscalationModel, case: Case, at: datetime
) -> TriageResult | None:
    if not SAFETY_FIRST.holds(case, at):
        return None
    return veilig_thuis_now(model, case, at)


def veilig_thuis_now(model: EscalationModel, case: Case, at: datetime) -> TriageResult:
    """The triage result for an acute case: Veilig Thuis, now, in any model."""
    return TriageResult(
        model=model.name,
        case_reference=case.reference,
        at=at,
        route=VEILIG_THUIS,
        route_name="Veilig Thuis",
        route_type=RouteType.ONWARD,
        eligible=True,
        reasons=(Reason.of(SAFETY_FIRST), Reason.of(SAFETY_LOWER_BOUND)),
        next_meeting=None,
    )
