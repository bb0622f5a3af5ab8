"""A forum that is not a table is asked "Vraag voor het overleg" everywhere, as invitations
already word it: in the agenda when a plugin's agenda hook gives no text for a case, and in
the register's shared plan (policy review; "de tafel" is seed 000's maatwerktafel)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from escalatie.calendar.agenda import agenda, case_block
from escalatie.clock import AMSTERDAM
from escalatie.forum import ForumKind, ForumNoun, InvitationWording
from escalatie.model import EscalationModel
from escalatie.register.state import CaseState
from escalatie.register.views import _asked
from escalatie.schedule import Slot
from escalatie.testing.synthetic import synthetic_model

START = datetime(2026, 3, 9, 9, 15, tzinfo=AMSTERDAM)
SLOT = Slot("overleg", START, datetime(2026, 3, 9, 11, 15, tzinfo=AMSTERDAM))


def test_agenda_hook_without_text_falls_back_to_the_forums_wording(
    model: EscalationModel, make_case: Any
) -> None:
    forum = attrs.evolve(model.forums[0], kind=ForumKind.COMMISSION)
    text = agenda(forum, SLOT, [make_case("c-1")], block=lambda case: None)
    assert "Vraag voor het overleg:\n" in text and "Vraag aan de tafel" not in text
    table = agenda(model.forums[0], SLOT, [make_case("c-1")], block=lambda case: None)
    assert "Vraag aan de tafel:\n" in table
    own = agenda(forum, SLOT, [make_case("c-1")], block=lambda case: "Eigen tekst")
    assert "Eigen tekst" in own and "Vraag" not in own.split("Eigen tekst")[1]


def test_shared_plan_asks_by_the_cases_forum() -> None:
    def state(model: str | None, forum: str | None) -> CaseState:
        return CaseState("c-1", START, {}, model=model, forum=forum)

    assert _asked(state("utrecht-maatwerktafel", "maatwerktafel")) == "Vraag aan de tafel"
    assert _asked(state("helmond-trajectregie", "ronde-tafel")) == "Vraag aan de tafel"
    assert _asked(state("groningen-3d", "expertpool")) == "Vraag voor het overleg"
    assert _asked(state("utrecht-passend-alternatief", "commissie-passend-alternatief")) == (
        "Vraag aan de commissie"  # [forums.invitation] noun (seed 001)
    )
    assert _asked(state("utrecht-citydeal", "citydeal")) == "Vraag voor het overleg"
    assert _asked(state(None, None)) == "Vraag voor het overleg"
    assert _asked(state("no-such-model", "x")) == "Vraag voor het overleg"


def test_the_agenda_asks_as_the_forum_says(make_case: Any) -> None:
    """The Dutch texts read naturally for each noun, and carry no plan where none is asked."""
    table = synthetic_model("synthetic-tafel").forums[0]
    assert table.kind == ForumKind.TABLE and table.noun is ForumNoun.TABLE
    case = make_case("c-1")
    assert "Vraag aan de tafel:\n" in case_block(case, table)
    # A forum whose source is silent on the plan gets the question only (AVG art. 5(1)(c));
    # the plan goes only where the model says its source asks for it (seed 000, stap 3).
    assert table.invitation.asks_for_plan is None
    assert "plan" not in case_block(case, table).lower()
    planned = attrs.evolve(table, invitation=InvitationWording(asks_for_plan=True))
    assert "Geanonimiseerd plan:\n" in case_block(case, planned)

    overleg = attrs.evolve(
        table, invitation=InvitationWording(asks_for_plan=False, noun=ForumNoun.MEETING)
    )
    block = case_block(case, overleg)
    assert block.startswith("Kenmerk: ") and "Vraag voor het overleg:\n" in block
    assert "plan" not in block.lower()
    text = agenda(overleg, SLOT, [case, make_case("c-2")], shown={case.reference})
    assert (
        "Hieronder vindt u, van de casus waarvoor u bent uitgenodigd, de vraag voor het overleg,"
        " zodat u vooraf kunt nadenken over uw inbreng." in text
    )
    # policy review: "de vraag voor het overleg van de casus" read as "the meeting of the case"
    alone = agenda(overleg, SLOT, [case])
    assert (
        "Hieronder vindt u de vraag van de casus voor het overleg, zodat u vooraf kunt nadenken"
        " over uw inbreng." in alone
    )
    assert "voor het overleg van de casus" not in alone + text
    assert "De vraag van een casus ontvangen alleen de deelnemers die voor die casus" in text
    assert "geanonimiseerde" not in text

    commissie = attrs.evolve(
        table,
        invitation=InvitationWording(asks_for_plan=False, noun=ForumNoun.COMMISSION),
        mandate_required=True,
    )
    text = agenda(commissie, SLOT, [case, make_case("c-2")])
    assert "Vraag aan de commissie:\n" in text
    assert "Hieronder vindt u per casus de vraag aan de commissie, zodat u vooraf" in text
    assert "over de oplossingen die in de commissie worden bedacht" in text
