"""What can happen to a case in the register: the event kinds and their JSON payloads.

The register never stores a case's state, only these events; the state is derived from them
(:mod:`escalatie.register.state`). Payloads hold no direct identifiers: those live in the
identity table (:mod:`escalatie.register.register`).
"""

from __future__ import annotations

import json
from datetime import datetime
from enum import StrEnum
from typing import Any

from attrs import frozen

encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
"""Compact JSON for payloads (one encoder, built once: the append path is hot)."""


class EventKind(StrEnum):
    SUBMITTED = "submitted"
    TRIAGED = "triaged"
    PLANNED = "planned"
    AGREEMENT_ADDED = "agreement_added"
    AGREEMENT_DONE = "agreement_done"
    INSIGHT_ADDED = "insight_added"
    CONSENT_RECORDED = "consent_recorded"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    CAPACITY_ASSESSED = "capacity_assessed"
    SUSPENDED = "suspended"
    RESUMED = "resumed"
    CLOSED = "closed"
    COMMISSION_DECIDED = "commission_decided"
    """A commission decided on the case (Utrecht's Commissie Passend Alternatief, seed 001)."""


@frozen
class Event:
    """One thing that happened to a case, at a moment, done by an actor.

    ``at`` is the moment it is about (``--at``; what the register's rules and consent go by),
    ``recorded`` the machine's clock when it was written (None where that was not kept).
    """

    case_id: str
    kind: EventKind
    at: datetime
    actor: str
    payload: dict[str, Any]
    seq: int = 0
    recorded: datetime | None = None

    def row(self) -> tuple[str, str, str, str, str, str]:
        """The columns ``case_id, kind, at, actor, payload, recorded`` as stored."""
        return (
            self.case_id,
            self.kind,
            self.at.isoformat(),
            self.actor,
            encode(self.payload),
            self.recorded.isoformat() if self.recorded is not None else "",
        )


def from_row(row: tuple[int, str, str, str, str, str, str]) -> Event:
    seq, case_id, kind, at, actor, payload, recorded = row
    return Event(
        case_id,
        EventKind(kind),
        datetime.fromisoformat(at),
        actor,
        json.loads(payload),
        seq,
        datetime.fromisoformat(recorded) if recorded else None,
    )
