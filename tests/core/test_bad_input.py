"""Every bad input gets one line (issue 19): the JSON edge, the converter, the clock.

What a fuzzing run found broke with a traceback or was accepted: lone surrogates, numbers too
long for Python, repeated keys, BSNs with spaces or full-width digits, dates of birth that
contradict the age, times the Amsterdam clock skips or repeats, huge documents and huge echoed
values. Each is refused here with one line naming the JSON path or the option.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from escalatie.case import Case, birth_problems
from escalatie.clock import AMSTERDAM, parse_moment
from escalatie.documents import (
    MAX_DOCUMENT_CHARS,
    case_from_json,
    load_case,
    parse_json,
    read_text,
    structure,
)
from escalatie.errors import ECHO_LIMIT, EscalatieError, InvalidDocument, shown

FULL: dict[str, Any] = {
    "reference": "T-19",
    "age": 14,
    "question": "Welke school past?",
    "domains": [{"kind": "education", "question": "Passend onderwijs", "need": "Vervoer"}],
    "submitter": {"role": "district_team", "organisation": "Buurtteam Oost"},
    "perspective": "Thuis wonen",
    "plan": "Ambulante hulp",
    "prior_steps": [{"kind": "ask_consult", "by": "ASK", "tried": "consult", "resolved": False}],
    "parties": [{"organisation": "School", "role": "education", "currently_involved": True}],
    "requested_care": [{"kind": "ambulant", "description": "Begeleiding", "provider": "Aanbieder"}],
    "safety": {"level": "concern", "description": "Zorgen"},
    "obstacles": ["no_contract"],
    "conditions": ["autism"],
    "submitted_at": "2026-03-01T10:00:00+01:00",
    "municipality": "Utrecht",
    "identity": {
        "name": "Sanne Voorbeeld",
        "bsn": "111222333",
        "address": "Voorbeeldstraat 1",
        "phone": "06-12345678",
        "email": "gezin@example.org",
        "date_of_birth": "2011-06-01",
    },
}
"""A case document with every field filled, every text field among them."""


def text_paths(value: Any, path: str = "$") -> Iterator[tuple[str, list[Any]]]:
    """Every string leaf of a document: its JSON path and the keys that reach it."""
    if isinstance(value, str):
        yield path, []
    elif isinstance(value, dict):
        for key, item in value.items():
            for sub, keys in text_paths(item, f"{path}.{key}"):
                yield sub, [key, *keys]
    elif isinstance(value, list):
        for i, item in enumerate(value):
            for sub, keys in text_paths(item, f"{path}[{i}]"):
                yield sub, [i, *keys]


def with_value(doc: dict[str, Any], keys: list[Any], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    target: Any = out
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = value
    return out


TEXT_FIELDS = list(text_paths(FULL))


def test_the_full_document_is_valid_and_has_every_text_field() -> None:
    case = structure(FULL, Case)
    assert case.identity is not None and case.identity.bsn == "111222333"
    assert len(TEXT_FIELDS) >= 23


@pytest.mark.parametrize(("path", "keys"), TEXT_FIELDS, ids=[p for p, _ in TEXT_FIELDS])
def test_a_lone_surrogate_in_any_text_field_is_one_line(path: str, keys: list[Any]) -> None:
    text = json.dumps(with_value(FULL, keys, "a\udc80b"))  # "\udc80" escaped: valid JSON
    with pytest.raises(InvalidDocument) as info:
        case_from_json(text, "case.json")
    assert info.value.problems == [
        f"case.json: {path}: expected Unicode text, got a lone surrogate (U+D800 to U+DFFF)"
    ]


def test_a_lone_surrogate_in_a_key_or_from_python_is_refused() -> None:
    with pytest.raises(InvalidDocument) as info:
        parse_json('{"\\udc80": 1}', "doc")
    assert info.value.problems[0].startswith('doc: $["\\udc80"]: expected Unicode text')
    with pytest.raises(InvalidDocument) as info:
        structure({**FULL, "plan": "\ud800"}, Case)  # an API caller, not JSON
    assert info.value.problems == [
        "$.plan: expected Unicode text, got a lone surrogate (U+D800 to U+DFFF)"
    ]


def test_a_surrogate_pair_is_ordinary_text() -> None:
    case = case_from_json(json.dumps({**FULL, "plan": "😀"}, ensure_ascii=True))
    assert case.plan == "😀"


@pytest.mark.parametrize("where", ["age", "nested"])
def test_a_number_of_5000_digits_is_one_line(where: str) -> None:
    doc = json.dumps(FULL).replace('"age": 14', '"age": ' + "9" * 5000)
    if where == "nested":
        doc = json.dumps(FULL)[:-1] + ', "x": [' + "1" * 5000 + "]}"
    with pytest.raises(EscalatieError) as info:
        case_from_json(doc, "case.json")
    assert str(info.value) == (
        "case.json: a number of more than 4300 digits; expected numbers a case document holds"
    )


def test_a_long_number_below_the_limit_is_cut_when_echoed() -> None:
    with pytest.raises(InvalidDocument) as info:
        case_from_json(json.dumps(FULL).replace('"age": 14', '"age": ' + "9" * 4000))
    (line,) = info.value.problems
    assert line.startswith("$.age: expected a whole number from 0 to 120, got 9999")
    assert len(line) < 200


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ('{"a": 1, "a": 2}', ["$.a"]),
        ('{"domains": [{"kind": 1}, {"kind": 1, "kind": 2}]}', ["$.domains[1].kind"]),
        ('{"x": {"b": 1, "b": 2, "c": 1, "c": 1}}', ["$.x.b", "$.x.c"]),
        ('{"odd key": 1, "odd key": 2}', ['$["odd key"]']),
    ],
)
def test_a_repeated_key_is_refused_naming_key_and_path(text: str, problems: list[str]) -> None:
    with pytest.raises(InvalidDocument) as info:
        parse_json(text, "doc")
    assert info.value.problems == [
        f"doc: {p}: key given more than once in one object; expected each key once"
        for p in problems
    ]


def test_a_document_past_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    padding = "x" * (MAX_DOCUMENT_CHARS + 10)
    big.write_text(json.dumps({**FULL, "plan": padding}), encoding="utf-8")
    message = f"{big}: expected a document of at most 1,000,000 characters; this one is longer"
    with pytest.raises(EscalatieError, match=r"at most 1,000,000 characters") as info:
        load_case(big)
    assert str(info.value) == message
    with pytest.raises(EscalatieError, match=r"at most 1,000,000 characters"):
        parse_json(big.read_text(encoding="utf-8"), "x")
    at_limit = tmp_path / "ok.json"
    at_limit.write_text("[" + " " * (MAX_DOCUMENT_CHARS - 2) + "]", encoding="utf-8")
    assert len(read_text(at_limit)) == MAX_DOCUMENT_CHARS


def test_an_echoed_value_is_cut() -> None:
    huge = "Q" * 1_000_000
    with pytest.raises(InvalidDocument) as info:
        structure({**FULL, "reference": huge, "age": huge, "domains": [huge]}, Case)
    assert len(info.value.problems) == 3
    for line in info.value.problems:
        assert len(line) < 200, line
        assert "…" in line or "JSON" in line
    assert shown("x" * 1000).endswith("…") and len(shown("x" * 1000)) == ECHO_LIMIT
    assert shown(10**5000) == "a whole number of more than 4300 digits"
    with pytest.raises(EscalatieError) as moment:
        parse_moment("9" * 10_000, "--at")
    assert len(str(moment.value)) < 200


@pytest.mark.parametrize(
    "bsn",
    [
        "111 222 333",
        "111.222.333",
        "１11222333",
        "111222333\n",
        " 111222333",
        "11122233",
        "123456789",
    ],
)
def test_a_bsn_is_exactly_nine_ascii_digits_that_pass_the_11_check(bsn: str) -> None:
    with pytest.raises(InvalidDocument) as info:
        structure({**FULL, "identity": {"bsn": bsn}}, Case)
    assert info.value.problems == [
        "$.identity.bsn: expected a BSN of exactly 9 digits (0-9) that passes the 11-check"
    ]


def test_every_problem_at_once() -> None:
    """Issue 11, point 7: three problems, three lines, in one run, unknown fields included."""
    doc = {
        **FULL,
        "extra": 1,
        "age": 130,
        "domains": "education",
        "safety": {"level": "high", "descripton": "x"},
        "identity": {"bsn": "111 222 333", "name": 7},
    }
    with pytest.raises(InvalidDocument) as info:
        structure(doc, Case)
    assert sorted(info.value.problems) == sorted(
        [
            "$.extra: unknown field, not part of the schema",
            "$.age: expected a whole number from 0 to 120, got 130",
            '$.domains: expected a list, got "education"',
            '$.safety.level: expected one of none, concern, acute; got "high"',
            "$.safety.descripton: unknown field, not part of the schema (did you mean description?)",
            "$.identity.name: expected a string, got 7",
            "$.identity.bsn: expected a BSN of exactly 9 digits (0-9) that passes the 11-check",
        ]
    )


def test_missing_fields_are_reported_with_the_rest() -> None:
    with pytest.raises(InvalidDocument) as info:
        structure({"reference": "a b", "unknown": 1}, Case)
    assert sorted(info.value.problems) == sorted(
        [
            "$.unknown: unknown field, not part of the schema",
            "$.age: required field missing",
            "$.question: required field missing",
            "$.domains: required field missing",
            "$.submitter: required field missing",
            "$.reference: expected 1 to 64 letters, digits, '.', '_' or '-', got 'a b'",
        ]
    )


@pytest.mark.parametrize(
    ("born", "age", "expected"),
    [
        ("2011-06-01", 14, []),
        ("2011-06-01", 13, []),  # written shortly before the birthday
        ("2011-03-01", 15, []),
        ("2011-06-01", 15, ["gives age 14 on 2026-03-01, but $.age is 15"]),
        ("2011-06-01", 9, ["gives age 14"]),
        ("2026-03-02", 0, ["on or before submitted_at (2026-03-01)"]),
        ("2027-01-01", 0, ["on or before the day the case is registered (2026-03-02)"]),
    ],
)
def test_a_date_of_birth_must_agree_with_the_age_and_not_lie_ahead(
    born: str, age: int, expected: list[str]
) -> None:
    case = structure(with_value({**FULL, "age": age}, ["identity", "date_of_birth"], born), Case)
    problems = birth_problems(case, date(2026, 3, 2))
    assert len(problems) == len(expected)
    for problem, part in zip(problems, expected, strict=True):
        assert problem.startswith("$.identity.date_of_birth: ") and part in problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-29T02:30", "does not exist in Europe/Amsterdam"),
        ("2026-03-29T02:00", "does not exist in Europe/Amsterdam"),
        ("2026-10-25T02:30", "expected a UTC offset: 2026-10-25T02:30+02:00 (the first) or"),
    ],
)
def test_a_time_the_clock_skips_or_repeats_is_refused(text: str, expected: str) -> None:
    with pytest.raises(EscalatieError, match=r"^--at: ") as info:
        parse_moment(text, "--at")
    assert expected in str(info.value)


def test_around_the_switches_times_with_an_offset_or_outside_the_hour_are_read() -> None:
    assert parse_moment("2026-10-25T02:30+02:00", "--at").utcoffset().total_seconds() == 7200  # type: ignore[union-attr]
    assert parse_moment("2026-10-25T02:30+01:00", "--at").utcoffset().total_seconds() == 3600  # type: ignore[union-attr]
    assert parse_moment("2026-03-29T03:00", "--at") == datetime(2026, 3, 29, 3, tzinfo=AMSTERDAM)
    assert parse_moment("2026-03-29T01:59", "--at").utcoffset().total_seconds() == 3600  # type: ignore[union-attr]
    assert parse_moment("2026-03-29", "--at").hour == 0
