"""RFC 5545 recurrence rules for meeting series: read, check against the RFC, expand.

A forum's rhythm is the value of an RRULE (RFC 5545 section 3.3.10), for example
``FREQ=MONTHLY;BYDAY=2TU``. :mod:`dateutil.rrule` expands it, but dateutil accepts rules that
RFC 5545 forbids (COUNT with UNTIL, ``BYDAY=2TU`` in a weekly rule, ...), and a calendar program
reading our files would then disagree with us. So every rule is checked here part by part
against RFC 5545 first; only what both accept is a rule.

The rules every bundled and documented model uses (every few days, weeks on given weekdays,
months on a numbered weekday or a day of the month: :func:`expands_here`) are expanded here
without dateutil, whose import (with ``six``, ``calendar`` and ``heapq``) cost a triage some
10 M instructions of start-up for one next meeting (issue 16); a property test holds both
expansions equal for every such rule. dateutil expands the rest.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from attrs import frozen

if TYPE_CHECKING:
    from escalatie.recurrence_pattern import Pattern as Pattern

FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
"""The frequencies a forum can meet at; SECONDLY, MINUTELY and HOURLY make no sense for one."""

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

PARTS = (
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
)
"""The rule parts of RFC 5545 3.3.10 a meeting series may use. BYHOUR, BYMINUTE and BYSECOND
are left out on purpose: the time of day is the series' ``start``."""

_BYDAY = re.compile(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")
_INT = re.compile(r"[+-]?\d{1,3}")
_UNTIL = r"\d{8}"  # compiled when first used (re's cache): few rules give UNTIL (issue 16)


@frozen
class Recurrence:
    """A checked RRULE value, its parts as numbers (weekdays 0 = Monday)."""

    text: str
    """The rule as written, in upper case without spaces: what the calendar file carries."""
    freq: str
    interval: int = 1
    count: int | None = None
    until: date | None = None
    byday: tuple[tuple[int | None, int], ...] = ()
    """(ordinal or None, weekday): ``2TU`` is (2, 1), ``-1TH`` is (-1, 3), ``MO`` is (None, 0)."""
    bymonthday: tuple[int, ...] = ()
    byyearday: tuple[int, ...] = ()
    byweekno: tuple[int, ...] = ()
    bymonth: tuple[int, ...] = ()
    bysetpos: tuple[int, ...] = ()
    wkst: int | None = None
    names: tuple[str, ...] = ()
    """The parts in the order written."""

    @property
    def bounded(self) -> bool:
        return self.count is not None or self.until is not None

    def without_end(self) -> str:
        """The rule text less COUNT and UNTIL, parts in the order written (the calendar file
        sets its own UNTIL for the requested range)."""
        return ";".join(
            p for p in self.text.split(";") if p.split("=", 1)[0] not in ("COUNT", "UNTIL")
        )


def _ints(name: str, value: str, low: int, high: int, signed: bool) -> tuple[int, ...]:
    out: list[int] = []
    for item in value.split(","):
        if not _INT.fullmatch(item):
            raise ValueError(f"{name}: expected whole numbers separated by commas, got {value!r}")
        number = int(item)
        if not low <= abs(number) <= high or (number < 0 and not signed):
            span = f"{low} to {high}" + (f" or -{high} to -{low}" if signed else "")
            raise ValueError(f"{name}: expected {span}, got {item}")
        out.append(number)
    return tuple(out)


def _one(parts: dict[str, str], name: str) -> int | None:
    """INTERVAL or COUNT: one whole number from 1 to 999, or None when not given."""
    if name not in parts:
        return None
    if "," in parts[name]:
        raise ValueError(f"{name}: expected one whole number, got {parts[name]}")
    return _ints(name, parts[name], 1, 999, False)[0]


def _list(parts: dict[str, str], name: str, high: int, signed: bool) -> tuple[int, ...]:
    return _ints(name, parts[name], 1, high, signed) if name in parts else ()


def _byday(value: str, freq: str, byweekno: bool) -> tuple[tuple[int | None, int], ...]:
    out: list[tuple[int | None, int]] = []
    for item in value.split(","):
        match = _BYDAY.fullmatch(item)
        if match is None:
            raise ValueError(
                f"BYDAY: expected weekdays such as MO or 2TU or -1TH separated by commas, got {item!r}"
            )
        ordinal = None if match.group(1) is None else int(match.group(1))
        if ordinal is not None:
            # RFC 5545 3.3.10: a numeric BYDAY only with MONTHLY or YEARLY, and not with
            # YEARLY plus BYWEEKNO.
            if freq not in ("MONTHLY", "YEARLY"):
                raise ValueError(
                    f"BYDAY {item}: a numbered weekday needs FREQ=MONTHLY or FREQ=YEARLY "
                    f"(RFC 5545 3.3.10), got FREQ={freq}"
                )
            if byweekno:
                raise ValueError(f"BYDAY {item}: a numbered weekday cannot go with BYWEEKNO")
            limit = 5 if freq == "MONTHLY" else 53
            if not 1 <= abs(ordinal) <= limit:
                raise ValueError(
                    f"BYDAY {item}: expected a number from 1 to {limit} or -{limit} to -1"
                )
        out.append((ordinal, WEEKDAY_CODES.index(match.group(2))))
    return tuple(out)


def _split(text: str) -> dict[str, str]:
    if "\n" in text or text.startswith(("RRULE:", "DTSTART")):
        raise ValueError(
            "expected only the RRULE value such as FREQ=MONTHLY;BYDAY=2TU, without the "
            "'RRULE:' prefix or DTSTART (the series' runs_from and start give DTSTART)"
        )
    parts: dict[str, str] = {}
    for part in text.split(";"):
        name, equals, value = part.partition("=")
        if not equals or not name or not value:
            raise ValueError(f"expected NAME=VALUE parts separated by ';', got {part!r}")
        if name == "DTSTART":
            raise ValueError("DTSTART cannot be part of the rule; runs_from and start give it")
        if name in ("BYHOUR", "BYMINUTE", "BYSECOND"):
            raise ValueError(f"{name}: not allowed; the time of day is the series' start")
        if name not in PARTS:
            raise ValueError(f"unknown part {name}; expected one of {', '.join(PARTS)}")
        if name in parts:
            raise ValueError(f"{name} appears twice")
        parts[name] = value
    return parts


def normalise(text: str) -> str:
    """Upper case, no spaces: ``freq=monthly; byday=2tu`` becomes ``FREQ=MONTHLY;BYDAY=2TU``."""
    return "".join(text.split()).upper() if isinstance(text, str) else text


@lru_cache(maxsize=512)
def parse(text: str) -> Recurrence:
    """Check ``text`` against RFC 5545 3.3.10 and dateutil; a ValueError names what is wrong.

    The message has no series key; :class:`escalatie.forum.MeetingSeries` adds it.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError("expected an RRULE value such as FREQ=MONTHLY;BYDAY=2TU")
    text = normalise(text)
    parts = _split(text)
    freq = parts.get("FREQ")
    if freq is None:
        raise ValueError("FREQ is required, for example FREQ=WEEKLY")
    if freq not in FREQUENCIES:
        finer = freq in ("SECONDLY", "MINUTELY", "HOURLY")
        why = " (a forum meets at most daily)" if finer else ""
        raise ValueError(f"FREQ: expected one of {', '.join(FREQUENCIES)}{why}, got {freq}")
    if "COUNT" in parts and "UNTIL" in parts:
        raise ValueError("COUNT and UNTIL cannot both be given (RFC 5545 3.3.10)")
    interval = _one(parts, "INTERVAL") or 1
    count = _one(parts, "COUNT")
    until = None
    if "UNTIL" in parts:
        if not re.fullmatch(_UNTIL, parts["UNTIL"]):
            raise ValueError(
                f"UNTIL: expected a date as YYYYMMDD (the last day the series may meet), "
                f"got {parts['UNTIL']}"
            )
        try:
            until = datetime.strptime(parts["UNTIL"], "%Y%m%d").date()
        except ValueError:
            raise ValueError(
                f"UNTIL: expected a real date as YYYYMMDD, got {parts['UNTIL']}"
            ) from None
    if "BYMONTHDAY" in parts and freq == "WEEKLY":
        raise ValueError("BYMONTHDAY cannot go with FREQ=WEEKLY (RFC 5545 3.3.10)")
    if "BYYEARDAY" in parts and freq != "YEARLY":
        raise ValueError(f"BYYEARDAY needs FREQ=YEARLY (RFC 5545 3.3.10), got FREQ={freq}")
    if "BYWEEKNO" in parts and freq != "YEARLY":
        raise ValueError(f"BYWEEKNO needs FREQ=YEARLY (RFC 5545 3.3.10), got FREQ={freq}")
    if "BYSETPOS" in parts and "BYWEEKNO" in parts:
        raise ValueError(
            "BYSETPOS cannot go with BYWEEKNO in a meeting series (whether such a rule yields "
            "a date at all cannot be checked in bounded time)"
        )
    if "BYSETPOS" in parts and not any(n.startswith("BY") and n != "BYSETPOS" for n in parts):
        raise ValueError("BYSETPOS needs another BY part to pick from (RFC 5545 3.3.10)")
    wkst = parts.get("WKST")
    if wkst is not None and wkst not in WEEKDAY_CODES:
        raise ValueError(f"WKST: expected one of {', '.join(WEEKDAY_CODES)}, got {wkst}")
    rule = Recurrence(
        text=text,
        freq=freq,
        interval=interval,
        count=count,
        until=until,
        byday=_byday(parts["BYDAY"], freq, "BYWEEKNO" in parts) if "BYDAY" in parts else (),
        bymonthday=_list(parts, "BYMONTHDAY", 31, signed=True),
        byyearday=_list(parts, "BYYEARDAY", 366, signed=True),
        byweekno=_list(parts, "BYWEEKNO", 53, signed=True),
        bymonth=_list(parts, "BYMONTH", 12, signed=False),
        bysetpos=_list(parts, "BYSETPOS", 366, signed=True),
        wkst=None if wkst is None else WEEKDAY_CODES.index(wkst),
        names=tuple(parts),
    )
    if expands_here(rule):  # dateutil reads every such rule (the property test asks it)
        return rule
    try:
        expander(text, date(2000, 1, 1))
    except (ValueError, TypeError) as exc:  # dateutil's own refusal
        raise ValueError(f"dateutil cannot read it ({exc})") from None
    return rule


SPAN_YEARS = 8
"""Dates are expanded in blocks of this many years, each starting on 1 January of a multiple
of it."""

EARLIEST_START = date(2000, 1, 1)
LATEST_START = date(2999, 12, 31)
"""The range of a series' ``runs_from``: a rule is walked from its start, so a start in the
year 1 would cost seconds and hundreds of megabytes per question."""

COUNT_YEARS = 400
"""How far a rule with COUNT is walked for its dates: the Gregorian calendar repeats every 400
years, so a rule that still has dates to give gives one within them, and a rare rule (29
February on a Monday, COUNT=999) cannot make one question walk to the year 9999."""


def may_meet(rule: Recurrence, day: date) -> bool:
    """Whether ``day`` passes every BY part of ``rule`` that can be checked day by day: month,
    day of month, day of year, week number and weekday with its number in the month or year.
    BYSETPOS and INTERVAL are not checked, so this holds for every date the rule yields (and
    maybe more): when it holds for no day of a span, the rule yields nothing in it."""
    if rule.bymonth and day.month not in rule.bymonth:
        return False
    if rule.byweekno:
        week, weeks = _week(day, rule.wkst or 0)
        numbers = {week, week - weeks - 1}
        if day < _week_one(day.year, rule.wkst or 0):
            numbers |= {52, 53, -1}  # dateutil counts the last week of the year before its way
        if not numbers.intersection(rule.byweekno):
            return False
    if rule.bymonthday:
        length = month_length(day.year, day.month)
        if day.day not in rule.bymonthday and day.day - length - 1 not in rule.bymonthday:
            return False
    if rule.byyearday:
        length = _year_length(day.year)
        yday = day.timetuple().tm_yday
        if yday not in rule.byyearday and yday - length - 1 not in rule.byyearday:
            return False
    if rule.byday:
        in_month = rule.freq == "MONTHLY" or bool(rule.bymonth)
        if in_month:
            index, length = day.day, month_length(day.year, day.month)
        else:
            index, length = day.timetuple().tm_yday, _year_length(day.year)
        first, last = (index - 1) // 7 + 1, -((length - index) // 7 + 1)
        weekday = day.weekday()
        if not any(w == weekday and (n is None or n in (first, last)) for n, w in rule.byday):
            return False
    return True


def _with_defaults(rule: Recurrence, runs_from: date) -> Recurrence:
    """The rule with the parts dateutil takes from its start when none narrows the day: the
    day of the month (MONTHLY, YEARLY), the month (YEARLY), the weekday (WEEKLY)."""
    if rule.byday or rule.bymonthday or rule.byyearday or rule.byweekno:
        return rule
    import attrs

    if rule.freq == "WEEKLY":
        return attrs.evolve(rule, byday=((None, runs_from.weekday()),))
    if rule.freq == "MONTHLY":
        return attrs.evolve(rule, bymonthday=(runs_from.day,))
    if rule.freq == "YEARLY":
        return attrs.evolve(
            rule, bymonth=rule.bymonth or (runs_from.month,), bymonthday=(runs_from.day,)
        )
    return rule


def _period(rule: Recurrence, day: date) -> tuple[int, ...]:
    """The period of ``rule`` that ``day`` is in, as BYSETPOS counts: its day, week (from
    WKST, Monday by default), month or year."""
    if rule.freq == "DAILY":
        return (day.toordinal(),)
    if rule.freq == "WEEKLY":
        return ((day.toordinal() - 1 - (rule.wkst or 0)) // 7,)
    if rule.freq == "MONTHLY":
        return (day.year, day.month)
    return (day.year,)


def _week_one(year: int, wkst: int) -> date:
    """The first day of week 1 of ``year``: the week (from weekday ``wkst``) holding 4 January,
    the first with at least four days in the year (RFC 5545 3.3.10, BYWEEKNO)."""
    fourth = date(year, 1, 4)
    return fourth - timedelta(days=(fourth.weekday() - wkst) % 7)


def _week(day: date, wkst: int) -> tuple[int, int]:
    """The week number of ``day`` (weeks from weekday ``wkst``) and the number of weeks of the
    week-numbering year it falls in."""
    year = day.year + 1 if day >= _week_one(day.year + 1, wkst) else day.year
    if day < _week_one(year, wkst):
        year -= 1
    start = _week_one(year, wkst)
    return (day - start).days // 7 + 1, (_week_one(year + 1, wkst) - start).days // 7


def yields_within(text: str, runs_from: date, until: date) -> bool:
    """Whether the rule may yield a date in ``[runs_from, until)``, decided day by day with
    :func:`may_meet` (and BYSETPOS per period) in bounded time. dateutil looks for a rule's
    first date by walking until the year 9999: 20 seconds for
    ``FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30``."""
    rule = _with_defaults(parse(text), runs_from)
    if not rule.bysetpos:
        day = runs_from
        while day < until:
            if may_meet(rule, day):
                return True
            day += timedelta(days=1)
        return False
    # BYSETPOS picks from each whole period: look at the periods around the span too.
    periods: dict[tuple[int, ...], list[date]] = {}
    day = runs_from - timedelta(days=366)
    while day < until + timedelta(days=366):
        if may_meet(rule, day):
            periods.setdefault(_period(rule, day), []).append(day)
        day += timedelta(days=1)
    for days in periods.values():
        for pos in rule.bysetpos:
            if -len(days) <= pos <= len(days) and pos != 0:
                picked = days[pos - 1 if pos > 0 else pos]
                if runs_from <= picked < until:
                    return True
    return False


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0))


@lru_cache(maxsize=1024)
def expander(text: str, runs_from: date) -> Any:
    """The dateutil rule for ``text`` from ``runs_from`` (naive dates at midnight)."""
    from dateutil.rrule import rrulestr

    return rrulestr(text, dtstart=midnight(runs_from))


def _phase_start(rule: Recurrence, runs_from: date, since: date) -> date:
    """A start on or before ``since`` (and not before ``runs_from``) from which the rule yields
    the same dates from ``since`` on as from ``runs_from``: ``runs_from`` moved on by whole
    periods (INTERVAL days, weeks, months or years), so a question about 2030 does not walk the
    rule from 2000. A rule with COUNT counts from its start and is not moved."""
    if rule.count is not None or since <= runs_from:
        return runs_from
    if rule.freq in ("DAILY", "WEEKLY"):
        step = rule.interval * (7 if rule.freq == "WEEKLY" else 1)
        return runs_from + timedelta(days=(since - runs_from).days // step * step)
    months = 12 if rule.freq == "YEARLY" else 1
    step = rule.interval * months
    gone = (since.year - runs_from.year) * 12 + since.month - runs_from.month
    moved = gone // step * step
    year, month = divmod(runs_from.month - 1 + moved, 12)
    try:
        return runs_from.replace(year=runs_from.year + year, month=month + 1)
    except ValueError:  # the 31st or 29 February in a period without it: walk from the start
        return runs_from


def expands_here(rule: Recurrence) -> bool:
    """Whether :func:`expand` expands ``rule`` rather than dateutil: a rule without COUNT in
    one of :func:`pattern`'s shapes (every few days; every few weeks on given weekdays; every
    few months on numbered weekdays, ``2TU`` or ``-1TH``, or on days of the month), with or
    without UNTIL. These are the rules of every bundled and documented model."""
    return rule.count is None and _plain_shape(rule, EARLIEST_START) is not None


def expand(rule: Recurrence, runs_from: date, start: date, end: date) -> tuple[date, ...]:
    """The dates of ``rule`` (one :func:`expands_here` takes) from ``runs_from`` that fall in
    ``[start, end)``, in order: what dateutil's rrule yields for it from ``runs_from``.

    As RFC 5545 3.3.10 expands such a rule: every INTERVAL-th day; every INTERVAL-th week
    (weeks from Monday, the week of ``runs_from`` the first) on its BYDAY weekdays (without
    BYDAY: the weekday of ``runs_from``); every INTERVAL-th month (the month of ``runs_from``
    the first) on its numbered weekdays or its BYMONTHDAY days (without either: the day of
    ``runs_from``), a day the month lacks (the 31st, a fifth Tuesday) skipped. Never a date
    before ``runs_from`` or after UNTIL."""
    shape = _plain_shape(rule, runs_from)
    assert shape is not None and rule.count is None, rule.text
    kind, interval, weekdays, positions, monthdays = shape
    start = max(start, runs_from)
    if rule.until is not None and rule.until < end:
        end = rule.until + timedelta(days=1)
    first, stop = start.toordinal(), end.toordinal()  # day 1 (1 January of year 1) is a Monday
    if kind == "daily":
        first += (runs_from.toordinal() - first) % interval
        return tuple(map(date.fromordinal, range(first, stop, interval)))
    if kind == "weekly":
        week = (first - 1) // 7
        week += ((runs_from.toordinal() - 1) // 7 - week) % interval
        found: list[date] = []
        while week * 7 + 1 < stop:
            found += [
                date.fromordinal(week * 7 + 1 + weekday)
                for weekday in weekdays
                if first <= week * 7 + 1 + weekday < stop
            ]
            week += interval
        return tuple(found)
    return _months(kind, interval, positions, monthdays, runs_from, start, end)


def _months(
    kind: str,
    interval: int,
    positions: tuple[tuple[int, int], ...],
    monthdays: tuple[int, ...],
    runs_from: date,
    start: date,
    end: date,
) -> tuple[date, ...]:
    """:func:`expand` of a monthly rule: its days in every INTERVAL-th month from ``runs_from``'s."""
    month = start.year * 12 + start.month - 1
    month += (runs_from.year * 12 + runs_from.month - 1 - month) % interval
    found: list[date] = []
    while month <= end.year * 12 + end.month - 1:
        year, number = divmod(month, 12)
        length = month_length(year, number + 1)
        if kind == "monthly_day":
            days = {d if d > 0 else length + 1 + d for d in monthdays if d <= length}
        else:
            weekday_of_first = date(year, number + 1, 1).weekday()
            days = set()
            for nth, weekday in positions:
                day = 1 + (weekday - weekday_of_first) % 7  # the first such weekday
                day += 7 * (nth - 1) if nth > 0 else 7 * ((length - day) // 7 + nth + 1)
                if 1 <= day <= length:
                    days.add(day)
        found += [
            date(year, number + 1, day)
            for day in sorted(days)
            if start <= date(year, number + 1, day) < end
        ]
        month += interval
    return tuple(found)


def month_length(year: int, month: int) -> int:
    """The number of days of ``month`` in ``year`` (Gregorian leap years): what
    ``calendar.monthrange(year, month)[1]`` gives, without importing ``calendar``."""
    if month != 2:
        return (31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28


def _year_length(year: int) -> int:
    return 337 + month_length(year, 2)


@lru_cache(maxsize=2048)
def _block(text: str, runs_from: date, first_year: int) -> tuple[date, ...]:
    """Every date the rule yields in the :data:`SPAN_YEARS` years from 1 January of
    ``first_year`` (a multiple of it), expanded once (:func:`expand`, or dateutil from a start
    near that block: :func:`_phase_start`) and then looked up by bisection."""
    rule = parse(text)
    start = max(runs_from, date(first_year, 1, 1))
    end = datetime(min(first_year + SPAN_YEARS, 9999), 1, 1)
    if expands_here(rule):
        return expand(rule, runs_from, start, end.date())
    if rule.count is not None:
        return tuple(d for d in _counted(text, runs_from) if start <= d < end.date())
    dtstart = _phase_start(rule, runs_from, start)
    expanded = expander(text, dtstart).between(midnight(start), end, inc=True)
    return tuple(d.date() for d in expanded if d < end)


@lru_cache(maxsize=256)
def _counted(text: str, runs_from: date) -> tuple[date, ...]:
    """Every date of a rule with COUNT (at most 999), looked for in :data:`COUNT_YEARS`."""
    limit = runs_from.year + COUNT_YEARS
    out = []
    for found in expander(text, runs_from):
        if found.year >= limit:
            break
        out.append(found.date())
    return tuple(out)


def _first_year(year: int) -> int:
    return year // SPAN_YEARS * SPAN_YEARS


def dates_between(text: str, runs_from: date, since: date, until: date) -> list[date]:
    """The rule's dates in ``[since, until)``."""
    if until <= since:
        return []
    out: list[date] = []
    for first in range(_first_year(since.year), _first_year(until.year) + 1, SPAN_YEARS):
        if first > 9999 - SPAN_YEARS:
            break
        found = _block(text, runs_from, first)
        out += found[bisect_left(found, since) : bisect_left(found, until)]
    return out


def dates_from(text: str, runs_from: date, since: date) -> Iterator[date]:
    """The rule's dates on or after ``since``, in order, block by block (without end for a rule
    without COUNT or UNTIL, up to the year 9999)."""
    rule = parse(text)
    if rule.count is not None:
        found = _counted(text, runs_from)
        yield from found[bisect_left(found, since) :]
        return
    first = _first_year(since.year)
    while first <= 9999 - SPAN_YEARS:
        if rule.until is not None and date(first, 1, 1) > rule.until:
            return
        found = _block(text, runs_from, first)
        yield from found[bisect_left(found, since) :]
        first += SPAN_YEARS


def _order(ordinal: int) -> tuple[int, int]:
    return (1, -ordinal) if ordinal < 0 else (0, ordinal)


def pattern(rule: Recurrence, runs_from: date) -> Pattern | None:
    """The shape of ``rule`` from ``runs_from``, or None when words would not say it exactly
    (then the texts quote the rule itself)."""
    shape = _plain_shape(rule, runs_from)
    if shape is None:
        return None
    from escalatie.recurrence_pattern import Pattern

    return Pattern(*shape, count=rule.count, until=rule.until)


Shape = tuple[str, int, tuple[int, ...], tuple[tuple[int, int], ...], tuple[int, ...]]
"""A :class:`Pattern`'s kind, interval, weekdays, positions and days of the month."""


def _plain_shape(rule: Recurrence, runs_from: date) -> Shape | None:
    """:func:`_shape` of a rule without BYSETPOS, BYYEARDAY, BYWEEKNO, BYMONTH and with weeks
    from Monday; None for any other."""
    if rule.bysetpos or rule.byyearday or rule.byweekno or rule.bymonth:
        return None
    if rule.wkst not in (None, 0):
        return None
    return _shape(rule, runs_from)


def _shape(rule: Recurrence, runs_from: date) -> Shape | None:
    if rule.freq == "DAILY" and not rule.byday and not rule.bymonthday:
        return "daily", rule.interval, (), (), ()
    if rule.freq == "WEEKLY":
        days = sorted({d for _, d in rule.byday}) if rule.byday else [runs_from.weekday()]
        return "weekly", rule.interval, tuple(days), (), ()
    if rule.freq != "MONTHLY":
        return None
    if rule.byday and not rule.bymonthday:
        positions = [(n, d) for n, d in rule.byday if n is not None and (n > 0 or n >= -2)]
        if len(positions) != len(rule.byday):
            return None
        positions.sort(key=lambda p: (_order(p[0]), p[1]))
        return "monthly_weekday", rule.interval, (), tuple(positions), ()
    if not rule.byday:
        monthdays = list(rule.bymonthday) or [runs_from.day]
        if any(d < 0 and d != -1 for d in monthdays):
            return None
        ordered = sorted(set(monthdays), key=_order)
        return "monthly_day", rule.interval, (), (), tuple(ordered)
    return None


@frozen
class Wording:
    """How one language says a :class:`Pattern`: its words and sentence frames.

    The structure (which frame fits which shape, how lists, an end date and a count are added)
    is :meth:`say`'s and the same in every language; :mod:`escalatie.dutch` (texts for
    participants) and :mod:`escalatie.english` (``describe``) give only their words. Frames are
    ``str.format`` templates: ``{every}`` (the interval), ``{days}``, ``{positions}``,
    ``{rule}``, ``{day}``.
    """

    weekdays: tuple[str, ...]
    ordinals: dict[int, str]
    and_: str
    """The word before the last item of a list (``a, b and c``)."""
    every: Callable[[int, str], str]
    """``every(interval, unit)`` for unit ``day``, ``week`` or ``month``: ``every three weeks``."""
    monthday: Callable[[int], str]
    """A day of the month (-1: the last day): ``15th``."""
    day: Callable[[date], str]
    count: Callable[[int], str]
    """How many meetings in all: ``, 6 times in all``."""
    weekly: str
    monthly_positions: str
    """A weekday position every month: ``on the {positions} of every month``."""
    positions_every: str
    """A weekday position every few months: ``{every}, on the {positions} of the month``."""
    monthly_days: str
    days_every: str
    quoted: str
    """A rule beyond the shapes: ``following the recurrence rule {rule}``."""
    until: str

    def listing(self, items: list[str]) -> str:
        """``a``, ``a and b``, ``a, b and c``."""
        return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {self.and_} {items[-1]}"

    def _positions(self, p: Pattern) -> str:
        weekdays = {d for _, d in p.positions}
        if len(weekdays) == 1:
            nths = self.listing([self.ordinals[n] for n, _ in p.positions])
            return f"{nths} {self.weekdays[weekdays.pop()]}"
        return self.listing([f"{self.ordinals[n]} {self.weekdays[d]}" for n, d in p.positions])

    def _words(self, p: Pattern) -> str:
        if p.kind == "daily":
            return self.every(p.interval, "day")
        if p.kind == "weekly":
            days = self.listing([self.weekdays[d] for d in p.weekdays])
            return self.weekly.format(every=self.every(p.interval, "week"), days=days)
        if p.kind == "monthly_weekday":
            frame = self.monthly_positions if p.interval == 1 else self.positions_every
            return frame.format(every=self.every(p.interval, "month"), positions=self._positions(p))
        days = self.listing([self.monthday(d) for d in p.monthdays])
        frame = self.monthly_days if p.interval == 1 else self.days_every
        return frame.format(every=self.every(p.interval, "month"), days=days)

    def say(self, rule: Recurrence, runs_from: date) -> str:
        """The rule from ``runs_from`` in words, or quoted when no :class:`Pattern` fits."""
        shape = pattern(rule, runs_from)
        if shape is None:
            return self.quoted.format(rule=rule.text)
        words = self._words(shape)
        if shape.until is not None:
            words += self.until.format(day=self.day(shape.until))
        if shape.count is not None:
            words += self.count(shape.count)
        return words


def __getattr__(name: str) -> Any:
    """:class:`Pattern`, still importable from here, is defined in
    :mod:`escalatie.recurrence_pattern`: only wording a rule needs it, and a triage, which
    expands rules without wording them, does not define the class (issue 16)."""
    if name == "Pattern":
        from escalatie.recurrence_pattern import Pattern

        return Pattern
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
