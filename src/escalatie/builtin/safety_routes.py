"""The crisis service and Veilig Thuis as onward routes (seeds 002, 003), built when the
:mod:`escalatie.builtin.routes` plugin registers them (so loading the plugin imports no domain
classes)."""

from __future__ import annotations

from escalatie.case import SafetyLevel
from escalatie.organisation import Audience
from escalatie.routes import CRISIS, VEILIG_THUIS, OnwardRoute, RouteKind
from escalatie.rules import Rule, safety_at_least
from escalatie.safety import CRISIS_FIRST, CRISIS_SOURCE
from escalatie.sources import seed

CRISIS_ROUTE = OnwardRoute(
    key=CRISIS,
    name="Huisarts of ggz-crisisdienst (vandaag)",
    kind=RouteKind.CRISIS,
    description=(
        "Acute mental-health crisis, such as an acute threat of suicide: the same day to the GP "
        "or the GGZ crisis service (24/7 acute psychiatric care). Not an escalation table, and "
        "not Veilig Thuis, which is for domestic violence and child abuse."
    ),
    entry=(CRISIS_FIRST,),
    applicants=frozenset(Audience),
    source=CRISIS_SOURCE,
)

VEILIG_THUIS_ROUTE = OnwardRoute(
    key=VEILIG_THUIS,
    name="Veilig Thuis",
    kind=RouteKind.SAFETY,
    description=(
        "Advies- en meldpunt huiselijk geweld en kindermishandeling. Where the child's safety "
        "is at stake, Veilig Thuis is the route, not an escalation table. Only where safety is "
        "at stake, and after the steps of the meldcode (Wet verplichte meldcode), a report may "
        "be made without consent, and only with the information needed (meldrecht, Wmo 2015, "
        "art. 5.2.6); without consent is not without the family's knowledge (zonder "
        "toestemming is niet zonder medeweten, VNG). The library's reading: a lawyer should "
        "confirm it (docs/privacy.md)."
    ),
    entry=(
        Rule(
            "route.veilig-thuis.safety",
            "The child's safety is at stake.",
            seed("002", "inleiding"),
            safety_at_least(SafetyLevel.CONCERN),
        ),
    ),
    applicants=frozenset(Audience),
    source=seed("002", "inleiding"),
)
