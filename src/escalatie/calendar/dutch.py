"""Dutch wording for calendar texts that go to participants (seed 000 is a Dutch procedure)."""

from __future__ import annotations

from datetime import datetime

from escalatie.sources import SEEDS, Source

WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def day_and_time(moment: datetime) -> str:
    """``maandag 6 april 2026 om 09:15`` (Amsterdam wall-clock time as given)."""
    return (
        f"{WEEKDAYS[moment.weekday()]} {moment.day} {MONTHS[moment.month - 1]} {moment.year}"
        f" om {moment.strftime('%H:%M')}"
    )


def days(count: int) -> str:
    return "1 dag" if count == 1 else f"{count} dagen"


def cite(source: Source) -> str:
    """A citation readers outside the project understand: the document's title, not its number."""
    title = SEEDS[source.seed]
    return f"{title}, {source.section}" if source.section else title
