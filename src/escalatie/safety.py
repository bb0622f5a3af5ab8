"""Safety first, in every model: acute danger never waits for a table.

Two routes, decided before any plugin is asked, so no plugin can route such a case to a table:

- An acute mental-health crisis (an acute threat of suicide, say) goes the same day to the GP or
  the GGZ crisis service (route ``crisis``). Not in the seeds: DOMAIN.md cites the letter of the
  Minister of VWS on acute GGZ (Kamerstuk 25 424, nr. 273, 2015). Seed 002's second vignette, a
  girl with suicidal thoughts who cuts herself, is such a case.
- An acute safety signal about domestic violence or child abuse goes to Veilig Thuis
  (route ``veilig-thuis``). Seed 002 (introduction): where the child's safety is at stake, Veilig
  Thuis is the route, not an escalation table. Seed 003 (leading principles): the safety of
  children is always the lower bound.

:class:`escalatie.triaging.Triager` applies these rules first; a crisis comes before Veilig Thuis,
which is then listed as an open route if there is also a safety signal.

What happens to the case afterwards the seeds do not spell out, but seed 002 lists two such
cases (the father on leave from a closed ward, the self-harming girl) among its stuck cases
that the escalation models are for: once the danger is handled, the stuck question goes on
along the model's route (:data:`AFTER_SAFETY`, an action on both safety routes).
"""

from __future__ import annotations

from escalatie.case import SafetyLevel
from escalatie.rules import Rule, acute_crisis, safety_at_least
from escalatie.sources import Document, cite_document, seed

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

AFTER_SAFETY = Rule(
    "core.after-safety",
    "Safety first does not close the case: once the acute danger is handled, the question it is "
    "stuck on goes on along the model's route; triage it again with the safety and crisis "
    "signals as they then stand.",
    seed("002", "Waar gaat het om? Voorbeelden van vastlopende casussen"),
    enforced=False,
)

ACUTE_GGZ = Document(
    key="acute-ggz",
    title="Brief van de minister van VWS over de acute ggz",
    publisher="Tweede Kamer der Staten-Generaal",
    year=2015,
    identifier="Kamerstuk 25 424, nr. 273",
)
"""Not a seed: the public source DOMAIN.md names for the acute mental-health crisis."""

CRISIS_SOURCE = cite_document(
    ACUTE_GGZ, "acute ggz: dezelfde dag naar de huisarts of de ggz-crisisdienst (24/7)"
)

CRISIS_FIRST = Rule(
    "core.crisis-same-day",
    "There is an acute mental-health crisis, such as an acute threat of suicide: the GP or the "
    "GGZ crisis service assesses the young person today; no table that meets later is the "
    "route, and Veilig Thuis is not, as it is for domestic violence and child abuse.",
    CRISIS_SOURCE,
    acute_crisis(),
)
