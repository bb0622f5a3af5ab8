"""The leading principles of the Utrecht model (seed 003), computed: tracks, the drietrap, the question.

Seed 000 asks that solutions found at a maatwerktafel are tested against these principles; seed
003 states them: the family's question leads, not the supply of care; the safety of children is
always the lower bound; the lightest track first (spoor 1 social base, spoor 2 basic care,
spoor 3 additional care); and for residential care the "drietrap": a stable home with ambulant
help, then a short family-oriented stay nearby, then a specialised stay elsewhere.

The rules themselves (id, English text, seed) are data in the model files
(``escalatie_utrecht/models/*.toml``); what no predicate of the core expresses is computed here
and registered as predicates (:mod:`escalatie_utrecht.predicates`). :func:`check_solution`
applies the principles to a proposal (the help a solution consists of or weighed, as
:class:`~escalatie.case.CareKind` values) and returns one :class:`Finding` per violation, citing
the model's rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from escalatie.api import (
    CareKind,
    Case,
    LifeDomainKind,
    Obstacle,
    Party,
    PartyRole,
    SafetyLevel,
    StepKind,
    SubmitterRole,
)

if TYPE_CHECKING:
    from escalatie.api import EscalationModel, Rule
    from escalatie_utrecht.findings import Finding as Finding

QUESTION_LEADS = "utrecht.principle.question-leads"
SAFETY_PRINCIPLE = "utrecht.principle.safety-lower-bound"
LIGHTEST_TRACK = "utrecht.principle.lightest-track"
DRIETRAP = "utrecht.principle.residential-order"
"""The ids of the principles :func:`check_solution` applies (their rules are in the model files)."""


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


def rotation_needed(case: Case) -> bool:
    """The larger providers of additional care are needed when the case asks for additional
    care (spoor 3) or the plan shows alternatives to residential care that are unavailable
    (seed 000, step 3: the larger providers take part through a rotation). Here rather than in
    :mod:`escalatie_utrecht.participants`, which triage does not import (issue 16)."""
    asks_additional = any(
        TRACK_OF.get(r.kind) is Track.ADDITIONAL_CARE for r in case.requested_care
    )
    return asks_additional or Obstacle.RESIDENTIAL_ALTERNATIVE_UNAVAILABLE in case.obstacles


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
    if Track.BASIC_CARE in tracks | in_place:
        # Seed 003, "het Utrechtse model met drie sporen": buurtteams (and the GPs they work
        # with on spoor 2) "kunnen … snel schakelen met aanbieders van aanvullende zorg … of –
        # zo nodig – naar hen te verwijzen"; going through spoor 1 first is no condition.
        return []
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


def requested_skips_track(case: Case) -> bool:
    """The requested care skips a lighter track that is not yet in place and no spoor 2 party
    (buurtteam, GP) is involved, who may refer to additional care directly (seed 003)."""
    return bool(_lighter_tracks_missing(case, _requested(case)))


def requested_skips_drietrap(case: Case) -> bool:
    """The requested residential care skips a lighter rung of the drietrap (seed 003)."""
    return bool(_drietrap_skipped(case, _requested(case)))


def requested_leaves_question(case: Case) -> bool:
    """Care is requested and some life domain of the question gets no answer from it."""
    return bool(case.requested_care) and bool(_unanswered_domains(case, _requested(case)))


CONSULTATIONS = (
    StepKind.ASK_CONSULT,
    StepKind.TELEPHONE_CONSULT,
    StepKind.PARTICIPATING_CONSULT,
    StepKind.HOME_VISIT,
)
"""The ways of letting professionals think along before a table (seed 000, stap 1)."""


def consultation_tracks(case: Case) -> set[Track]:
    """The tracks of the professionals who thought along in a consultation.

    A consultation's ``by`` counts for a track when it names a party of the case (its track by
    :func:`track_of_party`) or a buurtteam (spoor 2); other names count for none. This reading
    of ``by`` is the library's, not the seed's.
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


def consultation_mix_missing(case: Case) -> bool:
    """The consultations do not show both the social base and the additional care (seed 000,
    stap 1: "zowel vanuit de sociale basis als de aanvullende zorg")."""
    return not {Track.SOCIAL_BASE, Track.ADDITIONAL_CARE} <= consultation_tracks(case)


def _principles(model: EscalationModel | None) -> dict[str, Rule]:
    """The model's rules by id (the principles among them), from its ladder and principles."""
    if model is None:
        from escalatie.api import get_model

        model = get_model("utrecht-maatwerktafel")
    found: dict[str, Rule] = {}
    for step in model.ladder:
        for rule in (*step.entry, *step.conditions, *step.prerequisites, *step.checks):
            found.setdefault(rule.id, rule)
    for rule in model.principles:
        found.setdefault(rule.id, rule)
    return found


def check_solution(
    case: Case, proposed: Iterable[CareKind], model: EscalationModel | None = None
) -> list[Finding]:
    """Findings for a proposed solution against the leading principles; empty when it fits.

    ``proposed`` is the help the solution consists of or weighed (for residential care, every
    rung of the drietrap that was weighed). A track counts as in place when a currently
    involved party works on it (:func:`track_of_party`: a buurtteam is spoor 2); the first
    rung of the drietrap also counts when the case records that all ambulant alternatives were
    considered. Each finding cites the rule of ``model`` (default: the installed
    ``utrecht-maatwerktafel``), so its text and seed are the model file's.
    """
    from escalatie_utrecht.findings import Finding

    rules = _principles(model)

    def finding(rule_id: str, detail: str) -> Finding:
        rule = rules[rule_id]
        return Finding(rule.id, f"{rule.text} {detail}", rule.source.cite())

    kinds = [CareKind(k) for k in proposed]
    findings: list[Finding] = []
    unanswered = _unanswered_domains(case, kinds)
    if unanswered:
        findings.append(
            finding(QUESTION_LEADS, "Unanswered: " + ", ".join(d.value for d in unanswered) + ".")
        )
    if case.safety.level is not SafetyLevel.NONE:
        findings.append(finding(SAFETY_PRINCIPLE, f"Safety signal: {case.safety.level.value}."))
    skipped = _lighter_tracks_missing(case, kinds)
    if skipped:
        findings.append(
            finding(
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
            finding(DRIETRAP, "Not weighed: " + ", ".join(names[r] for r in rungs) + ".")
        )
    return findings


def __getattr__(name: str) -> Any:
    """:class:`Finding`, still importable from here, is defined in
    :mod:`escalatie_utrecht.findings`: a triage runs this module's predicates, not
    :func:`check_solution`, and does not define the class (issue 16)."""
    if name == "Finding":
        from escalatie_utrecht.findings import Finding

        return Finding
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
