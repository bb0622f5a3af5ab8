"""A second series that alternates with a first from one date setting (``offset_days``), a list
of names as a setting, the reason of closing days given as dates, and days off that do not make
an assumed rhythm the municipality's own."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from escalatie.plugins import Registry, make_plugin_manager
from escalatie.settings import _load

from .conftest import Run

SERIES = """[[forums.cadence.series]]
key = "maandelijks"
rrule = "FREQ=MONTHLY;BYDAY=2TU"
start = "09:30"
minutes = 120
runs_from = 2026-01-01
"""

ALTERNATING = """[[forums.cadence.series]]
key = "maandag"
rrule = "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO"
start = "09:15"
minutes = 90
runs_from = "${first_date}"

[[forums.cadence.series]]
key = "donderdag"
rrule = "FREQ=WEEKLY;INTERVAL=3;BYDAY=TH"
start = "15:30"
minutes = 90
runs_from = "${first_date}"
offset_days = OFFSET
"""

SETTINGS = """[settings]
minutes_per_case = {default = 30, minimum = 1}
first_date = 2026-01-05
pool = ["Aanbieder Noord", "Aanbieder Zuid", "Aanbieder Oost"]
closing_days = []
"""


def variant(starter_file: Path, offset: str = "10") -> Path:
    text = starter_file.read_text(encoding="utf-8")
    assert SERIES in text and "[settings]\nminutes_per_case = {default = 30, minimum = 1}\n" in text
    text = text.replace(SERIES, ALTERNATING.replace("OFFSET", offset))
    text = text.replace("[settings]\nminutes_per_case = {default = 30, minimum = 1}\n", SETTINGS)
    text = text.replace(
        "[forums.participants]\n",
        '[forums.participants]\nrotation_pool = "${pool}"\n',
    )
    text = text.replace(
        "[forums.cadence.holidays]\n",
        '[forums.cadence.holidays]\nclosing_days = "${closing_days}"\n'
        'closing_reason = "gemeente gesloten"\n',
    )
    starter_file.write_text(text, encoding="utf-8")
    return starter_file


def load(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: str = ""):
    config = tmp_path / "settings.toml"
    config.write_text(settings, encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_CONFIG", str(config))
    _load.cache_clear()  # the settings file is read once per path and process
    return Registry(make_plugin_manager(env={})).model(str(path))


def test_offset_days_start_a_series_that_many_days_after_its_date(
    starter_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = load(variant(starter_file), tmp_path, monkeypatch)
    monday, thursday = model.forum("tafel").cadence.series
    assert monday.first_meeting == date(2026, 1, 5)
    assert thursday.runs_from == thursday.first_meeting == date(2026, 1, 15)
    moved = load(starter_file, tmp_path, monkeypatch, "[zeewolde-tafel]\nfirst_date = 2026-02-02\n")
    assert [s.first_meeting for s in moved.forum("tafel").cadence.series] == [
        date(2026, 2, 2),
        date(2026, 2, 12),
    ]


def test_a_negative_offset_is_a_problem_with_its_path(run: Run, starter_file: Path) -> None:
    code, _, err = run("model", "check", str(variant(starter_file, "-1")))
    assert code == 1
    assert "forums[0].cadence.series[1].offset_days: expected a whole number from 0 to 366" in err


def test_a_list_of_names_is_a_setting_that_keeps_its_order(
    starter_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = variant(starter_file)
    pool = load(path, tmp_path, monkeypatch).forum("tafel").participants.rotation_pool
    assert pool == ("Aanbieder Noord", "Aanbieder Zuid", "Aanbieder Oost")
    own = load(path, tmp_path, monkeypatch, '[zeewolde-tafel]\npool = ["Zuid", "Noord"]\n')
    assert own.forum("tafel").participants.rotation_pool == ("Zuid", "Noord")


def test_closing_days_given_as_dates_take_the_policys_reason(
    starter_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = "[zeewolde-tafel]\nclosing_days = [2026-12-28]\n"
    model = load(variant(starter_file), tmp_path, monkeypatch, settings)
    assert model.forum("tafel").cadence.holidays.closing_days == (
        (date(2026, 12, 28), "gemeente gesloten"),
    )


def test_closing_days_do_not_make_an_assumed_rhythm_the_municipalitys(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Days off are not the rhythm: Helmond setting its closing days has not set when the
    round table meets, so describe still says the rhythm is assumed."""
    settings = tmp_path / "escalatie.toml"
    settings.write_text("[helmond]\nclosing_days = [2026-12-28]\n", encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_CONFIG", str(settings))
    code, out, _ = run("-m", "helmond-trajectregie", "describe", "--json")
    assert code == 0
    assert "seed gives no meeting rhythm" in json.loads(out)["forums"][0]["cadence"]["assumption"]
