"""Shared bits of every file the calendar writes: identifiers, the calendar frame, bytes.

UIDs derive from model, forum and series only (``maandag@maatwerktafel.utrecht-maatwerktafel
.escalatie``): stable across runs, so a later CANCEL or a re-downloaded schedule matches what a
client already has, and never built from case data.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from escalatie.calendar.timezone import check_years, vtimezone
from escalatie.clock import Clock, require_aware

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

    data: bytes = cal.to_ical()
    return calendar_file(data.decode("utf-8"))
