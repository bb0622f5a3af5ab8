"""A name's parts joined by an underscore or digits, run together, or with the tussenvoegsel
joined to the surname are scrubbed (attacker review, finding 2); a letter still joins a part to
a longer word, which stays."""

from __future__ import annotations

from typing import Any

import pytest

from escalatie.case import Case, Identity
from escalatie.documents import structure
from escalatie.privacy import REDACTED, contains, identifier_pattern, pseudonymise, scrub

SANNE = Identity(name="Sanne de Vries")
DOUBLE = Identity(name="Sanne van Qorvath-Wyndrel")


@pytest.mark.parametrize(
    ("identity", "text"),
    [
        (SANNE, "Zie Sanne_de_Vries_plan.pdf"),
        (SANNE, "mail sanne_devries2014@school.example"),
        (SANNE, "map DeVries_Sanne"),
        (SANNE, "account Sanne2014"),
        (SANNE, "2014sanne"),
        (SANNE, "devries"),
        (SANNE, "de_vries"),
        (SANNE, "SanneVries"),
        (DOUBLE, "QorvathWyndrel"),
        (DOUBLE, "Qorvath\u00adWyndrel"),
        (DOUBLE, "Sanne\u200bQorvath"),
        (DOUBLE, "Sanne\\_van\\_Qorvath"),
        (DOUBLE, "vanqorvath"),
        (DOUBLE, "Qorvath_Wyndrel"),
    ],
)
def test_joined_spellings_are_scrubbed(identity: Identity, text: str) -> None:
    pattern = identifier_pattern(identity)
    assert contains(text, pattern)
    scrubbed = scrub(text, pattern)
    assert REDACTED in scrubbed
    for word in ("sanne", "vries", "qorvath", "wyndrel"):
        assert word not in scrubbed.casefold().replace("\u00ad", "").replace("\u200b", "")


@pytest.mark.parametrize(
    "text", ["Sanneke", "materiaal", "Vriesland", "de Vriesland", "vriesdrogen", "devriesje"]
)
def test_a_letter_still_makes_a_longer_word(text: str) -> None:
    assert not contains(text, identifier_pattern(SANNE))


def test_a_name_of_hex_letters_leaves_a_pseudonymous_reference_alone(
    case_data: dict[str, Any],
) -> None:
    """``Abe`` between digits is a word of its own, but a pseudonym (hex) names no one."""
    data = {**case_data, "reference": "casus-12abe3456789", "identity": {"name": "Abe Qorvath"}}
    data["question"] = "Abe wil thuis wonen"
    case = structure(data, Case)
    assert case.identity is not None
    assert pseudonymise(case).reference == "casus-12abe3456789"
    assert scrub("account Abe2014", identifier_pattern(case.identity)) == f"account {REDACTED}2014"
