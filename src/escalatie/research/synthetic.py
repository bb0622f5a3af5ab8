"""Deterministic synthetic cases, for benchmarks and for simulations that need case content.

Cases are drawn from ``random.Random(seed)``: the same seed gives the same cases. A pool of
varied cases is drawn once and each yielded case is a pool member under a fresh pseudonymous
reference, so a stream of a million cases costs little to produce and nothing to hold.

What the talk with the aanspreekpunt decided (its ``outcome``: passend, niet passend or not
yet), what each step tried, the plan, the perspective and the steps a case prepared for a table
adds are drawn from a second generator (:func:`talk_details`), so the first draws everything
else exactly as it did before they were added: the same seed still gives the same age, domains,
submitter, steps, requested care, safety signal, obstacles and conditions.
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
    TalkOutcome,
)

POOL_SIZE = 512


TALK_OUTCOMES = (TalkOutcome.SUITABLE, TalkOutcome.NOT_SUITABLE, None)
"""Passend, niet passend, not yet decided (seed 000, stap 2 and 3)."""


PREPARED = (StepKind.TELEPHONE_CONSULT, StepKind.PLAN_WITH_FAMILY, StepKind.AANSPREEKPUNT)
"""The steps seed 000 asks before a maatwerktafel (stap 1 and 2): a consultation, a plan made
with the family, the talk with the aanspreekpunt."""


def talk_details(case: Case, rng: random.Random) -> Case:
    """``case`` with what its steps tried, the outcome of its talk with the aanspreekpunt
    (:data:`TALK_OUTCOMES`) and, half the time each, a plan and a perspective; one case in four
    has taken the steps of :data:`PREPARED` it lacks, with a plan and a perspective. So
    synthetic cases reach what Utrecht's maatwerktafel asks before a case is ready (seed 000,
    stap 1 to 3), and the branch where the aanspreekpunt judged a table niet passend."""
    kinds = [step.kind for step in case.prior_steps]
    prepared = rng.random() < 0.25
    added = [
        PriorStep(kind, f"organisatie-{len(kinds) + i}", resolved=False)
        for i, kind in enumerate(k for k in PREPARED if prepared and k not in kinds)
    ]
    steps = tuple(
        attrs.evolve(
            step,
            tried=f"Geprobeerd door {step.by}.",
            outcome=rng.choice(TALK_OUTCOMES) if step.kind == StepKind.AANSPREEKPUNT else None,
        )
        for step in (*case.prior_steps, *added)
    )
    plan = "Plan met het gezin op de leefgebieden." if prepared or rng.random() < 0.5 else ""
    perspective = "Het gezin woont samen thuis." if prepared or rng.random() < 0.5 else ""
    return attrs.evolve(case, prior_steps=steps, plan=plan, perspective=perspective)


def random_case(rng: random.Random, reference: str, details: random.Random | None = None) -> Case:
    """One varied case: domains, obstacles, steps tried, requested care, now and then a safety
    signal; ``details`` (default: a generator seeded by ``reference``) draws
    :func:`talk_details`."""
    domains = rng.sample(list(LifeDomainKind), rng.randint(1, 4))
    safety = rng.choices(
        [SafetyLevel.NONE, SafetyLevel.CONCERN, SafetyLevel.ACUTE], weights=[90, 8, 2]
    )[0]
    case = Case(
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
    return talk_details(case, details if details is not None else random.Random(reference))


def synthetic_cases(count: int, seed: int = 0) -> Iterator[Case]:
    """``count`` cases with references ``S0000000``, ``S0000001``, …, streamed."""
    if count < 0:
        raise ValueError(f"count: expected 0 or more, got {count}")
    rng, details = random.Random(seed), random.Random(f"{seed}:details")
    pool = [random_case(rng, f"P{i}", details) for i in range(min(POOL_SIZE, count))]
    for i in range(count):
        yield attrs.evolve(pool[i % POOL_SIZE], reference=f"S{i:07d}")
