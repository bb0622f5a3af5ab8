"""Triage: which route a case is eligible for in a model, at a moment, and why.

Order of evaluation, the same in every model:

1. ``escalatie_preempt_triage``: the core's safety plugin sends a case with an acute safety
   signal to Veilig Thuis, never to a table that meets next week (seeds 002, 003).
2. The ladder, rung by rung: the first step whose entry criteria fire and whose conditions
   hold is the route. Its missing prerequisites and fired checks are reported.
3. Otherwise the model's onward routes whose entry criteria fire.

Every reason names the rule and its source in the seeds.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import attrs
from attrs import frozen

from escalatie.case import Case, SafetyLevel
from escalatie.clock import require_aware
from escalatie.model import EscalationModel, Step
from escalatie.plugins import Registry
from escalatie.routes import VEILIG_THUIS, OnwardRoute
from escalatie.rules import Rule
from escalatie.schedule import next_slot


class RouteType(StrEnum):
    STEP = "step"
    ONWARD = "onward"
    NONE = "none"


@frozen
class Reason:
    """A rule that decided something, with its citation."""

    rule: str
    text: str
    source: str

    @classmethod
    def of(cls, rule: Rule) -> Reason:
        return cls(rule.id, rule.text, rule.source.cite())


@frozen
class TriageResult:
    """The outcome of triage: the route, why, what is missing, and when the forum meets."""

    model: str
    case_reference: str
    at: datetime
    route: str | None
    route_name: str
    route_type: RouteType
    eligible: bool
    reasons: tuple[Reason, ...] = ()
    missing: tuple[Reason, ...] = ()
    actions: tuple[Reason, ...] = ()
    not_met: tuple[Reason, ...] = ()
    onward: tuple[str, ...] = ()
    forum: str | None = None
    next_meeting: datetime | None = None

    @property
    def ready(self) -> bool:
        """Eligible and no prerequisite missing."""
        return self.eligible and not self.missing


def triage(registry: Registry, model: EscalationModel, case: Case, at: datetime) -> TriageResult:
    """Route ``case`` through ``model`` at moment ``at`` (timezone-aware)."""
    require_aware(at, "at")
    preempted: TriageResult | None = registry.pm.hook.escalatie_preempt_triage(
        model=model, case=case, at=at
    )
    if case.safety.level is SafetyLevel.ACUTE and (
        preempted is None or preempted.route != VEILIG_THUIS
    ):
        # Seeds 002, 003: safety is the lower bound; no plugin may route an acute case elsewhere.
        from escalatie.builtin.safety import veilig_thuis_now

        return veilig_thuis_now(model, case, at)
    if preempted is not None:
        return preempted
    onward = _open_onward(registry, model, case, at)
    not_met: list[Reason] = []
    for step in model.ladder:
        entry = [r for r in step.entry if r.holds(case, at)]
        if not entry:
            continue
        failed = [r for r in step.conditions if not r.holds(case, at)]
        if failed:
            not_met.extend(Reason.of(r) for r in failed)
            continue
        return _step_result(model, step, case, at, entry, onward, not_met)
    if onward:
        first = registry.route(onward[0])
        return TriageResult(
            model=model.name,
            case_reference=case.reference,
            at=at,
            route=first.key,
            route_name=first.name,
            route_type=RouteType.ONWARD,
            eligible=True,
            reasons=tuple(Reason.of(r) for r in first.entry if r.holds(case, at)),
            not_met=tuple(not_met),
            onward=tuple(onward[1:]),
        )
    return TriageResult(
        model=model.name,
        case_reference=case.reference,
        at=at,
        route=None,
        route_name="no escalation route: regular access (toegang)",
        route_type=RouteType.NONE,
        eligible=False,
        not_met=tuple(not_met) or _entry_not_met(model),
    )


def _step_result(
    model: EscalationModel,
    step: Step,
    case: Case,
    at: datetime,
    entry: list[Rule],
    onward: list[str],
    not_met: list[Reason],
) -> TriageResult:
    reasons = [Reason.of(r) for r in entry]
    reasons.extend(Reason.of(r) for r in step.conditions)
    missing = tuple(Reason.of(r) for r in step.prerequisites if not r.holds(case, at))
    actions = tuple(Reason.of(r) for r in step.checks if r.holds(case, at))
    meeting = None
    if step.forum is not None:
        slot = next_slot(model.forum(step.forum).cadence, at)
        meeting = slot.start if slot else None
    return TriageResult(
        model=model.name,
        case_reference=case.reference,
        at=at,
        route=step.key,
        route_name=step.name,
        route_type=RouteType.STEP,
        eligible=True,
        reasons=tuple(reasons),
        missing=missing,
        actions=actions,
        not_met=tuple(not_met),
        onward=tuple(onward),
        forum=step.forum,
        next_meeting=meeting,
    )


def _open_onward(registry: Registry, model: EscalationModel, case: Case, at: datetime) -> list[str]:
    out = []
    keys = list(model.onward_routes)
    if VEILIG_THUIS not in keys and VEILIG_THUIS in registry.routes:
        keys.append(VEILIG_THUIS)  # safety is the lower bound in every model (seed 003)
    for key in keys:
        route: OnwardRoute = registry.route(key)
        if any(r.holds(case, at) for r in route.entry):
            out.append(key)
    return out


def _entry_not_met(model: EscalationModel) -> tuple[Reason, ...]:
    return tuple(Reason.of(r) for step in model.ladder for r in step.entry)


def with_onward(result: TriageResult, onward: tuple[str, ...]) -> TriageResult:
    return attrs.evolve(result, onward=onward)
