"""The three commands end to end on the test model: files, summaries, exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from escalatie.cli import cli, main
from escalatie.documents import dump_json
from escalatie.plugins import Registry

AT = "2026-03-01T10:00"


@pytest.fixture
def case_file(tmp_path: Path, make_case: Any) -> str:
    path = tmp_path / "casus.json"
    path.write_text(dump_json(make_case("casus-cli")), encoding="utf-8")
    return str(path)


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["-m", "test-tafel", *args])


def exit_code(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as stop:
        main(["-m", "test-tafel", *args])
    code = stop.value.code
    return (code if isinstance(code, int) else 0), capsys.readouterr().err


def test_schedule_to_a_file_with_a_summary(
    cli_registry: Registry, tmp_path: Path, ical: Any
) -> None:
    out = tmp_path / "tafel.ics"
    result = run(
        "schedule", "--from", "2026-01-01", "--to", "2026-12-31", "--at", AT, "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    text = out.read_bytes().decode()
    assert text.count("\r\n") == text.count("\n")
    assert len(ical.events(text)) == 2
    # every printed time carries its zone (new-user review: schedule printed none)
    assert "skipped 2026-12-28 09:15 CET (maandag): sluitingsdag: kerstsluiting" in result.stderr
    assert "UID maandag@tafel.test-tafel.escalatie" in result.stderr
    assert "maandag: 17 meetings, the first on 2026-01-05 09:15 CET, the last on 2026-12-" in (
        result.stderr
    )
    again = tmp_path / "again.ics"
    run("schedule", "--from", "2026-01-01", "--to", "2026-12-31", "--at", AT, "-o", str(again))
    assert again.read_bytes() == out.read_bytes()  # same clock, same file


def test_schedule_summary_of_one_meeting_reads_as_one(
    cli_registry: Registry, tmp_path: Path
) -> None:
    """New-user review 6: "1 meeting(s) 2026-01-05 09:15 CET to 2026-01-05 09:15 CET"."""
    out = tmp_path / "een.ics"
    result = run(
        "schedule", "--from", "2026-01-05", "--to", "2026-01-05", "--at", AT, "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    assert "maandag: 1 meeting, on 2026-01-05 09:15 CET, UID maandag@" in result.stderr


def test_schedule_json_summary(cli_registry: Registry, tmp_path: Path) -> None:
    result = run(
        "schedule",
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-31",
        "--at",
        AT,
        "--json",
        "-o",
        str(tmp_path / "x.ics"),
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["skipped"] == [
        {
            "series": "maandag",
            "start": "2026-12-28T09:15:00+01:00",
            "reason": "sluitingsdag: kerstsluiting",
        }
    ]
    assert [s["uid"] for s in data["series"]] == [
        "maandag@tafel.test-tafel.escalatie",
        "donderdag@tafel.test-tafel.escalatie",
    ]
    assert run("schedule", "--from", "2026-12-01", "--to", "2026-12-31", "--json").exit_code == 2


def test_schedule_bad_input(cli_registry: Registry, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = exit_code(capsys, "schedule", "--from", "2026-13-01", "--to", "2026-12-31")
    assert (code, err) == (
        1,
        "error: --from: no such date 2026-13-01: a year has months 01 to 12\n",
    )
    code, err = exit_code(capsys, "schedule", "--from", "2026-03-01", "--to", "2026-02-30")
    assert (code, err) == (1, "error: --to: no such date 2026-02-30: February 2026 has 28 days\n")
    code, err = exit_code(capsys, "schedule", "--from", "2026-02-01", "--to", "2026-01-01")
    assert code == 1 and err.startswith("error: --to: expected a date on or after --from")
    code, err = exit_code(capsys, "schedule", "--to", "2026-01-01")
    assert code == 2 and "--from" in err


def test_invite_then_cancel(
    cli_registry: Registry, tmp_path: Path, case_file: str, ical: Any
) -> None:
    request = tmp_path / "invite.ics"
    result = run("invite", "--slot", "2026-03-09T09:15", case_file, "--at", AT, "-o", str(request))
    assert result.exit_code == 0, result.output
    assert "REQUEST maandag@tafel.test-tafel.escalatie" in result.stderr
    assert "note: Wijkcentrum: no address in settings" in result.stderr
    cancel = tmp_path / "cancel.ics"
    result = run(
        "cancel",
        "--slot",
        "2026-03-09T09:15",
        case_file,
        "--at",
        AT,
        "--reason",
        "Te weinig casussen",
        "--json",
        "-o",
        str(cancel),
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["method"] == "CANCEL" and summary["sequence"] == 1
    assert summary["notice"]["late"] is False
    (req,), (can,) = ical.events(request.read_text()), ical.events(cancel.read_text())
    assert str(req["UID"]) == str(can["UID"])
    assert req["RECURRENCE-ID"].dt == can["RECURRENCE-ID"].dt


def test_cancel_late_refused_then_forced(
    cli_registry: Registry, tmp_path: Path, capsys: pytest.CaptureFixture[str], ical: Any
) -> None:
    out = tmp_path / "late.ics"
    args = ("cancel", "--slot", "2026-03-09T09:15", "--at", "2026-03-08T09:00", "-o", str(out))
    code, err = exit_code(capsys, *args)
    assert code == 1
    assert err.startswith("error: --at 2026-03-08T09:00: too late to cancel the tafel meeting")
    assert "seed 000, stap 4" in err and "--force" in err
    assert not out.exists()
    result = run(*args, "--force")
    assert result.exit_code == 0, result.output
    assert "warning: late cancellation sent with --force (deadline was 2026-03-07 09:15 CET)" in (
        result.stderr
    )
    (event,) = ical.events(out.read_text())
    assert "later weten dan de afgesproken twee dagen van tevoren" in str(event["DESCRIPTION"])


def test_invite_wrong_slot_names_the_nearest(
    cli_registry: Registry, case_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = exit_code(capsys, "invite", "--slot", "2026-03-10T09:15", case_file, "--at", AT)
    assert code == 1
    assert err == (
        "error: --slot 2026-03-10T09:15: not a meeting of tafel: no meeting series starts "
        "then; nearest meetings: 2026-03-09T09:15 (maandag), 2026-03-19T15:30 (donderdag)\n"
    )
    code, err = exit_code(capsys, "invite", "--slot", "next monday", "--at", AT)
    assert code == 1 and err.startswith("error: --slot: expected an ISO 8601 date")
    code, err = exit_code(capsys, "invite", case_file)
    assert code == 2 and "--slot" in err


def test_invite_refuses_a_dutch_slot_time(
    cli_registry: Registry, case_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """New-user review 6: ``--slot 2026-03-09T09.15`` was read as 09:00:00.15 and refused with
    a message naming 09:15 among the nearest meetings (the time the user meant)."""
    code, err = exit_code(capsys, "invite", "--slot", "2026-03-09T09.15", case_file, "--at", AT)
    assert (code, err) == (
        1,
        "error: --slot: expected an ISO 8601 date or date-time such as 2026-03-02T09:15, got "
        "'2026-03-09T09.15' (did you mean 2026-03-09T09:15?)\n",
    )


def test_help_lists_the_calendar_commands() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    for name in ("schedule", "invite", "cancel"):
        assert f"  {name} " in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("schedule", "--from", "2026-01-01", "--to", "9999-12-31"),
            "error: --to: expected a moment from 1970 to 2199, got '9999-12-31'",
        ),
        (
            ("schedule", "--from", "2026-01-01", "--to", "2036-01-01"),
            "error: --to: expected a date less than 10 years after --from 2026-01-01, got 2036-01-01; "
            "write longer periods as several files",
        ),
        (
            ("invite", "--slot", "9999-12-31T09:15"),
            "error: --slot: expected a moment from 1970 to 2199, got '9999-12-31T09:15'",
        ),
        (
            ("cancel", "--slot", "9999-12-31T09:15"),
            "error: --slot: expected a moment from 1970 to 2199, got '9999-12-31T09:15'",
        ),
        (
            ("invite", "--slot", "2026-03-09T09:15", "--at", "9999-01-01"),
            "error: --at: expected a moment from 1970 to 2199, got '9999-01-01'",
        ),
    ],
)
def test_dates_out_of_range_are_one_line(
    cli_registry: Registry, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    extra = () if "--at" in args else ("--at", AT)
    code, err = exit_code(capsys, *args, *extra)
    assert code == 1
    assert err == message + "\n"


def test_schedule_of_almost_ten_years_is_written(cli_registry: Registry, tmp_path: Path) -> None:
    result = run(
        "schedule",
        "--from",
        "2026-01-01",
        "--to",
        "2035-12-31",
        "--at",
        AT,
        "-o",
        str(tmp_path / "x.ics"),
    )
    assert result.exit_code == 0, result.output


def test_unknown_calendar_setting_is_refused(
    cli_registry: Registry, settings_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings_file.write_text('[calendar]\nattendee_domian = "x.example"\n')
    from escalatie import settings

    settings._load.cache_clear()
    code, err = exit_code(capsys, "invite", "--slot", "2026-03-09T09:15", "--at", AT)
    assert code == 1
    assert err.startswith(
        "error: settings [calendar] attendee_domian: unknown setting (did you mean 'attendee_domain'?)"
    )


def test_helmond_round_table_invites_with_a_configured_organiser(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    escalatie_use_registry: Any,
) -> None:
    """A model whose process support has no address in the model: the settings supply it."""
    from escalatie import settings
    from escalatie.plugins import default_registry

    escalatie_use_registry(None)
    if "helmond-trajectregie" not in default_registry().models:
        pytest.skip("the example models are not installed")
    example = next(iter(default_registry().examples.values()))
    case_path = tmp_path / "casus.json"
    case_path.write_text(dump_json(example.case), encoding="utf-8")
    config = tmp_path / "helmond.toml"
    config.write_text("")
    monkeypatch.setenv("ESCALATIE_CONFIG", str(config))
    settings._load.cache_clear()
    args = [
        "-m",
        "helmond-trajectregie",
        "invite",
        "--slot",
        "2026-03-11T09:00",
        str(case_path),
        "--at",
        AT,
    ]
    # Triage does not send this example case to the round table (rule
    # register.plan_follows_triage), which is checked first: the aanspreekpunt overrides,
    # which the audit log keeps.
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1 and "register.plan_follows_triage" in str(result.exception)
    override = ["--override", "--aanspreekpunt", "trajectregisseur", "--reason",
                "Trajectregisseur wil eerst aan tafel"]  # fmt: skip
    register = ["--db", str(tmp_path / "r.sqlite3"), "--actor", "tester"]
    with pytest.raises(SystemExit) as stop:
        main([*args, *override, *register])
    assert stop.value.code == 1
    assert '[calendar.organisers] "ronde-tafel"' in capsys.readouterr().err
    config.write_text('[calendar.organisers]\n"ronde-tafel" = "trajectregie@helmond.example"\n')
    settings._load.cache_clear()
    result = CliRunner().invoke(cli, [*args, *override, *register])
    assert result.exit_code == 0, result.output
    assert (
        "ORGANIZER;CN=" in result.stdout and "mailto:trajectregie@helmond.example" in result.stdout
    )
