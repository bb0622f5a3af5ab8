"""Who is invited to a maatwerktafel, the rotation of the larger providers, the agenda text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from escalatie.case import (
    CareKind,
    CareRequest,
    Case,
    Identity,
    Obstacle,
    Party,
    PartyRole,
    PriorStep,
    StepKind,
)
from escalatie.cli import cli
from escalatie.clock import AMSTERDAM
from escalatie.documents import dump_json
from escalatie.errors import EscalatieError
from escalatie.forum import Forum
from escalatie.plugins import Registry, using_registry
from escalatie.schedule import slots
from escalatie.settings import _load
from escalatie_utrecht.participants import (
    agenda_text,
    meeting_index,
    participants_for,
    rotation_pick,
)

CaseFactory = Callable[..., Case]


@pytest.fixture
def forum(registry: Registry) -> Forum:
    return registry.model("utrecht-maatwerktafel").forum("maatwerktafel")


def test_family_currently_involved_and_possible_roles(
    ready_case: CaseFactory, forum: Forum
) -> None:
    case = ready_case(
        parties=(
            Party("het gezin", PartyRole.FAMILY),
            Party("steunfiguur", PartyRole.KEY_SUPPORT_FIGURE),
            Party("Lokalis", PartyRole.BASIC_CARE, currently_involved=True),
            Party("Sportclub Zuilen", PartyRole.SOCIAL_BASE),
            Party("Woningcorporatie Vecht", PartyRole.HOUSING_CORPORATION),
        )
    )
    out = participants_for(case, forum, 0)
    by_name = {i.name: i for i in out.invited}
    assert by_name["het gezin"].expected
    assert not by_name["belangrijke steunfiguur van het gezin"].expected
    assert by_name["Lokalis"].expected
    assert not by_name["Sportclub Zuilen"].expected
    assert "Woningcorporatie Vecht" not in by_name  # not involved and not an invited role
    assert "steunfiguur" not in by_name
    assert PartyRole.EDUCATION in out.open_roles
    assert PartyRole.BASIC_CARE not in out.open_roles
    assert "het gezin" not in out.organisations


def test_rotation_providers_not_needed_are_told(ready_case: CaseFactory, forum: Forum) -> None:
    out = participants_for(ready_case(), forum, 0)
    assert out.rotation == ()
    assert out.not_needed == rotation_pick(forum.participants.rotation_pool, 0)
    assert len(out.not_needed) == 2


def test_rotation_providers_invited_when_additional_care_is_asked(
    ready_case: CaseFactory, forum: Forum
) -> None:
    case = ready_case(requested_care=(CareRequest(CareKind.SPECIALIST_YOUTH_CARE),))
    first, second = participants_for(case, forum, 0), participants_for(case, forum, 1)
    assert first.not_needed == () and len(first.rotation) == 2
    assert set(first.rotation).isdisjoint(second.rotation)
    assert set(first.rotation) <= set(first.organisations)


def test_a_currently_involved_rotation_provider_is_invited_once(
    ready_case: CaseFactory, forum: Forum
) -> None:
    pool = forum.participants.rotation_pool
    case = ready_case(
        parties=(Party(pool[0], PartyRole.ADDITIONAL_CARE_YOUTH, currently_involved=True),),
        requested_care=(CareRequest(CareKind.RESIDENTIAL),),
    )
    out = participants_for(case, forum, 0)
    assert pool[0] not in out.rotation
    assert out.organisations.count(pool[0]) == 1


def test_every_provider_takes_its_turn() -> None:
    pool = ("A", "B", "C", "D", "E")
    seen = [name for i in range(5) for name in rotation_pick(pool, i)]
    assert set(seen) == set(pool)
    assert rotation_pick(pool, 0) == ("A", "B") and rotation_pick(pool, 2) == ("E", "A")
    with pytest.raises(EscalatieError, match="meeting_index: expected 0 or more"):
        rotation_pick(pool, -1)


def test_meeting_index_counts_the_tables_of_both_series(forum: Forum) -> None:
    found = slots(
        forum.cadence,
        datetime(2026, 1, 1, tzinfo=AMSTERDAM),
        datetime(2026, 3, 1, tzinfo=AMSTERDAM),
    )
    assert [meeting_index(forum.cadence, s.start) for s in found] == list(range(len(found)))
    with pytest.raises(EscalatieError, match="2026-01-06 is not a date"):
        meeting_index(forum.cadence, datetime(2026, 1, 6, 9, 15, tzinfo=AMSTERDAM))


def test_agenda_is_dutch_and_carries_only_the_anonymised_plan_and_question(
    ready_case: CaseFactory,
) -> None:
    case = ready_case(
        question="Hoe kan Noor Jansen thuis blijven wonen?",
        plan="Plan met moeder, bereikbaar op 06-12345678; zie noor@example.org.",
        perspective="Perspectief met details die niet in de uitnodiging horen.",
        identity=Identity(
            name="Noor Jansen",
            bsn="111222333",
            address="Voorbeeldstraat 1",
            phone="06-12345678",
            email="noor@example.org",
        ),
    )
    text = agenda_text(case)
    assert text.startswith("Kenmerk: UTR-2026-001")
    assert "Vraag aan de maatwerktafel:" in text and "Geanonimiseerd plan:" in text
    for secret in (
        "Noor Jansen",
        "111222333",
        "Voorbeeldstraat",
        "06-12345678",
        "noor@example.org",
    ):
        assert secret not in text
    assert "Perspectief" not in text and "Terug naar school" not in text


def test_no_invitation_without_a_plan(ready_case: CaseFactory) -> None:
    with pytest.raises(EscalatieError, match="plan: expected the anonymised plan"):
        agenda_text(ready_case(plan=""))


def test_only_the_maatwerktafel_invitation_requires_the_plan(
    registry: Registry,
    ready_case: CaseFactory,
    tmp_path: Path,
    write_config: Callable[[str], Path],
) -> None:
    """Policy review: seed 000 stap 3 has the maatwerktafel invited with the anonymised plan;
    seed 001 never mentions a plan for the City Deal overleg or the Commission, so their
    invitations carry the core's agenda text, which for them (``[forums.invitation]
    asks_for_plan`` left out: not stated, policy review finding 8) carries the question for
    "het overleg" and no plan, and a case without a plan can be invited."""
    write_config('[calendar.organisers]\ncitydeal = "citydeal@utrecht.example"\n')
    _load.cache_clear()  # the settings file is read once per path and process
    planless = ready_case(plan="", obstacles=(Obstacle.LAWS_AND_REGULATIONS,))
    table = registry.model("utrecht-maatwerktafel")
    with pytest.raises(EscalatieError, match="plan: expected the anonymised plan"):
        registry.hooks.agenda_text(table, planless)
    for name in ("utrecht-citydeal", "utrecht-passend-alternatief"):
        assert registry.hooks.agenda_text(registry.model(name), planless) is None
    path = tmp_path / "casus.json"
    path.write_text(dump_json(planless), encoding="utf-8")
    with using_registry(registry):
        args = ["-m", "utrecht-citydeal", "invite", "--slot", "2026-01-14T14:00", str(path)]
        copies = tmp_path / "copies"
        result = CliRunner().invoke(
            cli, [*args, "--at", "2026-01-05T09:00", "--copies", str(copies)]
        )
    assert result.exit_code == 0, result.output
    own = sorted(copies.glob("*.ics"))  # each attendee's own copy carries the case's question
    assert own
    for file in own:
        unfolded = file.read_text(encoding="utf-8").replace("\n ", "")  # read: CRLF is LF
        assert "BEGIN:VEVENT" in unfolded and "Vraag voor het overleg:" in unfolded
        assert "plan" not in unfolded.split("DESCRIPTION:", 1)[1].split("\nSUMMARY", 1)[0]


def test_a_party_that_thought_along_on_the_plan_is_expected(
    ready_case: CaseFactory, forum: Forum
) -> None:
    """Seed 000 stap 3: "De partijen die al hebben meegedacht op het plan worden verwacht om
    aanwezig te zijn", so they are invited also when no longer involved."""
    case = ready_case(
        prior_steps=(
            *ready_case().prior_steps,
            PriorStep(StepKind.PARTICIPATING_CONSULT, "jeugdhulp avondzorg ", "meedenkconsult"),
            PriorStep(StepKind.HOME_VISIT, "Woningcorporatie Vecht", "samen op huisbezoek"),
            PriorStep(StepKind.OTHER, "Sportclub Zuilen", "gebeld"),  # not a consultation
        ),
        parties=(
            Party("Jeugdhulp Avondzorg", PartyRole.ADDITIONAL_CARE_YOUTH),
            Party("Woningcorporatie Vecht", PartyRole.HOUSING_CORPORATION),
            Party("Sportclub Zuilen", PartyRole.SOCIAL_BASE),
        ),
    )
    out = participants_for(case, forum, 0)
    by_name = {i.name: i for i in out.invited}
    assert by_name["Jeugdhulp Avondzorg"].expected
    assert by_name["Jeugdhulp Avondzorg"].reason == "heeft meegedacht: verwacht"
    assert by_name["Woningcorporatie Vecht"].expected  # expected whatever its role
    assert not by_name["Sportclub Zuilen"].expected
    required = {i.organisation: i.required for i in out.invitation().invited}
    assert required["Jeugdhulp Avondzorg"] and required["Woningcorporatie Vecht"]
    assert not required["Sportclub Zuilen"]
