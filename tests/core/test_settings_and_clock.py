"""The settings file and the CLI's moments: errors name the key or option and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from escalatie import settings
from escalatie.clock import parse_day, parse_moment
from escalatie.errors import EscalatieError


@pytest.fixture
def config(tmp_path: Path) -> Path:
    settings._load.cache_clear()
    path = tmp_path / "escalatie.toml"
    path.write_text('[demo]\nfirst_date = 2026-01-05T09:00:00\nname = "x"\n', encoding="utf-8")
    return path


def test_unknown_key_is_refused_with_the_closest_known_key(config: Path) -> None:
    env = {"ESCALATIE_CONFIG": str(config)}
    with pytest.raises(
        EscalatieError, match=r"settings \[demo\] name: unknown setting \(did you mean 'names'\?\)"
    ):
        settings.section("demo", env, known=["first_date", "names"])
    assert settings.section("demo", env, known=["first_date", "name"])["name"] == "x"


def test_bad_date_reads_as_toml_not_python(config: Path) -> None:
    table = settings.section("demo", {"ESCALATIE_CONFIG": str(config)})
    with pytest.raises(EscalatieError) as info:
        settings.get_date(table, "first_date", parse_day("2026-01-05", "x"), "demo")
    assert str(info.value) == (
        "settings [demo] first_date: expected a date as YYYY-MM-DD, got 2026-01-05T09:00:00"
    )


def test_an_explicit_settings_file_must_exist(tmp_path: Path) -> None:
    settings._load.cache_clear()
    missing = tmp_path / "nope.toml"
    with pytest.raises(EscalatieError, match="ESCALATIE_CONFIG: no settings file at"):
        settings.section("demo", {"ESCALATIE_CONFIG": str(missing)})


@pytest.mark.parametrize("text", ["9999-12-31T23:59+00:00", "0001-01-01T00:00", "1969-12-31"])
def test_moments_outside_the_supported_years_are_refused(text: str) -> None:
    with pytest.raises(EscalatieError, match=r"--at: expected a moment from 1970 to 2199"):
        parse_moment(text, "--at")


def test_day_range() -> None:
    with pytest.raises(EscalatieError, match=r"--to: expected a moment from 1970 to 2199"):
        parse_day("9999-12-31", "--to")
    assert parse_day("2199-12-31", "--to").year == 2199


def test_number_time_and_date_list_readers_name_the_key() -> None:
    from datetime import date, time

    table = {"n": True, "t": "25:00", "days": ["2026-05-05", 3], "ok": ["2026-05-06", "2026-05-05"]}
    with pytest.raises(
        EscalatieError, match=r"settings \[x\] n: expected a whole number of at least 1, got True"
    ):
        settings.get_int(table, "n", 1, "x", 1)
    with pytest.raises(
        EscalatieError, match=r"settings \[x\] t: expected a time as HH:MM, got '25:00'"
    ):
        settings.get_time(table, "t", time(9), "x")
    with pytest.raises(
        EscalatieError, match=r"settings \[x\] days\[1\]: expected a date as YYYY-MM-DD, got 3"
    ):
        settings.get_dates(table, "days", "x")
    assert settings.get_dates(table, "ok", "x") == (date(2026, 5, 5), date(2026, 5, 6))
