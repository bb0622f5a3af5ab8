"""The append and rebuild fast paths give what the plain ways give (docs/benchmarks.md, Register).

A bulk append numbers each case's events after its last one, asking the database in batches;
payloads are encoded by orjson as the standard library would (falling back to it for what
orjson refuses); the rebuild works a case's status out again only after the kinds of event
that can change it.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from escalatie.clock import AMSTERDAM
from escalatie.register.backend import CASES_PER_QUERY
from escalatie.register.events import Event, EventKind, encode
from escalatie.register.register import Register
from escalatie.register.state import Status, fold_rows
from escalatie.register.store import RegisterError

START = datetime(2026, 3, 2, 10, 0, tzinfo=AMSTERDAM)


def resumed(case_id: str, minutes: int) -> Event:
    at = START + timedelta(minutes=minutes)
    return Event(case_id, EventKind.RESUMED, at, "tester", {}, recorded=at)


def test_a_batch_numbers_each_case_after_its_last_event(db: Path | str) -> None:
    """More cases than one query asks for, some with events already, interleaved in the batch."""
    cases = [f"ESC-{n:04d}-TEST" for n in range(CASES_PER_QUERY * 2 + 7)]
    with Register.open(db) as reg:
        with reg.transaction():
            reg.append(resumed(c, 0) for c in cases[::3])  # a generator, as the API allows
            reg.append([resumed(cases[0], 1)])
        with reg.transaction():
            written = reg.append([resumed(c, 2 + i) for i in range(2) for c in cases])
        assert written == 2 * len(cases)
        numbers: dict[str, list[int]] = {}
        for case_id, number in reg.store.query("SELECT case_id, case_seq FROM events ORDER BY seq"):
            numbers.setdefault(case_id, []).append(number)
    for n, case_id in enumerate(cases):
        before = (n % 3 == 0) + (n == 0)
        assert numbers[case_id] == list(range(1, before + 3)), case_id


def test_an_empty_batch_writes_nothing(db: Path | str) -> None:
    with Register.open(db) as reg, reg.transaction():
        assert reg.append([]) == 0
        assert reg.store.query("SELECT count(*) FROM events") == [(0,)]


def test_a_batch_that_a_trigger_thins_out_is_refused(tmp_path: Path) -> None:
    """Rows go in many to a statement: one dropped by a trigger from outside escalatie
    (``RAISE(IGNORE)``) fails the whole batch with one line, and nothing is kept."""
    path = tmp_path / "register.sqlite3"
    Register.open(path).close()
    raw = sqlite3.connect(path)
    raw.execute(
        "CREATE TRIGGER thin BEFORE INSERT ON events WHEN NEW.case_id = 'ESC-0007-TEST' "
        "BEGIN SELECT RAISE(IGNORE); END"
    )
    raw.commit()
    raw.close()
    events = [resumed(f"ESC-{n:04d}-TEST", n) for n in range(300)]
    with Register.open(path) as reg:
        with pytest.raises(RegisterError) as caught, reg.transaction():
            reg.append(events)
        assert str(caught.value) == (
            f"{path}: register is damaged: 1 of 300 events were not stored (a trigger not "
            "created by escalatie drops rows); run `escalatie audit --verify`"
        )
        assert reg.store.query("SELECT count(*) FROM events") == [(0,)]


TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=12)
"""Any text a payload holds: accents, control characters, emoji; no lone surrogates."""
PAYLOADS = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)


def stdlib(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


@given(payload=st.dictionaries(TEXT, PAYLOADS, max_size=6))
@example(payload={"case": {"reference": "ESC-0001", "question": 'Wie? "é" \u2028\x01\x7f😀'}})
def test_a_payload_is_encoded_as_the_standard_library_encodes_it(payload: dict[str, Any]) -> None:
    assert encode(payload) == stdlib(payload)


@given(number=st.floats(allow_nan=False, allow_infinity=False))
def test_a_float_reads_back_as_the_same_number(number: float) -> None:
    """orjson writes small exponents its own way (1e-7 rather than 1e-07): the same number."""
    assert json.loads(encode({"x": number})) == {"x": number}


@pytest.mark.parametrize(
    "payload",
    [{"1": 1, 2: "int key"}, {"big": 2**70}, {"surrogate": "\ud800"}, {"tuple": (1, 2)}],
    ids=["int-key", "beyond-64-bits", "lone-surrogate", "tuple"],
)
def test_what_orjson_refuses_is_encoded_by_the_standard_library(payload: dict[Any, Any]) -> None:
    assert encode(payload) == stdlib(payload)


@pytest.mark.parametrize(
    "payload",
    [
        {"x": float("inf")},
        {"x": [1.5, float("-inf")], "y": None},
        {"x": {"nan": float("nan")}},
        {"null": "null", "x": None},
    ],
    ids=["infinity", "minus-infinity", "nan", "null"],
)
def test_a_float_that_is_not_finite_is_written_as_the_standard_library_writes_it(
    payload: dict[str, Any],
) -> None:
    """orjson writes NaN and the infinities as ``null``, a silent change of the value (attacker
    review): the encoder writes what the standard library writes (``Infinity``, ``NaN``)."""
    assert encode(payload) == stdlib(payload)
    assert "null" not in encode({"x": float("inf")})


@pytest.mark.parametrize(
    "value", [START, START.date(), object()], ids=["datetime", "date", "object"]
)
def test_what_the_standard_library_refuses_is_still_refused(value: object) -> None:
    with pytest.raises(TypeError):
        encode({"value": value})


def test_an_event_row_stores_the_kind_as_plain_text() -> None:
    """sqlite3 adapts a str subclass before binding it, which costs more than the insert."""
    row = resumed("ESC-0001-TEST", 0).row()
    assert row[1] == "resumed" and type(row[1]) is str


PAYLOAD: dict[EventKind, dict[str, Any]] = {
    EventKind.TRIAGED: {"model": "m", "route": "tafel", "route_name": "Tafel"},
    EventKind.PLANNED: {"model": "m", "forum": "tafel", "slot": "2026-03-16T09:15:00+01:00"},
    EventKind.AGREEMENT_ADDED: {
        "action": "a", "owner": "o", "due": "2026-04-01", "lead": "Lokalis", "audience": [],
    },
    EventKind.AGREEMENT_DONE: {"number": 1},
    EventKind.INSIGHT_ADDED: {"theme": "process", "text": "t"},
    EventKind.CONSENT_RECORDED: {"giver": "parents", "parties": ["JGZ"], "what": ["plan"]},
    EventKind.CONSENT_WITHDRAWN: {"giver": "parents", "parties": ["JGZ"], "what": ["plan"]},
    EventKind.CAPACITY_ASSESSED: {"capable": False},
    EventKind.SUSPENDED: {"reason": "r"},
    EventKind.RESUMED: {},
    EventKind.AGREEMENTS_ALIGNED: {"count": 1},
    EventKind.COMMISSION_DECIDED: {"decision": {"outcome": "granted"}},
    EventKind.CLOSED: {"outcome": "solved"},
}  # fmt: skip


def replayable(kinds: list[EventKind]) -> list[tuple[Any, ...]]:
    """Stored rows of one case: submitted, then ``kinds`` where they make sense (an agreement
    done needs one added; a resumption, a suspension)."""
    rows: list[tuple[Any, ...]] = []
    agreements, suspended = 0, False
    for kind in [EventKind.SUBMITTED, *kinds]:
        if kind is EventKind.AGREEMENT_DONE and not agreements:
            continue
        if kind is EventKind.RESUMED and not suspended:
            continue
        agreements += kind is EventKind.AGREEMENT_ADDED
        suspended = {EventKind.SUSPENDED: True, EventKind.RESUMED: False}.get(kind, suspended)
        payload = PAYLOAD.get(kind, {"case": {"age": 14}, "model": "m"})
        at = (START + timedelta(hours=len(rows))).isoformat()
        rows.append((len(rows) + 1, "ESC-0001-TEST", kind.value, at, "tester", stdlib(payload)))
    return rows


@given(kinds=st.lists(st.sampled_from(sorted(set(EventKind) - {EventKind.SUBMITTED})), max_size=14))
@example(kinds=[k for k in EventKind if k is not EventKind.SUBMITTED])
@example(kinds=[EventKind.SUSPENDED, EventKind.RESUMED, EventKind.AGREEMENT_ADDED,
                EventKind.SUSPENDED, EventKind.CLOSED])  # fmt: skip
def test_the_history_has_every_change_of_status(kinds: list[EventKind]) -> None:
    """The fold's history against the status after every prefix of the log, worked out anew."""
    rows = replayable(kinds)
    expected: list[tuple[Status, datetime]] = []
    for end in range(1, len(rows) + 1):
        status = fold_rows(rows[:end])["ESC-0001-TEST"].status
        if not expected or expected[-1][0] is not status:
            expected.append((status, datetime.fromisoformat(rows[end - 1][3])))
    state = fold_rows(rows)["ESC-0001-TEST"]
    assert state.history == expected
    assert state.events == len(rows)
    assert state.last_at == datetime.fromisoformat(rows[-1][3])


BIG_NUMBERS = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXT
    | st.floats(allow_nan=False) | st.text(max_size=4),  # lone surrogates too
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)  # fmt: skip
"""Payload values orjson reads differently or refuses: integers beyond 64 bits, infinities and
lone surrogates, as :func:`encode` writes them through the standard library."""


def folded(document: Any, decision: Any, text: str) -> tuple[tuple[str, str, str], ...]:
    """A case's document, decision and insight text as the rebuild reads them (as JSON), and
    as :func:`json.loads` reads the payloads stored."""
    payloads = [
        (EventKind.SUBMITTED, {"case": document, "model": "m"}),
        (EventKind.COMMISSION_DECIDED, {"decision": decision}),
        (EventKind.INSIGHT_ADDED, {"theme": "process", "text": text}),
    ]
    rows = [
        (n, "ESC-0001-TEST", kind.value, START.isoformat(), "tester", encode(payload))
        for n, (kind, payload) in enumerate(payloads, 1)
    ]
    state = fold_rows(rows)["ESC-0001-TEST"]
    read = [json.loads(row[5]) for row in rows]
    return (
        (stdlib(state.document), stdlib(state.decisions[0][1]), state.insights[0].text),
        (stdlib(read[0]["case"]), stdlib(read[1]["decision"]), read[2]["text"]),
    )


@given(document=BIG_NUMBERS, decision=BIG_NUMBERS, text=st.text(min_size=1, max_size=6))
@example(document={"age": 14, "n": 2**70}, decision={"cost_eur": -(2**64)}, text="\ud800")
@example(document=[1.5, 10**25, float("inf")], decision=1e-7, text="é\U0001f600")
def test_the_rebuild_reads_a_payload_as_the_standard_library(
    document: Any, decision: Any, text: str
) -> None:
    """orjson reads the payloads, the standard library what orjson refuses or reads otherwise
    (an integer beyond 64 bits it would read as a float): the states are the same."""
    rebuilt, read = folded(document, decision, text)
    assert rebuilt == read
    assert read[2] == text


def test_a_payload_written_with_spaces_reads_the_same() -> None:
    """Older versions wrote ``json.dumps`` with its default separators."""
    document = {"age": 14, "big": 2**70, "items": [1, 2]}
    rows = [(1, "ESC-0001-TEST", "submitted", START.isoformat(), "tester",
             json.dumps({"case": document, "model": "m"}))]  # fmt: skip
    state = fold_rows(rows)["ESC-0001-TEST"]
    assert stdlib(state.document) == stdlib(document)


@pytest.mark.parametrize("caller_had_them_off", [False, True])
def test_the_rebuild_leaves_attrs_validators_as_the_caller_had_them(
    caller_had_them_off: bool,
) -> None:
    """The rebuild turns attrs' validators off for its loop only: a program that reads the
    register inside its own ``attrs.validators.disabled()`` block keeps them off after it,
    and one that did not keeps them on (on attrs 25.3 and 25.4 a nested ``disabled()`` turned
    them back on, and a stored case was refused after the rebuild)."""
    import attrs

    rows = [(1, "ESC-0001-TEST", "submitted", START.isoformat(), "tester",
             json.dumps({"case": {"age": 14}, "model": "m"}))]  # fmt: skip
    attrs.validators.set_disabled(caller_had_them_off)
    try:
        assert fold_rows(rows)["ESC-0001-TEST"].age == 14
        assert attrs.validators.get_disabled() is caller_had_them_off
        with pytest.raises(KeyError):  # an unknown case: the loop ends with an error
            fold_rows([(*rows[0][:2], "resumed", *rows[0][3:])])
        assert attrs.validators.get_disabled() is caller_had_them_off
    finally:
        attrs.validators.set_disabled(False)


MOMENTS = st.sampled_from(
    [
        START,
        START + timedelta(hours=1),
        START.replace(tzinfo=None).replace(tzinfo=UTC),  # the same fields, UTC
        datetime(2026, 10, 25, 2, 30, tzinfo=AMSTERDAM),  # the hour the clock repeats
        datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=AMSTERDAM),
        datetime(2026, 10, 25, 1, 30, tzinfo=timezone(timedelta(hours=2))),  # equal to it
    ]
)


@given(moments=st.lists(st.tuples(MOMENTS, st.none() | MOMENTS), max_size=8))
def test_a_batch_of_rows_is_each_events_row(
    moments: list[tuple[datetime, datetime | None]],
) -> None:
    """A batch writes each moment once while the next event has the same one: the text is
    still each event's own ``isoformat`` (another zone or ``fold`` with the same fields, or
    an equal moment in another zone, is written anew)."""
    from escalatie.register.events import rows

    events = [
        Event(f"ESC-{n:04d}-TEST", EventKind.RESUMED, at, "tester", {"n": n}, recorded=recorded)
        for n, (at, recorded) in enumerate(moments)
    ]
    assert rows(events) == [event.row() for event in events]


@given(
    kinds=st.lists(
        st.lists(st.sampled_from(sorted(set(EventKind) - {EventKind.SUBMITTED})), max_size=8),
        min_size=1,
        max_size=3,
    ),
    order=st.randoms(use_true_random=False),
    same_moment=st.booleans(),
)
def test_interleaved_cases_fold_as_each_case_alone(
    kinds: list[list[EventKind]], order: Any, same_moment: bool
) -> None:
    """The fold takes the row before's case and moment again without a lookup or a parse
    (a command's events): cases interleaved in any order, at one moment or at many, give the
    states that each case's rows alone give."""
    cases: dict[str, list[tuple[Any, ...]]] = {}
    for n, case_kinds in enumerate(kinds):
        case_id = f"ESC-{n:04d}-TEST"
        cases[case_id] = [
            (seq, case_id, kind, START.isoformat() if same_moment else at, actor, payload)
            for seq, _, kind, at, actor, payload in replayable(case_kinds)
        ]
    queues = {case_id: list(rows) for case_id, rows in cases.items()}
    interleaved: list[tuple[Any, ...]] = []
    while queues:
        case_id = order.choice(sorted(queues))
        interleaved.append(queues[case_id].pop(0))
        if not queues[case_id]:
            del queues[case_id]
    folded = fold_rows(interleaved)
    assert folded == {case_id: fold_rows(rows)[case_id] for case_id, rows in cases.items()}
