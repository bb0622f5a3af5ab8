"""Who is invited to a meeting, and at which functional address.

The participants come from the forum's participant policy and the cases' parties (seed 000,
step 3). A plugin may decide them itself (see :mod:`escalatie.calendar.plugin`), for example
to run the rotation among the larger providers and the per-case check whether they are needed.

Organisations are addressed by a functional mailbox, never a person's. Addresses come from the
settings file::

    [calendar]
    attendee_domain = "organisaties.example"      # for derived addresses

    [calendar.addresses]
    "Lokalis" = "maatwerk@lokalis.example"

An organisation without a configured address gets a derived one, ``<slug>@<attendee_domain>``
(``lokalis@organisaties.example``); ``derived`` marks it so the CLI can warn.

The ORGANIZER is the forum's process support. A model may give its functional address; the
settings may give it, or override it, per forum key or per model name (forum key first)::

    [calendar.organisers]
    "ronde-tafel" = "trajectregie@helmond.example"          # a forum of any model
    "helmond-trajectregie" = "trajectregie@helmond.example" # every forum of a model

Where a forum meets (LOCATION) may be given the same way, an address or an online-meeting
link::

    [calendar.locations]
    "maatwerktafel" = "Stadskantoor, Stadsplateau 1, Utrecht"

The tables ``[calendar.smtp]`` (:mod:`escalatie.calendar.mail`) and ``[calendar.caldav]``
(:mod:`escalatie.calendar.caldav`) say how invitations are sent and published. Other keys in
``[calendar]`` are refused, so a typo is not silently ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs
from attrs import field, frozen

from escalatie.calendar.slots import Occurrence
from escalatie.case import Case, PartyRole
from escalatie.errors import EscalatieError, shown
from escalatie.forum import Forum
from escalatie.model import EscalationModel
from escalatie.privacy import REDACTED
from escalatie.validation import EMAIL_EXPECTED, FieldError, ascii_address, is_email_address

REQUIRED = "REQ-PARTICIPANT"
OPTIONAL = "OPT-PARTICIPANT"
DEFAULT_DOMAIN = "organisaties.example"

PEOPLE_ROLES = frozenset({PartyRole.FAMILY, PartyRole.KEY_SUPPORT_FIGURE})
"""Not organisations: the family and its support figure are invited in person by the submitter,
never through a calendar address (that would put personal data in the file)."""


def _role(instance: object, attribute: object, value: str) -> None:
    if value not in (REQUIRED, OPTIONAL):
        raise ValueError(f"role: expected {REQUIRED} or {OPTIONAL}, got {value!r}")


@frozen
class Invitee:
    """A participating organisation; ``why`` says in English why it is invited.

    ``attend=False`` marks an organisation whose turn it was but that is not needed for these
    cases (seed 000, step 3): it is told so, and is no ATTENDEE.
    """

    organisation: str
    role: str = field(default=REQUIRED, validator=_role)
    why: str = ""
    attend: bool = True


@frozen
class MeetingContext:
    """Everything a participants function may use: the meeting and the pseudonymised cases."""

    model: EscalationModel
    forum: Forum
    occurrence: Occurrence
    cases: tuple[Case, ...]


ParticipantsFunction = Callable[[MeetingContext], Iterable[Invitee]]


def default_participants(context: MeetingContext) -> list[Invitee]:
    """The participant policy applied to the cases' parties (seed 000, step 3).

    Invited: each case's submitting organisation; parties in a role the policy invites; parties
    currently involved when the policy expects them; larger providers only when currently
    involved if the policy checks their need per case; and, when the forum has a rotation
    pool, the pool member whose turn it is at this meeting.
    """
    policy = context.forum.participants
    out: list[Invitee] = []
    for case in context.cases:
        if case.submitter.organisation:
            out.append(Invitee(case.submitter.organisation, REQUIRED, "submits a case"))
        for party in case.parties:
            if party.role in PEOPLE_ROLES:
                continue
            involved = party.currently_involved and policy.currently_involved_expected
            if party.large_provider and policy.check_need_per_case and not involved:
                continue
            if involved:
                out.append(Invitee(party.organisation, REQUIRED, "currently involved"))
            elif party.role in policy.invited_roles:
                out.append(Invitee(party.organisation, OPTIONAL, f"role {party.role.value}"))
    if policy.rotation_pool:
        turn = policy.rotation_pool[context.occurrence.index % len(policy.rotation_pool)]
        out.append(Invitee(turn, REQUIRED, "rotation among the larger providers"))
    return out


def _rank(invitee: Invitee) -> tuple[bool, bool]:
    return invitee.attend, invitee.role == REQUIRED


def organisation_key(name: str) -> str:
    """An organisation's name as one organisation is known by, in :func:`merge`, in the
    address book's lookup and in each attendee's copy alike: Unicode NFKC, case-folded, every
    run of white space, dashes (any Unicode dash) and underscores one space
    (``Buurtteam-Noordwest`` and ``Buurtteam Noordwest`` are one organisation, so one attendee
    with one address). Letters and other punctuation are kept as they are, so
    ``Ωμέγα Zorg`` and ``Δέλτα Zorg``, or ``Lokalis`` and ``Lokalis!``, stay two (and two
    organisations whose made-up addresses coincide are refused: :mod:`escalatie.calendar.itip`)."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(re.sub(r"[\W_]", _separator_or_kept, text).split())


def _separator_or_kept(found: re.Match[str]) -> str:
    """A dash or an underscore as a space (:func:`organisation_key`), other characters kept."""
    char = found.group()
    return " " if char == "_" or unicodedata.category(char) == "Pd" else char


def merge(invitees: Iterable[Invitee]) -> list[Invitee]:
    """One entry per organisation (:func:`organisation_key`): attending beats not needed,
    required beats optional, the first wins a tie."""
    chosen: dict[str, Invitee] = {}
    for invitee in invitees:
        key = organisation_key(invitee.organisation)
        if not key:
            continue
        if REDACTED in invitee.organisation:
            # The pseudonymised case had an identifier of the family in this organisation's name:
            # it cannot be invited under that name (nor under a redacted one).
            raise EscalatieError(
                f"organisation {invitee.organisation!r}: its name contained an identifier of the "
                "family; name the organisation without it (parties, submitter) and retry"
            )
        known = chosen.get(key)
        if known is None or _rank(invitee) > _rank(known):
            chosen[key] = invitee
    return list(chosen.values())


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def check_address(value: object, where: str) -> str:
    """``value`` as one functional address (:func:`~escalatie.validation.is_email_address`),
    a Unicode domain written as ``xn--`` (:func:`ascii_address`); one error line naming
    ``where`` otherwise."""
    address = ascii_address(value) if isinstance(value, str) else ""
    if not is_email_address(address):
        raise EscalatieError(f"{where}: {EMAIL_EXPECTED}, got {shown(value)}")
    return address


MAX_LOCATION = 300


def _domain(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not re.fullmatch(r"[A-Za-z0-9.-]+\.[A-Za-z]+", value):
        raise FieldError(
            attribute.name, f"expected a domain such as organisaties.example, got {value!r}"
        )


def _addresses(instance: object, attribute: attrs.Attribute[Mapping[str, str]], value: Any) -> None:
    for name, address in value.items():
        if not isinstance(address, str) or not is_email_address(ascii_address(address.strip())):
            raise FieldError(f"{attribute.name}.{name}", f"{EMAIL_EXPECTED}, got {shown(address)}")


def _locations(instance: object, attribute: attrs.Attribute[Mapping[str, str]], value: Any) -> None:
    for name, location in value.items():
        text = location.strip()
        if not text or len(text) > MAX_LOCATION or not text.isprintable():
            raise FieldError(
                f"{attribute.name}.{name}",
                f"expected an address or an online-meeting link on one line of at most "
                f"{MAX_LOCATION} characters, got {location!r}",
            )


@frozen
class CalendarSettings:
    """The ``[calendar]`` table of the settings file (see the module docstring and
    ``docs/settings.md``), structured through the settings converter so unknown keys and bad
    values are refused with their path."""

    attendee_domain: str = field(default=DEFAULT_DOMAIN, validator=_domain)
    """The domain of derived addresses, ``<slug>@<attendee_domain>``."""
    addresses: Mapping[str, str] = field(factory=dict, validator=_addresses)
    """Organisation name = its functional address."""
    organisers: Mapping[str, str] = field(factory=dict, validator=_addresses)
    """Forum key or model name = the process support's functional address."""
    locations: Mapping[str, str] = field(factory=dict, validator=_locations)
    """Forum key or model name = where it meets (an address or an online-meeting link)."""
    smtp: Mapping[str, Any] = field(factory=dict)
    """Read by :class:`escalatie.calendar.mail.SmtpSettings` when mail is sent."""
    caldav: Mapping[str, Any] = field(factory=dict)
    """Read by :class:`escalatie.calendar.publish.CaldavSettings` when a calendar is published."""

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> CalendarSettings:
        from escalatie.settings import structure

        return structure(table, cls, "calendar")


def calendar_settings() -> CalendarSettings:
    """The ``[calendar]`` table of the user's settings file."""
    from escalatie.settings import read

    return read("calendar", CalendarSettings)


def _folded(table: Mapping[str, str], address: bool = False) -> dict[str, str]:
    """The table keyed by its names case-folded; an ``address`` table's Unicode domains
    written as ``xn--`` (:func:`ascii_address`), as headers and calendar files carry them."""
    if address:
        return {
            str(name).strip().casefold(): ascii_address(value.strip())
            for name, value in table.items()
        }
    return {str(name).strip().casefold(): value.strip() for name, value in table.items()}


def _by_organisation(table: Mapping[str, str]) -> dict[str, str]:
    """The ``[calendar.addresses]`` table keyed as organisations are looked up
    (:func:`organisation_key`), its Unicode domains written as ``xn--``."""
    return {organisation_key(str(name)): ascii_address(v.strip()) for name, v in table.items()}


@frozen
class AddressBook:
    """Functional addresses: of organisations (configured, else derived on a domain) and of
    the forums' process support (configured per forum or model, else the model's own)."""

    addresses: Mapping[str, str] = field(factory=dict)
    domain: str = DEFAULT_DOMAIN
    organisers: Mapping[str, str] = field(factory=dict)
    locations: Mapping[str, str] = field(factory=dict)

    @classmethod
    def from_settings(cls, table: Mapping[str, Any] | CalendarSettings) -> AddressBook:
        """From the ``[calendar]`` settings table (see the module docstring)."""
        read = table if isinstance(table, CalendarSettings) else CalendarSettings.from_table(table)
        return cls(
            _by_organisation(read.addresses),
            read.attendee_domain,
            _folded(read.organisers, address=True),
            _folded(read.locations),
        )

    def organiser(self, model: EscalationModel, forum: Forum) -> Forum:
        """The forum with its process support's address and its location from the settings,
        where configured there (by forum key, else by model name); else as the model gives."""
        configured = self.organisers.get(forum.key.casefold()) or self.organisers.get(
            model.name.casefold()
        )
        if configured:
            forum = attrs.evolve(forum, organiser=attrs.evolve(forum.organiser, address=configured))
        location = self.locations.get(forum.key.casefold()) or self.locations.get(
            model.name.casefold()
        )
        if location:
            forum = attrs.evolve(forum, location=location)
        return forum

    def lookup(self, organisation: str) -> tuple[str, bool]:
        """The organisation's address, and whether it was derived rather than configured."""
        configured = self.addresses.get(organisation_key(organisation))
        if configured:
            return configured, False
        name = slug(organisation)
        if not name:
            raise EscalatieError(
                f"organisation {organisation!r}: cannot derive an address; configure it in "
                "settings [calendar.addresses]"
            )
        return f"{name}@{self.domain}", True


@frozen
class Attendee:
    """An invitee with its address: one ATTENDEE line."""

    organisation: str
    address: str
    role: str
    derived: bool
    why: str = ""
    plans: tuple[str, ...] = ()
    """The keyed pseudonyms of the cases it is invited for: its own copy of a REQUEST carries
    their question and plan, and no other case's (seed 000, step 3; AVG art. 5(1)(c)). In the
    message log: the cases whose plan it received."""
