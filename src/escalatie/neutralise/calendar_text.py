"""iCalendar text without the control characters RFC 5545 forbids.

RFC 5545, section 3.3.11: a TEXT value consists of TSAFE-CHARs, which exclude CONTROL
(U+0000-U+0008, U+000A-U+001F, U+007F); a line break inside a value is written as the escape
``\\n``, and lines end in CRLF (section 3.1). A NUL, vertical tab, form feed, escape or bell
typed into a case would otherwise make the file invalid (some clients stop reading there) or
reach a terminal that prints the file. C1 controls (U+0080-U+009F, NEL among them), the line
and paragraph separators (U+2028, U+2029) and bidirectional controls are dropped too: they are
never wanted in a calendar and can disguise text (the list: :data:`.controls.CONTROLS`).

:func:`calendar_file` is applied to every finished calendar file (``escalatie.calendar.ics.
to_text``, the one place where invitations, cancellations and schedules become text);
:func:`calendar_text` is for a single value.
"""

from __future__ import annotations

import re

from escalatie.neutralise.controls import CONTROLS

_IN_VALUE = re.compile(f"[{CONTROLS}]")
_IN_FILE = re.compile(f"\r(?!\n)|(?<!\r)\n|[{CONTROLS}]")


def calendar_text(value: str) -> str:
    """One TEXT value: line breaks kept (as ``\\n``, the writer escapes them), other controls
    removed."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _IN_VALUE.sub("", value)


def calendar_file(text: str) -> str:
    """A serialised calendar: CRLF line ends kept, every other control character removed."""
    return _IN_FILE.sub("", text)
