"""compare's per-case path: decisions, cached row tails, CSV straight from the comparer.

The comparer builds a row's tail (everything but the case) once per model and decision and
reuses it; these tests hold every reused row equal to the row built from a fresh triage of the
same case, over many cases through ONE comparer (so the cache is exercised), and the CSV text
equal to the CSV writer's lines of those rows.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from datetime import datetime

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from escalatie.case import Case, DomainQuestion, LifeDomainKind, Obstacle
from escalatie.model import EscalationModel
from escalatie.plugins import Registry, make_plugin_manager
from escalatie.privacy import pseudonym, pseudonymise
from escalatie.research import compare as compare_module
from escalatie.research.cases import named_by_pseudonym
from escalatie.research.compare import COMPARE_ROW, Comparer, row_from_result
from escalatie.research.output import CsvLines, write_rows
from escalatie.testing.strategies import cases, synthetic_models, triage_moments
from escalatie.triaging import RouteFiring, Triager, TriageResult, fire_routes, triage

SETTINGS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@functools.cache
def _installed() -> tuple[Registry, list[EscalationModel]]:
    """The installed models, compiled once for the module (every example reads them only)."""
    registry = Registry(make_plugin_manager())
    return registry, list(registry.models.values())


@SETTINGS
@given(
    batch=st.lists(cases(with_identity=None), min_size=2, max_size=12),
    at=triage_moments(),
    extra=synthetic_models(),
)
def test_one_comparer_over_many_cases_gives_the_rows_of_fresh_triage(
    batch: list[Case], at: datetime, extra: EscalationModel
) -> None:
    registry, installed = _installed()
    models = [*installed, extra]
    comparer = Comparer(registry, models, at)
    for case in [*batch, *batch]:  # the second round is served from the cache
        clean = pseudonymise(case)
        expected = [
            row_from_result(registry, m, clean, triage(registry, m, clean, at)) for m in models
        ]
        assert comparer.rows(case) == expected


@SETTINGS
@given(
    batch=st.lists(cases(with_identity=None), min_size=1, max_size=12),
    at=triage_moments(),
    extra=synthetic_models(),
)
def test_csv_from_the_comparer_is_the_csv_writer_s_lines(
    batch: list[Case], at: datetime, extra: EscalationModel
) -> None:
    registry, installed = _installed()
    models = [*installed, extra]
    comparer = Comparer(registry, models, at)
    lines = CsvLines(COMPARE_ROW)
    got = lines.header() + "".join(comparer.csv(case, lines) for case in [*batch, *batch])
    expected = io.StringIO()
    rows = [row for case in [*batch, *batch] for row in comparer.rows(case)]
    write_rows(rows, COMPARE_ROW, "csv", expected)
    assert got == expected.getvalue()


def test_a_reference_that_needs_quoting_is_written_whole(at: datetime) -> None:
    """A case column that is not plain CSV text (a formula start) takes the writer's own path."""
    registry, models = _installed()
    comparer = Comparer(registry, models, at)
    lines = CsvLines(COMPARE_ROW)
    example = next(iter(registry.examples.values())).case
    odd = attrs.evolve(example, reference="-A-1")
    text = comparer.csv(odd, lines)
    assert text == "".join(lines.line(row) for row in comparer.rows(odd))
    assert text.startswith("'-A-1,")


def test_the_cache_stays_bounded(
    at: datetime,
    monkeypatch: pytest.MonkeyPatch,
    synthetic_registry: Registry,
    make_case: Callable[..., Case],
) -> None:
    """Each model keeps at most TAIL_CACHE_SIZE tails: a full cache is emptied, rows stay right."""
    monkeypatch.setattr(compare_module, "TAIL_CACHE_SIZE", 2)
    models = list(synthetic_registry.models.values())
    comparer = Comparer(synthetic_registry, models, at)
    kinds = list(LifeDomainKind)
    batch = [
        attrs.evolve(
            make_case(f"R-{i}"),
            obstacles=tuple(list(Obstacle)[i % 3 : i % 3 + 1 + i % 2]),
            domains=tuple(DomainQuestion(k, "Vraag.") for k in kinds[i % 4 : i % 4 + 1 + i % 3]),
        )
        for i in range(40)
    ]
    for case in batch:
        expected = [
            row_from_result(synthetic_registry, m, case, triage(synthetic_registry, m, case, at))
            for m in models
        ]
        assert comparer.rows(case) == expected
    assert all(len(cache) <= 2 for *_, cache in comparer._prepared)


@SETTINGS
@given(case=cases(with_identity=None), at=triage_moments())
def test_a_decision_gives_the_result_of_triage(case: Case, at: datetime) -> None:
    registry, models = _installed()
    for model in models:
        triager = Triager(registry, model, at)
        decision = triager.decide(case)
        result = decision if isinstance(decision, TriageResult) else triager.result(case, decision)
        assert result == triage(registry, model, case, at)
        assert triager(case) == result


@SETTINGS
@given(
    batch=st.lists(cases(with_identity=None), min_size=1, max_size=8),
    at=triage_moments(),
    extra=synthetic_models(),
)
def test_the_generated_decider_decides_as_decide(
    batch: list[Case], at: datetime, extra: EscalationModel
) -> None:
    """Triager.decider and RouteFiring.written_out (functions written out per ladder and per
    set of routes, compare's path) give decide's decision and the routes fired, in order, for
    every case in every model, the installed ones and a generated one."""
    registry, installed = _installed()
    for model in [*installed, extra]:
        triager = Triager(registry, model, at)
        decide = triager.decider()
        fire = RouteFiring(triager.route_rules).written_out()
        for case in batch:
            fired = fire_routes(triager.route_rules, case, at)
            assert list(fire(case, at).items()) == list(fired.items())
            assert decide(case, fired) == triager.decide(case, fired) == triager.decide(case)


@SETTINGS
@given(case=cases(with_identity=None), key=st.binary(min_size=16, max_size=32))
def test_named_by_pseudonym_is_the_case_with_its_pseudonym_as_reference(
    case: Case, key: bytes
) -> None:
    renamed = named_by_pseudonym(case, key)
    assert renamed == attrs.evolve(case, reference=pseudonym(case.reference, key))
    attrs.validate(renamed)
    assert renamed.reference.startswith("casus-") and len(renamed.reference) == 18
