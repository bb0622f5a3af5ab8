"""Schema-generated and mutated case documents through the reader and every installed model.

Every answer is a case or one line per problem (short, starting with the JSON path or the
source); never another exception. A valid case goes through every model's triage and the
renderers of its result without one.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from escalatie.case import Case
from escalatie.clock import AMSTERDAM
from escalatie.documents import case_from_json, structure
from escalatie.errors import EscalatieError, InvalidDocument
from escalatie.plugins import Registry, default_registry
from escalatie.report import render_triage, triage_data
from escalatie.schema import case_schema
from escalatie.testing.mutations import mutated_documents
from escalatie.testing.schema import from_schema
from escalatie.testing.strategies import case_documents, triage_moments
from escalatie.triaging import triage

AT = datetime(2026, 3, 2, 10, 0, tzinfo=AMSTERDAM)
SCHEMA = case_schema()


@pytest.fixture(scope="module")
def registry() -> Registry:
    return default_registry()


def read(text: str) -> Case | None:
    """A case, or None after checking that the refusal is one short line per problem."""
    try:
        return case_from_json(text, "doc")
    except InvalidDocument as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.startswith(("$", "doc: $")), problem[:200]
            assert "\n" not in problem and len(problem) < 400, problem[:200]
        return None
    except EscalatieError as exc:
        assert str(exc).startswith("doc: ") and len(str(exc)) < 400, str(exc)[:200]
        return None


def through_every_model(registry: Registry, case: Case, at: datetime) -> None:
    for model in registry.models.values():
        result = triage(registry, model, case, at)
        json.dumps(triage_data(result))
        render_triage(registry, result)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(doc=from_schema(SCHEMA), at=triage_moments())
def test_schema_generated_documents_are_read_or_refused_and_routed(
    registry: Registry, doc: dict[str, Any], at: datetime
) -> None:
    case = read(json.dumps(doc))
    if case is not None:
        through_every_model(registry, case, at)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(text=mutated_documents(case_documents(with_identity=None)))
def test_mutated_documents_are_read_or_refused_in_one_line_each(
    registry: Registry, text: str
) -> None:
    case = read(text)
    if case is not None:
        through_every_model(registry, case, AT)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    doc=case_documents(with_identity=None),
    junk=st.dictionaries(st.sampled_from(["extra", "x", "kind2"]), st.integers(), min_size=1),
)
def test_every_problem_is_reported_at_once(doc: dict[str, Any], junk: dict[str, int]) -> None:
    """Unknown fields never hide the other problems (issue 11, point 7)."""
    broken = {**doc, **junk, "age": -1, "question": 7}
    with pytest.raises(InvalidDocument) as info:
        structure(broken, Case)
    paths = sorted(p.split(":", 1)[0] for p in info.value.problems)
    assert paths == sorted(["$.age", "$.question", *(f"$.{k}" for k in junk)])
