"""Contact points (aanspreekpunten) and the mandate they carry (seed 002)."""

from __future__ import annotations

from enum import StrEnum

from attrs import field, frozen, validators

from escalatie.case import LifeDomainKind, SubmitterRole
from escalatie.sources import Source


class Power(StrEnum):
    """What a mandate allows: the powers of a 'lokale doorzetter' (seed 002)."""

    DEPLOY_HELP = "deploy_help"
    BUDGET = "budget"
    ASSIGN_PROVIDER = "assign_provider"
    ESCALATE_TO_BOARD = "escalate_to_board"
    PUSH_THROUGH = "push_through"


class Audience(StrEnum):
    """Who may reach a contact point or submit to a forum."""

    PROFESSIONALS = "professionals"
    DISTRICT_TEAMS = "district_teams"
    RESIDENTS = "residents"
    PARENTS = "parents"
    YOUNG_PEOPLE = "young_people"
    CLIENT_ORGANISATIONS = "client_organisations"
    CLIENT_SUPPORTERS = "client_supporters"
    COUNCIL = "council"
    PROVIDERS = "providers"
    HOUSING_CORPORATIONS = "housing_corporations"
    POLICE = "police"
    EXPERTPOOL = "expertpool"
    MUNICIPALITY = "municipality"


FAMILY_AUDIENCES = frozenset({Audience.RESIDENTS, Audience.PARENTS, Audience.YOUNG_PEOPLE})

_PROFESSIONAL = frozenset({Audience.PROFESSIONALS})
SUBMITTER_AUDIENCES: dict[SubmitterRole, frozenset[Audience]] = {
    SubmitterRole.PROFESSIONAL: _PROFESSIONAL,
    SubmitterRole.DISTRICT_TEAM: frozenset({Audience.DISTRICT_TEAMS, Audience.PROFESSIONALS}),
    SubmitterRole.GENERAL_PRACTITIONER: _PROFESSIONAL,
    SubmitterRole.YOUTH_HEALTH_CARE: _PROFESSIONAL,
    SubmitterRole.YOUTH_PROTECTION: _PROFESSIONAL,
    SubmitterRole.PROVIDER: frozenset({Audience.PROVIDERS, Audience.PROFESSIONALS}),
    SubmitterRole.HOUSING_CORPORATION: frozenset({Audience.HOUSING_CORPORATIONS}),
    SubmitterRole.POLICE: frozenset({Audience.POLICE}),
    SubmitterRole.WORK_AND_INCOME: frozenset({Audience.PROFESSIONALS, Audience.MUNICIPALITY}),
    SubmitterRole.CLIENT_SUPPORTER: frozenset({Audience.CLIENT_SUPPORTERS}),
    SubmitterRole.CLIENT_ORGANISATION: frozenset({Audience.CLIENT_ORGANISATIONS}),
    SubmitterRole.PARENT: frozenset({Audience.PARENTS, Audience.RESIDENTS}),
    SubmitterRole.YOUNG_PERSON: frozenset({Audience.YOUNG_PEOPLE, Audience.RESIDENTS}),
    SubmitterRole.COUNCIL: frozenset({Audience.COUNCIL}),
    SubmitterRole.EXPERTPOOL: frozenset({Audience.EXPERTPOOL, Audience.PROFESSIONALS}),
    SubmitterRole.OTHER: frozenset(),
}
"""Which audiences a submitter belongs to: a district-team worker is a professional too, a
parent is a resident. A step's ``applicants`` are matched against these."""


@frozen
class Mandate:
    """The powers a contact point or forum can use; ``formal=False`` when they rest on no formal
    mandate (advice only, a shared responsibility): ``note`` says which, in its source's terms."""

    powers: frozenset[Power] = frozenset()
    budget_ceiling_eur: int | None = field(
        default=None, validator=validators.optional(validators.ge(0))
    )
    domains: frozenset[LifeDomainKind] = frozenset()
    formal: bool = True
    note: str = ""

    def has(self, power: Power) -> bool:
        return power in self.powers


@frozen
class ContactPoint:
    """An aanspreekpunt: per organisation (seed 000) or one per municipality (seed 002)."""

    key: str
    title: str
    organisation: str
    mandate: Mandate
    reachable_by: frozenset[Audience]
    channel: str
    source: Source
    per_organisation: bool = False
    submitters: frozenset[SubmitterRole] = frozenset()
    """The submitter roles whose own aanspreekpunt this is (seed 000: "bespreek je dit met je
    aanspreekpunt"), so an override of triage by another organisation's aanspreekpunt is said
    in the audit log; empty: not stated."""

    @property
    def family_can_reach(self) -> bool:
        """Families reach it themselves, not only through a professional (seed 002)."""
        return not FAMILY_AUDIENCES.isdisjoint(self.reachable_by)
