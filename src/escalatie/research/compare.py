"""Every case through every model: one row per (case, model), streamed.

The reference semantics are :func:`escalatie.triage.triage` turned into a row by
:func:`row_from_result`. Because a comparison may run a million cases through every installed
model, :class:`Comparer` compiles each model once (its rules, the next meeting of each forum at
the moment of comparison, the reach of each step) and then evaluates the ladder with the same
order and rules as ``triage``, without building intermediate result objects. Cases the core's
safety plugin pre-empts, and every case when another plugin implements the pre-emption hook,
go through ``triage`` itself. A test checks that both paths give identical rows.

Only pseudonymous references reach a row: each case passes through
:func:`escalatie.privacy.pseudonymise` first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import NamedTuple

from escalatie.case import Case, LifeDomainKind, SafetyLevel
from escalatie.clock import local, require_aware
from escalatie.model import EscalationModel, Step
from escalatie.organisation import FAMILY_AUDIENCES, Power
from escalatie.plugins import Registry
from escalatie.privacy import pseudonymise
from escalatie.rules import Rule
from escalatie.schedule import next_slot
from escalatie.triage import RouteType, TriageResult, triage

SAFETY_PLUGIN = "escalatie.builtin.safety"

NOTE_ON_REQUEST = "on request: no fixed meeting, counted as empty"
NOTE_NO_FORUM = "contact point, no forum"
NOTE_ONWARD = "onward route, no forum of the model"
NOTE_NONE = "no route"
NOTE_NO_SLOT = "no meeting within 400 days"

COLUMNS: tuple[str, ...] = (
    "case",
    "model",
    "eligible",
    "ready",
    "route",
    "route_type",
    "reasons",
    "missing",
    "actions",
    "forum",
    "next_meeting",
    "days_to_forum",
    "forum_note",
    "family_direct",
    "mandate",
    "family_at_table",
    "domains_covered",
    "learning",
    "onward",
)


class CompareRow(NamedTuple):
    """One case in one model. Tuples hold rule ids, powers, domain and route keys."""

    case: str
    model: str
    eligible: bool
    ready: bool
    route: str | None
    route_type: str
    reasons: tuple[str, ...]
    missing: tuple[str, ...]
    actions: tuple[str, ...]
    forum: str | None
    next_meeting: str | None
    days_to_forum: int | None
    forum_note: str
    family_direct: bool
    mandate: tuple[str, ...]
    family_at_table: bool
    domains_covered: tuple[str, ...]
    learning: tuple[str, ...]
    onward: tuple[str, ...]


class _Reach(NamedTuple):
    """What a route offers regardless of the case (per step or onward route)."""

    forum: str | None
    next_meeting: str | None
    days_to_forum: int | None
    forum_note: str
    family_direct: bool
    mandate: tuple[str, ...]
    family_at_table: bool
    mandate_domains: frozenset[LifeDomainKind]
    learning: tuple[str, ...]


POWER_ORDER = tuple(Power)


def _forum_timing(
    model: EscalationModel, forum_key: str, at: datetime
) -> tuple[str | None, int | None, str]:
    cadence = model.forum(forum_key).cadence
    if not cadence.series:
        return None, None, NOTE_ON_REQUEST
    slot = next_slot(cadence, at)
    if slot is None:
        return None, None, NOTE_NO_SLOT
    return slot.start.isoformat(), (local(slot.start).date() - local(at).date()).days, ""


def step_reach(model: EscalationModel, step: Step, at: datetime) -> _Reach:
    """The reach of one rung: forum timing, family access, mandate and domains."""
    powers: set[Power] = set()
    domains: set[LifeDomainKind] = set()
    whole_domain = False
    audiences = set(step.applicants)
    family_at_table = False
    if step.contact_point is not None:
        point = model.contact(step.contact_point)
        powers |= point.mandate.powers
        domains |= point.mandate.domains
        whole_domain |= not point.mandate.domains
        if not step.applicants:
            audiences |= point.reachable_by
    next_meeting, days, note = None, None, NOTE_NO_FORUM
    if step.forum is not None:
        forum = model.forum(step.forum)
        powers |= forum.mandate.powers
        domains |= forum.mandate.domains
        whole_domain |= not forum.mandate.domains
        family_at_table = forum.participants.family_at_table
        next_meeting, days, note = _forum_timing(model, step.forum, at)
    return _Reach(
        forum=step.forum,
        next_meeting=next_meeting,
        days_to_forum=days,
        forum_note=note,
        family_direct=not FAMILY_AUDIENCES.isdisjoint(audiences),
        mandate=tuple(p.value for p in POWER_ORDER if p in powers),
        family_at_table=family_at_table,
        mandate_domains=frozenset() if whole_domain else frozenset(domains),
        learning=tuple(lo.kind for lo in model.learning),
    )


def _onward_reach(registry: Registry, key: str | None) -> _Reach:
    if key is None:
        return _Reach(None, None, None, NOTE_NONE, False, (), False, frozenset(), ())
    route = registry.routes.get(key)
    family = route.family_can_apply if route is not None else False
    return _Reach(None, None, None, NOTE_ONWARD, family, (), False, frozenset(), ())


def domains_covered(case: Case, mandate_domains: frozenset[LifeDomainKind]) -> tuple[str, ...]:
    """The case's life domains the route's mandate covers (no mandate domains: all of them)."""
    out: list[str] = []
    for question in case.domains:
        value = question.kind.value
        if (not mandate_domains or question.kind in mandate_domains) and value not in out:
            out.append(value)
    return tuple(out)


def row_from_result(
    registry: Registry, model: EscalationModel, case: Case, result: TriageResult
) -> CompareRow:
    """The row for a triage result: the reference for what :class:`Comparer` computes."""
    if result.route_type is RouteType.STEP and result.route is not None:
        reach = step_reach(model, model.step(result.route), result.at)
        covered = domains_covered(case, reach.mandate_domains)
    else:
        reach = _onward_reach(registry, result.route)
        covered = ()
    return CompareRow(
        case=result.case_reference,
        model=model.name,
        eligible=result.eligible,
        ready=result.ready,
        route=result.route,
        route_type=result.route_type.value,
        reasons=tuple(r.rule for r in result.reasons),
        missing=tuple(r.rule for r in result.missing),
        actions=tuple(r.rule for r in result.actions),
        forum=reach.forum,
        next_meeting=reach.next_meeting,
        days_to_forum=reach.days_to_forum,
        forum_note=reach.forum_note,
        family_direct=reach.family_direct,
        mandate=reach.mandate,
        family_at_table=reach.family_at_table,
        domains_covered=covered,
        learning=reach.learning,
        onward=result.onward,
    )


Test = Callable[[Case, datetime], object]


def _test(rule: Rule) -> Test:
    """The rule's test, called directly unless a subclass changed ``holds``."""
    return rule.test if type(rule) is Rule else rule.holds


class _CompiledStep(NamedTuple):
    key: str
    entry: tuple[tuple[str, Test], ...]
    conditions: tuple[tuple[str, Test], ...]
    condition_ids: tuple[str, ...]
    prerequisites: tuple[tuple[str, Test], ...]
    checks: tuple[tuple[str, Test], ...]
    reach: _Reach


class _CompiledModel(NamedTuple):
    model: EscalationModel
    steps: tuple[_CompiledStep, ...]
    onward: tuple[str, ...]
    onward_reach: dict[str | None, _Reach]


def _holds_any(tests: tuple[Test, ...], case: Case, at: datetime) -> bool:
    # a plain loop: any() over a generator costs more than the one or two rules a route has
    for test in tests:  # noqa: SIM110
        if test(case, at):
            return True
    return False


class Comparer:
    """Compiles the models once for a moment, then turns cases into rows."""

    def __init__(self, registry: Registry, models: Iterable[EscalationModel], at: datetime) -> None:
        self.registry = registry
        self.at = require_aware(at, "at")
        self.models = tuple(models)
        self._routes: dict[str, tuple[tuple[Test, ...], tuple[tuple[str, Test], ...]]] = {}
        self._compiled = tuple(self._compile(m) for m in self.models)
        impls = registry.pm.hook.escalatie_preempt_triage.get_hookimpls()
        others = [i for i in impls if i.plugin_name != SAFETY_PLUGIN]
        self._preempt_rules: tuple[Test, ...] | None = None
        if not others:
            from escalatie.builtin.safety import SAFETY_FIRST

            safety = [i for i in impls if i.plugin_name == SAFETY_PLUGIN]
            self._preempt_rules = (_test(SAFETY_FIRST),) if safety else ()

    def _compile(self, model: EscalationModel) -> _CompiledModel:
        at = self.at

        def pairs(rules: tuple[Rule, ...]) -> tuple[tuple[str, Test], ...]:
            return tuple((r.id, _test(r)) for r in rules)

        steps = tuple(
            _CompiledStep(
                key=s.key,
                entry=pairs(s.entry),
                conditions=pairs(s.conditions),
                condition_ids=tuple(r.id for r in s.conditions),
                prerequisites=pairs(s.prerequisites),
                checks=pairs(s.checks),
                reach=step_reach(model, s, at),
            )
            for s in model.ladder
        )
        from escalatie.routes import VEILIG_THUIS

        keys = list(model.onward_routes)
        if VEILIG_THUIS not in keys and VEILIG_THUIS in self.registry.routes:
            keys.append(VEILIG_THUIS)
        for key in keys:  # shared by the models: each route is evaluated once per case
            if key not in self._routes:
                entry = self.registry.route(key).entry
                self._routes[key] = (tuple(_test(r) for r in entry), pairs(entry))
        reach: dict[str | None, _Reach] = {k: _onward_reach(self.registry, k) for k in keys}
        reach[None] = _onward_reach(self.registry, None)
        return _CompiledModel(model, steps, tuple(keys), reach)

    def rows(self, case: Case) -> list[CompareRow]:
        """The rows of one case, one per model, in model order."""
        case = pseudonymise(case)
        at = self.at
        if (
            self._preempt_rules is None
            or case.safety.level is SafetyLevel.ACUTE  # triage itself guards this (seeds 002, 003)
            or any(t(case, at) for t in self._preempt_rules)
        ):
            return [
                row_from_result(self.registry, m, case, triage(self.registry, m, case, at))
                for m in self.models
            ]
        open_routes = {k for k, (tests, _) in self._routes.items() if _holds_any(tests, case, at)}
        return [self._row(c, case, at, open_routes) for c in self._compiled]

    def _row(
        self, compiled: _CompiledModel, case: Case, at: datetime, open_routes: set[str]
    ) -> CompareRow:
        onward = [key for key in compiled.onward if key in open_routes]
        for step in compiled.steps:
            fired = [rid for rid, t in step.entry if t(case, at)]
            if not fired:
                continue
            if step.conditions and not all(t(case, at) for _, t in step.conditions):
                continue
            reach = step.reach
            missing = tuple(rid for rid, t in step.prerequisites if not t(case, at))
            return CompareRow(
                case.reference,
                compiled.model.name,
                True,
                not missing,
                step.key,
                "step",
                (*fired, *step.condition_ids),
                missing,
                tuple(rid for rid, t in step.checks if t(case, at)),
                reach.forum,
                reach.next_meeting,
                reach.days_to_forum,
                reach.forum_note,
                reach.family_direct,
                reach.mandate,
                reach.family_at_table,
                domains_covered(case, reach.mandate_domains),
                reach.learning,
                tuple(onward),
            )
        if onward:
            first = onward[0]
            entry = self._routes[first][1]
            reach = compiled.onward_reach[first]
            return CompareRow(
                case.reference, compiled.model.name, True, True, first, "onward",
                tuple(rid for rid, t in entry if t(case, at)), (), (),
                None, None, None, reach.forum_note, reach.family_direct, (), False, (), (),
                tuple(onward[1:]),
            )  # fmt: skip
        reach = compiled.onward_reach[None]
        return CompareRow(
            case.reference, compiled.model.name, False, False, None, "none", (), (), (),
            None, None, None, reach.forum_note, False, (), False, (), (), (),
        )  # fmt: skip


def compare(
    registry: Registry,
    models: Iterable[EscalationModel],
    cases: Iterable[Case],
    at: datetime,
) -> Iterator[CompareRow]:
    """Rows case by case, each case through every model; nothing is held beyond one case."""
    comparer = Comparer(registry, models, at)
    for case in cases:
        yield from comparer.rows(case)
