"""A recurrence rule in a shape that words can say (:func:`escalatie.recurrence.pattern`), for
:class:`~escalatie.recurrence.Wording`.

A module of its own so that a command that expands rules without wording them (triage) does
not define :class:`Pattern`: an attrs class costs about 1.2 M instructions to define, even with
its generated code cached (issue 16, docs/benchmarks.md). ``escalatie.recurrence.Pattern``
still names it.
"""

from __future__ import annotations

from datetime import date

from attrs import frozen


@frozen
class Pattern:
    """A rule in a shape that words can say (both languages render the same shapes).

    ``kind`` is ``daily``, ``weekly`` (``weekdays``), ``monthly_weekday`` (``positions``:
    ordinal and weekday, such as the second Tuesday) or ``monthly_day`` (``monthdays``; -1 is
    the last day).
    """

    kind: str
    interval: int
    weekdays: tuple[int, ...] = ()
    positions: tuple[tuple[int, int], ...] = ()
    monthdays: tuple[int, ...] = ()
    count: int | None = None
    until: date | None = None
