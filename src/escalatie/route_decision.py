"""Whether a case may go on a forum's agenda: the aanspreekpunt's decision (seed 000, step 2).

Triage gives the forum a case belongs to; the aanspreekpunt decides whether a table fits. So
a case goes on a forum's agenda (``case plan``) or into its invitation (``invite``) when
triage gives that forum, or when the aanspreekpunt decides otherwise with ``--override
--reason TEXT``, which the register's audit log keeps. Both commands ask this module.
"""

from __future__ import annotations

from datetime import datetime

from escalatie.clock import local
from escalatie.errors import EscalatieError
from escalatie.forum import Forum
from escalatie.model import EscalationModel
from escalatie.rules import Rule
from escalatie.sources import seed
from escalatie.triaging import TriageResult

ROUTE_DECISION = Rule(
    "register.plan_follows_triage",
    "With the aanspreekpunt it is discussed whether a table fits: a case is put on a forum's "
    "agenda when triage gives that forum and nothing it asks first is missing (the talk with "
    "the aanspreekpunt among it), or when the aanspreekpunt decides otherwise and records why.",
    seed(
        "000",
        "2. Route naar een maatwerktafel ('besproken of het passend is'); 3. Organisatie "
        "('Indien de uitkomst van je gesprek met je aanspreekpunt is dat het passend is')",
    ),
)


def follows_triage(triaged: TriageResult, model: EscalationModel, forum: Forum) -> bool:
    """Triage of the case under ``model`` gives ``forum``, the case is eligible for it, and no
    prerequisite is missing (policy review: a case whose talk with the aanspreekpunt never
    happened went onto the maatwerktafel's agenda)."""
    return triaged.model == model.name and triaged.forum == forum.key and triaged.ready


def require_triaged_forum(
    triaged: TriageResult,
    model: EscalationModel,
    forum: Forum,
    *,
    argument: str,
    case: str,
    at: datetime,
) -> None:
    """Refuse, naming ``argument`` and the rule, a forum that triage does not give the case
    (:data:`ROUTE_DECISION`); the way out is the aanspreekpunt's ``--override --reason``."""
    if follows_triage(triaged, model, forum):
        return
    where = f"{triaged.route_name} ({triaged.route})" if triaged.route else "no route"
    if triaged.forum == forum.key and triaged.eligible and triaged.missing:
        first = ", ".join(r.rule for r in triaged.missing)
        outcome = f"gives forum {forum.key}, but first: {first} (see triage)"
    else:
        outcome = f"gives {where}, not forum {forum.key}"
    raise EscalatieError(
        f"{argument}: triage of case {case} under {model.name} at "
        f"{local(at).strftime('%Y-%m-%dT%H:%M')} {outcome}; to "
        "plan it there, the aanspreekpunt overrides with --override --reason TEXT "
        f"[{ROUTE_DECISION.id}; {ROUTE_DECISION.source.cite()}]"
    )
