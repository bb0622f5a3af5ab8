"""English wording for ``describe``: a meeting series' rhythm in words a policy adviser reads.

The Dutch texts for participants are :mod:`escalatie.dutch`'s; both give only their words to
one :class:`~escalatie.recurrence.Wording`, which says a :class:`~escalatie.recurrence.Pattern`
the same way in either language and quotes the rule itself when no pattern fits.
"""

from __future__ import annotations

from datetime import date

from escalatie.recurrence import Recurrence, Wording

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


def day(value: date) -> str:
    """``6 April 2026``."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def _every(interval: int, unit: str) -> str:
    return f"every {unit}" if interval == 1 else f"every {number(interval)} {unit}s"


ENGLISH = Wording(
    weekdays=WEEKDAYS,
    ordinals=ORDINALS,
    and_="and",
    every=_every,
    monthday=lambda d: "last day" if d == -1 else nth(d),
    day=day,
    count=lambda n: f", {n} time{'s' if n != 1 else ''} in all",
    weekly="{every} on {days}",
    # "every second Tuesday of the month" reads as every other Tuesday: the
    # position is said before "every month".
    monthly_positions="on the {positions} of every month",
    positions_every="{every}, on the {positions} of the month",
    monthly_days="on the {days} of every month",
    days_every="{every} on the {days}",
    quoted="following the recurrence rule {rule}",
    until=", until {day}",
)
"""The English words of a meeting rhythm (the structure is :class:`Wording`'s)."""
listing = ENGLISH.listing


def recurrence(rule: Recurrence, runs_from: date) -> str:
    """``on the second Tuesday of every month``, ``every three weeks on Monday``; a rule beyond
    these shapes is quoted: ``following the recurrence rule FREQ=YEARLY;BYMONTH=3``."""
    return ENGLISH.say(rule, runs_from)
