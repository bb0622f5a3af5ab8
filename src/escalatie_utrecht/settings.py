"""Utrecht's local configuration: the table ``[utrecht]`` of the escalatie settings file.

Seed 000 (stap 4) fixes the weekdays, times and rhythm of the maatwerktafels but not the first
date, the municipality's days off or the process support's address: those are configuration.
Seed 001 gives no rhythm for the City Deal overleg or the Commissie Passend Alternatief; their
first dates and rules are configurable assumptions (see ``docs/models/utrecht.md``). Example::

    [utrecht]
    first_date = 2026-01-05          # a Monday: first maatwerktafel of the Monday series
    good_friday = true               # Good Friday is a day off for the municipality
    closing_days = [2026-12-28, 2026-12-29]
    process_support_address = "maatwerktafel@utrecht.example"
    citydeal_rrule = "FREQ=MONTHLY;BYDAY=2WE"   # instead of every four weeks (an assumption)

The four model files (``models/*.toml``) declare these keys with the same defaults under
``[settings]`` and put the values in place; this class checks what a file's declaration cannot
say (a Monday, a functional address, a rule that yields a date from its first date, names
without repeats), through the settings converter, before the files are read.
Every value is checked when the models are built; a bad one is a one-line error naming the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time
from typing import Any

import attrs
from attrs import field, frozen

from escalatie import settings as core_settings
from escalatie.api import MeetingSeries
from escalatie.english import WEEKDAYS
from escalatie.forum import CadenceError
from escalatie.validation import FieldError

SECTION = "utrecht"

DEFAULT_ROTATION_POOL: tuple[str, ...] = (
    # Invented names: the larger providers of additional care that take turns at the table.
    "Jeugdhulp Amaliaweide",
    "Zorgcollectief Vechtkade",
    "Stichting Oudegracht Jeugd",
    "Kromme Rijn Jeugdzorg",
    "Gezinsgroep Domplein",
)


def _on(weekdays: range) -> Any:
    """A date on one of ``weekdays`` (Monday is 0)."""
    names = WEEKDAYS[weekdays.start]
    if len(weekdays) > 1:
        names = f"{names} to {WEEKDAYS[weekdays.stop - 1]}"

    def check(instance: Any, attribute: attrs.Attribute[date], value: date) -> None:
        if value.weekday() not in weekdays:
            raise FieldError(
                attribute.name,
                f"expected a date on a {names}, got {value.isoformat()} "
                f"(a {WEEKDAYS[value.weekday()]})",
            )

    return check


def _address(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    local, at, domain = value.strip().partition("@")
    if not (local and at and "." in domain) or any(c.isspace() for c in value.strip()):
        raise FieldError(
            attribute.name,
            f"expected a functional e-mail address such as team@utrecht.example, got {value!r}",
        )


def _rule_from(first: str) -> Any:
    """An RFC 5545 rule that yields meetings from the date in field ``first``, or ""."""

    def check(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
        if value.strip():
            try:
                MeetingSeries(
                    attribute.name, value.strip(), time(0, 0), 1, getattr(instance, first)
                )
            except CadenceError as exc:
                detail = str(exc).removeprefix(f"series {attribute.name}: rrule ")
                raise FieldError(attribute.name, detail) from None

    return check


def _names(
    instance: Any, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    if not value:
        raise FieldError(attribute.name, "expected a non-empty list of organisation names")
    for i, name in enumerate(value):
        if not name.strip():
            raise FieldError(f"{attribute.name}[{i}]", "expected an organisation name")
    if len(set(value)) != len(value):
        raise FieldError(attribute.name, "expected organisation names without duplicates")


def _days(value: tuple[date, ...]) -> tuple[date, ...]:
    return tuple(sorted(set(value)))


@frozen
class UtrechtSettings:
    """The ``[utrecht]`` settings with their documented defaults (``docs/settings.md``)."""

    first_date: date = field(default=date(2026, 1, 5), validator=_on(range(0, 1)))
    """The first maatwerktafel of the Monday series (a Monday): seed 000 stap 4 gives the days and
    times, not a start date; the default is the library's assumption."""
    good_friday: bool = False
    closing_days: tuple[date, ...] = field(default=(), converter=_days)
    process_support_address: str = field(
        default="maatwerktafel@utrecht.example", validator=_address
    )
    citydeal_first_date: date = field(default=date(2026, 1, 14), validator=_on(range(0, 5)))
    passend_alternatief_first_date: date = field(
        default=date(2026, 1, 13), validator=_on(range(0, 5))
    )
    citydeal_rrule: str = field(default="", validator=_rule_from("citydeal_first_date"))
    """An RFC 5545 rule replacing the assumed four-weekly rhythm; runs from the first date."""
    passend_alternatief_rrule: str = field(
        default="", validator=_rule_from("passend_alternatief_first_date")
    )
    """An RFC 5545 rule replacing the assumed two-weekly rhythm; runs from the first date."""
    knelpuntenzorg_address: str = field(
        default="knelpuntenzorg@utrecht.example", validator=_address
    )
    rotation_pool: tuple[str, ...] = field(default=DEFAULT_ROTATION_POOL, validator=_names)


def parse(table: Mapping[str, Any]) -> UtrechtSettings:
    """Validate a ``[utrecht]`` table through the settings converter; unknown keys are refused
    so a typo is not ignored."""
    return core_settings.structure(table, UtrechtSettings, SECTION)


def load(env: Mapping[str, str] | None = None) -> UtrechtSettings:
    """The settings from the settings file (``$ESCALATIE_CONFIG``), validated."""
    return core_settings.read(SECTION, UtrechtSettings, env)
