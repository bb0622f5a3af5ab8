"""Helmond: three trajectregisseurs who unblock stuck cases at a round table (seed 002).

"Meestal" a round table with all parties comes first; "zo nodig" the trajectregisseur escalates
administratively (bestuurlijk opschalen). So the board follows an unresolved round table (the
usual path) or another unresolved attempt of the trajectregisseur to unblock the case (prior
step ``contact_point_push``): the round table is usual, not a precondition. A fresh case never
goes to the board.

Intake: the seed lists the channels after a colon, without "zoals" (unlike Groningen's open
list): woningstichtingen, jeugd- en gezinswerkers, cliënten(organisaties), sociale wijkteams.
The model reads that as the complete list (an assumption, see ``docs/models/helmond.md``);
others (police, GP, a provider) bring the case in through one of those channels.

The seed gives no meeting rhythm: the round table is assumed to be organisable weekly
(Wednesday 09:00–12:00, 90 minutes per case), configurable in ``[helmond]``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time
from typing import Any

from escalatie.builtin.national_routes import (
    NATIONAL_ROUTE_KEYS,
    RESIDENT_ROUTE_KEYS,
)
from escalatie.case import (
    Condition,
    LifeDomainKind,
    Obstacle,
    PartyRole,
    StepKind,
    SubmitterRole,
)
from escalatie.forum import Forum, ForumKind, ParticipantPolicy, ProcessSupport
from escalatie.model import EscalationModel, Step
from escalatie.organisation import Audience, ContactPoint, Mandate, Power
from escalatie.routes import OnwardRoute, RouteKind
from escalatie.rules import (
    Rule,
    age_between,
    always,
    any_of,
    has_condition,
    has_domain,
    has_obstacle,
    submitted_by,
    tried_without_result,
)
from escalatie.sources import seed
from escalatie_examples.common import CadenceDefaults, audiences_of, forum_timing

NAME = "helmond-trajectregie"
BOARD_ROUTE = "helmond-bestuur"
SECTION = "Helmond: Trajectregisseurs"
SOURCE = seed("002", SECTION)

CADENCE = CadenceDefaults(
    first_date=date(2026, 1, 7),
    start=time(9, 0),
    end=time(12, 0),
    every_weeks=1,
    minutes_per_case=90,
)
"""Assumption: a weekly round-table morning on Wednesday, two cases of 90 minutes."""

CHANNELS = (
    SubmitterRole.HOUSING_CORPORATION,
    SubmitterRole.PROFESSIONAL,
    SubmitterRole.PARENT,
    SubmitterRole.YOUNG_PERSON,
    SubmitterRole.CLIENT_ORGANISATION,
    SubmitterRole.DISTRICT_TEAM,
)
"""woningstichtingen, jeugd- en gezinswerkers, cliënten(organisaties), sociale wijkteams:
read as the complete list (assumption: the seed gives it after a colon, without "zoals")."""

CHANNEL = Rule(
    "helmond.channel",
    "The case comes in through one of Helmond's channels: a housing corporation, a youth and "
    "family worker, the client or a client organisation, or a social district team. Others "
    "(police, GP, a provider) bring the case in through one of these, such as the social "
    "district team.",
    SOURCE,
    submitted_by(*CHANNELS),
)

ATTENTION_AREA = Rule(
    "helmond.attention-area",
    "The case lies in an attention area of the trajectregisseurs: aftercare for ex-detainees, "
    "homeless people, housing nuisance, or youth and young people.",
    SOURCE,
    any_of(
        age_between(0, 27),
        has_domain(LifeDomainKind.JUSTICE, LifeDomainKind.HOUSING),
        has_condition(Condition.HOMELESSNESS),
        has_obstacle(Obstacle.NO_REGISTRATION_ADDRESS),
    ),
)

ROUND_TABLE_UNRESOLVED = Rule(
    "helmond.board-after-round-table",
    "A round table with all parties, the usual path, was held and did not resolve the case: "
    "the trajectregisseur escalates administratively (bestuurlijk opschalen).",
    SOURCE,
    tried_without_result(StepKind.ROUND_TABLE),
)

PUSH_THROUGH_UNRESOLVED = Rule(
    "helmond.board-after-push-through",
    "The trajectregisseur tried to unblock the case without a round table (prior step "
    "contact_point_push) and did not succeed: a round table is usual ('meestal'), not required, "
    "so the trajectregisseur may escalate administratively ('zo nodig').",
    SOURCE,
    tried_without_result(StepKind.CONTACT_POINT_PUSH),
)

OPTIONS_WITH_CLIENT = Rule(
    "helmond.options-with-client",
    "After the round table, discuss the options with the client and their client supporter "
    "(cliëntondersteuner), if they have one.",
    SOURCE,
    always(),
)

BOARD_ROUTE_DEF = OnwardRoute(
    key=BOARD_ROUTE,
    name="Bestuurlijk opschalen Helmond",
    kind=RouteKind.BOARD,
    description=(
        "The trajectregisseur escalates a case that the round table, or the trajectregisseur's "
        "own attempt, could not unblock to the municipal board."
    ),
    entry=(ROUND_TABLE_UNRESOLVED, PUSH_THROUGH_UNRESOLVED),
    applicants=frozenset({Audience.MUNICIPALITY}),
    source=SOURCE,
)


def build(settings: Mapping[str, Any]) -> EscalationModel:
    """The model, with the round table's cadence from ``[helmond]`` in the settings file."""
    timing = forum_timing(settings, "helmond", CADENCE, SOURCE)
    regisseur = ContactPoint(
        key="trajectregisseur",
        title="Trajectregisseur",
        organisation="Gemeente Helmond",
        mandate=Mandate(
            powers=frozenset({Power.PUSH_THROUGH, Power.ESCALATE_TO_BOARD}),
            domains=frozenset(
                {
                    LifeDomainKind.JUSTICE,
                    LifeDomainKind.HOUSING,
                    LifeDomainKind.UPBRINGING,
                    LifeDomainKind.CARE,
                }
            ),
            note=(
                "Three trajectregisseurs with the mandate to unblock stuck cases; the seed names "
                "no budget of their own."
            ),
        ),
        reachable_by=frozenset(
            {
                Audience.HOUSING_CORPORATIONS,
                Audience.PROFESSIONALS,
                Audience.RESIDENTS,
                Audience.PARENTS,
                Audience.YOUNG_PEOPLE,
                Audience.CLIENT_ORGANISATIONS,
                Audience.DISTRICT_TEAMS,
            }
        ),
        channel=(
            "via housing corporations, youth and family workers, clients and client "
            "organisations, or the social district teams"
        ),
        source=SOURCE,
    )
    round_table = Forum(
        key="ronde-tafel",
        name="Ronde tafel trajectregie",
        kind=ForumKind.ROUND_TABLE,
        organiser=ProcessSupport("Trajectregisseur", "Gemeente Helmond"),
        source=SOURCE,
        cadence=timing.cadence,
        participants=ParticipantPolicy(
            currently_involved_expected=True,
            invited_roles=(PartyRole.HOUSING_CORPORATION, PartyRole.SOCIAL_BASE),
            description=(
                "All parties involved in the case; afterwards the options are discussed with "
                "the client and their client supporter."
            ),
        ),
        minutes_per_case=timing.minutes_per_case,
        mandate=regisseur.mandate,
        chair="Trajectregisseur",
        description="A round table with all parties to see what is needed to unblock the case.",
    )
    channels = audiences_of(*CHANNELS)
    ladder = (
        Step(
            key="bestuurlijk-opschalen",
            name="Bestuurlijk opschalen",
            description=(
                "After an unresolved round table (the usual path) or another unresolved attempt "
                "of the trajectregisseur: the trajectregisseur takes the case to the municipal "
                "board."
            ),
            entry=(ROUND_TABLE_UNRESOLVED, PUSH_THROUGH_UNRESOLVED),
            contact_point="trajectregisseur",
            applicants=channels,
            applicants_source=SOURCE,
        ),
        Step(
            key="ronde-tafel",
            name="Ronde tafel met alle betrokken partijen",
            description=(
                "The trajectregisseur organises a round table with all parties, then discusses "
                "the options with the client and their client supporter."
            ),
            entry=(CHANNEL,),
            forum="ronde-tafel",
            contact_point="trajectregisseur",
            conditions=(ATTENTION_AREA,),
            checks=(OPTIONS_WITH_CLIENT,),
            applicants=channels,
            applicants_source=SOURCE,
        ),
    )
    return EscalationModel(
        name=NAME,
        municipality="Helmond",
        title="Trajectregisseurs en ronde tafel",
        summary=(
            "Three trajectregisseurs with a mandate to unblock stuck cases (aftercare for "
            "ex-detainees, homeless people, housing nuisance, youth). Usually a round table "
            "with all parties, then the options are discussed with the client and their client "
            "supporter; administrative escalation where needed."
        ),
        source=SOURCE,
        contact_points=(regisseur,),
        forums=(round_table,),
        ladder=ladder,
        onward_routes=(BOARD_ROUTE, *NATIONAL_ROUTE_KEYS, *RESIDENT_ROUTE_KEYS),
        learning=(),
    )
