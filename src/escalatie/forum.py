"""Forums (tables, commissions, round tables, platforms) and their cadence (seeds 000–002)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, datetime, time
from enum import StrEnum
from functools import lru_cache
from typing import Any

from attrs import field, frozen, validators

from escalatie.case import PartyRole
from escalatie.clock import AMSTERDAM
from escalatie.errors import EscalatieError
from escalatie.organisation import Mandate
from escalatie.recurrence import (
    EARLIEST_START,
    LATEST_START,
    WEEKDAY_CODES,
    Recurrence,
    dates_between,
    dates_from,
    expander,
    midnight,
    normalise,
    parse,
    yields_within,
)
from escalatie.sources import Source
from escalatie.validation import FieldError, between

MAX_NOTICE_DAYS = 365


class ForumKind(StrEnum):
    """The kinds of forum every municipality knows; a plugin registers its own (such as
    ``platform``) through ``escalatie_register_forum_kinds`` (:mod:`escalatie.kinds`)."""

    TABLE = "table"
    COMMISSION = "commission"
    ROUND_TABLE = "round_table"
    CONSULTATION = "consultation"
    MAILBOX = "mailbox"
    EXPERT_ADVICE = "expert_advice"


class CadenceError(EscalatieError, ValueError):
    """A meeting series that cannot be: the message names the series and what was expected."""


def _sorted_dates(name: str) -> Any:
    def check(instance: MeetingSeries, attribute: object, value: tuple[date, ...]) -> None:
        if not all(isinstance(d, date) and not isinstance(d, datetime) for d in value):
            raise CadenceError(f"series {instance.key}: {name}: expected dates, got {value!r}")
        if any(a >= b for a, b in itertools.pairwise(value)):
            raise CadenceError(
                f"series {instance.key}: {name}: expected dates in order without duplicates, "
                f"got {', '.join(d.isoformat() for d in value)}"
            )

    return check


@frozen
class MeetingSeries:
    """One recurring slot: an RFC 5545 RRULE, a time of day and a duration, from ``runs_from``.

    The first meeting is the first date the rule yields on or after ``runs_from``; ``dates``
    adds meetings (RDATE) and ``excluded`` takes some out (EXDATE) beyond the holiday policy.
    Times are Amsterdam wall-clock times, so a 09:15 meeting stays at 09:15 across DST.
    The rule is checked against RFC 5545 as well as dateutil (:mod:`escalatie.recurrence`).
    """

    key: str
    rrule: str = field(converter=normalise)
    """RFC 5545 RRULE value without the ``RRULE:`` prefix, e.g. ``FREQ=MONTHLY;BYDAY=2TU``."""
    start: time
    minutes: int
    """Duration in minutes; the meeting ends before midnight."""
    runs_from: date
    dates: tuple[date, ...] = field(default=(), validator=_sorted_dates("dates"))
    """Extra meetings outside the rule (RDATE)."""
    excluded: tuple[date, ...] = field(default=(), validator=_sorted_dates("excluded"))
    """Dates of the rule that are no meeting (EXDATE), beyond the holiday policy."""

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.key, str) or not self.key.strip():
            raise CadenceError(f"series: key: expected a non-empty name, got {self.key!r}")
        where = f"series {self.key}"
        if not isinstance(self.rrule, str):
            raise CadenceError(
                f"{where}: rrule: expected text such as FREQ=MONTHLY;BYDAY=2TU, got {self.rrule!r}"
            )
        try:
            parse(self.rrule)
        except ValueError as exc:
            raise CadenceError(f"{where}: rrule {self.rrule!r}: {exc}") from None
        if not isinstance(self.start, time):
            raise CadenceError(f"{where}: start: expected a time of day, got {self.start!r}")
        if not isinstance(self.runs_from, date) or isinstance(self.runs_from, datetime):
            raise CadenceError(f"{where}: runs_from: expected a date, got {self.runs_from!r}")
        if not EARLIEST_START <= self.runs_from <= LATEST_START:
            raise CadenceError(
                f"{where}: runs_from: expected a date from {EARLIEST_START.isoformat()} to "
                f"{LATEST_START.isoformat()}, got {self.runs_from.isoformat()}"
            )
        room = 24 * 60 - (self.start.hour * 60 + self.start.minute)
        if (
            isinstance(self.minutes, bool)
            or not isinstance(self.minutes, int)
            or not 1 <= self.minutes < room
        ):
            raise CadenceError(
                f"{where}: minutes: expected 1 to {room - 1} (the meeting starts at "
                f"{self.start:%H:%M} and ends before midnight), got {self.minutes!r}"
            )
        first = self.first_meeting
        if first is None:
            raise CadenceError(
                f"{where}: rrule {self.rrule}: yields no date within {FIRST_MEETING_YEARS} "
                f"years of runs_from {self.runs_from.isoformat()}; expected a rule that does"
            )
        for day in self.dates:
            if day <= first:
                raise CadenceError(
                    f"{where}: dates: expected extra dates after the first meeting "
                    f"{first.isoformat()}, got {day.isoformat()}"
                )
        if not self.dates and not self.excluded:
            return  # nothing to look up in the rule: dateutil not imported (issue 16)
        rule = expander(self.rrule, self.runs_from)
        for day in self.dates:
            if midnight(day) in rule:
                raise CadenceError(
                    f"{where}: dates: {day.isoformat()} is already a date of the rule"
                )
        for day in self.excluded:
            if midnight(day) not in rule:
                raise CadenceError(
                    f"{where}: excluded: expected dates the rule yields, got {day.isoformat()}"
                )

    @property
    def end(self) -> time:
        """The wall-clock time the meeting ends (``start`` plus ``minutes``)."""
        total = self.start.hour * 60 + self.start.minute + self.minutes
        return time(total // 60, total % 60)

    @property
    def recurrence(self) -> Recurrence:
        return parse(self.rrule)

    @property
    def first_meeting(self) -> date | None:
        """The first date the rule yields on or after ``runs_from`` (a day off may still take it
        out); None when it yields none within :data:`FIRST_MEETING_YEARS` years."""
        return _first(self.rrule, self.runs_from)

    def starts_on(self, day: date) -> datetime:
        return datetime.combine(day, self.start, AMSTERDAM)

    def ends_on(self, day: date) -> datetime:
        return datetime.combine(day, self.end, AMSTERDAM)

    def rule_dates(self, since: date, until: date) -> list[date]:
        """Dates the rule alone yields in ``[since, until)``."""
        if until <= since:
            return []
        return dates_between(self.rrule, self.runs_from, since, until)

    def occurrences(self, since: date, until: date) -> list[date]:
        """Planned dates of the series in ``[since, until)``: the rule's and the extra
        ``dates``. ``excluded`` dates and days off are still in; :mod:`escalatie.schedule`
        takes them out with their reason."""
        out = self.rule_dates(since, until)
        extra = [d for d in self.dates if since <= d < until]
        return sorted(out + extra) if extra else out

    def upcoming(self, since: date) -> Iterator[date]:
        """Planned dates on or after ``since``, in order, without end (a bounded rule: until its
        last date); ``excluded`` dates and days off are still in."""
        from_rule = dates_from(self.rrule, self.runs_from, since)
        if not self.dates:
            yield from from_rule
        else:
            import heapq  # only a series with extra dates merges: not imported at start-up

            yield from heapq.merge(from_rule, (d for d in self.dates if d >= since))


def weekly_rule(weekday: int, every_weeks: int = 1) -> str:
    """``FREQ=WEEKLY;BYDAY=MO``, with ``INTERVAL`` only when it is more than 1: RFC 5545 makes 1
    the default, and ical.js drops a written INTERVAL=1 (so parsers would disagree on the text)."""
    interval = f";INTERVAL={every_weeks}" if every_weeks > 1 else ""
    return f"FREQ=WEEKLY{interval};BYDAY={WEEKDAY_CODES[weekday]}"


FIRST_MEETING_YEARS = 10
"""How far after ``runs_from`` the first meeting may lie: a rule that yields nothing sooner is
a mistake (and an impossible rule such as the 30th of February is refused in bounded time)."""


@lru_cache(maxsize=1024)
def _first(rrule: str, runs_from: date) -> date | None:
    horizon = runs_from.replace(year=runs_from.year + FIRST_MEETING_YEARS, day=1)
    if not yields_within(rrule, runs_from, horizon):  # dateutil would walk to the year 9999
        return None
    found = next(dates_from(rrule, runs_from, runs_from), None)
    return found if found is not None and found < horizon else None


@frozen
class FixedDayOff:
    """A day off every year on the same date, such as 5 May under the municipal cao."""

    month: int = field(validator=[validators.ge(1), validators.le(12)])
    day: int = field(validator=[validators.ge(1), validators.le(31)])
    name: str


LIBERATION_DAY = FixedDayOff(5, 5, "Bevrijdingsdag: vrije dag volgens de cao gemeenten")
"""5 May, a day off every year under the municipal collective agreement (local policy, not a
seed: the municipalities' own rule)."""


def check_holiday_country(instance: Any, attribute: Any, value: str | None) -> None:
    """An attrs validator of ``country`` and ``subdivision``: a country (and region) whose
    holidays the ``holidays`` package knows, so a model is refused when it is read rather than
    failing at its first schedule. The Netherlands without a region needs no import."""
    if attribute.name == "country":  # the country on its own; its region is checked apart
        country, subdivision = value, None
    else:
        country, subdivision = getattr(instance, "country", "NL"), value
    if country == "NL" and not subdivision:
        return
    import holidays as holidays_lib

    try:
        holidays_lib.country_holidays(str(country), subdiv=subdivision, years=2026)
    except NotImplementedError:
        expected = (
            "a country code the holidays package knows (such as NL, BE, DE)"
            if attribute.name == "country"
            else f"a region of {country} that the holidays package knows"
        )
        raise FieldError(attribute.name, f"expected {expected}, got {value!r}") from None


@frozen
class HolidayPolicy:
    """Which days a forum does not meet: national holidays plus the municipality's own rules."""

    country: str = field(default="NL", validator=check_holiday_country)
    subdivision: str | None = field(default=None, validator=check_holiday_country)
    national: bool = True
    good_friday: bool = False
    fixed_days_off: tuple[FixedDayOff, ...] = ()
    closing_days: tuple[tuple[date, str], ...] = ()
    source: Source | None = None


MAX_SERIES = 20
"""Meeting series one forum may have (docs/model-files.md): every schedule, invitation and
triage expands each of them, so a model file with thousands would make each one slow."""


@frozen
class Cadence:
    """When a forum meets. ``on_request`` forums (mailbox, consul) have no fixed series."""

    series: tuple[MeetingSeries, ...] = ()
    on_request: bool = False
    other_moments_by_agreement: bool = False
    holidays: HolidayPolicy = field(factory=HolidayPolicy)
    cancellation_notice_days: int = field(default=0, validator=between(0, MAX_NOTICE_DAYS))
    """Days before a meeting within which it is not cancelled without ``--force``."""
    source: Source | None = None
    cancellation_source: Source | None = None
    """Where ``cancellation_notice_days`` comes from, if not seed 000 step 4's sentence on
    cancelling (``source`` cites the meeting frequency)."""
    assumption: str = ""
    """Why this rhythm is the library's assumption (the source gives none), or empty when it
    comes from a source or from the municipality's own settings. ``describe`` states it,
    calendar texts to participants say so in Dutch, and ``schedule`` warns (issue 11)."""

    def __attrs_post_init__(self) -> None:
        if len(self.series) > MAX_SERIES:
            raise CadenceError(
                f"series: expected at most {MAX_SERIES} meeting series per forum, "
                f"got {len(self.series)}"
            )

    @property
    def fixed(self) -> bool:
        return bool(self.series)

    @classmethod
    def every(
        cls,
        key: str,
        first: date,
        start: time,
        end: time,
        every_weeks: int,
        holidays: HolidayPolicy,
        source: Source | None,
        other_moments_by_agreement: bool = False,
    ) -> Cadence:
        """One weekly series on the weekday of ``first``, every ``every_weeks`` weeks from it:
        ``FREQ=WEEKLY;BYDAY=XX``, with ``INTERVAL`` only when it is more than 1 (RFC 5545 makes
        1 the default)."""
        if isinstance(every_weeks, bool) or not isinstance(every_weeks, int) or every_weeks < 1:
            raise CadenceError(
                f"series {key}: every_weeks: expected a whole number of at least 1, "
                f"got {every_weeks!r}"
            )
        rule = weekly_rule(first.weekday(), every_weeks)
        return cls.by_rule(
            key, rule, first, start, end, holidays, source, other_moments_by_agreement
        )

    @classmethod
    def by_rule(
        cls,
        key: str,
        rrule: str,
        runs_from: date,
        start: time,
        end: time,
        holidays: HolidayPolicy,
        source: Source | None,
        other_moments_by_agreement: bool = False,
    ) -> Cadence:
        """One series following an RFC 5545 ``rrule`` (``FREQ=MONTHLY;BYDAY=2TU``) from
        ``runs_from``, between the wall-clock times ``start`` and ``end``."""
        if end <= start:
            raise CadenceError(f"series {key}: end {end} must be after start {start}")
        minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        return cls(
            series=(MeetingSeries(key, rrule, start, minutes, runs_from),),
            other_moments_by_agreement=other_moments_by_agreement,
            holidays=holidays,
            source=source,
        )


@frozen
class ParticipantPolicy:
    """Who is invited to a forum (seed 000, step 3)."""

    family_at_table: bool | None = None
    """Whether the family (the young person and/or the parents) takes part: True, False, or
    None where the source does not say (seed 001 is silent on it for the City Deal overleg and
    the Commissie Passend Alternatief: a "no" would say what the source does not).
    ``describe`` prints "not stated by the source"."""
    key_support_figure: bool = False
    currently_involved_expected: bool = False
    invited_roles: tuple[PartyRole, ...] = ()
    rotation_pool: tuple[str, ...] = ()
    check_need_per_case: bool = False
    notify_not_needed: bool = False
    optional_invitees: str = ""
    description: str = ""


class ForumNoun(StrEnum):
    """How Dutch texts to participants name a forum: "Vraag aan de tafel", "… in het overleg"
    (seed 001's City Deal overleg is called a table once, but it is an overleg
    that settles a question, not a table that discusses a family's plan)."""

    TABLE = "de tafel"
    COMMISSION = "de commissie"
    MEETING = "het overleg"


@frozen
class InvitationWording:
    """What a forum's invitation asks of its participants, per forum (``[forums.invitation]``
    in a model file).

    ``asks_for_plan``: whether the invitation carries each case's anonymised plan beside its
    question and asks participants to think it over: True where the source asks for it (seed
    000, stap 3, for the maatwerktafel: "Voeg hierbij een geanonimiseerde versie van het plan");
    False where it asks for none (seed 001: the City Deal overleg settles a question within half
    an hour; a provider reports to the Commissie Passend Alternatief); None where the source is
    silent (the seed-002 models). Only True sends the plan: a plan nobody asked for is not sent
    (data minimisation, AVG art. 5(1)(c)), and ``describe`` prints "not stated by the source".
    ``noun``: how the texts name the forum; None: "de tafel" for a table or round table, else
    "het overleg"."""

    asks_for_plan: bool | None = None
    noun: ForumNoun | None = None


@frozen
class ProcessSupport:
    """The procesondersteuner or chair: who organises the forum; a functional address, no person."""

    title: str
    organisation: str
    address: str = ""
    on_behalf_of: str = ""
    """Whom the organiser sends the invitations for, as a role in Dutch, never a name ("de
    indiener van elke casus op de agenda"): the e-mail is signed "namens" it. Seed 000 stap 3
    has the submitter send the invitations ("kun je de uitnodigingen versturen", "je" being
    the submitter throughout stap 2 and 3), so the maatwerktafel's procesondersteuner sends
    them on the submitters' behalf. Empty: the organiser sends in its own name."""


@frozen
class Forum:
    """A table, commission, round table, consultation or platform where cases are discussed."""

    key: str
    name: str
    kind: str
    """A :class:`ForumKind` or a kind a plugin registers."""
    organiser: ProcessSupport
    source: Source
    cadence: Cadence = field(factory=Cadence)
    participants: ParticipantPolicy = field(factory=ParticipantPolicy)
    minutes_per_case: int | None = field(
        default=None, validator=validators.optional(validators.ge(1))
    )
    minutes_per_case_source: Source | None = None
    """Where the time per case comes from (a seed or the municipality's document); ``None``: the
    time box is the model's assumption, and ``describe`` says so."""
    mandate_required: bool | None = None
    """Whether participants bring a mandate: True (seed 000, stap 3: "Het is belangrijk dat de
    aanwezigen met mandaat aan tafel zitten"), False where the source says there is none (seed
    001, City Deal: "Er is geen mandaat vastgelegd"), None where it does not say; ``describe``
    prints "not stated by the source". Only True asks it of the invitees."""
    mandate: Mandate = field(factory=Mandate)
    chair: str = ""
    description: str = ""
    location: str = ""
    """Where the forum meets: an address or an online-meeting link (LOCATION in its calendar
    output). The settings may give or override it: ``[calendar.locations]``."""
    invitation: InvitationWording = field(factory=InvitationWording)
    """Whether its invitation asks for the plan, and how Dutch texts name the forum."""

    @property
    def noun(self) -> ForumNoun:
        """How Dutch texts name the forum: its own setting, else by its kind: "de tafel" for a
        table or round table (seed 000), "het overleg" for the others, since an expertpool, a
        platform or a consultation is not a table."""
        if self.invitation.noun is not None:
            return self.invitation.noun
        table = self.kind in (ForumKind.TABLE, ForumKind.ROUND_TABLE)
        return ForumNoun.TABLE if table else ForumNoun.MEETING

    @property
    def family_at_table(self) -> bool | None:
        """True, False, or None: not stated by the source (:class:`ParticipantPolicy`)."""
        return self.participants.family_at_table
