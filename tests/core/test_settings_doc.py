"""One way to read settings: every table structures through the converter, and docs/settings.md
lists every key of every settings class."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import attrs
import pytest

from escalatie.calendar.attendees import CalendarSettings
from escalatie.calendar.mail import SmtpSettings
from escalatie.calendar.publish import CaldavSettings
from escalatie.deadlines import DeadlineSettings, ForumNormSettings
from escalatie.register.signals import ModelSignalSettings, SignalSettings
from escalatie.register.store import RegisterSettings
from escalatie.settings import EscalatieSettings, SettingsError, read, structure
from escalatie.zgw.settings import ZgwSettings

DOC = Path(__file__).resolve().parents[2] / "docs" / "settings.md"

CLASSES: list[tuple[str, type]] = [
    ("escalatie", EscalatieSettings),
    ("deadlines", DeadlineSettings),
    ("deadlines.forums.FORUM", ForumNormSettings),
    ("register", RegisterSettings),
    ("signals", SignalSettings),
    ("signals.MODEL", ModelSignalSettings),
    ("zgw", ZgwSettings),
    ("calendar", CalendarSettings),
    ("calendar.smtp", SmtpSettings),
    ("calendar.caldav", CaldavSettings),
]
try:
    from escalatie_utrecht.settings import UtrechtSettings

    CLASSES.append(("utrecht", UtrechtSettings))
except ImportError:  # the Utrecht plugin is optional
    pass


def documented() -> set[tuple[str, str]]:
    rows = re.findall(r"^\| `\[([^\]]+)\]` \| (.+?) \|", DOC.read_text(encoding="utf-8"), re.M)
    return {(table, key) for table, keys in rows for key in re.findall(r"`(\w+)`", keys)}


@pytest.mark.parametrize(("table", "cls"), CLASSES, ids=[t for t, _ in CLASSES])
def test_every_setting_is_in_the_one_table(table: str, cls: type) -> None:
    # ``from`` cannot be a field's name: SmtpSettings reads it as ``sender``.
    keys = {(table, "from" if f.name == "sender" else f.name) for f in attrs.fields(cls)}
    assert keys - documented() == set(), f"docs/settings.md lacks these [{table}] settings"


def test_problems_name_their_path_every_one_at_once() -> None:
    with pytest.raises(SettingsError) as err:
        structure(
            {"servicnorm": 10, "forums": {"tafel": {"doorlooptijd": True}, "raad": 3}},
            DeadlineSettings,
            "deadlines",
        )
    assert err.value.problems == [  # a misspelt key's hint first, as in model files
        "settings [deadlines] servicnorm: unknown setting (did you mean 'servicenorm'?); "
        "expected one of doorlooptijd, forums, servicenorm, working_days",
        "settings [deadlines.forums.tafel] doorlooptijd: expected a whole number, got true",
        "settings [deadlines.forums] raad: expected a table, got 3",
    ]


def test_read_gives_the_class_defaults_without_a_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "escalatie.toml"
    settings.write_text("[escalatie]\nmodel_path = ['~/modellen']\n", encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_CONFIG", str(settings))
    assert read("deadlines", DeadlineSettings) == DeadlineSettings()
    assert read("escalatie", EscalatieSettings).model_path == ("~/modellen",)


def test_toml_dates_and_text_dates_both_read() -> None:
    @attrs.frozen
    class Days:
        first: date = date(2026, 1, 5)
        closing: tuple[date, ...] = ()

    got = structure({"first": date(2026, 2, 2), "closing": ["2026-12-28"]}, Days, "demo")
    assert got == Days(date(2026, 2, 2), (date(2026, 12, 28),))
    with pytest.raises(SettingsError, match=r"^settings \[demo\] first: expected a date"):
        structure({"first": "volgende week"}, Days, "demo")
