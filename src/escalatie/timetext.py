"""The one strict reader of times, dates and date-times written as text.

Python's ``fromisoformat`` reads far more than ISO's everyday forms, and some of it silently
wrong for a Dutch reader: ``time.fromisoformat("14.30")`` is 14:00:00.3 (a decimal fraction of
the hour's seconds), ``"14"`` is 14:00 and ``"1400"`` is 14:00 too, ``date.fromisoformat``
takes ``20260302`` and week dates such as ``2026-W10-1``. A new user wrote ``start = "14.30"``
the Dutch way; ``model check`` passed it and the invitations said 14:00. Every time, date or
date-time a user writes (model files, settings, CLI options such as ``--at`` and ``--slot``,
case documents) goes through this module, which accepts only:

- a time: ``HH:MM`` (model files and settings; a TOML time literal such as ``09:30:00`` is
  read by TOML itself);
- a date: ``YYYY-MM-DD``;
- a date-time: ``YYYY-MM-DD``, ``T`` (or a space), ``HH:MM``, optionally ``:SS`` with a
  fraction, optionally ``Z`` or a UTC offset ``+01:00``.

Anything else is a :class:`TimeTextError` whose message says the expected form, and for the
Dutch ``14.30`` (or ``9:30``) asks "did you mean 14:30?", and a date written day first,
``02-03-2026``, "did you mean 2026-03-02?". The callers put the field's name or
the option in front. Only ``re`` and ``datetime`` are imported: this runs on start-up paths.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date, datetime, time
from typing import TypeVar

from escalatie.errors import shown

T = TypeVar("T")

__all__ = [
    "DATE_FORM",
    "MOMENT_FORM",
    "TIME_FORM",
    "TimeTextError",
    "read_date",
    "read_moment",
    "read_time",
]

TIME_FORM = "a time as HH:MM"
DATE_FORM = "a date as YYYY-MM-DD"
MOMENT_FORM = "an ISO 8601 date or date-time such as 2026-03-02T09:15"


@functools.cache
def _pattern(name: str) -> re.Pattern[str]:
    """The pattern ``name`` names, compiled when first used: a command reads few of them, and
    most only when a text is refused (start-up, issue 16)."""
    return re.compile(_PATTERNS[name])


_PATTERNS = {
    "time": r"[0-9]{2}:[0-9]{2}",
    "date": r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
    "moment": r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?(?:Z|[+-][0-9]{2}:[0-9]{2})?)?",
    # ``14.30``, ``9.30`` or ``9:30``: a time as Dutch readers write it.
    "dutch time": r"([0-9]{1,2})[.:]([0-9]{2})",
    "dutch moment": r"([0-9]{4}-[0-9]{2}-[0-9]{2}[T ])([0-9]{1,2})[.:]([0-9]{2})(.*)",
    # ``02-03-2026`` (or ``2-3-2026``, ``02/03/2026``, ``02.03.2026``): a date the Dutch way,
    # day first, with whatever follows it.
    "dutch date": r"([0-9]{1,2})([-/.])([0-9]{1,2})\2([0-9]{4})(.*)",
}


class TimeTextError(ValueError):
    """Text that is not the expected form; the message has no field name (callers add it)."""


def _hint_time(text: str) -> str:
    m = _pattern("dutch time").fullmatch(text.strip())
    if m and int(m[1]) < 24 and int(m[2]) < 60:
        return f" (did you mean {int(m[1]):02d}:{m[2]}?)"
    return ""


def _day_first(text: str) -> tuple[str, str] | None:
    """``02-03-2026`` read day first as ``2026-03-02``, and the text after it; None when
    ``text`` does not start with such a date or it is no day of the calendar."""
    m = _pattern("dutch date").fullmatch(text.strip())
    if not m:
        return None
    try:
        day = date(int(m[4]), int(m[3]), int(m[1]))
    except ValueError:
        return None
    return day.isoformat(), m[5]


def _hint_date(text: str) -> str:
    found = _day_first(text)
    return f" (did you mean {found[0]}?)" if found is not None and not found[1] else ""


def _hint_moment(text: str) -> str:
    found = _day_first(text)
    if found is not None:  # 02-03-2026 (T10:00): the date day first, as the Dutch write it
        guess = found[0] + found[1]
        if _pattern("moment").fullmatch(guess):
            try:
                datetime.fromisoformat(guess)
            except ValueError:
                return ""
            return f" (did you mean {guess}?)"
        return _hint_moment(guess) if found[1] else ""
    m = _pattern("dutch moment").fullmatch(text.strip())
    if m and int(m[2]) < 24 and int(m[3]) < 60 and not m[4].startswith((".", ":")):
        guess = f"{m[1]}{int(m[2]):02d}:{m[3]}{m[4]}"
        # Only a guess that reads, and is not what was typed (``2026-03-32T10:00`` must not
        # get "did you mean 2026-03-32T10:00?").
        if guess != text and _pattern("moment").fullmatch(guess):
            try:
                datetime.fromisoformat(guess)
            except ValueError:
                return ""
            return f" (did you mean {guess}?)"
    return ""


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _impossible(text: str) -> str | None:
    """Why ``text``, in the strict form, names no moment of the calendar: ``2026-02-30`` is
    "no such date 2026-02-30: February 2026 has 28 days"; None when the reason is not one of
    these ("expected YYYY-MM-DD, got 2026-02-30" would tell the user to type what they had
    typed)."""
    year, month, day = int(text[0:4]), int(text[5:7]), int(text[8:10])
    if not 1 <= month <= 12:
        return f"no such date {text[:10]}: a year has months 01 to 12"
    if year == 0:
        return f"no such date {text[:10]}: years start at 0001"
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    days = (following - date(year, month, 1)).days
    if not 1 <= day <= days:
        return f"no such date {text[:10]}: {_MONTHS[month - 1]} {year} has {days} days"
    clock = text[11:16]
    if len(clock) == 5 and (int(clock[:2]) > 23 or int(clock[3:]) > 59):
        return f"no such time {clock}: hours run 00 to 23, minutes 00 to 59"
    seconds = text[17:19]
    if text[16:17] == ":" and int(seconds) > 59:
        return f"no such time {text[11:19]}: seconds run 00 to 59"
    return None


def read_time(text: str) -> time:
    """``HH:MM`` as a time; ``14.30``, ``14``, ``1400`` and ``14:30:00.5`` are refused."""
    return _read(text, "time", time.fromisoformat, TIME_FORM, _hint_time)


def read_date(text: str) -> date:
    """``YYYY-MM-DD`` as a date; ``20260302`` and week dates are refused."""
    return _read(text, "date", date.fromisoformat, DATE_FORM, _hint_date)


def read_moment(text: str, form: str = MOMENT_FORM) -> datetime:
    """An ISO 8601 date or date-time (HH:MM, optionally seconds and a UTC offset) as a
    datetime, naive unless the text gives an offset; a date alone is its midnight. ``form``
    is the expected form the message names."""
    return _read(text, "moment", datetime.fromisoformat, form, _hint_moment)


def _read(
    text: str, shape: str, parse: Callable[[str], T], form: str, hint: Callable[[str], str]
) -> T:
    """``text`` parsed when it has the strict ``shape`` (``fromisoformat`` alone also takes
    ``14``, ``1400`` and, since Python 3.11, ``14.30`` as 14:00:00.3); else the one-line error
    naming the expected ``form``, with ``hint``'s guess."""
    if _pattern(shape).fullmatch(text):
        try:
            return parse(text)
        except ValueError:
            why = _impossible(text) if shape != "time" else None
            if why is not None:
                raise TimeTextError(why) from None
    raise TimeTextError(f"expected {form}, got {shown(text)}{hint(text)}")
