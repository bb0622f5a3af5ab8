"""A case's state, derived by folding its events in order; nothing else is stored.

Folding is kept cheap (plain values, the case document structured only on demand) so the
state of every case in the register can be rebuilt in well under a second for 10k cases.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from datetime import date, datetime
from enum import StrEnum
from typing import Any

import attrs
from attrs import define, field

from escalatie.case import Case
from escalatie.consent import ConsentRecord, Giver, Shareable
from escalatie.learning import Agreement, Insight, LearningTheme
from escalatie.register.events import EventKind


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
    _document: dict[str, Any] | str = field(
        alias="document", eq=lambda d: _read_document(d) if isinstance(d, str) else d,
        repr=lambda d: repr(_read_document(d) if isinstance(d, str) else d),
    )  # fmt: skip
    """The case document (:attr:`document`); in a state the fold made, the stored text of the
    case's ``submitted`` payload until the document is first asked for."""
    model: str | None = None
    """The model the case was last submitted, triaged or planned under."""
    models: list[str] = field(factory=list)
    """Every model the case was submitted to or planned under, first first: the closing rule
    follows each, and ``case show`` says where the case
    was submitted from the first."""
    route: str | None = None
    route_name: str = ""
    forum: str | None = None
    slot: datetime | None = None
    agreements: list[Agreement] = field(factory=list)
    insights: list[Insight] = field(factory=list)
    consents: list[ConsentRecord] = field(factory=list)
    """Consents and their withdrawals, in the order they were recorded."""
    capable: bool = True
    """The latest capacity assessment recorded (``case show``); a consent decision takes the
    one in force at its moment (:meth:`capable_at`)."""
    assessments: list[tuple[datetime, bool]] = field(factory=list)
    """Capacity assessments (moment, capable), in the order they were recorded."""
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
    alignments: list[tuple[datetime, int]] = field(factory=list)
    """Alignments of the agreements with the submitter (moment, agreements 1 to N aligned),
    seed 000 stap 5; empty in a register written before they were recorded."""
    _case: Case | None = field(default=None, init=False)

    def capable_at(self, moment: datetime) -> bool:
        """Whether the young person was judged capable at ``moment``: the assessment in force
        then, the latest dated at or before it (of two at the same moment, the one recorded
        last); capable when none was, as before any ``consent capacity``. An assessment dated after ``moment`` does not count, so a share at
        ``--at`` is judged on the register as it stood then."""
        standing = [(at, capable) for at, capable in self.assessments if at <= moment]
        if not standing:
            return True
        return max(enumerate(standing), key=lambda e: (e[1][0], e[0]))[1][1]

    @property
    def every_model(self) -> list[str]:
        """Every model the case was submitted to, planned or last triaged under, each once,
        first first: the models whose rules follow the case."""
        return list(dict.fromkeys([*self.models, *([self.model] if self.model else [])]))

    @property
    def status(self) -> Status:
        return _status(self)

    @property
    def suspended(self) -> bool:
        return bool(self.suspensions) and self.suspensions[-1][1] is None

    @property
    def document(self) -> dict[str, Any]:
        """The case document as registered (pseudonymous: no identity block).

        A rebuild keeps the ``submitted`` payload's text and reads it here, when first asked:
        most commands that rebuild every state (``case list``, ``agreements``, the reports)
        never look at a document, and the documents read at once were nearly half of the
        memory a rebuild holds (issue 16; :func:`fold`). The text was read once already by
        the fold, so a damaged payload is still found by the rebuild.
        """
        document = self._document
        if isinstance(document, str):
            document = self._document = _read_document(document)
        return document

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

    def aligned_at(self, moment: datetime) -> int:
        """How many agreements (numbers 1 to N) were aligned with the submitter by ``moment``."""
        return max((n for at, n in self.alignments if at <= moment), default=0)

    @property
    def leads(self) -> tuple[str, ...]:
        """Who holds the lead (regie) on following the agreements (seed 000, step 5)."""
        return tuple(dict.fromkeys(a.lead for a in self.agreements))


def _status(state: CaseState) -> Status:
    if state.closed_at is not None:
        return Status.CLOSED
    suspensions = state.suspensions
    if suspensions and suspensions[-1][1] is None:
        return Status.SUSPENDED
    if state.agreements:
        return Status.IN_PROGRESS
    if state.slot is not None:
        return Status.PLANNED
    return Status.SUBMITTED


_intern = sys.intern
_THEMES = {t.value: t for t in LearningTheme}
_GIVERS = {g.value: g for g in Giver}
_SHAREABLE = {w.value: w for w in Shareable}
_stdlib_loads = json.loads
_KEPT_WHOLE = frozenset({"commission_decided"})
"""The kinds of event whose payload :func:`fold` keeps as read (a commission's decision),
rather than taking known fields of text, booleans and small numbers from it. The case
document of a ``submitted`` payload is kept too, but as its text, read by
:func:`_read_document` when first asked for."""


class _NeverRaised(Exception):
    """What the reader refuses when orjson is not installed: nothing (the standard library
    reads every payload, and what it refuses stays refused)."""


PayloadReader = tuple[Callable[[str], Any], Callable[[Any], bytes], type[Exception], frozenset[str]]
"""``loads``, ``dumps``, what ``loads`` raises for what it refuses, and the kinds of event of
which a payload read must write back as stored (see :func:`fold`)."""


def _unused(value: Any) -> bytes:
    raise AssertionError("no payload is written back without orjson")


def _payload_reader() -> PayloadReader:
    """orjson's reader; the standard library's where orjson is not installed (an installation
    not reinstalled since orjson became a dependency reads the same states, only slower, as
    :mod:`escalatie.register.events` writes the same text); loaded by the one loader both
    use, :func:`escalatie.register.jsoncodec.orjson_module`."""
    from escalatie.register.jsoncodec import orjson_module

    orjson = orjson_module()
    if orjson is None:
        return _stdlib_loads, _unused, _NeverRaised, frozenset()
    return orjson.loads, orjson.dumps, orjson.JSONDecodeError, _KEPT_WHOLE


_READER = _payload_reader()


def _read_kept_whole(payload: str) -> Any:
    """A payload kept whole, as :func:`json.loads` reads it: by orjson when orjson writes
    back the very text stored, else by the standard library (see :func:`fold`)."""
    loads, dumps, refused, whole = _READER
    try:
        data = loads(payload)
        if whole and dumps(data) != payload.encode():
            return _stdlib_loads(payload)
    except refused:
        return _stdlib_loads(payload)
    return data


def _read_document(payload: str) -> dict[str, Any]:
    """The case document in the stored text of a ``submitted`` payload."""
    document: dict[str, Any] = _read_kept_whole(payload)["case"]
    return document


def fold_rows(rows: Iterable[tuple[Any, ...]]) -> dict[str, CaseState]:
    """The state of every case in stored rows ``(seq, case_id, kind, at, actor, payload)``, in
    sequence order: :func:`fold` of their ``case_id, kind, at, payload``."""
    return fold((r[1], r[2], r[3], r[5]) for r in rows)


FOLDED_COLUMNS = "case_id, kind, at, payload"
"""The columns of ``events`` that :func:`fold` reads, in its order: the number and the actor
are not part of a state, so a rebuild does not make 100k of each to drop them."""


def fold(rows: Iterable[tuple[str, str, str, str]]) -> dict[str, CaseState]:
    """The state of every case in rows ``(case_id, kind, at, payload)`` (:data:`FOLDED_COLUMNS`),
    in sequence order.

    Rebuilding 10k cases is the register's hot path: no :class:`Event` objects are built, the
    loop is one function, payloads are read by orjson (below), attrs validators are off
    (every event was validated when it was written), and the status is worked out again only
    after the kinds of event that can change it (:data:`_MOVES`).
    ``rows`` may be a cursor: each row is dropped once folded, so the rows of the whole log
    are never held at once.

    A payload is read as :func:`json.loads` reads it. orjson does it in about half the
    instructions, and shares the text of repeated keys between payloads (every payload read
    stays alive in the states). Where orjson refuses what the standard library reads (lone
    surrogates such as ``"\\ud800"``, ``NaN``, ``Infinity``, numbers beyond a double: what
    :func:`escalatie.register.events.encode` may write through its own fallback), the
    standard library reads it. orjson reads an integer beyond 64 bits as a float: a payload
    kept whole (:data:`_KEPT_WHOLE`) counts as read only when orjson writes it back as the
    very text stored (as :func:`~escalatie.register.events.encode` wrote it), else the
    standard library reads it (a float written back differs from the integer's digits); of
    the others only known fields of text, booleans and small numbers are taken, the same
    value either way. A test compares both readings. Without orjson installed the standard
    library reads every payload. (Looking for 19 digits in a row instead, with :mod:`re`, cost
    eleven times the instructions of writing the payload back.)
    """
    states: dict[str, CaseState] = {}
    parse = datetime.fromisoformat
    loads, dumps, refused, whole = _READER
    apply = _APPLY
    moves = _MOVES
    submitted = Status.SUBMITTED
    # A command's events follow one another, of one case and at one moment: the row before's
    # case and moment are taken again without a lookup or a parse.
    last_case: str | None = None  # None: the first row looks up and parses, whatever it holds
    last_at: str | None = None
    state: CaseState
    moment: datetime
    # Off for the loop and back to what the caller had: attrs' ``disabled()`` switches them on
    # again when it ends up to attrs 25.4, even inside a caller's own ``disabled()`` block
    # (tests/register/test_hostile_output.py reads a register with them off).
    validators_were_off = attrs.validators.get_disabled()
    attrs.validators.set_disabled(True)
    try:
        for case_id, kind, at, payload in rows:
            if at != last_at:
                last_at, moment = at, parse(at)
            try:
                data = loads(payload)
                if kind in whole and dumps(data) != payload.encode():
                    data = _stdlib_loads(payload)
            except refused:
                data = _stdlib_loads(payload)
            if kind == "submitted":
                # The document is kept as the payload's text and read again when first asked
                # for (CaseState.document); it must be there all the same. A payload that is
                # not text (written from outside escalatie) is read as json.loads reads it.
                document: dict[str, Any] | str = data["case"]
                document = payload if type(payload) is str else _stdlib_loads(payload)["case"]
                model = data.get("model")
                if model is not None and type(model) is not str:  # as json.loads reads it
                    model = _stdlib_loads(payload).get("model")
                model = _name(model)
                state = states[case_id] = CaseState(
                    case_id, moment, document, model=model, models=[model] if model else []
                )
                last_case = case_id
                state.history.append((submitted, moment))
            else:
                if case_id != last_case:
                    last_case, state = case_id, states[case_id]
                apply[kind](state, moment, data)
                if kind in moves:
                    status = _status(state)
                    history = state.history
                    if history[-1][0] is not status:
                        history.append((status, moment))
            state.last_at = moment
            state.events += 1
    finally:
        attrs.validators.set_disabled(validators_were_off)
    return states


def _name(value: Any) -> Any:
    """The one text object of a name that many cases carry (a model, route, forum,
    organisation or party), where the payload holds text.

    Each payload read makes its own copy of every text in it, and a state keeps them: across
    10k cases the same few names were a sixth of the memory a rebuild holds (issue 16).
    :func:`sys.intern` gives one shared object per name (freed again when no state refers
    to it). Free text (an agreement's action, an insight, a reason) is left as read.
    """
    return _intern(value) if type(value) is str else value


def _triaged(state: CaseState, at: datetime, p: dict[str, Any]) -> None:
    state.model, state.route = _name(p["model"]), _name(p["route"])
    state.route_name = _name(p["route_name"])


def _planned(state: CaseState, at: datetime, p: dict[str, Any]) -> None:
    state.model, state.forum = _name(p["model"]), _name(p["forum"])
    if state.model and state.model not in state.models:
        state.models.append(state.model)
    state.slot = datetime.fromisoformat(p["slot"])
    override = p.get("override")
    if override is not None:
        state.overrides.append((at, state.forum, _name(override["triage_route"] or "")))


def _agreement_added(state: CaseState, at: datetime, p: dict[str, Any]) -> None:
    state.agreements.append(
        Agreement(
            action=p["action"],
            owner=_name(p["owner"]),
            due=date.fromisoformat(p["due"]),
            lead=_name(p["lead"]),
            audience=tuple(map(_name, p["audience"])),
        )
    )
    state.agreements_added.append(at)
    state.lead_since.setdefault(_name(p["lead"]), at)


def _agreement_done(state: CaseState, at: datetime, p: dict[str, Any]) -> None:
    index = int(p["number"]) - 1
    a = state.agreements[index]
    state.agreements[index] = Agreement(a.action, a.owner, a.due, a.lead, a.audience, at)


def _agreements_aligned(state: CaseState, at: datetime, p: dict[str, Any]) -> None:
    state.alignments.append((at, int(p["count"])))


def _insight_added(state: CaseState, at: datetime, p: dict[str, Any]) -> None:
    state.insights.append(Insight(_THEMES[p["theme"]], p["text"], at, state.case_id))


def _consent(withdrawn: bool) -> Callable[[CaseState, datetime, dict[str, Any]], None]:
    def apply(state: CaseState, at: datetime, p: dict[str, Any]) -> None:
        state.consents.append(
            ConsentRecord(
                _GIVERS[p["giver"]],
                tuple(map(_name, p["parties"])),
                tuple(map(_SHAREABLE.__getitem__, p["what"])),
                at,
                withdrawn=withdrawn,
            )
        )

    return apply


def _capacity_assessed(state: CaseState, at: datetime, p: dict[str, Any]) -> None:
    state.capable = bool(p["capable"])
    state.assessments.append((at, state.capable))


def _suspended(state: CaseState, at: datetime, p: dict[str, Any]) -> None:
    state.suspensions.append((at, None))
    state.suspension_reason = p["reason"]


def _resumed(state: CaseState, at: datetime, p: dict[str, Any]) -> None:
    since, _ = state.suspensions[-1]
    state.suspensions[-1] = (since, at)


def _commission_decided(state: CaseState, at: datetime, p: dict[str, Any]) -> None:
    state.decisions.append((at, p["decision"]))


def _closed(state: CaseState, at: datetime, p: dict[str, Any]) -> None:
    state.closed_at = at
    state.outcome = _name(p["outcome"])
    state.closing_note = p.get("note", "")


_APPLY: dict[str, Callable[[CaseState, datetime, dict[str, Any]], None]] = {
    EventKind.TRIAGED.value: _triaged,
    EventKind.PLANNED.value: _planned,
    EventKind.AGREEMENT_ADDED.value: _agreement_added,
    EventKind.AGREEMENT_DONE.value: _agreement_done,
    EventKind.AGREEMENTS_ALIGNED.value: _agreements_aligned,
    EventKind.INSIGHT_ADDED.value: _insight_added,
    EventKind.CONSENT_RECORDED.value: _consent(withdrawn=False),
    EventKind.CONSENT_WITHDRAWN.value: _consent(withdrawn=True),
    EventKind.CAPACITY_ASSESSED.value: _capacity_assessed,
    EventKind.SUSPENDED.value: _suspended,
    EventKind.RESUMED.value: _resumed,
    EventKind.COMMISSION_DECIDED.value: _commission_decided,
    EventKind.CLOSED.value: _closed,
}
"""What each kind of event (but ``submitted``, which starts a state) does to a case's state,
by the kind as stored; a kind not here is a damaged register (KeyError)."""

_MOVES = frozenset(
    k.value
    for k in (
        EventKind.PLANNED,
        EventKind.AGREEMENT_ADDED,
        EventKind.SUSPENDED,
        EventKind.RESUMED,
        EventKind.CLOSED,
    )
)
"""The kinds of event after which :func:`_status` can differ: it reads only ``closed_at``,
``suspensions``, ``agreements`` (whether there are any) and ``slot``. A kind that changes one
of them must be listed here, or the history misses a step (a test replays every kind)."""
assert set(_APPLY) | {EventKind.SUBMITTED.value} == {k.value for k in EventKind}
