"""Every case through every model: one row per (case, model), streamed.

Each row is the core's triage result (:class:`escalatie.triaging.Triager`, prepared once per
model for the moment of comparison) turned into a row by :func:`row_from_result`; what a route
offers regardless of the case (forum timing, mandate, family access) is computed once per route.

Only pseudonymous references reach a row: :class:`Comparer` passes each case through
:func:`escalatie.privacy.pseudonymise` first (callers of :func:`row_from_result` must do so).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from escalatie.case import Case, LifeDomainKind
from escalatie.clock import local, require_aware
from escalatie.model import EscalationModel, Step
from escalatie.organisation import FAMILY_AUDIENCES, Power
from escalatie.plugins import Registry
from escalatie.privacy import pseudonymise
from escalatie.research.columns import Column, Kind, RowDescription
from escalatie.schedule import next_slot
from escalatie.triaging import (
    STEP_DECISION,
    Decision,
    Reason,
    RouteFiring,
    RouteRules,
    RouteType,
    Triager,
    TriageResult,
)

if TYPE_CHECKING:
    from escalatie.research.output import CsvLines

NOTE_ON_REQUEST = "on request: no fixed meeting, counted as empty"
NOTE_NO_FORUM = "contact point, no forum"
NOTE_ONWARD = "onward route, no forum of the model"
NOTE_NONE = "no route"
NOTE_NO_SLOT = "no meeting within 400 days"

COMPARE_ROW = RowDescription(
    "compare-row",
    "escalatie compare: one case in one model",
    (
        Column(
            "case", Kind.TEXT, "The pseudonymous case reference (no identity data reaches a row)."
        ),
        Column("model", Kind.TEXT, "The escalation model's name (escalatie models)."),
        Column(
            "eligible",
            Kind.BOOLEAN,
            "The case is eligible for a route: false when none was found, and when the route "
            "records that the source gives no next step (kind no_next_step: Utrecht's niet "
            "passend).",
        ),
        Column("ready", Kind.BOOLEAN, "No prerequisite of the route is missing."),
        Column("route", Kind.TEXT, "The rung or onward route the case goes to; empty: none.", True),
        Column(
            "route_type", Kind.TEXT, "step (a rung of the model), onward (an onward route) or none."
        ),
        Column(
            "reasons",
            Kind.TEXT_LIST,
            "Rule ids: why the route fits (escalatie describe gives each rule).",
        ),
        Column("missing", Kind.TEXT_LIST, "Rule ids: prerequisites of the route not met."),
        Column("actions", Kind.TEXT_LIST, "Rule ids: extra checks that fire."),
        Column(
            "forum",
            Kind.TEXT,
            "The rung's forum; empty for contact points and onward routes.",
            True,
        ),
        Column(
            "next_meeting",
            Kind.TIMESTAMP,
            "The forum's next meeting after --at (holidays taken out), in Amsterdam time; "
            "empty when the forum meets on request or there is no forum (see forum_note).",
            True,
        ),
        Column(
            "days_to_forum",
            Kind.INTEGER,
            "Calendar days from --at to next_meeting; empty when next_meeting is.",
            True,
        ),
        Column("forum_note", Kind.TEXT, "Why days_to_forum is empty; empty when it is not."),
        Column("family_direct", Kind.BOOLEAN, "The family can reach the route itself."),
        Column("mandate", Kind.TEXT_LIST, "Powers of the rung's contact point and forum."),
        Column(
            "family_at_table",
            Kind.BOOLEAN,
            "The forum's participant policy seats the family (false when its source does not say).",
        ),
        Column("domains_covered", Kind.TEXT_LIST, "The case's life domains the mandate covers."),
        Column("learning", Kind.TEXT_LIST, "The model's learning outputs."),
        Column("onward", Kind.TEXT_LIST, "The other onward routes open to the case."),
    ),
)
"""The columns of a :class:`CompareRow`; ``escalatie schema compare-row`` prints it."""

COLUMNS: tuple[str, ...] = COMPARE_ROW.names


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

    route_type: str
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
    family_at_table = False
    # Who may come, as triage reads it: the rung's applicants; else its contact point's
    # audiences; with neither, anyone.
    family_direct = not step.applicants or not FAMILY_AUDIENCES.isdisjoint(step.applicants)
    if step.contact_point is not None:
        point = model.contact(step.contact_point)
        powers |= point.mandate.powers
        domains |= point.mandate.domains
        whole_domain |= not point.mandate.domains
        if not step.applicants:
            family_direct = point.family_can_reach
    next_meeting, days, note = None, None, NOTE_NO_FORUM
    if step.forum is not None:
        forum = model.forum(step.forum)
        powers |= forum.mandate.powers
        domains |= forum.mandate.domains
        whole_domain |= not forum.mandate.domains
        family_at_table = forum.participants.family_at_table is True  # None: not stated
        next_meeting, days, note = _forum_timing(model, step.forum, at)
    return _Reach(
        route_type=RouteType.STEP.value,
        forum=step.forum,
        next_meeting=next_meeting,
        days_to_forum=days,
        forum_note=note,
        family_direct=family_direct,
        mandate=tuple(p.value for p in POWER_ORDER if p in powers),
        family_at_table=family_at_table,
        mandate_domains=frozenset() if whole_domain else frozenset(domains),
        learning=tuple(lo.kind for lo in model.learning),
    )


def _onward_reach(registry: Registry, key: str | None) -> _Reach:
    if key is None:
        return _Reach(
            RouteType.NONE.value, None, None, None, NOTE_NONE, False, (), False, frozenset(), ()
        )
    route = registry.routes.get(key)
    family = route.family_can_apply if route is not None else False
    return _Reach(
        RouteType.ONWARD.value, None, None, None, NOTE_ONWARD, family, (), False, frozenset(), ()
    )


Domains = list[tuple[LifeDomainKind, str]]
"""A case's life domains, each with its value, in order: read once per case, not per row."""


def case_domains(case: Case) -> Domains:
    return [(question.kind, question.kind.value) for question in case.domains]


def domains_covered(
    case: Case | Domains, mandate_domains: frozenset[LifeDomainKind]
) -> tuple[str, ...]:
    """The case's life domains the route's mandate covers (no mandate domains: all of them)."""
    domains = case_domains(case) if isinstance(case, Case) else case
    out: list[str] = []
    for kind, value in domains:
        if (not mandate_domains or kind in mandate_domains) and value not in out:
            out.append(value)
    return tuple(out)


def _rule_ids(reasons: tuple[Reason, ...]) -> tuple[str, ...]:
    return tuple([r.rule for r in reasons]) if reasons else ()


def route_reach(registry: Registry, model: EscalationModel, result: TriageResult) -> _Reach:
    """What the result's route offers, whatever the case: a rung's reach or an onward route's."""
    if result.route_type is RouteType.STEP and result.route is not None:
        return step_reach(model, model.step(result.route), result.at)
    return _onward_reach(registry, result.route)


def row_from_result(
    registry: Registry,
    model: EscalationModel,
    case: Case | Domains,
    result: TriageResult,
    reach_of: Callable[[TriageResult], _Reach] | None = None,
) -> CompareRow:
    """The row for a triage result; ``reach_of`` may serve the route's reach from a cache, and
    ``case`` may be given as its :func:`case_domains` (all a row reads of it).

    Nothing is built that the row does not hold: the route type's text comes with the cached
    reach, an empty list of reasons is the one empty tuple.
    """
    reach = reach_of(result) if reach_of is not None else route_reach(registry, model, result)
    covered = (
        domains_covered(case, reach.mandate_domains) if result.route_type is RouteType.STEP else ()
    )
    return CompareRow(  # positional: this runs once per case and model
        result.case_reference,
        model.name,
        result.eligible,
        result.eligible and not result.missing,
        result.route,
        reach.route_type,
        _rule_ids(result.reasons),
        _rule_ids(result.missing),
        _rule_ids(result.actions),
        reach.forum,
        reach.next_meeting,
        reach.days_to_forum,
        reach.forum_note,
        reach.family_direct,
        reach.mandate,
        reach.family_at_table,
        covered,
        reach.learning,
        result.onward,
    )


_ReachOf = Callable[[TriageResult], _Reach]
Decide = Callable[[Case, dict[str, tuple[Reason, ...]]], Decision | TriageResult]

TAIL_CACHE_SIZE = 4096
"""Row tails kept per model: a comparison's decisions repeat (a few hundred per model on any
input), and the cache is emptied when full, so memory stays flat on any stream."""


class Comparer:
    """Prepares each model once for the moment (a core :class:`Triager`), then rows per case.

    A row is the case's reference and a tail that follows from the model's
    :data:`~escalatie.triaging.Decision` alone (and, for a rung, the case's life domains, which
    the mandate covers or not). So each model keeps the tails it made, keyed by the decision:
    a case costs its tests, then one look-up per model; the result, the row and its CSV text
    are built once per distinct decision, by the same functions as for a single triage
    (:meth:`Triager.result`, :func:`row_from_result`).
    """

    def __init__(self, registry: Registry, models: Iterable[EscalationModel], at: datetime) -> None:
        self.registry = registry
        self.at = require_aware(at, "at")
        self.models = tuple(models)
        self._triagers = tuple(Triager(registry, m, self.at) for m in self.models)
        # Per model: the reach of each rung, and of each onward route (None: no route).
        self._reach: list[tuple[dict[str | None, _Reach], dict[str | None, _Reach]]] = [
            ({}, {}) for _ in self.models
        ]
        self._route_rules: RouteRules = {}
        for triager in self._triagers:
            self._route_rules.update(triager.route_rules)
        self._firing = RouteFiring(self._route_rules).written_out()
        self._prepared: list[
            tuple[EscalationModel, Triager, Decide, _ReachOf, dict[Any, _Tail]]
        ] = [
            (model, triager, triager.decider(), self._reach_of(i), {})
            for i, (model, triager) in enumerate(zip(self.models, self._triagers, strict=True))
        ]

    def _reach_of(self, index: int) -> _ReachOf:
        model, (steps, onward) = self.models[index], self._reach[index]

        def reach(result: TriageResult) -> _Reach:
            cache = steps if result.route_type is RouteType.STEP else onward
            found = cache.get(result.route)
            if found is None:
                found = cache[result.route] = route_reach(self.registry, model, result)
            return found

        return reach

    def _tails(self, case: Case) -> list[_Tail | CompareRow]:
        """Per model, in model order: the cached tail of the case's row, or the whole row when
        a plugin decided (those results are not cached; acute cases are decisions too)."""
        fired = self._firing(case, self.at)
        kinds: tuple[str, ...] | None = None
        domains: Domains | None = None
        out: list[_Tail | CompareRow] = []
        for model, triager, decide, reach, cache in self._prepared:
            decision = decide(case, fired)
            if isinstance(decision, TriageResult):
                if domains is None:
                    domains = case_domains(case)
                out.append(row_from_result(self.registry, model, domains, decision, reach))
                continue
            if decision[0] >= STEP_DECISION:  # a rung's row covers some of the case's domains
                if kinds is None:
                    kinds = tuple([question.kind._value_ for question in case.domains])
                key: Any = (decision, kinds)
            else:
                key = decision
            tail = cache.get(key)
            if tail is None:
                if domains is None:
                    domains = case_domains(case)
                row = row_from_result(
                    self.registry, model, domains, triager.result(case, decision), reach
                )
                if len(cache) >= TAIL_CACHE_SIZE:
                    cache.clear()
                tail = cache[key] = _Tail(tuple(row[1:]))
            out.append(tail)
        return out

    def rows(self, case: Case, reference: str | None = None) -> list[CompareRow]:
        """The rows of one case, one per model, in model order; named by ``reference``, the
        case's :func:`~escalatie.privacy.pseudonym`, when given (as
        :func:`~escalatie.privacy.pseudonymise` takes it)."""
        case = pseudonymise(case, reference=reference)
        reference = case.reference
        return [
            CompareRow(reference, *tail.values) if isinstance(tail, _Tail) else tail
            for tail in self._tails(case)
        ]

    def csv(self, case: Case, lines: CsvLines, reference: str | None = None) -> str:
        """The CSV lines of :meth:`rows` as ``lines`` writes them, built from each cached tail's
        text: byte for byte ``"".join(lines.line(row) for row in self.rows(case, reference))``."""
        case = pseudonymise(case, reference=reference)
        reference = case.reference
        head = lines.head(reference)
        out: list[str] = []
        for tail in self._tails(case):
            if not isinstance(tail, _Tail):
                out.append(lines.line(tail))
                continue
            if head is None:
                out.append(lines.line(CompareRow(reference, *tail.values)))
                continue
            text = tail.csv
            if text is None:
                text = tail.csv = lines.tail(tail.values)
            out.append(head)
            out.append(text)
        return "".join(out)


class _Tail:
    """A row without its first cell (the case), and its CSV text once written."""

    __slots__ = ("csv", "values")

    def __init__(self, values: tuple[Any, ...]) -> None:
        self.values = values
        self.csv: str | None = None


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
