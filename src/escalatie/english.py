"""English wording for ``describe``: a meeting series' rhythm in words a policy adviser reads.

The Dutch texts for participants are :mod:`escalatie.dutch`'s; both say the same
:class:`~escalatie.recurrence.Pattern` and quote the rule itself when no pattern fits.
"""

from __future__ import annotations

from datetime import date

from escalatie.recurrence import Pattern, Recurrence, pattern

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
NUMBERS = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
           "eleven", "twelve")  # fmt: skip
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last",
            -2: "second-to-last"}  # fmt: skip


def number(n: int) -> str:
    return NUMBERS[n] if n < len(NUMBERS) else str(n)


def nth(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``11th``, ``22nd``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def listing(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def day(value: date) -> str:
    """``6 April 2026``."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def _every(interval: int, unit: str) -> str:
    return f"every {unit}" if interval == 1 else f"every {number(interval)} {unit}s"


def _positions(p: Pattern) -> str:
    weekdays = {d for _, d in p.positions}
    if len(weekdays) == 1:
        return f"{listing([ORDINALS[n] for n, _ in p.positions])} {WEEKDAYS[weekdays.pop()]}"
    return listing([f"{ORDINALS[n]} {WEEKDAYS[d]}" for n, d in p.positions])


def _monthdays(p: Pattern) -> str:
    return listing(["last day" if d == -1 else nth(d) for d in p.monthdays])


def _words(p: Pattern) -> str:
    if p.kind == "daily":
        return _every(p.interval, "day")
    if p.kind == "weekly":
        return f"{_every(p.interval, 'week')} on {listing([WEEKDAYS[d] for d in p.weekdays])}"
    if p.kind == "monthly_weekday":
        if p.interval == 1:
            return f"every {_positions(p)} of the month"
        return f"{_every(p.interval, 'month')} on the {_positions(p)} of the month"
    if p.interval == 1:
        return f"on the {_monthdays(p)} of every month"
    return f"{_every(p.interval, 'month')} on the {_monthdays(p)}"


def recurrence(rule: Recurrence, runs_from: date) -> str:
    """``every second Tuesday of the month``, ``every three weeks on Monday``; a rule beyond
    these shapes is quoted: ``following the recurrence rule FREQ=YEARLY;BYMONTH=3``."""
    shape = pattern(rule, runs_from)
    if shape is None:
        return f"following the recurrence rule {rule.text}"
    words = _words(shape)
    if shape.until is not None:
        words += f", until {day(shape.until)}"
    if shape.count is not None:
        words += f", {shape.count} time{'s' if shape.count != 1 else ''} in all"
    return words
