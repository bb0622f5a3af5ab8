"""Triage: which route a case is eligible for in a model, at a moment, and why.

Use it through the front door (``escalatie.triage``, ``escalatie.TriageResult``; see
``docs/api.md``); :class:`Triager` is internal, for the research tools that triage many cases.

Order of evaluation, the same in every model:

1. Safety first (:mod:`escalatie.safety`): a case in an acute mental-health crisis goes the
   same day to the GP or the GGZ crisis service (route ``crisis``); a case with an acute safety
   signal goes to Veilig Thuis; neither waits for a table that meets next week. Then plugins
   may pre-empt the ladder through ``escalatie_preempt_triage``.
2. The ladder, rung by rung: the first step whose entry criteria fire and whose conditions
   hold is the route. Its missing prerequisites and fired checks are reported.
   A step with ``applicants`` also requires the submitter to be one of them.
3. Otherwise the first of the model's onward routes whose entry criteria fire; Veilig Thuis
   is listed among the open routes for a safety concern but is never the main route then.

Every reason names the rule and its source in the seeds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

from attrs import frozen

from escalatie.case import Case, SafetyLevel
from escalatie.clock import require_aware
from escalatie.generated import define
from escalatie.model import EscalationModel, Step
from escalatie.plugins import Registry
from escalatie.routes import CRISIS, VEILIG_THUIS, RouteKind
from escalatie.rules import Rule, Test
from escalatie.safety import (
    AFTER_SAFETY,
    CRISIS_FIRST,
    SAFETY_CONCERN,
    SAFETY_FIRST,
    SAFETY_LOWER_BOUND,
)
from escalatie.schedule import next_slot
from escalatie.sources import seed


class RouteType(StrEnum):
    """Where a triage result sends the case: a rung of the ladder, an onward route, or nowhere."""

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


_SAFETY_REASONS = (Reason.of(SAFETY_FIRST), Reason.of(SAFETY_LOWER_BOUND))

INTEGRALE_VROEGHULP = "integrale-vroeghulp"
"""The route's key (``escalatie.builtin.national_routes``, not imported: it loads the model-file
reader, which start-up keeps lazy)."""

IVH_FIRST = Rule(
    "route.integrale-vroeghulp.first",
    "A child younger than 7: point the parents to Integrale Vroeghulp first; they can approach "
    "the team in their area directly (www.integralevroeghulp.nl), beside this route.",
    seed("002", "Een 'gouden oude': Integrale vroeghulp"),
)
"""Seed 002: "kunnen ouders het team in hun buurt rechtstreeks benaderen". Triage puts it first
under "Also do" (after the Veilig Thuis consult for a safety concern) whenever Integrale Vroeghulp is open (the child is younger than 7) but is not
the route itself."""
_IVH_FIRST = (Reason.of(IVH_FIRST),)
_AFTER_SAFETY = (Reason.of(AFTER_SAFETY),)
_CONSULT_VT = (Reason.of(SAFETY_CONCERN),)


def _concern(case: Case) -> tuple[Reason, ...]:
    """Consult Veilig Thuis (meldcode step 2) for a safety concern that is not acute."""
    return _CONSULT_VT if case.safety.level is SafetyLevel.CONCERN else ()


def veilig_thuis_now(model: EscalationModel, case: Case, at: datetime) -> TriageResult:
    """The triage result for an acute case: Veilig Thuis, now, in any model (seeds 002, 003)."""
    return TriageResult(
        model=model.name,
        case_reference=case.reference,
        at=at,
        route=VEILIG_THUIS,
        route_name="Veilig Thuis",
        route_type=RouteType.ONWARD,
        eligible=True,
        reasons=_SAFETY_REASONS,
        actions=_AFTER_SAFETY,
        next_meeting=None,
    )


def crisis_now(model: EscalationModel, case: Case, at: datetime) -> TriageResult:
    """The triage result for an acute mental-health crisis: the GP or GGZ crisis service, today.

    Veilig Thuis is listed as open too when there is also a safety signal (seed 002)."""
    safety = case.safety.level is not SafetyLevel.NONE
    return TriageResult(
        model=model.name,
        case_reference=case.reference,
        at=at,
        route=CRISIS,
        route_name="Huisarts of ggz-crisisdienst (vandaag)",
        route_type=RouteType.ONWARD,
        eligible=True,
        reasons=(Reason.of(CRISIS_FIRST), *(_SAFETY_REASONS[1:] if safety else ())),
        actions=(*_AFTER_SAFETY, *_concern(case)),
        onward=(VEILIG_THUIS,) if safety else (),
        next_meeting=None,
    )


def triage(registry: Registry, model: EscalationModel, case: Case, at: datetime) -> TriageResult:
    """Route ``case`` through ``model`` at moment ``at`` (timezone-aware)."""
    return Triager(registry, model, at)(case)


RouteRules = dict[str, list[tuple[Test, Reason]]]
"""Per onward route key: its entry rules' tests with their reasons."""


def fire_routes(rules: RouteRules, case: Case, at: datetime) -> dict[str, tuple[Reason, ...]]:
    """Per route, the reasons its entry rules give for the case; empty means the route is closed."""
    return RouteFiring(rules)(case, at)


class RouteFiring:
    """:func:`fire_routes` prepared once for many cases: a route of one entry rule (nearly all
    of them) costs one test and no list, and its reasons are one tuple made beforehand."""

    __slots__ = ("_many", "_one")

    def __init__(self, rules: RouteRules) -> None:
        self._one = [
            (key, entry[0][0], (entry[0][1],)) for key, entry in rules.items() if len(entry) == 1
        ]
        self._many = [(key, entry) for key, entry in rules.items() if len(entry) != 1]

    def __call__(self, case: Case, at: datetime) -> dict[str, tuple[Reason, ...]]:
        fired: dict[str, tuple[Reason, ...]] = {}
        for key, test, reasons in self._one:
            fired[key] = reasons if test(case, at) else ()
        for key, entry in self._many:
            fired[key] = tuple([r for test, r in entry if test(case, at)])
        return fired

    def written_out(self) -> Callable[[Case, datetime], dict[str, tuple[Reason, ...]]]:
        """This firing as one generated function, for many cases (``compare``): a dict display
        with every route's test called in the order :meth:`__call__` calls them, no loop. The
        same dict for every case (a property test holds them together)."""
        scope: dict[str, Any] = {}
        items = []
        for j, (key, test, reasons) in enumerate(self._one):
            scope[f"k{j}"], scope[f"t{j}"], scope[f"r{j}"] = key, test, reasons
            items.append(f"        k{j}: r{j} if t{j}(case, at) else (),")
        for j, (key, entry) in enumerate(self._many):
            scope[f"km{j}"], scope[f"m{j}"] = key, entry
            items.append(f"        km{j}: tuple([r for test, r in m{j} if test(case, at)]),")
        source = "\n".join(["def fire(case, at):", "    return {", *items, "    }"])
        fire: Callable[[Case, datetime], dict[str, tuple[Reason, ...]]]
        # The source depends only on how many routes of each shape: the name says so, so one
        # name never stands for two sources (linecache shows the code in a traceback).
        shape = f"<route firing of {len(self._one)} + {len(self._many)} routes>"
        fire = define(source, shape, scope, "fire")
        return fire


class _Rung:
    """A step of the ladder with its reasons built once, and its tests apart (:meth:`Triager.decide`
    evaluates the tests alone; the reasons are picked when a result is built)."""

    __slots__ = (
        "check_tests",
        "checks",
        "condition_reasons",
        "condition_tests",
        "conditions",
        "entry",
        "entry_tests",
        "meeting",
        "prerequisite_tests",
        "prerequisites",
        "step",
    )

    def __init__(self, step: Step, meeting: datetime | None, model: EscalationModel) -> None:
        self.step = step
        self.meeting = meeting
        self.entry = [(r.test, Reason.of(r)) for r in step.entry]
        self.conditions = [(r.test, Reason.of(r)) for r in step.all_conditions(model)]
        self.condition_reasons = tuple(reason for _, reason in self.conditions)
        self.prerequisites = [(r.test, Reason.of(r)) for r in step.prerequisites]
        self.checks = [(r.test, Reason.of(r)) for r in step.checks]
        self.entry_tests = [test for test, _ in self.entry]
        self.condition_tests = [test for test, _ in self.conditions]
        self.prerequisite_tests = [test for test, _ in self.prerequisites]
        self.check_tests = [test for test, _ in self.checks]


Decision = tuple[Any, ...]
"""What :meth:`Triager.decide` found for a case, as plain values (whole numbers, booleans, route
keys, tuples of them): every test's outcome that the result depends on, and nothing of the case
itself. Two cases with the same decision get the same result but for the case reference, so a
decision is a key to cache what is made of a result (``compare``'s rows and CSV lines).

``(rung index, entry outcomes, prerequisite outcomes, check outcomes, onward, misses)`` for a
rung; ``(-1, route key, its reasons, onward, misses)`` for an onward route; ``(-2, onward,
misses)`` for none; ``(-3, safety level)`` for an acute mental-health crisis and ``(-4,)`` for an
acute safety signal (whose results depend on nothing else of the case: :func:`crisis_now`,
:func:`veilig_thuis_now`). ``misses`` holds ``(rung index, condition outcomes)`` of each earlier
rung whose entry fired but whose conditions did not all hold (the result's ``not_met``)."""

STEP_DECISION, ONWARD_DECISION, NO_DECISION, CRISIS_DECISION, ACUTE_DECISION = 0, -1, -2, -3, -4


class Triager:
    """Triage for one model at one moment, prepared once for many cases.

    Preparing computes what does not depend on the case (each forum's next meeting, the
    reasons of every rule, the onward routes in play), so comparing a million cases costs only
    the rules themselves. :func:`triage` is ``Triager(registry, model, at)(case)``.

    Triage is two steps: :meth:`decide` evaluates the rules into a :data:`Decision`, and
    :meth:`result` builds the :class:`TriageResult` from it; ``__call__`` does both.
    """

    def __init__(self, registry: Registry, model: EscalationModel, at: datetime) -> None:
        self.registry = registry
        self.model = model
        self.at = require_aware(at, "at")
        hooks = registry.hooks
        # No plugin pre-empts: skip the hook call (a few microseconds per case).
        self._preempt = hooks.preempt_triage if hooks.answers("escalatie_preempt_triage") else None
        meetings: dict[str, datetime | None] = {}
        for forum in model.forums:
            slot = next_slot(forum.cadence, at)
            meetings[forum.key] = slot.start if slot else None
        self._rungs = [
            _Rung(step, meetings[step.forum] if step.forum is not None else None, model)
            for step in model.ladder
        ]
        self._ladder = list(enumerate(self._rungs))
        keys = list(model.onward_routes)
        if VEILIG_THUIS not in keys and registry.has_route(VEILIG_THUIS):
            keys.append(VEILIG_THUIS)  # safety is the lower bound in every model (seed 003)
        own = {r.key: r for r in model.own_routes}  # a model file's, whichever registry built it
        routes = [own[key] if key in own else registry.route(key) for key in keys]
        self.route_rules: RouteRules = {
            r.key: [(rule.test, Reason.of(rule)) for rule in r.entry] for r in routes
        }
        """The entry rules of the onward routes in play, for :func:`fire_routes`."""
        self._firing = RouteFiring(self.route_rules)
        self._onward = [(r.key, r.kind is RouteKind.SAFETY) for r in routes]
        self._route_names = {r.key: r.name for r in routes}
        self._no_next_step = frozenset([r.key for r in routes if r.kind is RouteKind.NO_NEXT_STEP])
        self._entry_not_met = tuple(reason for rung in self._rungs for _, reason in rung.entry)

    def __call__(
        self, case: Case, fired: Mapping[str, tuple[Reason, ...]] | None = None
    ) -> TriageResult:
        """Triage one case. ``fired`` may give the onward routes' reasons for this case (see
        :func:`fire_routes`), so the triagers of several models test each route once."""
        decision = self.decide(case, fired)
        if isinstance(decision, TriageResult):
            return decision
        return self.result(case, decision)

    # Twin: _decider writes this method out per ladder for compare. A change here is a change
    # there too; tests/research/test_compare_cache.py::test_the_generated_decider_decides_as_decide
    # fails until the two decide alike (and fire_routes alike with RouteFiring.written_out).
    def decide(
        self, case: Case, fired: Mapping[str, tuple[Reason, ...]] | None = None
    ) -> Decision | TriageResult:
        """The rules evaluated for one case: a :data:`Decision`, or the whole result when a
        plugin decides (``escalatie_preempt_triage``)."""
        at = self.at
        if case.crisis.acute:
            # Acute GGZ (Kamerstuk 25 424 nr. 273): the same day, decided before any plugin.
            return (CRISIS_DECISION, case.safety.level)
        if case.safety.level is SafetyLevel.ACUTE:
            # Seeds 002, 003: safety is the lower bound; decided before any plugin is asked.
            return (ACUTE_DECISION,)
        if self._preempt is not None:
            preempted = self._preempt(self.model, case, at)
            if preempted is not None:
                return preempted
        if fired is None:
            fired = self._firing(case, at)
        onward = tuple([key for key, _ in self._onward if fired[key]])
        misses: list[tuple[int, tuple[bool, ...]]] = []
        # Outcomes as True/False (a plugin's test may answer with any truthy value), written
        # out: ``bool(...)`` is a call, a measurable part of a case's cost in compare.
        for index, rung in self._ladder:
            entry = tuple([True if t(case, at) else False for t in rung.entry_tests])  # noqa: SIM210
            if True not in entry:
                continue
            held = tuple([True if t(case, at) else False for t in rung.condition_tests])  # noqa: SIM210
            if False in held:
                misses.append((index, held))
                continue
            met = tuple([True if t(case, at) else False for t in rung.prerequisite_tests])  # noqa: SIM210
            checks = tuple([True if t(case, at) else False for t in rung.check_tests])  # noqa: SIM210
            return (index, entry, met, checks, onward, tuple(misses))
        # Veilig Thuis is where an acute case goes (above); for a concern it is listed as an open
        # route, never made the main route: it is not an escalation table (seed 002).
        for key, safety in self._onward:
            if not safety and fired[key]:
                return (ONWARD_DECISION, key, fired[key], onward, tuple(misses))
        return (NO_DECISION, onward, tuple(misses))

    def decider(
        self,
    ) -> Callable[[Case, Mapping[str, tuple[Reason, ...]]], Decision | TriageResult]:
        """:meth:`decide` for many cases, ``fired`` given: the same tests in the same order and
        the same decision, from a function generated for this model's ladder (:func:`_decider`).

        ``compare`` decides every case in every model, and :meth:`decide`'s loops (a list
        comprehension per rung and per kind of rule, the onward routes looked up one by one)
        cost more than the model's tests themselves (issue 16). With a plugin that may pre-empt
        triage, :meth:`decide` itself."""
        if self._preempt is not None:
            return self.decide
        return _decider(self)

    def result(self, case: Case, decision: Decision) -> TriageResult:
        """The triage result of a :meth:`decide` decision for ``case``."""
        at = self.at
        index = decision[0]
        if index == CRISIS_DECISION:
            return crisis_now(self.model, case, at)
        if index == ACUTE_DECISION:
            return veilig_thuis_now(self.model, case, at)
        misses = decision[-1]
        not_met: list[Reason] = []
        for earlier, conditions in misses:
            not_met.extend(
                [
                    r
                    for (_, r), held in zip(
                        self._rungs[earlier].conditions, conditions, strict=True
                    )
                    if not held
                ]
            )
        if index >= STEP_DECISION:
            _, entry, prerequisites, checks, onward, _ = decision
            rung = self._rungs[index]
            step = rung.step
            return TriageResult(
                model=self.model.name,
                case_reference=case.reference,
                at=at,
                route=step.key,
                route_name=step.name,
                route_type=RouteType.STEP,
                eligible=True,
                reasons=(
                    *[r for (_, r), fired in zip(rung.entry, entry, strict=True) if fired],
                    *rung.condition_reasons,
                ),
                missing=tuple(
                    [
                        r
                        for (_, r), held in zip(rung.prerequisites, prerequisites, strict=True)
                        if not held
                    ]
                ),
                actions=(
                    *_concern(case),
                    *(_IVH_FIRST if INTEGRALE_VROEGHULP in onward else ()),
                    *[r for (_, r), fired in zip(rung.checks, checks, strict=True) if fired],
                ),
                not_met=tuple(not_met),
                onward=onward,
                forum=step.forum,
                next_meeting=rung.meeting,
            )
        if index == ONWARD_DECISION:
            _, key, why, onward, _ = decision
            others = tuple([k for k in onward if k != key])
            return TriageResult(
                model=self.model.name,
                case_reference=case.reference,
                at=at,
                route=key,
                route_name=self._route_names[key],
                route_type=RouteType.ONWARD,
                # A route that records "no next step" (Utrecht's niet passend, seed 000 stap 3)
                # is named with its reasons, but the case is eligible for nothing.
                eligible=key not in self._no_next_step,
                reasons=why,
                actions=(
                    *_concern(case),
                    *(_IVH_FIRST if INTEGRALE_VROEGHULP in others else ()),
                ),
                not_met=tuple(not_met),
                onward=others,
            )
        return TriageResult(
            model=self.model.name,
            case_reference=case.reference,
            at=at,
            route=None,
            route_name="no escalation route: regular access (toegang)",
            route_type=RouteType.NONE,
            eligible=False,
            actions=_concern(case),
            not_met=tuple(not_met) or self._entry_not_met,
            onward=decision[1],
        )


def _tuple_text(items: list[str]) -> str:
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def _decider(
    triager: Triager,
) -> Callable[[Case, Mapping[str, tuple[Reason, ...]]], Decision | TriageResult]:
    """:meth:`Triager.decide` written out for one triager's ladder and onward routes, as attrs
    writes a class's ``__init__``: every rung's tests called in the order ``decide`` calls
    them, each outcome a local ``True`` or ``False``, no loop, no list per rung. Equal to
    ``decide`` for every case (a property test holds them together); without a plugin that
    pre-empts triage, which ``decide`` asks first.

    The source holds names only (the tests and route keys are in its scope), so the same
    ladder shape gives the same text: in the command's own process it is compiled once and kept
    (:mod:`escalatie.codecache`)."""
    from itertools import compress

    scope: dict[str, Any] = {
        "at": triager.at,
        "compress": compress,
        "onward_keys": tuple([key for key, _ in triager._onward]),
        "ACUTE": SafetyLevel.ACUTE,
        "CRISIS_DECISION": CRISIS_DECISION,
        "ACUTE_DECISION": ACUTE_DECISION,
        "ONWARD_DECISION": ONWARD_DECISION,
        "NO_DECISION": NO_DECISION,
    }

    def called(name: str, test: Test) -> str:
        scope[name] = test
        return f"True if {name}(case, at) else False"

    body = [
        "def decide(case, fired):",
        "    if case.crisis.acute:",
        "        return (CRISIS_DECISION, case.safety.level)",
        "    if case.safety.level is ACUTE:",
        "        return (ACUTE_DECISION,)",
        "    onward = tuple(compress(onward_keys, map(fired.__getitem__, onward_keys)))",
        "    misses = []",
    ]
    for index, rung in enumerate(triager._rungs):
        if not rung.entry_tests:  # no entry rule: the rung never fires
            continue
        entry = [f"e{index}_{j}" for j in range(len(rung.entry_tests))]
        for name, test in zip(entry, rung.entry_tests, strict=True):
            body.append(f"    {name} = {called('t' + name, test)}")
        body.append(f"    if {' or '.join(entry)}:")
        held = [f"c{index}_{j}" for j in range(len(rung.condition_tests))]
        for name, test in zip(held, rung.condition_tests, strict=True):
            body.append(f"        {name} = {called('t' + name, test)}")
        met = [called(f"tp{index}_{j}", test) for j, test in enumerate(rung.prerequisite_tests)]
        checks = [called(f"tk{index}_{j}", test) for j, test in enumerate(rung.check_tests)]
        decided = (
            f"return ({index}, {_tuple_text(entry)}, {_tuple_text(met)}, "
            f"{_tuple_text(checks)}, onward, tuple(misses))"
        )
        if held:
            body.append(f"        if {' and '.join(held)}:")
            body.append(f"            {decided}")
            body.append(f"        misses.append(({index}, {_tuple_text(held)}))")
        else:
            body.append(f"        {decided}")
    for j, (key, safety) in enumerate(triager._onward):
        if safety:
            continue
        scope[f"k{j}"] = key
        body.append(f"    why = fired[k{j}]")
        body.append("    if why:")
        body.append(f"        return (ONWARD_DECISION, k{j}, why, onward, tuple(misses))")
    body.append("    return (NO_DECISION, onward, tuple(misses))")
    decide: Callable[[Case, Mapping[str, tuple[Reason, ...]]], Decision | TriageResult]
    decide = define("\n".join(body), f"<decide for {triager.model.name}>", scope, "decide")
    return decide
