"""The model file format: what a TOML model file may say, as attrs classes.

Field names follow the domain classes they become (:class:`~escalatie.forum.Forum`,
:class:`~escalatie.organisation.ContactPoint`, ...), so a Python model can be written out as
the same data when a file ``extends`` it. Where a part of the file is its domain class field
for field, with nothing to resolve (a forum's organiser and participant policy), the format
uses that class itself. Rules are not structured here: they are compiled
from the raw data by :mod:`escalatie.modelfile.rules`, which knows the predicates.

A spec lives only while one file is compiled and is never compared, hashed or shown, so its
classes have no ``__eq__``, ``__hash__``, ``__repr__`` or slots: attrs generates each method
as source at import, and every command that selects a model file pays for it (issue 16).
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from attrs import Factory, field, frozen

from escalatie.case import LifeDomainKind, SubmitterRole
from escalatie.forum import (
    MAX_NOTICE_DAYS,
    InvitationWording,
    ParticipantPolicy,
    ProcessSupport,
    check_holiday_country,
)
from escalatie.organisation import Audience, Power
from escalatie.routes import RouteKind
from escalatie.validation import between


@frozen(slots=False, eq=False, repr=False)
class RuleItem:
    """A rule as written: a table (id, text, source, enforced and one predicate) or the id of a
    rule in the file's ``[rules]`` table. Compiled by :mod:`escalatie.modelfile.rules`."""

    raw: Any


@frozen(slots=False, eq=False, repr=False)
class SourceRef:
    """Where a rule or item comes from: a document key (a seed such as ``"002"`` or one of the
    file's ``[documents]``) and the section. Written as a table or as the key alone."""

    document: str
    section: str = ""
    also: tuple[SourceRef, ...] = ()
    """Other documents the rule rests on too, each a key or a table {document, section}."""


@frozen(slots=False, eq=False, repr=False)
class DocumentSpec:
    """A document the file's rules cite."""

    title: str
    publisher: str
    year: int | None = None
    url: str = ""
    identifier: str = ""


@frozen(slots=False, eq=False, repr=False)
class MandateSpec:
    powers: tuple[Power, ...] = ()
    budget_ceiling_eur: int | None = None
    domains: tuple[LifeDomainKind, ...] = ()
    formal: bool = True
    note: str = ""


@frozen(slots=False, eq=False, repr=False)
class ContactPointSpec:
    """An aanspreekpunt, its mandate and who may reach it."""

    key: str
    title: str
    organisation: str
    reachable_by: tuple[Audience, ...]
    channel: str
    mandate: MandateSpec = Factory(MandateSpec)
    source: SourceRef | None = None
    per_organisation: bool = False
    submitters: tuple[SubmitterRole, ...] = ()


@frozen(slots=False, eq=False, repr=False)
class SeriesSpec:
    """A meeting series: an RFC 5545 RRULE, a start time, a duration (``minutes``, or ``end``)
    and the date it runs from; explicit extra ``dates`` and ``excluded`` dates. ``every_weeks``
    instead of ``rrule`` is the weekly series on the weekday of ``runs_from``; the file gives
    one of the two, except that an ``rrule`` from a setting (``"${key}"``) may stand beside
    ``every_weeks``: set, it replaces the weekly series with any rule; empty, it is not used.
    ``offset_days`` moves the date it runs from, so a second series can alternate with a first
    from the same date setting (Utrecht's Thursday tables start ten days after the Mondays)."""

    key: str
    start: time
    runs_from: date
    offset_days: int = 0
    rrule: str | None = None
    every_weeks: int | None = None
    minutes: int | None = None
    end: time | None = None
    dates: tuple[date, ...] = ()
    excluded: tuple[date, ...] = ()


@frozen(slots=False, eq=False, repr=False)
class FixedDayOffSpec:
    month: int
    day: int
    name: str


@frozen(slots=False, eq=False, repr=False)
class ClosingDaySpec:
    """A closing day; written as a date alone it gets the policy's ``closing_reason``."""

    date: date
    reason: str = ""


@frozen(slots=False, eq=False, repr=False)
class HolidaySpec:
    country: str = field(default="NL", validator=check_holiday_country)
    subdivision: str | None = field(default=None, validator=check_holiday_country)
    national: bool = True
    good_friday: bool = False
    liberation_day: bool = False
    """5 May off every year (cao gemeenten)."""
    fixed_days_off: tuple[FixedDayOffSpec, ...] = ()
    closing_days: tuple[ClosingDaySpec, ...] = ()
    closing_reason: str = "sluitingsdag"
    """The reason of a closing day written as a date alone (such as a setting's list of dates)."""
    source: SourceRef | None = None


@frozen(slots=False, eq=False, repr=False)
class CadenceSpec:
    """When a forum meets. With ``on_request = true`` the forum has no fixed series (any
    series given are not used), so a settings key can switch between the two."""

    series: tuple[SeriesSpec, ...] = ()
    on_request: bool = False
    other_moments_by_agreement: bool = False
    holidays: HolidaySpec = Factory(HolidaySpec)
    cancellation_notice_days: int = field(default=0, validator=between(0, MAX_NOTICE_DAYS))
    source: SourceRef | None = None
    cancellation_source: SourceRef | None = None
    assumption: str = ""
    """Why the rhythm is an assumption (the source gives none). It stays in force until the
    municipality's settings table sets one of the settings the cadence uses (``${key}``)."""


@frozen(slots=False, eq=False, repr=False)
class ForumSpec:
    """A table, commission, round table, consultation, ...: chair, participants, time box."""

    key: str
    name: str
    kind: str
    organiser: ProcessSupport
    source: SourceRef | None = None
    cadence: CadenceSpec = Factory(CadenceSpec)
    participants: ParticipantPolicy = Factory(ParticipantPolicy)
    minutes_per_case: int | None = None
    minutes_per_case_source: SourceRef | None = None
    """Where the time per case comes from; without it ``describe`` calls the time box an
    assumption of the model."""
    mandate_required: bool | None = None
    """True, false, or left out where the source does not say (:attr:`Forum.mandate_required`)."""
    mandate: MandateSpec = Factory(MandateSpec)
    chair: str = ""
    description: str = ""
    invitation: InvitationWording = Factory(InvitationWording)
    """``[forums.invitation]``: whether the invitation asks for the plan, and the forum's noun."""


@frozen(slots=False, eq=False, repr=False)
class StepSpec:
    """A rung of the ladder."""

    key: str
    name: str
    description: str
    entry: tuple[RuleItem, ...]
    forum: str | None = None
    contact_point: str | None = None
    conditions: tuple[RuleItem, ...] = ()
    prerequisites: tuple[RuleItem, ...] = ()
    checks: tuple[RuleItem, ...] = ()
    applicants: tuple[Audience, ...] = ()
    applicants_source: SourceRef | None = None


@frozen(slots=False, eq=False, repr=False)
class RouteSpec:
    """An onward route the file contributes (a board escalation, a regional route ...)."""

    key: str
    name: str
    kind: RouteKind
    description: str
    entry: tuple[RuleItem, ...]
    applicants: tuple[Audience, ...]
    source: SourceRef | None = None


@frozen(slots=False, eq=False, repr=False)
class LearningSpec:
    kind: str
    description: str
    audience: str
    source: SourceRef | None = None
    period: str = ""
    audience_key: str = ""
    """The Dutch key of the body it goes to (``veld``, ``bestuur`` ..., :mod:`escalatie.audiences`)."""
    collector: str = ""
    """The role that gathers and writes it, in Dutch with its article ("de jeugdconsul")."""
    answers: bool = False
    """The body answers signals with a deadline (``signal add --to``); else it is told only."""


@frozen(slots=False, eq=False, repr=False)
class AgreementsSpec:
    """The agreements policy: what the agreements of a forum are checked against, and what
    happens after the meeting (in Dutch, for the participants)."""

    rules: tuple[RuleItem, ...] = ()
    after_the_meeting: tuple[str, ...] = ()
    required_to_close: bool = True
    """Closing a case as (partly) resolved needs agreements with a lead: Utrecht's rule (seed
    000, stap 5) as the default; a case's refusal cites the model's own source for it."""
    aligned_before_sharing: bool = False
    """Agreements are shared only once aligned with the submitter (seed 000, stap 5)."""


@frozen(slots=False, eq=False, repr=False)
class ModelSpec:
    """A model file. ``extends`` is resolved before structuring (see the merge rules)."""

    name: str
    municipality: str
    title: str
    summary: str
    source: SourceRef
    ladder: tuple[StepSpec, ...]
    documents: dict[str, DocumentSpec] = Factory(dict)
    step_kinds: dict[str, str] = Factory(dict)
    forum_kinds: dict[str, str] = Factory(dict)
    settings_table: str = ""
    settings: dict[str, Any] = Factory(dict)
    rules: dict[str, RuleItem] = Factory(dict)
    contact_points: tuple[ContactPointSpec, ...] = ()
    forums: tuple[ForumSpec, ...] = ()
    routes: tuple[RouteSpec, ...] = ()
    onward_routes: tuple[str, ...] = ()
    learning: tuple[LearningSpec, ...] = ()
    principles: tuple[RuleItem, ...] = ()
    agreements: AgreementsSpec = Factory(AgreementsSpec)
    temporary: bool = False


@frozen(slots=False, eq=False, repr=False)
class RoutesSpec:
    """A route file: onward routes beside every model (such as the national routes)."""

    routes: tuple[RouteSpec, ...]
    documents: dict[str, DocumentSpec] = Factory(dict)
    rules: dict[str, RuleItem] = Factory(dict)
    step_kinds: dict[str, str] = Factory(dict)
    source: SourceRef | None = None
