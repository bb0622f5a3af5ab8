"""Pseudonymisation benchmark: the cost of an identity block, as ratios in the same run.

    python benchmarks/privacy_bench.py [--cases 2000]

1. ``pseudonymise`` of synthetic cases that carry an identity block (fifty identities, so the
   patterns compiled once per identity are reused as in a real batch), per case;
2. ``compare`` through every installed model, rows as CSV to a null device: the same cases
   with identity blocks against without. Every identifier spelling of ``docs/privacy.md`` is
   looked for, so this ratio is what that matching costs a comparison.

Best of three runs each. Figures are printed, never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from escalatie.clock import AMSTERDAM

AT = datetime(2026, 3, 2, 8, 0, tzinfo=AMSTERDAM)


def best(action: Callable[[], object], runs: int = 3) -> float:
    fastest = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        fastest = min(fastest, time.perf_counter() - start)
    return fastest


def with_identities(cases: Sequence[Any]) -> list[Any]:
    import attrs

    from escalatie.case import Identity

    return [
        attrs.evolve(
            case,
            identity=Identity(
                name=f"Zoë Testkind{i % 50}",
                bsn="111222333",
                phone="06-98765432",
                address="Verzonnenstraat 1, 9999 ZZ Nergenshuizen",
                email="ouder@voorbeeld.example",
                date_of_birth=date(2012, 9, 1),
            ),
        )
        for i, case in enumerate(cases)
    ]


def main() -> None:
    from escalatie.plugins import Registry, make_plugin_manager
    from escalatie.privacy import pseudonymise
    from escalatie.research.compare import COLUMNS, compare
    from escalatie.research.output import write_rows
    from escalatie.research.synthetic import synthetic_cases

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    count = parser.parse_args().cases
    plain = list(synthetic_cases(count, seed=1))
    identified = with_identities(plain)
    registry = Registry(make_plugin_manager())
    models = list(registry.models.values())

    def run(cases: list[Any]) -> None:
        with open(os.devnull, "w", encoding="utf-8") as sink:
            write_rows(compare(registry, models, iter(cases), AT), COLUMNS, "csv", sink)

    seconds = best(lambda: [pseudonymise(c) for c in identified])
    print(f"1. pseudonymise, identity blocks: {seconds / count * 1e6:.0f} us per case")
    without, with_blocks = best(lambda: run(plain)), best(lambda: run(identified))
    print(
        f"2. compare {count} cases x {len(models)} models: without identity {without:.2f} s, "
        f"with {with_blocks:.2f} s, ratio {with_blocks / without:.2f}"
    )


if __name__ == "__main__":
    main()
