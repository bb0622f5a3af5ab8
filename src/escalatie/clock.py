"""Time in the domain: always timezone-aware, always Europe/Amsterdam, never read implicitly.

Domain logic takes the current moment as a parameter (a :data:`Clock` or an explicit
``datetime``) so tests and simulations are deterministic. Only the CLI edge reads the system
clock, through :func:`system_clock`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from escalatie.errors import EscalatieError, shown
from escalatie.timetext import TimeTextError, read_date, read_moment

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

Clock = Callable[[], datetime]
"""A function returning the current, timezone-aware moment."""


def system_clock() -> datetime:
    """The real clock, for the CLI edge only."""
    return datetime.now(AMSTERDAM)


def fixed_clock(moment: datetime) -> Clock:
    """A clock that always returns ``moment`` (which must be timezone-aware)."""
    require_aware(moment, "moment")
    return lambda: moment


def _as_aware(moment: datetime) -> str:
    """The Python that makes ``moment`` an Amsterdam moment, for an error message."""
    fields = f"{moment.year}, {moment.month}, {moment.day}, {moment.hour}, {moment.minute}"
    return f"datetime({fields}, tzinfo=AMSTERDAM) (from escalatie.api import AMSTERDAM)"


def require_aware(moment: datetime, name: str) -> datetime:
    """Refuse a naive datetime: a moment without zone is ambiguous around DST switches."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise EscalatieError(  # how to make one, in the message
            f"{name}: expected a timezone-aware date-time, got {moment.isoformat()}; for "
            f"Amsterdam's time write {_as_aware(moment)}"
        )
    return moment


FIRST_YEAR = 1970
LAST_YEAR = 2199
"""Moments the CLI accepts: far enough for any case, and clear of the calendar's edges where
date arithmetic (next meeting, holidays, DST) would overflow."""


def _in_range(day: date, name: str, text: str) -> None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise EscalatieError(
            f"{name}: expected a moment from {FIRST_YEAR} to {LAST_YEAR}, got {shown(text)}"
        )


def parse_moment(text: str, name: str) -> datetime:
    """Parse ISO 8601 text; a date or a naive date-time is read as Amsterdam local time.

    The text is read strictly (:mod:`escalatie.timetext`): ``2026-03-02T10.30`` is refused with
    "did you mean 2026-03-02T10:30?" where ``fromisoformat`` read it as 10:00:00.3.

    A wall-clock time that does not exist in Amsterdam (the hour skipped when summer time
    starts, e.g. 2026-03-29T02:30) is refused; one that exists twice (the hour repeated when it
    ends, e.g. 2026-10-25T02:30) needs its UTC offset, +02:00 or +01:00, to say which.
    """
    try:
        moment = read_moment(text)
    except TimeTextError as exc:
        raise EscalatieError(f"{name}: {exc}") from None
    _in_range(moment.date(), name, text)
    if moment.tzinfo is None:
        moment = _wall_clock(moment, name, text)
    return moment.astimezone(AMSTERDAM)


def _wall_clock(naive: datetime, name: str, text: str) -> datetime:
    """A naive time read on the Amsterdam wall clock, refused where that clock is ambiguous."""
    first, second = naive.replace(tzinfo=AMSTERDAM, fold=0), naive.replace(tzinfo=AMSTERDAM, fold=1)
    if first.astimezone(UTC).astimezone(AMSTERDAM).replace(tzinfo=None) != naive:
        raise EscalatieError(
            f"{name}: {shown(text)} does not exist in Europe/Amsterdam (the clock skips that "
            "hour when summer time starts); expected an existing time"
        )
    if first.utcoffset() != second.utcoffset():
        raise EscalatieError(
            f"{name}: {shown(text)} happens twice in Europe/Amsterdam (the clock repeats that "
            f"hour when summer time ends); expected a UTC offset: {text}+02:00 (the first) or "
            f"{text}+01:00 (the second)"
        )
    return first


def parse_day(text: str, name: str) -> date:
    """Parse an ISO 8601 calendar date."""
    try:
        day = read_date(text)
    except TimeTextError as exc:
        raise EscalatieError(f"{name}: {exc}") from None
    _in_range(day, name, text)
    return day


def local(moment: datetime) -> datetime:
    """The same instant on the Amsterdam wall clock."""
    return require_aware(moment, "moment").astimezone(AMSTERDAM)


def printed(moment: datetime) -> str:
    """A moment as every command prints one: ``2026-03-02 10:00 CET`` on the Amsterdam wall
    clock, with its zone (CET or CEST), so a reader never guesses which clock a time is on
    (every command prints the zone, not ``2026-03-09 09:15`` in one and the zone in another)."""
    return f"{local(moment):%Y-%m-%d %H:%M %Z}"


def minute_or_finer(moment: datetime, separator: str = "T") -> str:
    """A moment on its own clock to the minute (``2026-12-07T09:15``), with its seconds and
    fraction when it has them (``2026-12-07T09:15:00.000001``): a refusal of a moment that is
    not a whole minute must not print it as the whole minute it is not
    (``--slot 2026-12-07T08:15:00.000001Z`` is not ``2026-12-07T09:15``, a meeting)."""
    shown = moment.strftime(f"%Y-%m-%d{separator}%H:%M")
    if moment.microsecond:
        return shown + moment.strftime(":%S.%f")
    return shown + moment.strftime(":%S") if moment.second else shown
