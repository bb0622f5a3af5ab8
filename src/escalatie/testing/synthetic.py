"""Small synthetic escalation models, built deterministically from a few parameters.

They exercise every feature the research tools read (steps with forums and contact points,
fixed and on-request cadences, mandates, family access, time boxes) without depending on the
models that happen to be installed. Their rules are the core's rule helpers and cite seed 002
(the VNG overview of escalation models), whose generic description they follow.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from escalatie.case import LifeDomainKind, Obstacle, StepKind
from escalatie.forum import (
    Cadence,
    Forum,
    ForumKind,
    MeetingSeries,
    ParticipantPolicy,
    ProcessSupport,
    weekly_rule,
)
from escalatie.learning import LearningOutput
from escalatie.model import EscalationModel, Step
from escalatie.organisation import Audience, ContactPoint, Mandate, Power
from escalatie.rules import Rule, age_between, has_obstacle, requests_residential, tried
from escalatie.sources import seed

ENTRY_OBSTACLES: tuple[Obstacle, ...] = (
    Obstacle.NO_FITTING_PROVIDER,
    Obstacle.LAWS_AND_REGULATIONS,
    Obstacle.PROVIDER_BUDGET_EXHAUSTED,
    Obstacle.NOBODY_TAKES_CHARGE,
    Obstacle.PILLAR_TO_POST,
)
"""Step ``i`` of a synthetic model lets a case in when it has ``ENTRY_OBSTACLES[i]``."""

MONDAY_2026 = date(2026, 1, 5)
SOURCE = seed("002", "synthetic model after the generic escalation model")


def synthetic_model(
    name: str = "synthetic",
    *,
    steps: int = 2,
    series: tuple[tuple[int, int], ...] = ((0, 2),),
    rrules: tuple[str, ...] = (),
    start: time = time(9, 0),
    meeting_minutes: int = 90,
    minutes_per_case: int | None = 45,
    family_at_table: bool | None = False,
    family_direct: bool = False,
    powers: frozenset[Power] = frozenset({Power.DEPLOY_HELP}),
    budget_ceiling_eur: int | None = None,
    mandate_domains: frozenset[LifeDomainKind] = frozenset(),
    max_age: int = 23,
    temporary: bool = False,
) -> EscalationModel:
    """A model with one contact point, one forum and ``steps`` rungs.

    ``series`` holds ``(weekday, every_weeks)`` pairs and ``rrules`` RFC 5545 rules (series
    ``r0``, ``r1``, ... running from Monday 5 January 2026); with neither the forum meets on
    request. Step 0 is the contact point alone when there are two or more steps; the other
    steps go to the forum. Step ``i`` fires on ``ENTRY_OBSTACLES[i]``.
    """
    if not 1 <= steps <= len(ENTRY_OBSTACLES):
        raise ValueError(f"steps: expected 1 to {len(ENTRY_OBSTACLES)}, got {steps}")
    weekly = tuple(
        MeetingSeries(
            key=f"s{i}",
            rrule=weekly_rule(weekday, every),
            start=start,
            minutes=meeting_minutes,
            runs_from=MONDAY_2026 + timedelta(days=weekday),
        )
        for i, (weekday, every) in enumerate(series)
    )
    ruled = tuple(
        MeetingSeries(f"r{i}", rule, start, meeting_minutes, MONDAY_2026)
        for i, rule in enumerate(rrules)
    )
    cadence = Cadence(
        series=weekly + ruled,
        on_request=not (series or rrules),
        source=SOURCE,
    )
    audience = frozenset({Audience.PROFESSIONALS})
    if family_direct:
        audience |= {Audience.PARENTS, Audience.YOUNG_PEOPLE}
    mandate = Mandate(powers=powers, budget_ceiling_eur=budget_ceiling_eur, domains=mandate_domains)
    point = ContactPoint(
        key="contact",
        title="Aanspreekpunt",
        organisation=f"Gemeente {name}",
        mandate=mandate,
        reachable_by=audience,
        channel="telefoon",
        source=SOURCE,
    )
    forum = Forum(
        key="table",
        name=f"Tafel {name}",
        kind=ForumKind.TABLE,
        organiser=ProcessSupport("procesondersteuner", f"Gemeente {name}"),
        source=SOURCE,
        cadence=cadence,
        participants=ParticipantPolicy(family_at_table=family_at_table),
        minutes_per_case=minutes_per_case,
        mandate=mandate,
    )
    ladder = tuple(
        Step(
            key=f"step{i}",
            name=f"Stap {i}",
            description="Synthetic rung.",
            entry=(
                Rule(
                    f"{name}.step{i}.entry",
                    f"The case is stuck: {ENTRY_OBSTACLES[i].value}.",
                    SOURCE,
                    has_obstacle(ENTRY_OBSTACLES[i]),
                ),
            ),
            forum=None if (i == 0 and steps > 1) else forum.key,
            contact_point=point.key,
            conditions=(
                Rule(f"{name}.age", f"Aged 0 to {max_age}.", SOURCE, age_between(0, max_age)),
            ),
            prerequisites=(
                Rule(
                    f"{name}.aanspreekpunt",
                    "The aanspreekpunt was consulted.",
                    SOURCE,
                    tried(StepKind.AANSPREEKPUNT),
                ),
            ),
            checks=(
                Rule(
                    f"{name}.residential",
                    "A residential request: contact the aanspreekpunt.",
                    SOURCE,
                    requests_residential(),
                ),
            ),
            applicants=audience,
        )
        for i in range(steps)
    )
    return EscalationModel(
        name=name,
        municipality=f"Gemeente {name}",
        title=f"Synthetic model {name}",
        summary="A synthetic model for tests and benchmarks.",
        source=SOURCE,
        contact_points=(point,),
        forums=(forum,),
        ladder=ladder,
        learning=(LearningOutput("leerlijnen", "Insights per quarter.", "the field", SOURCE),),
        temporary=temporary,
    )
