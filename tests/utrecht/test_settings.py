"""The [utrecht] settings: defaults, validation with one-line errors, and the CLI edge."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from escalatie.cli import main
from escalatie.errors import EscalatieError
from escalatie.model import EscalationModel
from escalatie.plugins import Registry, make_plugin_manager
from escalatie_utrecht.settings import DEFAULT_ROTATION_POOL, UtrechtSettings, load, parse

ConfigWriter = Callable[[str], Path]


def test_defaults_without_a_settings_file() -> None:
    assert load() == UtrechtSettings()
    assert UtrechtSettings().first_date == date(2026, 1, 5)
    assert UtrechtSettings().process_support_address == "maatwerktafel@utrecht.example"
    assert UtrechtSettings().rotation_pool == DEFAULT_ROTATION_POOL


def test_the_settings_file_configures_the_models(write_config: ConfigWriter) -> None:
    write_config(
        "[utrecht]\n"
        "first_date = 2026-02-02\n"
        "good_friday = true\n"
        'closing_days = [2026-12-28, "2026-12-31"]\n'
        'process_support_address = "tafels@utrecht.example"\n'
        'rotation_pool = ["Aanbieder Noord", "Aanbieder Zuid"]\n'
    )
    reg = Registry(make_plugin_manager(env={}))
    forum = reg.model("utrecht-maatwerktafel").forum("maatwerktafel")
    monday, thursday = forum.cadence.series
    assert monday.runs_from == date(2026, 2, 2) and thursday.runs_from == date(2026, 2, 12)
    assert monday.first_meeting == date(2026, 2, 2) and thursday.first_meeting == date(2026, 2, 12)
    assert forum.cadence.holidays.good_friday
    assert [d for d, _ in forum.cadence.holidays.closing_days] == [
        date(2026, 12, 28),
        date(2026, 12, 31),
    ]
    assert forum.organiser.address == "tafels@utrecht.example"
    assert forum.participants.rotation_pool == ("Aanbieder Noord", "Aanbieder Zuid")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            {"first_date": "2026-01-06"},
            "first_date: expected a date on a Monday, got 2026-01-06 (a Tuesday)",
        ),
        ({"first_date": "5 januari"}, "first_date: expected a date as YYYY-MM-DD"),
        (
            {"citydeal_first_date": date(2026, 1, 17)},
            "citydeal_first_date: expected a date on a Monday to Friday",
        ),
        ({"good_friday": "ja"}, "good_friday: expected true or false"),
        ({"closing_days": "2026-12-28"}, 'closing_days: expected a list, got "2026-12-28"'),
        ({"closing_days": ["2026-12-28", 5]}, "closing_days[1]: expected a date as YYYY-MM-DD"),
        (
            {"process_support_address": "Lisa"},
            "process_support_address: expected a functional e-mail",
        ),
        ({"rotation_pool": []}, "rotation_pool: expected a non-empty list"),
        (
            {"rotation_pool": ["A", "A"]},
            "rotation_pool: expected organisation names without duplicates",
        ),
        (
            {"firstdate": "2026-01-05"},
            "firstdate: unknown setting (did you mean 'first_date'?); expected one of",
        ),
        (
            {"citydeal_rrule": "FREQ=WEEKLY;BYDAY=2WE"},
            "citydeal_rrule: 'FREQ=WEEKLY;BYDAY=2WE': BYDAY 2WE: a numbered weekday needs",
        ),
        (
            {"passend_alternatief_rrule": "FREQ=MONTHLY;BYDAY=2TU;UNTIL=20251231"},
            "passend_alternatief_rrule: FREQ=MONTHLY;BYDAY=2TU;UNTIL=20251231: yields no date "
            "within 10 years of runs_from 2026-01-13",
        ),
        ({"citydeal_rrule": 4}, "citydeal_rrule: expected text"),
    ],
)
def test_bad_values_are_one_line_errors_naming_the_key(
    table: dict[str, object], message: str
) -> None:
    with pytest.raises(EscalatieError) as err:
        parse(table)
    assert message in str(err.value)
    assert str(err.value).startswith("settings [utrecht] ")
    assert "\n" not in str(err.value)


def test_cli_reports_a_first_date_that_is_not_a_monday(
    write_config: ConfigWriter,
    escalatie_use_registry: Callable[[Registry | None], None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    escalatie_use_registry(None)
    write_config("[utrecht]\nfirst_date = 2026-01-07\n")
    with pytest.raises(SystemExit) as exit_info:
        main(["-m", "utrecht-maatwerktafel", "describe"])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.strip() == (
        "error: settings [utrecht] first_date: expected a date on a Monday, "
        "got 2026-01-07 (a Wednesday)"
    )


def test_an_rrule_replaces_an_assumed_rhythm(write_config: ConfigWriter) -> None:
    write_config('[utrecht]\ncitydeal_rrule = "FREQ=MONTHLY;BYDAY=2WE"\n')
    reg = Registry(make_plugin_manager(env={}))
    (overleg,) = reg.model("utrecht-citydeal").forum("citydeal").cadence.series
    assert overleg.rrule == "FREQ=MONTHLY;BYDAY=2WE"
    assert (overleg.start, overleg.end, overleg.first_meeting) == (
        time(14, 0),
        time(16, 0),
        date(2026, 1, 14),
    )
    (commissie,) = reg.model("utrecht-passend-alternatief").forums[0].cadence.series
    assert commissie.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"  # the default assumption


def test_each_model_file_declares_the_utrecht_table_with_the_class_defaults() -> None:
    """The four files share [utrecht]: each declares every key, with the defaults of
    UtrechtSettings (which checks what a declaration cannot say), so neither drifts."""
    import tomllib

    import attrs

    from escalatie_utrecht.plugin import model_files

    defaults = attrs.asdict(UtrechtSettings(), recurse=False)
    for path in model_files():
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert data["settings_table"] == "utrecht"
        declared = {k: v["default"] for k, v in data["settings"].items()}
        assert set(declared) == set(defaults), path.name
        for key, value in defaults.items():
            expected = list(value) if isinstance(value, tuple) else value
            assert declared[key] == expected, (path.name, key)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            {"first_date": "2026-01-06"},
            "settings [utrecht] first_date: expected a date on a Monday, got 2026-01-06",
        ),
        (
            {"citydeal_rrule": "FREQ=WEEKLY;BYDAY=2WE"},
            "settings [utrecht] citydeal_rrule: 'FREQ=WEEKLY;BYDAY=2WE': BYDAY 2WE",
        ),
        (
            {"firstdate": "2026-01-05"},
            "settings [utrecht] firstdate: unknown setting (did you mean 'first_date'?)",
        ),
        ({"rotation_pool": "Aanbieder"}, "settings [utrecht] rotation_pool: expected a list"),
        (
            {"knelpuntenzorg_address": "mailbox"},
            "settings [utrecht] knelpuntenzorg_address: expected a functional e-mail",
        ),
    ],
)
def test_a_bad_value_stops_every_utrecht_model_with_one_line(
    utrecht_model: Callable[..., object], table: dict[str, object], message: str
) -> None:
    for name in ("utrecht-maatwerktafel", "utrecht-knelpuntenzorg"):
        with pytest.raises(EscalatieError) as err:
            utrecht_model(name, **table)
        assert message in str(err.value) and "\n" not in str(err.value)


def test_the_assumed_rhythms_are_said_until_utrecht_sets_its_own(
    utrecht_model: Callable[..., EscalationModel],
) -> None:
    """Seed 001 gives no rhythm for the City Deal overleg or the Commission (its text has none),
    seed 000 stap 4 gives the maatwerktafel's: only the first two are marked as assumptions, and
    Utrecht's own closing days do not make a rhythm its own."""
    for name, forum in (
        ("utrecht-citydeal", "citydeal"),
        ("utrecht-passend-alternatief", "commissie-passend-alternatief"),
    ):
        assumed = utrecht_model(name, closing_days=["2026-12-28"]).forum(forum).cadence
        assert "seed gives no meeting rhythm" in assumed.assumption
    assert utrecht_model("utrecht-maatwerktafel").forums[0].cadence.assumption == ""
    own = utrecht_model("utrecht-citydeal", citydeal_rrule="FREQ=MONTHLY;BYDAY=2WE")
    assert own.forum("citydeal").cadence.assumption == ""
    cpa = utrecht_model("utrecht-passend-alternatief", passend_alternatief_first_date="2026-01-20")
    assert cpa.forums[0].cadence.assumption == ""


def test_a_bad_utrecht_table_fails_only_the_utrecht_models(
    write_config: ConfigWriter,
    escalatie_use_registry: Callable[[Registry | None], None],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``[utrecht]`` is the utrecht plugin's table: a Tuesday there must not stop
    ``-m helmond-trajectregie describe`` or a Dronten model file, which never read it (docs/model-files.md: "one broken file fails only the commands that use it")."""
    write_config("[utrecht]\nfirst_date = 2026-01-06\n")
    reg = Registry(make_plugin_manager(env={}))
    assert reg.model("helmond-trajectregie").name == "helmond-trajectregie"
    with pytest.raises(EscalatieError, match=r"^settings \[utrecht\] first_date: .*Monday"):
        reg.model("utrecht-maatwerktafel")
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> int:
        escalatie_use_registry(None)  # a fresh registry, as each run of the command has
        try:
            main(list(args))
        except SystemExit as exc:
            return int(exc.code or 0)
        return 0

    assert run("model", "new", "dronten-tafel", "-o", "dronten.toml") == 0
    for model in ("helmond-trajectregie", "./dronten.toml"):
        capsys.readouterr()
        assert run("-m", model, "describe") == 0
        assert "[utrecht]" not in capsys.readouterr().err
    assert run("-m", "utrecht-maatwerktafel", "describe") == 1


def test_a_registration_checks_a_sound_table_once_and_a_bad_one_at_every_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each Utrecht predicate's build checks ``[utrecht]`` (a model from the model cache builds
    its rules' tests again); once the table is found sound, the same registration's other
    builds do not check it again, and a fresh registration checks it anew."""
    from escalatie_utrecht import settings as utrecht_settings

    checks: list[None] = []
    real_load = utrecht_settings.load

    def counted(env: Any = None) -> UtrechtSettings:
        checks.append(None)
        return real_load(env)

    monkeypatch.setattr(utrecht_settings, "load", counted)
    reg = Registry(make_plugin_manager(env={}))
    assert reg.model("utrecht-maatwerktafel").name == "utrecht-maatwerktafel"
    assert reg.model("utrecht-knelpuntenzorg").name == "utrecht-knelpuntenzorg"
    assert len(checks) == 1
    Registry(make_plugin_manager(env={})).model("utrecht-maatwerktafel")  # from the model cache
    assert len(checks) == 2

    bad = tmp_path / "tuesday.toml"  # a new file: a settings file is read once per path
    bad.write_text("[utrecht]\nfirst_date = 2026-01-06\n", encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_CONFIG", str(bad))
    checks.clear()
    reg = Registry(make_plugin_manager(env={}))
    for name in ("utrecht-maatwerktafel", "utrecht-citydeal"):
        with pytest.raises(EscalatieError, match=r"^settings \[utrecht\] first_date: .*Monday"):
            reg.model(name)
    assert len(checks) >= 2  # every build of the registration checked it, and refused it
