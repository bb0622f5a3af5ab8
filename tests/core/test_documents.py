"""Case documents: round trips, strict structuring, path-qualified errors, the JSON Schema."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, reject, settings
from jsonschema import Draft202012Validator

from escalatie.case import Case
from escalatie.documents import structure, unstructure
from escalatie.errors import InvalidDocument
from escalatie.schema import case_schema
from escalatie.testing.schema import from_schema

SCHEMA = case_schema()


def _structure_or_skip(doc: dict[str, Any]) -> Case:
    try:
        return structure(doc, Case)
    except InvalidDocument as exc:
        # The schema cannot express the BSN 11-check or impossible days such as 02-30.
        if all("bsn" in p or "date" in p or "submitted_at" in p for p in exc.problems):
            reject()
        raise


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["additionalProperties"] is False
    assert set(SCHEMA["required"]) == {"reference", "age", "question", "domains", "submitter"}


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(from_schema(SCHEMA))
def test_round_trip_of_generated_documents(doc: dict[str, Any]) -> None:
    case = _structure_or_skip(doc)
    data = unstructure(case)
    assert structure(data, Case) == case
    assert json.loads(json.dumps(data)) == data
    Draft202012Validator(SCHEMA).validate(data)


def test_unstructured_case_validates_against_schema(case_data: dict[str, Any]) -> None:
    data = unstructure(structure(case_data, Case))
    Draft202012Validator(SCHEMA).validate(data)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"age": "15"}, "$.age: expected a whole number"),
        ({"age": 130}, "$.age: expected a whole number from 0 to 120"),
        ({"extra": 1}, "$.extra: unknown field, not part of the schema"),
        ({"obstacles": "no_contract"}, "$.obstacles: expected a list"),
        (
            {"obstacles": ["no_contract", "no_contract"]},
            "$.obstacles: value no_contract appears more",
        ),
        (
            {"submitted_at": "2026-01-01T10:00"},
            "$.submitted_at: expected a date-time with a UTC offset",
        ),
        ({"identity": {"bsn": "123456789"}}, "$.identity.bsn: expected a BSN"),
        ({"domains": []}, "$.domains: expected a non-empty value"),
        ({"safety": None}, "$.safety: expected a JSON object"),
        ({"question": "   "}, "$.question: expected a non-empty value"),
    ],
)
def test_bad_documents_name_the_path(
    case_data: dict[str, Any], change: dict[str, Any], expected: str
) -> None:
    with pytest.raises(InvalidDocument) as info:
        structure({**case_data, **change}, Case)
    assert any(p.startswith(expected) for p in info.value.problems), info.value.problems


def test_bad_enum_in_a_list_names_index_and_field(case_data: dict[str, Any]) -> None:
    doc = {**case_data, "domains": [*case_data["domains"], {"kind": "carex", "question": "x"}]}
    with pytest.raises(InvalidDocument) as info:
        structure(doc, Case)
    (problem,) = info.value.problems
    assert problem.startswith("$.domains[1].kind: expected one of care, education")


def test_an_obstacle_in_dutch_gets_the_same_hint_as_in_a_model_file(
    case_data: dict[str, Any],
) -> None:
    """A Dutch value (``"wachtlijst"``) gets the same hint in a case as in a model file:
    ``did you mean 'waiting_list'?``, not only the list of accepted values."""
    doc = {**case_data, "obstacles": ["wachtlijst"]}
    with pytest.raises(InvalidDocument) as info:
        structure(doc, Case)
    (problem,) = info.value.problems
    assert problem.startswith("$.obstacles[0]: expected one of ")
    assert problem.endswith('; got "wachtlijst" (did you mean waiting_list?)')


def test_every_problem_is_reported(case_data: dict[str, Any]) -> None:
    doc = {**case_data, "age": "x", "question": 3}
    del doc["submitter"]
    with pytest.raises(InvalidDocument) as info:
        structure(doc, Case)
    paths = sorted(p.split(":")[0] for p in info.value.problems)
    assert paths == ["$.age", "$.question", "$.submitter"]


def test_a_document_must_be_an_object() -> None:
    with pytest.raises(InvalidDocument, match=r"\$: expected a JSON object"):
        structure([], Case)
