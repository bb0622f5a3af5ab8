"""Consent to share case information: who agreed to share what with which parties.

Seed 000 (step 3) lets the submitter share extra information with those involved only "met
toestemming van de jongere en/of diens ouders", and (step 5) the family decides with whom the
agreements are shared. Whose consent counts to share follows professional secrecy: art. 7:457
BW (the WGBO: information to others only with consent) with the ages of art. 7:465 BW, and for
youth care the Jeugdwet's art. 7.3.11 (not 7:450 BW, which is consent to treatment). The seeds
give no ages; a lawyer should confirm this reading (docs/privacy.md):

* under 12: the parents with authority (ouders met gezag) or the guardian (voogd);
* 12 to 15: the young person *and* the parents with authority;
* 16 and older: the young person alone;
* a young person judged incapable of a reasonable judgement (wilsonbekwaam) is represented:
  by the parents with authority while under 18, by a representative (mentor, curator,
  gemachtigde) from 18.

Consent follows time: it counts from the moment it was given (``--at`` of ``consent add``),
not before, and a withdrawal (AVG art. 7(3)) ends it from its own moment on. The age is taken at
the moment of sharing: from the date of birth when it is known, else the age recorded at the
case's submission plus the whole years since.

Where a child's safety is at stake (the case records a safety signal), a report to Veilig
Thuis may be made without consent: the reporting right (meldrecht) of Wmo 2015 art. 5.2.6, after
the steps of the meldcode, with the information needed and a recorded reason. Without a safety
signal Veilig Thuis is a party like any other. Have a lawyer confirm this reading.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum

from attrs import field, frozen

from escalatie.clock import local, printed
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
    seed("law", "BW 7:457 and 7:465; Jeugdwet 7.3.11 (a lawyer should confirm)"),
)
# --at two years ahead must not make a 15-year-old 17; the source is the law the rule applies.
AGE_NOW = Rule(
    "consent.age_now",
    "A share dated after the moment it is made (--at in the future) is made now, to a young "
    "person of today's age: the age rules must hold for the age at --at and for the age now, "
    "so a date years ahead cannot make a 15-year-old 16 and leave the parents' consent out.",
    seed("law", "BW 7:457 and 7:465; Jeugdwet 7.3.11"),
)
VEILIG_THUIS_EXEMPT = Rule(
    "consent.veilig_thuis",
    "Where the child's safety is at stake (a safety signal is recorded), a report to Veilig "
    "Thuis may be made without consent (meldrecht), after the steps of the meldcode, with the "
    "information needed and a recorded reason; without a safety signal, consent is needed as "
    "for any party.",
    seed("law", "Wmo 2015, art. 5.2.6 (meldrecht) and the Wet verplichte meldcode"),
)
CONSENT_BEFOREHAND = Rule(
    "consent.beforehand",
    "Consent covers a share only from the moment it was given; a share dated before it rests "
    "on no consent.",
    seed("law", "AVG art. 6(1)(a), 7(1) and 9(2)(a)"),
)
CONSENT_GIVEN = Rule(
    "consent.given",
    "Consent is recorded when it has been given, never ahead: the municipality must be able to "
    "show that the young person or the parents consented, which a consent dated in the future "
    "has not yet been. A consent add whose --at lies after the moment of recording (beyond "
    "the audit's quarter of an hour for a clock typed a little early) is refused.",
    seed("000", "3. Organisatie van een maatwerktafel; law: AVG art. 7(1)"),
)
CONSENT_WITHDRAWN = Rule(
    "consent.withdrawn",
    "Consent can be withdrawn at any time; from the withdrawal on it covers no share.",
    seed("law", "AVG art. 7(3)"),
)
SHARE_AFTER_SUBMISSION = Rule(
    "consent.after_submission",
    "Information about a case is shared by whoever submitted it, so not before the case's "
    "submission.",
    seed("000", "3. Organisatie van een maatwerktafel: degene die de casus inbrengt"),
)


def party_key(name: str) -> str:
    """Parties are matched ignoring case, spaces, underscores and hyphens: 'Veilig_Thuis' =
    'veilig-thuis' (the route key triage prints) = 'veilig thuis'."""
    return " ".join(name.replace("_", " ").replace("-", " ").split()).casefold()


def _parties(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@frozen
class ConsentRecord:
    """One recorded consent, or its withdrawal: ``giver`` agreed (or no longer agrees) that
    ``what`` may be shared with ``parties``, from the moment ``at`` on."""

    giver: Giver
    parties: tuple[str, ...] = field(converter=_parties, validator=non_empty)
    what: tuple[Shareable, ...] = field(validator=non_empty)
    at: datetime = field(validator=aware)
    """The moment it holds from: the ``--at`` of ``consent add`` or ``consent withdraw``."""
    withdrawn: bool = False

    def covers(self, party: str, what: Shareable) -> bool:
        """Whether this record is about sharing ``what`` with ``party``."""
        return what in self.what and party_key(party) in {party_key(p) for p in self.parties}


def in_force(
    records: Iterable[ConsentRecord], giver: Giver, party: str, what: Shareable, at: datetime
) -> ConsentRecord | None:
    """The record that decides ``giver``'s consent for ``what`` to ``party`` at ``at``.

    That is the latest record about it dated at or before ``at`` (records of the same moment
    in the order they were recorded). None when there is none; a withdrawal when withdrawn.
    """
    about = [r for r in records if r.giver is giver and r.at <= at and r.covers(party, what)]
    return max(reversed(about), key=lambda r: r.at) if about else None


def full_years(since: date, day: date) -> int:
    """Whole years from ``since`` to ``day`` (a birthday on 29 February counts from 1 March)."""
    return day.year - since.year - ((day.month, day.day) < (since.month, since.day))


def age_at(
    moment: datetime, *, born: date | None, age_at_submission: int, submitted: datetime
) -> int:
    """The young person's age at ``moment``.

    From the date of birth when it is known; else the age recorded at submission plus the whole
    years since, so a child of 11 at submission is 12 a year later. Without a date of birth the
    birthday within that year is unknown: the age can be a year behind for up to a year.
    """
    day = local(moment).date()
    if born is not None:
        return full_years(born, day)
    return age_at_submission + max(0, full_years(local(submitted).date(), day))


YOUNG_GIVER = Rule(
    "consent.young_person_from_12",
    "A young person gives consent from 12 on; under 12 the parents with authority (or the "
    "guardian) give it for the child, so a child's own consent under 12 is not recorded.",
    seed("law", "BW 7:465 lid 1; Jeugdwet 7.3.11 (a lawyer should confirm)"),
)
"""Checked when consent is recorded (an 11-year-old's consent recorded without comment would
count once the child turned 12)."""


def oldest_at(
    moment: datetime, *, born: date | None, age_at_submission: int, submitted: datetime
) -> int:
    """The oldest the young person can be at ``moment``: the age from the date of birth when it
    is known; else :func:`age_at`'s, plus one once a birthday may have passed since the last
    anniversary of the submission (the birthday within the year is unknown)."""
    day = local(moment).date()
    if born is not None:
        return full_years(born, day)
    start = local(submitted).date()
    years = max(0, full_years(start, day))
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:  # 29 February in a year without it
        anniversary = date(start.year + years, 3, 1)
    return age_at_submission + years + (day > anniversary)


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
class Missing:
    """A giver whose consent does not cover a share, and why: never given (``consent.needed``),
    given only after the share's moment (``consent.beforehand``) or withdrawn
    (``consent.withdrawn``, ``since`` the withdrawal)."""

    giver: Giver
    rule: Rule
    since: datetime | None = None


@frozen
class Decision:
    """Whether sharing is allowed, the rule that decided it, and whose consent is missing."""

    allowed: bool
    rule: Rule
    missing: frozenset[Giver] = frozenset()
    why: tuple[Missing, ...] = ()
    age: int | None = None
    at: datetime | None = None
    now: bool = False
    """True when ``age`` is the age at the moment of sharing, not at a later ``at``
    (:data:`AGE_NOW`)."""

    @property
    def message(self) -> str:
        """One short line: the decision, each rule it rests on with its source (the rules' texts
        are in this module and docs/privacy.md), and the age that counted."""
        if self.allowed:
            return f"allowed: {self.rule.text} [{self.rule.id}; {self.rule.source.cite()}]"
        groups: dict[tuple[Rule, datetime | None], list[str]] = {}
        for m in self.why:
            groups.setdefault((m.rule, m.since), []).append(m.giver.value)
        clauses = []
        for (rule, since), givers in groups.items():
            who = " and ".join(givers)
            if rule is CONSENT_BEFOREHAND and since is not None:
                share = f" ({_show(self.at)})" if self.at is not None else ""
                clauses.append(
                    f"the consent of {who} holds only from {_show(since)}, after this share{share}"
                )
            elif rule is CONSENT_WITHDRAWN and since is not None:
                clauses.append(f"the consent of {who} was withdrawn at {_show(since)}")
            else:
                clauses.append(f"no recorded consent of {', '.join(givers)}")
        rules = [*dict.fromkeys(m.rule for m in self.why), AGE_RULES]
        if self.now:
            rules.append(AGE_NOW)
        cited = " ".join(f"[{r.id}; {r.source.cite()}]" for r in rules)
        aged = f"; the young person is {self.age} at this moment" if self.age is not None else ""
        if self.now and self.age is not None:
            aged = (
                f"; the young person is {self.age} now: --at lies in the future, and a share "
                "is made now, so the age now counts too"
            )
        return f"refused: {'; '.join(clauses)} {cited}{aged}"

    def remedy(self, case_id: str, party: str, what: Shareable) -> str:
        """The end of a refusal's line: the command that records the missing consent, once the
        givers agree ("" when allowed, or when only consent dated after the share is missing:
        that is fixed by sharing later, not by recording again)."""
        givers = [m.giver for m in self.why if m.rule is not CONSENT_BEFOREHAND]
        if self.allowed or not givers:
            return ""
        import shlex

        unique = list(dict.fromkeys(givers))
        flags = " ".join(f"--giver {g.value}" for g in unique)
        return (
            f"; once {agree(unique)}: escalatie consent add {shlex.quote(case_id)} {flags}"
            f" --with {shlex.quote(party)} --what {what.value}"
        )

    def refusal(self, head: str, case_id: str, party: str, what: Shareable) -> str:
        """``head`` and :attr:`message`, ending with :meth:`remedy`: an error line is cut at
        1000 characters, so the message gives way (at a word boundary; the rules' texts and
        sources are in docs/privacy.md) and the command that fixes the refusal stays whole."""
        from escalatie.errors import cut_words

        remedy = self.remedy(case_id, party, what)
        body = f"{head}{self.message}"
        if len(body) + len(remedy) > _LINE:
            body = cut_words(body, max(_LINE - len(remedy), 120))
        return body + remedy


GIVER_NAMES = {
    Giver.PARENTS: "the parents with gezag (or the voogd)",
    Giver.YOUNG_PERSON: "the young person",
    Giver.REPRESENTATIVE: "the representative (mentor, curator or gemachtigde)",
}
"""Who each giver is, in a message: "they" read as the child. Which of them
must agree follows the age rules (:func:`required_givers`, :data:`AGE_RULES`)."""


def agree(givers: Iterable[Giver]) -> str:
    """``the young person and the parents with gezag (or the voogd) agree``: the givers the age
    rules require, young person first, and the verb that goes with them."""
    order = (Giver.YOUNG_PERSON, Giver.PARENTS, Giver.REPRESENTATIVE)
    named = [GIVER_NAMES[g] for g in sorted(set(givers), key=order.index)]
    plural = len(named) > 1 or named == [GIVER_NAMES[Giver.PARENTS]]
    return f"{' and '.join(named)} agree{'' if plural else 's'}"


_LINE = 1000
"""The CLI's longest error line (``escalatie.cli.MAX_LINE``)."""


def _show(moment: datetime) -> str:
    return printed(moment)


def decide(
    consents: Iterable[ConsentRecord],
    party: str,
    what: Shareable,
    age: int,
    capable: bool = True,
    *,
    at: datetime,
    safety_at_stake: bool = False,
) -> Decision:
    """May ``what`` be shared with ``party`` at the moment ``at``, given the recorded consents?

    Each giver the age rules require must have consent in force at ``at``: given at or before
    it, and not withdrawn since (:func:`in_force`). A report to Veilig Thuis needs none only
    when the child's safety is at stake (:data:`VEILIG_THUIS_EXEMPT`).
    """
    if safety_at_stake and party_key(party) == VEILIG_THUIS_PARTY:
        return Decision(True, VEILIG_THUIS_EXEMPT, age=age, at=at)
    records = list(consents)
    why = []
    for giver in sorted(required_givers(age, capable)):
        deciding = in_force(records, giver, party, what, at)
        if deciding is not None and not deciding.withdrawn:
            continue
        if deciding is not None:
            why.append(Missing(giver, CONSENT_WITHDRAWN, deciding.at))
            continue
        later = [
            r.at
            for r in records
            if r.giver is giver and not r.withdrawn and r.at > at and r.covers(party, what)
        ]
        if later:
            why.append(Missing(giver, CONSENT_BEFOREHAND, min(later)))
        else:
            why.append(Missing(giver, CONSENT_NEEDED))
    if not why:
        return Decision(True, AGE_RULES, age=age, at=at)
    return Decision(False, why[0].rule, frozenset(m.giver for m in why), tuple(why), age=age, at=at)
