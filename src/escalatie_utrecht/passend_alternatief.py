"""The Commissie Passend Alternatief of the regio Utrecht (seed 001): the full range of care.

A commission of the region, chaired by the municipality of Utrecht with Samen Veilig, the
buurtteam organisation and the youth doctor. Under vierkantfinanciering a provider whose budget
is nearly spent reports a new request; the commission checks whether the alternatives were
considered and whether another provider has room, then diverts the client or raises the budget
(see :mod:`escalatie_utrecht.vierkant`). That a request whose alternatives were not considered
goes back to the referrer, and that the client otherwise never waits, is this library's reading.
The seed gives no rhythm: every two weeks is this library's assumption.
"""

from __future__ import annotations

from datetime import time

from escalatie.case import CareKind, Obstacle, SubmitterRole
from escalatie.forum import (
    Cadence,
    Forum,
    ForumKind,
    ParticipantPolicy,
    ProcessSupport,
)
from escalatie.learning import LearningOutput
from escalatie.model import EscalationModel, Step
from escalatie.organisation import Audience, Mandate, Power
from escalatie.rules import (
    Rule,
    all_of,
    always,
    flag,
    has_obstacle,
    negate,
    requests_care,
    requests_residential,
    submitted_by,
)
from escalatie.sources import seed
from escalatie_utrecht.common import (
    GEMEENTE,
    REGION,
    S001_CPA,
    S001_FRONT_LINE,
    S001_LESSONS,
    holiday_policy,
)
from escalatie_utrecht.principles import DRIETRAP, LIGHTEST_TRACK, QUESTION_LEADS, SIX_PRINCIPLES
from escalatie_utrecht.routes import ONWARD_ROUTES
from escalatie_utrecht.settings import UtrechtSettings

NAME = "utrecht-passend-alternatief"
FORUM = "commissie-passend-alternatief"
EVERY_WEEKS = 2
START, END = time(10, 0), time(12, 0)

CATEGORY_KINDS = (
    CareKind.RESIDENTIAL,
    CareKind.RESIDENTIAL_SPECIALISED,
    CareKind.SPECIALIST_YOUTH_CARE,
    CareKind.FOSTER_CARE,
    CareKind.AMBULANT,
    CareKind.DAY_TREATMENT,
    CareKind.MENTAL_HEALTH,
)
"""Care kinds that fall in the contracted categories (residential, specialist, foster care)."""

BUDGET_NEARLY_SPENT = Rule(
    "utrecht.cpa.budget-nearly-spent",
    "A provider whose budget is nearly spent reports to the commission when a new request arrives.",
    seed("001", S001_CPA),
    all_of(submitted_by(SubmitterRole.PROVIDER), has_obstacle(Obstacle.PROVIDER_BUDGET_EXHAUSTED)),
)
NO_FITTING_PROVIDER = Rule(
    "utrecht.cpa.no-fitting-provider",
    "The contracted providers cannot deliver fitting care: another provider is sought.",
    seed("001", S001_CPA),
    has_obstacle(Obstacle.NO_FITTING_PROVIDER),
)
CARE_QUESTION = Rule(
    "utrecht.cpa.care-question",
    "The commission handles care questions: the case asks for care in a contracted category "
    "(residential, specialist youth care, foster care).",
    seed("001", S001_CPA),
    requests_care(*CATEGORY_KINDS),
)
CHECK_ALTERNATIVES = Rule(
    "utrecht.cpa.check-alternatives",
    "The commission checks whether the available alternatives were considered sufficiently and "
    "whether another provider has room for this client.",
    seed("001", S001_CPA),
    always(),
)
NEVER_WAIT = Rule(
    "utrecht.cpa.never-wait",
    "The library's reading of the seed (which says: divert to a provider with room, which "
    "receives budget for the client, or raise the asked provider's budget): once the "
    "alternatives were considered, the outcome is one of these two, never a waiting list.",
    seed("001", S001_CPA),
    always(),
)
SEND_BACK = Rule(
    "utrecht.cpa.send-back",
    "Residential care is asked and the case does not record that the ambulant alternatives "
    "were considered: the commission checks this and sends the request back to the referrer to "
    "weigh them with the family first (the library's reading: seed 001 invests in the people "
    "at the front rather than devising solutions in one expert team).",
    seed("001", S001_FRONT_LINE),
    all_of(requests_residential(), negate(flag("ambulant_alternatives_considered"))),
)
REFERRERS_AND_PROVIDERS = Rule(
    "utrecht.cpa.referrers-and-providers",
    "A lesson: the municipality takes the lead in bringing providers and referrers together, "
    "to put into practice the principles they formulated together; complex custom solutions "
    "often combine several providers.",
    seed("001", S001_LESSONS),
)
FRONT_LINE = Rule(
    "utrecht.cpa.front-line",
    "As at the City Deal, a main lesson is more attention for the mindset of professionals: "
    "the family's question leads, not the supply; the municipality invests in the people at "
    "the front instead of one expert team.",
    seed("001", S001_FRONT_LINE),
)
VIERKANT = Rule(
    "utrecht.cpa.vierkantfinanciering",
    "Vierkantfinanciering: a provider is contracted for one or more care categories with a "
    "fixed budget, for which it helps a minimum number of clients.",
    seed("001", S001_CPA),
)
CHAIR = Rule(
    "utrecht.cpa.chair",
    "A commission of the regio Utrecht, chaired by the municipality of Utrecht, with Samen "
    "Veilig, the buurtteam organisation and the youth doctor.",
    seed("001", S001_CPA),
)
PURCHASING = Rule(
    "utrecht.cpa.purchasing",
    "The commission is a learning environment: purchasing gets better year after year.",
    seed("001", S001_CPA),
)
CADENCE = Rule(
    "utrecht.cpa.cadence",
    "Assumption (the seed gives no rhythm): the commission meets every two weeks, 10:00–12:00, "
    "from the configured first date.",
    seed("001", S001_CPA),
)

RULES: tuple[Rule, ...] = (
    BUDGET_NEARLY_SPENT,
    NO_FITTING_PROVIDER,
    CARE_QUESTION,
    CHECK_ALTERNATIVES,
    SEND_BACK,
    NEVER_WAIT,
    VIERKANT,
    CHAIR,
    PURCHASING,
    REFERRERS_AND_PROVIDERS,
    FRONT_LINE,
    CADENCE,
)


def cadence(settings: UtrechtSettings) -> Cadence:
    """Every ``EVERY_WEEKS`` weeks from the first date (an assumption), or the settings' own
    ``passend_alternatief_rrule`` from that date."""
    first, source = settings.passend_alternatief_first_date, seed("001", S001_CPA)
    if settings.passend_alternatief_rrule:
        rule = settings.passend_alternatief_rrule
        return Cadence.by_rule(
            "commissie", rule, first, START, END, holiday_policy(settings), source
        )
    return Cadence.every(
        "commissie", first, START, END, EVERY_WEEKS, holiday_policy(settings), source
    )


def forum(settings: UtrechtSettings) -> Forum:
    return Forum(
        key=FORUM,
        name="Commissie Passend Alternatief",
        kind=ForumKind.COMMISSION,
        organiser=ProcessSupport(title="voorzitter", organisation=GEMEENTE),
        source=seed("001", S001_CPA),
        cadence=cadence(settings),
        participants=ParticipantPolicy(
            description="Gemeente Utrecht (chair), Samen Veilig, the buurtteam organisation "
            "and the youth doctor (jeugdarts).",
        ),
        mandate=Mandate(
            powers=frozenset({Power.BUDGET, Power.ASSIGN_PROVIDER}),
            note="Raises a provider's budget or assigns another provider with budget for the "
            "client.",
        ),
        chair=GEMEENTE,
        description="A commission of the regio Utrecht, chaired by the municipality of "
        "Utrecht: checks whether a full range of care has been purchased in the region.",
    )


def build(settings: UtrechtSettings) -> EscalationModel:
    step = Step(
        key="commissie-passend-alternatief",
        name="Commissie Passend Alternatief",
        description="A provider reports a request it cannot take within its budget, or no "
        "contracted provider can deliver fitting care; the commission diverts or raises the "
        "budget (escalatie_utrecht.vierkant.decide).",
        entry=(BUDGET_NEARLY_SPENT, NO_FITTING_PROVIDER),
        forum=FORUM,
        conditions=(CARE_QUESTION,),
        checks=(
            CHECK_ALTERNATIVES,
            SEND_BACK,
            NEVER_WAIT,
            QUESTION_LEADS,
            LIGHTEST_TRACK,
            DRIETRAP,
        ),
        applicants=frozenset({Audience.PROVIDERS, Audience.DISTRICT_TEAMS, Audience.PROFESSIONALS}),
        applicants_source=seed("001", S001_CPA),
    )
    return EscalationModel(
        name=NAME,
        municipality=REGION,
        title="Commissie Passend Alternatief",
        summary="A commission of the regio Utrecht, chaired by the municipality of Utrecht. "
        "Under vierkantfinanciering a provider whose budget is nearly spent reports a new "
        "request to the commission, which checks whether alternatives were considered and "
        "whether other providers have room, then diverts the client or raises the budget; when "
        "no contracted provider fits, another provider receives budget for the client. "
        "Purchasing learns year by year.",
        source=seed("001", S001_CPA),
        contact_points=(),
        forums=(forum(settings),),
        ladder=(step,),
        onward_routes=ONWARD_ROUTES,
        learning=(
            LearningOutput(
                kind="inkoopinzicht",
                description="Decisions per year and care category (escalatie_utrecht.vierkant."
                "purchasing_insight), so the region purchases better year after year.",
                audience="inkoop jeugdhulp regio Utrecht",
                audience_key="inkoop",
                collector="de Commissie Passend Alternatief",
                source=seed("001", S001_CPA),
                period="yearly",
            ),
            LearningOutput(
                kind="verwijzers en aanbieders in gesprek",
                description="The municipality takes the lead in bringing providers and "
                "referrers together to talk about content and put the shared principles into "
                "practice.",
                audience="verwijzers en aanbieders in de regio Utrecht",
                audience_key="verwijzers-en-aanbieders",
                collector="de gemeente Utrecht",
                source=seed("001", S001_LESSONS),
            ),
            LearningOutput(
                kind="investeren in de voorkant",
                description="More attention for the mindset of professionals: the family's "
                "question leads, not the supply; the municipality invests in the referrers at "
                "the front so they think with the family about promising, creative forms of "
                "care, and learns how routes can be arranged to help them.",
                audience="verwijzers (buurtteams, huisartsen, jeugdartsen)",
                audience_key="professionals",
                collector="de gemeente Utrecht",
                source=seed("001", S001_FRONT_LINE),
                period="long term (werk van lange adem)",
            ),
        ),
        principles=SIX_PRINCIPLES,
    )
