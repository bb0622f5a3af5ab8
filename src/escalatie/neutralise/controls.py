"""The characters no outbound text carries: one list for every neutraliser.

Used by :mod:`.terminal` (terminal output, an e-mail's text part), :mod:`.calendar_text`
(calendar files) and :mod:`.document` (a shared plan, an export, ``case show``), so a character
removed from one is removed from all (with a list each, the line and paragraph separators and
the bidirectional controls reach the e-mail's text part and the calendar file, ``describe``
prints a model file's bidirectional controls raw, and zero-width and tag characters in a
forum's name reach the e-mail's Subject and the calendar's SUMMARY).

It is what :func:`escalatie.privacy.normalise` removes before it looks for identifiers
(control and format characters, the line and paragraph separators and
:func:`escalatie.privacy.invisible`), so the text that leaves is the text that was checked.
"""

from __future__ import annotations

CONTROLS = (
    r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 but tab, LF and CR; DEL; C1 (NEL U+0085 too)
    r"\u2028\u2029"  # line and paragraph separator: a line break for some readers only
    # Format characters (Unicode's Cf, as of Unicode 15.1): the bidirectional embeddings,
    # overrides, isolates and marks, the zero-width space, joiners and word joiner, the soft
    # hyphen, the byte order mark, the interlinear annotation marks, the invisible
    # mathematical operators, the musical formatting marks and the tag characters.
    r"\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    r"\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
    r"\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    r"\U000e0000-\U000e0fff"  # tags (an invisible copy of ASCII), variation selectors, reserved
    # Unicode's other default-ignorable code points, which show nothing either: the combining
    # grapheme joiner, the Hangul fillers, the Khmer inherent vowels, the Mongolian free
    # variation selectors, the variation selectors, the braille blank, reserved ignorables.
    r"\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\ufe00-\ufe0f\uffa0\ufff0-\ufff8"
)
"""A regex character range: every character an outbound text loses. Tab, line feed and
carriage return are kept here; each neutraliser decides what a lone carriage return becomes.

Never a character :func:`escalatie.privacy.normalise` keeps, in any Python this library runs
on: removing one it kept could join what the identifier check read apart (``U+13439``-
``U+1343F``, format characters since Unicode 15, are unassigned in Python 3.11's Unicode 14,
so they stay off the list). A test holds the two together, code point by code point.

Emoji lose their joiners and variation selectors too (a family emoji shows as its people one
by one, a heart may show in text style, a flag of England as a black flag): an escalation's
texts need none of them, and the same characters hide text (tag characters spell any ASCII
text invisibly) or split a name unseen. The zero-width non-joiner goes as well, which some
scripts (Persian) use to shape letters: their words stay readable."""

SHOWN_BUT_INVISIBLE = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u2800\u3164\uffa0"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
    + "".join(map(chr, range(0xE0100, 0xE01F0)))
)
"""The characters of :data:`CONTROLS` that ``str.isprintable`` accepts (every other one it
refuses): a neutraliser's fast path for printable text looks for these alone."""


def may_hold_controls(text: str) -> bool:
    """Whether ``text`` may hold a character of :data:`CONTROLS` other than a line feed or a
    tab: False for printable text (and text whose only unprintable characters are line feeds
    and tabs) without a :data:`SHOWN_BUT_INVISIBLE` character, checked in a few C loops."""
    if not (text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable()):
        return True
    return not text.isascii() and not SHOWN_BUT_INVISIBLE.isdisjoint(text)
