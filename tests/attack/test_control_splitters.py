"""Control characters that split an identifier (attacker review of 1a5abc1, finding 1): the
plan ``Test\\u0000kind, BSN 111\\u007f222\\u007f333`` passed the scrubber, and ``case share``
removed the controls after it, printing the name and the BSN whole. :func:`normalise` removes
control characters (Cc but tab, line feed and a CRLF's carriage return; Zl, Zp) as it removes
format characters, so the split identifier is found."""

from __future__ import annotations

from datetime import date

import pytest

from escalatie.case import Identity
from escalatie.privacy import REDACTED, find_identifier, identifier_pattern, normalise, scrub

IDENTITY = Identity(
    name="Testkind Voorbeeld",
    bsn="111222333",
    phone="0698765432",
    date_of_birth=date(2014, 9, 1),
)

NAME_SPLITTERS = [
    *map(chr, range(0x00, 0x09)), "\x0b", "\x0c", *map(chr, range(0x0E, 0x20)),
    *map(chr, range(0x7F, 0xA0)), "\u2028", "\u2029", "\r",
]  # fmt: skip
"""Every character that split the name past the scrubber (a lone carriage return too: the
terminal neutraliser removes it)."""

DIGIT_SPLITTERS = [*map(chr, range(0x00, 0x09)), "\x1b", "\x7f", "\x9b"]


@pytest.mark.parametrize("splitter", NAME_SPLITTERS, ids=lambda c: f"U+{ord(c):04X}")
def test_a_control_inside_the_name_is_found(splitter: str) -> None:
    text = f"Plan voor Test{splitter}kind en Voor{splitter}beeld."
    assert find_identifier(text, [IDENTITY]) == "name"
    scrubbed = scrub(text, identifier_pattern(IDENTITY))
    assert "kind" not in scrubbed and "beeld" not in scrubbed, repr(scrubbed)
    assert scrubbed.count(REDACTED) == 2


@pytest.mark.parametrize("splitter", DIGIT_SPLITTERS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize(
    ("typed", "field"),
    [("111{0}222{0}333", "bsn"), ("06{0}98765432", "phone"), ("2014{0}09{0}01", "date_of_birth")],
)
def test_a_control_inside_a_number_is_found(splitter: str, typed: str, field: str) -> None:
    text = "Zie " + typed.format(splitter) + "."
    assert find_identifier(text, [IDENTITY]) == field
    assert scrub(text, identifier_pattern(IDENTITY)) == f"Zie {REDACTED}."


def test_the_repro_of_the_review_is_scrubbed_whole() -> None:
    text = "Plan voor Test\u0000kind, BSN 111\u007f222\u007f333, tel 06\u001b98765432, geb 2014\u000809\u000801."
    assert scrub(text, identifier_pattern(IDENTITY)) == (
        f"Plan voor {REDACTED}, BSN {REDACTED}, tel {REDACTED}, geb {REDACTED}."
    )


def test_line_ends_and_tabs_stay_white_space() -> None:
    """A line feed, a tab and a CRLF line end are white space, as typed; ``normalise`` keeps
    them (a plan of several lines stays several lines once scrubbed)."""
    assert normalise("a\tb\nc\r\nd") == "a\tb\nc\r\nd"
    assert normalise("a\rb\x00c\u2028d\x85e") == "abcde"
    text = "Regel een\r\nTestkind\tVoorbeeld\nregel drie"
    assert scrub(text, identifier_pattern(IDENTITY)) == f"Regel een\r\n{REDACTED}\nregel drie"
