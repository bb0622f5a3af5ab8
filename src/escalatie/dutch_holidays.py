"""The Dutch public holidays of a year, computed here rather than loaded from ``holidays``.

Why: ``holidays.country_holidays("NL")`` (and even ``holidays.countries.netherlands``) imports
every country the package knows, about 300 modules and most of ``triage``'s start-up time
(issue 16). The Dutch list is short and its dates follow fixed rules, so it is computed for the
years asked.

What the list is: the one the ``holidays`` package gives for NL in Dutch, names included, so
no output changes (``tests/core/test_dutch_holidays.py`` checks it year by year): Nieuwjaarsdag,
Goede vrijdag, the Easter, Ascension, Whitsun and Christmas days, Koningsdag (Koninginnedag
before 2014; since 1980 moved to the Saturday before when it falls on a Sunday) and, only once
every five years, 5 May. It is a list of days off as many employers keep them, not a statute's:

* The Algemene termijnenwet (Atw, BWBR0002448) governs statutory time limits, not days off. Its
  art. 3 lid 1 names as *algemeen erkende feestdagen* Nieuwjaarsdag, the Christian second
  Easter and Whitsun days, both Christmas days, Ascension Day, the day the King's birthday is
  celebrated and "de vijfde mei", every year; lid 2 equates Goede Vrijdag with them; lid 3 lets
  a royal decree equate other days. So under the Atw 5 May counts every year, and Good Friday
  counts too.
* Whether staff have a day off is the employer's cao or local policy (the cao gemeenten gives 5
  May every year). A forum's ``HolidayPolicy`` states that policy, and :mod:`escalatie.schedule`
  and :mod:`escalatie.deadlines` go by it: this list is only the starting point of its
  ``national`` days (Goede vrijdag taken out or kept by its ``good_friday`` switch), and the
  fallback for a case with no forum.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

FIRST_YEAR = 1966
"""The Atw entered into force on 1 April 1965; the list starts with the first whole year."""


def easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher): the date
    ``dateutil.easter.easter`` gives for every year from 1583 to 9999 (a test compares them
    all), without importing dateutil at triage's start-up (issue 16)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    lo = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * lo) // 451
    month, day = divmod(h + lo - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=256)
def dutch_public_holidays(year: int) -> dict[date, str]:
    """The Dutch public holidays of ``year`` with their Dutch names (none before 1966)."""
    if year < FIRST_YEAR:
        return {}
    sunday = easter(year)
    royal = date(year, 4, 27) if year >= 2014 else date(year, 4, 30)
    if royal.weekday() == 6:  # Sunday
        royal += timedelta(days=-1 if year >= 1980 else 1)
    days = [
        (date(year, 1, 1), "Nieuwjaarsdag"),
        (sunday - timedelta(days=2), "Goede vrijdag"),
        (sunday, "Eerste paasdag"),
        (sunday + timedelta(days=1), "Tweede paasdag"),
        (royal, "Koningsdag" if year >= 2014 else "Koninginnedag"),
    ]
    if year % 5 == 0:
        days.append((date(year, 5, 5), "Bevrijdingsdag"))
    days += [
        (sunday + timedelta(days=39), "Hemelvaartsdag"),
        (sunday + timedelta(days=49), "Eerste pinksterdag"),
        (sunday + timedelta(days=50), "Tweede pinksterdag"),
        (date(year, 12, 25), "Eerste kerstdag"),
        (date(year, 12, 26), "Tweede kerstdag"),
    ]
    out: dict[date, str] = {}
    for day, name in days:  # two on one day are joined as the holidays package does
        out[day] = f"{out[day]}; {name}" if day in out else name
    return out
