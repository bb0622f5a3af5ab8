"""Utrecht's maatwerktafel (seed 000, "Handreiking maatwerktafels Utrecht Stad").

A professional who cannot realise a custom plan with the family discusses the question with the
aanspreekpunt of their organisation, who asks who already thought along and what was tried, and
decides whether a table fits. The municipality's procesondersteuner organises the table, which
meets every 1.5 weeks (Monday morning and Thursday afternoon, each every three weeks).

A residential request always goes to the aanspreekpunt, whose extra check is whether all ambulant
alternatives were considered (stap 2, NB): that weighing is the aanspreekpunt's action, not a
prerequisite. No age is refused: 18 to 23 is explicitly no barrier and the seed sets no limit.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from escalatie.case import Case, Obstacle, PartyRole, StepKind, SubmitterRole
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
from escalatie.organisation import Audience, ContactPoint, Mandate, Power
from escalatie.rules import Rule, always, has_obstacle, requests_residential, tried
from escalatie.sources import seed
from escalatie_utrecht import participants as participants_module
from escalatie_utrecht.common import (
    GEMEENTE,
    MUNICIPALITY,
    S000_AGREEMENTS,
    S000_BEFORE,
    S000_CADENCE,
    S000_CONTACTS,
    S000_LEARNING,
    S000_ORGANISATION,
    S000_ROUTE,
    holiday_policy,
)
from escalatie_utrecht.principles import (
    DRIETRAP,
    LIGHTEST_TRACK,
    QUESTION_LEADS,
    SAFETY_PRINCIPLE,
    TESTED_AGAINST_PRINCIPLES,
    Track,
    is_buurtteam,
    leading_principles,
    track_of_party,
)
from escalatie_utrecht.routes import ONWARD_ROUTES
from escalatie_utrecht.settings import UtrechtSettings

NAME = "utrecht-maatwerktafel"
FORUM = "maatwerktafel"

CONSULTATIONS = (
    StepKind.ASK_CONSULT,
    StepKind.TELEPHONE_CONSULT,
    StepKind.PARTICIPATING_CONSULT,
    StepKind.HOME_VISIT,
)
"""The ways of letting professionals think along before a table (seed 000, step 1)."""


def _consulted(case: Case, at: datetime) -> bool:
    return any(s.kind in CONSULTATIONS and s.tried.strip() for s in case.prior_steps)


def consultation_tracks(case: Case) -> set[Track]:
    """The tracks of the professionals who thought along in a consultation.

    A consultation's ``by`` counts for a track when it names a party of the case (its track by
    :func:`~escalatie_utrecht.principles.track_of_party`) or a buurtteam (spoor 2); other
    names count for none. This reading of ``by`` is the library's, not the seed's.
    """
    by_name = {p.organisation.strip().casefold(): p for p in case.parties}
    tracks: set[Track] = set()
    for step in case.prior_steps:
        if step.kind not in CONSULTATIONS:
            continue
        party = by_name.get(step.by.strip().casefold())
        track = track_of_party(party) if party is not None else None
        if track is None and is_buurtteam(step.by):
            track = Track.BASIC_CARE
        if track is not None:
            tracks.add(track)
    return tracks


def _mix_not_shown(case: Case, at: datetime) -> bool:
    return not {Track.SOCIAL_BASE, Track.ADDITIONAL_CARE} <= consultation_tracks(case)


def _plan_with_family(case: Case, at: datetime) -> bool:
    return case.tried(StepKind.PLAN_WITH_FAMILY) and bool(case.plan.strip())


def _young_adult(case: Case, at: datetime) -> bool:
    return case.age >= 18


def _ambulant_not_recorded(case: Case, at: datetime) -> bool:
    return case.requests_residential and not case.ambulant_alternatives_considered


def _perspective(case: Case, at: datetime) -> bool:
    return bool(case.perspective.strip())


def _currently_involved(case: Case, at: datetime) -> bool:
    return any(p.currently_involved for p in case.parties if p.role is not PartyRole.FAMILY)


def _rotation_not_needed(case: Case, at: datetime) -> bool:
    return not participants_module.rotation_needed(case)


# --- entry: when a table fits (seed 000, step 2) ---------------------------------------------

OTHER_HELP_NEEDED = Rule(
    "utrecht.maatwerktafel.entry.other-help",
    "Help of another kind is needed than is available, and the partners in the social base, "
    "basic care and youth care cannot organise it together.",
    seed("000", S000_ROUTE),
    has_obstacle(Obstacle.SUPPLY_UNAVAILABLE),
)
RESIDENTIAL_ALTERNATIVE = Rule(
    "utrecht.maatwerktafel.entry.residential-alternative",
    "The plan shows that alternatives to residential youth care exist, but they are not available.",
    seed("000", S000_ROUTE),
    has_obstacle(Obstacle.RESIDENTIAL_ALTERNATIVE_UNAVAILABLE),
)
COMMISSIONER = Rule(
    "utrecht.maatwerktafel.entry.commissioner",
    "The municipality is needed to think along in its role as commissioner (opdrachtgever). "
    "A case stuck because the municipality has no contract with the provider that fits is read "
    "as such a case: contracting is the commissioner's role (the library's reading).",
    seed("000", S000_ROUTE),
    has_obstacle(Obstacle.COMMISSIONER_NEEDED, Obstacle.NO_CONTRACT),
)
AGE = Rule(
    "utrecht.maatwerktafel.age",
    "The age of 18 to 23 is no barrier to a table: do not refuse a young adult on age. The "
    "seed sets no upper limit, so the library refuses nobody on age; from 24 the aanspreekpunt "
    "weighs whether a table for youth care fits (assumption).",
    seed("000", S000_ROUTE),
    _young_adult,
)

# --- before the table: who thought along, what was tried (seed 000, steps 1 and 2) ----------

CONSULTED = Rule(
    "utrecht.maatwerktafel.before.consulted",
    "Professionals thought along through a consultation (ASK, telephone or participating "
    "consult, or at home with the family) and what was tried is recorded, so the aanspreekpunt "
    "can ask who thought along and what was tried. Stap 1 is advice; the library lists it as "
    "missing first because stap 2 asks for it.",
    seed("000", S000_BEFORE),
    _consulted,
)
MIX_NOT_SHOWN = Rule(
    "utrecht.maatwerktafel.before.mix",
    "Advice: let professionals of diverse expertises think along, from both the social base "
    "and the additional care. The recorded consultations do not show both, so consult the "
    "missing side (which side a consultation is on is read from its `by`: an assumption).",
    seed("000", S000_BEFORE),
    _mix_not_shown,
)
PLAN = Rule(
    "utrecht.maatwerktafel.before.plan",
    "A plan was made together with the parents, their network and the professionals involved.",
    seed("000", S000_BEFORE),
    _plan_with_family,
)
PERSPECTIVE = Rule(
    "utrecht.maatwerktafel.before.perspective",
    "The question is laid out on the life domains with the (long-term) perspective on normal "
    "life, so the goal of the table is clear.",
    seed("000", S000_ROUTE),
    _perspective,
)
AANSPREEKPUNT = Rule(
    "utrecht.maatwerktafel.route.aanspreekpunt",
    "The submitter discussed the question with the aanspreekpunt of their organisation, who "
    "asked who already thought along and what was tried, and whether a table fits.",
    seed("000", S000_ROUTE),
    tried(StepKind.AANSPREEKPUNT),
)
AMBULANT_NOT_CONSIDERED = Rule(
    "utrecht.maatwerktafel.residential.ambulant-considered",
    "Residential care is asked and the case does not record that all ambulant alternatives "
    "were considered sufficiently: weighing them with the submitter is the aanspreekpunt's "
    "extra check on inflow into residential care, not something to finish before contacting "
    "the aanspreekpunt.",
    seed("000", S000_ROUTE),
    _ambulant_not_recorded,
)

# --- checks: extra actions (seed 000, steps 2 to 5) -----------------------------------------

INFLOW_CHECK = Rule(
    "utrecht.maatwerktafel.residential.inflow-check",
    "A residential place is requested: contact the aanspreekpunt for Utrecht's extra check on "
    "inflow into residential care (were all ambulant alternatives considered?).",
    seed("000", S000_ROUTE),
    requests_residential(),
)
INVITATION = Rule(
    "utrecht.maatwerktafel.invitation.anonymised",
    "Invite with only the anonymised plan plus the question for the table, so participants "
    "can prepare and arrange their mandate beforehand.",
    seed("000", S000_ORGANISATION),
    always(),
)
MANDATE = Rule(
    "utrecht.maatwerktafel.mandate",
    "Participants sit at the table with a mandate, so a decision can be taken at once on as "
    "many of the answers found there as possible.",
    seed("000", S000_ORGANISATION),
    always(),
)
CONSENT = Rule(
    "utrecht.maatwerktafel.consent",
    "Extra information goes to the currently involved parties only with the consent of the "
    "young person and/or the parents; the submitter shares it.",
    seed("000", S000_ORGANISATION),
    _currently_involved,
)
ROTATION_NOTICE = Rule(
    "utrecht.maatwerktafel.rotation.not-needed",
    "The larger providers in this meeting's rotation are not needed for this case (no "
    "additional care is asked): tell them they need not attend.",
    seed("000", S000_ORGANISATION),
    _rotation_not_needed,
)
AGREEMENTS = Rule(
    "utrecht.maatwerktafel.agreements",
    "At the table the procesondersteuner records the agreements with their schedule, the table "
    "discusses who holds the lead (regie) on following them, and with the family it is "
    "discussed with whom the agreements are shared.",
    seed("000", S000_AGREEMENTS),
    always(),
)
ALIGNMENT = Rule(
    "utrecht.maatwerktafel.agreements.alignment",
    "After the table the procesondersteuner aligns the agreements with the submitter, who "
    "shares them with the other participants.",
    seed("000", S000_AGREEMENTS),
    always(),
)

# --- organisation of the forum: enforced by its structure, not by a case test ---------------

PARTICIPANTS = Rule(
    "utrecht.maatwerktafel.participants",
    "At the table: the family and possibly a key support figure; everyone currently involved "
    "(expected to attend); professionals or volunteers from social base, education, basic care "
    "and additional care; the larger providers in rotation, checked per case; smaller "
    "providers and independent practices when wanted.",
    seed("000", S000_ORGANISATION),
)
PROCESS_SUPPORT = Rule(
    "utrecht.maatwerktafel.process-support",
    "The municipality's procesondersteuner agrees the date and the participants with the "
    "submitter and can suggest other participants.",
    seed("000", S000_ORGANISATION),
)
CADENCE = Rule(
    "utrecht.maatwerktafel.cadence",
    "A table every 1.5 weeks: every three weeks on Monday 09:15–10:45 and every three weeks "
    "on Thursday 15:30–17:00; other moments by agreement with those wanted at the table.",
    seed("000", S000_CADENCE),
)
CANCELLATION = Rule(
    "utrecht.maatwerktafel.cancellation",
    "A cancelled table is announced to the organisations at least two days before.",
    seed("000", S000_CADENCE),
)
CONTACT_POINTS = Rule(
    "utrecht.maatwerktafel.contact-points",
    "Each organisation has its own aanspreekpunt: the buurtteams (Lokalis), the general "
    "practitioners, JGZ and SAVE.",
    seed("000", S000_CONTACTS),
)
LEARNING = Rule(
    "utrecht.maatwerktafel.learning",
    "Participants spread what they learned in their own organisation; the procesondersteuner "
    "collects insights over time; learning lines are shared with the field periodically.",
    seed("000", S000_LEARNING),
)

ENTRY = (OTHER_HELP_NEEDED, RESIDENTIAL_ALTERNATIVE, COMMISSIONER)
PREREQUISITES = (CONSULTED, PLAN, PERSPECTIVE, AANSPREEKPUNT)
CHECKS = (
    AGE,
    MIX_NOT_SHOWN,
    INFLOW_CHECK,
    AMBULANT_NOT_CONSIDERED,
    INVITATION,
    MANDATE,
    CONSENT,
    ROTATION_NOTICE,
    AGREEMENTS,
    ALIGNMENT,
    QUESTION_LEADS,
    SAFETY_PRINCIPLE,
    LIGHTEST_TRACK,
    DRIETRAP,
)
RULES: tuple[Rule, ...] = (
    *ENTRY,
    AGE,
    *PREREQUISITES,
    MIX_NOT_SHOWN,
    AMBULANT_NOT_CONSIDERED,
    INFLOW_CHECK,
    INVITATION,
    MANDATE,
    CONSENT,
    ROTATION_NOTICE,
    AGREEMENTS,
    ALIGNMENT,
    TESTED_AGAINST_PRINCIPLES,
    PARTICIPANTS,
    PROCESS_SUPPORT,
    CADENCE,
    CANCELLATION,
    CONTACT_POINTS,
    LEARNING,
)
"""Every rule of seed 000 this model enforces (the principles are in :data:`PRINCIPLES`)."""

# Submitters who reach a table through an aanspreekpunt of their own organisation.
AANSPREEKPUNT_OF: dict[SubmitterRole, str] = {
    SubmitterRole.DISTRICT_TEAM: "aanspreekpunt-lokalis",
    SubmitterRole.PROFESSIONAL: "aanspreekpunt-lokalis",
    SubmitterRole.GENERAL_PRACTITIONER: "aanspreekpunt-huisartsen",
    SubmitterRole.YOUTH_HEALTH_CARE: "aanspreekpunt-jgz",
    SubmitterRole.YOUTH_PROTECTION: "aanspreekpunt-save",
}


def _contact_point(key: str, organisation: str, who: str) -> ContactPoint:
    return ContactPoint(
        key=key,
        title=f"aanspreekpunt maatwerktafels ({who})",
        organisation=organisation,
        mandate=Mandate(
            note="Decides with the submitter whether a maatwerktafel fits; holds no budget."
        ),
        reachable_by=frozenset({Audience.PROFESSIONALS, Audience.DISTRICT_TEAMS}),
        channel="the organisation's internal contact list (no personal details here)",
        source=seed("000", S000_CONTACTS),
        per_organisation=True,
    )


CONTACT_POINT_LIST: tuple[ContactPoint, ...] = (
    _contact_point("aanspreekpunt-lokalis", "Lokalis (buurtteams Utrecht)", "buurtteams"),
    _contact_point("aanspreekpunt-huisartsen", "Huisartsen Utrecht", "huisartsen"),
    _contact_point("aanspreekpunt-jgz", "JGZ Utrecht", "jeugdgezondheidszorg"),
    _contact_point("aanspreekpunt-save", "SAVE (Samen Veilig Midden-Nederland)", "SAVE"),
)


def aanspreekpunt_for(case: Case) -> ContactPoint:
    """The aanspreekpunt of the submitter's organisation; the buurtteam's when none is named."""
    key = AANSPREEKPUNT_OF.get(case.submitter.role, "aanspreekpunt-lokalis")
    return next(c for c in CONTACT_POINT_LIST if c.key == key)


def cadence(settings: UtrechtSettings) -> Cadence:
    """Monday 09:15–10:45 and Thursday 15:30–17:00, each every 3 weeks; Thursday's first date
    is the first Monday + 10 days, so the tables alternate 10 and 11 days apart."""
    first = settings.first_date
    return Cadence(
        series=(
            MeetingSeries("maandag", "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO", time(9, 15), 90, first),
            MeetingSeries(
                "donderdag",
                "FREQ=WEEKLY;INTERVAL=3;BYDAY=TH",
                time(15, 30),
                90,
                first + timedelta(days=10),
            ),
        ),
        other_moments_by_agreement=True,
        holidays=holiday_policy(settings),
        cancellation_notice_days=2,
        source=seed("000", S000_CADENCE),
    )


def forum(settings: UtrechtSettings) -> Forum:
    return Forum(
        key=FORUM,
        name="Maatwerktafel",
        kind=ForumKind.TABLE,
        organiser=ProcessSupport(
            title="procesondersteuner",
            organisation=GEMEENTE,
            address=settings.process_support_address,
        ),
        source=seed("000", S000_ORGANISATION),
        cadence=cadence(settings),
        participants=ParticipantPolicy(
            family_at_table=True,
            key_support_figure=True,
            currently_involved_expected=True,
            invited_roles=participants_module.INVITED_ROLES,
            rotation_pool=settings.rotation_pool,
            check_need_per_case=True,
            notify_not_needed=True,
            optional_invitees="smaller providers and independent practices, when wanted",
            description=PARTICIPANTS.text,
        ),
        mandate_required=True,
        mandate=Mandate(
            powers=frozenset({Power.DEPLOY_HELP}),
            note="Each participant brings the mandate of their organisation; the municipality "
            "joins in its role as commissioner where needed.",
        ),
        description="Combines forms of support smartly, with room for creative, 'out of the "
        "box' decisions by professionals; the family is at the centre. The municipality "
        "provides the process support (procesbegeleiding) in the first instance; the seed names "
        "no chair.",
    )


LEARNING_OUTPUTS = (
    LearningOutput(
        kind="kennis verspreiden",
        description="Participants spread the knowledge gained in their own organisation.",
        audience="the participants' own organisations",
        audience_key="organisaties",
        collector="de deelnemers aan de maatwerktafel",
        source=seed("000", S000_LEARNING),
    ),
    LearningOutput(
        kind="inzichten verzamelen",
        description="The procesondersteuner collects the insights of the tables over time.",
        audience="procesondersteuner, Gemeente Utrecht",
        collector="de procesondersteuner",
        source=seed("000", S000_LEARNING),
        period="over time (door de tijd heen)",
    ),
    LearningOutput(
        kind="leerlijnen",
        description="Learning lines drawn from the collected insights are shared more widely.",
        audience="the field (het veld)",
        audience_key="veld",
        collector="de procesondersteuner",
        source=seed("000", S000_LEARNING),
        period="periodically",
    ),
)


def build(settings: UtrechtSettings) -> EscalationModel:
    """The maatwerktafel model with the cadence and addresses of ``settings``."""
    table = Step(
        key="maatwerktafel",
        name="Maatwerktafel",
        description="Through the aanspreekpunt of the submitter's organisation to a table "
        "organised by the procesondersteuner; the family at the table, participants with "
        "mandate, agreements with a schedule and a lead.",
        entry=ENTRY,
        forum=FORUM,
        prerequisites=PREREQUISITES,
        checks=CHECKS,
        applicants=frozenset({Audience.PROFESSIONALS, Audience.DISTRICT_TEAMS}),
        applicants_source=seed("000", S000_ROUTE),
    )
    inflow = Step(
        key="verblijfstoets",
        name="Extra check on inflow into residential care",
        description="Whenever the conclusion at home is that a residential place is needed, "
        "the aanspreekpunt is contacted, even when no table is asked for.",
        entry=(INFLOW_CHECK,),
        checks=(
            AGE,
            AMBULANT_NOT_CONSIDERED,
            QUESTION_LEADS,
            SAFETY_PRINCIPLE,
            LIGHTEST_TRACK,
            DRIETRAP,
        ),
        applicants=frozenset({Audience.PROFESSIONALS, Audience.DISTRICT_TEAMS}),
        applicants_source=seed("000", S000_ROUTE),
    )
    return EscalationModel(
        name=NAME,
        municipality=MUNICIPALITY,
        title="Maatwerktafel",
        summary="A professional who cannot realise a custom plan with the family takes the "
        "question to the aanspreekpunt of their organisation; when a table fits, the "
        "municipality's procesondersteuner organises one, every 1.5 weeks, with the family, "
        "everyone involved and partners with mandate. Solutions are tested against the leading "
        "principles of the Utrecht model.",
        source=seed("000"),
        contact_points=CONTACT_POINT_LIST,
        forums=(forum(settings),),
        ladder=(table, inflow),
        onward_routes=ONWARD_ROUTES,
        learning=LEARNING_OUTPUTS,
        principles=leading_principles(family_at_table=True),
    )
