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

A sequence loses its control characters (``ESC``, ``CSI``, ``OSC``, ``BEL``, ``ST``) and with
them its power; its printable rest stays, visible (``ESC [31m`` shows as ``[31m``). Removing
the whole sequence would join what stood around it: ``06 ESC [31m 98765432`` was checked for
identifiers as :func:`escalatie.privacy.normalise` reads it, ``06[31m98765432``, which is no
phone number, and would have been shown as ``0698765432``.
So the terminal shows what the identifier check read, as a calendar file
(:mod:`.calendar_text`) and a shared document (:mod:`.document`) do.
"""

from __future__ import annotations

import re

_CONTROL: re.Pattern[str] | None = None


def _control() -> re.Pattern[str]:
    """The controls and a lone carriage return, compiled when text first holds one."""
    global _CONTROL
    if _CONTROL is None:
        from escalatie.neutralise.controls import CONTROLS

        _CONTROL = re.compile(rf"\r(?!\n)|[{CONTROLS}]")
    return _CONTROL


def terminal_text(text: str) -> str:
    """``text`` with control characters removed (an escape sequence's printable rest kept:
    see the module's docstring); line feeds, tabs and CRLF line ends kept.

    Text that cannot hold a character the pattern removes
    (:func:`.controls.may_hold_controls`), as a report is, is returned without compiling it
    (5 M instructions of a ``triage``, issue 16)."""
    from escalatie.neutralise.controls import may_hold_controls

    if not may_hold_controls(text):
        return text
    return _control().sub("", text)
