"""``compare`` in a terminal: per case, which model sends it where and when, in the window's width.

The full table has nineteen columns and runs to some 800 characters a row, which no terminal
shows. A reader at a terminal wants to see, case by case, where each model sends the case:
the route, its forum, the next meeting and the days until it, and whether the case is ready
to go there. Files and pipes keep every column (``escalatie.research.output``).

The view streams one case at a time (a case's rows arrive together), so it holds no more than
one case however many are compared. Column widths are fixed up front from the width of the
terminal, so the columns line up from the first case to the last; a cell too long for its
column ends in ``~``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import TextIO

from escalatie.research.compare import (
    NOTE_NO_FORUM,
    NOTE_NO_SLOT,
    NOTE_NONE,
    NOTE_ON_REQUEST,
    NOTE_ONWARD,
    CompareRow,
)
from escalatie.research.output import text_cell

MIN_WIDTH = 70
"""Narrower terminals get this width (lines may then wrap)."""

SHORT_NOTES = {
    NOTE_ON_REQUEST: "on request",
    NOTE_NO_FORUM: "contact point",
    NOTE_ONWARD: "onward route",
    NOTE_NONE: "-",
    NOTE_NO_SLOT: "none in 400 days",
}
"""What the view shows instead of a meeting, by the row's ``forum_note``."""

HEADER = ("model", "route", "next meeting", "days", "ready", "forum")
GAP = "  "
INDENT = "  "
FIXED = {"next meeting": 16, "days": 4, "ready": 5}
MODEL_WIDTH = (12, 27)
ROUTE_WIDTH = (10, 30)
FORUM_WIDTH = (10, 30)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "~"


def _widths(width: int, model_names: Sequence[str]) -> list[int]:
    """Column widths that fit ``width``: the fixed columns, then route before forum."""
    width = max(width, MIN_WIDTH) - 1  # some terminals wrap when the last column is filled
    longest = max((len(n) for n in model_names), default=MODEL_WIDTH[0])
    model = min(max(longest, MODEL_WIDTH[0]), MODEL_WIDTH[1])
    rest = width - len(INDENT) - len(GAP) * (len(HEADER) - 1) - sum(FIXED.values()) - model
    if rest < ROUTE_WIDTH[0] + FORUM_WIDTH[0]:  # too narrow: the model column gives way first
        model -= ROUTE_WIDTH[0] + FORUM_WIDTH[0] - rest
        rest = ROUTE_WIDTH[0] + FORUM_WIDTH[0]
    route = min(rest - FORUM_WIDTH[0], ROUTE_WIDTH[1])
    forum = min(rest - route, FORUM_WIDTH[1])
    return [model, route, *FIXED.values(), forum]


def _cells(row: CompareRow) -> list[str]:
    route = text_cell(row.route) if row.route is not None else "none"
    if row.next_meeting is not None:
        meeting = row.next_meeting[:16].replace("T", " ")  # local time, as the row holds it
    else:
        meeting = SHORT_NOTES.get(row.forum_note, text_cell(row.forum_note))
    days = "" if row.days_to_forum is None else str(row.days_to_forum)
    ready = ("yes" if row.ready else "no") if row.eligible else "-"
    forum = text_cell(row.forum) if row.forum is not None else "-"
    return [text_cell(row.model), route, meeting, days, ready, forum]


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    parts = [
        _fit(c, w).rjust(w) if name == "days" else _fit(c, w).ljust(w)
        for c, w, name in zip(cells, widths, HEADER, strict=True)
    ]
    return (INDENT + GAP.join(parts)).rstrip() + "\n"


def write_view(rows: Iterable[CompareRow], out: TextIO, width: int) -> int:
    """Write the rows as a view per case that fits ``width`` columns; return how many rows."""
    count = cases = 0
    widths: list[int] | None = None
    models: list[str] = []
    for reference, group in itertools.groupby(rows, key=lambda r: r.case):
        block = list(group)
        if widths is None:
            models = [r.model for r in block]
            widths = _widths(width, models)
            out.write(_line(HEADER, widths))
        out.write(_fit(f"case {text_cell(reference)}", max(width, MIN_WIDTH) - 1) + "\n")
        for row in block:
            out.write(_line(_cells(row), widths))
        count += len(block)
        cases += 1
    hint = (
        f"{cases} case(s) x {len(models)} model(s). Every column: --wide, "
        "--format csv|json|jsonl|parquet, or a pipe."
    )
    out.write(_fit(hint, max(width, MIN_WIDTH) - 1) + "\n")
    return count
