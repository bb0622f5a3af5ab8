"""Hypothesis strategies for case documents and escalation models.

``cases()`` draws valid :class:`~escalatie.case.Case` objects, ``case_documents()`` their JSON
form, ``models()`` samples the installed models and ``synthetic_models()`` builds small models
of its own. Installing escalatie registers ``cases()`` for ``Case`` through hypothesis's
``hypothesis`` entry point, so ``st.from_type(Case)`` and ``@given(case=...)`` with
``st.builds`` work without importing this module.
"""

from __future__ import annotations

import string
from datetime import date, datetime, timedelta
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
)
from escalatie.clock import AMSTERDAM
from escalatie.model import EscalationModel
from escalatie.organisation import Power
from escalatie.plugins import Registry
from escalatie.testing.synthetic import ENTRY_OBSTACLES, synthetic_model

INVENTED_NAMES = ("Sanne Voorbeeld", "Daan Proefpersoon", "Noor Testman", "Milan Fictief")
"""Invented names only: example data never names a real person."""

_WORDS = string.ascii_letters + string.digits + " .,-'éë"


def texts(min_size: int = 1, max_size: int = 60) -> st.SearchStrategy[str]:
    """Short text; not blank unless ``min_size`` is 0, when it may also be empty."""
    text = st.text(_WORDS, min_size=min_size, max_size=max_size)
    if min_size == 0:
        return text.filter(lambda t: not t or bool(t.strip()))
    return text.filter(lambda t: bool(t.strip()))


def references() -> st.SearchStrategy[str]:
    """Pseudonymous case references, as the schema allows them."""
    return st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,15}", fullmatch=True)


def bsns() -> st.SearchStrategy[str]:
    """Invented BSNs that pass the 11-check: eight digits and the check digit they imply."""

    def complete(first: str) -> str:
        total = sum(int(d) * w for d, w in zip(first, range(9, 1, -1), strict=True))
        return first + str(total % 11)

    return (
        st.from_regex(r"[1-9][0-9]{7}", fullmatch=True)
        .map(complete)
        .filter(lambda number: len(number) == 9)
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


def moments(
    min_value: datetime = datetime(2025, 1, 1), max_value: datetime = datetime(2028, 12, 31)
) -> st.SearchStrategy[datetime]:
    """Timezone-aware Amsterdam moments that exist on the wall clock."""
    return st.datetimes(
        min_value=min_value,
        max_value=max_value,
        timezones=st.just(AMSTERDAM),
        allow_imaginary=False,
    )


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
    return st.builds(
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
        prior_steps=st.lists(
            st.builds(
                PriorStep,
                kind=st.sampled_from(StepKind),
                by=texts(max_size=20),
                resolved=st.none() | st.booleans(),
            ),
            max_size=3,
        ).map(tuple),
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
    ).flatmap(_born_consistently)


def _born_consistently(case: Case) -> st.SearchStrategy[Case]:
    """A case with a date of birth gets one that agrees with its age, and the submission moment
    (in 2025, before any day the tests register on) at which that age held: ``case new``
    refuses a date of birth that contradicts the age or lies in the future."""
    import attrs

    if case.identity is None or case.identity.date_of_birth is None:
        return st.just(case)
    identity = case.identity

    def build(submitted: datetime, days: int) -> Case:
        day = submitted.date()
        born = day.replace(year=day.year - case.age) - timedelta(days=days)
        return attrs.evolve(
            case,
            submitted_at=submitted,
            identity=attrs.evolve(identity, date_of_birth=born),
        )

    return st.builds(
        build, moments(datetime(2025, 1, 1), datetime(2025, 12, 31)), st.integers(0, 364)
    )


def case_documents(**options: Any) -> st.SearchStrategy[dict[str, Any]]:
    """Case documents as JSON-ready data (what ``escalatie triage`` reads)."""
    from escalatie.documents import unstructure

    return cases(**options).map(unstructure)


def models(registry: Registry | None = None) -> st.SearchStrategy[EscalationModel]:
    """One of the installed models (resolved when first drawn, not at import)."""

    def installed() -> st.SearchStrategy[EscalationModel]:
        from escalatie.plugins import default_registry

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
        family_at_table=st.booleans(),
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
    """Called by hypothesis at import through the ``hypothesis`` entry point."""
    st.register_type_strategy(Case, cases())
