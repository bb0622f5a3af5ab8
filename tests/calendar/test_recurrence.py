"""The calendar file carries the model's own RRULE, DTSTART the first meeting, RDATE and EXDATE.

Read back with icalendar and expanded with dateutil, the file yields exactly the meetings the
library plans (``.ci/run`` has ical.js and recurring-ical-events read the same kind of file).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest
from attrs import evolve

from escalatie.calendar import schedule_calendar
from escalatie.clock import AMSTERDAM, Clock
from escalatie.forum import MeetingSeries
from escalatie.model import EscalationModel
from escalatie.schedule import slots
from escalatie.testing.synthetic import synthetic_model

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
SINCE = datetime(2026, 1, 1, tzinfo=AMSTERDAM)
UNTIL = datetime(2027, 1, 1, tzinfo=AMSTERDAM)


def with_series(model: EscalationModel, *series: MeetingSeries) -> EscalationModel:
    forum = model.forums[0]
    return evolve(model, forums=(evolve(forum, cadence=evolve(forum.cadence, series=series)),))


def event_rules(ical: Any, text: str) -> list[str]:
    """The RRULE lines of the events (the VTIMEZONE's own rules left out)."""
    events = ical.unfolded(text).split("BEGIN:VEVENT", 1)[1]
    return [line for line in events.split("\r\n") if line.startswith("RRULE:")]


def occurrences(ical: Any, event: Any) -> list[datetime]:
    """RRULE from DTSTART (dateutil), plus RDATEs, less EXDATEs."""
    out = set(ical.expand(event)) if "RRULE" in event else {event["DTSTART"].dt}
    raw = event.get("RDATE", [])
    for prop in raw if isinstance(raw, list) else [raw]:
        out.update(item.dt for item in prop.dts)
    return sorted(out)


@pytest.mark.parametrize(
    ("rule", "first"),
    [
        ("FREQ=MONTHLY;BYDAY=2TU", date(2026, 1, 13)),
        ("FREQ=WEEKLY;INTERVAL=3;BYDAY=MO", date(2026, 1, 5)),
        ("FREQ=MONTHLY;BYDAY=-1TH", date(2026, 1, 29)),
        ("FREQ=MONTHLY;BYMONTHDAY=15", date(2026, 1, 15)),
    ],
)
def test_the_file_carries_the_models_rule(rule: str, first: date, clock: Clock, ical: Any) -> None:
    model = synthetic_model("regel", series=(), rrules=(rule,))
    result = schedule_calendar(model, *YEAR, clock)
    (event,) = ical.events(result.text)
    (line,) = event_rules(ical, result.text)
    assert line.startswith(f"RRULE:{rule};UNTIL=") and line.endswith("Z")
    assert event["DTSTART"].dt == datetime.combine(first, time(9, 0), AMSTERDAM)
    assert model.forums[0].cadence.series[0].first_meeting == first
    planned = [s.start for s in slots(model.forums[0].cadence, SINCE, UNTIL)]
    assert occurrences(ical, event) == planned
    (entry,) = result.entries
    assert entry.rrule == line.removeprefix("RRULE:") and entry.meetings == len(planned)
    assert result.summary()["series"][0]["rrule"] == entry.rrule


def test_count_in_the_model_becomes_until_in_the_file(clock: Clock, ical: Any) -> None:
    model = synthetic_model("regel", series=(), rrules=("FREQ=MONTHLY;BYDAY=2TU;COUNT=4",))
    result = schedule_calendar(model, *YEAR, clock)
    (event,) = ical.events(result.text)
    (line,) = event_rules(ical, result.text)
    # RFC 5545 forbids COUNT with UNTIL; the range's last meeting (14 April) ends the rule.
    assert line == "RRULE:FREQ=MONTHLY;BYDAY=2TU;UNTIL=20260414T070000Z"
    assert len(occurrences(ical, event)) == 4


def test_a_range_that_starts_mid_series_keeps_the_rhythm(clock: Clock, ical: Any) -> None:
    model = synthetic_model("regel", series=(), rrules=("FREQ=WEEKLY;INTERVAL=3;BYDAY=MO",))
    result = schedule_calendar(model, date(2026, 2, 1), date(2026, 4, 30), clock)
    (event,) = ical.events(result.text)
    assert occurrences(ical, event) == [
        datetime(2026, 2, 16, 9, 0, tzinfo=AMSTERDAM),
        datetime(2026, 3, 9, 9, 0, tzinfo=AMSTERDAM),
        datetime(2026, 3, 30, 9, 0, tzinfo=AMSTERDAM),
        datetime(2026, 4, 20, 9, 0, tzinfo=AMSTERDAM),
    ]


def test_exdates_with_reasons_and_rdates(clock: Clock, ical: Any) -> None:
    base = synthetic_model("regel", series=(), rrules=("FREQ=MONTHLY;BYMONTHDAY=25",))
    (plain,) = base.forums[0].cadence.series
    # Whit Monday (25 May) and Christmas are holidays; 25 March is excluded; 3 June is extra.
    series = evolve(plain, dates=(date(2026, 6, 3),), excluded=(date(2026, 3, 25),))
    model = with_series(base, series)
    result = schedule_calendar(model, *YEAR, clock)
    (event,) = ical.events(result.text)
    exdates = ical.exdates(event)
    # 25 December is no EXDATE: the rule ends (UNTIL) at the last real meeting, 25 November.
    assert [d.date() for d in exdates] == [date(2026, 3, 25), date(2026, 5, 25)]
    assert ical.prop_lines(result.text, "RDATE") == ["RDATE;TZID=Europe/Amsterdam:20260603T090000"]
    comments = [str(c) for c in event["COMMENT"]]
    assert comments == [
        "Vervalt woensdag 25 maart 2026 om 09.00 uur: uitgezonderd in de reeks",
        "Vervalt maandag 25 mei 2026 om 09.00 uur: feestdag: Tweede pinksterdag",
    ]
    planned = [s.start for s in slots(model.forums[0].cadence, SINCE, UNTIL)]
    assert occurrences(ical, event) == planned
    assert datetime(2026, 6, 3, 9, 0, tzinfo=AMSTERDAM) in planned
    assert [s.start.date() for s in result.skipped] == [
        date(2026, 3, 25),
        date(2026, 5, 25),
        date(2026, 12, 25),
    ]
    summary = result.summary()["series"][0]
    assert summary["rdates"] == ["2026-06-03T09:00:00+02:00"]
    # The Dutch description names the rhythm and the extra date.
    text = str(event["DESCRIPTION"])
    assert "elke 25e van de maand, van 09.00 tot 10.30 uur." in text
    assert "woensdag 3 juni 2026" in text


def test_only_extra_dates_in_range_make_an_event_without_rrule(clock: Clock, ical: Any) -> None:
    base = synthetic_model("regel", series=(), rrules=("FREQ=MONTHLY;BYMONTHDAY=25",))
    (plain,) = base.forums[0].cadence.series
    model = with_series(base, evolve(plain, dates=(date(2026, 6, 3), date(2026, 6, 10))))
    result = schedule_calendar(model, date(2026, 6, 1), date(2026, 6, 20), clock)
    (event,) = ical.events(result.text)
    assert "RRULE" not in event
    assert occurrences(ical, event) == [
        datetime(2026, 6, 3, 9, 0, tzinfo=AMSTERDAM),
        datetime(2026, 6, 10, 9, 0, tzinfo=AMSTERDAM),
    ]
    assert result.entries[0].rrule is None


def test_an_extra_date_before_the_rules_first_meeting_in_range(clock: Clock, ical: Any) -> None:
    base = synthetic_model("regel", series=(), rrules=("FREQ=MONTHLY;BYDAY=2TU",))
    (plain,) = base.forums[0].cadence.series
    model = with_series(base, evolve(plain, dates=(date(2026, 5, 5),)))
    result = schedule_calendar(model, date(2026, 5, 1), date(2026, 6, 30), clock)
    (event,) = ical.events(result.text)
    # DTSTART stays a date of the rule (RFC 5545 leaves an unsynchronised DTSTART undefined).
    assert event["DTSTART"].dt == datetime(2026, 5, 12, 9, 0, tzinfo=AMSTERDAM)
    assert occurrences(ical, event) == [
        datetime(2026, 5, 5, 9, 0, tzinfo=AMSTERDAM),
        datetime(2026, 5, 12, 9, 0, tzinfo=AMSTERDAM),
        datetime(2026, 6, 9, 9, 0, tzinfo=AMSTERDAM),
    ]
    (entry,) = result.entries
    assert entry.first == datetime(2026, 5, 5, 9, 0, tzinfo=AMSTERDAM) and entry.meetings == 3
