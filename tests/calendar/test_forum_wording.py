"""A forum that is not a table is asked "Vraag voor het overleg" everywhere, as invitations
already word it: in the agenda when a plugin's agenda hook gives no text for a case, and in
the register's shared plan (policy review; "de tafel" is seed 000's maatwerktafel)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from escalatie.calendar.agenda import agenda
from escalatie.clock import AMSTERDAM
from escalatie.forum import ForumKind
from escalatie.model import EscalationModel
from escalatie.register.state import CaseState
from escalatie.register.views import _asked
from escalatie.schedule import Slot

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
        "Vraag voor het overleg"
    )
    assert _asked(state(None, None)) == "Vraag voor het overleg"
    assert _asked(state("no-such-model", "x")) == "Vraag voor het overleg"
