"""check_solution and the leading principles of seed 003, directly and through triage."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from escalatie.case import (
    CareKind,
    CareRequest,
    Case,
    DomainQuestion,
    LifeDomainKind,
    Obstacle,
    Party,
    PartyRole,
    SafetyLevel,
    SafetySignal,
    Submitter,
    SubmitterRole,
)
from escalatie.plugins import Registry
from escalatie.triaging import triage
from escalatie_utrecht.principles import (
    DRIETRAP,
    LIGHTEST_TRACK,
    QUESTION_LEADS,
    SAFETY_PRINCIPLE,
    Track,
    check_solution,
    submitted_by_buurtteam,
    track_of_party,
)

CaseFactory = Callable[..., Case]
K = CareKind


def rules(case: Case, proposed: list[CareKind]) -> set[str]:
    return {f.rule for f in check_solution(case, proposed)}


def test_a_fitting_proposal_has_no_findings(ready_case: CaseFactory) -> None:
    case = ready_case()  # basic care and school already in place; care and education asked
    assert check_solution(case, [K.EDUCATION_SUPPORT, K.AMBULANT]) == []


def test_skipping_a_lighter_track_is_flagged(ready_case: CaseFactory) -> None:
    nobody = ready_case(
        parties=(),
        domains=(DomainQuestion(LifeDomainKind.CARE, "hulp"),),
        submitter=Submitter(SubmitterRole.YOUTH_PROTECTION, "SAVE"),
    )
    findings = check_solution(nobody, [K.SPECIALIST_YOUTH_CARE])
    assert [f.rule for f in findings] == [LIGHTEST_TRACK]
    assert findings[0].text.endswith("Skipped: spoor 1, spoor 2.")
    assert findings[0].source == "seed 003, het Utrechtse model met drie sporen"
    assert check_solution(nobody, [K.SOCIAL_BASE, K.BASIC_CARE, K.SPECIALIST_YOUTH_CARE]) == []
    with_buurtteam = ready_case(
        parties=(Party("Lokalis", PartyRole.BASIC_CARE, currently_involved=True),),
        domains=(DomainQuestion(LifeDomainKind.CARE, "hulp"),),
    )
    # seed 003: a buurtteam (spoor 2) may refer to additional care directly
    assert check_solution(with_buurtteam, [K.SPECIALIST_YOUTH_CARE]) == []


def test_spoor_2_involved_means_no_lighter_track_finding(ready_case: CaseFactory) -> None:
    """Policy review, seed 003 ("het Utrechtse model met drie sporen"): the buurtteam and the GP
    on spoor 2 "kunnen … snel schakelen met aanbieders van aanvullende zorg … of – zo nodig –
    naar hen te verwijzen"; the lightest track is an ambition, not a condition."""
    care = (DomainQuestion(LifeDomainKind.CARE, "hulp"),)
    gp = Party("Huisartsenpraktijk Oost", PartyRole.GENERAL_PRACTITIONER, currently_involved=True)
    assert check_solution(ready_case(parties=(gp,), domains=care), [K.AMBULANT]) == []
    nobody = ready_case(parties=(), domains=care, submitter=Submitter(SubmitterRole.POLICE))
    assert check_solution(nobody, [K.BASIC_CARE, K.AMBULANT]) == []
    assert [f.rule for f in check_solution(nobody, [K.AMBULANT])] == [LIGHTEST_TRACK]
    former = Party("Huisartsenpraktijk Oost", PartyRole.GENERAL_PRACTITIONER)
    assert [
        f.rule
        for f in check_solution(
            ready_case(parties=(former,), domains=care, submitter=nobody.submitter), [K.AMBULANT]
        )
    ] == [LIGHTEST_TRACK]


def test_a_buurtteam_is_spoor_2_whatever_role_it_was_recorded_with(
    ready_case: CaseFactory,
) -> None:
    """Review finding 6, seed 003: "in spoor twee werken huisartsen en buurtteams samen"."""
    care = (DomainQuestion(LifeDomainKind.CARE, "hulp"),)
    for name in ("Buurtteam Zuilen", "Sociaal wijkteam Noord", "Lokalis"):
        party = Party(name, PartyRole.SOCIAL_BASE, currently_involved=True)
        assert track_of_party(party) is Track.BASIC_CARE
        case = ready_case(parties=(party,), domains=care)
        assert check_solution(case, [K.SPECIALIST_YOUTH_CARE]) == []  # spoor 2 is in place
    club = Party("Sportclub Zuilen", PartyRole.SOCIAL_BASE, currently_involved=True)
    assert track_of_party(club) is Track.SOCIAL_BASE
    assert track_of_party(Party("SAVE", PartyRole.YOUTH_PROTECTION)) is Track.ADDITIONAL_CARE
    assert track_of_party(Party("Woonstichting", PartyRole.HOUSING_CORPORATION)) is None
    both = ready_case(
        parties=(club, Party("Buurtteam Zuilen", PartyRole.SOCIAL_BASE, currently_involved=True)),
        domains=care,
    )
    assert check_solution(both, [K.SPECIALIST_YOUTH_CARE]) == []


def test_the_residential_order_is_flagged(ready_case: CaseFactory) -> None:
    case = ready_case(domains=(DomainQuestion(LifeDomainKind.CARE, "hulp"),))
    assert DRIETRAP in rules(case, [K.RESIDENTIAL])
    assert DRIETRAP not in rules(case, [K.AMBULANT, K.RESIDENTIAL])
    assert DRIETRAP not in rules(
        ready_case(
            domains=(DomainQuestion(LifeDomainKind.CARE, "hulp"),),
            ambulant_alternatives_considered=True,
        ),
        [K.RESIDENTIAL],
    )
    specialised = check_solution(case, [K.AMBULANT, K.RESIDENTIAL_SPECIALISED])
    assert [f.rule for f in specialised] == [DRIETRAP]
    assert "family-oriented stay nearby" in specialised[0].text
    assert check_solution(case, [K.AMBULANT, K.FOSTER_CARE, K.RESIDENTIAL_SPECIALISED]) == []


def test_the_family_question_leads(ready_case: CaseFactory) -> None:
    case = ready_case(
        domains=(
            DomainQuestion(LifeDomainKind.HOUSING, "een woning"),
            DomainQuestion(LifeDomainKind.CARE, "begeleiding"),
        )
    )
    findings = check_solution(case, [K.AMBULANT])
    assert [f.rule for f in findings] == [QUESTION_LEADS]
    assert "housing" in findings[0].text
    assert check_solution(case, [K.AMBULANT, K.HOUSING]) == []
    assert QUESTION_LEADS in rules(case, [])


def test_safety_is_the_lower_bound(ready_case: CaseFactory) -> None:
    case = ready_case(safety=SafetySignal(SafetyLevel.CONCERN, "zorgen"))
    assert SAFETY_PRINCIPLE in rules(case, [K.EDUCATION_SUPPORT, K.AMBULANT])
    assert SAFETY_PRINCIPLE not in rules(ready_case(), [K.EDUCATION_SUPPORT, K.AMBULANT])


def test_triage_reports_principle_findings_as_actions(
    registry: Registry, ready_case: CaseFactory, monday_morning: datetime
) -> None:
    model = registry.model("utrecht-maatwerktafel")
    skipping = ready_case(
        parties=(),
        obstacles=(Obstacle.RESIDENTIAL_ALTERNATIVE_UNAVAILABLE,),
        requested_care=(CareRequest(K.RESIDENTIAL_SPECIALISED),),
        ambulant_alternatives_considered=True,
        submitter=Submitter(SubmitterRole.YOUTH_PROTECTION, "SAVE"),
    )
    actions = {r.rule for r in triage(registry, model, skipping, monday_morning).actions}
    assert {LIGHTEST_TRACK, DRIETRAP, QUESTION_LEADS} <= actions
    fitting = ready_case(
        obstacles=(Obstacle.SUPPLY_UNAVAILABLE,),
        requested_care=(CareRequest(K.EDUCATION_SUPPORT), CareRequest(K.AMBULANT)),
    )
    actions = {r.rule for r in triage(registry, model, fitting, monday_morning).actions}
    assert actions.isdisjoint({LIGHTEST_TRACK, DRIETRAP, QUESTION_LEADS, SAFETY_PRINCIPLE})


def test_a_case_a_buurtteam_submits_is_already_on_spoor_2(ready_case: CaseFactory) -> None:
    """Seed 003, leidende principes: the lightest track is an ambition, not an entry rule; in
    spoor 2 buurtteams and GPs work together, so a buurtteam's case is on spoor 2 already."""
    care = (DomainQuestion(LifeDomainKind.CARE, "hulp"),)
    for submitter in (
        Submitter(SubmitterRole.DISTRICT_TEAM, "Lokalis"),
        Submitter(SubmitterRole.PROFESSIONAL, "Buurtteam Overvecht"),
    ):
        case = ready_case(parties=(), domains=care, submitter=submitter)
        assert submitted_by_buurtteam(case)
        assert check_solution(case, [K.SPECIALIST_YOUTH_CARE]) == []
    police = ready_case(parties=(), domains=care, submitter=Submitter(SubmitterRole.POLICE))
    assert not submitted_by_buurtteam(police)
