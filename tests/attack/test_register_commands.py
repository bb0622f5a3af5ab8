"""Generated and mutated documents into the register, then hostile text through every register
command on the case: each answer keeps the rule (exit 0, or one ``error:`` line per problem),
and what ``case show`` reads back is what was written.

The default run tries a handful of documents; ``pytest -m slow`` tries many more.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from escalatie.testing.mutations import HOSTILE_TEXT, mutated_documents
from escalatie.testing.strategies import case_documents

Run = Callable[..., Result]
AT = "2026-03-02T10:00"

ARGUMENTS = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=20),
    st.just("x" * 5000),
    st.sampled_from(["JGZ", "Veilig Thuis", "school", "ouders", "-", "--", "-h"]),
)

DOCUMENTS = st.one_of(
    case_documents(with_identity=None).map(json.dumps),
    mutated_documents(case_documents(with_identity=None), max_mutations=1),
)


def commands(case_id: str, text: list[str]) -> list[tuple[str, ...]]:
    """Every register command on ``case_id``, with hostile text where free text goes."""
    t = iter(text * 4)
    return [
        ("case", "show", case_id, "--at", AT),
        ("case", "show", case_id, "--json", "--reveal", "--reason", next(t), "--at", AT),
        ("case", "triage", case_id, "--json", "--at", AT),
        ("case", "plan", case_id, "--slot", "2026-03-16T09:15", "--by-agreement", "--at", AT),
        ("agreement", "add", case_id, "--action", next(t), "--owner", next(t), "--due",
         "2026-04-01", "--lead", next(t), "--audience", next(t), "--at", AT),
        ("agreement", "done", case_id, "1", "--at", AT),
        ("agreements", "--case", case_id, "--at", AT),
        ("insight", "add", case_id, "--theme", "process", "--text", next(t), "--at", AT),
        ("consent", "add", case_id, "--giver", "parents", "--with", next(t), "--what", "plan",
         "--at", AT),
        ("consent", "check", case_id, "--with", next(t), "--what", "plan", "--at", AT),
        ("case", "share", case_id, "--with", next(t), "--what", "plan", "--reason", next(t),
         "--at", AT),
        ("case", "export", case_id, "--format", "zgw", "--at", AT),
        ("case", "export", case_id, "--format", "json", "--at", AT),
        ("case", "suspend", case_id, "--reason", next(t), "--at", AT),
        ("case", "resume", case_id, "--at", "2026-03-09T10:00"),
        ("case", "close", case_id, "--note", next(t), "--at", "2026-03-10T10:00"),
        ("learn", "report", "--at", "2026-03-11T10:00"),
        ("audit", "--case", case_id, "--at", "2026-03-11T10:00"),
        ("case", "list", "--json", "--at", "2026-03-11T10:00"),
    ]  # fmt: skip


def attack(run: Run, document: str, text: list[str]) -> dict[str, int]:
    """Submit ``document``; if registered, run every command. Returns exit codes counted."""
    codes = {0: 0, 1: 0, 2: 0}
    new = run("case", "new", "-", "--json", "--at", AT, input=document)
    codes[new.exit_code] += 1
    if new.exit_code != 0:
        return codes
    case_id = json.loads(new.stdout)["id"]
    shown = json.loads(run("case", "show", case_id, "--json", "--at", AT).stdout)
    assert shown["id"] == case_id
    for args in commands(case_id, text):
        codes[run(*args).exit_code] += 1
    return codes


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document=DOCUMENTS, text=st.lists(ARGUMENTS, min_size=4, max_size=4))
def test_documents_and_text_through_every_register_command(
    run: Run, document: str, text: list[str]
) -> None:
    attack(run, document, text)


@pytest.mark.slow
@settings(  # the slow job's long run (4 examples above in the default run): many on purpose
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document=DOCUMENTS, text=st.lists(ARGUMENTS, min_size=4, max_size=4))
def test_many_documents_and_text_through_every_register_command(
    run: Run, document: str, text: list[str]
) -> None:
    attack(run, document, text)


@pytest.mark.parametrize(
    "document",
    [
        json.dumps(
            {
                "reference": "a",
                "age": 1,
                "question": "q",
                "domains": [{"kind": "care", "question": "q"}],
                "submitter": {"role": "parent"},
                "plan": "'; DROP TABLE events; --",
            }
        ),
        '{"reference": "a", "reference": "b"}',
        '{"age": ' + "1" * 5000 + "}",
        '{"plan": "\\udc80"}',
        "[" * 100_000 + "]" * 100_000,
        "\ufeff{}",
        "x" * 1_000_001,
    ],
    ids=["sql", "repeated-key", "long-number", "surrogate", "deep", "bom", "too-large"],
)
def test_known_attacks_on_case_new(run: Run, document: str) -> None:
    codes = attack(run, document, ["x", "y", "z", "w"])
    if "DROP TABLE" in document:
        assert codes[0] >= 10  # registered and worked on: SQL in text is only text
    else:
        assert codes == {0: 0, 1: 1, 2: 0}


def test_sql_in_text_is_kept_as_text(run: Run) -> None:
    doc: dict[str, Any] = {
        "reference": "sql-1",
        "age": 12,
        "question": "Robert'); DROP TABLE events;--",
        "domains": [{"kind": "care", "question": "' OR 1=1 --"}],
        "submitter": {"role": "parent"},
    }
    case_id = json.loads(
        run("case", "new", "-", "--json", "--at", AT, input=json.dumps(doc)).stdout
    )["id"]
    shown = json.loads(run("case", "show", case_id, "--json", "--at", AT).stdout)
    assert shown["case"]["question"] == doc["question"]
    assert shown["case"]["domains"][0]["question"] == doc["domains"][0]["question"]
    assert len(json.loads(run("case", "list", "--json", "--at", AT).stdout)) == 1
