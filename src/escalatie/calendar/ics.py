"""Shared bits of every file the calendar writes: identifiers, the calendar frame, bytes.

UIDs derive from model, forum and series only (``maandag@maatwerktafel.utrecht-maatwerktafel
.escalatie``): stable across runs, so a later CANCEL or a re-downloaded schedule matches what a
client already has, and never built from case data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from escalatie.calendar.timezone import check_years, vtimezone
from escalatie.clock import Clock, require_aware
from escalatie.errors import EscalatieError

if TYPE_CHECKING:
    from icalendar import Calendar, Event

PRODID = "-//escalatie//escalatie calendar//NL"

REFRESH = timedelta(days=1)
"""How often a subscribed schedule is fetched again (REFRESH-INTERVAL and X-PUBLISHED-TTL):
meetings change only when the settings do (a closing day, a new location), so once a day is
soon enough and spares the intranet server."""


def series_uid(model: str, forum: str, series: str) -> str:
    """The UID of one meeting series: the same in the schedule, the invitation and the CANCEL."""
    return f"{series}@{forum}.{model}.escalatie"


def stamp(clock: Clock) -> datetime:
    """DTSTAMP: the injected clock's moment, in UTC as RFC 5545 requires."""
    return require_aware(clock(), "clock").astimezone(UTC)


def calendar(
    method: str, events: Iterable[Event], years: Iterable[int], name: str = ""
) -> Calendar:
    """A VCALENDAR with PRODID, VERSION, METHOD, the Amsterdam VTIMEZONE and ``events``."""
    from icalendar import Calendar, vDuration

    check_years(years)
    cal = Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    cal.add("METHOD", method)
    if name:
        # RFC 7986 3.1 NAME and 3.4 REFRESH-INTERVAL (VALUE=DURATION is required there);
        # X-WR-CALNAME and X-PUBLISHED-TTL are what Outlook and Apple Calendar read instead.
        cal.add("NAME", name)
        cal.add("X-WR-CALNAME", name)
        cal.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    cal.add_component(vtimezone())
    for event in events:
        cal.add_component(event)
    return cal


def to_text(cal: Calendar) -> str:
    """The file's text: CRLF line endings and lines folded at 75 octets (icalendar does both),
    without a control character RFC 5545 forbids (case text may carry them)."""
    from escalatie.neutralise.calendar_text import calendar_file

    refuse_line_breaks(cal)
    data: bytes = cal.to_ical()
    return calendar_file(data.decode("utf-8"))


_BREAKING = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
"""What may not stand in a parameter or a non-TEXT value: a control character (a tab aside),
above all CR and LF, which would start a new content line (``ATTENDEE:mailto:…``)."""


def refuse_line_breaks(cal: Calendar) -> None:
    """Refuse a calendar whose parameters (``CN=…``) or non-TEXT values (addresses, URIs) hold
    a control character, naming the property, before icalendar writes it.

    TEXT values (SUMMARY, DESCRIPTION, LOCATION) are escaped by the writer and cleaned by
    :func:`escalatie.neutralise.calendar_text.calendar_file`; a parameter or an address is not,
    and icalendar only asserts (under ``python -O`` the line would be written as given).
    Model files and case documents refuse such text on reading; this is the last line.
    """
    from icalendar import vText

    for component in cal.walk():
        for name, found in component.items():
            for value in found if isinstance(found, list) else [found]:
                params = getattr(value, "params", {}) or {}
                texts = [(f"{name};{k}", v) for k, v in params.items()]
                if isinstance(value, str) and not isinstance(value, vText):
                    texts.append((name, value))
                for where, text in texts:
                    parts = text if isinstance(text, list | tuple) else [text]
                    if any(isinstance(t, str) and _BREAKING.search(t) for t in parts):
                        raise EscalatieError(
                            f"calendar file: {component.name} {where}: expected one line of "
                            "text without control characters (check the model file's names "
                            "and the case's organisations)"
                        )
