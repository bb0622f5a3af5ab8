"""The invitation's consent sentence follows the case's age (policy review; seed 000 stap 3
with the library's consent table in escalatie.consent: under 12 the parents, 12 to 15 both,
from 16 the young person)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from escalatie.calendar.agenda import agenda, consent_sentence
from escalatie.clock import AMSTERDAM
from escalatie.model import EscalationModel
from escalatie.schedule import Slot

START = datetime(2026, 3, 9, 9, 15, tzinfo=AMSTERDAM)
SLOT = Slot("tafel", START, datetime(2026, 3, 9, 11, 15, tzinfo=AMSTERDAM))
HEAD = "Aanvullende informatie wordt alleen gedeeld met toestemming"
BOTH = "volgens de regels die gelden voor een jongere van 12 tot en met 15 jaar"
"""12 to 15: the rules for the age, not the library's stricter reading (the young person and
the parents) stated as fact (policy review 9, finding 6: open for a lawyer, docs/privacy.md)."""


def aged(make_case: Any, reference: str, age: int) -> Any:
    return attrs.evolve(make_case(reference), age=age)


def test_one_age_band_names_whose_consent_it_is(make_case: Any) -> None:
    assert consent_sentence([aged(make_case, "c-1", 9)], SLOT) == (
        f"{HEAD} van de ouders met gezag of de voogd."
    )
    assert consent_sentence([aged(make_case, "c-1", 12), aged(make_case, "c-2", 15)], SLOT) == (
        f"{HEAD} {BOTH}."
    )
    assert consent_sentence([aged(make_case, "c-1", 16)], SLOT) == f"{HEAD} van de jongere."
    assert consent_sentence([aged(make_case, "c-1", 19)], SLOT) == f"{HEAD} van de jongere."


def test_mixed_ages_are_worded_per_case(make_case: Any) -> None:
    cases = [aged(make_case, "c-1", 8), aged(make_case, "c-2", 17)]
    assert consent_sentence(cases, SLOT) == (
        f"{HEAD}: voor c-1 van de ouders met gezag of de voogd; voor c-2 van de jongere."
    )


def test_age_counts_at_the_meeting(make_case: Any) -> None:
    """Eleven at a submission more than a year before the meeting is twelve by then."""
    case = attrs.evolve(
        aged(make_case, "c-1", 11), submitted_at=datetime(2025, 1, 6, 9, tzinfo=AMSTERDAM)
    )
    assert consent_sentence([case], SLOT) == f"{HEAD} {BOTH}."


def test_no_cases_yet_states_the_whole_table(model: EscalationModel) -> None:
    text = agenda(model.forums[0], SLOT, [])
    assert (
        f"{HEAD}: onder de 12 jaar van de ouders met gezag of de voogd; van 12 tot en met 15 "
        "jaar volgens de regels voor die leeftijd; vanaf 16 jaar van de jongere." in text
    )
    assert "en/of" not in text.split("Aanvullende")[1]
