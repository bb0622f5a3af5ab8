"""Dutch wording for texts that go to Dutch participants: dates, counts, life domains.

One place for it, so an invitation, a shared plan and a learning report name the same thing
the same way. The seeds are Dutch procedures; their readers are Dutch professionals and
families.
"""

from __future__ import annotations

from datetime import date, datetime

from escalatie.case import LifeDomainKind
from escalatie.sources import SEEDS, Source

WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip

DOMAINS: dict[LifeDomainKind, str] = {
    LifeDomainKind.CARE: "zorg",
    LifeDomainKind.EDUCATION: "onderwijs",
    LifeDomainKind.HOUSING: "wonen",
    LifeDomainKind.WORK_AND_INCOME: "werk en inkomen",
    LifeDomainKind.SAFETY: "veiligheid",
    LifeDomainKind.HEALTH: "gezondheid",
    LifeDomainKind.UPBRINGING: "opvoeden en opgroeien",
    LifeDomainKind.SOCIAL_NETWORK: "sociaal netwerk",
    LifeDomainKind.FINANCES: "financiën",
    LifeDomainKind.DAILY_LIFE: "dagelijks leven",
    LifeDomainKind.JUSTICE: "justitie",
}
"""The life domains (leefgebieden, seed 000 step 2) as a Dutch reader names them."""


def domain(kind: LifeDomainKind) -> str:
    """The Dutch name of a life domain."""
    return DOMAINS[kind]


def plural(count: int, one: str, many: str) -> str:
    """``1 inzicht``, ``2 inzichten``, ``0 inzichten``."""
    return f"{count} {one if count == 1 else many}"


def days(count: int) -> str:
    return plural(count, "dag", "dagen")


def day(value: date) -> str:
    """``6 april 2026``."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def day_and_time(moment: datetime) -> str:
    """``maandag 6 april 2026 om 09:15`` (Amsterdam wall-clock time as given)."""
    return f"{WEEKDAYS[moment.weekday()]} {day(moment.date())} om {moment.strftime('%H:%M')}"


def cite(source: Source) -> str:
    """A citation readers outside the project understand: the document's title, not its number."""
    title = SEEDS[source.seed]
    return f"{title}, {source.section}" if source.section else title
