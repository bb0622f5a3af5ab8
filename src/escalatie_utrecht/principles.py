"""The leading principles of the Utrecht model (seed 003), used to test proposed solutions.

Seed 000 asks that solutions found at a maatwerktafel are tested against these principles; seed
003 states them: the family's question leads, not the supply of care; the safety of children is
always the lower bound; the lightest track first (spoor 1 social base, spoor 2 basic care,
spoor 3 additional care); and for residential care the "drietrap": a stable home with ambulant
help, then a short family-oriented stay nearby, then a specialised stay elsewhere.

:func:`check_solution` applies them to a proposal (the help a solution consists of or weighed,
as :class:`~escalatie.case.CareKind` values) and returns one :class:`Finding` per violation.
The same tests run in triage as checks, on the care a case requests.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import IntEnum

from attrs import frozen

from escalatie.case import (
    CareKind,
    Case,
    LifeDomainKind,
    Party,
    PartyRole,
    SafetyLevel,
    SubmitterRole,
)
from escalatie.rules import Rule
from escalatie.sources import seed
from escalatie_utrecht.common import S000_PRINCIPLES, S003_PRINCIPLES, S003_RESIDENTIAL, S003_TRACKS


class Track(IntEnum):
    """The three tracks (sporen) of the Utrecht model, lightest first (seed 003)."""

    SOCIAL_BASE = 1
    BASIC_CARE = 2
    ADDITIONAL_CARE = 3


TRACK_OF: dict[CareKind, Track] = {
    CareKind.SOCIAL_BASE: Track.SOCIAL_BASE,
    CareKind.BASIC_CARE: Track.BASIC_CARE,
    CareKind.AMBULANT: Track.ADDITIONAL_CARE,
    CareKind.SPECIALIST_YOUTH_CARE: Track.ADDITIONAL_CARE,
    CareKind.DAY_TREATMENT: Track.ADDITIONAL_CARE,
    CareKind.FOSTER_CARE: Track.ADDITIONAL_CARE,
    CareKind.RESIDENTIAL: Track.ADDITIONAL_CARE,
    CareKind.RESIDENTIAL_SPECIALISED: Track.ADDITIONAL_CARE,
    CareKind.MENTAL_HEALTH: Track.ADDITIONAL_CARE,
}
"""Care kinds on a track; help outside care (income, housing, transport …) is on none."""

TRACK_OF_ROLE: dict[PartyRole, Track] = {
    PartyRole.SOCIAL_BASE: Track.SOCIAL_BASE,
    PartyRole.EDUCATION: Track.SOCIAL_BASE,
    PartyRole.BASIC_CARE: Track.BASIC_CARE,
    PartyRole.GENERAL_PRACTITIONER: Track.BASIC_CARE,
    PartyRole.YOUTH_HEALTH_CARE: Track.BASIC_CARE,
    PartyRole.ADDITIONAL_CARE_YOUTH: Track.ADDITIONAL_CARE,
    PartyRole.ADDITIONAL_CARE_WMO: Track.ADDITIONAL_CARE,
    PartyRole.MENTAL_HEALTH_INSTITUTION: Track.ADDITIONAL_CARE,
    PartyRole.YOUTH_PROTECTION: Track.ADDITIONAL_CARE,
}
"""The track a party works on, by its role. Youth protection (SAVE) is additional care: seed
003 lists "jeugdbescherming nieuwe stijl/SAVE" among the categories of aanvullende zorg."""

BUURTTEAM_NAMES: tuple[str, ...] = ("buurtteam", "wijkteam", "lokalis")
"""Names that mark a party as a buurtteam (district team): Lokalis is the organisation of
Utrecht's buurtteams for youth and families (seed 000, contact table)."""


def is_buurtteam(name: str) -> bool:
    """Whether an organisation (or a consultation's ``by``) names a buurtteam."""
    folded = name.casefold()
    return any(word in folded for word in BUURTTEAM_NAMES)


def submitted_by_buurtteam(case: Case) -> bool:
    """Whether a buurtteam brings the case in: the case is then already on spoor 2 (seed 003,
    "leidende principes": the lightest track is an ambition, not an entry rule)."""
    submitter = case.submitter
    return submitter.role is SubmitterRole.DISTRICT_TEAM or is_buurtteam(submitter.organisation)


def track_of_party(party: Party) -> Track | None:
    """The track a party works on: a buurtteam is spoor 2 whatever role it was recorded with
    (seed 003: "in spoor twee werken huisartsen en buurtteams samen"); otherwise its role's
    track, or None for roles outside the three tracks (family, housing, police …)."""
    if is_buurtteam(party.organisation):
        return Track.BASIC_CARE
    return TRACK_OF_ROLE.get(party.role)


class ResidentialLevel(IntEnum):
    """The drietrap for residential youth care, lightest first (seed 003)."""

    HOME_WITH_AMBULANT_HELP = 1
    FAMILY_STAY_NEARBY = 2
    SPECIALISED_STAY_ELSEWHERE = 3


LEVEL_OF: dict[CareKind, ResidentialLevel] = {
    CareKind.AMBULANT: ResidentialLevel.HOME_WITH_AMBULANT_HELP,
    CareKind.RESIDENTIAL: ResidentialLevel.FAMILY_STAY_NEARBY,
    CareKind.FOSTER_CARE: ResidentialLevel.FAMILY_STAY_NEARBY,
    CareKind.RESIDENTIAL_SPECIALISED: ResidentialLevel.SPECIALISED_STAY_ELSEWHERE,
}

CARE_KINDS = frozenset(TRACK_OF)

ANSWERS: dict[LifeDomainKind, frozenset[CareKind]] = {
    LifeDomainKind.CARE: CARE_KINDS,
    LifeDomainKind.UPBRINGING: CARE_KINDS,
    LifeDomainKind.HEALTH: CARE_KINDS,
    LifeDomainKind.EDUCATION: frozenset({CareKind.EDUCATION_SUPPORT, CareKind.TRANSPORT}),
    LifeDomainKind.HOUSING: frozenset({CareKind.HOUSING, CareKind.SHELTER}),
    LifeDomainKind.WORK_AND_INCOME: frozenset({CareKind.INCOME}),
    LifeDomainKind.FINANCES: frozenset({CareKind.INCOME}),
}
"""Which help answers the family's question on a life domain. Domains not listed (safety,
social network, daily life, justice) are not checked: many kinds of help can answer them."""


@frozen
class Finding:
    """One way a proposed solution departs from a leading principle, with the rule's citation."""

    rule: str
    text: str
    source: str


def _lighter_tracks_missing(case: Case, proposed: Sequence[CareKind]) -> list[Track]:
    tracks = {TRACK_OF[k] for k in proposed if k in TRACK_OF}
    if not tracks:
        return []
    in_place = {
        track
        for p in case.parties
        if p.currently_involved and (track := track_of_party(p)) is not None
    }
    if submitted_by_buurtteam(case):
        in_place.add(Track.BASIC_CARE)
    return [t for t in Track if t < max(tracks) and t not in tracks | in_place]


def _drietrap_skipped(case: Case, proposed: Sequence[CareKind]) -> list[ResidentialLevel]:
    levels = {LEVEL_OF[k] for k in proposed if k in LEVEL_OF}
    if not levels or max(levels) == ResidentialLevel.HOME_WITH_AMBULANT_HELP:
        return []
    if case.ambulant_alternatives_considered:
        levels.add(ResidentialLevel.HOME_WITH_AMBULANT_HELP)
    return [lv for lv in ResidentialLevel if lv < max(levels) and lv not in levels]


def _unanswered_domains(case: Case, proposed: Sequence[CareKind]) -> list[LifeDomainKind]:
    if not proposed:
        return sorted(case.domain_kinds)
    offered = set(proposed)
    return sorted(d for d in case.domain_kinds if d in ANSWERS and offered.isdisjoint(ANSWERS[d]))


def _requested(case: Case) -> list[CareKind]:
    return [r.kind for r in case.requested_care]


def _requested_skips_track(case: Case, at: datetime) -> bool:
    return bool(_lighter_tracks_missing(case, _requested(case)))


def _requested_skips_drietrap(case: Case, at: datetime) -> bool:
    return bool(_drietrap_skipped(case, _requested(case)))


def _requested_leaves_question(case: Case, at: datetime) -> bool:
    return bool(case.requested_care) and bool(_unanswered_domains(case, _requested(case)))


def _safety_at_stake(case: Case, at: datetime) -> bool:
    return case.safety.level is not SafetyLevel.NONE


QUESTION_LEADS = Rule(
    "utrecht.principle.question-leads",
    "The family's question leads, not the supply of care: every life domain of the question "
    "needs an answer in the solution.",
    seed("003", S003_PRINCIPLES),
    _requested_leaves_question,
)
SAFETY_PRINCIPLE = Rule(
    "utrecht.principle.safety-lower-bound",
    "The safety of children is always the lower bound: a solution must keep the child safe; "
    "acute risk goes to Veilig Thuis.",
    seed("003", S003_PRINCIPLES),
    _safety_at_stake,
)
LIGHTEST_TRACK = Rule(
    "utrecht.principle.lightest-track",
    "The lightest track first: spoor 1 social base, then spoor 2 basic care, then spoor 3 "
    "additional care; a solution does not skip a lighter track that is not yet in place.",
    seed("003", S003_TRACKS),
    _requested_skips_track,
)
DRIETRAP = Rule(
    "utrecht.principle.residential-order",
    "For residential care the order is: a stable home with ambulant help, then a short "
    "family-oriented stay nearby, then a specialised stay elsewhere.",
    seed("003", S003_RESIDENTIAL),
    _requested_skips_drietrap,
)
TESTED_AGAINST_PRINCIPLES = Rule(
    "utrecht.maatwerktafel.principles",
    "Solutions found at the table are tested against the leading principles of the Utrecht "
    "model, with the child and the family at the centre.",
    seed("000", S000_PRINCIPLES),
)

PRINCIPLES: tuple[Rule, ...] = (QUESTION_LEADS, SAFETY_PRINCIPLE, LIGHTEST_TRACK, DRIETRAP)
"""The principles checked on a case; each holds when the case's requested care departs from it."""

# --- the six leading principles of seed 003, as describe shows them -------------------------
# Seed 003 ("leidende principes") names six. Two are gates: the safety of children (the safety
# gate sends acute risk to Veilig Thuis before any table) and, at the maatwerktafel, own direction
# (the family and possibly a key support figure sit at the table, seed 000 step 3). The others
# are values a plan is checked against: describe labels them "not enforced".

OWN_DIRECTION_TEXT = (
    "Own direction, responsibility, freedom of choice and reciprocity are self-evident "
    "(eigen regie, verantwoordelijkheid, keuzevrijheid en wederkerigheid)."
)
OWN_DIRECTION = Rule(
    "utrecht.principle.own-direction",
    OWN_DIRECTION_TEXT,
    seed("003", S003_PRINCIPLES),
    enforced=False,
)
OWN_DIRECTION_AT_TABLE = Rule(
    "utrecht.principle.own-direction",
    OWN_DIRECTION_TEXT + " Enforced at the maatwerktafel: the family and possibly a key "
    "support figure are always invited to the table (seed 000, stap 3).",
    seed("003", S003_PRINCIPLES),
)
PROFESSIONAL_JUDGEMENT = Rule(
    "utrecht.principle.professional-judgement",
    "Room for professional judgement and decisions.",
    seed("003", S003_PRINCIPLES),
    enforced=False,
)
NORMALISE = Rule(
    "utrecht.principle.normalise",
    "Normalise and start from possibilities: the family or client in daily life is the "
    "starting point.",
    seed("003", S003_PRINCIPLES),
    enforced=False,
)
GENERALISTS_AT_THE_FRONT = Rule(
    "utrecht.principle.generalists-at-the-front",
    "High-quality generalist professionals at the front.",
    seed("003", S003_PRINCIPLES),
    enforced=False,
)
CONTENT_LEADS = Rule(
    "utrecht.principle.content-leads",
    "A simpler system, less bureaucracy: the content leads, not the system (de inhoud is "
    "leidend, niet het systeem); triage checks the requested care against the family's "
    "question (utrecht.principle.question-leads).",
    seed("003", S003_PRINCIPLES),
    enforced=False,
)


def leading_principles(*, family_at_table: bool) -> tuple[Rule, ...]:
    """Seed 003's six leading principles, in the seed's order, for a model's describe.

    ``family_at_table``: the model's forum seats the family and a key support figure (the
    maatwerktafel, seed 000 stap 3), which makes own direction a gate there.
    """
    return (
        OWN_DIRECTION_AT_TABLE if family_at_table else OWN_DIRECTION,
        PROFESSIONAL_JUDGEMENT,
        NORMALISE,
        GENERALISTS_AT_THE_FRONT,
        CONTENT_LEADS,
        SAFETY_PRINCIPLE,
    )


SIX_PRINCIPLES: tuple[Rule, ...] = leading_principles(family_at_table=False)
"""The six leading principles of seed 003 as not-enforced values, except safety."""


def _finding(rule: Rule, detail: str) -> Finding:
    return Finding(rule.id, f"{rule.text} {detail}", rule.source.cite())


def check_solution(case: Case, proposed: Iterable[CareKind]) -> list[Finding]:
    """Findings for a proposed solution against the leading principles; empty when it fits.

    ``proposed`` is the help the solution consists of or weighed (for residential care, every
    rung of the drietrap that was weighed). A track counts as in place when a currently
    involved party works on it (:func:`track_of_party`: a buurtteam is spoor 2); the first
    rung of the drietrap also counts when the case records that all ambulant alternatives were
    considered.
    """
    kinds = [CareKind(k) for k in proposed]
    findings: list[Finding] = []
    unanswered = _unanswered_domains(case, kinds)
    if unanswered:
        findings.append(
            _finding(QUESTION_LEADS, "Unanswered: " + ", ".join(d.value for d in unanswered) + ".")
        )
    if case.safety.level is not SafetyLevel.NONE:
        findings.append(_finding(SAFETY_PRINCIPLE, f"Safety signal: {case.safety.level.value}."))
    skipped = _lighter_tracks_missing(case, kinds)
    if skipped:
        findings.append(
            _finding(
                LIGHTEST_TRACK, "Skipped: " + ", ".join(f"spoor {t.value}" for t in skipped) + "."
            )
        )
    rungs = _drietrap_skipped(case, kinds)
    if rungs:
        names = {
            ResidentialLevel.HOME_WITH_AMBULANT_HELP: "stable home with ambulant help",
            ResidentialLevel.FAMILY_STAY_NEARBY: "family-oriented stay nearby",
            ResidentialLevel.SPECIALISED_STAY_ELSEWHERE: "specialised stay elsewhere",
        }
        findings.append(
            _finding(DRIETRAP, "Not weighed: " + ", ".join(names[r] for r in rungs) + ".")
        )
    return findings
