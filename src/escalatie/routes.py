"""Onward routes: board escalation, national and regional routes, Veilig Thuis (seeds 002, 004).

Routes are registered by plugins through ``escalatie_register_routes``; a model names the keys
of the routes it escalates to. Veilig Thuis is a route, not a table: a case whose safety is
acutely at stake goes there at once (seeds 002, 003).
"""

from __future__ import annotations

from enum import StrEnum

from attrs import frozen

from escalatie.organisation import FAMILY_AUDIENCES, Audience
from escalatie.rules import Rule
from escalatie.sources import Source

VEILIG_THUIS = "veilig-thuis"
CRISIS = "crisis"
"""The GP or the GGZ crisis service, the same day, for an acute mental-health crisis."""


class RouteKind(StrEnum):
    BOARD = "board"
    NATIONAL = "national"
    REGIONAL = "regional"
    SAFETY = "safety"
    CRISIS = "crisis"
    """Acute care the same day (GP, GGZ crisis service), before any table."""
    RESIDENT = "resident"
    LOCAL = "local"
    """A municipality's own escalation point beside its forums, such as a mailbox for stuck cases."""
    NO_NEXT_STEP = "no_next_step"
    """Not a route to take: it records that the source gives no next step for the case (Utrecht's
    niet passend, seed 000 stap 3). Triage names it with its reasons, but the case is eligible
    for nothing (``eligible`` and ``ready`` false)."""


@frozen
class OnwardRoute:
    """A route beyond the local forum, with its entry criteria (any one suffices)."""

    key: str
    name: str
    kind: RouteKind
    description: str
    entry: tuple[Rule, ...]
    applicants: frozenset[Audience]
    """Who may apply to the route (for the board: who escalates to it)."""
    source: Source

    @property
    def family_can_apply(self) -> bool:
        """Parents, the young person or residents may apply themselves (seed 002)."""
        return not FAMILY_AUDIENCES.isdisjoint(self.applicants)
