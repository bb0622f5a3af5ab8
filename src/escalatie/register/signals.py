"""Signals: what blocks cases in the system (knelpunten), addressed to a body that answers.

The seeds feed what stuck cases reveal back to the system: "doorbraken in het systeem" (seed
001, City Deal overleg), the knelpuntenzorg adviser's short lines to the board and Rotterdam's
advice to the college (seed 002), the ontschotter's findings to the Transformatietafel (seed
002). A signal names what blocks (a rule, a contract, an arrangement …), the pseudonymous
cases it blocked and the body it goes to: one of the audiences the model's learning outputs
name (:mod:`escalatie.audiences`). The body answers and says by when it acts; a signal without
an answer past the response norm, or an answer past its due date, is overdue.

The response norm is not in the seeds: it is a setting, ``[signals] response_days`` (calendar
days, default :data:`RESPONSE_DAYS`), optionally per model (``[signals.MODEL]
response_days``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

import attrs
from attrs import define, field, frozen

import escalatie.register.records as records
from escalatie.audiences import audience
from escalatie.clock import local
from escalatie.errors import EscalatieError
from escalatie.model import EscalationModel
from escalatie.privacy import case_patterns, scrub
from escalatie.register.checks import checked_text, due_not_before_at, numbered
from escalatie.register.session import Session
from escalatie.rules import Rule
from escalatie.sources import seed
from escalatie.validation import FieldError

SUBJECT = "signal"
SOURCE = seed("002", "Utrechtse aanpak: korte lijnen naar het bestuur; seed 001 doorbraken")

TO_AN_ANSWERING_BODY = Rule(
    "signal.to_answering_body",
    "A signal asks a body to answer and say by when it acts, so it goes to a body that answers "
    "(the board, the Transformatietafel, purchasing, the parties to the work agreements: a "
    "learning output with answers = true). A group that is told what the cases teach (the "
    "participants' own organisations, seed 000 stap 6; the professionals of seed 001's "
    "workshops) gets the learning-lines report instead: learn report --audience KEY.",
    seed("002", "Utrechtse aanpak: korte lijnen naar het bestuur, herijking werkafspraken"),
)

RESPONSE_DAYS = 28
"""Default response norm: a body answers a signal within four weeks (calendar days). The
seeds set no term; this is the library's assumption, set per municipality in the settings."""


class ObstacleKind(StrEnum):
    """What blocks: the kinds of knelpunten the seeds name."""

    RULE = "rule"
    """A law or rule (seed 001: professionals "tegen regelgeving aanlopen")."""
    CONTRACT = "contract"
    """A contract or its budget (seed 001: vierkantfinanciering)."""
    ARRANGEMENT = "arrangement"
    """A working agreement between organisations (seed 002: herijking werkafspraken)."""
    SUPPLY = "supply"
    """Care or help that is not purchased or not available (seed 001: palet aan zorg)."""
    OTHER = "other"


DUTCH_KINDS = {
    ObstacleKind.RULE: "wet- en regelgeving",
    ObstacleKind.CONTRACT: "contracten en budget",
    ObstacleKind.ARRANGEMENT: "werkafspraken",
    ObstacleKind.SUPPLY: "zorgaanbod",
    ObstacleKind.OTHER: "overige knelpunten",
}


SIGNAL_COLUMNS = (
    "number", "model", "kind", "blocks", "to", "cases", "added_at", "answer_due", "answer",
    "answered_at", "due", "done_at", "overdue",
)  # fmt: skip
"""The keys of a signal's ``data``, in order: the columns of ``signals --format csv``."""


@define
class Signal:
    """A signal as of its last record."""

    number: int
    model: str
    kind: ObstacleKind
    blocks: str
    body: str
    cases: tuple[str, ...]
    added_at: datetime
    answer: str = ""
    answered_at: datetime | None = None
    due: date | None = None
    done_at: datetime | None = None
    history: list[str] = field(factory=list)

    def answer_due(self, response_days: int) -> date:
        """The last day the body may answer within the norm."""
        return local(self.added_at).date() + timedelta(days=response_days)

    def answered_late(self, response_days: int) -> bool:
        return self.answered_at is not None and (
            local(self.answered_at).date() > self.answer_due(response_days)
        )

    def overdue(self, at: datetime, response_days: int) -> str | None:
        """Why the signal is overdue at ``at`` ("no answer", "past due"), or None."""
        today = local(at).date()
        if self.done_at is not None:
            return None
        if self.answered_at is None:
            return "no answer" if today > self.answer_due(response_days) else None
        assert self.due is not None
        return "past due" if today > self.due else None

    def data(self, at: datetime, response_days: int) -> dict[str, Any]:
        return {
            "number": self.number,
            "model": self.model,
            "kind": self.kind.value,
            "blocks": self.blocks,
            "to": self.body,
            "cases": list(self.cases),
            "added_at": self.added_at.isoformat(),
            "answer_due": self.answer_due(response_days).isoformat(),
            "answer": self.answer or None,
            "answered_at": self.answered_at.isoformat() if self.answered_at else None,
            "due": self.due.isoformat() if self.due else None,
            "done_at": self.done_at.isoformat() if self.done_at else None,
            "overdue": self.overdue(at, response_days),
        }


def _positive(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and value < 1:
        raise FieldError(attribute.name, f"expected a whole number of at least 1, got {value}")


@frozen
class SignalSettings:
    """The ``[signals]`` table: the response norm in days (``docs/settings.md``)."""

    response_days: int = field(default=RESPONSE_DAYS, validator=_positive)


@frozen
class ModelSignalSettings:
    """A ``[signals.MODEL]`` table: the response norm for one model's signals."""

    response_days: int | None = field(default=None, validator=_positive)


def response_days(model: str) -> int:
    """The response norm of ``model`` from the settings, else :data:`RESPONSE_DAYS`.

    ``[signals]`` holds ``response_days`` and a table per model (``[signals.MODEL]``)."""
    from escalatie.settings import section, structure

    table = section("signals")
    top = {k: v for k, v in table.items() if not isinstance(v, dict)}
    default = structure(top, SignalSettings, "signals").response_days
    per_model = {
        key: structure(value, ModelSignalSettings, f"signals.{key}").response_days
        for key, value in table.items()
        if isinstance(value, dict)
    }
    own = per_model.get(model)
    return default if own is None else own


def signals(s: Session) -> list[Signal]:
    """Every signal in the register, folded from its records."""
    out: dict[int, Signal] = {}
    with records.folding(s, SUBJECT):
        for r in records.records(s, SUBJECT):
            p = r.payload
            if r.kind == "added":
                out[r.number] = Signal(
                    r.number,
                    p["model"],
                    ObstacleKind(p["kind"]),
                    p["blocks"],
                    p["to"],
                    tuple(p["cases"]),
                    r.at,
                )
            elif r.kind == "answered":
                sig = out[r.number]
                sig.answer, sig.answered_at = p["answer"], r.at
                sig.due = date.fromisoformat(p["due"])
            elif r.kind == "done":
                out[r.number].done_at = r.at
            out[r.number].history.append(r.kind)
    return [out[n] for n in sorted(out)]


def scrubbed(s: Session) -> list[Signal]:
    """Every signal with its texts scrubbed again of its cases' identifiers (for reports)."""
    out = signals(s)
    for sig in out:
        sig.blocks = scrub_cases(s, sig.cases, sig.blocks)
        sig.answer = scrub_cases(s, sig.cases, sig.answer)
    return out


def _signal(s: Session, number: int) -> Signal:
    return numbered(signals(s), number, "signal", "signals")


def scrub_cases(s: Session, case_ids: Sequence[str], text: str) -> str:
    """``text`` without the direct identifiers of any of the cases."""
    for case_id in case_ids:
        stored = s.register.identity(case_id)
        text = scrub(text, case_patterns(stored.identity, stored.reference))
    return text


def add(
    s: Session,
    model: EscalationModel,
    case_ids: Sequence[str],
    kind: ObstacleKind,
    blocks: str,
    body: str,
) -> int:
    """Record a signal; its number. Every case must exist and have been submitted before
    ``--at``; the body must be an audience of ``model`` (:func:`escalatie.audiences.audience`)
    that answers (:data:`TO_AN_ANSWERING_BODY`)."""
    if not case_ids:
        raise EscalatieError("--case: expected at least one case the obstacle blocked")
    cases = tuple(dict.fromkeys(case_ids))
    for case_id in cases:
        state = s.state(case_id)
        if s.at < state.submitted_at:
            raise EscalatieError(
                f"--at: expected a moment on or after the submission of case {case_id}"
            )
    output = audience(model, body, "--to")
    if not any(o.answers for o in model.learning if o.audience_key == body):
        answering = sorted({o.audience_key for o in model.learning if o.answers and o.audience_key})
        raise EscalatieError(
            f"--to: {body} of model {model.name} is told what the cases teach "
            f"({output.source.cite()}), not asked to answer; a signal goes to "
            + (
                f"a body that answers: {', '.join(answering)}"
                if answering
                else "a body that answers, and this model names none"
            )
            + f"; learn report --audience {body} gives {body} the learning lines "
            f"[{TO_AN_ANSWERING_BODY.id}; {TO_AN_ANSWERING_BODY.source.cite()}]"
        )
    number = records.next_number(s, SUBJECT)
    text = scrub_cases(s, cases, checked_text(blocks, "--blocks"))
    payload = {"model": model.name, "kind": kind.value, "blocks": text, "to": body}
    reference = records.append(s, SUBJECT, number, "added", {**payload, "cases": list(cases)})
    for case_id in cases:
        detail = f"signal {number} to {body} ({kind.value})"
        s.log("signal_add", case_id, detail=detail, reference=reference)
    return number


def respond(s: Session, number: int, answer: str, due: date) -> None:
    """Record the body's answer and the day by which it acts (not before the answer's day)."""
    sig = _signal(s, number)
    if sig.answered_at is not None:
        raise EscalatieError(
            f"N: signal {number} was already answered on {sig.answered_at:%Y-%m-%d}"
        )
    if s.at < sig.added_at:
        raise EscalatieError(
            f"--at: expected a moment on or after signal {number} was recorded "
            f"({local(sig.added_at):%Y-%m-%dT%H:%M})"
        )
    due_not_before_at(s, due, "the answer")
    text = scrub_cases(s, sig.cases, checked_text(answer, "--answer"))
    reference = records.append(
        s, SUBJECT, number, "answered", {"answer": text, "due": due.isoformat()}
    )
    detail = f"signal {number} answered by {sig.body}, due {due}"
    s.log("signal_respond", None, detail=detail, reference=reference)


def done(s: Session, number: int) -> None:
    """Record that the body acted on its answer."""
    sig = _signal(s, number)
    if sig.answered_at is None:
        raise EscalatieError(f"N: signal {number} has no answer yet; record it with signal respond")
    if sig.done_at is not None:
        raise EscalatieError(f"N: signal {number} is already done")
    if s.at < sig.answered_at:
        raise EscalatieError(f"--at: expected a moment on or after the answer to signal {number}")
    reference = records.append(s, SUBJECT, number, "done", {})
    s.log("signal_done", None, detail=f"signal {number}", reference=reference)
