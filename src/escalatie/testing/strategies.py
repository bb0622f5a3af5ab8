"""Hypothesis strategies for case documents and escalation models.

``cases()`` draws valid :class:`~escalatie.case.Case` objects, ``case_documents()`` their JSON
form, ``models()`` samples the installed models and ``synthetic_models()`` builds small models
of its own. Installing escalatie registers ``cases()`` for ``Case`` through hypothesis's
``hypothesis`` entry point (:mod:`escalatie.testing.hypothesis_hook`), so ``st.from_type(Case)`` and ``@given(case=...)`` with
``st.builds`` work without importing this module.
"""

from __future__ import annotations

import string
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from escalatie.case import (
    CareKind,
    CareRequest,
    Case,
    Condition,
    DomainQuestion,
    Identity,
    LifeDomainKind,
    Obstacle,
    Party,
    PartyRole,
    PriorStep,
    SafetyLevel,
    SafetySignal,
    StepKind,
    Submitter,
    SubmitterRole,
    TalkOutcome,
)
from escalatie.clock import AMSTERDAM
from escalatie.model import EscalationModel
from escalatie.organisation import Power
from escalatie.plugins import Registry
from escalatie.testing.synthetic import ENTRY_OBSTACLES, synthetic_model

INVENTED_NAMES = ("Sanne Voorbeeld", "Daan Proefpersoon", "Noor Testman", "Milan Fictief")
"""Invented names only: example data never names a real person."""

_WORDS = string.ascii_letters + string.digits + " .,-'éë"
_REFERENCE_START = string.ascii_letters + string.digits
_REFERENCE_REST = _REFERENCE_START + "._-"

# Built without st.from_regex, .filter or hypothesis's own time-zone search: those cost up to a
# second on their first draw (regex parsing, predicate analysis, probing every DST transition),
# which hypothesis's too_slow health check counts against the first ten examples under the
# default deadline. The edge cases they find are drawn here on purpose instead.


def texts(min_size: int = 1, max_size: int = 60) -> st.SearchStrategy[str]:
    """Short text; not blank unless ``min_size`` is 0, when it may also be empty."""

    def not_blank(text: str) -> str:
        return text if not text or text.strip() else "x" + text[1:]

    return st.text(_WORDS, min_size=min_size, max_size=max_size).map(not_blank)


TALK_OUTCOMES = (TalkOutcome.SUITABLE, TalkOutcome.NOT_SUITABLE, None)
"""What a talk with the aanspreekpunt may record: passend, niet passend, or nothing yet (seed
000, stap 2 and 3)."""


def prior_step(kind: StepKind) -> st.SearchStrategy[PriorStep]:
    """A step of ``kind`` with what was tried; the talk with the aanspreekpunt draws its
    outcome too (:data:`TALK_OUTCOMES`), so generated cases reach the branches that follow it:
    ready for Utrecht's maatwerktafel, judged niet passend, not yet decided."""
    outcome: st.SearchStrategy[TalkOutcome | None] = (
        st.sampled_from(TALK_OUTCOMES) if kind == StepKind.AANSPREEKPUNT else st.none()
    )
    return st.builds(
        PriorStep,
        kind=st.just(kind),
        by=texts(max_size=20),
        tried=texts(0, 30),
        resolved=st.none() | st.booleans(),
        outcome=outcome,
    )


def references() -> st.SearchStrategy[str]:
    """Pseudonymous case references, as the schema allows them: ``[A-Za-z0-9][A-Za-z0-9._-]{0,15}``."""
    return st.builds(
        str.__add__,
        st.sampled_from(_REFERENCE_START),
        st.text(_REFERENCE_REST, max_size=15),
    )


def bsns() -> st.SearchStrategy[str]:
    """Invented BSNs that pass the 11-check: eight digits and the check digit they imply."""

    def complete(first: int) -> str:
        digits = str(first)
        total = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        return digits + str(total % 11)

    # A first part whose check digit would be 10 has no valid BSN: step to the next number.
    return st.integers(10_000_000, 99_999_998).map(
        lambda first: complete(first) if len(complete(first)) == 9 else complete(first + 1)
    )


def identities() -> st.SearchStrategy[Identity]:
    """Identity blocks with invented names and valid BSNs: they must never leave the library."""
    return st.builds(
        Identity,
        name=st.sampled_from(INVENTED_NAMES),
        bsn=bsns(),
        address=st.sampled_from(("Voorbeeldstraat 1, 3511 AA Utrecht", "Proeflaan 22, Helmond")),
        phone=st.sampled_from(("06-12345678", "030-1234567")),
        email=st.sampled_from(("gezin@example.org", "ouder@example.nl")),
        date_of_birth=st.dates(date(2000, 1, 1), date(2025, 12, 31)),
    )


def _on_the_wall_clock(naive: datetime, fold: int) -> datetime:
    """``naive`` in Amsterdam; a time the clock skips in spring moves on by the hour skipped."""
    moment = naive.replace(tzinfo=AMSTERDAM, fold=fold)
    return moment.astimezone(UTC).astimezone(AMSTERDAM)


def _clock_changes(first: int, last: int) -> list[datetime]:
    """Amsterdam's clock changes (EU rule: last Sunday of March and October, 01:00 UTC)."""
    out = []
    for year in range(first, last + 1):
        for month in (3, 10):
            last_day = date(year, month, 31)
            sunday = last_day - timedelta(days=(last_day.weekday() + 1) % 7)
            out.append(datetime(sunday.year, sunday.month, sunday.day, 1, tzinfo=UTC))
    return out


def moments(
    min_value: datetime = datetime(2025, 1, 1), max_value: datetime = datetime(2028, 12, 31)
) -> st.SearchStrategy[datetime]:
    """Timezone-aware Amsterdam moments that exist on the wall clock.

    Moments within two hours of a clock change, both readings of the hour that repeats in
    autumn, and midnight come up often, as hypothesis's own time-zone-aware strategy would
    make them.
    """
    changes = [
        c
        for c in _clock_changes(min_value.year, max_value.year)
        if min_value <= c.astimezone(AMSTERDAM).replace(tzinfo=None) <= max_value
    ]
    near_change = (
        st.builds(
            lambda change, minutes: (change + timedelta(minutes=minutes)).astimezone(AMSTERDAM),
            st.sampled_from(changes),
            st.integers(-120, 120),
        )
        if changes
        else st.nothing()
    )
    anywhere = st.builds(
        _on_the_wall_clock,
        st.datetimes(min_value=min_value, max_value=max_value),
        st.integers(0, 1),
    )
    midnight = st.dates(min_value.date(), max_value.date()).map(
        lambda day: datetime(day.year, day.month, day.day, tzinfo=AMSTERDAM)
    )
    return st.one_of(anywhere, near_change, midnight).map(lambda m: _clamp(m, min_value, max_value))


def _clamp(moment: datetime, low: datetime, high: datetime) -> datetime:
    wall = moment.replace(tzinfo=None)
    if wall < low:
        return low.replace(tzinfo=AMSTERDAM)
    if wall > high:
        return high.replace(tzinfo=AMSTERDAM)
    return moment


def _unique(strategy: st.SearchStrategy[Any], max_size: int) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(strategy, max_size=max_size, unique=True).map(tuple)


def cases(
    *,
    safety: SafetyLevel | st.SearchStrategy[SafetyLevel] | None = None,
    with_identity: bool | None = False,
    obstacles: st.SearchStrategy[tuple[Obstacle, ...]] | None = None,
) -> st.SearchStrategy[Case]:
    """Valid cases.

    :param safety: a fixed :class:`SafetyLevel`, a strategy of levels, or None for any level.
    :param with_identity: True always adds an identity block (invented), False never, None
        sometimes.
    :param obstacles: a strategy for the obstacles; default any unique subset of up to three.
    """
    if isinstance(safety, SafetyLevel):
        levels: st.SearchStrategy[SafetyLevel] = st.just(safety)
    elif safety is None:
        levels = st.sampled_from(SafetyLevel)
    else:
        levels = safety
    if with_identity is None:
        identity: st.SearchStrategy[Identity | None] = st.none() | identities()
    elif with_identity:
        identity = identities()
    else:
        identity = st.none()
    case = st.builds(
        Case,
        reference=references(),
        age=st.integers(0, 27),
        question=texts(),
        domains=st.lists(
            st.builds(DomainQuestion, kind=st.sampled_from(LifeDomainKind), question=texts()),
            min_size=1,
            max_size=4,
        ).map(tuple),
        submitter=st.builds(Submitter, role=st.sampled_from(SubmitterRole)),
        perspective=texts(0),
        plan=texts(0),
        prior_steps=st.lists(st.one_of([prior_step(kind) for kind in StepKind]), max_size=3).map(
            tuple
        ),
        parties=st.lists(
            st.builds(
                Party,
                organisation=texts(max_size=20),
                role=st.sampled_from(PartyRole),
                currently_involved=st.booleans(),
            ),
            max_size=3,
        ).map(tuple),
        requested_care=st.lists(
            st.builds(CareRequest, kind=st.sampled_from(CareKind)), max_size=2
        ).map(tuple),
        ambulant_alternatives_considered=st.booleans(),
        safety=st.builds(SafetySignal, level=levels, description=texts(0, 30)),
        obstacles=obstacles if obstacles is not None else _unique(st.sampled_from(Obstacle), 3),
        conditions=_unique(st.sampled_from(Condition), 2),
        submitted_at=st.none() | moments(),
        identity=identity,
    )
    # Composed with st.builds, not .flatmap: a flatmap builds (and hypothesis validates) new
    # strategies on every draw, which made each case cost several times what its fields do.
    return st.builds(
        _born_consistently,
        case,
        moments(datetime(2025, 1, 1), datetime(2025, 12, 31)),
        st.integers(0, 364),
    )


def _born_consistently(case: Case, submitted: datetime, days: int) -> Case:
    """A case with a date of birth gets one that agrees with its age, and the submission moment
    (in 2025, before any day the tests register on) at which that age held: ``case new``
    refuses a date of birth that contradicts the age or lies in the future."""
    import attrs

    if case.identity is None or case.identity.date_of_birth is None:
        return case
    day = submitted.date()
    born = day.replace(year=day.year - case.age) - timedelta(days=days)
    return attrs.evolve(
        case, submitted_at=submitted, identity=attrs.evolve(case.identity, date_of_birth=born)
    )


def case_documents(**options: Any) -> st.SearchStrategy[dict[str, Any]]:
    """Case documents as JSON-ready data (what ``escalatie triage`` reads)."""
    from escalatie.documents import unstructure

    return cases(**options).map(unstructure)


def models(registry: Registry | None = None) -> st.SearchStrategy[EscalationModel]:
    """One of the installed models (resolved when first drawn, not at import)."""

    def installed() -> st.SearchStrategy[EscalationModel]:
        from escalatie.plugins import default_registry
        from escalatie.schedule import preload_holidays

        preload_holidays()  # drawn outside the deadline, unlike the test's first triage
        found = list((registry or default_registry()).models.values())
        if not found:
            raise ValueError("models(): no escalation models are installed; use synthetic_models()")
        return st.sampled_from(found)

    return st.deferred(installed)


def synthetic_models() -> st.SearchStrategy[EscalationModel]:
    """Small synthetic models: one to five rungs, fixed or on-request cadence, any mandate."""
    series = st.lists(
        st.tuples(st.integers(0, 4), st.integers(1, 4)), max_size=2, unique_by=lambda s: s[0]
    ).map(tuple)
    return st.builds(
        synthetic_model,
        name=st.from_regex(r"synthetic-[a-z]{1,6}", fullmatch=True),
        steps=st.integers(1, len(ENTRY_OBSTACLES)),
        series=series,
        meeting_minutes=st.integers(30, 180),
        minutes_per_case=st.none() | st.integers(15, 60),
        family_at_table=st.none() | st.booleans(),
        family_direct=st.booleans(),
        powers=st.frozensets(st.sampled_from(Power)),
        budget_ceiling_eur=st.none() | st.integers(0, 100_000),
        mandate_domains=st.frozensets(st.sampled_from(LifeDomainKind), max_size=3),
        max_age=st.integers(17, 27),
        temporary=st.booleans(),
    )


def triage_moments() -> st.SearchStrategy[datetime]:
    """Moments to triage at, in the years the installed cadences cover."""
    return moments(datetime(2026, 1, 1), datetime(2027, 12, 31) - timedelta(days=1))


def _hypothesis_setup_hook() -> None:
    """The entry point of installs made before :mod:`.hypothesis_hook` took over; same effect."""
    from escalatie.testing.hypothesis_hook import setup

    setup()
