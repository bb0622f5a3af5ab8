"""Forums (tables, commissions, round tables, platforms) and their cadence (seeds 000–002)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum

from attrs import field, frozen, validators

from escalatie.case import PartyRole
from escalatie.clock import AMSTERDAM
from escalatie.organisation import Mandate
from escalatie.sources import Source


class ForumKind(StrEnum):
    TABLE = "table"
    COMMISSION = "commission"
    ROUND_TABLE = "round_table"
    CONSULTATION = "consultation"
    PLATFORM = "platform"
    MAILBOX = "mailbox"
    EXPERT_ADVICE = "expert_advice"


def _weekday(instance: object, attribute: object, value: int) -> None:
    if not 0 <= value <= 6:
        raise ValueError(f"weekday: expected 0 (Monday) to 6 (Sunday), got {value}")


@frozen
class MeetingSeries:
    """One recurring slot: a weekday and times, every ``every_weeks`` weeks from ``first_date``.

    Times are Amsterdam wall-clock times, so a 09:15 meeting stays at 09:15 across DST.
    """

    key: str
    weekday: int = field(validator=_weekday)
    start: time = field()
    end: time = field()
    every_weeks: int = field(validator=validators.ge(1))
    first_date: date = field()

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"series {self.key}: end {self.end} must be after start {self.start}")
        if self.first_date.weekday() != self.weekday:
            raise ValueError(
                f"series {self.key}: first_date {self.first_date} is not on weekday {self.weekday}"
            )

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)

    def starts_on(self, day: date) -> datetime:
        return datetime.combine(day, self.start, AMSTERDAM)

    def ends_on(self, day: date) -> datetime:
        return datetime.combine(day, self.end, AMSTERDAM)

    def dates(self, since: date, until: date) -> list[date]:
        """Dates of the series in ``[since, until)`` before holidays are taken out."""
        step = timedelta(weeks=self.every_weeks)
        if since <= self.first_date:
            day = self.first_date
        else:
            periods = -(-(since - self.first_date).days // step.days)
            day = self.first_date + periods * step
        out: list[date] = []
        while day < until:
            out.append(day)
            day += step
        return out


@frozen
class FixedDayOff:
    """A day off every year on the same date, such as 5 May under the municipal cao."""

    month: int = field(validator=[validators.ge(1), validators.le(12)])
    day: int = field(validator=[validators.ge(1), validators.le(31)])
    name: str


LIBERATION_DAY = FixedDayOff(5, 5, "Bevrijdingsdag: vrije dag volgens de cao gemeenten")
"""5 May, a day off every year under the municipal collective agreement (local policy, not a
seed: the municipalities' own rule)."""


@frozen
class HolidayPolicy:
    """Which days a forum does not meet: national holidays plus the municipality's own rules."""

    country: str = "NL"
    subdivision: str | None = None
    national: bool = True
    good_friday: bool = False
    fixed_days_off: tuple[FixedDayOff, ...] = ()
    closing_days: tuple[tuple[date, str], ...] = ()
    source: Source | None = None


@frozen
class Cadence:
    """When a forum meets. ``on_request`` forums (mailbox, consul) have no fixed series."""

    series: tuple[MeetingSeries, ...] = ()
    on_request: bool = False
    other_moments_by_agreement: bool = False
    holidays: HolidayPolicy = field(factory=HolidayPolicy)
    cancellation_notice_days: int = 0
    source: Source | None = None
    cancellation_source: Source | None = None
    """Where ``cancellation_notice_days`` comes from, if not seed 000 step 4's sentence on
    cancelling (``source`` cites the meeting frequency)."""

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
        """One series on the weekday of ``first``, every ``every_weeks`` weeks from it (so the
        day and the first date can never disagree)."""
        return cls(
            series=(MeetingSeries(key, first.weekday(), start, end, every_weeks, first),),
            other_moments_by_agreement=other_moments_by_agreement,
            holidays=holidays,
            source=source,
        )


@frozen
class ParticipantPolicy:
    """Who is invited to a forum (seed 000, step 3)."""

    family_at_table: bool = False
    key_support_figure: bool = False
    currently_involved_expected: bool = False
    invited_roles: tuple[PartyRole, ...] = ()
    rotation_pool: tuple[str, ...] = ()
    check_need_per_case: bool = False
    notify_not_needed: bool = False
    optional_invitees: str = ""
    description: str = ""


@frozen
class ProcessSupport:
    """The procesondersteuner or chair: who organises the forum; a functional address, no person."""

    title: str
    organisation: str
    address: str = ""


@frozen
class Forum:
    """A table, commission, round table, consultation or platform where cases are discussed."""

    key: str
    name: str
    kind: ForumKind
    organiser: ProcessSupport
    source: Source
    cadence: Cadence = field(factory=Cadence)
    participants: ParticipantPolicy = field(factory=ParticipantPolicy)
    minutes_per_case: int | None = field(
        default=None, validator=validators.optional(validators.ge(1))
    )
    mandate_required: bool = False
    mandate: Mandate = field(factory=Mandate)
    chair: str = ""
    description: str = ""

    @property
    def family_at_table(self) -> bool:
        return self.participants.family_at_table
