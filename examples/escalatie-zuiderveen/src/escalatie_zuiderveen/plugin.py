"""Zuiderveen's wijktafel, registered with escalatie through the ``escalatie`` entry point.

Zuiderveen is a fictional municipality. Its wijktafel borrows its rules from Utrecht's
maatwerktafel (seed 000), so every rule cites that seed and section: a neighbourhood table
every two weeks on Thursday afternoon, for professionals who bring a question spanning several
life domains, after a plan was made with the family.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

from attrs import frozen

from escalatie.api import (
    Audience,
    Cadence,
    ContactPoint,
    EscalatieError,
    EscalationModel,
    Forum,
    ForumKind,
    HolidayPolicy,
    Mandate,
    MeetingSeries,
    ParticipantPolicy,
    Power,
    ProcessSupport,
    Rule,
    Step,
    StepKind,
    SubmitterRole,
    domains_at_least,
    hookimpl,
    read_settings,
    seed,
    submitted_by,
    tried,
)

SOURCE = seed("000", "2. Route naar een maatwerktafel")
BEFORE = seed("000", "1. Wat vooraf gaat aan een door gemeente gefaciliteerde maatwerktafel")

SUBMITTER = Rule(
    "zuiderveen.submitter",
    "A professional of the wijkteam or another professional brings the case in.",
    SOURCE,
    submitted_by(SubmitterRole.DISTRICT_TEAM, SubmitterRole.PROFESSIONAL),
)

SEVERAL_DOMAINS = Rule(
    "zuiderveen.several-domains",
    "The family's question spans at least two life domains (leefgebieden).",
    SOURCE,
    domains_at_least(2),
)

PLAN_FIRST = Rule(
    "zuiderveen.plan-first",
    "A plan was made with the family before the table.",
    BEFORE,
    tried(StepKind.PLAN_WITH_FAMILY),
)


def build(first_date: date) -> EscalationModel:
    """The model; ``first_date`` (a Thursday) starts the two-weekly series."""
    if first_date.weekday() != 3:
        raise EscalatieError(
            f"settings [zuiderveen] first_date: expected a Thursday, got {first_date:%A %Y-%m-%d}"
        )
    wijkteam = ContactPoint(
        key="wijkcoach",
        title="Wijkcoach",
        organisation="Wijkteam Zuiderveen",
        mandate=Mandate(powers=frozenset({Power.DEPLOY_HELP})),
        reachable_by=frozenset({Audience.PROFESSIONALS, Audience.DISTRICT_TEAMS}),
        channel="the wijkcoach of the family's neighbourhood",
        source=SOURCE,
    )
    table = Forum(
        key="wijktafel",
        name="Wijktafel Zuiderveen",
        kind=ForumKind.TABLE,
        organiser=ProcessSupport(
            "Procesondersteuner", "Gemeente Zuiderveen", "wijktafel@zuiderveen.example"
        ),
        source=SOURCE,
        cadence=Cadence(
            # Every other Thursday, 13:00 for 120 minutes (an RFC 5545 RRULE).
            series=(
                MeetingSeries(
                    "donderdag", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", time(13, 0), 120, first_date
                ),
            ),
            holidays=HolidayPolicy(),
            cancellation_notice_days=2,
        ),
        participants=ParticipantPolicy(family_at_table=True, currently_involved_expected=True),
        minutes_per_case=40,
    )
    return EscalationModel(
        name="zuiderveen-wijktafel",
        municipality="Zuiderveen (fictief)",
        title="Wijktafel",
        summary="A neighbourhood table every two weeks, with the family at the table.",
        source=SOURCE,
        contact_points=(wijkteam,),
        forums=(table,),
        ladder=(
            Step(
                key="wijktafel",
                name="Wijktafel",
                description="The case is discussed at the wijktafel with the family.",
                entry=(SUBMITTER,),
                forum="wijktafel",
                contact_point="wijkcoach",
                conditions=(SEVERAL_DOMAINS,),
                prerequisites=(PLAN_FIRST,),
                applicants=frozenset({Audience.PROFESSIONALS, Audience.DISTRICT_TEAMS}),
            ),
        ),
        onward_routes=("meldpunt-juiste-loket", "integrale-vroeghulp"),
    )


@frozen
class ZuiderveenSettings:
    """The ``[zuiderveen]`` table of the settings file, with its defaults."""

    first_date: date = date(2026, 1, 8)


@hookimpl
def escalatie_register_models(register: Callable[[EscalationModel], None]) -> None:
    settings = read_settings("zuiderveen", ZuiderveenSettings)  # a typo or a bad value is an error
    register(build(settings.first_date))
