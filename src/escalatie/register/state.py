"""A case's state, derived by folding its events in order; nothing else is stored.

Folding is kept cheap (plain values, the case document structured only on demand) so the
state of every case in the register can be rebuilt in well under a second for 10k cases.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from typing import Any

import attrs
from attrs import define, field

from escalatie.case import Case
from escalatie.consent import ConsentRecord, Giver, Shareable
from escalatie.learning import Agreement, Insight, LearningTheme
from escalatie.register.events import Event, EventKind


class Status(StrEnum):
    """Where a case is in its life in the register."""

    SUBMITTED = "submitted"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    SUSPENDED = "suspended"
    CLOSED = "closed"


DUTCH_STATUS = {
    Status.SUBMITTED: "ingediend",
    Status.PLANNED: "geagendeerd",
    Status.IN_PROGRESS: "afspraken gemaakt",
    Status.SUSPENDED: "opgeschort",
    Status.CLOSED: "afgesloten",
}


@define
class CaseState:
    """Everything known about one case, as of its last event."""

    case_id: str
    submitted_at: datetime
    document: dict[str, Any]
    model: str | None = None
    route: str | None = None
    route_name: str = ""
    forum: str | None = None
    slot: datetime | None = None
    agreements: list[Agreement] = field(factory=list)
    insights: list[Insight] = field(factory=list)
    consents: list[ConsentRecord] = field(factory=list)
    capable: bool = True
    suspensions: list[tuple[datetime, datetime | None]] = field(factory=list)
    closed_at: datetime | None = None
    outcome: str = ""
    closing_note: str = ""
    last_at: datetime | None = None
    events: int = 0
    suspension_reason: str = ""
    history: list[tuple[Status, datetime]] = field(factory=list)
    lead_since: dict[str, datetime] = field(factory=dict)
    _case: Case | None = field(default=None, init=False)

    @property
    def status(self) -> Status:
        if self.closed_at is not None:
            return Status.CLOSED
        if self.suspended:
            return Status.SUSPENDED
        if self.agreements:
            return Status.IN_PROGRESS
        if self.slot is not None:
            return Status.PLANNED
        return Status.SUBMITTED

    @property
    def suspended(self) -> bool:
        return bool(self.suspensions) and self.suspensions[-1][1] is None

    @property
    def case(self) -> Case:
        """The case document as a :class:`Case` (pseudonymous: no identity block)."""
        if self._case is None:
            from escalatie.documents import structure

            self._case = structure(self.document, Case)
        return self._case

    @property
    def age(self) -> int:
        return int(self.document["age"])

    @property
    def leads(self) -> tuple[str, ...]:
        """Who holds the lead (regie) on following the agreements (seed 000, step 5)."""
        return tuple(dict.fromkeys(a.lead for a in self.agreements))


def fold(events: Iterable[Event]) -> dict[str, CaseState]:
    """The state of every case that appears in ``events`` (in sequence order)."""
    states: dict[str, CaseState] = {}
    for event in events:
        if event.kind is EventKind.SUBMITTED:
            states[event.case_id] = CaseState(event.case_id, event.at, event.payload["case"])
            states[event.case_id].model = event.payload.get("model")
        state = states[event.case_id]
        _apply(state, event)
        state.last_at = event.at
        state.events += 1
        status = state.status
        if not state.history or state.history[-1][0] is not status:
            state.history.append((status, event.at))
    return states


def _apply(state: CaseState, event: Event) -> None:
    p = event.payload
    kind = event.kind
    if kind is EventKind.TRIAGED:
        state.model, state.route, state.route_name = p["model"], p["route"], p["route_name"]
    elif kind is EventKind.PLANNED:
        state.model, state.forum = p["model"], p["forum"]
        state.slot = datetime.fromisoformat(p["slot"])
    elif kind is EventKind.AGREEMENT_ADDED:
        state.agreements.append(
            Agreement(
                action=p["action"],
                owner=p["owner"],
                due=date.fromisoformat(p["due"]),
                lead=p["lead"],
                audience=tuple(p["audience"]),
            )
        )
        state.lead_since.setdefault(p["lead"], event.at)
    elif kind is EventKind.AGREEMENT_DONE:
        index = int(p["number"]) - 1
        state.agreements[index] = attrs.evolve(state.agreements[index], done_at=event.at)
    elif kind is EventKind.INSIGHT_ADDED:
        state.insights.append(
            Insight(LearningTheme(p["theme"]), p["text"], event.at, state.case_id)
        )
    elif kind is EventKind.CONSENT_RECORDED:
        state.consents.append(
            ConsentRecord(
                Giver(p["giver"]),
                tuple(p["parties"]),
                tuple(Shareable(w) for w in p["what"]),
                event.at,
            )
        )
    elif kind is EventKind.CAPACITY_ASSESSED:
        state.capable = bool(p["capable"])
    elif kind is EventKind.SUSPENDED:
        state.suspensions.append((event.at, None))
        state.suspension_reason = p["reason"]
    elif kind is EventKind.RESUMED:
        since, _ = state.suspensions[-1]
        state.suspensions[-1] = (since, event.at)
    elif kind is EventKind.CLOSED:
        state.closed_at = event.at
        state.outcome = p["outcome"]
        state.closing_note = p.get("note", "")
