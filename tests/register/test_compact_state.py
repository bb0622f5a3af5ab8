"""A rebuilt state is kept compact (issue 16, docs/benchmarks.md, Register): the case document
stays the stored text until asked for, and names many cases carry are one shared text.
What a state gives is the same as before."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from escalatie.clock import AMSTERDAM
from escalatie.errors import EscalatieError
from escalatie.register.events import Event, EventKind, encode
from escalatie.register.register import Register
from escalatie.register.state import CaseState, fold_rows

START = datetime(2026, 3, 2, 10, 0, tzinfo=AMSTERDAM)
DOCUMENT = {"reference": "ESC-0001-TEST", "age": 14, "question": "Wie organiseert het?"}


def row(seq: int, case_id: str, kind: EventKind, payload: Any) -> tuple[Any, ...]:
    at = (START + timedelta(minutes=seq)).isoformat()
    return (seq, case_id, kind.value, at, "tester", encode(payload))


def agreement(lead: str) -> dict[str, Any]:
    return {"action": "Begeleiding", "owner": "Gemeente", "due": "2026-04-01", "lead": lead,
            "audience": ["Samen Veilig"]}  # fmt: skip


def test_the_document_is_read_when_first_asked_for_and_is_the_same() -> None:
    payload = {"case": DOCUMENT, "model": "utrecht-maatwerktafel"}
    rows = [row(1, "ESC-0001-TEST", EventKind.SUBMITTED, payload)]
    state = fold_rows(rows)["ESC-0001-TEST"]
    unread = fold_rows(rows)["ESC-0001-TEST"]
    assert state.model == "utrecht-maatwerktafel"
    assert state.document == DOCUMENT
    assert state.document is state.document  # read once, then kept
    assert state.age == 14
    # A state whose document was read equals one whose document was not, and one made
    # with the document itself; its repr shows the document either way.
    fresh = CaseState("ESC-0001-TEST", state.submitted_at, DOCUMENT,
                      model="utrecht-maatwerktafel", models=["utrecht-maatwerktafel"],
                      last_at=state.last_at, events=1,
                      history=list(state.history))  # fmt: skip
    assert unread == fold_rows(rows)["ESC-0001-TEST"]
    assert unread == fresh
    assert repr(unread) == repr(fresh)
    assert "Wie organiseert het?" in repr(unread)


def test_a_document_beyond_what_orjson_reads_is_read_as_the_standard_library_reads_it() -> None:
    document = {"age": 14, "cost": 2**70, "text": "\ud800"}
    rows = [row(1, "ESC-0001-TEST", EventKind.SUBMITTED, {"case": document, "model": "m"})]
    assert fold_rows(rows)["ESC-0001-TEST"].document == json.loads(rows[0][5])["case"]


@pytest.mark.parametrize(
    "payload", [{"model": "m"}, ["case"], "case"], ids=["no-case", "a-list", "a-text"]
)
def test_a_submission_without_a_document_is_still_found_by_the_rebuild(
    tmp_path: Path, payload: Any
) -> None:
    """The document is read again only when asked for, but the rebuild reads the payload and
    looks for it, so a damaged submission fails the rebuild as before, in one line."""
    path = tmp_path / "register.sqlite3"
    with Register.open(path, create=True) as reg, reg.transaction():
        reg.append([Event("ESC-0001-TEST", EventKind.SUBMITTED, START, "tester", {"case": {}})])
        reg.append([Event("ESC-0002-TEST", EventKind.SUBMITTED, START, "tester", payload)])
    with Register.open(path) as reg, pytest.raises(EscalatieError) as caught:
        reg.states()
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: the event log cannot be replayed (")
    assert message.endswith("the register is damaged")


def test_names_that_many_cases_carry_are_one_text() -> None:
    """A model, forum, organisation or party read from many payloads is one shared text;
    free text (an agreement's action) is kept as read, and a value that is not text as it is."""
    rows: list[tuple[Any, ...]] = []
    for n, case_id in enumerate(["ESC-0001-TEST", "ESC-0002-TEST"]):
        rows += [
            row(10 * n + 1, case_id, EventKind.SUBMITTED, {"case": DOCUMENT, "model": "m"}),
            row(10 * n + 2, case_id, EventKind.PLANNED, {"model": "m", "forum": "tafel",
                "slot": "2026-03-16T09:15:00+01:00", "override": {"triage_route": "elders"}}),
            row(10 * n + 3, case_id, EventKind.AGREEMENT_ADDED, agreement("Lokalis")),
            row(10 * n + 4, case_id, EventKind.CONSENT_RECORDED,
                {"giver": "parents", "parties": ["JGZ"], "what": ["plan"]}),
            row(10 * n + 5, case_id, EventKind.CLOSED, {"outcome": "resolved"}),
        ]  # fmt: skip
    rows.append(row(30, "ESC-0002-TEST", EventKind.TRIAGED,
                    {"model": "m", "route": None, "route_name": 7}))  # fmt: skip
    first, second = fold_rows(rows).values()
    assert (first.forum, first.overrides[0][2], first.outcome) == ("tafel", "elders", "resolved")
    assert first.forum is second.forum and first.model is second.model
    assert first.overrides[0][2] is second.overrides[0][2]
    assert first.outcome is second.outcome
    a, b = first.agreements[0], second.agreements[0]
    assert (a.owner, a.lead, a.audience) == ("Gemeente", "Lokalis", ("Samen Veilig",))
    assert a.owner is b.owner and a.lead is b.lead and a.audience[0] is b.audience[0]
    assert next(iter(first.lead_since)) is a.lead
    assert first.consents[0].parties[0] is second.consents[0].parties[0]
    assert (second.route, second.route_name) == (None, 7)
