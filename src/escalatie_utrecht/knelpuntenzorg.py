"""Utrecht's knelpuntenzorg mailbox (seed 002, "Utrechtse aanpak").

The other Utrecht models name it as an onward route (:mod:`escalatie_utrecht.routes`). One mail
address for every party in youth care, from housing corporations to the police, from
providers to client supporters. No fixed procedure: one senior adviser sets out the actions per
case and follows progress, with short lines to the board. Solutions stay within existing rules
and work agreements where possible and are pragmatic otherwise; in parallel, at a slower pace,
the work agreements are reviewed.
"""

from __future__ import annotations

from datetime import datetime

from escalatie.case import Case, Obstacle, PartyRole
from escalatie.forum import Cadence, Forum, ForumKind, ParticipantPolicy, ProcessSupport
from escalatie.learning import LearningOutput
from escalatie.model import EscalationModel, Step
from escalatie.organisation import ContactPoint, Mandate, Power
from escalatie.rules import Rule, always, has_obstacle, negate
from escalatie.sources import seed
from escalatie_utrecht.common import GEMEENTE, MUNICIPALITY, S002_UTRECHT, holiday_policy
from escalatie_utrecht.principles import SIX_PRINCIPLES
from escalatie_utrecht.routes import (
    EVERYONE,
    KNELPUNTENZORG_ONWARD_ROUTES,
    adviser_did_not_resolve,
)
from escalatie_utrecht.settings import UtrechtSettings

NAME = "utrecht-knelpuntenzorg"
FORUM = "knelpuntenzorg"
ADVISER = "senior-adviseur"

OTHER_SECTORS = frozenset(
    {
        PartyRole.HOUSING_CORPORATION,
        PartyRole.WORK_AND_INCOME,
        PartyRole.POLICE,
        PartyRole.EDUCATION,
    }
)
RULE_BOUND = frozenset({Obstacle.LAWS_AND_REGULATIONS, Obstacle.NO_CONTRACT})


def _stuck(case: Case, at: datetime) -> bool:
    return bool(case.obstacles)


def _other_sectors(case: Case, at: datetime) -> bool:
    return any(p.role in OTHER_SECTORS for p in case.parties)


ANY_PARTY = Rule(
    "utrecht.knelpunt.any-party",
    "Every party in youth care may send a stuck case of any kind: housing corporations, "
    "police, providers, client supporters, professionals, clients.",
    seed("002", S002_UTRECHT),
    _stuck,
)
CUSTOM_SOLUTION = Rule(
    "utrecht.knelpunt.custom-solution",
    "Each case gets a custom solution; no fixed procedure is followed.",
    seed("002", S002_UTRECHT),
    always(),
)
SENIOR_ADVISER = Rule(
    "utrecht.knelpunt.senior-adviser",
    "One senior adviser sets out the actions needed and follows their progress.",
    seed("002", S002_UTRECHT),
    always(),
)
SECTORS = Rule(
    "utrecht.knelpunt.together",
    "Parties from other sectors are involved (housing, work and income, police, education): "
    "the solution is sought together with them, and with professionals on questions of content.",
    seed("002", S002_UTRECHT),
    _other_sectors,
)
WITHIN_RULES = Rule(
    "utrecht.knelpunt.within-rules",
    "First try to solve the situation within the existing laws, regulations and work agreements.",
    seed("002", S002_UTRECHT),
    always(),
)
NOT_YET_WITH_ADVISER = Rule(
    "utrecht.knelpunt.not-yet-unresolved",
    "The senior adviser has not yet handled this case without result; once they have, the "
    "next step is the adviser's short line to the board (onward route utrecht-bestuur).",
    seed("002", S002_UTRECHT),
    negate(adviser_did_not_resolve),
)
PRAGMATIC = Rule(
    "utrecht.knelpunt.pragmatic",
    "Where the existing rules or agreements block the case, a pragmatic solution is sought.",
    seed("002", S002_UTRECHT),
    has_obstacle(*RULE_BOUND),
)
REVIEW = Rule(
    "utrecht.knelpunt.review-agreements",
    "In parallel, at a slower pace, it is discussed whether the existing work agreements still "
    "fit or need changing: record the case for that review.",
    seed("002", S002_UTRECHT),
    has_obstacle(*RULE_BOUND, Obstacle.NOBODY_TAKES_CHARGE, Obstacle.PILLAR_TO_POST),
)
SHORT_LINES = Rule(
    "utrecht.knelpunt.short-lines",
    "The senior adviser has short lines to the board (bestuurlijk opschalen).",
    seed("002", S002_UTRECHT),
)
MAILBOX = Rule(
    "utrecht.knelpunt.mailbox",
    "A special mail address for stuck cases of every kind; cases arrive on request, there are "
    "no meetings.",
    seed("002", S002_UTRECHT),
)

RULES: tuple[Rule, ...] = (
    ANY_PARTY,
    NOT_YET_WITH_ADVISER,
    CUSTOM_SOLUTION,
    SENIOR_ADVISER,
    SECTORS,
    WITHIN_RULES,
    PRAGMATIC,
    REVIEW,
    SHORT_LINES,
    MAILBOX,
)


def contact_point(settings: UtrechtSettings) -> ContactPoint:
    return ContactPoint(
        key=ADVISER,
        title="senior adviseur knelpuntenzorg",
        organisation=GEMEENTE,
        mandate=Mandate(
            powers=frozenset({Power.PUSH_THROUGH, Power.ESCALATE_TO_BOARD}),
            note="Sets out the actions per case and follows progress, with short lines to the "
            "board.",
        ),
        reachable_by=EVERYONE,
        channel=f"e-mail {settings.knelpuntenzorg_address}",
        source=seed("002", S002_UTRECHT),
    )


def forum(settings: UtrechtSettings) -> Forum:
    return Forum(
        key=FORUM,
        name="Mailbox knelpuntenzorg",
        kind=ForumKind.MAILBOX,
        organiser=ProcessSupport(
            title="senior adviseur knelpuntenzorg",
            organisation=GEMEENTE,
            address=settings.knelpuntenzorg_address,
        ),
        source=seed("002", S002_UTRECHT),
        cadence=Cadence(on_request=True, holidays=holiday_policy(settings)),
        participants=ParticipantPolicy(
            check_need_per_case=True,
            description="The parties involved in the case, from care and other sectors, and "
            "professionals on questions of content.",
        ),
        mandate=Mandate(
            powers=frozenset({Power.PUSH_THROUGH, Power.ESCALATE_TO_BOARD}),
            note="Within existing rules where possible, otherwise pragmatic.",
        ),
        description="One address for stuck cases of every kind; no fixed procedure.",
    )


def build(settings: UtrechtSettings) -> EscalationModel:
    step = Step(
        key="knelpuntenzorg",
        name="Mailbox knelpuntenzorg",
        description="Any party mails the stuck case; the senior adviser sets out actions, "
        "follows progress and escalates to the board where needed.",
        entry=(ANY_PARTY,),
        forum=FORUM,
        contact_point=ADVISER,
        conditions=(NOT_YET_WITH_ADVISER,),
        checks=(CUSTOM_SOLUTION, SENIOR_ADVISER, SECTORS, WITHIN_RULES, PRAGMATIC, REVIEW),
        # Empty: open to every party in youth care, whatever its role (seed 002).
        applicants=frozenset(),
    )
    return EscalationModel(
        name=NAME,
        municipality=MUNICIPALITY,
        title="Mailbox knelpuntenzorg",
        summary="One mail address for every party in youth care. A senior adviser finds a "
        "custom solution per case without a fixed procedure, within the existing rules where "
        "possible and pragmatically otherwise, with short lines to the board; in parallel the "
        "work agreements are reviewed.",
        source=seed("002", S002_UTRECHT),
        contact_points=(contact_point(settings),),
        forums=(forum(settings),),
        ladder=(step,),
        onward_routes=KNELPUNTENZORG_ONWARD_ROUTES,
        learning=(
            LearningOutput(
                kind="herijking werkafspraken",
                description="In parallel and at a slower pace, the existing work agreements are "
                "reviewed against the cases that got stuck on them.",
                audience="the parties to the work agreements",
                source=seed("002", S002_UTRECHT),
                period="ongoing, slower than the casework",
                audience_key="werkafspraken",
                collector="de senior adviseur",
            ),
            LearningOutput(
                kind="korte lijnen naar het bestuur",
                description="The senior adviser sets out actions, monitors progress and keeps "
                "short lines to the board: what blocks cases goes to the college and the "
                "wethouder, who answer and say when they act.",
                audience="college en wethouder",
                source=seed("002", S002_UTRECHT),
                period="as the cases show it",
                audience_key="bestuur",
                collector="de senior adviseur",
            ),
        ),
        principles=SIX_PRINCIPLES,
    )
