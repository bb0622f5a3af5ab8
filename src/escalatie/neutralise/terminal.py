"""Text for a terminal without escape sequences.

A terminal obeys ANSI escape sequences: ``ESC [31m`` colours the rest of the screen, ``ESC ]``
sets the window title or a hyperlink, a carriage return or backspaces overwrite what was
printed, and some terminals answer queries by typing into the shell. Bidirectional overrides
(U+202E, "Trojan Source") make text read differently from what it is, and a line or paragraph
separator (U+2028, U+2029) breaks a line for some readers only. Case text typed by
people is passed through :func:`terminal_text` before it is printed, so what the reader sees is
what the register holds, minus the controls. JSON output escapes C0 controls itself, but not
C1 controls or bidirectional overrides, so it is cleaned the same way. An e-mail's text part is
read in a mail client or a terminal (``mutt``), so it is cleaned the same way too
(:mod:`escalatie.calendar.mail`). The characters removed are :data:`.controls.CONTROLS`.
"""

from __future__ import annotations

import re

_PATTERNS: tuple[re.Pattern[str], re.Pattern[str]] | None = None


def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The escape sequences and the controls, compiled when text first holds either."""
    global _PATTERNS
    if _PATTERNS is None:
        sequence = re.compile(
            r"""
            (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]                  # CSI ... final byte (colours, cursor)
            | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])         # OSC, DCS, SOS, PM, APC ...
              [^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?          # ... up to BEL or ST
            | \x1b[ -/]*[0-~]?                                # any other ESC sequence, or a lone ESC
            """,
            re.VERBOSE,
        )
        from escalatie.neutralise.controls import CONTROLS

        control = re.compile(rf"\r(?!\n)|[{CONTROLS}]")
        _PATTERNS = sequence, control
    return _PATTERNS


def terminal_text(text: str) -> str:
    """``text`` with escape sequences and control characters removed; line feeds, tabs and
    CRLF line ends kept.

    Text that cannot hold a character either pattern removes
    (:func:`.controls.may_hold_controls`), as a report is, is returned without compiling them
    (5 M instructions of a ``triage``, issue 16)."""
    from escalatie.neutralise.controls import may_hold_controls

    if not may_hold_controls(text):
        return text
    sequence, control = _patterns()
    return control.sub("", sequence.sub("", text))
