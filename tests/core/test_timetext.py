"""Times, dates and date-times written as text are read strictly (new-user review, session 6):
``fromisoformat`` read ``14.30`` as 14:00:00.3, ``14`` and ``1400`` as 14:00, and ``20260302``
as a date, so a Dutch ``14.30`` passed every check and the invitation said 14:00."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import attrs
import pytest

from escalatie import settings
from escalatie.clock import AMSTERDAM, parse_day, parse_moment
from escalatie.documents import structure
from escalatie.errors import EscalatieError
from escalatie.timetext import TimeTextError, read_date, read_moment, read_time


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("14.30", " (did you mean 14:30?)"),
        ("9.30", " (did you mean 09:30?)"),
        ("9:30", " (did you mean 09:30?)"),
        ("14", ""),
        ("1400", ""),
        ("14:30:00.5", ""),
        ("14:30:00", ""),
        ("14:30+01:00", ""),
        ("25:00", ""),
        ("14h30", ""),
        ("", ""),
    ],
)
def test_a_time_is_hh_mm_and_nothing_else(text: str, hint: str) -> None:
    with pytest.raises(TimeTextError) as info:
        read_time(text)
    assert str(info.value) == f"expected a time as HH:MM, got {text!r}{hint}"


def test_a_time_as_hh_mm_is_read() -> None:
    assert read_time("14:30") == time(14, 30)
    assert read_time("00:00") == time(0, 0)


@pytest.mark.parametrize("text", ["20260302", "2026-W10-1", "2026-3-2", "2026-03-02T10:00"])
def test_a_date_is_yyyy_mm_dd(text: str) -> None:
    with pytest.raises(TimeTextError, match="expected a date as YYYY-MM-DD"):
        read_date(text)
    assert read_date("2026-03-02") == date(2026, 3, 2)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("2026-03-02T10.30", " (did you mean 2026-03-02T10:30?)"),
        ("2026-03-02 9.30", " (did you mean 2026-03-02 09:30?)"),
        ("2026-03-02T10.30+01:00", " (did you mean 2026-03-02T10:30+01:00?)"),
        ("2026-03-02T10", ""),
        ("2026-03-02T1030", ""),
        ("20260302T10:30", ""),
        ("2026-W10-1T10:30", ""),
        ("2026-03-02T10:30+0100", ""),
    ],
)
def test_a_date_time_has_hh_mm(text: str, hint: str) -> None:
    with pytest.raises(TimeTextError) as info:
        read_moment(text)
    assert str(info.value) == (
        f"expected an ISO 8601 date or date-time such as 2026-03-02T09:15, got {text!r}{hint}"
    )


def test_the_forms_a_date_time_may_take() -> None:
    assert read_moment("2026-03-02") == datetime(2026, 3, 2)
    assert read_moment("2026-03-02T10:30") == datetime(2026, 3, 2, 10, 30)
    assert read_moment("2026-03-02 10:30:15") == datetime(2026, 3, 2, 10, 30, 15)
    assert read_moment("2026-03-02T10:30:15.123456+01:00") == datetime(
        2026, 3, 2, 10, 30, 15, 123456, timezone(timedelta(hours=1))
    )
    assert read_moment("2026-03-02T09:30Z") == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def test_cli_options_name_themselves_and_suggest_the_colon() -> None:
    with pytest.raises(EscalatieError) as info:
        parse_moment("2026-03-02T10.30", "--at")
    assert str(info.value) == (
        "--at: expected an ISO 8601 date or date-time such as 2026-03-02T09:15, "
        "got '2026-03-02T10.30' (did you mean 2026-03-02T10:30?)"
    )
    assert parse_moment("2026-03-02T10:30", "--at") == datetime(
        2026, 3, 2, 10, 30, tzinfo=AMSTERDAM
    )
    assert parse_moment("2026-03-02", "--at") == datetime(2026, 3, 2, tzinfo=AMSTERDAM)
    with pytest.raises(
        EscalatieError, match=r"^--from: expected a date as YYYY-MM-DD, got '20260302'$"
    ):
        parse_day("20260302", "--from")


def test_settings_refuse_a_dutch_time() -> None:
    @attrs.frozen
    class X:
        t: time = time(9)

    with pytest.raises(settings.SettingsError) as info:
        settings.structure({"t": "14.30"}, X, "x")
    assert info.value.problems == [
        "settings [x] t: expected a time as HH:MM, got '14.30' (did you mean 14:30?)"
    ]
    assert settings.structure({"t": "14:30"}, X, "x").t == time(14, 30)


def test_case_documents_read_date_times_through_the_same_reader() -> None:
    @attrs.frozen
    class Doc:
        at: datetime

    with pytest.raises(EscalatieError) as info:
        structure({"at": "2026-03-02T10.30+01:00"}, Doc)
    assert "did you mean 2026-03-02T10:30+01:00?" in str(info.value)
    doc = structure({"at": "2026-03-02T10:30:00+01:00"}, Doc)
    assert doc.at == datetime(2026, 3, 2, 10, 30, tzinfo=timezone(timedelta(hours=1)))


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("02-03-2026", " (did you mean 2026-03-02?)"),
        ("2-3-2026", " (did you mean 2026-03-02?)"),
        ("02/03/2026T10:00", " (did you mean 2026-03-02T10:00?)"),
        ("2.3.2026 10.30", " (did you mean 2026-03-02 10:30?)"),
        ("31-02-2026", ""),  # no such day
        ("02-03-2026T25:00", ""),  # no such hour
        ("02-03/2026", ""),  # two different separators: not a date the Dutch way
    ],
)
def test_a_date_written_day_first_gets_the_iso_form_as_a_hint(text: str, hint: str) -> None:
    """New-user review: ``--at 02-03-2026`` was refused without a word of what was meant, where
    ``T10.00`` got "did you mean"."""
    with pytest.raises(EscalatieError) as info:
        parse_moment(text, "--at")
    assert str(info.value) == (
        f"--at: expected an ISO 8601 date or date-time such as 2026-03-02T09:15, got {text!r}{hint}"
    )
    if "T" not in text and " " not in text:
        with pytest.raises(EscalatieError) as info:
            parse_day(text, "--from")
        assert str(info.value).endswith(f"got {text!r}{hint}"), info.value


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2026-02-30", "no such date 2026-02-30: February 2026 has 28 days"),
        ("2024-02-30", "no such date 2024-02-30: February 2024 has 29 days"),
        ("2026-03-32T10:00", "no such date 2026-03-32: March 2026 has 31 days"),
        ("2026-04-31T10:00+02:00", "no such date 2026-04-31: April 2026 has 30 days"),
        ("2026-03-00", "no such date 2026-03-00: March 2026 has 31 days"),
        ("2026-13-01", "no such date 2026-13-01: a year has months 01 to 12"),
        ("2026-03-02T24:00", "no such time 24:00: hours run 00 to 23, minutes 00 to 59"),
        ("2026-03-02 10:60", "no such time 10:60: hours run 00 to 23, minutes 00 to 59"),
        ("2026-03-02T10:00:61", "no such time 10:00:61: seconds run 00 to 59"),
    ],
)
def test_a_well_formed_moment_that_does_not_exist_says_why(text: str, why: str) -> None:
    """A moment of the right form whose day or time does not exist (``--at
    2026-03-32T10:00``) is refused saying why, not with the expected form and a "did you
    mean" that repeats the input."""
    with pytest.raises(EscalatieError) as info:
        parse_moment(text, "--at")
    assert str(info.value) == f"--at: {why}"
    if len(text) == 10:
        with pytest.raises(EscalatieError) as info:
            parse_day(text, "--due")
        assert str(info.value) == f"--due: {why}"


@pytest.mark.parametrize("text", ["2026-03-32T9.30", "2026-02-30 10.30", "2026-03-32T10:00"])
def test_a_hint_is_never_the_input_nor_an_impossible_moment(text: str) -> None:
    with pytest.raises(EscalatieError) as info:
        parse_moment(text, "--at")
    assert "did you mean" not in str(info.value)
