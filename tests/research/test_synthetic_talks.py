"""Synthetic cases record the talk with the aanspreekpunt (policy review).

Before, no synthetic case (``escalatie.research.synthetic``, the hypothesis strategies of
``escalatie.testing``) set the talk's ``outcome``, so none was ready for Utrecht's maatwerktafel
and comparisons never reached the branch where the aanspreekpunt judged a table niet passend
(seed 000, stap 2 and 3).
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime

import attrs
import pytest
from hypothesis import HealthCheck, find, given, settings

from escalatie.case import PriorStep, StepKind, TalkOutcome
from escalatie.clock import AMSTERDAM
from escalatie.plugins import default_registry, using_registry
from escalatie.research.synthetic import random_case, synthetic_cases
from escalatie.rules import talk_outcome
from escalatie.testing.strategies import prior_step
from escalatie.triaging import Triager

AT = datetime(2026, 3, 2, 10, 0, tzinfo=AMSTERDAM)


def test_synthetic_cases_reach_every_outcome_of_the_talk() -> None:
    outcomes = Counter(talk_outcome(case) for case in synthetic_cases(512, seed=1))
    assert set(outcomes) == {TalkOutcome.SUITABLE, TalkOutcome.NOT_SUITABLE, None}


def test_the_maatwerktafel_branches_are_reached() -> None:
    """Some cases are ready for the maatwerktafel, some were judged niet passend."""
    with using_registry():
        registry = default_registry()
        if "utrecht-maatwerktafel" not in registry.models:
            pytest.skip("the Utrecht plugin is not installed")
        triager = Triager(registry, registry.model("utrecht-maatwerktafel"), AT)
        results = [triager(case) for case in synthetic_cases(512, seed=1)]
    assert any(r.forum == "maatwerktafel" and r.ready for r in results)
    assert any(r.forum == "maatwerktafel" and not r.ready for r in results)
    assert any(r.route == "utrecht-niet-passend" for r in results)


def test_the_details_leave_the_first_generators_draws_alone() -> None:
    """The talk's details come from their own generator: the case's other fields are what the
    seed gave before the details were drawn (benchmarks and comparisons keep their cases)."""
    one = random_case(random.Random(7), "R", random.Random(1))
    two = random_case(random.Random(7), "R", random.Random(2))
    drawn = ("age", "domains", "submitter", "requested_care", "safety", "obstacles", "conditions")
    assert {f: getattr(one, f) for f in drawn} == {f: getattr(two, f) for f in drawn}
    first = [attrs.evolve(s, tried="", outcome=None) for s in one.prior_steps]
    again = [attrs.evolve(s, tried="", outcome=None) for s in two.prior_steps]
    shared = min(len(first), len(again))
    assert first[:shared] == again[:shared]


def test_the_hypothesis_strategy_draws_every_outcome_of_the_talk() -> None:
    """``cases()`` draws its steps from ``prior_step``: the talk with the aanspreekpunt with
    each outcome, no other step with one (the case's own validator would refuse it). Each
    outcome is searched for (``find``), not hoped for among a fixed number of random draws:
    60 draws missed ``not_suitable`` once in CI."""
    for outcome in (TalkOutcome.SUITABLE, TalkOutcome.NOT_SUITABLE, None):
        talk = find(
            prior_step(StepKind.AANSPREEKPUNT),
            lambda step, outcome=outcome: step.outcome is outcome,
            settings=settings(suppress_health_check=list(HealthCheck), database=None),
        )
        assert talk.kind is StepKind.AANSPREEKPUNT

    @settings(max_examples=60, suppress_health_check=list(HealthCheck), deadline=None)
    @given(other=prior_step(StepKind.HOME_VISIT))
    def draw(other: PriorStep) -> None:
        assert other.outcome is None

    draw()
