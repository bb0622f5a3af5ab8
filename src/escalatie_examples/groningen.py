"""Groningen: 3-D managers who push cases through, and the regional expertpool (seed 002).

Per municipality or sub-region a 3-D manager (Wmo, Participatiewet, Jeugdhulp) can push a case
through and/or escalate it administratively; cases reach the manager "via diverse kanalen,
zoals" clients and client organisations, the council, providers and the expertpool: an open
list, so any submitter may bring a case. Professionals of the basic and the flexible/intensive
support, for whom the seed names the expertpool, go there first. Administrative escalation
follows only when the 3-D manager's own push-through did not resolve the case (prior step
``contact_point_push``, unresolved). The seed gives no rhythm: the
expertpool is assumed to meet weekly (Thursday 09:00–11:00, 30 minutes per case), configurable
in ``[groningen]``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time
from typing import Any

from escalatie.builtin.national_routes import (
    NATIONAL_ROUTE_KEYS,
    RESIDENT_ROUTE_KEYS,
)
from escalatie.case import LifeDomainKind, Obstacle, SafetyLevel, StepKind, SubmitterRole
from escalatie.forum import Forum, ForumKind, ParticipantPolicy, ProcessSupport
from escalatie.learning import LearningOutput
from escalatie.model import EscalationModel, Step
from escalatie.organisation import Audience, ContactPoint, Mandate, Power
from escalatie.routes import OnwardRoute, RouteKind
from escalatie.rules import (
    Rule,
    always,
    any_of,
    has_domain,
    has_obstacle,
    negate,
    safety_at_least,
    submitted_by,
    tried_without_result,
)
from escalatie.sources import seed
from escalatie_examples.common import CadenceDefaults, forum_timing

NAME = "groningen-3d"
BOARD_ROUTE = "groningen-bestuur"
SECTION = "Gronings Model: 3-D managers"
SOURCE = seed("002", SECTION)

CADENCE = CadenceDefaults(
    first_date=date(2026, 1, 8),
    start=time(9, 0),
    end=time(11, 0),
    every_weeks=1,
    minutes_per_case=30,
)
"""Assumption: the expertpool meets weekly on Thursday morning, 30 minutes per case."""

EXPERTPOOL_USERS = (
    SubmitterRole.PROFESSIONAL,
    SubmitterRole.DISTRICT_TEAM,
    SubmitterRole.YOUTH_HEALTH_CARE,
    SubmitterRole.GENERAL_PRACTITIONER,
)
"""Professionals of the basic and the flexible/intensive support: the expertpool is theirs."""

MANAGER_CHANNELS = (
    SubmitterRole.PARENT,
    SubmitterRole.YOUNG_PERSON,
    SubmitterRole.CLIENT_ORGANISATION,
    SubmitterRole.COUNCIL,
    SubmitterRole.PROVIDER,
    SubmitterRole.EXPERTPOOL,
)
"""The channels the seed names, "zoals": cliënten(organisaties), gemeenteraad,
jeugdhulpaanbieders, de regionale expertpool. The list is open."""

MANAGER_CHANNEL = Rule(
    "groningen.3d-channel",
    "The case reaches the 3-D manager via a channel the seed names: a client or client "
    "organisation, the council, a youth-care provider or the regional expertpool.",
    SOURCE,
    submitted_by(*MANAGER_CHANNELS),
)

MANAGER_OTHER_CHANNEL = Rule(
    "groningen.3d-other-channel",
    "The case reaches the 3-D manager via another channel (the seed's list says 'zoals', so it "
    "is open), for example the police, a housing corporation or a client supporter; "
    "professionals of the basic and the flexible/intensive support go via the expertpool.",
    SOURCE,
    negate(submitted_by(*MANAGER_CHANNELS, *EXPERTPOOL_USERS)),
)

AFTER_EXPERTPOOL = Rule(
    "groningen.after-expertpool",
    "The expertpool advised on the case and its advice did not resolve it: the case goes on to "
    "the 3-D manager via the expertpool.",
    SOURCE,
    tried_without_result(StepKind.EXPERTPOOL_ADVICE),
)

EXPERTPOOL_USER = Rule(
    "groningen.expertpool-user",
    "A professional of the basic or the flexible/intensive support asks the expertpool.",
    SOURCE,
    submitted_by(*EXPERTPOOL_USERS),
)

EXPERTPOOL_QUESTION = Rule(
    "groningen.expertpool-question",
    "The question is about upbringing and development, a complex case, the deployment of youth "
    "help or assessing safety risks.",
    SOURCE,
    any_of(
        has_domain(LifeDomainKind.UPBRINGING, LifeDomainKind.CARE, LifeDomainKind.SAFETY),
        lambda case, at: bool(case.obstacles),
        lambda case, at: bool(case.requested_care),
        safety_at_least(SafetyLevel.CONCERN),
    ),
)

EXPERTPOOL_ADVICE = Rule(
    "groningen.expertpool-advice",
    "The expertpool advises on intensive support and specialist case management; a member may "
    "talk with the requester or join a multidisciplinary meeting.",
    SOURCE,
    always(),
)

SAFETY_ASSESSMENT = Rule(
    "groningen.safety-assessment",
    "Ask the expertpool to help assess the safety risks.",
    SOURCE,
    safety_at_least(SafetyLevel.CONCERN),
)

PUSH_THROUGH = Rule(
    "groningen.push-through",
    "The 3-D manager pushes the case through across Wmo, Participatiewet and Jeugdhulp, and "
    "escalates administratively where that does not work.",
    SOURCE,
    always(),
)

PURCHASING_SIGNAL = Rule(
    "groningen.purchasing-signal",
    "The case is stuck on supply or contracts: the 3-D manager signals it to the regional "
    "purchasing organisation and the sounding board of contract partners.",
    SOURCE,
    has_obstacle(
        Obstacle.NO_CONTRACT,
        Obstacle.SUPPLY_UNAVAILABLE,
        Obstacle.NO_FITTING_PROVIDER,
        Obstacle.WAITING_LIST,
        Obstacle.PROVIDER_BUDGET_EXHAUSTED,
    ),
)

MANAGER_UNRESOLVED = Rule(
    "groningen.board-after-push-through",
    "The 3-D manager tried to push the case through (prior step contact_point_push) without "
    "result: the 3-D manager escalates administratively (bestuurlijk opschalen).",
    SOURCE,
    tried_without_result(StepKind.CONTACT_POINT_PUSH),
)

BOARD_ROUTE_DEF = OnwardRoute(
    key=BOARD_ROUTE,
    name="Bestuurlijk opschalen door de 3-D manager",
    kind=RouteKind.BOARD,
    description=(
        "The 3-D manager escalates a case that could not be pushed through to the municipal "
        "board, and to the sounding board of contract partners, municipal secretaries and "
        "policy officers."
    ),
    entry=(MANAGER_UNRESOLVED,),
    applicants=frozenset({Audience.MUNICIPALITY}),
    source=SOURCE,
)


def build(settings: Mapping[str, Any]) -> EscalationModel:
    """The model, with the expertpool's cadence from ``[groningen]`` in the settings file."""
    timing = forum_timing(settings, "groningen", CADENCE, SOURCE)
    manager = ContactPoint(
        key="3d-manager",
        title="3-D manager (Wmo, Participatiewet, Jeugdhulp)",
        organisation="Gemeente of subregio in de regio Groningen",
        mandate=Mandate(
            powers=frozenset({Power.PUSH_THROUGH, Power.ESCALATE_TO_BOARD}),
            domains=frozenset(
                {
                    LifeDomainKind.CARE,
                    LifeDomainKind.DAILY_LIFE,
                    LifeDomainKind.HEALTH,
                    LifeDomainKind.WORK_AND_INCOME,
                    LifeDomainKind.FINANCES,
                    LifeDomainKind.UPBRINGING,
                    LifeDomainKind.SAFETY,
                }
            ),
            note=(
                "Pushes cases through and/or escalates administratively; the link between the "
                "regional purchasing organisation and the sounding board of contract partners, "
                "municipal secretaries and policy officers. Domains: the life domains of Wmo, "
                "Participatiewet and Jeugdhulp."
            ),
        ),
        reachable_by=frozenset(
            {
                Audience.RESIDENTS,
                Audience.PARENTS,
                Audience.YOUNG_PEOPLE,
                Audience.CLIENT_ORGANISATIONS,
                Audience.COUNCIL,
                Audience.PROVIDERS,
                Audience.EXPERTPOOL,
                Audience.POLICE,
                Audience.HOUSING_CORPORATIONS,
                Audience.CLIENT_SUPPORTERS,
            }
        ),
        channel=(
            "via various channels, such as clients and client organisations, the council, "
            "providers and the expertpool (an open list)"
        ),
        source=SOURCE,
    )
    expertpool = Forum(
        key="expertpool",
        name="Regionale expertpool",
        kind=ForumKind.EXPERT_ADVICE,
        organiser=ProcessSupport("Expertpool", "Regionale inkooporganisatie jeugdhulp Groningen"),
        source=SOURCE,
        cadence=timing.cadence,
        participants=ParticipantPolicy(
            description=(
                "Experts from the youth-care providers and the behavioural scientists of the "
                "toegang; the requesting professional."
            )
        ),
        minutes_per_case=timing.minutes_per_case,
        mandate=Mandate(formal=False, note="Advises; does not decide."),
        description=(
            "Advice on upbringing and development, complex cases, the deployment of youth help "
            "and safety risks."
        ),
    )
    ladder = (
        Step(
            key="3d-manager",
            name="3-D manager: doorzetten of bestuurlijk opschalen",
            description=(
                "The 3-D manager pushes the case through; when that does not resolve it, the "
                "3-D manager escalates it administratively (route groningen-bestuur)."
            ),
            entry=(MANAGER_CHANNEL, MANAGER_OTHER_CHANNEL, AFTER_EXPERTPOOL, MANAGER_UNRESOLVED),
            contact_point="3d-manager",
            checks=(PUSH_THROUGH, PURCHASING_SIGNAL),
        ),
        Step(
            key="expertpool",
            name="Advies van de regionale expertpool",
            description=(
                "A professional asks the expertpool for advice; members may talk with the "
                "requester or join a multidisciplinary meeting."
            ),
            entry=(EXPERTPOOL_USER,),
            forum="expertpool",
            conditions=(EXPERTPOOL_QUESTION,),
            checks=(EXPERTPOOL_ADVICE, SAFETY_ASSESSMENT),
            applicants=frozenset({Audience.PROFESSIONALS, Audience.DISTRICT_TEAMS}),
            applicants_source=SOURCE,
        ),
    )
    return EscalationModel(
        name=NAME,
        municipality="Regio Groningen",
        title="3-D managers en regionale expertpool",
        summary=(
            "Per municipality or sub-region a 3-D manager (Wmo, Participatiewet, Jeugdhulp) who "
            "can push a case through and/or escalate administratively, fed by clients and "
            "client organisations, the council, providers and the regional expertpool, which "
            "advises professionals on complex cases."
        ),
        source=SOURCE,
        contact_points=(manager,),
        forums=(expertpool,),
        ladder=ladder,
        onward_routes=(BOARD_ROUTE, *NATIONAL_ROUTE_KEYS, *RESIDENT_ROUTE_KEYS),
        learning=(
            LearningOutput(
                kind="signalen aan de regionale inkoop",
                description=(
                    "The 3-D managers carry what stuck cases show about supply and contracts "
                    "to the regional purchasing organisation and the sounding board."
                ),
                audience=(
                    "regionale inkooporganisatie en klankbordgroep (contractpartners, "
                    "gemeentesecretarissen, beleidsambtenaren jeugd)"
                ),
                source=SOURCE,
                audience_key="klankbordgroep",
                collector="de 3-D manager",
            ),
        ),
    )
