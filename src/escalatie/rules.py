"""Rules: a statement from a seed document, with the test that decides whether it holds.

Each rule a model enforces is a :class:`Rule` with an id, an English statement and the
:class:`~escalatie.sources.Source` it comes from, so that every reason the triage gives names
its source. The helpers below build the tests from facts of a case.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from attrs import field, frozen

from escalatie.case import (
    CareKind,
    Case,
    Condition,
    LifeDomainKind,
    Obstacle,
    SafetyLevel,
    StepKind,
    SubmitterRole,
    TalkOutcome,
)
from escalatie.sources import Source

Test = Callable[[Case, datetime], bool]
"""Decides for a case at a moment whether a rule holds."""


@frozen
class Rule:
    """A rule of an escalation model, named and sourced so a policy adviser can check it."""

    id: str
    text: str
    source: Source
    test: Test = field(eq=False, repr=False, default=lambda case, at: True)
    enforced: bool = True
    """False for a value a plan is checked against rather than a gate the case must pass:
    its test always holds, and ``describe`` says it is not enforced."""

    def holds(self, case: Case, at: datetime) -> bool:
        return bool(self.test(case, at))


_SAFETY_ORDER = {SafetyLevel.NONE: 0, SafetyLevel.CONCERN: 1, SafetyLevel.ACUTE: 2}


def has_obstacle(*obstacles: Obstacle) -> Test:
    """The case is stuck for one of these reasons."""
    wanted = frozenset(obstacles)
    return lambda case, at: not wanted.isdisjoint(case.obstacles)


def has_condition(*conditions: Condition) -> Test:
    wanted = frozenset(conditions)
    return lambda case, at: not wanted.isdisjoint(case.conditions)


def has_domain(*kinds: LifeDomainKind) -> Test:
    wanted = frozenset(kinds)

    def test(case: Case, at: datetime) -> bool:
        for question in case.domains:
            if question.kind in wanted:
                return True
        return False

    return test


def domains_at_least(count: int) -> Test:
    return lambda case, at: len(case.domains) >= count


def conditions_at_least(count: int) -> Test:
    """At least ``count`` conditions are recorded for the young person."""
    return lambda case, at: len(case.conditions) >= count


def stuck() -> Test:
    """At least one reason why the case is stuck is recorded."""
    return lambda case, at: bool(case.obstacles)


def age_between(low: int, high: int) -> Test:
    """Age in years, both ends included."""
    return lambda case, at: low <= case.age <= high


def submitted_by(*roles: SubmitterRole) -> Test:
    wanted = frozenset(roles)
    return lambda case, at: case.submitter.role in wanted


def tried(*kinds: str) -> Test:
    """A prior step of one of these kinds (:class:`~escalatie.case.StepKind` values, or kinds a
    plugin registers) was taken."""
    wanted = frozenset(kinds)

    def test(case: Case, at: datetime) -> bool:
        for step in case.prior_steps:
            if step.kind in wanted:
                return True
        return False

    return test


def tried_without_result(*kinds: str) -> Test:
    """A prior step of these kinds was taken and did not resolve the question."""
    wanted = frozenset(kinds)

    def test(case: Case, at: datetime) -> bool:
        for step in case.prior_steps:
            if step.kind in wanted and step.resolved is False:
                return True
        return False

    return test


def talk_outcome(case: Case) -> TalkOutcome | None:
    """What the aanspreekpunt decided about ``case``: the outcome of the last talk with the
    aanspreekpunt that records one (a later talk, after more was tried, decides again); None
    when no talk records an outcome, a talk recorded before the field existed included."""
    for step in reversed(case.prior_steps):
        if step.kind == StepKind.AANSPREEKPUNT and step.outcome is not None:
            return step.outcome
    return None


def aanspreekpunt_outcome(*outcomes: TalkOutcome) -> Test:
    """The aanspreekpunt decided one of ``outcomes`` (seed 000, stap 2 and 3; :func:`talk_outcome`)."""
    wanted = frozenset(outcomes)
    return lambda case, at: talk_outcome(case) in wanted


def some_step_unresolved() -> Test:
    """Some prior step, of any kind, was taken and did not resolve the question."""

    def test(case: Case, at: datetime) -> bool:
        for step in case.prior_steps:
            if step.resolved is False:
                return True
        return False

    return test


def requests_any_care() -> Test:
    """Some help is asked for."""
    return lambda case, at: bool(case.requested_care)


def requests_care(*kinds: CareKind) -> Test:
    wanted = frozenset(kinds)

    def test(case: Case, at: datetime) -> bool:
        for request in case.requested_care:
            if request.kind in wanted:
                return True
        return False

    return test


def requests_residential() -> Test:
    return lambda case, at: case.requests_residential


def safety_at_least(level: SafetyLevel) -> Test:
    levels = frozenset(lv for lv, rank in _SAFETY_ORDER.items() if rank >= _SAFETY_ORDER[level])
    return lambda case, at: case.safety.level in levels


def acute_crisis() -> Test:
    """The case document says there is an acute mental-health crisis."""
    return lambda case, at: case.crisis.acute


def flag(name: str) -> Test:
    """A boolean field of the case, such as ``ambulant_alternatives_considered``."""
    return lambda case, at: bool(getattr(case, name))


# The combinators below use plain loops: they run for every case in every model, and a loop
# is markedly cheaper than any()/all() over a generator.


def all_of(*tests: Test) -> Test:
    def test(case: Case, at: datetime) -> bool:
        for t in tests:
            if not t(case, at):
                return False
        return True

    return test


def any_of(*tests: Test) -> Test:
    def test(case: Case, at: datetime) -> bool:
        for t in tests:
            if t(case, at):
                return True
        return False

    return test


def negate(test: Test) -> Test:
    return lambda case, at: not test(case, at)


def always() -> Test:
    return lambda case, at: True
