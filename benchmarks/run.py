"""Benchmarks: each figure as a ratio against a baseline measured in the same run.

    python benchmarks/run.py [--quick]

1. compare throughput: synthetic cases through every installed model, rows written as CSV to
   a null device, against the baseline of structuring the same cases from JSON (what reading a
   case file costs, per case);
2. scaling: compare at 10k, 100k and 1M cases (``--quick``: 1k, 10k, 100k), each size in its own
   process so its peak resident memory (``resource`` ru_maxrss) is its own; time should grow
   linearly and memory stay flat, because compare streams;
3. simulate throughput: arrivals simulated through every model, against the baseline of only
   drawing the same arrivals;
4. CLI start-up (:mod:`startup`, also runnable alone): ``escalatie -m MODEL triage``,
   ``escalatie models`` and ``escalatie --help`` against ``python -c "import click, pluggy"``,
   interleaved in every round, min/median/max over 15 rounds (``--quick``: 5).

Targets on a 2-core machine: 100k cases through all installed models in at most 10 s; 1M in
at most 10.5 times the 100k time; start-up: triage at most 2 times the baseline, ``models`` and
``--help`` at most 1.5 times. The figures are printed,
never asserted in tests. When no model is installed, eight synthetic models stand in.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from escalatie.clock import AMSTERDAM

AT = datetime(2026, 3, 2, 8, 0, tzinfo=AMSTERDAM)


def _models() -> tuple[Any, list[Any]]:
    from escalatie.plugins import Registry, make_plugin_manager

    registry = Registry(make_plugin_manager())
    models = list(registry.models.values())
    if not models:
        from escalatie.testing.synthetic import synthetic_model

        models = [
            synthetic_model(
                f"synthetic-{i}", steps=1 + i % 4, series=((0, 2), (3, 2)) if i % 3 else ()
            )
            for i in range(8)
        ]
    return registry, models


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def compare_run(count: int) -> dict[str, float]:
    """Compare ``count`` synthetic cases through every model into a null CSV sink."""
    from escalatie.research.compare import COLUMNS, compare
    from escalatie.research.output import write_rows
    from escalatie.research.synthetic import synthetic_cases

    registry, models = _models()
    with open(os.devnull, "w", encoding="utf-8") as sink:
        seconds = _timed(
            lambda: write_rows(
                compare(registry, models, synthetic_cases(count, seed=1), AT), COLUMNS, "csv", sink
            )
        )
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"cases": count, "models": len(models), "seconds": seconds, "maxrss_mb": rss_kb / 1024}


def structure_baseline(count: int) -> float:
    """Structuring the same cases from JSON text, per case: the cost of reading a case."""
    from escalatie.documents import case_from_json, dump_json
    from escalatie.research.synthetic import synthetic_cases

    texts = [dump_json(c) for c in synthetic_cases(count, seed=1)]
    return _timed(lambda: [case_from_json(t) for t in texts])


def child(count: int) -> dict[str, float]:
    """One size in a fresh process, so each peak memory figure is that size's own."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(count)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def simulate_figures(quick: bool) -> tuple[float, float, int]:
    from escalatie.research.simulate import SimulationConfig, arrivals, simulate

    _, models = _models()
    config = SimulationConfig(
        cases_per_month=40, months=24, seed=1, start=date(2026, 1, 1), runs=5 if quick else 40
    )
    baseline = _timed(lambda: [arrivals(config, run) for run in range(config.runs)])
    seconds = _timed(lambda: simulate(models, config))
    cases = sum(len(arrivals(config, run)) for run in range(config.runs)) * len(models)
    return seconds, baseline, cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI-like checks")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(compare_run(args.child)))
        return

    sizes = (1_000, 10_000, 100_000) if args.quick else (10_000, 100_000, 1_000_000)
    _, models = _models()
    print(f"models: {len(models)} ({', '.join(m.name for m in models)})")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")

    base_count = sizes[0]
    baseline = structure_baseline(base_count)
    first = compare_run(base_count)
    print("\n1. compare throughput (baseline: structure the same cases from JSON)")
    print(
        f"   baseline   {base_count} cases: {baseline:.3f} s ({1e6 * baseline / base_count:.1f} us/case)"
    )
    per_case = first["seconds"] / base_count
    print(
        f"   compare    {base_count} cases x {len(models)} models: {first['seconds']:.3f} s "
        f"({1e6 * per_case:.1f} us/case, {1e6 * per_case / len(models):.2f} us/row)"
    )
    print(f"   ratio compare/baseline per case: {first['seconds'] / baseline:.2f}")

    print("\n2. scaling (each size in its own process; peak RSS)")
    results = [child(n) for n in sizes]
    for r in results:
        print(
            f"   {int(r['cases']):>9} cases: {r['seconds']:8.2f} s  "
            f"{r['seconds'] / r['cases'] * 1e6:6.1f} us/case  peak RSS {r['maxrss_mb']:6.1f} MB"
        )
    for small, large in itertools.pairwise(results):
        growth = large["cases"] / small["cases"]
        print(
            f"   {int(small['cases'])} -> {int(large['cases'])}: time x{large['seconds'] / small['seconds']:.2f} "
            f"(linear: x{growth:.0f}), memory x{large['maxrss_mb'] / small['maxrss_mb']:.2f}"
        )
    hundred = next((r for r in results if r["cases"] == 100_000), None)
    if hundred is not None:
        print(f"   100k target <= 10 s: {hundred['seconds']:.2f} s")
    million = next((r for r in results if r["cases"] == 1_000_000), None)
    if hundred is not None and million is not None:
        print(f"   1M / 100k target <= 10.5: {million['seconds'] / hundred['seconds']:.2f}")

    print("\n3. simulate throughput (baseline: drawing the same arrivals)")
    seconds, base, cases = simulate_figures(args.quick)
    print(
        f"   simulate {cases} case-model pairs: {seconds:.3f} s; arrivals alone {base:.3f} s; "
        f"ratio {seconds / base:.1f}"
    )

    print("\n4. CLI start-up (benchmarks/startup.py)")
    import startup  # beside this script

    for line in startup.report(startup.measure(5 if args.quick else 15)):
        print(line)


if __name__ == "__main__":
    main()
