"""What can happen to a case in the register: the event kinds and their JSON payloads.

The register never stores a case's state, only these events; the state is derived from them
(:mod:`escalatie.register.state`). Payloads hold no direct identifiers: those live in the
identity table (:mod:`escalatie.register.register`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Any

from attrs import frozen

_stdlib_encode: Callable[[Any], str] = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), check_circular=False
).encode


def _orjson_encoder() -> Callable[[Any], str]:
    """orjson's encoder, falling back to the standard library's for what orjson refuses; the
    standard library's alone where orjson is not installed (an installation not reinstalled
    since orjson became a dependency: it writes the same text, only slower; attacker review)."""
    try:
        import orjson
    except ImportError:
        return _stdlib_encode
    dumps, refused = orjson.dumps, orjson.JSONEncodeError
    strict = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS

    def fast(payload: Any) -> str:
        try:
            return dumps(payload, option=strict).decode()
        except refused:
            return _stdlib_encode(payload)

    return fast


_encode = _orjson_encoder()


def encode(payload: Any) -> str:
    """Compact JSON for a payload, the text the standard library writes (``ensure_ascii=False``).

    orjson does it in a fraction of the time (the encoding was half of an append's own work).
    What orjson refuses (keys that are not text, integers beyond 64 bits, lone surrogates, and
    dates and dataclasses, which the standard library refuses too) goes to the standard
    library's encoder, so a payload is accepted, or refused, as before (but that orjson also
    writes a UUID or an enum member that is not text, which no payload holds). Floats, which no
    event carries, may be written in orjson's shortest form (``1e-7`` for ``1e-07``): the same
    number when read. The digest that seals an event is taken of the text as stored. Without
    orjson installed the standard library writes every payload.
    """
    return _encode(payload)


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
        """The columns ``case_id, kind, at, actor, payload, recorded`` as stored.

        The hot path of a bulk append: the payload is encoded as :func:`encode` does;
        the kind goes as plain text (the member's ``_value_``), because ``sqlite3`` binds an
        exact ``str`` directly but first tries to adapt a subclass such as a
        :class:`StrEnum`, which costs more than inserting the value.
        """
        payload = _encode(self.payload)
        recorded = self.recorded
        return (
            self.case_id,
            self.kind._value_,
            self.at.isoformat(),
            self.actor,
            payload,
            recorded.isoformat() if recorded is not None else "",
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
