"""A meeting a forum's holiday policy takes out (:class:`SkippedSlot`), for the calendar.

A module of its own so that a command that asks only for a forum's next meeting (triage) does
not define the class: an attrs class costs about 1.2 M instructions to define, even with its
generated code cached (issue 16, docs/benchmarks.md). ``escalatie.schedule.SkippedSlot``
still names it.
"""

from __future__ import annotations

from datetime import datetime

from attrs import frozen


@frozen
class SkippedSlot:
    """A meeting that does not take place, and the rule that took it out."""

    series: str
    start: datetime
    reason: str
