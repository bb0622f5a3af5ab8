"""Deadlines of a case: service norms per forum, suspension, working days, overdue agreements.

The ZGW standard names two terms for a zaaktype: the *servicenorm* (the internal target, which
gives a zaak its ``einddatumGepland``) and the *doorlooptijd* (the outer limit, which gives its
``uiterlijkeEinddatumAfdoening``). It leaves the arithmetic to clients; this module does it:

* a norm counts calendar days or working days (Monday to Friday, less Dutch public holidays
  from :mod:`escalatie.dutch_holidays`);
* suspending a case (opschorten) moves both end dates by the days it was suspended, counted in
  the same unit as the norm; a suspension still running counts up to the moment asked about.

The seeds set no norms (seed 000 only fixes the cadence of the tables: once every 1.5 weeks),
so the defaults below are documented example values, to be set per municipality in the
``[deadlines]`` table of the settings file (see ``docs/register.md``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from attrs import field, frozen, validators

from escalatie.clock import local
from escalatie.errors import EscalatieError
from escalatie.learning import Agreement

MAX_DAYS = 3650
"""The longest norm accepted (ten years of calendar days): far beyond any real norm, and well
clear of the end of the calendar, where date arithmetic would overflow."""

NORM_KEYS = ("servicenorm", "doorlooptijd", "working_days")
DEADLINES_KEYS = (*NORM_KEYS, "forums")


@frozen
class ServiceNorm:
    """How long a forum's cases may take: target and outer limit, in days or working days."""

    servicenorm: int = field(validator=[validators.ge(1), validators.le(MAX_DAYS)])
    doorlooptijd: int = field(validator=[validators.ge(1), validators.le(MAX_DAYS)])
    working_days: bool = True

    def __attrs_post_init__(self) -> None:
        if self.doorlooptijd < self.servicenorm:
            raise EscalatieError(
                f"doorlooptijd: expected at least the servicenorm ({self.servicenorm}), "
                f"got {self.doorlooptijd}"
            )

    @property
    def unit(self) -> str:
        return "werkdagen" if self.working_days else "kalenderdagen"


DEFAULT_NORM = ServiceNorm(servicenorm=20, doorlooptijd=40, working_days=True)
"""Example default: a case is handled within 20 working days (about two table cycles of 1.5
weeks plus preparation, seed 000 step 4), and at the latest within 40 working days."""


def _days(table: Mapping[str, Any], key: str, default: int, where: str) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DAYS:
        raise EscalatieError(
            f"settings [{where}] {key}: expected a whole number of days from 1 to {MAX_DAYS}, "
            f"got {value!r}"
        )
    return value


def _known(table: Mapping[str, Any], keys: tuple[str, ...], where: str) -> None:
    """A key that is not a setting is an error: a typo must not silently mean the default."""
    for key in table:
        if key not in keys:
            close = difflib.get_close_matches(str(key), keys, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise EscalatieError(
                f"settings [{where}] {key}: unknown setting{hint}; expected one of "
                + ", ".join(sorted(keys))
            )


def _norm(
    table: Mapping[str, Any], base: ServiceNorm, where: str, keys: tuple[str, ...]
) -> ServiceNorm:
    if not isinstance(table, Mapping):
        raise EscalatieError(f"settings [{where}]: expected a table")
    _known(table, keys, where)
    working = table.get("working_days", base.working_days)
    if not isinstance(working, bool):
        raise EscalatieError(
            f"settings [{where}] working_days: expected true or false, got {working!r}"
        )
    servicenorm = _days(table, "servicenorm", base.servicenorm, where)
    doorlooptijd = _days(table, "doorlooptijd", base.doorlooptijd, where)
    if doorlooptijd < servicenorm:
        raise EscalatieError(
            f"settings [{where}] doorlooptijd: expected at least the servicenorm "
            f"({servicenorm}), got {doorlooptijd}"
        )
    return ServiceNorm(servicenorm, doorlooptijd, working)


@frozen
class Norms:
    """The default norm and the norms of named forums."""

    default: ServiceNorm = DEFAULT_NORM
    forums: Mapping[str, ServiceNorm] = field(factory=dict)

    def for_forum(self, forum: str | None) -> ServiceNorm:
        return self.forums.get(forum, self.default) if forum else self.default

    @classmethod
    def from_settings(cls, table: Mapping[str, Any]) -> Norms:
        """Read ``[deadlines]`` and ``[deadlines.forums.KEY]`` tables of the settings file."""
        default = _norm(table, DEFAULT_NORM, "deadlines", DEADLINES_KEYS)
        forums_table = table.get("forums", {})
        if not isinstance(forums_table, Mapping):
            raise EscalatieError("settings [deadlines] forums: expected a table of forum tables")
        forums = {
            key: _norm(sub, default, f"deadlines.forums.{key}", NORM_KEYS)
            for key, sub in forums_table.items()
        }
        return cls(default, forums)


def load_norms() -> Norms:
    """The norms of the settings file's ``[deadlines]`` table; unknown keys are refused."""
    from escalatie.settings import section

    return Norms.from_settings(section("deadlines", known=DEADLINES_KEYS))


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    from escalatie.dutch_holidays import dutch_public_holidays

    return frozenset(dutch_public_holidays(year))


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Dutch public holiday."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def count_days(start: date, end: date, working_days: bool) -> int:
    """Days in ``[start, end)``: calendar days, or working days only."""
    if end <= start:
        return 0
    if not working_days:
        return (end - start).days
    return sum(1 for n in range((end - start).days) if is_working_day(start + timedelta(days=n)))


def add_days(start: date, days: int, working_days: bool) -> date:
    """The date ``days`` days (or working days) after ``start``."""
    if not working_days:
        return start + timedelta(days=days)
    day = start
    left = days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


Interval = tuple[datetime, datetime | None]
"""A suspension: from, until (None while it runs)."""


def suspended_days(suspensions: Iterable[Interval], at: datetime, working_days: bool) -> int:
    """Days suspended up to ``at``; a running suspension counts until ``at``."""
    total = 0
    for since, until in suspensions:
        end = local(until if until is not None else at).date()
        total += count_days(local(since).date(), end, working_days)
    return total


@frozen
class Deadlines:
    """A case's end dates under its norm, moved by the days it was suspended."""

    start: date
    norm: ServiceNorm
    suspended: int
    planned_end: date
    latest_end: date

    def overdue(self, at: datetime) -> bool:
        return local(at).date() > self.planned_end


def deadlines(
    start: datetime, norm: ServiceNorm, suspensions: Iterable[Interval], at: datetime
) -> Deadlines:
    """End dates of a case started at ``start``, as known at ``at``."""
    day = local(start).date()
    moved = suspended_days(suspensions, at, norm.working_days)
    return Deadlines(
        start=day,
        norm=norm,
        suspended=moved,
        planned_end=add_days(day, norm.servicenorm + moved, norm.working_days),
        latest_end=add_days(day, norm.doorlooptijd + moved, norm.working_days),
    )


def overdue_agreements(agreements: Iterable[Agreement], at: datetime) -> list[Agreement]:
    """Agreements not done whose due date has passed at ``at`` (seed 000, step 5: the schedule)."""
    return sorted((a for a in agreements if a.overdue(local(at))), key=lambda a: a.due)
