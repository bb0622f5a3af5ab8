"""Utrecht's City Deal overleg (seed 001): cases stuck on laws and regulations.

A multidisciplinary team from inside and outside the municipality, composed per case, finds a
shared solution within half an hour, without a formal mandate but with a shared responsibility.
Complex cases around work and income (a case stuck on that domain) go to the maatwerk telefoon
first; only what it cannot solve reaches the overleg. The seed gives no rhythm: every four
weeks is this library's assumption.
"""

from __future__ import annotations

from datetime import datetime, time

from escalatie.case import Case, LifeDomainKind, Obstacle, SubmitterRole
from escalatie.forum import (
    Cadence,
    Forum,
    ForumKind,
    ParticipantPolicy,
    ProcessSupport,
)
from escalatie.kinds import Kind
from escalatie.learning import LearningOutput
from escalatie.model import EscalationModel, Step
from escalatie.organisation import Audience, ContactPoint, Mandate
from escalatie.rules import Rule, always, has_obstacle, submitted_by
from escalatie.sources import seed
from escalatie_utrecht.common import (
    GEMEENTE,
    MUNICIPALITY,
    S001_CITYDEAL,
    S001_CITYDEAL_LEARNING,
    S001_FRONT_LINE,
    S001_LESSONS,
    holiday_policy,
)
from escalatie_utrecht.principles import SIX_PRINCIPLES
from escalatie_utrecht.routes import ONWARD_ROUTES
from escalatie_utrecht.settings import UtrechtSettings

NAME = "utrecht-citydeal"
FORUM = "citydeal"
EVERY_WEEKS = 4
START, END = time(14, 0), time(16, 0)

PROFESSIONAL_SUBMITTERS = (
    SubmitterRole.PROFESSIONAL,
    SubmitterRole.DISTRICT_TEAM,
    SubmitterRole.GENERAL_PRACTITIONER,
    SubmitterRole.YOUTH_HEALTH_CARE,
    SubmitterRole.YOUTH_PROTECTION,
    SubmitterRole.PROVIDER,
    SubmitterRole.WORK_AND_INCOME,
)


def stuck_on_work_and_income(case: Case) -> bool:
    """The case is stuck on work and income: its work_and_income domain is marked ``stuck``, or
    no domain is marked and work and income is the question's only domain."""
    marked = {d.kind for d in case.domains if d.stuck}
    stuck = marked or (case.domain_kinds if len(case.domain_kinds) == 1 else frozenset())
    return LifeDomainKind.WORK_AND_INCOME in stuck


MAATWERK_TELEFOON_KIND = Kind(
    "maatwerk_telefoon",
    "The maatwerk telefoon of Utrecht's Werk en Inkomen was called (seed 001, City Deal overleg).",
)
"""Utrecht's own kind of prior step, registered by the plugin (not one of the core's)."""


def _maatwerk_telefoon_first(case: Case, at: datetime) -> bool:
    if not stuck_on_work_and_income(case):
        return True
    return any(
        s.kind == MAATWERK_TELEFOON_KIND.key and s.resolved is False for s in case.prior_steps
    )


SUBMITTERS = Rule(
    "utrecht.citydeal.submitters",
    "Buurtteam workers and other professionals (hulpverleners) bring in the cases they are "
    "stuck on.",
    seed("001", S001_CITYDEAL),
    submitted_by(*PROFESSIONAL_SUBMITTERS),
)
LAWS_AND_REGULATIONS = Rule(
    "utrecht.citydeal.laws-and-regulations",
    "Only cases whose submitters are stuck on laws and regulations (housing, care, work and "
    "income, education).",
    seed("001", S001_CITYDEAL),
    has_obstacle(Obstacle.LAWS_AND_REGULATIONS),
)
MAATWERK_TELEFOON = Rule(
    "utrecht.citydeal.maatwerk-telefoon-first",
    "A complex case around work and income (stuck on that domain) goes to the maatwerk "
    "telefoon first; only what it cannot solve reaches the City Deal overleg.",
    seed("001", S001_CITYDEAL_LEARNING),
    _maatwerk_telefoon_first,
)
HALF_HOUR = Rule(
    "utrecht.citydeal.half-hour",
    "The participants explore the case and formulate a shared solution within half an hour: "
    "prepare the case so it can be decided in 30 minutes.",
    seed("001", S001_CITYDEAL),
    always(),
)
SHARED_RESPONSIBILITY = Rule(
    "utrecht.citydeal.shared-responsibility",
    "No mandate is laid down: the participants share the responsibility to solve the case and "
    "to realise breakthroughs in the system.",
    seed("001", S001_CITYDEAL),
    always(),
)
MULTIDISCIPLINARY = Rule(
    "utrecht.citydeal.multidisciplinary",
    "A multidisciplinary team of people from inside and outside the municipality, depending on "
    "the case: invite the disciplines of the case's life domains.",
    seed("001", S001_CITYDEAL),
    always(),
)
WORKSHOPS = Rule(
    "utrecht.citydeal.workshops",
    "The participants also share the responsibility to learn from the cases: workshops on how "
    "and when professionals escalate and why the municipality wants to know.",
    seed("001", S001_CITYDEAL_LEARNING),
)
WANT_TO_KNOW = Rule(
    "utrecht.citydeal.want-to-know",
    "The municipality lets professionals know it wants to hear when they are stuck, and stands "
    "ready to support custom solutions and breakthroughs.",
    seed("001", S001_LESSONS),
)
FRONT_LINE = Rule(
    "utrecht.citydeal.front-line",
    "One of the main lessons: more attention for the mindset of professionals. The "
    "municipality invests in the people at the front (buurtteams, work and income) so that "
    "they make the knowledge their own, instead of organising a bypass.",
    seed("001", S001_FRONT_LINE),
)
CADENCE = Rule(
    "utrecht.citydeal.cadence",
    "Assumption (the seed gives no rhythm): the overleg meets every four weeks, 14:00–16:00, "
    "from the configured first date.",
    seed("001", S001_CITYDEAL),
)

RULES: tuple[Rule, ...] = (
    SUBMITTERS,
    LAWS_AND_REGULATIONS,
    MAATWERK_TELEFOON,
    HALF_HOUR,
    SHARED_RESPONSIBILITY,
    MULTIDISCIPLINARY,
    WORKSHOPS,
    WANT_TO_KNOW,
    FRONT_LINE,
    CADENCE,
)

MAATWERK_TELEFOON_POINT = ContactPoint(
    key="maatwerk-telefoon",
    title="Maatwerk telefoon (werk en inkomen)",
    organisation=f"{GEMEENTE}, Werk en Inkomen",
    mandate=Mandate(note="Solves complex work-and-income cases before they reach the overleg."),
    reachable_by=frozenset({Audience.PROFESSIONALS, Audience.DISTRICT_TEAMS}),
    channel="telephone (maatwerk telefoon)",
    source=seed("001", S001_CITYDEAL_LEARNING),
)


def cadence(settings: UtrechtSettings) -> Cadence:
    """Every ``EVERY_WEEKS`` weeks from the first date (an assumption), or the settings' own
    ``citydeal_rrule`` from that date."""
    first, source = settings.citydeal_first_date, seed("001", S001_CITYDEAL)
    if settings.citydeal_rrule:
        rule = settings.citydeal_rrule
        return Cadence.by_rule("overleg", rule, first, START, END, holiday_policy(settings), source)
    return Cadence.every(
        "overleg", first, START, END, EVERY_WEEKS, holiday_policy(settings), source
    )


def forum(settings: UtrechtSettings) -> Forum:
    return Forum(
        key=FORUM,
        name="City Deal overleg",
        kind=ForumKind.TABLE,
        # The seed names no organiser; the overleg started from the City Deal Inclusieve Stad.
        organiser=ProcessSupport(title="organisatie City Deal overleg", organisation=GEMEENTE),
        source=seed("001", S001_CITYDEAL),
        cadence=cadence(settings),
        participants=ParticipantPolicy(
            check_need_per_case=True,
            description="Multidisciplinary: people from inside and outside the municipality, "
            "depending on the case.",
        ),
        minutes_per_case=30,
        mandate=Mandate(formal=False, note="No mandate laid down; a shared responsibility."),
        description="Settles questions of buurtteam workers and professionals stuck on laws "
        "and regulations, where the problems are experienced.",
    )


def build(settings: UtrechtSettings) -> EscalationModel:
    step = Step(
        key="citydeal",
        name="City Deal overleg",
        description="A case stuck on laws and regulations, discussed by a multidisciplinary "
        "team that finds a shared solution within half an hour.",
        entry=(SUBMITTERS,),
        forum=FORUM,
        conditions=(LAWS_AND_REGULATIONS,),
        prerequisites=(MAATWERK_TELEFOON,),
        checks=(HALF_HOUR, SHARED_RESPONSIBILITY, MULTIDISCIPLINARY),
        applicants=frozenset({Audience.PROFESSIONALS, Audience.DISTRICT_TEAMS}),
        applicants_source=seed("001", S001_CITYDEAL),
    )
    return EscalationModel(
        name=NAME,
        municipality=MUNICIPALITY,
        title="City Deal overleg",
        summary="Professionals stuck on laws and regulations bring their case to a "
        "multidisciplinary overleg that finds a shared solution within half an hour, with a "
        "shared responsibility instead of a formal mandate; cases stuck on work and income try "
        "the maatwerk telefoon first. What is learned goes back to professionals in workshops on "
        "escalating.",
        source=seed("001", S001_CITYDEAL),
        contact_points=(MAATWERK_TELEFOON_POINT,),
        forums=(forum(settings),),
        ladder=(step,),
        onward_routes=ONWARD_ROUTES,
        learning=(
            LearningOutput(
                kind="workshops",
                description="Workshops on how and when professionals escalate, and why the "
                "municipality finds that important.",
                audience="professionals (buurtteams, werk en inkomen)",
                audience_key="professionals",
                collector="de gemeente Utrecht",
                source=seed("001", S001_CITYDEAL_LEARNING),
            ),
            LearningOutput(
                kind="systeemdoorbraken",
                description="Learning from the cases discussed to realise breakthroughs in the "
                "system, where the problems are experienced.",
                audience="Gemeente Utrecht and partners",
                audience_key="gemeente",
                collector="de deelnemers aan het City Deal overleg",
                source=seed("001", S001_CITYDEAL),
            ),
            LearningOutput(
                kind="investeren in de voorkant",
                description="More attention for the mindset of professionals: the municipality "
                "invests in the people at the front so they make new knowledge and experience "
                "their own, and learns how routes can be arranged to help them.",
                audience="professionals at the front (buurtteams, werk en inkomen)",
                audience_key="professionals",
                collector="de gemeente Utrecht",
                source=seed("001", S001_FRONT_LINE),
                period="long term (werk van lange adem)",
            ),
        ),
        principles=SIX_PRINCIPLES,
    )
