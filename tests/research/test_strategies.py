"""The shipped strategies draw what they promise: valid references, BSNs and wall-clock moments."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from hypothesis import find, given
from hypothesis import strategies as st
from stdnum.nl import bsn as bsn_check

from escalatie.case import Case
from escalatie.clock import AMSTERDAM
from escalatie.testing.strategies import bsns, moments, references, texts, triage_moments

REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,15}")


@given(reference=references(), number=bsns(), text=texts(), maybe=texts(0))
def test_references_bsns_and_texts_are_valid(
    reference: str, number: str, text: str, maybe: str
) -> None:
    assert REFERENCE.fullmatch(reference)
    assert bsn_check.is_valid(number)
    assert text.strip() and 1 <= len(text) <= 60
    assert not maybe or maybe.strip()


@given(moment=triage_moments())
def test_moments_exist_on_the_amsterdam_wall_clock(moment: datetime) -> None:
    assert moment.tzinfo is AMSTERDAM
    assert datetime(2026, 1, 1) <= moment.replace(tzinfo=None) <= datetime(2027, 12, 30)
    # A moment the clock skips would not survive the round trip through UTC.
    assert moment.astimezone(UTC).astimezone(AMSTERDAM).replace(tzinfo=None) == moment.replace(
        tzinfo=None
    )


def test_moments_come_near_the_clock_changes() -> None:
    year = moments(datetime(2026, 1, 1), datetime(2026, 12, 31))
    spring = datetime(2026, 3, 29, 1, tzinfo=UTC)
    autumn = datetime(2026, 10, 25, 1, tzinfo=UTC)
    assert abs(
        find(year, lambda m: abs(m - spring) <= timedelta(minutes=30)) - spring
    ) <= timedelta(minutes=30)
    assert find(year, lambda m: abs(m - autumn) <= timedelta(minutes=30))
    # The hour that repeats in autumn, second time round (fold 1, back on winter time).
    repeated = find(year, lambda m: m.fold == 1)
    assert repeated.date() == autumn.date() and repeated.utcoffset() == timedelta(hours=1)


@given(case=st.from_type(Case))
def test_case_is_registered_through_the_entry_point(case: Case) -> None:
    assert isinstance(case, Case)
