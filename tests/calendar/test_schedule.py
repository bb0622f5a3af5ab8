"""A whole year of a Utrecht-like schedule, read back with icalendar and expanded with dateutil."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import holidays
import pytest
from dateutil.rrule import rrulestr

from escalatie.calendar import schedule_calendar, series_uid
from escalatie.clock import AMSTERDAM, Clock, fixed_clock
from escalatie.errors import EscalatieError
from escalatie.forum import Cadence, Forum, ForumKind, ProcessSupport
from escalatie.model import EscalationModel
from escalatie.sources import seed

TIMES = {0: (time(9, 15), time(10, 45)), 3: (time(15, 30), time(17, 0))}


def expected_meetings(first_monday: date, year: int) -> set[datetime]:
    """Computed here without the library: two 3-weekly lattices less NL holidays and 5 May."""
    off = set(holidays.country_holidays("NL", years=year)) | {date(year, 5, 5)}
    off.add(date(2026, 12, 28))  # the test model's closing day
    out = set()
    for offset, at in ((0, time(9, 15)), (10, time(15, 30))):
        day = first_monday + timedelta(days=offset)
        while day.year <= year:
            if day.year == year and day not in off:
                out.add(datetime.combine(day, at, AMSTERDAM))
            day += timedelta(weeks=3)
    return out


# Phases chosen so the year has Easter Monday, King's Day, Ascension, 5 May and Christmas on
# meeting days, plus the default Utrecht phase (2026-01-05).
PHASES = [date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 19), date(2025, 1, 20)]


@pytest.mark.parametrize("first_monday", PHASES)
def test_a_year_of_meetings(
    first_monday: date, clock: Clock, ical: Any, make_model: Any, tafel_forum: Any
) -> None:
    year = first_monday.year
    model = make_model((tafel_forum(first_monday),))
    result = schedule_calendar(model, date(year, 1, 1), date(year, 12, 31), clock)
    evs = ical.events(result.text)
    assert len(evs) == 2
    found: list[datetime] = []
    for ev in evs:
        occurrences = ical.expand(ev)
        # Nothing outside the range, no duplicates.
        assert all(o.year == year for o in occurrences)
        duration = ev["DTEND"].dt - ev["DTSTART"].dt
        for o in occurrences:
            local = o.astimezone(AMSTERDAM)
            start, end = TIMES[local.weekday()]
            assert local.time() == start
            assert (local + duration).time() == end
        found.extend(occurrences)
    assert len(found) == len(set(found))
    assert {o.astimezone(AMSTERDAM) for o in found} == expected_meetings(first_monday, year)
    # The schedule alternates 10 and 11 days before holidays are taken out.
    lattice = sorted(
        m for ev in evs for m in rrulestr(ev["RRULE"].to_ical().decode(), dtstart=ev["DTSTART"].dt)
    )
    gaps = {(b.date() - a.date()).days for a, b in itertools.pairwise(lattice)}
    assert gaps == {10, 11}


def test_holidays_and_5_may_are_exdates_with_their_rule(
    clock: Clock, ical: Any, make_model: Any, tafel_forum: Any
) -> None:
    easter = make_model((tafel_forum(date(2026, 1, 12)),))
    result = schedule_calendar(easter, date(2026, 1, 1), date(2026, 12, 31), clock)
    assert [(s.start.date(), s.reason) for s in result.skipped] == [
        (date(2026, 4, 6), "feestdag: Tweede paasdag"),
        (date(2026, 4, 27), "feestdag: Koningsdag"),
    ]
    model = make_model((tafel_forum(date(2025, 1, 20)),))
    result = schedule_calendar(model, date(2025, 1, 1), date(2025, 12, 31), clock)
    reasons = {s.start.date(): s.reason for s in result.skipped}
    assert reasons[date(2025, 5, 5)] == "5 mei (cao gemeenten)"
    monday = next(ev for ev in ical.events(result.text) if "maandag" in str(ev["UID"]))
    assert datetime(2025, 5, 5, 9, 15, tzinfo=AMSTERDAM) in ical.exdates(monday)
    # EXDATE in the same form as DTSTART: TZID and local time, one per skipped meeting.
    lines = ical.prop_lines(result.text, "EXDATE")
    assert "EXDATE;TZID=Europe/Amsterdam:20250505T091500" in lines
    assert all(line.startswith("EXDATE;TZID=Europe/Amsterdam:") for line in lines)
    assert ical.prop_lines(result.text, "DTSTART")[-1].startswith("DTSTART;TZID=Europe/Amsterdam:")
    raw = monday.get("COMMENT")
    comments = [str(c) for c in (raw if isinstance(raw, list) else [raw])]
    assert "Vervalt maandag 5 mei 2025 om 09.15 uur: 5 mei (cao gemeenten)" in comments
    assert len(comments) == len(ical.exdates(monday))


def test_right_on_both_sides_of_each_dst_switch(
    clock: Clock, ical: Any, make_model: Any, tafel_forum: Any
) -> None:
    """2026: DST starts 29 March and ends 25 October; Amsterdam wall time stays put."""
    model = make_model((tafel_forum(date(2026, 1, 19)),))
    text = schedule_calendar(model, date(2026, 1, 1), date(2026, 12, 31), clock).text
    utc = {
        o.astimezone(UTC).replace(tzinfo=None) for ev in ical.events(text) for o in ical.expand(ev)
    }
    assert datetime(2026, 3, 23, 8, 15) in utc  # Mon 09:15 CET, last before the switch
    assert datetime(2026, 4, 2, 13, 30) in utc  # Thu 15:30 CEST, first after it
    assert datetime(2026, 10, 19, 7, 15) in utc  # Mon 09:15 CEST, last before the switch back
    assert datetime(2026, 10, 29, 14, 30) in utc  # Thu 15:30 CET, first after it


def test_range_bounds_the_series(clock: Clock, ical: Any, make_model: Any) -> None:
    model = make_model()
    result = schedule_calendar(model, date(2026, 3, 1), date(2026, 4, 30), clock)
    for ev in ical.events(result.text):
        start = ev["DTSTART"].dt
        assert start >= datetime(2026, 3, 1, tzinfo=AMSTERDAM)
        until = ev["RRULE"]["UNTIL"][0]
        assert until.tzinfo is not None and until.utcoffset() == timedelta(0)
        assert until <= datetime(2026, 5, 1, tzinfo=AMSTERDAM)
        assert all(o < datetime(2026, 5, 1, tzinfo=AMSTERDAM) for o in ical.expand(ev))


def test_uids_stable_distinct_and_dtstamp_from_clock(ical: Any, make_model: Any) -> None:
    model = make_model()
    texts = [
        schedule_calendar(model, date(2026, 1, 1), date(2026, 6, 30), fixed_clock(at)).text
        for at in (
            datetime(2026, 1, 2, 12, 0, tzinfo=AMSTERDAM),
            datetime(2026, 2, 3, 8, 30, tzinfo=AMSTERDAM),
        )
    ]
    uids = [[str(ev["UID"]) for ev in ical.events(t)] for t in texts]
    assert (
        uids[0]
        == uids[1]
        == [
            series_uid("test-tafel", "tafel", "maandag"),
            series_uid("test-tafel", "tafel", "donderdag"),
        ]
    )
    assert uids[0] == ["maandag@tafel.test-tafel.escalatie", "donderdag@tafel.test-tafel.escalatie"]
    stamps = [{ev["DTSTAMP"].dt for ev in ical.events(t)} for t in texts]
    assert stamps == [
        {datetime(2026, 1, 2, 11, 0, tzinfo=UTC)},
        {datetime(2026, 2, 3, 7, 30, tzinfo=UTC)},
    ]


def test_file_format(model: EscalationModel, clock: Clock, ical: Any) -> None:
    text = schedule_calendar(model, date(2026, 1, 1), date(2026, 12, 31), clock).text
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert any(line.startswith(" ") for line in text.split("\r\n"))  # long lines are folded
    cal = ical.parse(text)
    assert cal["VERSION"] == "2.0" and "escalatie" in str(cal["PRODID"])
    assert cal["METHOD"] == "PUBLISH"
    for ev in cal.walk("VEVENT"):
        assert "ATTENDEE" not in ev  # PUBLISH has no attendees (RFC 5546 3.2.1)
        assert str(ev["SUMMARY"]) == "Testtafel"
        description = str(ev["DESCRIPTION"])
        assert "elke drie weken op " in description and "om de" not in description


def test_bad_ranges_and_forums(
    model: EscalationModel, clock: Clock, make_model: Any, tafel_forum: Any
) -> None:
    with pytest.raises(EscalatieError, match="--to: expected a date on or after --from"):
        schedule_calendar(model, date(2026, 3, 1), date(2026, 2, 1), clock)
    with pytest.raises(EscalatieError, match="--from/--to: forum tafel has no meeting"):
        schedule_calendar(model, date(2026, 1, 6), date(2026, 1, 7), clock)
    with pytest.raises(EscalatieError, match="--forum: model test-tafel has no forum 'x'"):
        schedule_calendar(model, date(2026, 1, 1), date(2026, 2, 1), clock, "x")
    mailbox = Forum(
        "mailbox",
        "Mailbox",
        ForumKind.MAILBOX,
        ProcessSupport("adviseur", "Gemeente"),
        seed("002"),
        Cadence(on_request=True),
    )
    with pytest.raises(EscalatieError, match="no forum with fixed meeting series"):
        schedule_calendar(make_model((mailbox,)), date(2026, 1, 1), date(2026, 2, 1), clock)
    with pytest.raises(EscalatieError, match="meets on request"):
        schedule_calendar(
            make_model((tafel_forum(), mailbox)),
            date(2026, 1, 1),
            date(2026, 2, 1),
            clock,
            "mailbox",
        )


def test_weekly_series_leave_out_the_default_interval(
    clock: Clock, ical: Any, make_model: Any
) -> None:
    """RFC 5545: INTERVAL=1 is the default; ical.js drops it, so writing it made the two
    independent parsers disagree on the rule (found on Helmond's weekly round table)."""
    from escalatie.forum import MeetingSeries

    weekly = Forum(
        key="wekelijks",
        name="Wekelijkse tafel",
        kind=ForumKind.TABLE,
        organiser=ProcessSupport(
            "procesondersteuner", "Gemeente Teststad", "tafel@teststad.example"
        ),
        source=seed("002"),
        cadence=Cadence(
            series=(
                MeetingSeries("woensdag", "FREQ=WEEKLY;BYDAY=WE", time(9), 180, date(2026, 1, 7)),
            )
        ),
    )
    result = schedule_calendar(
        make_model(forums=(weekly,)), date(2026, 3, 1), date(2026, 4, 30), clock
    )
    (event,) = ical.events(result.text)
    assert "INTERVAL" not in event["RRULE"]
    # The model's rule as written, then UNTIL for the requested range.
    assert "RRULE:FREQ=WEEKLY;BYDAY=WE;UNTIL=" in ical.unfolded(result.text)
    assert len(ical.expand(event)) == 9  # 4, 11, 18, 25 March; 1, 8, 15, 22, 29 April
    three_weekly = schedule_calendar(make_model(), date(2026, 3, 1), date(2026, 4, 30), clock)
    assert all(ev["RRULE"]["INTERVAL"] == [3] for ev in ical.events(three_weekly.text))
