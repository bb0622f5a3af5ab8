"""A case's state, derived by folding its events in order; nothing else is stored.

Folding is kept cheap (plain values, the case document structured only on demand) so the
state of every case in the register can be rebuilt in well under a second for 10k cases.
"""

from __future__ import annotations

import json
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
    """Consents and their withdrawals, in the order they were recorded."""
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
    agreements_added: list[datetime] = field(factory=list)
    """When each agreement was recorded, in the order of ``agreements``."""
    overrides: list[tuple[datetime, str, str]] = field(factory=list)
    """Plans against triage's outcome: (moment, forum planned, route triage gave)."""
    decisions: list[tuple[datetime, dict[str, Any]]] = field(factory=list)
    """Commission decisions on the case (moment, the decision as recorded)."""
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
    with attrs.validators.disabled():  # every event was validated when it was written
        for event in events:
            _step(states, event.case_id, event.kind, event.at, event.payload)
    return states


_KINDS = {k.value: k for k in EventKind}
_THEMES = {t.value: t for t in LearningTheme}
_GIVERS = {g.value: g for g in Giver}
_SHAREABLE = {w.value: w for w in Shareable}
_decode = json.JSONDecoder().raw_decode


def fold_rows(rows: Iterable[tuple[Any, ...]]) -> dict[str, CaseState]:
    """Like :func:`fold`, straight from stored rows ``(seq, case_id, kind, at, actor, payload)``.

    Skips building :class:`Event` objects: rebuilding 10k cases is the register's hot path.
    """
    states: dict[str, CaseState] = {}
    parse = datetime.fromisoformat
    with attrs.validators.disabled():
        for _seq, case_id, kind, at, _actor, payload in rows:
            _step(states, case_id, _KINDS[kind], parse(at), _decode(payload)[0])
    return states


def _step(
    states: dict[str, CaseState],
    case_id: str,
    kind: EventKind,
    at: datetime,
    payload: dict[str, Any],
) -> None:
    if kind is EventKind.SUBMITTED:
        state = states[case_id] = CaseState(
            case_id, at, payload["case"], model=payload.get("model")
        )
    else:
        state = states[case_id]
        _apply(state, kind, at, payload)
    state.last_at = at
    state.events += 1
    status = state.status
    if not state.history or state.history[-1][0] is not status:
        state.history.append((status, at))


def _apply(state: CaseState, kind: EventKind, at: datetime, p: dict[str, Any]) -> None:
    if kind is EventKind.TRIAGED:
        state.model, state.route, state.route_name = p["model"], p["route"], p["route_name"]
    elif kind is EventKind.PLANNED:
        state.model, state.forum = p["model"], p["forum"]
        state.slot = datetime.fromisoformat(p["slot"])
        override = p.get("override")
        if override is not None:
            state.overrides.append((at, p["forum"], override["triage_route"] or ""))
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
        state.agreements_added.append(at)
        state.lead_since.setdefault(p["lead"], at)
    elif kind is EventKind.AGREEMENT_DONE:
        index = int(p["number"]) - 1
        a = state.agreements[index]
        state.agreements[index] = Agreement(a.action, a.owner, a.due, a.lead, a.audience, at)
    elif kind is EventKind.INSIGHT_ADDED:
        state.insights.append(Insight(_THEMES[p["theme"]], p["text"], at, state.case_id))
    elif kind is EventKind.CONSENT_RECORDED or kind is EventKind.CONSENT_WITHDRAWN:
        state.consents.append(
            ConsentRecord(
                _GIVERS[p["giver"]],
                tuple(p["parties"]),
                tuple(_SHAREABLE[w] for w in p["what"]),
                at,
                withdrawn=kind is EventKind.CONSENT_WITHDRAWN,
            )
        )
    elif kind is EventKind.CAPACITY_ASSESSED:
        state.capable = bool(p["capable"])
    elif kind is EventKind.SUSPENDED:
        state.suspensions.append((at, None))
        state.suspension_reason = p["reason"]
    elif kind is EventKind.RESUMED:
        since, _ = state.suspensions[-1]
        state.suspensions[-1] = (since, at)
    elif kind is EventKind.COMMISSION_DECIDED:
        state.decisions.append((at, p["decision"]))
    elif kind is EventKind.CLOSED:
        state.closed_at = at
        state.outcome = p["outcome"]
        state.closing_note = p.get("note", "")
