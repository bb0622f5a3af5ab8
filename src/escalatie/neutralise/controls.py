"""The control characters no outbound text carries: one list for every neutraliser.

Used by :mod:`.terminal` (terminal output, an e-mail's text part) and :mod:`.calendar_text`
(calendar files), so a character removed from one is removed from all (attacker review: the
line and paragraph separators and the bidirectional controls reached the e-mail's text part
and the calendar file, and ``describe`` printed a model file's bidirectional controls raw).
"""

from __future__ import annotations

CONTROLS = (
    r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 but tab, LF and CR; DEL; C1 (NEL U+0085 too)
    r"\u2028\u2029"  # line and paragraph separator: a line break for some readers only
    r"\u202a-\u202e\u2066-\u2069"  # bidirectional embeddings, overrides, isolates
    r"\u200e\u200f\u061c"  # bidirectional marks (left-to-right, right-to-left, Arabic letter)
)
"""A regex character range: every character an outbound text loses. Tab, line feed and
carriage return are kept here; each neutraliser decides what a lone carriage return becomes.
Every one is a character ``str.isprintable`` refuses (Unicode's Cc, Cf, Zl and Zp), which
:func:`escalatie.neutralise.terminal.terminal_text` relies on for its fast path."""
