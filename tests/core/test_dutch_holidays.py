"""The Dutch holidays computed in escalatie.dutch_holidays are those of the holidays package."""

from __future__ import annotations

from datetime import date

import pytest

from escalatie.dutch_holidays import dutch_public_holidays
from escalatie.forum import HolidayPolicy
from escalatie.schedule import days_off


@pytest.mark.parametrize("year", range(1960, 2101))
def test_same_days_and_names_as_the_holidays_package(year: int) -> None:
    import holidays

    expected = dict(holidays.country_holidays("NL", years=year, language="nl"))
    assert dutch_public_holidays(year) == expected


def test_known_days_of_2026() -> None:
    days = dutch_public_holidays(2026)
    assert days[date(2026, 4, 27)] == "Koningsdag"
    assert days[date(2026, 5, 14)] == "Hemelvaartsdag"
    assert date(2026, 5, 5) not in days  # 5 May only in lustrum years
    assert dutch_public_holidays(2025)[date(2025, 5, 5)] == "Bevrijdingsdag"


def test_kings_day_on_a_sunday_moves_to_the_saturday_before() -> None:
    assert dutch_public_holidays(2025)[date(2025, 4, 26)] == "Koningsdag"  # 27 April: Sunday


def test_days_off_keep_good_friday_out_unless_the_policy_says_so() -> None:
    good_friday = date(2026, 4, 3)
    assert good_friday not in days_off(HolidayPolicy(), 2026)
    assert good_friday in days_off(HolidayPolicy(good_friday=True), 2026)
    assert days_off(HolidayPolicy(), 2026)[date(2026, 12, 25)] == "feestdag: Eerste kerstdag"


def test_triage_does_not_import_the_holidays_package() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from escalatie.schedule import days_off; from escalatie.forum import "
        "HolidayPolicy; days_off(HolidayPolicy(), 2026); print('holidays' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
