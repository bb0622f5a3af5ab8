"""Benchmarks: each figure as a ratio against a baseline measured in the same run.

    python benchmarks/run.py [--quick] [--repeats N]

1. compare through the CLI (:mod:`compare_cli`): ``escalatie compare`` on 10k and 100k cases
   from a ``.jsonl`` file (``--quick``: 1k and 10k), CSV out, as a subprocess, against "the
   limit" (plain Python reading and parsing every line and writing as many CSV rows and columns,
   no model logic); ``--jobs 1`` and ``--jobs N`` (the usable cores); cases with identity blocks
   against the same cases without; peak resident memory at both sizes. Every figure over
   ``--repeats`` runs (default 3), as minimum / median / maximum.
2. simulate: throughput against only drawing the same arrivals, and peak memory of
   ``escalatie simulate`` as the number of cases grows.
3. CLI start-up (:mod:`startup`, also runnable alone): ``escalatie -m MODEL triage``,
   ``escalatie models`` and ``escalatie --help`` against ``python -c "import click, pluggy"``,
   interleaved in every round, min/median/max over 15 rounds (``--quick``: 5).

Targets on a 2-core machine (issue 16): compare at most 2 times the limit with all cores, cases
with identity blocks at most 1.2 times the same cases without, memory flat with the number of
cases; start-up: triage at most 2 times the baseline, ``models`` and ``--help`` at most 1.5
times. The figures are printed, never asserted in tests. When no model is installed, the
simulate figures use eight synthetic models (compare needs installed models: it runs the
command).
"""

from __future__ import annotations

import argparse
import os
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
    from compare_cli import figures, simulate_memory

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI-like checks")
    parser.add_argument("--repeats", type=int, default=3, help="runs of every compare figure")
    args = parser.parse_args()

    _, models = _models()
    print(f"models: {len(models)} ({', '.join(m.name for m in models)})")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")

    sizes = (1_000, 10_000) if args.quick else (10_000, 100_000)
    print("\n1. ", end="")
    for line in figures(sizes, args.repeats, identity_size=sizes[0]):
        print(line, flush=True)

    print("\n2. simulate throughput (baseline: drawing the same arrivals)")
    seconds, base, cases = simulate_figures(args.quick)
    print(
        f"   simulate {cases} case-model pairs: {seconds:.3f} s; arrivals alone {base:.3f} s; "
        f"ratio {seconds / base:.1f}"
    )
    print("   memory as the number of cases grows (each size a fresh process):")
    for line in simulate_memory((100, 1_000) if args.quick else (1_000, 10_000, 50_000)):
        print(f"   {line}", flush=True)

    print("\n3. CLI start-up (benchmarks/startup.py)")
    import startup  # beside this script

    for line in startup.report(startup.measure(5 if args.quick else 15)):
        print(line)


if __name__ == "__main__":
    main()
