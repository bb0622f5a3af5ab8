"""What can happen to a case in the register: the event kinds and their JSON payloads.

The register never stores a case's state, only these events; the state is derived from them
(:mod:`escalatie.register.state`). Payloads hold no direct identifiers: those live in the
identity table (:mod:`escalatie.register.register`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Any

from attrs import frozen

from escalatie.register.jsoncodec import encoder as _orjson_encoder
from escalatie.register.jsoncodec import stdlib_encode

_stdlib_encode = stdlib_encode  # the names the encoder had here before the shared loader
_encode = _orjson_encoder()


def encode(payload: Any) -> str:
    """Compact JSON for a payload, the text the standard library writes
    (``ensure_ascii=False``), by :func:`escalatie.register.jsoncodec.encoder`.

    orjson does it in a fraction of the time (the encoding was half of an append's own work);
    what orjson refuses or writes otherwise (keys that are not text, integers beyond 64 bits,
    lone surrogates, ``NaN`` and infinities, which it would write as ``null``) the standard
    library writes, so a payload is accepted, or refused, as before (but that orjson also
    writes a UUID or an enum member that is not text, which no payload holds). Floats may be
    written in orjson's shortest form (``1e-7`` for ``1e-07``): the same number when read.
    The digest that seals an event is taken of the text as stored. Without orjson installed
    the standard library writes every payload.
    """
    return _encode(payload)


class EventKind(StrEnum):
    SUBMITTED = "submitted"
    TRIAGED = "triaged"
    PLANNED = "planned"
    AGREEMENT_ADDED = "agreement_added"
    AGREEMENT_DONE = "agreement_done"
    AGREEMENTS_ALIGNED = "agreements_aligned"
    """The procesondersteuner aligned the agreements recorded so far with the submitter
    (seed 000, stap 5: "Na afloop ... afgestemd met de indiener van de casus"); the payload's
    ``count`` is how many agreements, numbers 1 to ``count``. Registers written before this
    kind have no such event: their cases replay as not aligned."""
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

        The payload is encoded as :func:`encode` does; the kind goes as plain text (the
        member's ``_value_``), because ``sqlite3`` binds an exact ``str`` directly but first
        tries to adapt a subclass such as a :class:`StrEnum`, which costs more than inserting
        the value. A batch is made by :func:`rows`, the same columns.
        """
        recorded = self.recorded
        return (
            self.case_id,
            self.kind._value_,
            self.at.isoformat(),
            self.actor,
            _encode(self.payload),
            recorded.isoformat() if recorded is not None else "",
        )


Row = tuple[str, str, str, str, str, str]
"""What :meth:`Event.row` gives."""


def rows(events: Iterable[Event]) -> list[Row]:
    """:meth:`Event.row` of each event, the hot path of a bulk append (issue 16).

    One loop with its names bound once, and each moment written once while the next event
    has the same one: a command's events share their ``at`` and ``recorded``, and
    :meth:`datetime.isoformat` of a moment in a time zone (its offset looked up each time)
    was the largest part of making a row. The same moment means the same time zone object,
    fields and ``fold`` (an hour that the clock repeats in autumn has two offsets), so the
    text is the very text ``isoformat`` gives.
    """
    encode_ = _encode
    out: list[Row] = []
    append = out.append
    last_at: datetime | None = None
    at_text = ""
    last_recorded: datetime | None = None
    recorded_text = ""
    for event in events:
        at = event.at
        if (
            last_at is None
            or at.tzinfo is not last_at.tzinfo
            or at.fold != last_at.fold
            or at != last_at
        ):
            last_at, at_text = at, at.isoformat()
        recorded = event.recorded
        if recorded is None:
            text = ""
        elif recorded.tzinfo is at.tzinfo and recorded.fold == at.fold and recorded == at:
            text = at_text
        else:
            if (
                last_recorded is None
                or recorded.tzinfo is not last_recorded.tzinfo
                or recorded.fold != last_recorded.fold
                or recorded != last_recorded
            ):
                last_recorded, recorded_text = recorded, recorded.isoformat()
            text = recorded_text
        append(
            (event.case_id, event.kind._value_, at_text, event.actor, encode_(event.payload), text)
        )
    return out


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
