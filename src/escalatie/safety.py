"""Safety first, in every model: acute danger never waits for a table.

Two routes, decided before any plugin is asked, so no plugin can route such a case to a table:

- An acute mental-health crisis (an acute threat of suicide, say) goes the same day to the GP or
  the GGZ crisis service (route ``crisis``). Not in the seeds: DOMAIN.md cites the letter of the
  Minister of VWS on acute GGZ (Kamerstuk 25 424, nr. 273, 2015). Seed 002's second vignette, a
  girl with suicidal thoughts who cuts herself, is such a case.
- An acute safety signal about domestic violence or child abuse goes to Veilig Thuis
  (route ``veilig-thuis``). Seed 002 (introduction): where the child's safety is at stake, the
  support of Veilig Thuis is relevant, not an escalation table. Seed 003 (leading principles):
  the safety of children is always the lower bound. Whether to consult or to report, the
  meldcode decides (:data:`MELDCODE`, a declared document, not a seed); immediate danger is 112.
- A safety concern that is not acute: the case goes on along its route, and triage adds the
  action to consult Veilig Thuis (meldcode step 2, :data:`SAFETY_CONCERN`).

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
from escalatie.sources import Document, Source, cite_document, seed

MELDCODE = Document(
    key="meldcode",
    title="Wet verplichte meldcode huiselijk geweld en kindermishandeling",
    publisher="Rijksoverheid",
    year=2013,
    url="https://www.rijksoverheid.nl/onderwerpen/huiselijk-geweld/meldcode",
)
"""Not a seed: the law of 2013 (in force 1 July 2013); the afwegingskader in steps 4 and 5 is
required since 1 January 2019 (amendment of the Besluit verplichte meldcode, Staatsblad 2017), so
a rule citing it names that in its section. The meldcode's five
steps (1 signals, 2 consult a colleague and, where needed, Veilig Thuis, 3 talk with the family, 4 weigh with the afwegingskader, 5 decide: report and/or
organise help). Seed 002 says only that Veilig Thuis's support is relevant ("in dat geval is de
ondersteuning van Veilig Thuis relevant"); consulting and reporting are the meldcode's words."""

SAFETY_FIRST = Rule(
    "core.safety-first",
    "The child's safety is acutely at stake: consult or report to Veilig Thuis (meldcode); in "
    "immediate danger call 112. An escalation table is not the route (safety is always the "
    "lower bound).",
    Source(
        "002",
        "inleiding: veiligheid van het kind in het geding → ondersteuning van Veilig Thuis",
        also=(
            cite_document(
                MELDCODE,
                "stap 2 raadplegen; stap 4 en 5 wegen en melden met het afwegingskader (verplicht "
                "sinds 1 januari 2019)",
            ),
        ),
    ),
    safety_at_least(SafetyLevel.ACUTE),
)

SAFETY_CONCERN = Rule(
    "core.safety-concern-consult",
    "There is a concern about the child's safety: consult Veilig Thuis for advice (meldcode "
    "step 2) beside the route; in immediate danger call 112.",
    Source(
        "002",
        "inleiding: veiligheid van het kind in het geding → ondersteuning van Veilig Thuis",
        also=(
            cite_document(MELDCODE, "stap 2: collegiale consultatie en raadplegen Veilig Thuis"),
        ),
    ),
    safety_at_least(SafetyLevel.CONCERN),
)
"""Triage lists it under the actions of every result for a case at safety level ``concern``:
Veilig Thuis is then an open route, never the main one, and this says what to do with it."""

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
