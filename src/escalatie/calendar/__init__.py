"""iCalendar output: a forum's schedule to subscribe to, and invitations and cancellations.

The Python API (the CLI commands ``schedule``, ``invite`` and ``cancel`` are thin wrappers):

- :func:`schedule_calendar` (METHOD:PUBLISH, one VEVENT with RRULE per meeting series),
- :func:`invitation` (METHOD:REQUEST for one meeting, agenda from pseudonymised cases),
- :func:`cancellation` (METHOD:CANCEL, refused when later than the forum's notice),
- :func:`plugin_hooks`: what plugins contribute to invitations through the two calendar hooks.

See ``docs/calendar.md`` for what each calendar client needs and how the files were checked.
"""

from __future__ import annotations

from escalatie.calendar.agenda import AgendaFunction, agenda, case_block
from escalatie.calendar.attendees import (
    AddressBook,
    Attendee,
    Invitee,
    MeetingContext,
    ParticipantsFunction,
    default_participants,
)
from escalatie.calendar.feed import ScheduleFile, SeriesEntry, schedule_calendar
from escalatie.calendar.ics import PRODID, series_uid
from escalatie.calendar.itip import Message, cancellation, invitation
from escalatie.calendar.notice import LateCancellation, Notice, notice
from escalatie.calendar.plugin import (
    PluginHooks,
    per_case,
    plugin_hooks,
)
from escalatie.calendar.slots import Occurrence, calendar_forum, find_slot, nearest_slots
from escalatie.calendar.timezone import TZID, check_years, vtimezone

__all__ = [
    "PRODID",
    "TZID",
    "AddressBook",
    "AgendaFunction",
    "Attendee",
    "Invitee",
    "LateCancellation",
    "MeetingContext",
    "Message",
    "Notice",
    "Occurrence",
    "ParticipantsFunction",
    "PluginHooks",
    "ScheduleFile",
    "SeriesEntry",
    "agenda",
    "calendar_forum",
    "cancellation",
    "case_block",
    "check_years",
    "default_participants",
    "find_slot",
    "invitation",
    "nearest_slots",
    "notice",
    "per_case",
    "plugin_hooks",
    "schedule_calendar",
    "series_uid",
    "vtimezone",
]
