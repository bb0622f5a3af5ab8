"""Meeting series as RFC 5545 rules: checked at construction, expanded with dateutil, in words."""

from __future__ import annotations

import itertools
import warnings
from datetime import date, datetime, time, timedelta

import pytest
from dateutil.rrule import rrulestr

from escalatie import dutch, english
from escalatie.clock import AMSTERDAM
from escalatie.errors import EscalatieError
from escalatie.forum import Cadence, CadenceError, HolidayPolicy, MeetingSeries, weekly_rule
from escalatie.recurrence import parse
from escalatie.schedule import EXCLUDED_REASON, next_slot, skipped_slots, slots

JAN_1 = date(2026, 1, 1)


def series(rule: str, **kwargs: object) -> MeetingSeries:
    values: dict[str, object] = {"start": time(9, 0), "minutes": 90, "runs_from": JAN_1}
    values.update(kwargs)
    return MeetingSeries("tafel", rule, **values)  # type: ignore[arg-type]


def dates_of(s: MeetingSeries, year: int = 2026) -> list[date]:
    return s.occurrences(date(year, 1, 1), date(year + 1, 1, 1))


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20261231", "COUNT and UNTIL cannot both be given"),
        ("FREQ=WEEKLY;BYDAY=2TU", "BYDAY 2TU: a numbered weekday needs FREQ=MONTHLY or"),
        ("FREQ=DAILY;BYDAY=-1FR", "a numbered weekday needs FREQ=MONTHLY or FREQ=YEARLY"),
        ("FREQ=YEARLY;BYWEEKNO=10;BYDAY=1MO", "a numbered weekday cannot go with BYWEEKNO"),
        ("FREQ=WEEKLY;BYMONTHDAY=15", "BYMONTHDAY cannot go with FREQ=WEEKLY"),
        ("FREQ=MONTHLY;BYYEARDAY=100", "BYYEARDAY needs FREQ=YEARLY"),
        ("FREQ=DAILY;BYYEARDAY=100", "BYYEARDAY needs FREQ=YEARLY"),
        ("FREQ=MONTHLY;BYWEEKNO=10", "BYWEEKNO needs FREQ=YEARLY"),
        ("FREQ=MONTHLY;BYSETPOS=1", "BYSETPOS needs another BY part"),
        ("FREQ=HOURLY", "FREQ: expected one of DAILY, WEEKLY, MONTHLY, YEARLY (a forum meets"),
        ("FREQ=MINUTELY;INTERVAL=30", "a forum meets at most daily"),
        ("FREQ=FORTNIGHTLY", "FREQ: expected one of DAILY, WEEKLY, MONTHLY, YEARLY, got"),
        ("BYDAY=MO", "FREQ is required"),
        ("FREQ=WEEKLY;BYDAY=MO;COLOUR=RED", "unknown part COLOUR; expected one of FREQ,"),
        ("FREQ=WEEKLY;BYHOUR=9", "BYHOUR: not allowed; the time of day is the series' start"),
        ("FREQ=WEEKLY;DTSTART=20260105", "DTSTART cannot be part of the rule"),
        ("DTSTART:20260105T090000\nRRULE:FREQ=WEEKLY", "without the 'RRULE:' prefix or DTSTART"),
        ("RRULE:FREQ=WEEKLY", "without the 'RRULE:' prefix"),
        ("FREQ=WEEKLY;BYDAY=MO;BYDAY=TU", "BYDAY appears twice"),
        ("FREQ=WEEKLY;BYDAY=XX", "BYDAY: expected weekdays such as MO or 2TU"),
        ("FREQ=MONTHLY;BYDAY=6TU", "BYDAY 6TU: expected a number from 1 to 5"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY: expected 1 to 31 or -31 to -1, got 32"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH: expected 1 to 12, got 13"),
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL: expected 1 to 999, got 0"),
        ("FREQ=WEEKLY;INTERVAL=two", "INTERVAL: expected whole numbers"),
        ("FREQ=WEEKLY;WKST=XY", "WKST: expected one of MO, TU"),
        ("FREQ=WEEKLY;UNTIL=20261231T000000Z", "UNTIL: expected a date as YYYYMMDD"),
        ("FREQ=WEEKLY;UNTIL=20260231", "UNTIL: expected a real date"),
        ("FREQ=WEEKLY;", "expected NAME=VALUE parts separated by ';'"),
        ("", "expected an RRULE value such as FREQ=MONTHLY;BYDAY=2TU"),
        # Rules that yield nothing on or after runs_from (1 January 2026):
        ("FREQ=WEEKLY;UNTIL=20251231", "yields no date within 10 years of runs_from"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "no date within 10 years of runs_from 2026-01-01"),
    ],
)
def test_a_bad_rule_is_one_line_naming_the_series(rule: str, expected: str) -> None:
    with pytest.raises(CadenceError) as info:
        series(rule)
    message = str(info.value)
    assert message.startswith("series tafel: rrule ") and expected in message
    assert "\n" not in message
    assert isinstance(info.value, EscalatieError)


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=WEEKLY;COUNT=3;UNTIL=20261231",
        "FREQ=WEEKLY;BYDAY=2TU",
        "FREQ=WEEKLY;BYMONTHDAY=15",
        "FREQ=MONTHLY;BYYEARDAY=100",
        "FREQ=MONTHLY;BYWEEKNO=10",
        "FREQ=HOURLY",
    ],
)
def test_dateutil_alone_would_accept_what_rfc_5545_forbids(rule: str) -> None:
    """Why the RFC check exists: dateutil expands these without complaint."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rrulestr(rule, dtstart=datetime(2026, 1, 1))
    with pytest.raises(CadenceError):
        series(rule)


def test_key_and_rule_must_be_text() -> None:
    with pytest.raises(CadenceError, match=r"^series tafel: rrule: expected text such as"):
        series(["FREQ=WEEKLY"])  # type: ignore[arg-type]
    with pytest.raises(CadenceError, match=r"^series: key: expected a non-empty name, got ''"):
        MeetingSeries("", "FREQ=WEEKLY", time(9), 60, JAN_1)


def test_the_rule_is_kept_in_upper_case_without_spaces() -> None:
    assert series("freq=monthly; byday=2tu").rrule == "FREQ=MONTHLY;BYDAY=2TU"


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"minutes": 0}, "series tafel: minutes: expected 1 to 899 (the meeting starts at 09:00"),
        ({"minutes": 900}, "minutes: expected 1 to 899"),
        ({"minutes": 1.5}, "minutes: expected 1 to 899"),
        ({"start": "09:00"}, "series tafel: start: expected a time of day"),
        ({"runs_from": "2026-01-01"}, "series tafel: runs_from: expected a date"),
        (
            {"dates": (date(2026, 3, 4), date(2026, 3, 2))},
            "series tafel: dates: expected dates in order without duplicates, got 2026-03-04, "
            "2026-03-02",
        ),
        ({"dates": (date(2026, 3, 4), date(2026, 3, 4))}, "dates: expected dates in order"),
        ({"excluded": (date(2026, 3, 10), date(2026, 3, 10))}, "excluded: expected dates in"),
        ({"dates": ("2026-03-04",)}, "series tafel: dates: expected dates, got"),
        ({"dates": (date(2026, 3, 10),)}, "dates: 2026-03-10 is already a date of the rule"),
        ({"dates": (date(2026, 1, 2),)}, "dates: expected extra dates after the first meeting"),
        ({"excluded": (date(2026, 3, 11),)}, "excluded: expected dates the rule yields, got 2026"),
    ],
)
def test_bad_series_fields_are_one_line(kwargs: dict[str, object], expected: str) -> None:
    with pytest.raises(CadenceError) as info:
        series("FREQ=MONTHLY;BYDAY=2TU", **kwargs)
    assert expected in str(info.value) and "\n" not in str(info.value)


def test_end_is_start_plus_minutes() -> None:
    s = series("FREQ=MONTHLY;BYDAY=2TU", start=time(15, 30), minutes=90)
    assert s.end == time(17, 0)
    assert s.ends_on(date(2026, 3, 10)) == datetime(2026, 3, 10, 17, 0, tzinfo=AMSTERDAM)


SECOND_TUESDAYS = [date(2026, m, d) for m, d in [(1, 13), (2, 10), (3, 10), (4, 14), (5, 12),
                   (6, 9), (7, 14), (8, 11), (9, 8), (10, 13), (11, 10), (12, 8)]]  # fmt: skip
LAST_THURSDAYS = [date(2026, m, d) for m, d in [(1, 29), (2, 26), (3, 26), (4, 30), (5, 28),
                  (6, 25), (7, 30), (8, 27), (9, 24), (10, 29), (11, 26), (12, 31)]]  # fmt: skip


def test_monthly_rules_expand_to_the_calendar_dates() -> None:
    assert dates_of(series("FREQ=MONTHLY;BYDAY=2TU")) == SECOND_TUESDAYS
    assert dates_of(series("FREQ=MONTHLY;BYDAY=-1TH")) == LAST_THURSDAYS
    assert dates_of(series("FREQ=MONTHLY;BYMONTHDAY=15")) == [
        date(2026, m, 15) for m in range(1, 13)
    ]


def test_the_first_meeting_is_the_first_date_on_or_after_runs_from() -> None:
    assert series("FREQ=MONTHLY;BYDAY=2TU", runs_from=date(2026, 3, 10)).first_meeting == date(
        2026, 3, 10
    )
    assert series("FREQ=MONTHLY;BYDAY=2TU", runs_from=date(2026, 3, 11)).first_meeting == date(
        2026, 4, 14
    )
    # INTERVAL counts periods from the one holding runs_from (as dateutil and RFC 5545 do):
    # from Wednesday 7 January, the Monday of that week is past, so the next is three weeks on.
    three = series("FREQ=WEEKLY;INTERVAL=3;BYDAY=MO", runs_from=date(2026, 1, 7))
    assert three.first_meeting == date(2026, 1, 26)
    assert dates_of(three)[:3] == [date(2026, 1, 26), date(2026, 2, 16), date(2026, 3, 9)]


def test_count_and_until_end_the_series() -> None:
    assert dates_of(series("FREQ=MONTHLY;BYDAY=2TU;COUNT=3")) == SECOND_TUESDAYS[:3]
    assert dates_of(series("FREQ=MONTHLY;BYDAY=2TU;UNTIL=20260310")) == SECOND_TUESDAYS[:3]


def test_extra_dates_and_exclusions() -> None:
    s = series("FREQ=MONTHLY;BYDAY=2TU", dates=(date(2026, 6, 24),), excluded=(date(2026, 7, 14),))
    cadence = Cadence(series=(s,), holidays=HolidayPolicy())
    since = datetime(2026, 6, 1, tzinfo=AMSTERDAM)
    until = datetime(2026, 8, 1, tzinfo=AMSTERDAM)
    assert [x.start.date() for x in slots(cadence, since, until)] == [
        date(2026, 6, 9),
        date(2026, 6, 24),
    ]
    (gone,) = skipped_slots(cadence, since, until)
    assert gone.start.date() == date(2026, 7, 14) and gone.reason == EXCLUDED_REASON


def test_holidays_are_skipped_with_their_reason() -> None:
    cadence = Cadence(series=(series("FREQ=MONTHLY;BYMONTHDAY=25"),), holidays=HolidayPolicy())
    since = datetime(2026, 12, 1, tzinfo=AMSTERDAM)
    (gone,) = skipped_slots(cadence, since, since + timedelta(days=31))
    assert gone.start.date() == date(2026, 12, 25) and gone.reason.startswith("feestdag: ")
    after = next_slot(cadence, datetime(2026, 12, 1, 10, 0, tzinfo=AMSTERDAM))
    assert after is not None and after.start == datetime(2027, 1, 25, 9, 0, tzinfo=AMSTERDAM)


def test_next_slot_walks_any_rhythm() -> None:
    monthly = series("FREQ=MONTHLY;BYDAY=2TU", excluded=(date(2026, 4, 14),))
    last = series("FREQ=MONTHLY;BYDAY=-1TH", start=time(14, 0))
    cadence = Cadence(series=(monthly, last))
    at = datetime(2026, 3, 10, 9, 0, tzinfo=AMSTERDAM)
    found = next_slot(cadence, at)
    assert found is not None and (found.series, found.start) == ("tafel", at)
    found = next_slot(cadence, at + timedelta(minutes=1))
    assert found is not None and found.start == datetime(2026, 3, 26, 14, 0, tzinfo=AMSTERDAM)
    found = next_slot(cadence, datetime(2026, 4, 1, tzinfo=AMSTERDAM))  # 14 April is excluded
    assert found is not None and found.start == datetime(2026, 4, 30, 14, 0, tzinfo=AMSTERDAM)
    ended = Cadence(series=(series("FREQ=MONTHLY;BYDAY=2TU;COUNT=2"),))
    assert next_slot(ended, datetime(2026, 3, 1, tzinfo=AMSTERDAM)) is None


def test_every_builds_a_weekly_rule_without_a_default_interval() -> None:
    weekly = Cadence.every("w", date(2026, 1, 7), time(9), time(12), 1, HolidayPolicy(), None)
    (s,) = weekly.series
    assert (s.rrule, s.minutes, s.runs_from, s.first_meeting) == (
        "FREQ=WEEKLY;BYDAY=WE",
        180,
        date(2026, 1, 7),
        date(2026, 1, 7),
    )
    three = Cadence.every("m", date(2026, 1, 5), time(9), time(10), 3, HolidayPolicy(), None)
    assert three.series[0].rrule == "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO"
    assert weekly_rule(3, 2) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"
    with pytest.raises(CadenceError, match="series w: every_weeks: expected a whole number"):
        Cadence.every("w", date(2026, 1, 7), time(9), time(12), 0, HolidayPolicy(), None)
    with pytest.raises(CadenceError, match="series w: end 09:00:00 must be after start"):
        Cadence.every("w", date(2026, 1, 7), time(9), time(9), 1, HolidayPolicy(), None)


WORDS = [
    ("FREQ=MONTHLY;BYDAY=2TU", "on the second Tuesday of every month", "elke tweede dinsdag van de maand"),
    ("FREQ=WEEKLY;INTERVAL=3;BYDAY=MO", "every three weeks on Monday", "elke drie weken op maandag"),
    ("FREQ=WEEKLY;BYDAY=WE", "every week on Wednesday", "elke week op woensdag"),
    ("FREQ=MONTHLY;BYMONTHDAY=15", "on the 15th of every month", "elke 15e van de maand"),
    (
        "FREQ=MONTHLY;BYDAY=-1TH",
        "on the last Thursday of every month",
        "elke laatste donderdag van de maand",
    ),
    (
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
        "every two weeks on Monday and Thursday",
        "elke twee weken op maandag en donderdag",
    ),
    (
        "FREQ=MONTHLY;BYDAY=1TU,3TU",
        "on the first and third Tuesday of every month",
        "elke eerste en derde dinsdag van de maand",
    ),
    (
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU",
        "every two months, on the second Tuesday of the month",
        "elke twee maanden op de tweede dinsdag van de maand",
    ),
    ("FREQ=MONTHLY;BYMONTHDAY=-1", "on the last day of every month", "elke laatste dag van de maand"),
    ("FREQ=MONTHLY;BYMONTHDAY=1,22", "on the 1st and 22nd of every month", "elke 1e en 22e van de maand"),
    ("FREQ=WEEKLY", "every week on Thursday", "elke week op donderdag"),  # runs_from's weekday
    ("FREQ=DAILY;INTERVAL=2", "every two days", "elke twee dagen"),
    (
        "FREQ=MONTHLY;BYDAY=2TU;UNTIL=20261231",
        "on the second Tuesday of every month, until 31 December 2026",
        "elke tweede dinsdag van de maand, tot en met 31 december 2026",
    ),
    (
        "FREQ=MONTHLY;BYDAY=2TU;COUNT=6",
        "on the second Tuesday of every month, 6 times in all",
        "elke tweede dinsdag van de maand, 6 keer in totaal",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "en", "nl"), WORDS)
def test_the_rhythm_in_words(rule: str, en: str, nl: str) -> None:
    assert english.recurrence(parse(rule), JAN_1) == en
    assert dutch.recurrence(parse(rule), JAN_1) == nl


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=YEARLY;BYMONTH=3;BYDAY=2TU",
        "FREQ=MONTHLY;BYDAY=TU,TH;BYSETPOS=-1",
        "FREQ=MONTHLY;BYDAY=TU",
        "FREQ=MONTHLY;BYDAY=-3FR",
        "FREQ=WEEKLY;BYDAY=MO;WKST=SU",
    ],
)
def test_rules_beyond_the_words_are_quoted(rule: str) -> None:
    assert english.recurrence(parse(rule), JAN_1) == f"following the recurrence rule {rule}"
    assert dutch.recurrence(parse(rule), JAN_1) == f"volgens de herhaalregel {rule}"


@pytest.mark.parametrize("weeks", range(1, 15))
def test_never_every_1_weeks(weeks: int) -> None:
    rule = parse(weekly_rule(0, weeks))
    en, nl = english.recurrence(rule, JAN_1), dutch.recurrence(rule, JAN_1)
    assert " 1 " not in en and "om de" not in nl and " 1 " not in nl
    assert (en == "every week on Monday") == (weeks == 1)
    assert (nl == "elke week op maandag") == (weeks == 1)


def test_expansion_runs_on_across_its_blocks() -> None:
    """Dates are expanded in blocks of years (escalatie.recurrence.SPAN_YEARS); 2032 starts one."""
    s = series("FREQ=MONTHLY;BYDAY=2TU")
    assert list(itertools.islice(s.upcoming(date(2031, 12, 1)), 3)) == [
        date(2031, 12, 9),
        date(2032, 1, 13),
        date(2032, 2, 10),
    ]
    assert s.occurrences(date(2031, 12, 1), date(2032, 2, 1)) == [
        date(2031, 12, 9),
        date(2032, 1, 13),
    ]
    cadence = Cadence(series=(s,))
    found = next_slot(cadence, datetime(2031, 12, 10, tzinfo=AMSTERDAM))
    assert found is not None and found.start == datetime(2032, 1, 13, 9, 0, tzinfo=AMSTERDAM)
    assert list(series("FREQ=MONTHLY;BYDAY=2TU;COUNT=2").upcoming(JAN_1)) == SECOND_TUESDAYS[:2]
