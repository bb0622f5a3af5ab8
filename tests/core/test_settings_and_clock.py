"""The settings file and the CLI's moments: errors name the key or option and what was expected."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import attrs
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
    @attrs.frozen
    class Demo:
        first_date: date = date(2026, 1, 5)

    with pytest.raises(EscalatieError) as info:
        settings.read("demo", Demo, {"ESCALATIE_CONFIG": str(config)})
    assert "settings [demo] first_date: expected a date as YYYY-MM-DD, got 2026-01-05T09:00:00" in (
        str(info.value)
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
    from escalatie.validation import FieldError

    def at_least_one(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
        if value < 1:
            raise FieldError(attribute.name, f"expected a whole number of at least 1, got {value}")

    @attrs.frozen
    class X:
        n: int = attrs.field(default=1, validator=at_least_one)
        t: time = time(9)
        days: tuple[date, ...] = ()

    with pytest.raises(settings.SettingsError) as info:
        settings.structure({"n": True, "t": "25:00", "days": ["2026-05-05", 3]}, X, "x")
    assert info.value.problems == [
        "settings [x] n: expected a whole number, got true",
        "settings [x] t: expected a time as HH:MM, got '25:00'",
        "settings [x] days[1]: expected a date as YYYY-MM-DD, got 3",
    ]
    with pytest.raises(
        settings.SettingsError,
        match=r"settings \[x\] n: expected a whole number of at least 1, got 0",
    ):
        settings.structure({"n": 0}, X, "x")
    read = settings.structure({"days": ["2026-05-06", date(2026, 5, 5)]}, X, "x")
    assert read.days == (date(2026, 5, 6), date(2026, 5, 5))


def test_an_empty_table_is_the_defaults_without_the_converter() -> None:
    """Start-up (issue 16): a table the settings file does not set is built as the class's
    defaults, the same object the converter gives, without importing cattrs; a class whose
    fields have no default still gets the converter's message."""
    import subprocess
    import sys

    from attrs import frozen

    from escalatie.settings import SettingsError, converter, structure
    from escalatie_utrecht.settings import UtrechtSettings

    assert structure({}, UtrechtSettings, "utrecht") == converter().structure({}, UtrechtSettings)

    @frozen
    class Required:
        first_date: str

    with pytest.raises(
        SettingsError, match=r"settings \[proef\] first_date: required field missing"
    ):
        structure({}, Required, "proef")
    code = (
        "import sys; from escalatie.settings import structure\n"
        "from escalatie_utrecht.settings import UtrechtSettings\n"
        "structure({}, UtrechtSettings, 'utrecht'); print('cattrs' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
