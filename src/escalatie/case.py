"""The case document: a family's question laid out on life domains, with what was tried.

A case is pseudonymous by construction: ``reference`` is a pseudonym, and direct identifiers
(name, BSN, address, …) may only live in the optional :class:`Identity` block, which every
outbound artifact drops (see :mod:`escalatie.privacy`). Field metadata (``description``,
bounds) feeds the JSON Schema of ``escalatie schema case``.
"""

# No ``from __future__ import annotations`` in this module: every command that reads a case
# resolves the fields' types (``escalatie.documents``), and types written as objects need no
# annotation strings compiled and evaluated then (2.2 M instructions of a triage, issue 16).
import operator
import re
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from attrs import field, frozen, validators

from escalatie.kinds import step_kind
from escalatie.validation import (
    FieldError,
    aware,
    between,
    lines,
    no_duplicates,
    non_empty,
    one_line,
    reference_text,
)

NON_BLANK = r"\S"
"""JSON Schema pattern: at least one character that is not white space."""

_CONTROL = r"\x00-\x1f\x7f-\x9f\u2028\u2029"
_TEXT = rf"(?:[^{_CONTROL}=]|=+[^{_CONTROL}=?])*=*"
"""Characters without a control character and without ``=?``, an encoded word's start
(validation.ENCODED_WORD): an ``=`` is followed by another ``=``, by a character that is not
``?``, or by the end. Written without look-ahead, which not every JSON Schema validator has."""
ONE_LINE_PATTERN = rf"^{_TEXT}$"
"""JSON Schema pattern: one line of text without control characters and without ``=?``, as
:func:`escalatie.validation.one_line` reads it (the schema accepts no ``=?`` either)."""

_LINE_CHAR = r"(?:[^\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]|\r\n)"
LINES_PATTERN = rf"^{_LINE_CHAR}*$"
"""JSON Schema pattern: free text of one or more lines, as :func:`escalatie.validation.lines`
reads it: no control character but tab, line feed and a CRLF line end."""

LINES_NON_BLANK = rf"^{_LINE_CHAR}*[^\s\x00-\x1f\x7f-\x9f\u2028\u2029]{_LINE_CHAR}*$"
"""JSON Schema pattern: :data:`LINES_PATTERN`, not only white space."""

ONE_LINE_NON_BLANK = rf"^[^\S{_CONTROL}]*(?:[^\s{_CONTROL}=]|=+(?:[^{_CONTROL}=?]|$)){_TEXT}$"
"""JSON Schema pattern: one line as :data:`ONE_LINE_PATTERN`, not only white space: white
space, then a character that is not (an ``=`` is one), then the rest."""


def meta(description: str, **schema: Any) -> dict[str, Any]:
    """Field metadata: a description and JSON Schema keywords for the generated schema."""
    return {"description": description, "schema": schema}


class LifeDomainKind(StrEnum):
    """Leefgebieden on which the family's question is laid out (seed 000, step 2)."""

    CARE = "care"
    EDUCATION = "education"
    HOUSING = "housing"
    WORK_AND_INCOME = "work_and_income"
    SAFETY = "safety"
    HEALTH = "health"
    UPBRINGING = "upbringing"
    SOCIAL_NETWORK = "social_network"
    FINANCES = "finances"
    DAILY_LIFE = "daily_life"
    JUSTICE = "justice"


class StepKind(StrEnum):
    """Voorliggende stappen: who was consulted and how, before escalating (seeds 000, 001, 002).

    These are the kinds every municipality knows. A kind only one municipality uses (Utrecht's
    maatwerk telefoon, Groningen's expertpool advice) is registered by the plugin or model
    file that uses it (:mod:`escalatie.kinds`); a prior step may name any registered kind.
    """

    ASK_CONSULT = "ask_consult"
    TELEPHONE_CONSULT = "telephone_consult"
    PARTICIPATING_CONSULT = "participating_consult"
    HOME_VISIT = "home_visit"
    PLAN_WITH_FAMILY = "plan_with_family"
    AANSPREEKPUNT = "aanspreekpunt"
    DISTRICT_TEAM_LEADER = "district_team_leader"
    ROUND_TABLE = "round_table"
    TABLE = "table"
    PROVIDER_SEARCH = "provider_search"
    FIRST_CONVERSATION = "first_conversation"
    """A first conversation with a professional of the toegang or a meldpunt (seed 002)."""
    CONTACT_POINT_PUSH = "contact_point_push"
    """The contact point with doorzettingsmacht (3-D manager, trajectregisseur, ontschotter)
    tried to push the case through (doorzetten) (seed 002)."""
    OTHER = "other"


class PartyRole(StrEnum):
    """The role a party plays around the family (seed 000, step 3; seed 002)."""

    FAMILY = "family"
    KEY_SUPPORT_FIGURE = "key_support_figure"
    SOCIAL_BASE = "social_base"
    EDUCATION = "education"
    BASIC_CARE = "basic_care"
    ADDITIONAL_CARE_YOUTH = "additional_care_youth"
    ADDITIONAL_CARE_WMO = "additional_care_wmo"
    GENERAL_PRACTITIONER = "general_practitioner"
    YOUTH_HEALTH_CARE = "youth_health_care"
    YOUTH_PROTECTION = "youth_protection"
    MENTAL_HEALTH_INSTITUTION = "mental_health_institution"
    HOUSING_CORPORATION = "housing_corporation"
    POLICE = "police"
    WORK_AND_INCOME = "work_and_income"
    CLIENT_SUPPORTER = "client_supporter"
    MUNICIPALITY = "municipality"
    OTHER = "other"


class SubmitterRole(StrEnum):
    """Who brings the case in (casusinbrenger, indiener); models differ in whom they accept."""

    PROFESSIONAL = "professional"
    DISTRICT_TEAM = "district_team"
    GENERAL_PRACTITIONER = "general_practitioner"
    YOUTH_HEALTH_CARE = "youth_health_care"
    YOUTH_PROTECTION = "youth_protection"
    PROVIDER = "provider"
    HOUSING_CORPORATION = "housing_corporation"
    POLICE = "police"
    WORK_AND_INCOME = "work_and_income"
    CLIENT_SUPPORTER = "client_supporter"
    CLIENT_ORGANISATION = "client_organisation"
    PARENT = "parent"
    YOUNG_PERSON = "young_person"
    COUNCIL = "council"
    EXPERTPOOL = "expertpool"
    OTHER = "other"


FAMILY_SUBMITTERS = (SubmitterRole.PARENT, SubmitterRole.YOUNG_PERSON)
"""Submitter roles that mean the family itself brings the case in."""


class CareKind(StrEnum):
    """Kinds of requested help, from the social base to residential care (seed 003)."""

    SOCIAL_BASE = "social_base"
    BASIC_CARE = "basic_care"
    AMBULANT = "ambulant"
    SPECIALIST_YOUTH_CARE = "specialist_youth_care"
    DAY_TREATMENT = "day_treatment"
    FOSTER_CARE = "foster_care"
    RESIDENTIAL = "residential"
    RESIDENTIAL_SPECIALISED = "residential_specialised"
    MENTAL_HEALTH = "mental_health"
    EDUCATION_SUPPORT = "education_support"
    TRANSPORT = "transport"
    HOUSING = "housing"
    SHELTER = "shelter"
    INCOME = "income"
    OTHER = "other"


RESIDENTIAL_KINDS = frozenset({CareKind.RESIDENTIAL, CareKind.RESIDENTIAL_SPECIALISED})


class SafetyLevel(StrEnum):
    """How far the child's safety is at stake; ``acute`` goes to Veilig Thuis (seeds 002, 003)."""

    NONE = "none"
    CONCERN = "concern"
    ACUTE = "acute"


class Obstacle(StrEnum):
    """Why the case is stuck; the entry criteria of the forums test these."""

    SUPPLY_UNAVAILABLE = "supply_unavailable"
    RESIDENTIAL_ALTERNATIVE_UNAVAILABLE = "residential_alternative_unavailable"
    COMMISSIONER_NEEDED = "commissioner_needed"
    LAWS_AND_REGULATIONS = "laws_and_regulations"
    NO_CONTRACT = "no_contract"
    PROVIDER_BUDGET_EXHAUSTED = "provider_budget_exhausted"
    NO_FITTING_PROVIDER = "no_fitting_provider"
    WAITING_LIST = "waiting_list"
    PILLAR_TO_POST = "pillar_to_post"
    NO_REGISTRATION_ADDRESS = "no_registration_address"
    NO_LOCAL_TIE = "no_local_tie"
    INFORMATION_WITHHELD = "information_withheld"
    NOBODY_TAKES_CHARGE = "nobody_takes_charge"
    CALAMITY = "calamity"


class Condition(StrEnum):
    """Conditions of the young person that national routes select on (seed 002, CCE)."""

    INTELLECTUAL_DISABILITY = "intellectual_disability"
    PHYSICAL_DISABILITY = "physical_disability"
    AUTISM = "autism"
    ACQUIRED_BRAIN_INJURY = "acquired_brain_injury"
    MULTIPLE_DISABILITY = "multiple_disability"
    PSYCHIATRIC = "psychiatric"
    BEHAVIOURAL = "behavioural"
    SEVERE_PROBLEM_BEHAVIOUR = "severe_problem_behaviour"
    DEPRESSION = "depression"
    SELF_HARM = "self_harm"
    EATING_DISORDER = "eating_disorder"
    SLEEP_DISORDER = "sleep_disorder"
    PREGNANCY = "pregnancy"
    HOMELESSNESS = "homelessness"


@frozen
class DomainQuestion:
    """The family's question on one life domain, and what is needed there."""

    kind: LifeDomainKind = field(metadata=meta("The life domain (leefgebied)."))
    question: str = field(
        validator=[non_empty, lines],
        metadata=meta(
            "The family's question on this domain.", minLength=1, pattern=LINES_NON_BLANK
        ),
    )
    need: str = field(
        default="",
        validator=lines,
        metadata=meta("What is needed on this domain, if known.", pattern=LINES_PATTERN),
    )
    stuck: bool = field(
        default=False,
        metadata=meta(
            "The case is stuck on this domain: the blocking rule or missing help is here."
        ),
    )


class TalkOutcome(StrEnum):
    """What the aanspreekpunt decided in the talk about a case (seed 000, stap 2 and 3): whether
    it is "passend" to bring the question to a table. A table is organised only "indien de
    uitkomst van je gesprek met je aanspreekpunt is dat het passend is" (stap 3)."""

    SUITABLE = "suitable"
    """Passend: a table fits."""
    NOT_SUITABLE = "not_suitable"
    """Niet passend: the aanspreekpunt judged that a table does not fit."""


def _talk_only(instance: "PriorStep", attribute: Any, value: TalkOutcome | None) -> None:
    """Only the talk with the aanspreekpunt has an outcome; other steps say ``resolved``."""
    if value is not None and instance.kind != StepKind.AANSPREEKPUNT:
        raise FieldError(
            attribute.name,
            f"expected no outcome on a step of kind {instance.kind}: only the talk with the "
            "aanspreekpunt (kind aanspreekpunt) has one (seed 000, stap 2); use resolved",
        )


@frozen
class PriorStep:
    """One step already taken: who thought along and what was tried (seed 000, step 2)."""

    kind: str = field(
        validator=step_kind,
        metadata=meta(
            "The kind of step or consultation: a core kind, or one an installed plugin registers."
        ),
    )
    by: str = field(
        validator=[non_empty, lines],
        metadata=meta(
            "Who thought along (organisation or role, never a person's name).",
            minLength=1,
            pattern=LINES_NON_BLANK,
        ),
    )
    tried: str = field(
        default="", validator=lines, metadata=meta("What was tried.", pattern=LINES_PATTERN)
    )
    resolved: bool | None = field(
        default=None, metadata=meta("Whether the step resolved the question; null if unknown.")
    )
    outcome: TalkOutcome | None = field(
        default=None,
        validator=_talk_only,
        metadata=meta(
            "For the talk with the aanspreekpunt (kind aanspreekpunt) only: whether a table "
            "fits, suitable (passend) or not_suitable (niet passend) (seed 000, stap 2 and 3); "
            "null: not recorded, so not yet decided."
        ),
    )


@frozen
class Party:
    """An organisation involved around the family, and its role."""

    organisation: str = field(
        validator=[non_empty, one_line],
        metadata=meta("The organisation.", minLength=1, pattern=ONE_LINE_NON_BLANK),
    )
    role: PartyRole = field(metadata=meta("Its role around the family."))
    currently_involved: bool = field(
        default=False, metadata=meta("Currently involved in the case (expected at a table).")
    )
    large_provider: bool = field(
        default=False, metadata=meta("A larger provider that takes part through a rotation.")
    )


@frozen
class Submitter:
    """The casusinbrenger: the role of whoever brings the case in."""

    role: SubmitterRole = field(metadata=meta("The submitter's role."))
    organisation: str = field(
        default="",
        validator=one_line,
        metadata=meta("The submitter's organisation, if any.", pattern=ONE_LINE_PATTERN),
    )


@frozen
class CareRequest:
    """Help that is asked for; residential kinds trigger Utrecht's extra inflow check."""

    kind: CareKind = field(metadata=meta("The kind of help."))
    description: str = field(
        default="",
        validator=lines,
        metadata=meta("What exactly is asked for.", pattern=LINES_PATTERN),
    )
    provider: str = field(
        default="",
        validator=lines,
        metadata=meta("The provider asked, if any.", pattern=LINES_PATTERN),
    )

    @property
    def residential(self) -> bool:
        return self.kind in RESIDENTIAL_KINDS


@frozen
class SafetySignal:
    """Whether the child's safety is at stake; safety is always the lower bound (seed 003)."""

    level: SafetyLevel = field(default=SafetyLevel.NONE, metadata=meta("none, concern or acute."))
    description: str = field(
        default="", validator=lines, metadata=meta("What the signal is.", pattern=LINES_PATTERN)
    )


_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
_BSN_ASCII = 48 * sum(_BSN_WEIGHTS) % 11
"""The weighted sum of a BSN's ASCII codes modulo 11 when the digits' own sum is a multiple of
11: each code is its digit plus 48 (``ord("0")``), which adds 48 times the weights' sum."""


def bsn_number(instance: Any, attribute: Any, value: str) -> None:
    """Exactly nine ASCII digits that pass the 11-check (Wet algemene bepalingen
    burgerservicenummer, art. 1; the elfproef), or empty.

    Written as the schema says: no spaces, dots, full-width digits or trailing newline
    (``python-stdnum`` alone would accept ``111 222 333``), so the BSN kept in the identity
    table is the same text a search or a scrub looks for. The check itself is the elfproef:
    the digits weighted 9, 8, …, 2 and -1 sum to a multiple of 11, and the number is not 0
    (what ``stdnum.nl.bsn`` checks; a test compares both). Written out here because every
    case with an identity block is checked on reading (issue 16).
    """
    if not value:
        return
    # The digits' ASCII codes weighted in one C loop (``map(int, value)`` parsed each digit
    # as a number: 15 k instructions of every identity read, issue 16).
    if not (
        isinstance(value, str)
        and len(value) == 9
        and value.isascii()
        and value.isdigit()
        and sum(map(operator.mul, value.encode("ascii"), _BSN_WEIGHTS)) % 11 == _BSN_ASCII
        and value != "000000000"
    ):
        raise FieldError(
            attribute.name, "expected a BSN of exactly 9 digits (0-9) that passes the 11-check"
        )


@frozen
class CrisisSignal:
    """An acute mental-health crisis, apart from a safety signal about violence or abuse.

    Acute danger to the young person, such as an acute threat of suicide, goes the same day to
    the GP or the GGZ crisis service, never to a table and not to Veilig Thuis (DOMAIN.md: acute
    mental-health crisis; letter of the Minister of VWS on acute GGZ, Kamerstuk 25 424 nr. 273).
    """

    acute: bool = field(
        default=False,
        metadata=meta("An acute mental-health crisis now, such as an acute threat of suicide."),
    )
    description: str = field(
        default="", validator=lines, metadata=meta("What the crisis is.", pattern=LINES_PATTERN)
    )


MAX_NAME_CHARS = 412
"""The longest name an identity block holds: what the BRP (Basisregistratie Personen) records
of a name at most, given names of 200 characters, a voorvoegsel of 10 and a surname of 200
(Logisch Ontwerp BRP, category 01, elements 02.10, 02.30 and 02.40), with a space between each two."""

MAX_NAME_PARTS = 20
"""The most words (parts between white space, commas and dashes) an identity's name has. A
Dutch name is a few given names, up to three particles (``van der``) and a surname, which a
partner's name may double (``Jansen-van der Berg``): about a dozen words at most. Each part is
looked for in every free text on its own, so the cost of scrubbing grows with their number
(16 s for a triage at 100 parts)."""

_NAME_PART_SEPARATORS = r"[\W_]+"
"""Between a name's words; compiled when first used (``re``'s own cache), not at import: a
name of at most 40 characters is never split (issue 16)."""


def person_name(instance: Any, attribute: Any, value: str) -> None:
    """At most :data:`MAX_NAME_CHARS` characters in at most :data:`MAX_NAME_PARTS` words. A
    name of up to 40 characters cannot have more words, so it is not split."""
    if len(value) <= 2 * MAX_NAME_PARTS:
        return
    if len(value) > MAX_NAME_CHARS:
        raise FieldError(
            attribute.name,
            f"expected a name of at most {MAX_NAME_CHARS} characters (what the BRP records), "
            f"got {len(value):,}",
        )
    parts = [p for p in re.split(_NAME_PART_SEPARATORS, value) if p]
    if len(parts) > MAX_NAME_PARTS:
        raise FieldError(
            attribute.name,
            f"expected a name of at most {MAX_NAME_PARTS} words (given names, particles and "
            f"surname), got {len(parts)}",
        )


@frozen
class Identity:
    """Direct identifiers. Kept apart from the case and never written to an outbound artifact."""

    name: str = field(
        default="",
        validator=person_name,
        metadata=meta(
            f"Full name: at most {MAX_NAME_CHARS} characters in {MAX_NAME_PARTS} words.",
            maxLength=MAX_NAME_CHARS,
        ),
    )
    bsn: str = field(
        default="",
        validator=bsn_number,
        metadata=meta(
            "Burgerservicenummer: 9 digits that pass the 11-check (checked on reading; JSON Schema cannot express it).",
            pattern="^([0-9]{9})?$",
        ),
    )
    address: str = field(default="", metadata=meta("Postal address."))
    phone: str = field(default="", metadata=meta("Telephone number."))
    email: str = field(default="", metadata=meta("E-mail address."))
    date_of_birth: date | None = field(default=None, metadata=meta("Date of birth."))

    def values(self) -> tuple[str, ...]:
        """Every non-empty identifier as text, for scrubbing free text."""
        texts = [self.name, self.bsn, self.address, self.phone, self.email]
        if self.date_of_birth is not None:
            texts.append(self.date_of_birth.isoformat())
        return tuple(t for t in texts if t)


@frozen
class Case:
    """A stuck case as submitted for escalation (seed 000 step 1 and 2; seed 002)."""

    reference: str = field(
        validator=reference_text,
        metadata=meta(
            "Pseudonymous case reference (letters, digits, '.', '_', '-').",
            pattern="^[A-Za-z0-9._-]{1,64}$",
        ),
    )
    age: int = field(
        validator=between(0, 120),
        metadata=meta("Age of the young person in years.", minimum=0, maximum=120),
    )
    question: str = field(
        validator=[non_empty, lines],
        metadata=meta(
            "The question for the forum: what solution is sought.",
            minLength=1,
            pattern=LINES_NON_BLANK,
        ),
    )
    domains: tuple[DomainQuestion, ...] = field(
        validator=non_empty,
        metadata=meta("The family's question per life domain.", minItems=1),
    )
    submitter: Submitter = field(metadata=meta("Who brings the case in."))
    perspective: str = field(
        default="",
        validator=lines,
        metadata=meta(
            "The long-term perspective on normal life (perspectief).", pattern=LINES_PATTERN
        ),
    )
    plan: str = field(
        default="",
        validator=lines,
        metadata=meta("The plan made with the family, in anonymised form.", pattern=LINES_PATTERN),
    )
    prior_steps: tuple[PriorStep, ...] = field(
        default=(), metadata=meta("Steps already taken and who was consulted.")
    )
    parties: tuple[Party, ...] = field(default=(), metadata=meta("Parties involved."))
    requested_care: tuple[CareRequest, ...] = field(
        default=(), metadata=meta("Help that is asked for.")
    )
    ambulant_alternatives_considered: bool = field(
        default=False,
        metadata=meta("For residential requests: were all ambulant alternatives weighed?"),
    )
    safety: SafetySignal = field(
        factory=SafetySignal, metadata=meta("Whether the child's safety is at stake.")
    )
    crisis: CrisisSignal = field(
        factory=CrisisSignal,
        metadata=meta(
            "Whether there is an acute mental-health crisis (same day to the GP or GGZ crisis service)."
        ),
    )
    obstacles: tuple[Obstacle, ...] = field(
        default=(),
        validator=no_duplicates(lambda o: o, "obstacles"),
        metadata=meta("Why the case is stuck.", uniqueItems=True),
    )
    conditions: tuple[Condition, ...] = field(
        default=(),
        validator=no_duplicates(lambda c: c, "conditions"),
        metadata=meta("Conditions relevant to national routes.", uniqueItems=True),
    )
    submitted_at: datetime | None = field(
        default=None,
        validator=validators.optional(aware),
        metadata=meta("When the case was submitted (timezone-aware)."),
    )
    municipality: str = field(
        default="",
        validator=lines,
        metadata=meta("The municipality responsible.", pattern=LINES_PATTERN),
    )
    identity: Identity | None = field(
        default=None,
        metadata=meta("Direct identifiers; kept apart and never written to an outbound artifact."),
    )

    @property
    def domain_kinds(self) -> frozenset[LifeDomainKind]:
        return frozenset(d.kind for d in self.domains)

    @property
    def requests_residential(self) -> bool:
        return any(r.residential for r in self.requested_care)

    def tried(self, *kinds: str) -> bool:
        """Whether any prior step of these kinds was taken."""
        return any(step.kind in kinds for step in self.prior_steps)


def age_on(born: date, day: date) -> int:
    """Whole years from ``born`` to ``day`` (a birthday on 29 February counts from 1 March)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def birth_problems(case: Case, on: date) -> list[str]:
    """What a date of birth contradicts: the day the case is registered, or its stated age.

    A date of birth after ``on`` (the registration day) or after ``submitted_at`` is in the
    future. The stated ``age`` must be the age the date of birth gives on the day the case was
    submitted (``submitted_at``, else ``on``), or one year less: a document written shortly
    before a birthday. Consent follows the age (WGBO, Jeugdwet; see :mod:`escalatie.consent`),
    so the two must not disagree.
    """
    born = case.identity.date_of_birth if case.identity is not None else None
    if born is None:
        return []
    path = "$.identity.date_of_birth"
    submitted = case.submitted_at.date() if case.submitted_at is not None else on
    for day, what in ((on, "the day the case is registered"), (submitted, "submitted_at")):
        if born > day:
            return [f"{path}: expected a date of birth on or before {what} ({day}), got {born}"]
    age = age_on(born, submitted)
    if case.age not in (age, age - 1):
        return [
            f"{path}: the date of birth {born} gives age {age} on {submitted}, but $.age "
            f"is {case.age}; expected the two to agree"
        ]
    return []
