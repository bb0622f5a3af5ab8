"""The maatwerktafel model: each rule of seed 000 fires where it should and not otherwise."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from escalatie.case import (
    CareKind,
    CareRequest,
    Case,
    Obstacle,
    PartyRole,
    PriorStep,
    SafetyLevel,
    SafetySignal,
    StepKind,
    Submitter,
    SubmitterRole,
)
from escalatie.model import EscalationModel
from escalatie.plugins import Registry
from escalatie.triage import RouteType, TriageResult, triage
from escalatie_utrecht import maatwerktafel as mt

CaseFactory = Callable[..., Case]


@pytest.fixture
def model(registry: Registry) -> EscalationModel:
    return registry.model("utrecht-maatwerktafel")


def run(registry: Registry, model: EscalationModel, case: Case, at: datetime) -> TriageResult:
    return triage(registry, model, case, at)


def ids(reasons: tuple[object, ...]) -> set[str]:
    return {r.rule for r in reasons}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("obstacle", "rule"),
    [
        (Obstacle.SUPPLY_UNAVAILABLE, mt.OTHER_HELP_NEEDED.id),
        (Obstacle.RESIDENTIAL_ALTERNATIVE_UNAVAILABLE, mt.RESIDENTIAL_ALTERNATIVE.id),
        (Obstacle.COMMISSIONER_NEEDED, mt.COMMISSIONER.id),
    ],
)
def test_each_suitability_criterion_opens_the_table(
    registry: Registry,
    model: EscalationModel,
    ready_case: CaseFactory,
    monday_morning: datetime,
    obstacle: Obstacle,
    rule: str,
) -> None:
    result = run(registry, model, ready_case(obstacles=(obstacle,)), monday_morning)
    assert result.route == "maatwerktafel"
    assert result.ready
    assert rule in ids(result.reasons)
    assert {r.id for r in mt.ENTRY} - {rule} & ids(result.reasons) == set()
    assert result.next_meeting == datetime.fromisoformat("2026-03-09T09:15:00+01:00")


def test_no_criterion_means_no_table(
    registry: Registry, model: EscalationModel, ready_case: CaseFactory, monday_morning: datetime
) -> None:
    result = run(registry, model, ready_case(obstacles=(Obstacle.WAITING_LIST,)), monday_morning)
    assert result.route_type is RouteType.NONE
    assert not result.eligible
    assert {r.id for r in mt.ENTRY} <= ids(result.not_met)


@pytest.mark.parametrize(
    ("age", "eligible"), [(0, True), (17, True), (19, True), (23, True), (24, False)]
)
def test_ages_up_to_23_are_eligible(
    registry: Registry,
    model: EscalationModel,
    ready_case: CaseFactory,
    monday_morning: datetime,
    age: int,
    eligible: bool,
) -> None:
    case = ready_case(age=age, obstacles=(Obstacle.SUPPLY_UNAVAILABLE,))
    result = run(registry, model, case, monday_morning)
    assert (result.route == "maatwerktafel") is eligible
    if not eligible:
        assert mt.AGE.id in ids(result.not_met)


def test_prerequisites_list_what_was_not_done(
    registry: Registry, model: EscalationModel, ready_case: CaseFactory, monday_morning: datetime
) -> None:
    bare = ready_case(
        obstacles=(Obstacle.SUPPLY_UNAVAILABLE,), prior_steps=(), plan="", perspective=""
    )
    result = run(registry, model, bare, monday_morning)
    assert result.eligible and not result.ready
    assert ids(result.missing) == {
        mt.CONSULTED.id,
        mt.PLAN.id,
        mt.PERSPECTIVE.id,
        mt.AANSPREEKPUNT.id,
    }


def test_one_expertise_is_not_enough_and_what_was_tried_must_be_recorded(
    ready_case: CaseFactory, monday_morning: datetime
) -> None:
    one = ready_case(prior_steps=(PriorStep(StepKind.ASK_CONSULT, "ASK", "consult"),))
    assert not mt.CONSULTED.holds(one, monday_morning)
    untold = ready_case(
        prior_steps=(
            PriorStep(StepKind.ASK_CONSULT, "ASK", "consult"),
            PriorStep(StepKind.TELEPHONE_CONSULT, "GGZ", ""),
        )
    )
    assert not mt.CONSULTED.holds(untold, monday_morning)
    assert mt.CONSULTED.holds(ready_case(), monday_morning)


def test_residential_request_without_ambulant_alternatives(
    registry: Registry, model: EscalationModel, ready_case: CaseFactory, monday_morning: datetime
) -> None:
    case = ready_case(
        obstacles=(Obstacle.SUPPLY_UNAVAILABLE,),
        requested_care=(CareRequest(CareKind.RESIDENTIAL),),
    )
    result = run(registry, model, case, monday_morning)
    assert mt.INFLOW_CHECK.id in ids(result.actions)
    assert mt.AMBULANT_CONSIDERED.id in ids(result.missing)
    considered = run(
        registry,
        model,
        ready_case(
            obstacles=(Obstacle.SUPPLY_UNAVAILABLE,),
            requested_care=(CareRequest(CareKind.RESIDENTIAL),),
            ambulant_alternatives_considered=True,
        ),
        monday_morning,
    )
    assert mt.INFLOW_CHECK.id in ids(considered.actions)  # the aanspreekpunt is always contacted
    assert mt.AMBULANT_CONSIDERED.id not in ids(considered.missing)


def test_residential_request_reaches_the_aanspreekpunt_even_without_a_table_question(
    registry: Registry, model: EscalationModel, ready_case: CaseFactory, monday_morning: datetime
) -> None:
    case = ready_case(requested_care=(CareRequest(CareKind.RESIDENTIAL),))
    result = run(registry, model, case, monday_morning)
    assert result.route == "verblijfstoets"
    assert mt.AMBULANT_CONSIDERED.id in ids(result.missing)
    assert result.next_meeting is None


def test_no_residential_request_no_inflow_check(
    registry: Registry, model: EscalationModel, ready_case: CaseFactory, monday_morning: datetime
) -> None:
    case = ready_case(
        obstacles=(Obstacle.SUPPLY_UNAVAILABLE,),
        requested_care=(CareRequest(CareKind.BASIC_CARE),),
    )
    result = run(registry, model, case, monday_morning)
    assert mt.INFLOW_CHECK.id not in ids(result.actions)
    assert mt.AMBULANT_CONSIDERED.id not in ids(result.missing)


def test_consent_check_fires_only_with_currently_involved_parties(
    ready_case: CaseFactory, monday_morning: datetime
) -> None:
    assert mt.CONSENT.holds(ready_case(), monday_morning)
    assert not mt.CONSENT.holds(ready_case(parties=()), monday_morning)


def test_rotation_notice_when_no_additional_care_is_asked(
    ready_case: CaseFactory, monday_morning: datetime
) -> None:
    assert mt.ROTATION_NOTICE.holds(ready_case(), monday_morning)
    specialist = ready_case(requested_care=(CareRequest(CareKind.SPECIALIST_YOUTH_CARE),))
    assert not mt.ROTATION_NOTICE.holds(specialist, monday_morning)


def test_process_steps_are_always_listed_as_actions(
    registry: Registry, model: EscalationModel, ready_case: CaseFactory, monday_morning: datetime
) -> None:
    result = run(
        registry, model, ready_case(obstacles=(Obstacle.COMMISSIONER_NEEDED,)), monday_morning
    )
    assert {mt.INVITATION.id, mt.MANDATE.id, mt.AGREEMENTS.id, mt.ALIGNMENT.id} <= ids(
        result.actions
    )


def test_acute_safety_goes_to_veilig_thuis_not_the_table(
    registry: Registry, model: EscalationModel, ready_case: CaseFactory, monday_morning: datetime
) -> None:
    case = ready_case(
        obstacles=(Obstacle.SUPPLY_UNAVAILABLE,), safety=SafetySignal(SafetyLevel.ACUTE)
    )
    result = run(registry, model, case, monday_morning)
    assert result.route == "veilig-thuis"


def test_forum_structure_follows_seed_000(model: EscalationModel) -> None:
    forum = model.forum("maatwerktafel")
    assert forum.mandate_required
    assert forum.participants.family_at_table and forum.participants.key_support_figure
    assert forum.participants.currently_involved_expected
    assert forum.participants.check_need_per_case and forum.participants.notify_not_needed
    assert set(forum.participants.invited_roles) == {
        PartyRole.SOCIAL_BASE,
        PartyRole.EDUCATION,
        PartyRole.BASIC_CARE,
        PartyRole.ADDITIONAL_CARE_YOUTH,
        PartyRole.ADDITIONAL_CARE_WMO,
    }
    assert len(forum.participants.rotation_pool) >= 3
    assert forum.cadence.cancellation_notice_days == 2
    assert forum.cadence.other_moments_by_agreement
    assert forum.organiser.address == "maatwerktafel@utrecht.example"
    assert {c.organisation.split(" ")[0] for c in model.contact_points} == {
        "Lokalis",
        "Huisartsen",
        "JGZ",
        "SAVE",
    }
    assert all(c.per_organisation for c in model.contact_points)
    assert {lo.kind for lo in model.learning} >= {"leerlijnen", "inzichten verzamelen"}


def test_contact_points_carry_no_personal_details(model: EscalationModel) -> None:
    text = repr(model.contact_points) + repr(model.forums)
    for fragment in (
        "06-",
        "030-",
        "buurtteamsutrecht.nl",
        "samen-veilig.nl",
        "utrecht.nl",
        "deneckar",
    ):
        assert fragment not in text


@pytest.mark.parametrize(
    ("role", "key"),
    [
        (SubmitterRole.DISTRICT_TEAM, "aanspreekpunt-lokalis"),
        (SubmitterRole.GENERAL_PRACTITIONER, "aanspreekpunt-huisartsen"),
        (SubmitterRole.YOUTH_HEALTH_CARE, "aanspreekpunt-jgz"),
        (SubmitterRole.YOUTH_PROTECTION, "aanspreekpunt-save"),
    ],
)
def test_the_submitter_reaches_the_aanspreekpunt_of_their_organisation(
    ready_case: CaseFactory, role: SubmitterRole, key: str
) -> None:
    assert mt.aanspreekpunt_for(ready_case(submitter=Submitter(role))).key == key
