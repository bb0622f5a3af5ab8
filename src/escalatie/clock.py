"""Time in the domain: always timezone-aware, always Europe/Amsterdam, never read implicitly.

Domain logic takes the current moment as a parameter (a :data:`Clock` or an explicit
``datetime``) so tests and simulations are deterministic. Only the CLI edge reads the system
clock, through :func:`system_clock`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from escalatie.errors import EscalatieError, shown
from escalatie.timetext import TimeTextError, read_date, read_moment

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from escalatie.sealedstore import SealedEntries

TZPATH_ENV = "PYTHONTZPATH"


def _zone_info() -> type[ZoneInfo]:
    """:class:`zoneinfo.ZoneInfo`, imported with the interpreter's default search path
    (``sysconfig``'s ``TZPATH``) given in ``PYTHONTZPATH`` when it is known from an earlier
    run (:func:`_known_tzpath`), in the console script's own process only.

    zoneinfo reads its default search path from :mod:`sysconfig` when it is imported, unless
    ``PYTHONTZPATH`` is set, and reading it loads the interpreter's build configuration
    (``_sysconfigdata_*``): 4.7 M instructions of a triage's start-up (issue 16). The same
    text given in the variable gives zoneinfo the same search path (both are read by
    ``zoneinfo._tzpath._parse_python_tzpath``), so Europe/Amsterdam comes from the same file
    (or, where none is found, from the ``tzdata`` package) as without. The variable is set
    only while zoneinfo is imported and then removed, and not at all when the user set it,
    when zoneinfo is imported already, or in a program that embeds the library."""
    from escalatie import collector

    if not collector.owned() or "zoneinfo" in sys.modules or TZPATH_ENV in os.environ:
        from zoneinfo import ZoneInfo

        return ZoneInfo
    entries, entry = _tzpath_entry()
    known = entries.get(entry) if entries is not None and entry else None
    if known is None:
        from zoneinfo import ZoneInfo

        if entries is not None and entry:
            found = _configured_tzpath(entry)
            if found is not None:
                entries.put(entry, found)
                entries.save()
        return ZoneInfo
    os.environ[TZPATH_ENV] = known
    try:
        from zoneinfo import ZoneInfo
    finally:
        del os.environ[TZPATH_ENV]
    return ZoneInfo


_SYSCONFIGDATA = "_sysconfigdata_{}_{}_{}"
"""The module ``sysconfig`` reads the interpreter's build configuration from on POSIX
(``sysconfig._get_sysconfigdata_name``), unless ``_PYTHON_SYSCONFIGDATA_NAME`` names another."""


def _tzpath_entry() -> tuple[SealedEntries | None, str]:
    """The cache of default search paths (``tzpath-v3.bin`` in the cache folder, sealed as every
    cache, :mod:`escalatie.sealedstore`) and this interpreter's entry: the build
    configuration's module, the file it is found in, that file's stamp and the interpreter's
    version, so a rebuilt or replaced interpreter gives another entry. ("" when there is no
    such module file.)"""
    from escalatie.sealedstore import SealedEntries, opened, stamp

    folder, key = opened("tzpath")
    if folder is None or key is None or os.name != "posix":
        return None, ""
    from importlib.machinery import PathFinder

    name = os.environ.get(
        "_PYTHON_SYSCONFIGDATA_NAME",
        _SYSCONFIGDATA.format(
            sys.abiflags, sys.platform, getattr(sys.implementation, "_multiarch", "")
        ),
    )
    spec = PathFinder.find_spec(name)
    origin = getattr(spec, "origin", None)
    if not origin:
        return None, ""
    try:
        found = stamp(os.stat(origin))
    except OSError:
        return None, ""
    entries = SealedEntries(os.path.join(folder, "tzpath-v3.bin"), key, limit=8)
    return entries, "\0".join((name, origin, found, sys.version))


def _configured_tzpath(entry: str) -> str | None:
    """The default search path zoneinfo has just read from ``sysconfig``, if it read it from
    the module file ``entry`` names (else None: nothing is kept)."""
    name, origin = entry.split("\0")[:2]
    data = sys.modules.get(name)
    sysconfig = sys.modules.get("sysconfig")
    if sysconfig is None or getattr(data, "__file__", None) != origin:
        return None
    value = sysconfig.get_config_var("TZPATH")
    return value if isinstance(value, str) else ""


AMSTERDAM = _zone_info()("Europe/Amsterdam")

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
