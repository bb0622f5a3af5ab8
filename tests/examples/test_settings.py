"""Cadences are assumptions: each is configurable in the municipality's settings table."""

from __future__ import annotations

from datetime import date, time

import pytest

from escalatie.errors import EscalatieError
from escalatie.plugins import Registry, make_plugin_manager
from escalatie_examples import groningen, helmond, hlt, rotterdam


def test_defaults_are_the_documented_assumptions():
    (wed,) = helmond.build({}).forum("ronde-tafel").cadence.series
    assert (wed.rrule, wed.start) == ("FREQ=WEEKLY;BYDAY=WE", time(9, 0))
    assert rotterdam.build({}).forum("consultatie").cadence.on_request
    (thu,) = groningen.build({}).forum("expertpool").cadence.series
    assert (thu.rrule, thu.start, thu.end) == ("FREQ=WEEKLY;BYDAY=TH", time(9), time(11))
    (tue,) = hlt.build({}).forum("platform-casuistiek").cadence.series
    assert tue.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"


def test_settings_change_the_cadence():
    model = groningen.build(
        {
            "first_date": date(2026, 2, 2),
            "start": "13:30",
            "end": "15:00",
            "every_weeks": 2,
            "minutes_per_case": 45,
            "good_friday": True,
            "closing_days": [date(2026, 12, 28)],
        }
    )
    forum = model.forum("expertpool")
    (series,) = forum.cadence.series
    assert series.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO" and series.start == time(13, 30)
    assert series.minutes == 90 and series.first_meeting == date(2026, 2, 2)
    assert forum.minutes_per_case == 45
    assert forum.cadence.holidays.good_friday
    assert forum.cadence.holidays.closing_days == ((date(2026, 12, 28), "sluitingsdag"),)


def test_an_rrule_replaces_the_weekly_rhythm():
    model = groningen.build(
        {"first_date": date(2026, 2, 1), "rrule": "FREQ=MONTHLY;BYDAY=2TU", "end": "10:30"}
    )
    (series,) = model.forum("expertpool").cadence.series
    assert series.rrule == "FREQ=MONTHLY;BYDAY=2TU" and series.runs_from == date(2026, 2, 1)
    assert series.first_meeting == date(2026, 2, 10) and series.minutes == 90


def test_on_request_and_a_series_for_rotterdam():
    assert helmond.build({"on_request": True}).forum("ronde-tafel").cadence.series == ()
    series = rotterdam.build({"on_request": False}).forum("consultatie").cadence.series
    assert len(series) == 1 and series[0].rrule == "FREQ=WEEKLY;BYDAY=TU"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"every_weeks": 0}, "settings [hlt] every_weeks: expected a whole number of at least 1"),
        ({"every_weeks": "2"}, "settings [hlt] every_weeks"),
        ({"start": "half tien"}, "settings [hlt] start: expected a time as HH:MM"),
        ({"start": "16:00", "end": "15:00"}, "settings [hlt] end: expected a time after start"),
        ({"first_date": "next week"}, "settings [hlt] first_date: expected a date"),
        ({"on_request": "yes"}, "settings [hlt] on_request: expected true or false"),
        ({"closing_days": "2026-12-28"}, "settings [hlt] closing_days: expected a list of dates"),
        (
            {"rrule": "FREQ=WEEKLY;BYDAY=2TU"},
            "settings [hlt] rrule 'FREQ=WEEKLY;BYDAY=2TU': BYDAY 2TU: a numbered weekday needs",
        ),
        ({"rrule": 12}, "settings [hlt] rrule: expected text"),
        (
            {"rrule": "FREQ=MONTHLY;BYDAY=2TU", "every_weeks": 2},
            "settings [hlt] every_weeks: expected either every_weeks or rrule, not both",
        ),
    ],
)
def test_bad_settings_give_one_line_naming_the_key(table, message):
    with pytest.raises(EscalatieError) as info:
        hlt.build(table)
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)


def test_settings_file_reaches_the_registered_model(tmp_path, monkeypatch):
    config = tmp_path / "escalatie.toml"
    config.write_text('[hlt]\nfirst_date = 2026-03-05\nstart = "10:00"\nend = "12:00"\n')
    monkeypatch.setenv("ESCALATIE_CONFIG", str(config))
    registry = Registry(make_plugin_manager(env={}))
    (series,) = registry.model("hlt-ontschotter").forum("platform-casuistiek").cadence.series
    assert series.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH" and series.start == time(10, 0)
