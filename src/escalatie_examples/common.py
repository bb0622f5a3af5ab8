"""What the four example models share: submitter groups and cadences read from the settings file.

Seed 002 gives no meeting rhythm for Helmond, Rotterdam, Groningen or Hillegom-Lisse-Teylingen.
Each model therefore has a documented default (an assumption, see ``docs/models/*.md``) that a
municipality overrides in its table of the settings file, for example::

    [groningen]
    first_date = 2026-01-08   # the weekday of this date is the meeting day
    start = "09:00"
    end = "11:00"
    every_weeks = 1
    # or instead of every_weeks, any RFC 5545 rule from first_date on:
    # rrule = "FREQ=MONTHLY;BYDAY=2TU"
    minutes_per_case = 30
    on_request = false        # true: no fixed series, the forum meets when asked
    good_friday = false
    liberation_day = true     # 5 May off every year (cao gemeenten)
    closing_days = [2026-12-28]
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time
from typing import Any

from attrs import frozen

from escalatie.case import SubmitterRole
from escalatie.errors import EscalatieError
from escalatie.forum import LIBERATION_DAY, Cadence, CadenceError, HolidayPolicy
from escalatie.organisation import SUBMITTER_AUDIENCES, Audience
from escalatie.settings import get_bool, get_date, get_dates, get_int, get_str, get_time
from escalatie.sources import Source

PROFESSIONAL_SUBMITTERS = (
    SubmitterRole.PROFESSIONAL,
    SubmitterRole.DISTRICT_TEAM,
    SubmitterRole.GENERAL_PRACTITIONER,
    SubmitterRole.YOUTH_HEALTH_CARE,
    SubmitterRole.YOUTH_PROTECTION,
    SubmitterRole.PROVIDER,
    SubmitterRole.HOUSING_CORPORATION,
    SubmitterRole.POLICE,
    SubmitterRole.WORK_AND_INCOME,
    SubmitterRole.CLIENT_SUPPORTER,
)
"""Everyone who brings a case in on the job rather than as the family."""

"""The client: parents or the young person themselves."""


def audiences_of(*roles: SubmitterRole) -> frozenset[Audience]:
    """The audiences these submitter roles belong to: a step's ``applicants`` that admit exactly
    the roles its entry rule names (triage matches applicants against the same table)."""
    out: set[Audience] = set()
    for role in roles:
        out |= SUBMITTER_AUDIENCES[role]
    return frozenset(out)


@frozen
class CadenceDefaults:
    """A model's assumed rhythm, used for every key the settings file leaves out."""

    first_date: date
    start: time
    end: time
    every_weeks: int
    minutes_per_case: int
    on_request: bool = False


@frozen
class ForumTiming:
    """A forum's cadence and time box as configured."""

    cadence: Cadence
    minutes_per_case: int


SETTING_KEYS = frozenset(
    {
        "first_date",
        "start",
        "end",
        "every_weeks",
        "rrule",
        "minutes_per_case",
        "on_request",
        "good_friday",
        "liberation_day",
        "closing_days",
    }
)
"""The keys a municipality's table in the settings file may hold; any other is a typo."""


def forum_timing(
    table: Mapping[str, Any], where: str, defaults: CadenceDefaults, source: Source
) -> ForumTiming:
    """The forum's cadence from ``[where]`` in the settings file, falling back to ``defaults``.

    The meeting day is the weekday of ``first_date`` (:meth:`Cadence.every`); an ``rrule``
    (RFC 5545, such as ``FREQ=MONTHLY;BYDAY=2TU``) replaces that weekly rhythm, and the first
    meeting is then the first date it yields on or after ``first_date``.
    """
    first = get_date(table, "first_date", defaults.first_date, where)
    start = get_time(table, "start", defaults.start, where)
    end = get_time(table, "end", defaults.end, where)
    if end <= start:
        raise EscalatieError(f"settings [{where}] end: expected a time after start {start:%H:%M}")
    every = get_int(table, "every_weeks", defaults.every_weeks, where, 1)
    rrule = get_str(table, "rrule", "", where).strip()
    if rrule and "every_weeks" in table:
        raise EscalatieError(
            f"settings [{where}] every_weeks: expected either every_weeks or rrule, not both"
        )
    minutes = get_int(table, "minutes_per_case", defaults.minutes_per_case, where, 1)
    on_request = get_bool(table, "on_request", defaults.on_request, where)
    holidays = HolidayPolicy(
        good_friday=get_bool(table, "good_friday", False, where),
        fixed_days_off=(LIBERATION_DAY,) if get_bool(table, "liberation_day", True, where) else (),
        closing_days=tuple((d, "sluitingsdag") for d in get_dates(table, "closing_days", where)),
    )
    if on_request:
        cadence = Cadence(
            on_request=True, other_moments_by_agreement=True, holidays=holidays, source=source
        )
    elif rrule:
        try:
            cadence = Cadence.by_rule(
                where, rrule, first, start, end, holidays, source, other_moments_by_agreement=True
            )
        except CadenceError as exc:
            # "series hlt: rrule '...': why" becomes "settings [hlt] rrule '...': why".
            detail = str(exc).removeprefix(f"series {where}: ")
            raise EscalatieError(f"settings [{where}] {detail}") from None
    else:
        cadence = Cadence.every(
            where, first, start, end, every, holidays, source, other_moments_by_agreement=True
        )
    return ForumTiming(cadence, minutes)
