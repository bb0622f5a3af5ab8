"""Deterministic synthetic cases, for benchmarks and for simulations that need case content.

Cases are drawn from ``random.Random(seed)``: the same seed gives the same cases. A pool of
varied cases is drawn once and each yielded case is a pool member under a fresh pseudonymous
reference, so a stream of a million cases costs little to produce and nothing to hold.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import attrs

from escalatie.case import (
    CareKind,
    CareRequest,
    Case,
    Condition,
    DomainQuestion,
    LifeDomainKind,
    Obstacle,
    PriorStep,
    SafetyLevel,
    SafetySignal,
    StepKind,
    Submitter,
    SubmitterRole,
)

POOL_SIZE = 512


def random_case(rng: random.Random, reference: str) -> Case:
    """One varied case: domains, obstacles, steps tried, requested care, now and then a safety signal."""
    domains = rng.sample(list(LifeDomainKind), rng.randint(1, 4))
    safety = rng.choices(
        [SafetyLevel.NONE, SafetyLevel.CONCERN, SafetyLevel.ACUTE], weights=[90, 8, 2]
    )[0]
    return Case(
        reference=reference,
        age=rng.randint(0, 27),
        question="Welke oplossing past bij de vraag van het gezin?",
        domains=tuple(DomainQuestion(k, f"Vraag op {k.value}.") for k in domains),
        submitter=Submitter(rng.choice(list(SubmitterRole))),
        prior_steps=tuple(
            PriorStep(kind, f"organisatie-{i}", resolved=rng.choice([False, None]))
            for i, kind in enumerate(rng.sample(list(StepKind), rng.randint(0, 3)))
        ),
        requested_care=tuple(
            CareRequest(kind) for kind in rng.sample(list(CareKind), rng.randint(0, 2))
        ),
        ambulant_alternatives_considered=rng.random() < 0.5,
        safety=SafetySignal(safety),
        obstacles=tuple(rng.sample(list(Obstacle), rng.randint(0, 3))),
        conditions=tuple(rng.sample(list(Condition), rng.randint(0, 2))),
    )


def synthetic_cases(count: int, seed: int = 0) -> Iterator[Case]:
    """``count`` cases with references ``S0000000``, ``S0000001``, …, streamed."""
    if count < 0:
        raise ValueError(f"count: expected 0 or more, got {count}")
    rng = random.Random(seed)
    pool = [random_case(rng, f"P{i}") for i in range(min(POOL_SIZE, count))]
    for i in range(count):
        yield attrs.evolve(pool[i % POOL_SIZE], reference=f"S{i:07d}")
