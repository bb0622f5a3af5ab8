"""Documents generated from `escalatie schema case` go through every model's triage cleanly."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from escalatie.case import Case
from escalatie.clock import AMSTERDAM
from escalatie.documents import structure
from escalatie.errors import InvalidDocument
from escalatie.plugins import Registry
from escalatie.schema import case_schema
from escalatie.testing.properties import cites_a_document
from escalatie.testing.schema import from_schema
from escalatie.triaging import triage

MOMENTS = st.integers(0, 3 * 365 * 24).map(
    lambda hours: datetime(2026, 1, 1, tzinfo=AMSTERDAM) + timedelta(hours=hours)
)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(doc=from_schema(case_schema()), at=MOMENTS)
def test_every_installed_model_triages_generated_documents(
    registry: Registry, doc: dict[str, Any], at: datetime
) -> None:
    try:
        case = structure(doc, Case)
    except InvalidDocument as exc:  # only what the schema cannot express
        assert all("bsn" in p or "date" in p or "submitted_at" in p for p in exc.problems)
        return
    for model in registry.models.values():
        result = triage(registry, model, case, at)
        assert result.model == model.name
        assert result.case_reference == case.reference
        if result.eligible:
            assert result.reasons, f"{model.name}: eligible without a reason"
        for reason in (*result.reasons, *result.missing, *result.actions):
            assert cites_a_document(reason), reason


@settings(max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=from_schema(case_schema()))
def test_generated_documents_through_the_cli(
    tmp_path_factory: pytest.TempPathFactory, doc: dict[str, Any]
) -> None:
    path: Path = tmp_path_factory.mktemp("docs") / "case.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, out, _ = run_main(["models", "--json"])
    for name in [m["name"] for m in json.loads(out)]:
        code, out, err = run_main(
            ["-m", name, "triage", str(path), "--at", "2026-05-04T12:00", "--json"]
        )
        assert code in (0, 1), err
        assert "Traceback" not in err
        if code == 0:
            assert json.loads(out)["model"] == name
        else:
            assert err.startswith("error: ") and all(
                line.startswith("error: ") for line in err.splitlines()
            )


def run_main(args: list[str]) -> tuple[int, str, str]:
    """Run the real entry point (with its error handling), capturing output and exit code."""
    from escalatie.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(args)
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()
