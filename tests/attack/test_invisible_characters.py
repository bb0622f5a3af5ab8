"""Invisible format characters (attacker review of 1a5abc1, finding 2): the zero-width space,
word joiner, byte order mark, Mongolian vowel separator, a variation selector, the interlinear
annotation marks, the tag characters (an invisible copy of ASCII) and the musical formatting
marks passed every neutraliser, so a forum name holding them reached the e-mail's Subject, its
text part and the calendar file's SUMMARY. One list (``neutralise.controls.CONTROLS``) now holds
every format character and every other default-ignorable code point, as ``privacy.normalise``
removes them."""

from __future__ import annotations

import re
import unicodedata

import pytest

from escalatie.neutralise.calendar_text import calendar_file, calendar_text
from escalatie.neutralise.controls import CONTROLS, SHOWN_BUT_INVISIBLE, may_hold_controls
from escalatie.neutralise.document import plain_text
from escalatie.neutralise.terminal import terminal_text
from escalatie.privacy import invisible, normalise

TAGS = "".join(chr(0xE0000 + ord(c)) for c in "evil@x.example")
"""``evil@x.example`` in tag characters: nothing shows."""

REVIEW = "\ufeff\u200b\u2060\u180e\ufe0f\u206e\ufff9\ufffa\ufffb\U0001d173" + TAGS

NEUTRALISERS = (terminal_text, calendar_text, calendar_file, plain_text)

_LISTED = re.compile(f"[{CONTROLS}]")


def _removed_by_normalise(char: str) -> bool:
    return normalise(f"a{char}b") == "ab"


@pytest.mark.parametrize("neutralise", NEUTRALISERS, ids=lambda f: f.__name__)
def test_the_review_s_characters_leave_no_outbound_text(neutralise: object) -> None:
    assert callable(neutralise)
    assert neutralise(f"Overleg{REVIEW} Zuid") == "Overleg Zuid"


def test_the_list_is_every_format_character_and_what_normalise_removes() -> None:
    """Every code point that ``normalise`` removes before matching (control and format
    characters, the line and paragraph separators, ``invisible``) is on the list, so what
    leaves is what was checked; tab, line feed and carriage return are not on it."""
    for code in range(0x110000):
        char = chr(code)
        category = unicodedata.category(char)
        if 0x13439 <= code <= 0x1343F:
            continue  # format characters since Unicode 15, unassigned in Python 3.11's 14
        if category == "Cf" or invisible(char) or (category == "Cc" and char not in "\t\n\r"):
            assert _LISTED.fullmatch(char), f"U+{code:04X} ({category}) not on the list"
        elif _LISTED.fullmatch(char):
            # and the other way: nothing on the list is kept by normalise, so removing it
            # never joins what the identifier check read apart
            assert _removed_by_normalise(char), f"U+{code:04X} ({category}) kept by normalise"
    assert not _LISTED.search("\t\n\r")
    for char in REVIEW:
        assert _removed_by_normalise(char), f"U+{ord(char):04X}"


def test_the_fast_path_sees_every_listed_character() -> None:
    """``may_hold_controls`` skips printable text: the listed characters ``isprintable``
    accepts are exactly ``SHOWN_BUT_INVISIBLE``, which it looks for."""
    printable = {
        chr(c) for c in range(0x110000) if _LISTED.fullmatch(chr(c)) and chr(c).isprintable()
    }
    assert printable == SHOWN_BUT_INVISIBLE
    for char in (*SHOWN_BUT_INVISIBLE, *REVIEW, "\x00", "\u2028"):
        assert may_hold_controls(f"Zoë {char}")
    assert not may_hold_controls("Zoë\tde\nVries")


def test_emoji_keep_their_pictures_and_lose_their_joiners() -> None:
    """The choice for emoji: their joiners and variation selectors go (a family shows its
    people one by one, a heart in text style); the pictures stay."""
    assert terminal_text("Team \U0001f468\u200d\U0001f469\u200d\U0001f467 \u2764\ufe0f") == (
        "Team \U0001f468\U0001f469\U0001f467 \u2764"
    )


def test_a_forum_name_s_invisible_characters_reach_neither_the_e_mail_nor_the_calendar() -> None:
    """The review's forum name: ``Escalatietafel`` with the characters above (tags spelling
    an address among them) as the message's title, in the Subject, the text part and the
    calendar file's SUMMARY."""
    import email
    from email.policy import default

    import attrs

    from escalatie.calendar import invitation
    from escalatie.calendar.mail import compose

    from ..calendar.test_own_copies import SENT, START, build_model, case_for

    cases = [case_for(0, "Team Anker", ("School Beuk",), 14)]
    model = build_model()
    forum = attrs.evolve(model.forums[0], name=f"Test{REVIEW}tafel")
    message = invitation(attrs.evolve(model, forums=(forum,)), START, cases, SENT)
    message = attrs.evolve(message, title=f"Escalatie{REVIEW}tafel")
    texts = [message.text]
    written = compose(message, message.attendees[0], "tafel@teststad.example", cases)
    parsed = email.message_from_bytes(written.data, policy=default)
    texts.append(str(parsed["Subject"]))
    for part in parsed.walk():
        if part.get_content_maintype() != "multipart":
            content = part.get_content()
            texts.append(content.decode("utf-8") if isinstance(content, bytes) else content)
    assert "Escalatietafel" in texts[1]
    for text in texts:
        assert not _LISTED.search(text.replace("\r", "").replace("\n", "").replace("\t", ""))
        assert "evil" not in text
    from escalatie.calendar.guard import readable

    assert "SUMMARY:Testtafel" in readable(message.text)  # unfolded


@pytest.mark.parametrize("char", ["\U000e0002", "\U000e0fff", "\u2065", "\U000e0041"])
def test_a_reserved_ignorable_inside_a_name_is_found(char: str) -> None:
    """Reserved default-ignorable code points show nothing either (unassigned tags, U+2065):
    ``normalise`` removes them as the writers do, so they split no name."""
    from escalatie.case import Identity
    from escalatie.privacy import find_identifier

    identity = Identity(name="Testkind Voorbeeld")
    assert find_identifier(f"Overleg Test{char}kind", [identity]) == "name"
    assert plain_text(f"Test{char}kind") == "Testkind"
