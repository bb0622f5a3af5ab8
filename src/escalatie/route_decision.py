"""Whether a case may go on a forum's agenda: the aanspreekpunt's decision (seed 000, step 2).

Triage gives the forum a case belongs to; the aanspreekpunt decides whether a table fits. So
a case goes on a forum's agenda (``case plan``) or into its invitation (``invite``) when
triage gives that forum, or when the aanspreekpunt decides otherwise with ``--override
--aanspreekpunt KEY --reason TEXT``, which the register's audit log keeps: which aanspreekpunt
decided, and why. Both commands ask this module; the command line only parses the options and
reports.

An override never puts a case on a table that safety first sends elsewhere: an acute safety
signal (Veilig Thuis) or an acute mental-health crisis (the GP or GGZ crisis service, today).
Seed 003 (leading principles): the safety of children is always the lower bound; the
aanspreekpunt's mandate (seed 000, step 2) is whether a table fits, not whether safety comes
first (:data:`SAFETY_NOT_OVERRIDDEN`). A safety concern that is not acute does not bar the
override, but it is said (:data:`CONCERN_REMARK`): Veilig Thuis is consulted beside the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from escalatie.clock import local
from escalatie.errors import EscalatieError
from escalatie.forum import Forum
from escalatie.model import EscalationModel
from escalatie.routes import CRISIS, VEILIG_THUIS
from escalatie.rules import Rule
from escalatie.sources import seed
from escalatie.triaging import Reason, TriageResult

if TYPE_CHECKING:
    from escalatie.case import Case
    from escalatie.organisation import ContactPoint
    from escalatie.plugins import Registry
    from escalatie.register import Register

ROUTE_DECISION = Rule(
    "register.plan_follows_triage",
    "With the aanspreekpunt it is discussed whether a table fits: a case is put on a forum's "
    "agenda when triage gives that forum and nothing it asks first is missing (the talk with "
    "the aanspreekpunt among it), or when the aanspreekpunt decides otherwise and records why.",
    seed(
        "000",
        "2. Route naar een maatwerktafel ('besproken of het passend is'); 3. Organisatie "
        "('Indien de uitkomst van je gesprek met je aanspreekpunt is dat het passend is')",
    ),
)


CORE_RULE = (
    "escalatie's own rule for every model (docs/calendar.md, 'invite follows triage'), taken "
    "from Utrecht's maatwerktafel (seed 000)"
)
"""What the rules of this module cite for a model that is not Utrecht's: the rule is the core's,
applied to every model, not the municipality's own document."""


def citation(rule: Rule, model: EscalationModel) -> str:
    """``rule`` as an error line cites it for ``model``: its id and seed 000 where the model is
    Utrecht's (the seed the rule comes from), else the core's own rule (a Zeewolde
    model file's refusal does not cite Utrecht's handbook as if it applied there)."""
    return f"[{rule.id}; {cited_source(rule, model)}]"


def cited_source(rule: Rule, model: EscalationModel) -> str:
    """Where ``rule`` comes from for ``model`` (see :func:`citation`)."""
    utrecht = model.plugin == "utrecht" or model.source.seed == "000"
    return rule.source.cite() if utrecht else CORE_RULE


OVERRIDE_OPTIONS = "--override --aanspreekpunt KEY --reason TEXT"
"""What an override of triage takes on the command line (``case plan``; ``invite`` adds the
register it is kept in)."""


SAFETY_NOT_OVERRIDDEN = Rule(
    "register.override_keeps_safety_first",
    "An override of triage decides whether a table fits; it never puts a case on a table that "
    "safety first sends to Veilig Thuis or to the GP or GGZ crisis service: the safety of "
    "children is always the lower bound. Once the danger is handled, record the safety and "
    "crisis signals as they then stand and triage the case again.",
    seed("003", "leidende principes ('Veiligheid van kinderen vormt altijd de ondergrens')"),
)
"""Applies to every model: safety first is the core's, decided before any plugin is asked
(:mod:`escalatie.safety`), so no aanspreekpunt's override bypasses it either."""

CONCERN_REMARK = (
    "the case has a safety concern: consult Veilig Thuis beside the table (meldcode step 2) "
    "[core.safety-concern-consult]"
)
"""What an override of a case with a safety concern (not acute) says, whatever the plugin
answers (:func:`override_remarks`)."""


def safety_first(triaged: TriageResult) -> Reason | None:
    """The safety-first rule that decided ``triaged`` (an acute safety signal or an acute
    mental-health crisis), or None when triage went along the model's own routes."""
    from escalatie.safety import CRISIS_FIRST, SAFETY_FIRST

    if triaged.route not in (VEILIG_THUIS, CRISIS):
        return None
    ids = (SAFETY_FIRST.id, CRISIS_FIRST.id)
    return next((r for r in triaged.reasons if r.rule in ids), None)


def _named(argument: str) -> str:
    """``--override: `` before a message, or nothing where the line names the case itself."""
    return f"{argument}: " if argument else ""


def refuse_over_safety(
    triaged: TriageResult, model: EscalationModel, forum: Forum, *, argument: str, case: str
) -> None:
    """Refuse, in one line, a case that safety first sends elsewhere, override or not
    (:data:`SAFETY_NOT_OVERRIDDEN`); the line suggests no override."""
    decided = safety_first(triaged)
    if decided is None:
        return
    raise EscalatieError(  # no "ID: " before a case that the line names
        f"{_named(argument)}triage of case {case} under {model.name} gives {triaged.route_name} "
        f"({triaged.route}) [{decided.rule}], not forum {forum.key}; no override puts it on a "
        f"table: safety is always the lower bound [{SAFETY_NOT_OVERRIDDEN.id}; "
        f"{SAFETY_NOT_OVERRIDDEN.source.cite()}]; once the danger is handled, record the "
        "safety and crisis signals as they then stand and triage it again"
    )


def follows_triage(triaged: TriageResult, model: EscalationModel, forum: Forum) -> bool:
    """Triage of the case under ``model`` gives ``forum``, the case is eligible for it, and no
    prerequisite is missing (a case whose talk with the aanspreekpunt never happened does not
    go onto the maatwerktafel's agenda)."""
    return triaged.model == model.name and triaged.forum == forum.key and triaged.ready


def require_triaged_forum(
    triaged: TriageResult,
    model: EscalationModel,
    forum: Forum,
    *,
    argument: str,
    case: str,
    at: datetime,
    remedy: str = OVERRIDE_OPTIONS,
) -> None:
    """Refuse, naming ``argument`` and the rule, a forum that triage does not give the case
    (:data:`ROUTE_DECISION`); the way out is the aanspreekpunt's override, ``remedy`` naming
    every option the command needs for it (``invite`` also needs a register and an actor)."""
    if follows_triage(triaged, model, forum):
        return
    refuse_over_safety(triaged, model, forum, argument=argument, case=case)
    where = f"{triaged.route_name} ({triaged.route})" if triaged.route else "no route"
    if triaged.forum == forum.key and triaged.eligible and triaged.missing:
        first = ", ".join(r.rule for r in triaged.missing)
        outcome = f"gives forum {forum.key}, but first: {first} (see triage)"
    else:
        outcome = f"gives {where}, not forum {forum.key}"
    raise EscalatieError(  # the rule's id before the remedy, its long source last: a line
        # cut at 400 characters (a long file path) keeps both the rule and what to do
        f"{_named(argument)}triage of case {case} under {model.name} at "
        f"{local(at).strftime('%Y-%m-%dT%H:%M')} {outcome} [{ROUTE_DECISION.id}]; to "
        f"plan it there, the aanspreekpunt overrides with {remedy} "
        f"[{cited_source(ROUTE_DECISION, model)}]"
    )


class Overridden(NamedTuple):
    """A case the aanspreekpunt invites although triage gives it another route, with what
    :func:`override_remarks` says of the decision."""

    case: Case
    triaged: TriageResult
    remarks: tuple[str, ...] = ()


class InvitationCheck(NamedTuple):
    """What :func:`check_invitation` found: the cases the override covers, and the reason and
    the aanspreekpunt who decided as the audit log keeps them (checked, scrubbed of those
    cases' identifiers)."""

    forum: str
    overridden: tuple[Overridden, ...]
    reason: str
    decided_by: str = ""

    def record(self, reg: Register, actor: str, at: datetime) -> None:
        """One ``invite_override`` audit entry per overridden case, once the invitation was
        delivered; at the server's time and by its database user on PostgreSQL, as
        :func:`escalatie.register.session.recorded_by` gives them. Cases are named by their
        keyed pseudonym."""
        from escalatie.privacy import pseudonym
        from escalatie.register.session import recorded_by

        if not self.overridden:
            return
        recorded, user = recorded_by(reg)
        for case, triaged, remarks in self.overridden:
            reg.audit(
                actor=actor,
                action="invite_override",
                case_id=None,
                at=at,
                recorded=recorded,
                os_user=user,
                detail=(
                    f"invite case {pseudonym(case.reference)} to forum {self.forum} instead "
                    f"of triage route {triaged.route or 'none'}, decided by aanspreekpunt "
                    f"{self.decided_by}{remarked(remarks)}"
                ),
                reason=self.reason,
            )


def check_invitation(
    registry: Registry,
    model: EscalationModel,
    forum: Forum,
    cases: Sequence[Case],
    at: datetime,
    *,
    files: Sequence[str],
    override_reason: str | None = None,
    decided_by: str | None = None,
    remedy: str = OVERRIDE_OPTIONS,
) -> InvitationCheck:
    """``invite`` puts each case on the forum's agenda, so, as ``case plan`` does, the forum
    must be the one triage gives the case at ``at`` (:data:`ROUTE_DECISION`), unless the
    aanspreekpunt overrides with a reason (``override_reason``), naming which aanspreekpunt
    decided (``decided_by``, required with it: :func:`deciding_aanspreekpunt`). A refused case
    is named by its file (``files``, one per case) and its keyed pseudonym, with ``remedy``:
    what the override takes.

    Triage sees each case as ``escalatie triage`` does: pseudonymised
    (:func:`escalatie.privacy.outbound`). The reason is checked and scrubbed here, before
    anything is delivered: nothing may fail once the invitation is out.
    """
    from escalatie.privacy import outbound
    from escalatie.triaging import triage

    who = ""
    if override_reason is not None:
        if decided_by is None:
            raise EscalatieError(
                "--aanspreekpunt: expected the aanspreekpunt who decides the override "
                + citation(DECIDED_BY, model)
            )
        who = deciding_aanspreekpunt(model, decided_by)
    overridden = []
    for case, file in zip(cases, files, strict=True):
        shown = outbound(case)
        triaged = triage(registry, model, shown, at)
        if override_reason is None:
            require_triaged_forum(
                triaged, model, forum, argument=file, case=shown.reference, at=at, remedy=remedy
            )
        elif not follows_triage(triaged, model, forum):
            refuse_over_safety(
                triaged, model, forum, argument=f"--override: {file}", case=shown.reference
            )
            remarks = override_remarks(registry, model, case, who)
            overridden.append(Overridden(case, triaged, remarks))
    reason = ""
    if overridden:
        stray = [o.case for o in overridden]
        reason = override_reason_text(override_reason or "", stray)
        who = scrubbed(who, stray)  # free text where the model lists no contact points
    return InvitationCheck(forum.key, tuple(overridden), reason, who)


def override_reason_text(reason: str, cases: Sequence[Case]) -> str:
    """The aanspreekpunt's reason as the audit log keeps it: checked text (at most 500
    characters), without the identifiers of the cases it overrides for."""
    from escalatie.register.checks import checked_text

    return scrubbed(checked_text(reason, "--reason", 500), cases)


def scrubbed(text: str, cases: Sequence[Case]) -> str:
    """``text`` without the identifiers of ``cases``."""
    from escalatie.privacy import case_patterns, scrub

    for case in cases:
        text = scrub(text, case_patterns(case.identity, case.reference))
    return text


DECIDED_BY = Rule(
    "register.override_names_the_aanspreekpunt",
    "The aanspreekpunt decides whether a case goes to a table; an override of triage names which "
    "aanspreekpunt decided, so the audit log says who, beside why.",
    seed("000", "2. Route naar een maatwerktafel ('Het aanspreekpunt denkt met je mee')"),
)


def deciding_aanspreekpunt(model: EscalationModel, given: str) -> str:
    """Which aanspreekpunt overrides triage, as the audit log keeps it (:data:`DECIDED_BY`).

    Where the model lists contact points (Utrecht's maatwerktafel: one aanspreekpunt per
    organisation, seed 000's contact table, no names), ``given`` must be one of their keys
    (case-insensitive) and the key is kept; a model without contact points takes one line of
    text (a function, such as "aanspreekpunt JGZ", not a person's name).
    """
    from escalatie.register.checks import checked_text

    text = checked_text(given, "--aanspreekpunt", 100)
    if "\n" in text or "\t" in text:
        raise EscalatieError("--aanspreekpunt: expected one line naming the aanspreekpunt")
    keys = [point.key for point in model.contact_points]
    if not keys:
        return text
    match = next((key for key in keys if key.casefold() == text.casefold()), None)
    if match is None:
        raise EscalatieError(
            f"--aanspreekpunt: expected one of the contact points of {model.name}: "
            f"{', '.join(keys)} (escalatie -m {model.name} describe lists them) "
            + citation(DECIDED_BY, model)
        )
    return match


def override_remarks(
    registry: Registry, model: EscalationModel, case: Case, decided_by: str
) -> tuple[str, ...]:
    """What an override by ``decided_by`` (a contact point's key, or free text where the model
    lists none) goes against, for its audit line and the command's output; never a refusal.

    The plugin that contributed ``model`` words it by its municipality's policy
    (``escalatie_override_remarks``; Utrecht reads seed 000's contact table so); for any other
    model the core reads the model's own data (:func:`contact_point_remarks`). A safety
    concern is said first, whatever the plugin answers (:data:`CONCERN_REMARK`)."""
    from escalatie.case import SafetyLevel

    answered = registry.hooks.override_remarks(model, case, decided_by)
    remarks = answered if answered is not None else contact_point_remarks(model, case, decided_by)
    concern = (CONCERN_REMARK,) if case.safety.level is SafetyLevel.CONCERN else ()
    return (*concern, *remarks)


NOT_SUITABLE_REMARK = (
    "the recorded talk with the aanspreekpunt judged the forum not suitable (outcome not_suitable)"
)
"""The core's words for an override against a recorded not_suitable talk (no source cited)."""
NOT_OWN_SOURCE = "the model's contact points, submitters"
"""What the core's not-own-aanspreekpunt remark rests on: the model's own data."""


def contact_point_remarks(
    model: EscalationModel,
    case: Case,
    decided_by: str,
    *,
    not_suitable: str = NOT_SUITABLE_REMARK,
    not_own_source: str = NOT_OWN_SOURCE,
) -> tuple[str, ...]:
    """The remarks on an override, from the case and the model's data only: the recorded
    talk with the aanspreekpunt judged the forum not suitable (worded ``not_suitable``); the
    deciding contact point is not the one the model names for the submitter's role (contact
    points' ``submitters``; the remark ends citing ``not_own_source``). Only roles, keys and the
    outcome: nothing that identifies the case. The core's words cite no source, as the model's
    contact points are the municipality's own reading; a plugin passes its own words and
    source (Utrecht: seed 000, ``escalatie_utrecht.overrides``)."""
    from escalatie.case import TalkOutcome
    from escalatie.rules import talk_outcome

    remarks: list[str] = []
    if talk_outcome(case) is TalkOutcome.NOT_SUITABLE:
        remarks.append(not_suitable)
    point, own = own_contact_points(model, case, decided_by)
    if point is not None and own is not None:
        whose = (
            f"whose own aanspreekpunt is {' or '.join(own)}"
            if own
            else "for whom the model names no aanspreekpunt of their own"
        )
        remarks.append(
            f"aanspreekpunt {point.key} ({point.organisation}) is not the submitter's own: the "
            f"submitter's role is {case.submitter.role.value}, {whose} ({not_own_source})"
        )
    return tuple(remarks)


def own_contact_points(
    model: EscalationModel, case: Case, decided_by: str
) -> tuple[ContactPoint | None, list[str] | None]:
    """The contact point ``decided_by`` names (case-insensitive), and, when it names the
    submitter roles it serves (``submitters``) and the case's submitter is not among them, the
    keys of the contact points that do serve that role (empty: none does); None when the
    deciding aanspreekpunt is the submitter's own, or the model does not say."""
    wanted = decided_by.casefold()
    point = next((c for c in model.contact_points if c.key.casefold() == wanted), None)
    role = case.submitter.role
    if point is None or not point.submitters or role in point.submitters:
        return point, None
    return point, [c.key for c in model.contact_points if role in c.submitters]


def remarked(remarks: Sequence[str]) -> str:
    """The remarks as the end of an audit line: ``"; note: ..."``, or nothing."""
    return f"; note: {'; '.join(remarks)}" if remarks else ""
