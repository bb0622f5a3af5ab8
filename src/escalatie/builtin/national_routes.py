"""National and regional onward routes, and the resident's own routes (seeds 002, 004).

These routes exist beside every municipality's escalation model: a model names the keys of the
routes that apply to it in ``EscalationModel.onward_routes`` and triage lists those whose entry
criteria fire. Veilig Thuis lives in :mod:`escalatie.builtin.routes`.

Reading of the seeds, stated once so a policy adviser can check it:

* Integrale Vroeghulp is "voor kinderen van 0 tot 7": *tot* excludes the upper bound, so the
  route is open for children younger than seven (ages 0 to 6 in whole years).
* CCE: open when one of the conditions the seed gives as examples ("bijvoorbeeld") is recorded,
  or severe problem behaviour together with another condition ("vaak … meer problemen of
  aandoeningen tegelijkertijd in combinatie met ernstig probleemgedrag"). Severe problem
  behaviour is *often* present, so it is not required. Assumption: every case triaged here is
  stuck, so "langdurige, complexe casuïstiek" is not tested further; whether the situation
  threatens to become hopeless is for the applicant (the client, or the municipality on the
  client's behalf) to judge.
* Expertisenetwerk (seed 004): "meervoudige, complexe situaties". Seed 004 gives no criteria.
  Assumption: *meervoudig* is read as "more than one" (questions on at least two life domains,
  or at least two conditions) and *complex* as "stuck" (at least one obstacle recorded).
* The resident's routes (council and college, ombudsman, objection and complaint) are open when
  the family itself brings the case in; seed 002 wants early escalation to make them unneeded.
"""

from __future__ import annotations

from collections.abc import Callable

from escalatie.case import FAMILY_SUBMITTERS, Condition, Obstacle
from escalatie.hookspecs import hookimpl
from escalatie.organisation import Audience
from escalatie.routes import OnwardRoute, RouteKind
from escalatie.rules import (
    Rule,
    age_between,
    all_of,
    any_of,
    conditions_at_least,
    domains_at_least,
    has_condition,
    has_obstacle,
    stuck,
    submitted_by,
)
from escalatie.sources import seed

INTEGRALE_VROEGHULP = "integrale-vroeghulp"
CCE = "cce"
MELDPUNT_JUISTE_LOKET = "meldpunt-juiste-loket"
EXPERTISENETWERK = "expertisenetwerk"
RAAD_EN_COLLEGE = "raad-en-college"
OMBUDSMAN = "ombudsman"
BEZWAAR_EN_KLACHT = "bezwaar-en-klacht"

NATIONAL_ROUTE_KEYS = (INTEGRALE_VROEGHULP, CCE, MELDPUNT_JUISTE_LOKET, EXPERTISENETWERK)
RESIDENT_ROUTE_KEYS = (RAAD_EN_COLLEGE, OMBUDSMAN, BEZWAAR_EN_KLACHT)


CCE_CONDITIONS = (
    Condition.INTELLECTUAL_DISABILITY,
    Condition.PHYSICAL_DISABILITY,
    Condition.AUTISM,
    Condition.ACQUIRED_BRAIN_INJURY,
    Condition.MULTIPLE_DISABILITY,
    Condition.PSYCHIATRIC,
    Condition.BEHAVIOURAL,
)

_CARD = "002"
_IVH = "Een 'gouden oude': Integrale vroeghulp"
_CCE = "Centrum voor Consultatie en Expertise"
_MJL = "Meldpunt Juiste Loket"
_COMMUNICATE = "Communiceer over het aanspreekpunt!"
_NETWORK = "Aanleiding"

# Assumption (seed 004 gives no number): "meervoudig" read as "more than one", i.e. questions on
# at least two life domains or at least two recorded conditions.
MULTIPLE_DOMAINS = 2
MULTIPLE_CONDITIONS = 2


INTEGRALE_VROEGHULP_ROUTE = OnwardRoute(
    key=INTEGRALE_VROEGHULP,
    name="Integrale Vroeghulp",
    kind=RouteKind.REGIONAL,
    description=(
        "For children younger than 7: a casemanager visits the family at home; a team of a "
        "(child) doctor, a behavioural scientist and a social worker makes the plan together "
        "with the parents. Independent of providers, available in all 42 youth regions; parents "
        "can approach the team in their area directly."
    ),
    entry=(
        Rule(
            "route.integrale-vroeghulp.age",
            "The child is younger than 7 (Integrale Vroeghulp is for children from 0 to 7).",
            seed(_CARD, _IVH),
            age_between(0, 6),
        ),
    ),
    applicants=frozenset({Audience.PARENTS, Audience.PROFESSIONALS, Audience.DISTRICT_TEAMS}),
    source=seed(_CARD, _IVH),
)

CCE_ROUTE = OnwardRoute(
    key=CCE,
    name="Centrum voor Consultatie en Expertise (CCE): aanvraag door cliënt of gemeente",
    kind=RouteKind.NATIONAL,
    description=(
        "Independent advice, subsidised by the national government, for clients at risk of a "
        "hopeless situation in long-term, complex cases; looks for explanations of the problem "
        "behaviour and ways to improve the client's situation, and can support carrying out "
        "its advice. Who applies: the client, or the municipality on the client's behalf; a "
        "professional does not apply directly but can point the family or the municipality to "
        "it."
    ),
    entry=(
        Rule(
            "route.cce.complex-needs",
            "A long-term, complex case of someone with an intellectual or physical disability, "
            "autism, acquired brain injury, severe multiple disability, or psychiatric or "
            "behavioural problems (the seed's examples); severe problem behaviour is often, not "
            "always, part of it. The client, or the municipality for the client, applies.",
            seed(_CARD, _CCE),
            has_condition(*CCE_CONDITIONS),
        ),
        Rule(
            "route.cce.problem-behaviour",
            "Several problems or conditions at once, combined with severe problem behaviour. "
            "The client, or the municipality for the client, applies.",
            seed(_CARD, _CCE),
            all_of(has_condition(Condition.SEVERE_PROBLEM_BEHAVIOUR), conditions_at_least(2)),
        ),
    ),
    applicants=frozenset(
        {Audience.RESIDENTS, Audience.PARENTS, Audience.YOUNG_PEOPLE, Audience.MUNICIPALITY}
    ),
    source=seed(_CARD, _CCE),
)

MELDPUNT_JUISTE_LOKET_ROUTE = OnwardRoute(
    key=MELDPUNT_JUISTE_LOKET,
    name="Meldpunt Juiste Loket: de cliënt meldt zich zelf",
    kind=RouteKind.NATIONAL,
    description=(
        "Information point of the Ministry of VWS for people sent from pillar to post between "
        "the Jeugdwet, Wmo, Zvw and Wlz: works out the question with the client and gets the "
        "responsible body (municipality, health insurer, care office or CIZ) to a solution. "
        "Who applies: the client; a professional can point the family to it."
    ),
    entry=(
        Rule(
            "route.meldpunt-juiste-loket.pillar-to-post",
            "The family is sent from pillar to post ('van het kastje naar de muur') between "
            "Jeugdwet, Wmo, Zvw and Wlz. The client contacts the meldpunt.",
            seed(_CARD, _MJL),
            has_obstacle(Obstacle.PILLAR_TO_POST),
        ),
    ),
    applicants=frozenset({Audience.RESIDENTS, Audience.PARENTS, Audience.YOUNG_PEOPLE}),
    source=seed(_CARD, _MJL),
)

EXPERTISENETWERK_ROUTE = OnwardRoute(
    key=EXPERTISENETWERK,
    name="Expertisenetwerk complexe jeugdhulp",
    kind=RouteKind.REGIONAL,
    description=(
        "Regional expertise network for multiple, complex situations of young people: "
        "consultation and advice, organising help, and knowledge development; a network of "
        "experts by experience and professionals. Eight areas nationally, each with one "
        "coordinating municipality: contact the coordinating municipality of the family's area. "
        "Who applies: professionals, district teams or the municipality."
    ),
    entry=(
        Rule(
            "route.expertisenetwerk.multiple-complex",
            "A multiple, complex situation (assumption, seed 004 gives no criteria: questions on "
            "at least two life domains or at least two conditions, and at least one reason why "
            "the case is stuck).",
            seed("004", "inleiding: meervoudige, complexe situaties van jongeren"),
            all_of(
                any_of(
                    domains_at_least(MULTIPLE_DOMAINS),
                    conditions_at_least(MULTIPLE_CONDITIONS),
                ),
                stuck(),
            ),
        ),
    ),
    applicants=frozenset({Audience.PROFESSIONALS, Audience.DISTRICT_TEAMS, Audience.MUNICIPALITY}),
    source=seed("004", _NETWORK),
)

RAAD_EN_COLLEGE_ROUTE = OnwardRoute(
    key=RAAD_EN_COLLEGE,
    name="Gemeenteraad en college",
    kind=RouteKind.RESIDENT,
    description=(
        "The municipal council and the college (mayor and aldermen) are a contact point for "
        "residents; municipalities are asked to communicate this role."
    ),
    entry=(
        Rule(
            "route.raad-en-college.resident",
            "The family brings the case in itself: residents can turn to the council and the "
            "college.",
            seed(_CARD, _COMMUNICATE),
            submitted_by(*FAMILY_SUBMITTERS),
        ),
    ),
    applicants=frozenset({Audience.RESIDENTS, Audience.PARENTS, Audience.YOUNG_PEOPLE}),
    source=seed(_CARD, _COMMUNICATE),
)

OMBUDSMAN_ROUTE = OnwardRoute(
    key=OMBUDSMAN,
    name="Lokale ombudsman",
    kind=RouteKind.RESIDENT,
    description=(
        "A local ombudsman function where residents can take a complaint about how the "
        "municipality handled their case."
    ),
    entry=(
        Rule(
            "route.ombudsman.resident",
            "The family brings the case in itself: residents can turn to a local ombudsman.",
            seed(_CARD, _COMMUNICATE),
            submitted_by(*FAMILY_SUBMITTERS),
        ),
    ),
    applicants=frozenset({Audience.RESIDENTS, Audience.PARENTS, Audience.YOUNG_PEOPLE}),
    source=seed(_CARD, _COMMUNICATE),
)

BEZWAAR_EN_KLACHT_ROUTE = OnwardRoute(
    key=BEZWAAR_EN_KLACHT,
    name="Bezwaar- en klachtprocedure",
    kind=RouteKind.RESIDENT,
    description=(
        "The regular objection (bezwaar, Awb) and complaint procedures. Seed 002: preferably it "
        "does not come to objections and complaints, because professionals and clients escalate "
        "early."
    ),
    entry=(
        Rule(
            "route.bezwaar-en-klacht.resident",
            "The family brings the case in itself: the regular objection and complaint "
            "procedures are open, as a last resort.",
            seed(_CARD, _COMMUNICATE),
            submitted_by(*FAMILY_SUBMITTERS),
        ),
    ),
    applicants=frozenset({Audience.RESIDENTS, Audience.PARENTS, Audience.YOUNG_PEOPLE}),
    source=seed(_CARD, _COMMUNICATE),
)

ROUTES = (
    INTEGRALE_VROEGHULP_ROUTE,
    CCE_ROUTE,
    MELDPUNT_JUISTE_LOKET_ROUTE,
    EXPERTISENETWERK_ROUTE,
    RAAD_EN_COLLEGE_ROUTE,
    OMBUDSMAN_ROUTE,
    BEZWAAR_EN_KLACHT_ROUTE,
)


@hookimpl(trylast=True)
def escalatie_register_routes(register: Callable[[OnwardRoute], None]) -> None:
    for route in ROUTES:
        register(route)
