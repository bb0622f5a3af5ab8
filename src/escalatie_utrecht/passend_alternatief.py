"""Utrecht's Commissie Passend Alternatief (seed 001): the full range of care in the region.

Chaired by the municipality with Samen Veilig, the buurtteam organisation and the youth doctor.
Under vierkantfinanciering a provider whose budget is nearly spent reports a new request; the
commission diverts the client to a provider with room or raises the budget, never lets the
client wait (see :mod:`escalatie_utrecht.vierkant`). The seed gives no rhythm: every two weeks
is this library's assumption.
"""

from __future__ import annotations

from datetime import time

from escalatie.case import CareKind, Obstacle, SubmitterRole
from escalatie.forum import (
    Cadence,
    Forum,
    ForumKind,
    MeetingSeries,
    ParticipantPolicy,
    ProcessSupport,
)
from escalatie.learning import LearningOutput
from escalatie.model import EscalationModel, Step
from escalatie.organisation import Audience, Mandate, Power
from escalatie.rules import Rule, all_of, always, has_obstacle, requests_care, submitted_by
from escalatie.sources import seed
from escalatie_utrecht.common import GEMEENTE, MUNICIPALITY, S001_CPA, holiday_policy
from escalatie_utrecht.principles import DRIETRAP, LIGHTEST_TRACK, QUESTION_LEADS
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
    "The outcome is a diversion to a provider with room (which receives budget for the client) "
    "or a raise of the asked provider's budget, never waiting.",
    seed("001", S001_CPA),
    always(),
)
VIERKANT = Rule(
    "utrecht.cpa.vierkantfinanciering",
    "Vierkantfinanciering: a provider is contracted for one or more care categories with a "
    "fixed budget, for which it helps a minimum number of clients.",
    seed("001", S001_CPA),
)
CHAIR = Rule(
    "utrecht.cpa.chair",
    "Chaired by the municipality, with Samen Veilig, the buurtteam organisation and the youth "
    "doctor.",
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
    NEVER_WAIT,
    VIERKANT,
    CHAIR,
    PURCHASING,
    CADENCE,
)


def cadence(settings: UtrechtSettings) -> Cadence:
    first = settings.passend_alternatief_first_date
    return Cadence(
        series=(MeetingSeries("commissie", first.weekday(), START, END, EVERY_WEEKS, first),),
        holidays=holiday_policy(settings),
        source=seed("001", S001_CPA),
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
        description="Checks whether a full range of care has been purchased in the region.",
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
        checks=(CHECK_ALTERNATIVES, NEVER_WAIT, QUESTION_LEADS, LIGHTEST_TRACK, DRIETRAP),
        applicants=frozenset({Audience.PROVIDERS, Audience.DISTRICT_TEAMS, Audience.PROFESSIONALS}),
    )
    return EscalationModel(
        name=NAME,
        municipality=MUNICIPALITY,
        title="Commissie Passend Alternatief",
        summary="Under vierkantfinanciering a provider whose budget is nearly spent reports a "
        "new request to the commission, which checks alternatives and room at other providers "
        "and then diverts the client or raises the budget; when no contracted provider fits, "
        "another provider receives budget for the client. Purchasing learns year by year.",
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
                source=seed("001", S001_CPA),
                period="yearly",
            ),
        ),
        principles=(QUESTION_LEADS, LIGHTEST_TRACK, DRIETRAP),
    )
