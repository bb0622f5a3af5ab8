"""Deadlines of a case: service norms per forum, suspension, working days, overdue agreements.

The ZGW standard names two terms for a zaaktype: the *servicenorm* (the internal target, which
gives a zaak its ``einddatumGepland``) and the *doorlooptijd* (the outer limit, which gives its
``uiterlijkeEinddatumAfdoening``). It leaves the arithmetic to clients; this module does it:

* a norm counts calendar days or working days: Monday to Friday, less the days off of the
  case's forum (its model's holiday policy, :func:`escalatie.schedule.days_off`, the same
  calendar the forum meets by), or, for a case with no known forum, less the general list of
  Dutch public holidays (:mod:`escalatie.dutch_holidays`). Which days staff have off is the
  municipality's policy (its cao or local rules), not a statute's: the Algemene termijnenwet
  only extends statutory time limits over its *algemeen erkende feestdagen* (art. 1 and 3);
* suspending a case (opschorten) moves both end dates by the days it was suspended, counted in
  the same unit as the norm; a suspension still running counts up to the moment asked about.

The seeds set no norms (seed 000 only fixes the cadence of the tables: once every 1.5 weeks),
so the defaults below are documented example values, to be set per municipality in the
``[deadlines]`` table of the settings file (see ``docs/register.md``).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import attrs
from attrs import field, frozen, validators

from escalatie.clock import local
from escalatie.errors import EscalatieError
from escalatie.learning import Agreement
from escalatie.settings import SettingsError
from escalatie.validation import FieldError

if TYPE_CHECKING:
    from escalatie.forum import HolidayPolicy

MAX_DAYS = 3650
"""The longest norm accepted (ten years of calendar days): far beyond any real norm, and well
clear of the end of the calendar, where date arithmetic would overflow."""


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


def _days(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not 1 <= value <= MAX_DAYS:
        raise FieldError(
            attribute.name,
            f"expected a whole number of days from 1 to {MAX_DAYS}, got {value!r}",
        )


def _not_before_servicenorm(instance: Any, attribute: attrs.Attribute[int], value: int) -> None:
    if value < instance.servicenorm:
        raise FieldError(
            attribute.name,
            f"expected at least the servicenorm ({instance.servicenorm}), got {value}",
        )


@frozen
class ForumNormSettings:
    """A ``[deadlines.forums.KEY]`` table: what differs from the default norm for one forum."""

    servicenorm: int | None = field(default=None, validator=_days)
    doorlooptijd: int | None = field(default=None, validator=_days)
    working_days: bool | None = None


@frozen
class DeadlineSettings:
    """The ``[deadlines]`` table of the settings file (``docs/settings.md``)."""

    servicenorm: int = field(default=DEFAULT_NORM.servicenorm, validator=_days)
    doorlooptijd: int = field(
        default=DEFAULT_NORM.doorlooptijd, validator=[_days, _not_before_servicenorm]
    )
    working_days: bool = DEFAULT_NORM.working_days
    forums: Mapping[str, ForumNormSettings] = field(factory=dict)

    def norms(self) -> Norms:
        """The norms: a forum's table falls back on the default norm for what it leaves out."""
        default = ServiceNorm(self.servicenorm, self.doorlooptijd, self.working_days)
        forums = {}
        for key, own in self.forums.items():
            servicenorm = own.servicenorm or default.servicenorm
            doorlooptijd = own.doorlooptijd or default.doorlooptijd
            if doorlooptijd < servicenorm:
                raise SettingsError(
                    [
                        f"settings [deadlines.forums.{key}] doorlooptijd: expected at least the "
                        f"servicenorm ({servicenorm}), got {doorlooptijd}"
                    ]
                )
            working = default.working_days if own.working_days is None else own.working_days
            forums[key] = ServiceNorm(servicenorm, doorlooptijd, working)
        return Norms(default, forums)


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
        from escalatie.settings import structure

        return structure(table, DeadlineSettings, "deadlines").norms()


def load_norms() -> Norms:
    """The norms of the settings file's ``[deadlines]`` table; unknown keys are refused."""
    from escalatie.settings import read

    return read("deadlines", DeadlineSettings).norms()


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    from escalatie.dutch_holidays import dutch_public_holidays

    return frozenset(dutch_public_holidays(year))


def _days_off(year: int, holidays: HolidayPolicy | None) -> Container[date]:
    if holidays is None:
        return _holidays(year)
    from escalatie.schedule import days_off

    return days_off(holidays, year)


def is_working_day(day: date, holidays: HolidayPolicy | None = None) -> bool:
    """Monday to Friday and not a day off: a day off under ``holidays`` (a forum's policy), or
    a Dutch public holiday of the general list when there is no policy."""
    return day.weekday() < 5 and day not in _days_off(day.year, holidays)


def count_days(
    start: date, end: date, working_days: bool, holidays: HolidayPolicy | None = None
) -> int:
    """Days in ``[start, end)``: calendar days, or working days only."""
    if end <= start:
        return 0
    if not working_days:
        return (end - start).days
    return sum(
        1 for n in range((end - start).days) if is_working_day(start + timedelta(days=n), holidays)
    )


def add_days(
    start: date, days: int, working_days: bool, holidays: HolidayPolicy | None = None
) -> date:
    """The date ``days`` days (or working days) after ``start``."""
    if not working_days:
        return start + timedelta(days=days)
    day = start
    left = days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            left -= 1
    return day


Interval = tuple[datetime, datetime | None]
"""A suspension: from, until (None while it runs)."""


def suspended_days(
    suspensions: Iterable[Interval],
    at: datetime,
    working_days: bool,
    holidays: HolidayPolicy | None = None,
) -> int:
    """Days suspended up to ``at``; a running suspension counts until ``at``."""
    total = 0
    for since, until in suspensions:
        end = local(until if until is not None else at).date()
        total += count_days(local(since).date(), end, working_days, holidays)
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
    start: datetime,
    norm: ServiceNorm,
    suspensions: Iterable[Interval],
    at: datetime,
    holidays: HolidayPolicy | None = None,
) -> Deadlines:
    """End dates of a case started at ``start``, as known at ``at``; working days are counted
    with ``holidays``, the case's forum's policy (None: the general list)."""
    day = local(start).date()
    working = norm.working_days
    moved = suspended_days(suspensions, at, working, holidays)
    return Deadlines(
        start=day,
        norm=norm,
        suspended=moved,
        planned_end=add_days(day, norm.servicenorm + moved, working, holidays),
        latest_end=add_days(day, norm.doorlooptijd + moved, working, holidays),
    )


def overdue_agreements(agreements: Iterable[Agreement], at: datetime) -> list[Agreement]:
    """Agreements not done whose due date has passed at ``at`` (seed 000, step 5: the schedule)."""
    return sorted((a for a in agreements if a.overdue(local(at))), key=lambda a: a.due)
