"""Hillegom, Lisse and Teylingen: the ontschotter and the platform casuïstiek (seed 002).

An ontschotter with doorzettingsmacht and budget runs a platform where complex stuck cases are
reported, taken up and solved: first for professionals, but clients may report too. For parents
a vertrouwenspersoon and an ombudsman are the escalation; the seed says the ombudsman is still
"aan te stellen" (to be appointed), so HLT names its own route ``hlt-ombudsman`` that says so
instead of the generic ``ombudsman`` route. Findings go to the Transformatietafel. The role is
temporary by design. The seed gives no rhythm: the platform is assumed to meet every two weeks
(Tuesday 14:00–16:00, 30 minutes per case), configurable in ``[hlt]``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time
from typing import Any

from escalatie.builtin.national_routes import (
    BEZWAAR_EN_KLACHT,
    NATIONAL_ROUTE_KEYS,
    RAAD_EN_COLLEGE,
)
from escalatie.case import FAMILY_SUBMITTERS, StepKind, SubmitterRole
from escalatie.forum import Forum, ForumKind, ParticipantPolicy, ProcessSupport
from escalatie.learning import LearningOutput
from escalatie.model import EscalationModel, Step
from escalatie.organisation import Audience, ContactPoint, Mandate, Power
from escalatie.routes import OnwardRoute, RouteKind
from escalatie.rules import Rule, all_of, always, submitted_by, tried_without_result
from escalatie.sources import seed
from escalatie_examples.common import (
    PROFESSIONAL_SUBMITTERS,
    CadenceDefaults,
    audiences_of,
    forum_timing,
)

NAME = "hlt-ontschotter"
VERTROUWENSPERSOON_ROUTE = "hlt-vertrouwenspersoon"
OMBUDSMAN_ROUTE = "hlt-ombudsman"
SECTION = "Hillegom, Lisse en Teylingen: Platform casuïstiek en 'ontschotter'"
SOURCE = seed("002", SECTION)

CADENCE = CadenceDefaults(
    first_date=date(2026, 1, 6),
    start=time(14, 0),
    end=time(16, 0),
    every_weeks=2,
    minutes_per_case=30,
)
"""Assumption: the platform meets every two weeks on Tuesday afternoon, 30 minutes per case."""

PROFESSIONAL = Rule(
    "hlt.professional",
    "A professional reports the case to the platform casuïstiek (its first audience).",
    SOURCE,
    submitted_by(*PROFESSIONAL_SUBMITTERS),
)

CLIENT_SUBMITTERS = (*FAMILY_SUBMITTERS, SubmitterRole.CLIENT_ORGANISATION)

CLIENT = Rule(
    "hlt.client",
    "A client (a parent or the young person) reports the case: clients may report to the "
    "platform too.",
    SOURCE,
    submitted_by(*CLIENT_SUBMITTERS),
)

COMPLEX_AND_STUCK = Rule(
    "hlt.complex-and-stuck",
    "The problem is complex and stuck: at least one reason why it is stuck is recorded.",
    SOURCE,
    lambda case, at: bool(case.obstacles),
)

PUSH_THROUGH = Rule(
    "hlt.push-through",
    "The ontschotter takes the case up with doorzettingsmacht and budget.",
    SOURCE,
    always(),
)

PARENT_ESCALATION = Rule(
    "hlt.parent-escalation",
    "A parent whose case the platform did not resolve can escalate to the vertrouwenspersoon "
    "and the (to be appointed) ombudsman.",
    SOURCE,
    all_of(submitted_by(SubmitterRole.PARENT), tried_without_result(StepKind.PLATFORM)),
)

VERTROUWENSPERSOON_ROUTE_DEF = OnwardRoute(
    key=VERTROUWENSPERSOON_ROUTE,
    name="Vertrouwenspersoon (Hillegom, Lisse, Teylingen)",
    kind=RouteKind.RESIDENT,
    description=(
        "A confidential adviser for parents, one of the two escalation options for parents "
        "beside the ombudsman (still to be appointed)."
    ),
    entry=(
        Rule(
            "hlt.vertrouwenspersoon",
            "Parents can turn to the vertrouwenspersoon as an escalation option.",
            SOURCE,
            submitted_by(SubmitterRole.PARENT),
        ),
    ),
    applicants=frozenset({Audience.PARENTS}),
    source=SOURCE,
)

OMBUDSMAN_ROUTE_DEF = OnwardRoute(
    key=OMBUDSMAN_ROUTE,
    name="Ombudsman Hillegom, Lisse, Teylingen (aan te stellen)",
    kind=RouteKind.RESIDENT,
    description=(
        "An ombudsman as escalation option for parents, beside the vertrouwenspersoon. Seed 002 "
        "says the ombudsman is still to be appointed ('een (aan te stellen) ombudsman'): check "
        "that one has been appointed before referring a parent; until then the "
        "vertrouwenspersoon is the parents' escalation option."
    ),
    entry=(
        Rule(
            "hlt.ombudsman",
            "Parents will be able to turn to an ombudsman, still to be appointed ('aan te "
            "stellen') according to the seed: check that one has been appointed.",
            SOURCE,
            submitted_by(SubmitterRole.PARENT),
        ),
    ),
    applicants=frozenset({Audience.PARENTS}),
    source=SOURCE,
)


def build(settings: Mapping[str, Any]) -> EscalationModel:
    """The model, with the platform's cadence from ``[hlt]`` in the settings file."""
    timing = forum_timing(settings, "hlt", CADENCE, SOURCE)
    ontschotter = ContactPoint(
        key="ontschotter",
        title="Ontschotter Sociaal Domein",
        organisation="Gemeenten Hillegom, Lisse en Teylingen",
        mandate=Mandate(
            powers=frozenset({Power.PUSH_THROUGH, Power.BUDGET}),
            note=(
                "Doorzettingsmacht and budget (the seed names no ceiling); reports findings to "
                "the Transformatietafel. Temporary by design."
            ),
        ),
        reachable_by=frozenset(
            {
                Audience.PROFESSIONALS,
                Audience.DISTRICT_TEAMS,
                Audience.PROVIDERS,
                Audience.POLICE,
                Audience.HOUSING_CORPORATIONS,
                Audience.CLIENT_SUPPORTERS,
                Audience.RESIDENTS,
                Audience.PARENTS,
                Audience.YOUNG_PEOPLE,
                Audience.CLIENT_ORGANISATIONS,
            }
        ),
        channel="reporting to the platform casuïstiek; first for professionals, clients too",
        source=SOURCE,
    )
    vertrouwenspersoon = ContactPoint(
        key="vertrouwenspersoon",
        title="Vertrouwenspersoon en ombudsman (aan te stellen)",
        organisation="Gemeenten Hillegom, Lisse en Teylingen",
        mandate=Mandate(formal=False, note="An escalation option for parents; no powers named."),
        reachable_by=frozenset({Audience.PARENTS}),
        channel="parents directly",
        source=SOURCE,
    )
    platform = Forum(
        key="platform-casuistiek",
        name="Platform casuïstiek",
        kind=ForumKind.PLATFORM,
        organiser=ProcessSupport(
            "Ontschotter Sociaal Domein", "Gemeenten Hillegom, Lisse en Teylingen"
        ),
        source=SOURCE,
        cadence=timing.cadence,
        participants=ParticipantPolicy(
            description="The ontschotter and the parties the reported case needs."
        ),
        minutes_per_case=timing.minutes_per_case,
        mandate=ontschotter.mandate,
        chair="Ontschotter",
        description="Complex, stuck problems are reported, taken up and solved.",
    )
    ladder = (
        Step(
            key="opschaling-ouders",
            name="Opschaling voor ouders: vertrouwenspersoon en ombudsman (aan te stellen)",
            description=(
                "A parent whose case the platform did not resolve (prior step platform, "
                "unresolved) escalates to the vertrouwenspersoon, or to the ombudsman once one "
                "has been appointed."
            ),
            entry=(PARENT_ESCALATION,),
            contact_point="vertrouwenspersoon",
            applicants=frozenset({Audience.PARENTS}),
            applicants_source=SOURCE,
        ),
        Step(
            key="platform",
            name="Melding bij het platform casuïstiek",
            description=(
                "The case is reported to the platform; the ontschotter takes it up with "
                "doorzettingsmacht and budget."
            ),
            entry=(PROFESSIONAL, CLIENT),
            forum="platform-casuistiek",
            contact_point="ontschotter",
            conditions=(COMPLEX_AND_STUCK,),
            checks=(PUSH_THROUGH,),
            applicants=audiences_of(*PROFESSIONAL_SUBMITTERS, *CLIENT_SUBMITTERS),
            applicants_source=SOURCE,
        ),
    )
    return EscalationModel(
        name=NAME,
        municipality="Hillegom, Lisse en Teylingen",
        title="Ontschotter en platform casuïstiek",
        summary=(
            "An ontschotter with doorzettingsmacht and budget runs a platform where complex "
            "stuck cases are reported, taken up and solved; first for professionals, clients "
            "may report too. Parents can escalate to a vertrouwenspersoon and an ombudsman (to be "
            "appointed). "
            "Findings go to the Transformatietafel. Temporary by design."
        ),
        source=SOURCE,
        contact_points=(ontschotter, vertrouwenspersoon),
        forums=(platform,),
        ladder=ladder,
        onward_routes=(
            VERTROUWENSPERSOON_ROUTE,
            OMBUDSMAN_ROUTE,  # HLT's own ombudsman (aan te stellen) instead of the generic one
            *NATIONAL_ROUTE_KEYS,
            RAAD_EN_COLLEGE,
            BEZWAAR_EN_KLACHT,
        ),
        learning=(
            LearningOutput(
                kind="bevindingen aan de Transformatietafel",
                description=(
                    "The ontschotter reports findings on culture, systems and laws and "
                    "regulations to the Transformatietafel."
                ),
                audience="Transformatietafel (bestuurders en directeuren)",
                source=SOURCE,
                audience_key="transformatietafel",
                collector="de ontschotter",
            ),
        ),
        temporary=True,
    )
