"""Sharing a case's plan or agreements with a party, only within recorded consent.

Seed 000 (step 3) shares extra information only with consent of the young person and/or the
parents, and (step 5) the family decides with whom the agreements are shared: an agreement goes
only to the parties in its audience. Whose consent counts follows the age rules in
:mod:`escalatie.consent`. A report to Veilig Thuis needs no consent (Wmo 2015, art. 5.2.6).
Every share, and every refused one, is audited.
"""

from __future__ import annotations

from datetime import date

from escalatie.clock import local
from escalatie.consent import VEILIG_THUIS_PARTY, Shareable, decide, party_key
from escalatie.errors import EscalatieError
from escalatie.register import views
from escalatie.register.session import Session
from escalatie.register.state import CaseState
from escalatie.rules import Rule
from escalatie.sources import seed

AUDIENCE = Rule(
    "register.agreements_audience",
    "With the family it is agreed with whom the agreements are shared.",
    seed("000", "5. afspraken"),
)


def age_at(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def current_age(s: Session, case_id: str, state: CaseState) -> int:
    """Age at the session's moment from the date of birth if known, else the case's age."""
    identity = s.register.identity(case_id).identity
    born = identity.date_of_birth if identity is not None else None
    if born is None:
        return state.age
    day = local(s.at).date()
    if born > day:  # --at before the birth, or a register written before `case new` checked
        raise EscalatieError(
            f"--at: case {case_id} has a recorded date of birth after {day}; whose consent "
            "counts follows the age, so expected a moment after the birth (or a corrected "
            "date of birth)"
        )
    return age_at(born, day)


def share(s: Session, case_id: str, party: str, what: Shareable, reason: str = "") -> str:
    """The Dutch artifact for ``party``; refused (and audited as refused) outside consent."""
    if not party.strip():
        raise EscalatieError("--with: expected the party to share with")
    if what is Shareable.INFORMATION:
        raise EscalatieError("--what: expected plan or agreements; information is shared in person")
    state = s.state(case_id)
    party = s.scrub(case_id, party.strip())  # what was typed may hold an identifier too
    decision = decide(state.consents, party, what, current_age(s, case_id, state), state.capable)
    if not decision.allowed:
        raise Refused(
            f"--with: sharing the {what.value} of case {case_id} with {party} is {decision.message}"
        )
    if what is Shareable.PLAN:
        artifact = views.shared_plan(state, party)
    else:
        exempt = party_key(party) == VEILIG_THUIS_PARTY
        chosen = [
            (n, a)
            for n, a in enumerate(state.agreements, 1)
            if exempt or party_key(party) in {party_key(p) for p in a.audience}
        ]
        if not chosen:
            raise Refused(
                f"--with: no agreement of case {case_id} may be shared with {party}. {AUDIENCE.text} "
                f"[{AUDIENCE.id}; {AUDIENCE.source.cite()}]"
            )
        artifact = views.shared_agreements(state, party, chosen)
    s.log("share", case_id, detail=f"{what.value} with {party} ({decision.rule.id})", reason=reason)
    return artifact


class Refused(EscalatieError):
    """A share outside consent or outside the agreements' audience."""
