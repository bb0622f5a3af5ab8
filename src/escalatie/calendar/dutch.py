"""Dutch wording for calendar texts: kept as an import path; the wording is :mod:`escalatie.dutch`."""

from __future__ import annotations

from escalatie.dutch import MONTHS, WEEKDAYS, cite, day, day_and_time, days, listing, recurrence

__all__ = [
    "MONTHS",
    "WEEKDAYS",
    "cite",
    "day",
    "day_and_time",
    "days",
    "listing",
    "recurrence",
]
