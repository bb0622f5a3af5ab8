"""Dutch wording for texts that go to Dutch participants: dates, counts, life domains.

One place for it, so an invitation, a shared plan and a learning report name the same thing
the same way. The seeds are Dutch procedures; their readers are Dutch professionals and
families.
"""

from __future__ import annotations

from datetime import date, datetime, time

from escalatie.case import LifeDomainKind, PartyRole, SubmitterRole
from escalatie.recurrence import Recurrence, Wording
from escalatie.sources import Source

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


SUBMITTERS: dict[SubmitterRole, str] = {
    SubmitterRole.PROFESSIONAL: "beroepskracht",
    SubmitterRole.DISTRICT_TEAM: "wijkteam",
    SubmitterRole.GENERAL_PRACTITIONER: "huisarts",
    SubmitterRole.YOUTH_HEALTH_CARE: "jeugdgezondheidszorg",
    SubmitterRole.YOUTH_PROTECTION: "jeugdbescherming",
    SubmitterRole.PROVIDER: "zorgaanbieder",
    SubmitterRole.HOUSING_CORPORATION: "woningcorporatie",
    SubmitterRole.POLICE: "politie",
    SubmitterRole.WORK_AND_INCOME: "werk en inkomen",
    SubmitterRole.CLIENT_SUPPORTER: "cliëntondersteuner",
    SubmitterRole.CLIENT_ORGANISATION: "cliëntorganisatie",
    SubmitterRole.PARENT: "ouder",
    SubmitterRole.YOUNG_PERSON: "jeugdige",
    SubmitterRole.COUNCIL: "gemeenteraad",
    SubmitterRole.EXPERTPOOL: "Expertpool",
    SubmitterRole.OTHER: "overig",
}
"""Who brings a case in (casusinbrenger), as a Dutch reader names them."""

PARTIES: dict[PartyRole, str] = {
    PartyRole.FAMILY: "gezin",
    PartyRole.KEY_SUPPORT_FIGURE: "sleutelfiguur",
    PartyRole.SOCIAL_BASE: "sociale basis",
    PartyRole.EDUCATION: "onderwijs",
    PartyRole.BASIC_CARE: "basiszorg",
    PartyRole.ADDITIONAL_CARE_YOUTH: "aanvullende zorg jeugd",
    PartyRole.ADDITIONAL_CARE_WMO: "aanvullende zorg Wmo",
    PartyRole.GENERAL_PRACTITIONER: "huisarts",
    PartyRole.YOUTH_HEALTH_CARE: "jeugdgezondheidszorg",
    PartyRole.YOUTH_PROTECTION: "jeugdbescherming",
    PartyRole.MENTAL_HEALTH_INSTITUTION: "ggz-instelling",
    PartyRole.HOUSING_CORPORATION: "woningcorporatie",
    PartyRole.POLICE: "politie",
    PartyRole.WORK_AND_INCOME: "werk en inkomen",
    PartyRole.CLIENT_SUPPORTER: "cliëntondersteuner",
    PartyRole.MUNICIPALITY: "gemeente",
    PartyRole.OTHER: "overig",
}
"""The role of a party around the family, as a Dutch reader names it."""


def sentence(text: str) -> str:
    """``text`` as a sentence of a Dutch text: ending in a full stop unless it ends in one, or
    in ``!``, ``?`` or ``…`` (``Reden: Geen casussen.``)."""
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?", "…")) else f"{text}."


def plural(count: int, one: str, many: str) -> str:
    """``1 inzicht``, ``2 inzichten``, ``0 inzichten``."""
    return f"{count} {one if count == 1 else many}"


def days(count: int) -> str:
    """``twee dagen``: a number of days in running text."""
    return count_phrase(count, "dag", "dagen")


def day(value: date) -> str:
    """``6 april 2026``."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def clock(moment: datetime | time) -> str:
    """``09.15``: Dutch writes the time of day with a full stop, not a colon."""
    return f"{moment.hour:02d}.{moment.minute:02d}"


def day_and_time(moment: datetime) -> str:
    """``maandag 6 april 2026 om 09.15 uur`` (Amsterdam wall-clock time as given)."""
    return f"{WEEKDAYS[moment.weekday()]} {day(moment.date())} om {clock(moment)} uur"


def time_range(start: datetime | time, end: datetime | time) -> str:
    """``van 09.15 tot 10.45 uur``."""
    return f"van {clock(start)} tot {clock(end)} uur"


def day_and_time_range(start: datetime, end: datetime) -> str:
    """``maandag 9 maart 2026 van 09.15 tot 10.45 uur``."""
    return f"{WEEKDAYS[start.weekday()]} {day(start.date())} {time_range(start, end)}"


def euro(amount: int) -> str:
    """``€ 60.000``: the euro sign, a space, thousands separated by full stops."""
    return f"€ {amount:,}".replace(",", ".")


COUNT_WORDS = ("geen", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen",
               "tien", "elf", "twaalf")  # fmt: skip


def count_phrase(count: int, one: str, many: str) -> str:
    """``geen signalen``, ``één signaal``, ``drie casussen``, ``14 dagen``: small counts in
    words, as running Dutch text writes them (and so a sentence never starts with a digit)."""
    word = COUNT_WORDS[count] if 0 <= count < len(COUNT_WORDS) else str(count)
    return f"{word} {one if count == 1 else many}"


def cite(source: Source) -> str:
    """A citation readers outside the project understand: the document's title, not its number."""
    title = source.title
    return f"{title}, {source.section}" if source.section else title


def source(where: Source) -> str:
    """The document's title and the part of it, without a quoted fragment: a section such as
    ``stap 4, over annuleren: uiterlijk twee dagen …`` is cited as ``stap 4, over annuleren``,
    so no half sentence of the source stands in a Dutch text."""
    part = where.section.split(":")[0].strip()
    title = where.title  # a seed's title, or a document a model file declares
    return f"{title}, {part}" if part else title


NUMBERS = ("", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien",
           "elf", "twaalf")  # fmt: skip
ORDINALS = {1: "eerste", 2: "tweede", 3: "derde", 4: "vierde", 5: "vijfde", -1: "laatste",
            -2: "voorlaatste"}  # fmt: skip


UNITS = {"day": ("dag", "dagen"), "week": ("week", "weken"), "month": ("maand", "maanden")}


def _every(interval: int, unit: str) -> str:
    one, many = UNITS[unit]
    if interval == 1:
        return f"elke {one}"
    return f"elke {NUMBERS[interval] if interval < len(NUMBERS) else interval} {many}"


DUTCH = Wording(
    weekdays=WEEKDAYS,
    ordinals=ORDINALS,
    and_="en",
    every=_every,
    monthday=lambda d: "laatste dag" if d == -1 else f"{d}e",
    day=day,
    count=lambda n: f", {plural(n, 'keer', 'keer')} in totaal",
    weekly="{every} op {days}",
    monthly_positions="elke {positions} van de maand",
    positions_every="{every} op de {positions} van de maand",
    monthly_days="elke {days} van de maand",
    days_every="{every} op de {days}",
    quoted="volgens de herhaalregel {rule}",
    until=", tot en met {day}",
)
"""The Dutch words of a meeting rhythm (the structure is :class:`Wording`'s)."""
listing = DUTCH.listing


def recurrence(rule: Recurrence, runs_from: date) -> str:
    """``elke tweede dinsdag van de maand``, ``elke drie weken op maandag`` (never ``om de 1
    weken``); a rule beyond these shapes is quoted: ``volgens de herhaalregel FREQ=...``."""
    return DUTCH.say(rule, runs_from)


ASSUMED_RHYTHM = (
    "Dit vergaderritme is nog niet door de gemeente vastgesteld; vraag bij twijfel de "
    "organisator of deze datum doorgaat."
)
"""Said in every calendar text of a forum whose rhythm is the library's assumption (issue 11):
short and consistent for the participant; the organiser's warning that the
rhythm is assumed goes to stderr."""
