"""The maatwerktafel cadence (seed 000, step 4) and Utrecht's days off, as the model files and
the [utrecht] settings give them."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from escalatie.clock import AMSTERDAM
from escalatie.forum import Cadence
from escalatie.model import EscalationModel
from escalatie.schedule import days_off, next_slot, skipped_slots, slots

UtrechtModel = Callable[..., EscalationModel]


@pytest.fixture
def cadence(utrecht_model: UtrechtModel) -> Callable[..., Cadence]:
    """The cadence of a Utrecht model's forum with ``[utrecht]`` = ``table``."""

    def build(model: str = "utrecht-maatwerktafel", **table: Any) -> Cadence:
        return utrecht_model(model, **table).forums[0].cadence

    return build


CadenceOf = Callable[..., Cadence]


def year(c: Cadence, y: int) -> tuple[datetime, datetime]:
    return datetime(y, 1, 1, tzinfo=AMSTERDAM), datetime(y + 1, 1, 1, tzinfo=AMSTERDAM)


def test_a_table_every_one_and_a_half_weeks_alternating_10_and_11_days(cadence: CadenceOf) -> None:
    c = cadence()
    found = slots(c, *year(c, 2026))
    assert found[0].start == datetime(2026, 1, 5, 9, 15, tzinfo=AMSTERDAM)
    assert found[1].start == datetime(2026, 1, 15, 15, 30, tzinfo=AMSTERDAM)
    gaps = [(b.start.date() - a.start.date()).days for a, b in itertools.pairwise(found)]
    assert set(gaps[0::2]) == {10} and set(gaps[1::2]) == {11}
    assert len(found) == 35  # 52 weeks / 1.5, none of 2026's lands on a day off
    for slot in found:
        if slot.start.weekday() == 0:
            assert (slot.start.time(), slot.end.time()) == (time(9, 15), time(10, 45))
            assert slot.series == "maandag"
        else:
            assert slot.start.weekday() == 3
            assert (slot.start.time(), slot.end.time()) == (time(15, 30), time(17, 0))
            assert slot.series == "donderdag"


def test_wall_clock_times_hold_across_both_dst_switches(cadence: CadenceOf) -> None:
    c = cadence()
    found = {s.start.date(): s for s in slots(c, *year(c, 2026))}
    # Before and after 29 March 2026 (CET → CEST): 09:15 local stays 09:15 local.
    assert found[date(2026, 3, 9)].start.astimezone(UTC).hour == 8
    assert found[date(2026, 3, 30)].start.astimezone(UTC).hour == 7
    # Before and after 25 October 2026 (CEST → CET).
    assert found[date(2026, 10, 15)].start.astimezone(UTC).time() == time(13, 30)
    assert found[date(2026, 10, 26)].start.astimezone(UTC).time() == time(8, 15)
    assert found[date(2026, 10, 26)].end.astimezone(UTC).time() == time(9, 45)


@pytest.mark.parametrize(
    ("first", "skipped", "reason"),
    [
        ("2027-03-29", date(2027, 3, 29), "feestdag"),  # Easter Monday
        ("2027-04-26", date(2027, 5, 6), "feestdag"),  # Ascension Thursday (first + 10 days)
        ("2031-05-05", date(2031, 5, 5), "cao gemeenten"),  # 5 May on a Monday
        ("2022-04-25", date(2022, 5, 5), "cao gemeenten"),  # 5 May on a Thursday, no lustrum
    ],
)
def test_no_table_on_a_holiday_or_on_5_may(
    first: str, skipped: date, reason: str, cadence: CadenceOf
) -> None:
    c = cadence(first_date=first)
    since = datetime.fromisoformat(first).replace(tzinfo=AMSTERDAM)
    until = since + timedelta(days=42)
    assert skipped not in {s.start.date() for s in slots(c, since, until)}
    out = [s for s in skipped_slots(c, since, until) if s.start.date() == skipped]
    assert len(out) == 1 and reason in out[0].reason


def test_closing_days_take_a_table_out(cadence: CadenceOf) -> None:
    c = cadence(closing_days=["2026-01-15", date(2026, 12, 28)])
    since, until = year(c, 2026)
    taken = {s.start.date(): s.reason for s in skipped_slots(c, since, until)}
    assert set(taken) == {date(2026, 1, 15), date(2026, 12, 28)}
    assert set(taken.values()) == {"sluitingsdag: gemeente Utrecht gesloten"}
    nxt = next_slot(c, datetime(2026, 1, 6, tzinfo=AMSTERDAM))
    assert nxt is not None and nxt.start.date() == date(2026, 1, 26)


def test_5_may_is_a_day_off_every_year_and_good_friday_only_when_configured(
    cadence: CadenceOf,
) -> None:
    plain = cadence().holidays
    with_friday = cadence(good_friday=True).holidays
    for y in (2026, 2027, 2028):
        assert date(y, 5, 5) in days_off(plain, y)
    assert date(2026, 4, 3) not in days_off(plain, 2026)
    assert "Goede Vrijdag" in days_off(with_friday, 2026)[date(2026, 4, 3)]


def test_days_off_are_local_policy_not_a_seed(cadence: CadenceOf) -> None:
    """Review finding 16: the seeds name no days off, so the policy cites none."""
    for name in ("utrecht-maatwerktafel", "utrecht-citydeal", "utrecht-passend-alternatief"):
        c = cadence(name)
        assert c.holidays.source is None
    assert c.source is not None and c.source.seed == "001"


def test_good_friday_takes_out_a_friday_meeting_when_configured(cadence: CadenceOf) -> None:
    # The City Deal overleg's weekday follows its configured first date; Good Friday 2026 is
    # 3 April, four weeks after 6 March.
    plain = cadence("utrecht-citydeal", citydeal_first_date="2026-03-06")
    friday = cadence("utrecht-citydeal", citydeal_first_date="2026-03-06", good_friday=True)
    since = datetime(2026, 3, 1, tzinfo=AMSTERDAM)
    until = datetime(2026, 4, 30, tzinfo=AMSTERDAM)
    assert date(2026, 4, 3) in {s.start.date() for s in slots(plain, since, until)}
    assert date(2026, 4, 3) not in {s.start.date() for s in slots(friday, since, until)}


def test_assumed_cadences_of_the_citydeal_and_the_commission(cadence: CadenceOf) -> None:
    cd = cadence("utrecht-citydeal")
    cpa = cadence("utrecht-passend-alternatief")
    since, until = year(cd, 2026)
    cd_days = [s.start.date() for s in slots(cd, since, until)]
    cpa_days = [s.start.date() for s in slots(cpa, since, until)]
    assert {(b - a).days for a, b in itertools.pairwise(cd_days)} <= {28, 56}
    assert {(b - a).days for a, b in itertools.pairwise(cpa_days)} <= {14, 28}
    assert cd_days[0] == date(2026, 1, 14) and cpa_days[0] == date(2026, 1, 13)
