"""The cancellation notice: a cancelled meeting is announced at least N days before it.

Seed 000, step 4: "Wanneer een maatwerktafel wordt geannuleerd, worden de betrokken
organisaties uiterlijk twee dagen voorafgaand aan de bijeenkomst hiervan op de hoogte gesteld."
The number of days is the forum's ``Cadence.cancellation_notice_days``.

How the days are counted: the deadline is the meeting's start on the Amsterdam wall clock,
N calendar days earlier (Monday 09:15 → Saturday 09:15; Thursday 15:30 → Tuesday 15:30). A
cancellation sent at or before the deadline is on time. Counting on the wall clock keeps the
deadline at the same time of day across a DST switch (so it is 47 or 49 hours then, not 48).
Weekends count as days: the seed says days, not working days. That "twee dagen" means two
calendar days to the same wall-clock time (about 48 hours) is the library's reading, not the
seed's; a municipality that counts otherwise sets ``cancellation_notice_days`` to suit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from attrs import frozen

from escalatie.clock import AMSTERDAM, local
from escalatie.dutch import days
from escalatie.errors import EscalatieError
from escalatie.forum import Cadence, Forum
from escalatie.schedule import Slot
from escalatie.sources import Source, seed

DEFAULT_SOURCE = seed(
    "000",
    "stap 4, over annuleren: uiterlijk twee dagen voorafgaand aan de bijeenkomst op de hoogte",
)
"""The sentence on cancelling in step 4, not its heading (which is about the frequency)."""


def notice_source(cadence: Cadence) -> Source:
    """The rule a cancellation notice cites: the cadence's own, else seed 000 step 4's."""
    return cadence.cancellation_source or DEFAULT_SOURCE


class LateCancellation(EscalatieError):
    """A cancellation with less notice than the forum's rule, sent without ``force``."""


@frozen
class Notice:
    """Whether a cancellation sent at ``sent`` gives the forum's notice."""

    required_days: int
    deadline: datetime
    sent: datetime
    source: Source

    @property
    def late(self) -> bool:
        return self.sent > self.deadline

    def dutch(self) -> str:
        """The apology put in a late CANCEL: participants read it, so it is polite and cites
        no source; the organiser's refusal without ``--force`` cites it."""
        return (
            f"Helaas laten wij u dit later weten dan de afgesproken {days(self.required_days)} "
            "van tevoren. Onze excuses."
        )


def notice(forum: Forum, slot: Slot, sent: datetime) -> Notice:
    """The notice a cancellation at ``sent`` gives for ``slot`` (see the module docstring)."""
    start = local(slot.start)
    deadline_day = start.date() - timedelta(days=forum.cadence.cancellation_notice_days)
    deadline = datetime.combine(deadline_day, start.time(), AMSTERDAM)
    source = notice_source(forum.cadence)
    return Notice(forum.cadence.cancellation_notice_days, deadline, local(sent), source)


def require_notice(forum: Forum, slot: Slot, sent: datetime, force: bool) -> Notice:
    """The notice; refused with :class:`LateCancellation` when late and not forced."""
    result = notice(forum, slot, sent)
    if result.late and not force:
        raise LateCancellation(
            f"--at {result.sent.strftime('%Y-%m-%dT%H:%M')}: too late to cancel the "
            f"{forum.key} meeting of {slot.start.strftime('%Y-%m-%dT%H:%M')}: it must be "
            f"cancelled at least {result.required_days} day(s) before, by "
            f"{result.deadline.strftime('%Y-%m-%dT%H:%M')} ({result.source.cite()}); "
            "use --force to send it anyway with the late notice stated"
        )
    return result
