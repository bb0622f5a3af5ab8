"""The rules escalatie expands itself (issue 16: no dateutil at triage's start-up) give the
very dates dateutil's rrule gives, for every rule of those shapes, any start and any window."""

from __future__ import annotations

import calendar
import subprocess
import sys
from datetime import date, timedelta

import pytest
from dateutil.rrule import rrulestr
from hypothesis import example, given, settings
from hypothesis import strategies as st

from escalatie.recurrence import expand, expands_here, midnight, month_length, parse

CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@st.composite
def own_rules(draw: st.DrawFn) -> str:
    """A rule in every shape :func:`expands_here` takes: DAILY, WEEKLY with or without BYDAY,
    MONTHLY by numbered weekdays, by days of the month (-1 the last) or by neither; any
    INTERVAL, UNTIL or not, WKST=MO or not, parts in any order."""
    freq = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY"]))
    parts = [f"FREQ={freq}"]
    interval = draw(st.one_of(st.just(1), st.integers(1, 6), st.integers(1, 999)))
    if interval != 1 or draw(st.booleans()):
        parts.append(f"INTERVAL={interval}")
    if freq == "WEEKLY" and draw(st.booleans()):
        days = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=7, unique=True))
        parts.append("BYDAY=" + ",".join(days))
    if freq == "MONTHLY":
        which = draw(st.sampled_from(["neither", "byday", "bymonthday"]))
        if which == "byday":
            ordinals = st.sampled_from([1, 2, 3, 4, 5, -1, -2])
            items = draw(
                st.lists(
                    st.tuples(ordinals, st.sampled_from(CODES)), min_size=1, max_size=4, unique=True
                )
            )
            parts.append("BYDAY=" + ",".join(f"{n}{code}" for n, code in items))
        elif which == "bymonthday":
            days = st.sampled_from([*range(1, 32), -1])
            parts.append(
                "BYMONTHDAY="
                + ",".join(map(str, draw(st.lists(days, min_size=1, max_size=4, unique=True))))
            )
    if draw(st.booleans()):
        parts.append("WKST=MO")
    until = draw(st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2120, 12, 31))))
    if until is not None:
        parts.append(f"UNTIL={until:%Y%m%d}")
    return ";".join(draw(st.permutations(parts)))


# 200, not the profile's 40: this property alone holds the meeting dates triage computes equal
# to dateutil's, over the widest space in the suite (three frequencies, day sets, INTERVAL up
# to 999, UNTIL, any window); an example costs about 50 ms under load (10 s for 200).
@settings(max_examples=200, deadline=None)
@given(
    own_rules(),
    st.dates(date(2000, 1, 1), date(2100, 12, 31)),
    st.dates(date(1999, 1, 1), date(2110, 1, 1)),
    st.integers(0, 1500),
)
def test_expanded_here_as_dateutil_expands(
    text: str, runs_from: date, since: date, days: int
) -> None:
    rule = parse(text)
    assert expands_here(rule)
    until = since + timedelta(days=days)
    theirs = rrulestr(text, dtstart=midnight(runs_from)).between(
        midnight(since), midnight(until), inc=True
    )
    assert expand(rule, runs_from, since, until) == tuple(
        d.date() for d in theirs if d.date() < until
    )


def _last_years_agree(text: str, runs_from: date) -> None:
    """Up to the end of the calendar that blocks reach (1 January 9999)."""
    rule = parse(text)
    since, until = date(9990, 1, 1), date(9999, 1, 1)
    theirs = []
    occurrences = iter(rrulestr(text, dtstart=midnight(runs_from)))
    while True:
        # dateutil raises when it builds the year after 9999, past every date before ``until``
        # (WEEKLY;INTERVAL=111 from 9900-01-06: its next date after 9998 is in 10000), where
        # ``between`` fails; the dates it gave up to then are all there are.
        try:
            moment = next(occurrences)
        except (StopIteration, ValueError):
            break
        if moment.date() >= until:
            break
        if moment.date() >= since:
            theirs.append(moment.date())
    assert expand(rule, runs_from, since, until) == tuple(theirs)


@settings(max_examples=30, deadline=None)
@given(own_rules(), st.dates(date(9900, 1, 1), date(9989, 12, 31)))
@example("FREQ=WEEKLY;INTERVAL=111", date(9900, 1, 6))  # dateutil's next date is in 10000
def test_the_last_years_expand_as_dateutil_expands_them(text: str, runs_from: date) -> None:
    """A series that starts within a century of the end: dateutil walks only that century
    (from a start in 2000-2999 it walked up to 8,000 years per example, 82 s for 30), and the
    starts still put every INTERVAL (at most 999) in any phase against the window."""
    _last_years_agree(text, runs_from)


@pytest.mark.slow
@settings(max_examples=30, deadline=None)
@given(own_rules(), st.dates(date(2000, 1, 1), date(2999, 12, 31)))
def test_the_last_years_expand_as_dateutil_from_far_back(text: str, runs_from: date) -> None:
    """The same from a start thousands of years before (the slow job: dateutil walks them)."""
    _last_years_agree(text, runs_from)


def test_other_rules_are_left_to_dateutil() -> None:
    for text in (
        "FREQ=WEEKLY;COUNT=3",
        "FREQ=YEARLY",
        "FREQ=MONTHLY;BYDAY=2TU;BYSETPOS=1",
        "FREQ=MONTHLY;BYDAY=-3TU",
        "FREQ=WEEKLY;INTERVAL=2;WKST=SU",
        "FREQ=DAILY;BYMONTH=3",
    ):
        assert not expands_here(parse(text)), text


@given(st.integers(1, 9999), st.integers(1, 12))
def test_month_length_as_calendar(year: int, month: int) -> None:
    assert month_length(year, month) == calendar.monthrange(year, month)[1]


def test_a_series_of_a_bundled_shape_imports_no_dateutil_rrule() -> None:
    """Its first meeting and its dates, without ``dateutil.rrule`` (nor ``six``)."""
    code = (
        "import sys\nfrom datetime import date, time\n"
        "from escalatie.forum import MeetingSeries\n"
        "s = MeetingSeries('tafel', 'FREQ=MONTHLY;BYDAY=2TU', start=time(9), minutes=90, "
        "runs_from=date(2026, 1, 1))\n"
        "print(s.first_meeting, s.occurrences(date(2026, 3, 1), date(2026, 5, 1)))\n"
        "print(sorted(m for m in sys.modules if m.startswith(('dateutil.rrule', 'six'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == [
        "2026-01-13 [datetime.date(2026, 3, 10), datetime.date(2026, 4, 14)]",
        "[]",
    ]


def test_easter_as_dateutil() -> None:
    """Good Friday's Easter (escalatie.schedule) for every year dateutil's Western Easter
    covers."""
    from dateutil.easter import easter as dateutil_easter

    from escalatie.dutch_holidays import easter

    assert [easter(y) for y in range(1583, 10000)] == [
        dateutil_easter(y) for y in range(1583, 10000)
    ]
