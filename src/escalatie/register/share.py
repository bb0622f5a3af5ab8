"""Sharing a case's plan or agreements with a party, only within recorded consent.

Seed 000 (step 3) shares extra information only with consent of the young person and/or the
parents, and (step 5) the family decides with whom the agreements are shared: an agreement goes
only to the parties in its audience. Whose consent counts follows the age rules in
:mod:`escalatie.consent`. A report to Veilig Thuis needs no consent where the case records a
safety signal (Wmo 2015, art. 5.2.6, meldrecht), and then a reason.
Consent follows time: the decision is taken at the share's moment (``--at``), which may not lie
before the case's submission. Every share, and every refused one, is audited.

What is shared is the case as it stood at that moment (a share dated before later events
does not show them): the agreements recorded at or before ``--at``, marked done only
when done by then (:func:`standing_at`). The plan is the case document as submitted, which no
later event changes. Whether the young person is capable (``consent capacity``) is the
assessment in force at ``--at``: one dated after it does not count. Consent alone looks past
``--at``: a withdrawal already recorded stops the share even when it is dated after ``--at``
(AVG art. 7(3); :func:`decision`).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from attrs import evolve, frozen

import escalatie.register.views as views
from escalatie.clock import local, printed
from escalatie.consent import (
    CONSENT_WITHDRAWN,
    SHARE_AFTER_SUBMISSION,
    VEILIG_THUIS_EXEMPT,
    VEILIG_THUIS_PARTY,
    Decision,
    Shareable,
    age_at,
    decide,
    party_key,
)
from escalatie.errors import EscalatieError
from escalatie.learning import Agreement
from escalatie.register.checks import party_name
from escalatie.register.session import Session
from escalatie.register.state import CaseState
from escalatie.rules import Rule
from escalatie.sources import seed

if TYPE_CHECKING:
    from escalatie.model import EscalationModel

AUDIENCE = Rule(
    "register.agreements_audience",
    "With the family it is agreed with whom the agreements are shared.",
    seed("000", "5. afspraken"),
)


SEALED_HISTORY = Rule(
    "consent.sealed_history",
    "A consent decision rests only on a case history the sealed audit log accounts for: "
    "consent slipped into the register, or a withdrawal taken out, must not open a share.",
    seed("law", "AVG art. 5(1)(f) and 7(1)"),
)


def current_age(s: Session, case_id: str, state: CaseState) -> int:
    """Age at the session's moment: from the date of birth if known, else the age recorded at
    submission advanced by the whole years since (:func:`escalatie.consent.age_at`)."""
    identity = s.register.identity(case_id).identity
    born = identity.date_of_birth if identity is not None else None
    if born is not None and born > local(s.at).date():
        # --at before the birth, or a register written before `case new` checked
        raise EscalatieError(
            f"--at: case {case_id} has a recorded date of birth after {local(s.at).date()}; "
            "whose consent counts follows the age, so expected a moment after the birth (or a "
            "corrected date of birth)"
        )
    return age_at(s.at, born=born, age_at_submission=state.age, submitted=state.submitted_at)


def age_now(s: Session, state: CaseState) -> int | None:
    """Age at the moment the session is recorded (the real moment of sharing); None when the
    recorded date of birth lies after it (the young person is then judged at ``--at`` only)."""
    identity = s.register.identity(state.case_id).identity
    born = identity.date_of_birth if identity is not None else None
    if born is not None and born > local(s.recorded).date():
        return None
    return age_at(s.recorded, born=born, age_at_submission=state.age, submitted=state.submitted_at)


def decision(s: Session, case_id: str, state: CaseState, party: str, what: Shareable) -> Decision:
    """Whether ``what`` may go to ``party`` at the session's moment; refused before submission."""
    if s.at < state.submitted_at:
        rule = SHARE_AFTER_SUBMISSION
        raise Refused(
            f"--at: sharing the {what.value} of case {case_id} at {_show(s.at)} is refused: the "
            f"case was submitted at {_show(state.submitted_at)}. {rule.text} "
            f"[{rule.id}; {rule.source.cite()}]"
        )
    if not reports_safety(state, party):  # safety first: never held up by this check
        changed = s.register.case_problems(case_id)
        if changed:
            rule = SEALED_HISTORY
            raise Refused(
                f"nothing of case {case_id} is shared: its history was changed outside "
                f"escalatie ({changed[0]}); run `escalatie audit --verify` "
                f"[{rule.id}; {rule.source.cite()}]"
            )
    age = current_age(s, case_id, state)
    safety = reports_safety(state, party)

    def at(moment: datetime) -> Decision:
        return decide(
            state.consents,
            party,
            what,
            age,
            state.capable_at(moment),
            at=moment,
            safety_at_stake=safety,
        )

    decided = at(s.at)
    if decided.allowed and s.at > s.recorded:
        # --at in the future: the share is still made now, to a young person of today's age,
        # so the consents in force at --at must satisfy the age rules for that age as well
        # (AGE_NOW: --at two years ahead must not make a 15-year-old 17).
        young = age_now(s, state)
        if young is not None and young != age:
            today = decide(
                state.consents,
                party,
                what,
                young,
                state.capable_at(s.at),
                at=s.at,
                safety_at_stake=safety,
            )
            if not today.allowed:
                return evolve(today, now=True)
    if decided.allowed and s.recorded > s.at:
        # The share is made now, whatever --at says: a withdrawal already recorded for a
        # moment before now stops it (AVG art. 7(3)), though --at lies before the withdrawal.
        now = at(s.recorded)
        if any(m.rule is CONSENT_WITHDRAWN for m in now.why):
            return now
    return decided


def reports_safety(state: CaseState, party: str) -> bool:
    """A report to Veilig Thuis about a case whose safety signal says the child's safety is at
    stake: the one share that needs no consent (:data:`escalatie.consent.VEILIG_THUIS_EXEMPT`)."""
    from escalatie.case import SafetyLevel

    return (
        party_key(party) == VEILIG_THUIS_PARTY and state.case.safety.level is not SafetyLevel.NONE
    )


def _show(moment: datetime) -> str:
    return printed(moment)


@frozen
class Prepared:
    """A share that consent allows, not yet delivered: the text and what the audit will say."""

    case_id: str
    text: str
    detail: str
    reason: str


def prepare(
    s: Session,
    case_id: str,
    party: str,
    what: Shareable,
    reason: str = "",
    model: EscalationModel | None = None,
    *,
    unavailable: str | None = None,
) -> Prepared:
    """The Dutch artifact for ``party``, or :class:`Refused` outside consent (nothing logged).

    ``model`` is the case's model: where its agreements policy says ``aligned_before_sharing``
    (the maatwerktafel, seed 000 stap 5), agreements not yet aligned with the submitter are
    refused (:data:`escalatie.register.commands.ALIGNED_WITH_SUBMITTER`), but for a report to
    Veilig Thuis, which safety never holds up. ``unavailable`` names a model of the case that
    is neither installed nor given with ``-m``: whether it asks for the alignment is unknown,
    so its agreements are refused until it is given, never
    shared without the model's rule."""
    if not party.strip():
        raise EscalatieError("--with: expected the party to share with")
    if what is Shareable.INFORMATION:
        raise EscalatieError("--what: expected plan or agreements; information is shared in person")
    state = s.state(case_id)
    party = party_name(s, case_id, party)  # judged as typed: one holding an identifier refused
    allowed = decision(s, case_id, state, party, what)
    if allowed.rule is VEILIG_THUIS_EXEMPT and not reason.strip():
        rule = VEILIG_THUIS_EXEMPT
        raise EscalatieError(
            "--reason: a report to Veilig Thuis without consent needs the reason the child's "
            f"safety requires it, kept in the audit log [{rule.id}; {rule.source.cite()}]"
        )
    if not allowed.allowed:
        raise Refused(
            allowed.refusal(
                f"--with: sharing the {what.value} with {party} is ",  # the command names the case
                case_id,
                party,
                what,
            )
        )
    if what is Shareable.PLAN:
        artifact = views.shared_plan(state, party)
    else:
        exempt = allowed.rule is VEILIG_THUIS_EXEMPT
        standing = standing_at(state, s.at)
        if state.agreements and not standing:
            raise Refused(
                f"--at: case {case_id} had no agreement at {_show(s.at)} (the first was "
                f"recorded at {_show(min(state.agreements_added))}); a share shows the case "
                "as it stood at --at"
            )
        chosen = [
            (n, a)
            for n, a in standing
            if exempt or party_key(party) in {party_key(p) for p in a.audience}
        ]
        if not chosen:
            raise Refused(
                f"--with: no agreement of case {case_id} may be shared with {party}. {AUDIENCE.text} "
                f"[{AUDIENCE.id}; {AUDIENCE.source.cite()}]"
            )
        if not exempt and model is None and unavailable is not None:
            raise Refused(
                f"case {case_id}: its model {unavailable} is not installed, so whether its "
                "agreements must first be aligned with the submitter is unknown; give its "
                "model file with -m PATH"
            )
        if not exempt and model is not None and model.agreements.aligned_before_sharing:
            aligned = state.aligned_at(s.at)
            waiting = [n for n, _ in chosen if n > aligned]
            if waiting:
                from escalatie.register.commands import ALIGNED_WITH_SUBMITTER as rule
                from escalatie.register.commands import own_source

                numbers = ", ".join(map(str, waiting))
                raise Refused(
                    f"agreements {numbers} of case {case_id} (model {model.name}) are not yet "
                    f"aligned with the submitter at {_show(s.at)}; record it with `escalatie "
                    f"agreement aligned {case_id}` first. {rule.text} "
                    f"[{rule.id}; {own_source(model, rule.source).cite()}]"
                )
        artifact = views.shared_agreements(state, party, chosen)
    from escalatie.neutralise.document import plain_text

    # No control character leaves, on standard output or in the file.
    text = plain_text(artifact)
    return Prepared(case_id, text, f"{what.value} with {party} ({allowed.rule.id})", reason)


def standing_at(state: CaseState, at: datetime) -> list[tuple[int, Agreement]]:
    """The case's agreements as they stood at ``at``, numbered as the register numbers them:
    those recorded at or before it, done only if done by then."""
    recorded = zip(state.agreements, state.agreements_added, strict=True)
    return [
        (n, a if a.done_at is None or a.done_at <= at else evolve(a, done_at=None))
        for n, (a, added) in enumerate(recorded, 1)
        if added <= at
    ]


def delivered(s: Session, prepared: Prepared) -> None:
    """Audit a share once it was delivered: only a share that happened is logged as one."""
    s.log("share", prepared.case_id, detail=prepared.detail, reason=prepared.reason)


def share(s: Session, case_id: str, party: str, what: Shareable, reason: str = "") -> str:
    """The Dutch artifact for ``party``, audited as shared; refused outside consent.

    The caller delivers it within the session's transaction; a caller that may fail to deliver
    (writing a file) uses :func:`prepare` and :func:`delivered` around the delivery instead.
    """
    prepared = prepare(s, case_id, party, what, reason)
    delivered(s, prepared)
    return prepared.text


class Refused(EscalatieError):
    """A share outside consent or outside the agreements' audience."""
