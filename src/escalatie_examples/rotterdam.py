"""Rotterdam: the zorgconsulaat, a low-threshold consultation that never takes a case over (seed 002).

The consulate is "laagdrempelig", for professionals and residents. What the seed says happens
"in de praktijk" is advice here, not a rule: professionals usually consult their
(wijk)teamleider first (an action when none is recorded; a GP or the police may have none), and
a resident may contact the consul directly ("Zo nodig kan de cliënt zelf contact opnemen"),
after which the first conversation is with a professional (an action for the consul when none
is recorded). After calamities the consulate runs a leeronderzoek, and the jeugdconsul advises
the college, asked and unasked. The seed gives no rhythm: the consul is assumed to be available
on request (configurable in ``[rotterdam]``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time
from typing import Any

from escalatie.builtin.national_routes import (
    NATIONAL_ROUTE_KEYS,
    RESIDENT_ROUTE_KEYS,
)
from escalatie.case import FAMILY_SUBMITTERS, Obstacle, StepKind, SubmitterRole
from escalatie.forum import Forum, ForumKind, ParticipantPolicy, ProcessSupport
from escalatie.learning import LearningOutput
from escalatie.model import EscalationModel, Step
from escalatie.organisation import Audience, ContactPoint, Mandate
from escalatie.rules import (
    Rule,
    all_of,
    always,
    has_obstacle,
    negate,
    submitted_by,
    tried,
    tried_without_result,
)
from escalatie.sources import seed
from escalatie_examples.common import (
    PROFESSIONAL_SUBMITTERS,
    CadenceDefaults,
    audiences_of,
    forum_timing,
)

NAME = "rotterdam-zorgconsulaat"
SECTION = "Zorgconsulaat Rotterdam"
SOURCE = seed("002", SECTION)

CADENCE = CadenceDefaults(
    first_date=date(2026, 1, 6),
    start=time(13, 0),
    end=time(16, 0),
    every_weeks=1,
    minutes_per_case=60,
    on_request=True,
)
"""Assumption: on request; a weekly Tuesday afternoon when ``on_request = false``."""

RESIDENT_SUBMITTERS = (*FAMILY_SUBMITTERS, SubmitterRole.CLIENT_ORGANISATION, SubmitterRole.COUNCIL)
"""Residents (the client, a parent or a client organisation) and the council."""

PROFESSIONAL = Rule(
    "rotterdam.professional",
    "A professional brings the case in: the zorgconsulaat is a low-threshold facility for the "
    "professionals of Rotterdam.",
    SOURCE,
    submitted_by(*PROFESSIONAL_SUBMITTERS),
)

RESIDENT = Rule(
    "rotterdam.resident",
    "A resident (the client, a parent or a client organisation) or the council brings the case "
    "in: the zorgconsulaat is also there for the residents of Rotterdam.",
    SOURCE,
    submitted_by(*RESIDENT_SUBMITTERS),
)

EFFORT_FIRST = Rule(
    "rotterdam.effort-first",
    "The professional first made the necessary effort within the existing structures, without "
    "result: the consulate looks with the professional at how to resolve a stagnation.",
    SOURCE,
    tried_without_result(*StepKind),
)

TEAM_LEADER_FIRST = Rule(
    "rotterdam.team-leader-first",
    "Advice, not a requirement (the seed describes practice): professionals usually call on the "
    "consulate after consulting their (wijk)teamleider; if you have one, discuss the case with "
    "them too and record it as a prior step district_team_leader.",
    SOURCE,
    negate(tried(StepKind.DISTRICT_TEAM_LEADER)),
)

FIRST_CONVERSATION = Rule(
    "rotterdam.first-conversation",
    "A resident may contact the consul directly; in practice the first conversation is with a "
    "professional of the toegang or the meldpunt: the consul arranges it (record it as a prior "
    "step first_conversation).",
    SOURCE,
    all_of(
        negate(submitted_by(SubmitterRole.COUNCIL)),
        negate(tried(StepKind.FIRST_CONVERSATION)),
    ),
)

STAYS_RESPONSIBLE = Rule(
    "rotterdam.not-taken-over",
    "The consulate does not take the case over: it looks with the professional at what is "
    "needed to resolve the stagnation; the professional stays responsible for contact and "
    "information to the client.",
    SOURCE,
    always(),
)

LEERONDERZOEK = Rule(
    "rotterdam.leeronderzoek",
    "After a calamity or incident the consulate runs a leeronderzoek: was the system of care "
    "and help closed ('sluitend')? If not, it makes recommendations to close it.",
    SOURCE,
    has_obstacle(Obstacle.CALAMITY),
)


def build(settings: Mapping[str, Any]) -> EscalationModel:
    """The model, with the consultation's cadence from ``[rotterdam]`` in the settings file."""
    timing = forum_timing(settings, "rotterdam", CADENCE, SOURCE)
    consul = ContactPoint(
        key="zorgconsul",
        title="Zorgconsul / jeugdconsul",
        organisation="Zorgconsulaat, Gemeente Rotterdam",
        mandate=Mandate(
            formal=False,
            note=(
                "Advisory: the consulate does not take the case over and the seed names no power "
                "to deploy help or budget; it advises the college, asked and unasked."
            ),
        ),
        reachable_by=frozenset(
            {
                Audience.PROFESSIONALS,
                Audience.DISTRICT_TEAMS,
                Audience.PROVIDERS,
                Audience.CLIENT_SUPPORTERS,
                Audience.POLICE,
                Audience.HOUSING_CORPORATIONS,
                Audience.RESIDENTS,
                Audience.PARENTS,
                Audience.YOUNG_PEOPLE,
                Audience.CLIENT_ORGANISATIONS,
                Audience.COUNCIL,
            }
        ),
        channel=(
            "low threshold: professionals (in practice after consulting their team leader) and "
            "residents directly or via the council; a resident's first conversation is in "
            "practice with a professional of the toegang or the meldpunt"
        ),
        source=SOURCE,
    )
    consultation = Forum(
        key="consultatie",
        name="Consultatie zorgconsulaat",
        kind=ForumKind.CONSULTATION,
        organiser=ProcessSupport("Zorgconsulaat", "Gemeente Rotterdam"),
        source=SOURCE,
        cadence=timing.cadence,
        participants=ParticipantPolicy(
            description="The consul and the professional who brings the case in."
        ),
        minutes_per_case=timing.minutes_per_case,
        mandate=consul.mandate,
        chair="Zorgconsul",
        description=(
            "The consul looks with the professional at what is needed to resolve the "
            "stagnation in the care process."
        ),
    )
    ladder = (
        Step(
            key="consultatie-professional",
            name="Consultatie door een professional",
            description=(
                "A professional who, after effort and after consulting their district team "
                "leader, cannot get through the existing structures consults the zorgconsul."
            ),
            entry=(PROFESSIONAL,),
            forum="consultatie",
            contact_point="zorgconsul",
            prerequisites=(EFFORT_FIRST,),
            checks=(STAYS_RESPONSIBLE, TEAM_LEADER_FIRST, LEERONDERZOEK),
            applicants=audiences_of(*PROFESSIONAL_SUBMITTERS),
            applicants_source=SOURCE,
        ),
        Step(
            key="consultatie-inwoner",
            name="Inwoner of raad bij de zorgconsul",
            description=(
                "A client may contact the zorgconsul directly; in practice the first "
                "conversation is with a professional of the toegang or the meldpunt, which the "
                "consul arranges, or the case goes via the council."
            ),
            entry=(RESIDENT,),
            forum="consultatie",
            contact_point="zorgconsul",
            checks=(FIRST_CONVERSATION, STAYS_RESPONSIBLE, LEERONDERZOEK),
            applicants=audiences_of(*RESIDENT_SUBMITTERS),
            applicants_source=SOURCE,
        ),
    )
    return EscalationModel(
        name=NAME,
        municipality="Rotterdam",
        title="Zorgconsulaat en jeugdconsul",
        summary=(
            "A low-threshold zorgconsulaat for professionals and residents, so that help to "
            "Rotterdammers does not stagnate. The consulate does not take cases over; the "
            "professional stays responsible for contact with the client. Leeronderzoeken after "
            "calamities; the jeugdconsul advises the college, asked and unasked."
        ),
        source=SOURCE,
        contact_points=(consul,),
        forums=(consultation,),
        ladder=ladder,
        onward_routes=(*NATIONAL_ROUTE_KEYS, *RESIDENT_ROUTE_KEYS),
        learning=(
            LearningOutput(
                kind="leeronderzoek",
                description=(
                    "After a calamity or incident a stuck or failed case is examined: was the "
                    "system of care and help closed ('sluitend')? If not, recommendations to "
                    "close it."
                ),
                audience="the organisations involved and the municipality",
                source=SOURCE,
                period="after each calamity or incident",
                audience_key="organisaties",
                collector="de jeugdconsul",
            ),
            LearningOutput(
                kind="advies aan het college",
                description=(
                    "The jeugdconsul advises the college on improvements to the system of care "
                    "and help, asked and unasked."
                ),
                audience="college van burgemeester en wethouders",
                source=SOURCE,
                period="asked and unasked",
                audience_key="bestuur",
                collector="de jeugdconsul",
            ),
        ),
    )
