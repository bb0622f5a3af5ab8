"""Consent to share case information: who agreed to share what with which parties.

Seed 000 (step 3) lets the submitter share extra information with those involved only "met
toestemming van de jongere en/of diens ouders", and (step 5) the family decides with whom the
agreements are shared. Whose consent counts follows the Dutch age rules of the WGBO
(Burgerlijk Wetboek 7:450 and 7:465), which the Jeugdwet (art. 7.3.4 ff.) applies to youth care:

* under 12: the parents with authority (ouders met gezag) or the guardian (voogd);
* 12 to 15: the young person *and* the parents with authority;
* 16 and older: the young person alone;
* a young person judged incapable of a reasonable judgement (wilsonbekwaam) is represented:
  by the parents with authority while under 18, by a representative (mentor, curator,
  gemachtigde) from 18.

A report to Veilig Thuis needs no consent (Wmo 2015, art. 5.2.6): safety is the lower bound.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from attrs import field, frozen

from escalatie.rules import Rule
from escalatie.sources import seed
from escalatie.validation import aware, non_empty


class Giver(StrEnum):
    """Who can give consent."""

    YOUNG_PERSON = "young_person"
    PARENTS = "parents"
    """The parents with authority (ouders met gezag) or the guardian (voogd)."""
    REPRESENTATIVE = "representative"
    """The legal representative of an adult judged incapable (mentor, curator, gemachtigde)."""


class Shareable(StrEnum):
    """What may be shared."""

    PLAN = "plan"
    AGREEMENTS = "agreements"
    INFORMATION = "information"


VEILIG_THUIS_PARTY = "veilig thuis"
"""Veilig Thuis as a party name, after :func:`party_key` (the route key ``veilig-thuis`` too)."""

CONSENT_NEEDED = Rule(
    "consent.needed",
    "Information is shared with those involved only with consent of the young person and/or "
    "the parents; the family decides with whom agreements are shared.",
    seed("000", "3. Organisatie van een maatwerktafel; 5. afspraken"),
)
AGE_RULES = Rule(
    "consent.age",
    "Under 12 the parents with authority consent; from 12 to 15 the young person and the "
    "parents; from 16 the young person; a young person judged incapable is represented.",
    seed("law", "WGBO art. 7:450 and 7:465 BW; Jeugdwet art. 7.3.4"),
)
VEILIG_THUIS_EXEMPT = Rule(
    "consent.veilig_thuis",
    "A report to Veilig Thuis needs no consent.",
    seed("law", "Wmo 2015, art. 5.2.6"),
)


def party_key(name: str) -> str:
    """Parties are matched ignoring case, spaces, underscores and hyphens: 'Veilig_Thuis' =
    'veilig-thuis' (the route key triage prints) = 'veilig thuis'."""
    return " ".join(name.replace("_", " ").replace("-", " ").split()).casefold()


def _parties(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@frozen
class ConsentRecord:
    """One recorded consent: ``giver`` agreed that ``what`` may be shared with ``parties``."""

    giver: Giver
    parties: tuple[str, ...] = field(converter=_parties, validator=non_empty)
    what: tuple[Shareable, ...] = field(validator=non_empty)
    recorded_at: datetime = field(validator=aware)

    def covers(self, party: str, what: Shareable) -> bool:
        return what in self.what and party_key(party) in {party_key(p) for p in self.parties}


def required_givers(age: int, capable: bool = True) -> frozenset[Giver]:
    """Whose consent is needed for a young person of ``age`` (see the module docstring)."""
    if age < 0:
        raise ValueError(f"age: expected 0 or more, got {age}")
    if not capable:
        return frozenset({Giver.PARENTS}) if age < 18 else frozenset({Giver.REPRESENTATIVE})
    if age < 12:
        return frozenset({Giver.PARENTS})
    if age < 16:
        return frozenset({Giver.YOUNG_PERSON, Giver.PARENTS})
    return frozenset({Giver.YOUNG_PERSON})


@frozen
class Decision:
    """Whether sharing is allowed, the rule that decided it, and whose consent is missing."""

    allowed: bool
    rule: Rule
    missing: frozenset[Giver] = frozenset()

    @property
    def message(self) -> str:
        if self.allowed:
            return f"allowed: {self.rule.text} [{self.rule.id}; {self.rule.source.cite()}]"
        givers = ", ".join(sorted(g.value for g in self.missing))
        return (
            f"refused: no recorded consent of {givers}. {CONSENT_NEEDED.text} {AGE_RULES.text} "
            f"[{CONSENT_NEEDED.id}, {AGE_RULES.id}; {CONSENT_NEEDED.source.cite()}; "
            f"{AGE_RULES.source.cite()}]"
        )


def decide(
    consents: Iterable[ConsentRecord], party: str, what: Shareable, age: int, capable: bool = True
) -> Decision:
    """May ``what`` be shared with ``party``, given the recorded consents?"""
    if party_key(party) == VEILIG_THUIS_PARTY:
        return Decision(True, VEILIG_THUIS_EXEMPT)
    needed = required_givers(age, capable)
    given = {c.giver for c in consents if c.covers(party, what)}
    missing = needed - given
    return Decision(not missing, AGE_RULES if not missing else CONSENT_NEEDED, frozenset(missing))
