"""What a user can do to a case; each operation checks its rule, then appends one event.

Every refusal is an :class:`~escalatie.errors.EscalatieError` naming the argument or the rule
and its seed. Free text is scrubbed of the case's direct identifiers before it is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from enum import StrEnum

from escalatie.case import Case, birth_problems
from escalatie.clock import local, minute_or_finer
from escalatie.consent import CONSENT_GIVEN, CONSENT_WITHDRAWN, Giver, Shareable, in_force
from escalatie.errors import EscalatieError, InvalidDocument
from escalatie.forum import Forum
from escalatie.learning import LearningTheme
from escalatie.model import EscalationModel
from escalatie.register.checks import at_minute, free_text, not_before, party_name
from escalatie.register.events import EventKind
from escalatie.register.identity import split
from escalatie.register.register import AHEAD
from escalatie.register.session import Session
from escalatie.register.state import CaseState, Status
from escalatie.route_decision import (
    DECIDED_BY,
    citation,
    deciding_aanspreekpunt,
    follows_triage,
    refuse_over_safety,
    remarked,
    require_triaged_forum,
)
from escalatie.rules import Rule
from escalatie.sources import Source, seed
from escalatie.triaging import TriageResult

CLOSE_NEEDS_AGREEMENTS = Rule(
    "register.close_needs_agreements",
    "Where the forum records agreements, a case is closed as resolved or partly_resolved only "
    "with agreements and a lead recorded (agreement add); a case that ends without a result is "
    "closed as not_resolved or referred.",
    seed("000", "5. afspraken, tijdschema en regie"),
)
"""The closing rule as the project first took it from Utrecht's maatwerktafel (seed 000, stap
5: the procesondersteuner notes the agreements, the table discusses who holds the lead). A case
of a model cites the model's own source for it instead (:func:`closing_source`)."""

RESOLVED_NEEDS_AGREEMENTS_DONE = Rule(
    "register.resolved_needs_agreements_done",
    "Where the forum records agreements, the table names who holds the lead on following "
    "them; the library's reading: a case is closed as resolved only when every agreement is "
    "done (agreement done). "
    "With agreements still open it is closed as partly_resolved, or left open for the lead "
    "to follow.",
    seed("000", "5. wie de regie neemt op het volgen van de afspraken"),
)


def closing_source(model: EscalationModel | None) -> Source:
    """The closing rule's source for a case of ``model``: the model's own
    (:func:`escalatie.learning_policy.closing_source`); seed 000 stap 5 only for a case
    without a model."""
    from escalatie.learning_policy import closing_source as of_model

    if model is None:
        return CLOSE_NEEDS_AGREEMENTS.source
    return of_model(model.agreements, model.source)


SLOT_OF_FORUM = Rule(
    "register.plan_on_slot",
    "A case is put on the agenda of a meeting of the forum; other moments only by agreement "
    "with those to attend.",
    seed("000", "4. De maatwerktafels vinden eens in de anderhalve week plaats"),
)


class Outcome(StrEnum):
    """How a case ended (the ZGW resultaat)."""

    RESOLVED = "resolved"
    PARTLY_RESOLVED = "partly_resolved"
    NOT_RESOLVED = "not_resolved"
    REFERRED = "referred"


CLAIMS_A_RESULT = frozenset({Outcome.RESOLVED, Outcome.PARTLY_RESOLVED})
"""Outcomes that say the case got a result, so need the agreements that carry it (seed 000,
stap 5); not_resolved and referred do not."""


def _existing(s: Session, case_id: str) -> CaseState:
    """The case, refusing a command dated before it was submitted."""
    state = s.state(case_id)
    not_before(s, state.submitted_at, "the case's submission")
    return state


def _open(s: Session, case_id: str) -> CaseState:
    state = _existing(s, case_id)
    if state.status is Status.CLOSED:
        raise EscalatieError(f"case {case_id} is closed; nothing can be added to it")
    return state


def submit(s: Session, case: Case, model: str | None = None) -> str:
    """Register a case; its identity goes to the identity table. Returns the new register id.

    A date of birth in the future, or one that contradicts the stated age, is refused
    (:func:`escalatie.case.birth_problems`).
    """
    problems = birth_problems(case, local(s.at).date())
    if problems:
        raise InvalidDocument(problems)
    case_id = s.register.new_id()
    document, stored = split(case, case_id)
    digest = s.register.store_identity(case_id, stored)
    s.record(case_id, EventKind.SUBMITTED, {"case": document, "model": model}, identity=digest)
    return case_id


def record_triage(s: Session, case_id: str, result: TriageResult) -> None:
    _open(s, case_id)
    s.record(
        case_id,
        EventKind.TRIAGED,
        {"model": result.model, "route": result.route, "route_name": result.route_name},
    )


def _forum(model: EscalationModel, key: str | None) -> Forum:
    if key is None:
        if not model.forums:
            raise EscalatieError(f"-m/--model: model {model.name} has no forum to plan a case on")
        return model.forums[0]
    try:
        return model.forum(key)
    except KeyError:
        keys = ", ".join(f.key for f in model.forums) or "none"
        raise EscalatieError(
            f"--forum: model {model.name} has no forum {key!r}; forums: {keys}"
        ) from None


def check_slot(forum: Forum, slot: datetime, by_agreement: bool) -> datetime:
    """Refuse a moment that is not a meeting of the forum (naming the skipped day's reason).

    Returns when the meeting ends (for a moment by agreement, its start: its length is not
    known).
    """
    from escalatie.schedule import series_slots

    if by_agreement:
        if not forum.cadence.other_moments_by_agreement and forum.cadence.fixed:
            raise EscalatieError(
                f"--by-agreement: forum {forum.key} meets only on its fixed slots "
                f"[{SLOT_OF_FORUM.id}; {SLOT_OF_FORUM.source.cite()}]"
            )
        return slot
    window = (slot - timedelta(minutes=1), slot + timedelta(minutes=1))
    for series in forum.cadence.series:
        found, skipped = series_slots(series, forum.cadence.holidays, *window)
        for meeting in found:
            if meeting.start == slot:
                return meeting.end
        for gone in skipped:
            if gone.start == slot:
                raise EscalatieError(
                    f"--slot: forum {forum.key} does not meet on {minute_or_finer(slot, ' ')} "
                    f"({gone.reason})"
                )
    if not forum.cadence.fixed:
        raise EscalatieError(
            f"--slot: forum {forum.key} has no fixed meetings; plan it with --by-agreement"
        )
    from escalatie.schedule import next_slot

    upcoming = next_slot(forum.cadence, slot)
    hint = f"; the next one is {upcoming.start:%Y-%m-%d %H:%M}" if upcoming else ""
    raise EscalatieError(
        f"--slot: {minute_or_finer(slot, ' ')} is not a meeting of forum {forum.key}{hint} "
        f"[{SLOT_OF_FORUM.id}; {SLOT_OF_FORUM.source.cite()}]"
    )


def plan(
    s: Session,
    case_id: str,
    model: EscalationModel,
    slot: datetime,
    forum_key: str | None = None,
    by_agreement: bool = False,
    *,
    triaged: TriageResult,
    override_reason: str | None = None,
    decided_by: str | None = None,
    remarks: Sequence[str] = (),
) -> Forum:
    """Put the case on the agenda of a meeting of the model's forum.

    The forum must be the one ``triaged`` (the case's triage under ``model`` at the session's
    moment) gives, unless the aanspreekpunt overrides that with a reason, which is kept in the
    event and the audit (:data:`escalatie.route_decision.ROUTE_DECISION`) with the aanspreekpunt
    who decided (``decided_by``, required with ``override_reason``: one of the model's contact
    points, :func:`escalatie.route_decision.deciding_aanspreekpunt`) and what the override goes
    against (``remarks``: :func:`escalatie.route_decision.override_remarks`, which asks the
    model's plugin, so the caller that holds the registry gives them). Without ``forum_key``
    the triaged forum is taken, else the model's first. The meeting must be after the case
    was submitted and not over at the session's moment.
    """
    state = _open(s, case_id)
    if forum_key is None and triaged.forum is not None and triaged.model == model.name:
        forum_key = triaged.forum
    forum = _forum(model, forum_key)
    reason = who = None
    if override_reason is not None:
        if decided_by is None:
            raise EscalatieError(
                "--aanspreekpunt: expected the aanspreekpunt who decides the override "
                + citation(DECIDED_BY, model)
            )
        if not follows_triage(triaged, model, forum):
            refuse_over_safety(triaged, model, forum, argument="--override", case=case_id)
        who = s.scrub(case_id, deciding_aanspreekpunt(model, decided_by))
        reason = free_text(s, case_id, override_reason, "--reason", 500)
    else:
        require_triaged_forum(triaged, model, forum, argument="", case=case_id, at=s.at)
    slot = local(slot)
    if slot <= state.submitted_at:
        raise EscalatieError(
            f"--slot {at_minute(slot)}: expected a meeting after the case's submission "
            f"({at_minute(state.submitted_at)})"
        )
    end = check_slot(forum, slot, by_agreement)
    if end <= s.at:
        raise EscalatieError(
            f"--slot {at_minute(slot)}: the meeting is over at --at {at_minute(s.at)}; "
            "expected a meeting that has not ended"
        )
    payload: dict[str, object] = {
        "model": model.name,
        "forum": forum.key,
        "slot": slot.isoformat(),
        "by_agreement": by_agreement,
    }
    if reason is not None:
        payload["override"] = {
            "triage_route": triaged.route,
            "reason": reason,
            "aanspreekpunt": who,
        }
    s.record(case_id, EventKind.PLANNED, payload)
    if reason is not None:
        s.log(
            "plan_override",
            case_id,
            detail=(
                f"forum {forum.key} instead of triage route {triaged.route or 'none'}, "
                f"decided by aanspreekpunt {who}"
                f"{remarked(remarks)}"
            ),
            reason=reason,
        )
    return forum


def add_agreement(
    s: Session,
    case_id: str,
    action: str,
    owner: str,
    due: date,
    lead: str,
    audience: Sequence[str] = (),
) -> int:
    """Record an agreement (afspraak) with its schedule and regiehouder; its number in the case.

    Its due date may not lie before the day it is recorded.
    """
    state = _open(s, case_id)
    if due < local(s.at).date():
        raise EscalatieError(
            f"--due {due.isoformat()}: expected a day on or after --at ({local(s.at).date()})"
        )
    payload = {
        "action": free_text(s, case_id, action, "--action"),
        "owner": free_text(s, case_id, owner, "--owner", 200),
        "due": due.isoformat(),
        "lead": free_text(s, case_id, lead, "--lead", 200),
        "audience": [free_text(s, case_id, a, "--audience", 200) for a in audience],
    }
    s.record(case_id, EventKind.AGREEMENT_ADDED, payload)
    return len(state.agreements) + 1


AGREEMENTS_AUDIENCE_SOURCE = seed(
    "000", "5. met het gezin besproken met wie de afspraken gedeeld worden"
)
ONE_LEAD_SOURCE = seed("000", "5. wie de regie neemt op het volgen van de afspraken")


def own_source(model: EscalationModel | None, step: Source) -> Source:
    """The source a warning about a case's agreements cites: seed 000's ``step`` for a case
    without a model and for a model whose agreements source is seed 000 itself (Utrecht's
    maatwerktafel), else the model's own agreements source (:func:`closing_source`), so a
    municipality's own file or another seed's model is never held to Utrecht's document."""
    if model is None:
        return step
    own = closing_source(model)
    return step if own.document is None and own.seed == step.seed else own


def warns_on_agreements(model: EscalationModel | None) -> bool:
    """Whether the agreements warnings apply to a case of ``model``: not for a model that
    records no agreements at its forum (``required_to_close = false``: a commission's budget
    decision, seed 001). A case without a model, or whose model is neither installed nor
    given with ``-m``, gets them under the default rule, as ``case close`` keeps the default
    closing rule for it (the stricter reading), and the warning says so
    (:func:`default_rule_note`)."""
    return model is None or model.agreements.required_to_close


def default_rule_note(unavailable: str | None) -> str:
    """What a warning adds for a case whose model ``unavailable`` is neither installed nor
    given with ``-m``: the default rule is the one applied, and how to apply the model's
    own. Empty when the model is known."""
    if not unavailable:
        return ""
    return (
        f"; its model {unavailable} is neither installed nor given with -m, so the default "
        "rule applies (give its model file with -m PATH)"
    )


def no_audience_warning(
    case_id: str,
    numbers: Sequence[int],
    model: EscalationModel | None = None,
    unavailable: str | None = None,
) -> str:
    """The warning for agreements recorded without an audience: the family has not decided
    with whom they are shared (rule ``register.agreements_audience``), so no share will carry
    them. It cites seed 000 stap 5 for the maatwerktafel and a case without a model, else the
    model's own agreements source (:func:`own_source`). Empty when ``numbers`` is."""
    if not numbers:
        return ""
    if len(numbers) == 1:
        which, it, them = f"agreement {numbers[0]} has", "it is", "it"
    else:
        which, it, them = "agreements " + ", ".join(map(str, numbers)) + " have", "they are", "them"
    return (
        f"{case_id}: {which} no --audience: the family has not decided with whom {it} shared, "
        f"so no share carries {them} ({own_source(model, AGREEMENTS_AUDIENCE_SOURCE).cite()}"
        f"{default_rule_note(unavailable)})"
    )


def open_leads(state: CaseState) -> list[str]:
    """The leads (regiehouders) the case's open agreements name, each once (letter case and
    surrounding spaces aside), in the order first named."""
    leads: dict[str, str] = {}
    for a in state.agreements:
        if a.done_at is None:
            leads.setdefault(a.lead.strip().casefold(), a.lead.strip())
    return list(leads.values())


def mixed_leads_warning(
    case_id: str,
    leads: Sequence[str],
    model: EscalationModel | None = None,
    unavailable: str | None = None,
) -> str:
    """The warning for open agreements that name more than one lead. Seed 000 stap 5 has the
    table agree on one regiehouder for following the agreements ("wie de regie neemt op het
    volgen van de afspraken"), so two leads leave it unclear who follows them up. A case of
    another model cites that model's own agreements source (:func:`own_source`). A warning,
    not a refusal: a later table may hand the regie over, and the earlier agreements then
    still name the previous lead. Empty for one lead or none."""
    if len(leads) < 2:
        return ""
    named = ", ".join(leads[:-1]) + " and " + leads[-1]
    return (
        f"{case_id}: the open agreements name {len(leads)} leads ({named}); one lead follows "
        f"the agreements up: agree who holds it ({own_source(model, ONE_LEAD_SOURCE).cite()}"
        f"{default_rule_note(unavailable)})"
    )


def without_audience(state: CaseState) -> list[int]:
    """The numbers of the case's agreements that have no audience."""
    return [n for n, a in enumerate(state.agreements, 1) if not a.audience]


def agreement_done(s: Session, case_id: str, number: int) -> None:
    state = _existing(s, case_id)
    count = len(state.agreements)
    if not 1 <= number <= count:
        raise EscalatieError(
            f"AGREEMENT_NO: case {case_id} has agreements 1 to {count}, got {number}"
            if count
            else f"AGREEMENT_NO: case {case_id} has no agreements yet"
        )
    if state.agreements[number - 1].done_at is not None:
        raise EscalatieError(f"AGREEMENT_NO: agreement {number} of case {case_id} is already done")
    if number <= len(state.agreements_added):
        not_before(s, state.agreements_added[number - 1], f"agreement {number} was recorded")
    s.record(case_id, EventKind.AGREEMENT_DONE, {"number": number})


ALIGNED_WITH_SUBMITTER = Rule(
    "register.agreements_aligned",
    "After the meeting the agreements are aligned with the submitter of the case (agreement "
    "aligned); the submitter then shares them with the other participants. Agreements not yet "
    "aligned are not shared.",
    seed("000", "5. na afloop afgestemd met de indiener"),
)


def align_agreements(s: Session, case_id: str) -> int:
    """Record that the agreements recorded so far (numbers 1 to N, returned) are aligned with
    the submitter (:data:`ALIGNED_WITH_SUBMITTER`, seed 000 stap 5). Allowed on a closed case
    too: the agreements are shared after the table, which may follow the closing."""
    state = _existing(s, case_id)
    standing = sum(1 for added in state.agreements_added if added <= s.at)
    if not standing:
        raise EscalatieError(
            f"case {case_id} has no agreements recorded at {at_minute(s.at)}; agreements "
            "are aligned with the submitter after the table that made them (agreement add first)"
        )
    if state.aligned_at(s.at) >= standing:
        raise EscalatieError(
            f"the agreements of case {case_id} (1 to {standing}) are already aligned with "
            "the submitter; an agreement added later is aligned again after it is recorded"
        )
    s.record(case_id, EventKind.AGREEMENTS_ALIGNED, {"count": standing})
    return standing


def add_insight(s: Session, case_id: str, theme: LearningTheme, text: str) -> None:
    """Collect an insight for the learning lines (seed 000, step 6); allowed after closing too."""
    _existing(s, case_id)
    s.record(
        case_id,
        EventKind.INSIGHT_ADDED,
        {"theme": theme.value, "text": free_text(s, case_id, text, "--text")},
    )


def _consent_payload(
    s: Session,
    case_id: str,
    giver: Giver,
    parties: Sequence[str],
    what: Sequence[Shareable],
    plain: bool = False,
) -> tuple[dict[str, object], list[str], str]:
    """The event's payload, the (scrubbed) party names and the audit's detail; ``plain``: a
    name holding an identifier is refused, not scrubbed (:func:`party_name`)."""
    if not parties:
        raise EscalatieError("--with: expected at least one party the consent covers")
    if not what:
        raise EscalatieError("--what: expected at least one of plan, agreements, information")
    if plain:
        names = [party_name(s, case_id, p) for p in parties]
    else:
        names = [free_text(s, case_id, p, "--with", 200) for p in parties]
    subjects = sorted({w.value for w in what})
    payload: dict[str, object] = {"giver": giver.value, "parties": names, "what": subjects}
    return payload, names, f"{giver.value}: {', '.join(subjects)} with {', '.join(names)}"


def record_consent(
    s: Session, case_id: str, giver: Giver, parties: Sequence[str], what: Sequence[Shareable]
) -> None:
    """Record that ``giver`` agreed to share ``what`` with ``parties`` from the session's moment.

    A share dated before that moment is not covered (rule ``consent.beforehand``). Refused on
    a closed case: consent is asked to share for the work on a case (seed 000, step 3), and a
    closed case has none left; a new question is a new case. Withdrawing stays possible
    (:func:`withdraw_consent`, AVG art. 7(3)). Refused when the moment lies in the future
    (rule ``consent.given``: consent dated ahead would cover shares no one has agreed to yet).
    """
    if s.at - s.recorded > AHEAD:
        rule = CONSENT_GIVEN
        raise EscalatieError(
            f"--at: consent is recorded when it has been given, so expected a moment up to now "
            f"({at_minute(s.recorded)}), got {at_minute(s.at)}; record it once given "
            f"[{rule.id}; {rule.source.cite()}]"
        )
    state = _existing(s, case_id)
    if state.status is Status.CLOSED:
        raise EscalatieError(
            f"case {case_id} is closed, so no new consent is recorded on it: consent is "
            "asked to share for the work on an open case (seed 000, 3. Organisatie van een "
            "maatwerktafel); for a new question "
            "register a new case (case new). Withdrawing consent stays possible after closing "
            "(consent withdraw, AVG art. 7(3))"
        )
    if giver is Giver.YOUNG_PERSON:
        _old_enough_to_consent(s, case_id, state)
    payload, _, detail = _consent_payload(s, case_id, giver, parties, what, plain=True)
    s.record(case_id, EventKind.CONSENT_RECORDED, payload, detail)


def _old_enough_to_consent(s: Session, case_id: str, state: CaseState) -> None:
    """Refuse a young person's own consent while they are certainly under 12 at the session's
    moment (:data:`escalatie.consent.YOUNG_GIVER`): by the date of birth when it is known, else
    by the age at submission, which the child may have outgrown by one since (then recorded,
    with a warning that the child may still be under 12)."""
    from escalatie.consent import YOUNG_GIVER, age_at, oldest_at

    identity = s.register.identity(case_id).identity
    born = identity.date_of_birth if identity is not None else None
    oldest = oldest_at(s.at, born=born, age_at_submission=state.age, submitted=state.submitted_at)
    rule = YOUNG_GIVER
    if oldest >= 12:
        youngest = age_at(
            s.at, born=born, age_at_submission=state.age, submitted=state.submitted_at
        )
        if youngest < 12:
            s.register.warnings.append(
                f"--giver young_person: the young person of case {case_id} was {state.age} at "
                f"submission and may still be {youngest} at {at_minute(s.at)} (no date of birth: "
                "a birthday may have passed); recorded, but under 12 the parents with authority "
                f"consent for the child (--giver parents) [{rule.id}; {rule.source.cite()}]"
            )
        return
    raise EscalatieError(
        f"--giver young_person: the young person of case {case_id} is {oldest} at "
        f"{at_minute(s.at)}; under 12 the parents with authority (or the voogd) consent for "
        f"the child: --giver parents [{rule.id}; {rule.source.cite()}]"
    )


def withdraw_consent(
    s: Session, case_id: str, giver: Giver, parties: Sequence[str], what: Sequence[Shareable]
) -> list[tuple[str, Shareable]]:
    """Record that ``giver`` withdraws consent to share ``what`` with ``parties`` (AVG art. 7(3)).

    It holds from the session's moment on; shares dated after it are refused (rule
    ``consent.withdrawn``). A withdrawal is recorded even on a closed case, and even when no
    consent was in force for it; the pairs (party, what) that had no consent in force at its
    moment are returned, so the user can be told a name may be mistyped.

    Refused when the moment lies in the future, as :func:`record_consent` is (rule
    ``consent.withdrawn``: a withdrawal dated ahead would leave the consent in force until then,
    covering shares after the family withdrew it).
    """
    if s.at - s.recorded > AHEAD:
        rule = CONSENT_WITHDRAWN
        raise EscalatieError(
            f"--at: a withdrawal is recorded when it is made, so expected a moment up to now "
            f"({at_minute(s.recorded)}), got {at_minute(s.at)}; dated ahead it would leave the "
            f"consent in force until then [{rule.id}; {rule.source.cite()}]"
        )
    state = _existing(s, case_id)
    payload, names, detail = _consent_payload(s, case_id, giver, parties, what)
    idle = [
        (party, subject)
        for party in names
        for subject in what
        if not _consent_in_force(state, giver, party, subject, s.at)
    ]
    s.record(case_id, EventKind.CONSENT_WITHDRAWN, payload, detail)
    return list(dict.fromkeys(idle))


def _consent_in_force(
    state: CaseState, giver: Giver, party: str, what: Shareable, at: datetime
) -> bool:
    deciding = in_force(state.consents, giver, party, what, at)
    return deciding is not None and not deciding.withdrawn


def assess_capacity(s: Session, case_id: str, capable: bool, reason: str) -> None:
    """Record whether the young person can judge the matter (wilsonbekwaam or not)."""
    _open(s, case_id)
    s.record(
        case_id,
        EventKind.CAPACITY_ASSESSED,
        {"capable": capable, "reason": free_text(s, case_id, reason, "--reason")},
    )


def suspend(s: Session, case_id: str, reason: str) -> None:
    """Suspend (opschorten): the deadlines move by the days until it is resumed."""
    state = _open(s, case_id)
    if state.suspended:
        raise EscalatieError(f"case {case_id} is already suspended")
    s.record(
        case_id,
        EventKind.SUSPENDED,
        {"reason": free_text(s, case_id, reason, "--reason", 200)},
    )


def resume(s: Session, case_id: str) -> None:
    state = _open(s, case_id)
    if not state.suspended:
        raise EscalatieError(f"case {case_id} is not suspended")
    if s.at < state.suspensions[-1][0]:
        raise EscalatieError(
            f"--at: expected a moment after the suspension began ({state.suspensions[-1][0].isoformat()})"
        )
    s.record(case_id, EventKind.RESUMED, {})


def close(
    s: Session,
    case_id: str,
    outcome: Outcome,
    note: str = "",
    model: EscalationModel | None = None,
    *,
    unavailable: str | None = None,
) -> None:
    """Close a case. An outcome that claims a result (resolved, partly_resolved) is refused
    without agreements and a lead where the case's model records agreements at its forum
    (``[agreements] required_to_close``, true by default: seed 000, stap 5, the maatwerktafel).

    ``model`` is the case's model; None (a case without one, or a model no longer installed)
    keeps the rule (the default is the stricter reading). A case referred elsewhere (Veilig
    Thuis, the crisis service) or not resolved never sat at a table that recorded agreements
    (seed 000 stap 5 is the maatwerktafel's), and a commission's outcome is its recorded
    decision (seed 001).
    ``unavailable`` names a model of the case that is neither installed nor given with ``-m``:
    a refusal says so, and how to select it, rather than citing seed 000 as if it were that
    model's rule.

    Where agreements are required, ``resolved`` is refused while any agreement is open
    (:data:`RESOLVED_NEEDS_AGREEMENTS_DONE`; seed 000 stap 5 names who follows them up, so a
    case with open agreements is not done).
    """
    state = _open(s, case_id)
    required = warns_on_agreements(model)  # the same rule as the agreements warnings
    of_model = f" (model {model.name})" if model is not None else ""
    if model is None and unavailable is not None:
        of_model = (
            f" (its model {unavailable} is not installed, so the default rule applies; to "
            f"apply its own, give its model file with -m PATH)"
        )
    if required and outcome in CLAIMS_A_RESULT and (not state.agreements or not state.leads):
        raise EscalatieError(
            f"case {case_id} cannot be closed as {outcome.value}{of_model}: no agreements "
            f"with a lead recorded. {CLOSE_NEEDS_AGREEMENTS.text} [{CLOSE_NEEDS_AGREEMENTS.id}; "
            f"{closing_source(model).cite()}]"
        )
    if required and outcome is Outcome.RESOLVED:
        open_ = [
            n for n, a in enumerate(state.agreements, 1) if a.done_at is None or a.done_at > s.at
        ]
        if open_:
            rule = RESOLVED_NEEDS_AGREEMENTS_DONE
            numbers = ", ".join(map(str, open_))
            raise EscalatieError(
                f"--outcome resolved: case {case_id}{of_model} still has open agreements "
                f"({numbers}). {rule.text} [{rule.id}; {closing_source(model).cite()}]"
            )
    if state.suspended:
        raise EscalatieError(f"case {case_id} is suspended; resume it before closing")
    payload = {
        "outcome": outcome.value,
        "note": free_text(s, case_id, note, "--note") if note else "",
    }
    s.record(case_id, EventKind.CLOSED, payload)
