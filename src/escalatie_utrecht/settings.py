"""Utrecht's local configuration: the table ``[utrecht]`` of the escalatie settings file.

Seed 000 (step 4) fixes the weekdays, times and rhythm of the maatwerktafels but not the first
date, the municipality's days off or the process support's address: those are configuration.
Seed 001 gives no rhythm for the City Deal overleg or the Commissie Passend Alternatief; their
first dates are configurable assumptions (see ``docs/models/utrecht.md``). Example::

    [utrecht]
    first_date = 2026-01-05          # a Monday: first maatwerktafel of the Monday series
    good_friday = true               # Good Friday is a day off for the municipality
    closing_days = [2026-12-28, 2026-12-29]
    process_support_address = "maatwerktafel@utrecht.example"
    citydeal_rrule = "FREQ=MONTHLY;BYDAY=2WE"   # instead of every four weeks (an assumption)

Every value is checked when the models are built; a bad one is a one-line error naming the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time
from typing import Any

from attrs import frozen

from escalatie import settings as core_settings
from escalatie.errors import EscalatieError
from escalatie.forum import CadenceError, MeetingSeries

SECTION = "utrecht"

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

DEFAULT_ROTATION_POOL: tuple[str, ...] = (
    # Invented names: the larger providers of additional care that take turns at the table.
    "Jeugdhulp Amaliaweide",
    "Zorgcollectief Vechtkade",
    "Stichting Oudegracht Jeugd",
    "Kromme Rijn Jeugdzorg",
    "Gezinsgroep Domplein",
)


@frozen
class UtrechtSettings:
    """The validated ``[utrecht]`` settings with their documented defaults."""

    first_date: date = date(2026, 1, 5)
    good_friday: bool = False
    closing_days: tuple[date, ...] = ()
    process_support_address: str = "maatwerktafel@utrecht.example"
    citydeal_first_date: date = date(2026, 1, 14)
    passend_alternatief_first_date: date = date(2026, 1, 13)
    citydeal_rrule: str = ""
    """An RFC 5545 rule replacing the assumed four-weekly rhythm; runs from the first date."""
    passend_alternatief_rrule: str = ""
    """An RFC 5545 rule replacing the assumed two-weekly rhythm; runs from the first date."""
    knelpuntenzorg_address: str = "knelpuntenzorg@utrecht.example"
    rotation_pool: tuple[str, ...] = DEFAULT_ROTATION_POOL


KEYS = (
    "first_date",
    "good_friday",
    "closing_days",
    "process_support_address",
    "citydeal_first_date",
    "passend_alternatief_first_date",
    "citydeal_rrule",
    "passend_alternatief_rrule",
    "knelpuntenzorg_address",
    "rotation_pool",
)


def _error(key: str, expected: str, value: Any) -> EscalatieError:
    return EscalatieError(f"settings [{SECTION}] {key}: expected {expected}, got {value!r}")


def _on_weekday(table: Mapping[str, Any], key: str, default: date, weekdays: range) -> date:
    value = core_settings.get_date(table, key, default, SECTION)
    if value.weekday() not in weekdays:
        names = WEEKDAY_NAMES[weekdays.start]
        if len(weekdays) > 1:
            names = f"{names} to {WEEKDAY_NAMES[weekdays.stop - 1]}"
        raise EscalatieError(
            f"settings [{SECTION}] {key}: expected a date on a {names}, "
            f"got {value.isoformat()} (a {WEEKDAY_NAMES[value.weekday()]})"
        )
    return value


def _rule(table: Mapping[str, Any], key: str, runs_from: date) -> str:
    """An RFC 5545 rule that yields meetings from ``runs_from``, or "" when not given."""
    value = core_settings.get_str(table, key, "", SECTION).strip()
    if value:
        try:
            MeetingSeries(key, value, time(0, 0), 1, runs_from)
        except CadenceError as exc:
            detail = str(exc).removeprefix(f"series {key}: rrule ")
            raise EscalatieError(f"settings [{SECTION}] {key} {detail}") from None
    return value


def _address(table: Mapping[str, Any], key: str, default: str) -> str:
    value = core_settings.get_str(table, key, default, SECTION).strip()
    local, at, domain = value.partition("@")
    if not (local and at and "." in domain) or any(c.isspace() for c in value):
        raise _error(key, "a functional e-mail address such as team@utrecht.example", value)
    return value


def _names(table: Mapping[str, Any], key: str, default: tuple[str, ...]) -> tuple[str, ...]:
    raw = table.get(key, list(default))
    if not isinstance(raw, list) or not raw:
        raise _error(key, "a non-empty list of organisation names", raw)
    names = []
    for i, item in enumerate(raw):
        if not isinstance(item, str) or not item.strip():
            raise _error(f"{key}[{i}]", "an organisation name", item)
        names.append(item.strip())
    if len(set(names)) != len(names):
        raise _error(key, "organisation names without duplicates", raw)
    return tuple(names)


def parse(table: Mapping[str, Any]) -> UtrechtSettings:
    """Validate a ``[utrecht]`` table; unknown keys are refused so a typo is not ignored."""
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise EscalatieError(
            f"settings [{SECTION}] {unknown[0]}: unknown key; expected one of {', '.join(KEYS)}"
        )
    defaults = UtrechtSettings()
    citydeal_first = _on_weekday(
        table, "citydeal_first_date", defaults.citydeal_first_date, range(0, 5)
    )
    cpa_first = _on_weekday(
        table,
        "passend_alternatief_first_date",
        defaults.passend_alternatief_first_date,
        range(0, 5),
    )
    return UtrechtSettings(
        first_date=_on_weekday(table, "first_date", defaults.first_date, range(0, 1)),
        good_friday=core_settings.get_bool(table, "good_friday", defaults.good_friday, SECTION),
        closing_days=core_settings.get_dates(table, "closing_days", SECTION),
        process_support_address=_address(
            table, "process_support_address", defaults.process_support_address
        ),
        citydeal_first_date=citydeal_first,
        passend_alternatief_first_date=cpa_first,
        citydeal_rrule=_rule(table, "citydeal_rrule", citydeal_first),
        passend_alternatief_rrule=_rule(table, "passend_alternatief_rrule", cpa_first),
        knelpuntenzorg_address=_address(
            table, "knelpuntenzorg_address", defaults.knelpuntenzorg_address
        ),
        rotation_pool=_names(table, "rotation_pool", defaults.rotation_pool),
    )


def load(env: Mapping[str, str] | None = None) -> UtrechtSettings:
    """The settings from the settings file (``$ESCALATIE_CONFIG``), validated."""
    return parse(core_settings.section(SECTION, env))
