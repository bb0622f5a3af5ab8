"""Cadences are assumptions: each is a declared setting of the model file, with a default that
the municipality's table in the settings file overrides."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from escalatie.errors import EscalatieError
from escalatie.model import EscalationModel
from escalatie.plugins import Registry, make_plugin_manager
from escalatie.settings import _load


def model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, settings: str = ""):
    config = tmp_path / "escalatie.toml"
    config.write_text(settings, encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_CONFIG", str(config))
    _load.cache_clear()  # the settings file is read once per path and process
    return Registry(make_plugin_manager(env={})).model(name)


def only_series(found: EscalationModel, forum: str):
    (series,) = found.forum(forum).cadence.series
    return series


def test_defaults_are_the_documented_assumptions(tmp_path, monkeypatch):
    wed = only_series(model(tmp_path, monkeypatch, "helmond-trajectregie"), "ronde-tafel")
    assert (wed.rrule, wed.start, wed.runs_from) == (
        "FREQ=WEEKLY;BYDAY=WE",
        time(9),
        date(2026, 1, 7),
    )
    assert (
        model(tmp_path, monkeypatch, "rotterdam-zorgconsulaat")
        .forum("consultatie")
        .cadence.on_request
    )
    thu = only_series(model(tmp_path, monkeypatch, "groningen-3d"), "expertpool")
    assert (thu.rrule, thu.start, thu.end) == ("FREQ=WEEKLY;BYDAY=TH", time(9), time(11))
    tue = only_series(model(tmp_path, monkeypatch, "hlt-ontschotter"), "platform-casuistiek")
    assert tue.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"


def test_settings_change_the_cadence(tmp_path, monkeypatch):
    found = model(
        tmp_path,
        monkeypatch,
        "groningen-3d",
        '[groningen]\nfirst_date = 2026-02-02\nstart = "13:30"\nend = "15:00"\n'
        "every_weeks = 2\nminutes_per_case = 45\ngood_friday = true\n"
        "closing_days = [2026-12-28]\n",
    )
    forum = found.forum("expertpool")
    (series,) = forum.cadence.series
    assert series.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO" and series.start == time(13, 30)
    assert series.minutes == 90
    assert forum.minutes_per_case == 45
    assert forum.cadence.holidays.good_friday
    assert forum.cadence.holidays.closing_days == ((date(2026, 12, 28), "sluitingsdag"),)


def test_an_rrule_replaces_the_weekly_rhythm(tmp_path, monkeypatch):
    found = model(
        tmp_path,
        monkeypatch,
        "groningen-3d",
        '[groningen]\nfirst_date = 2026-02-01\nrrule = "FREQ=MONTHLY;BYDAY=2TU"\nend = "10:30"\n',
    )
    series = only_series(found, "expertpool")
    assert series.rrule == "FREQ=MONTHLY;BYDAY=2TU" and series.runs_from == date(2026, 2, 1)
    assert series.first_meeting == date(2026, 2, 10) and series.minutes == 90


def test_on_request_and_a_series_for_rotterdam(tmp_path, monkeypatch):
    helmond = model(tmp_path, monkeypatch, "helmond-trajectregie", "[helmond]\non_request = true\n")
    assert helmond.forum("ronde-tafel").cadence.series == ()
    rotterdam = model(
        tmp_path, monkeypatch, "rotterdam-zorgconsulaat", "[rotterdam]\non_request = false\n"
    )
    assert only_series(rotterdam, "consultatie").rrule == "FREQ=WEEKLY;BYDAY=TU"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("every_weeks = 0", "settings [hlt] every_weeks: expected a whole number of at least 1"),
        ('every_weeks = "2"', "settings [hlt] every_weeks"),
        ('start = "half tien"', "settings [hlt] start: expected a time as HH:MM"),
        (
            'start = "16:00"\nend = "15:00"',
            "cadence.series[0].end (from settings.end): expected a time after start",
        ),
        ('first_date = "next week"', "settings [hlt] first_date: expected a date"),
        ('on_request = "yes"', "settings [hlt] on_request: expected true or false"),
        (
            'closing_days = "2026-12-28"',
            'settings [hlt] closing_days: expected a list, got "2026-12-28"',
        ),
        (
            "every_week = 2",
            "settings [hlt] every_week: unknown setting (did you mean 'every_weeks'?)",
        ),
        (
            'rrule = "FREQ=WEEKLY;BYDAY=2TU"',
            "rrule 'FREQ=WEEKLY;BYDAY=2TU': BYDAY 2TU: a numbered weekday needs",
        ),
        ("rrule = 12", "settings [hlt] rrule: expected text"),
        (
            'rrule = "FREQ=MONTHLY;BYDAY=2TU"\nevery_weeks = 2',
            "settings [hlt] every_weeks: expected either every_weeks or rrule, not both",
        ),
    ],
)
def test_bad_settings_give_one_line_naming_the_key(tmp_path, monkeypatch, table, message):
    with pytest.raises(EscalatieError) as info:
        model(tmp_path, monkeypatch, "hlt-ontschotter", f"[hlt]\n{table}\n")
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_settings_file_reaches_the_registered_model(tmp_path, monkeypatch):
    found = model(
        tmp_path,
        monkeypatch,
        "hlt-ontschotter",
        '[hlt]\nfirst_date = 2026-03-05\nstart = "10:00"\nend = "12:00"\n',
    )
    series = only_series(found, "platform-casuistiek")
    assert series.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH" and series.start == time(10, 0)


def test_a_missing_settings_file_is_named_not_blamed_on_an_example(tmp_path: Path) -> None:
    # A prior step's kind is checked against the model files the settings point to: the
    # settings' error is reported as such, not as an invalid value of a bundled example.
    import os
    import subprocess
    import sys

    missing = tmp_path / "none.toml"
    env = {**os.environ, "ESCALATIE_CONFIG": str(missing)}
    env["ESCALATIE_CACHE_DIR"] = str(tmp_path / "cache")
    result = subprocess.run(
        [sys.executable, "-m", "escalatie", "examples"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: ESCALATIE_CONFIG: no settings file at {missing}"
