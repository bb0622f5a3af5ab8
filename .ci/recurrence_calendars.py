"""Write schedules of a synthetic forum whose series are RFC 5545 rules, for the parser check.

    python .ci/recurrence_calendars.py OUTDIR

One file per rule (monthly on the second Tuesday, every three weeks on Monday, the last
Thursday, the 15th), one with all four plus an extra date (RDATE) and an excluded date
(EXDATE), the same for May and June only, and one whose extra date comes before the rule's
first meeting in the range: `.ci/run` then has ical.js and icalendar + recurring-ical-events
read each.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

from attrs import evolve

from escalatie.calendar import schedule_calendar
from escalatie.clock import AMSTERDAM, fixed_clock
from escalatie.forum import MeetingSeries
from escalatie.testing.synthetic import synthetic_model

RULES = {
    "2tu": "FREQ=MONTHLY;BYDAY=2TU",
    "3-weekly": "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO",
    "last-th": "FREQ=MONTHLY;BYDAY=-1TH",
    "15th": "FREQ=MONTHLY;BYMONTHDAY=15",
}


def main(out: Path) -> None:
    clock = fixed_clock(datetime(2026, 1, 2, 9, 0, tzinfo=AMSTERDAM))
    for name, rule in RULES.items():
        model = synthetic_model(f"ci-{name}", series=(), rrules=(rule,))
        text = schedule_calendar(model, date(2026, 1, 1), date(2026, 12, 31), clock).text
        (out / f"rrule-{name}.ics").write_text(text, encoding="utf-8", newline="")
    model = synthetic_model("ci-rrules", series=(), rrules=tuple(RULES.values()))
    forum = model.forums[0]
    first, *rest = forum.cadence.series
    assert isinstance(first, MeetingSeries)
    # An extra table on Wednesday 24 June; none on Tuesday 13 October.
    first = evolve(first, dates=(date(2026, 6, 24),), excluded=(date(2026, 10, 13),))
    cadence = evolve(forum.cadence, series=(first, *rest))
    model = evolve(model, forums=(evolve(forum, cadence=cadence),))
    text = schedule_calendar(model, date(2026, 1, 1), date(2026, 12, 31), clock).text
    (out / "rrule-all.ics").write_text(text, encoding="utf-8", newline="")
    # A range from May: DTSTART is 12 May, the extra date of 24 June an RDATE; and the first
    # series with an extra date (5 May) before that DTSTART.
    text = schedule_calendar(model, date(2026, 5, 1), date(2026, 6, 30), clock).text
    (out / "rrule-may-june.ics").write_text(text, encoding="utf-8", newline="")
    early = evolve(first, dates=(date(2026, 5, 5),), excluded=())
    cadence = evolve(forum.cadence, series=(early,))
    model = evolve(model, forums=(evolve(forum, cadence=cadence),))
    text = schedule_calendar(model, date(2026, 5, 1), date(2026, 6, 30), clock).text
    (out / "rrule-rdate-first.ics").write_text(text, encoding="utf-8", newline="")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
