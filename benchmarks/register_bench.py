"""Register benchmarks, each figure next to a baseline measured in the same run.

    python benchmarks/register_bench.py [--events 100000] [--cases 10000]

1. append: 100k events (10k cases of ten events: submission, planning, agreements, insights,
   consent, suspension) through ``Register.append`` in one transaction, against raw ``sqlite3``
   ``executemany`` of the same rows (already serialised) into an identical, freshly migrated
   file. Targets: at least 50k events per second and at most 2 times the baseline.
2. rebuild: the state of all 10k cases folded from the log (``Register.states``), against the
   baseline of only reading the rows and parsing their JSON. Target: within 1 second.
3. audit: 10k sealed audit entries through ``Register.audit`` in one transaction, against
   inserting the same rows unsealed with plain ``sqlite3``; and ``Register.verify`` of a log of
   100k sealed entries, against only reading those rows. The key comes from a throw-away
   ``ESCALATIE_PSEUDONYM_KEY``; the chain head goes to the temporary folder.

4. PostgreSQL (with ``--postgresql URL``, a database the benchmark may fill: it works in a
   schema ``escalatie_bench`` of its own, dropped and made anew for every run): append of the
   same events through ``Register.append`` against raw psycopg ``executemany`` and ``COPY`` of
   the same rows (numbered per case beforehand) into an identical, freshly migrated schema; and
   rebuild through ``Register.states`` against reading and parsing the rows only.

Figures are printed, never asserted in tests; ``docs/register.md`` records a run.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from escalatie.clock import AMSTERDAM
from escalatie.register.events import Event, EventKind
from escalatie.register.register import Register

START = datetime(2026, 1, 5, 9, 0, tzinfo=AMSTERDAM)
DOC = {
    "reference": "",
    "age": 14,
    "question": "Geen passend aanbod voor ambulante hulp; wie organiseert het?",
    "domains": [
        {
            "kind": "care",
            "question": "Ambulante gezinsbegeleiding thuis",
            "need": "twee keer per week",
        },
        {"kind": "education", "question": "Vervoer naar school", "need": ""},
    ],
    "submitter": {"role": "district_team", "organisation": "Lokalis"},
    "plan": "Plan met ouders en netwerk op de leefgebieden.",
    "obstacles": ["supply_unavailable"],
}


def case_events(n: int) -> list[Event]:
    """Ten events of one case."""
    case_id = f"ESC-{n:04d}-BNCH"
    at = START + timedelta(minutes=n)
    doc = {**DOC, "reference": case_id}
    payloads: list[tuple[EventKind, dict[str, Any]]] = [
        (EventKind.SUBMITTED, {"case": doc, "model": "utrecht-maatwerktafel"}),
        (EventKind.PLANNED, {"model": "utrecht-maatwerktafel", "forum": "maatwerktafel",
                             "slot": (at + timedelta(days=7)).isoformat(), "by_agreement": False}),
        (EventKind.CONSENT_RECORDED, {"giver": "parents", "parties": ["Samen Veilig"], "what": ["agreements"]}),
        (EventKind.AGREEMENT_ADDED, {"action": "Gezinsbegeleiding starten", "owner": "Lokalis",
                                     "due": "2026-03-30", "lead": "Lokalis", "audience": ["Samen Veilig"]}),
        (EventKind.AGREEMENT_ADDED, {"action": "Vervoer regelen", "owner": "Gemeente",
                                     "due": "2026-03-20", "lead": "Lokalis", "audience": []}),
        (EventKind.AGREEMENT_DONE, {"number": 2}),
        (EventKind.SUSPENDED, {"reason": "wacht op indicatie"}),
        (EventKind.RESUMED, {}),
        (EventKind.INSIGHT_ADDED, {"theme": "supply_and_purchasing", "text": "Aanbod ontbreekt in de wijk"}),
        (EventKind.INSIGHT_ADDED, {"theme": "process", "text": "Eerder het aanspreekpunt bellen"}),
    ]  # fmt: skip
    return [
        Event(case_id, kind, at + timedelta(hours=i), "bench", p, recorded=at + timedelta(hours=i))
        for i, (kind, p) in enumerate(payloads)
    ]


def best(runs: int, action: Callable[[], float]) -> float:
    return min(action() for _ in range(runs))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="Best of this many runs.")
    parser.add_argument(
        "--postgresql", metavar="URL", help="Also measure a PostgreSQL register in this database."
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("ESCALATIE_PSEUDONYM_KEY", secrets.token_hex(32))
    cases = args.events // 10
    events = [e for n in range(cases) for e in case_events(n)]
    rows = [e.row() for e in events]
    numbered = [(r[0], i % 10 + 1, *r[1:]) for i, r in enumerate(rows)]  # ten per case, in order

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["XDG_CONFIG_HOME"] = str(folder / "config")  # chain heads stay in here
        counter = iter(range(10**6))

        def fresh() -> Path:
            path = folder / f"r{next(counter)}.sqlite3"
            Register.open(path).close()  # created and migrated, outside the timing
            return path

        def ours() -> float:
            with Register.open(fresh()) as reg:
                began = time.perf_counter()
                with reg.transaction():
                    reg.append(events)
                return time.perf_counter() - began

        def raw() -> float:
            path = fresh()
            db = sqlite3.connect(path, isolation_level=None)
            db.execute("PRAGMA synchronous = NORMAL")
            began = time.perf_counter()
            db.execute("BEGIN IMMEDIATE")
            db.executemany(
                "INSERT INTO events (case_id, case_seq, kind, at, actor, payload, recorded) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                numbered,
            )
            db.execute("COMMIT")
            elapsed = time.perf_counter() - began
            db.close()
            return elapsed

        append = best(args.runs, ours)
        baseline = best(args.runs, raw)
        rate = len(events) / append
        print(f"append {len(events)} events: {append:.3f} s = {rate:,.0f} events/s "
              f"(target >= 50,000/s: {'ok' if rate >= 50_000 else 'MISSED'})")  # fmt: skip
        print(f"  raw sqlite3 executemany of the same rows: {baseline:.3f} s; ratio {append / baseline:.2f} "
              f"(target <= 2: {'ok' if append / baseline <= 2 else 'MISSED'})")  # fmt: skip

        path = fresh()
        with Register.open(path) as reg, reg.transaction():
            reg.append(events)

        def rebuild() -> float:
            with Register.open(path) as reg:
                began = time.perf_counter()
                states = reg.states()
                elapsed = time.perf_counter() - began
            assert len(states) == cases
            return elapsed

        def read_only() -> float:
            db = sqlite3.connect(path)
            began = time.perf_counter()
            for row in db.execute(
                "SELECT seq, case_id, kind, at, actor, payload FROM events ORDER BY seq"
            ):
                json.loads(row[5])
            elapsed = time.perf_counter() - began
            db.close()
            return elapsed

        folded = best(args.runs, rebuild)
        reading = best(args.runs, read_only)
        print(f"rebuild the state of {cases} cases ({len(events)} events): {folded:.3f} s "
              f"(target <= 1 s: {'ok' if folded <= 1 else 'MISSED'})")  # fmt: skip
        print(
            f"  baseline, reading and parsing the rows only: {reading:.3f} s; ratio {folded / reading:.2f}"
        )
        audit_figures(fresh, args.runs)
        if args.postgresql:
            postgres_figures(args.postgresql, events, numbered, args.runs)
    return 0


SCHEMA = "escalatie_bench"


def postgres_figures(
    url: str, events: list[Event], numbered: list[tuple[Any, ...]], runs: int
) -> None:
    """Append and rebuild on PostgreSQL, each against raw psycopg in the same run."""
    import psycopg

    separator = "&" if "?" in url else "?"
    bench_url = f"{url}{separator}options=-csearch_path%3D{SCHEMA}"
    cases = len(events) // 10

    def fresh() -> str:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            conn.execute(f"CREATE SCHEMA {SCHEMA}")
        Register.open(bench_url).close()  # created and migrated, outside the timing
        return bench_url

    def ours() -> float:
        with Register.open(fresh()) as reg:
            began = time.perf_counter()
            with reg.transaction():
                reg.append(events)
            return time.perf_counter() - began

    insert = (
        "INSERT INTO events (case_id, case_seq, kind, at, actor, payload, recorded) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s)"
    )

    def raw_executemany() -> float:
        with psycopg.connect(fresh()) as conn:
            began = time.perf_counter()
            with conn.cursor() as cur:
                cur.executemany(insert, numbered)
            conn.commit()
            return time.perf_counter() - began

    def raw_copy() -> float:
        with psycopg.connect(fresh()) as conn:
            began = time.perf_counter()
            with (
                conn.cursor() as cur,
                cur.copy(
                    "COPY events (case_id, case_seq, kind, at, actor, payload, recorded) FROM STDIN"
                ) as copy,
            ):
                for row in numbered:
                    copy.write_row(row)
            conn.commit()
            return time.perf_counter() - began

    append, many, copied = best(runs, ours), best(runs, raw_executemany), best(runs, raw_copy)
    print(f"postgresql append {len(events)} events: {append:.3f} s = "
          f"{len(events) / append:,.0f} events/s")  # fmt: skip
    print(f"  raw psycopg executemany of the same rows: {many:.3f} s; ratio {append / many:.2f}")
    print(f"  raw COPY of the same rows: {copied:.3f} s; ratio {append / copied:.2f}")

    target = fresh()
    with Register.open(target) as reg, reg.transaction():
        reg.append(events)

    def rebuild() -> float:
        with Register.open(target) as reg:
            began = time.perf_counter()
            states = reg.states()
            elapsed = time.perf_counter() - began
        assert len(states) == cases
        return elapsed

    def read_only() -> float:
        with psycopg.connect(target) as conn:
            began = time.perf_counter()
            for row in conn.execute(
                "SELECT seq, case_id, kind, at, actor, payload FROM events ORDER BY seq"
            ):
                json.loads(row[5])
            return time.perf_counter() - began

    folded, reading = best(runs, rebuild), best(runs, read_only)
    print(f"postgresql rebuild the state of {cases} cases: {folded:.3f} s")
    print(f"  baseline, reading and parsing the rows only: {reading:.3f} s; "
          f"ratio {folded / reading:.2f}")  # fmt: skip
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")


def audit_figures(fresh: Callable[[], Path], runs: int, entries: int = 10_000) -> None:
    at = START.isoformat()

    def sealed() -> float:
        with Register.open(fresh()) as reg:
            reg.chain_key()  # read once, outside the timing
            began = time.perf_counter()
            with reg.transaction():
                for n in range(entries):
                    reg.audit(
                        actor="bench", action="show", case_id=f"ESC-{n:04d}-BNCH", at=START,
                        recorded=START, detail="format json", os_user="bench",
                    )  # fmt: skip
            return time.perf_counter() - began

    def unsealed() -> float:
        db = sqlite3.connect(fresh(), isolation_level=None)
        began = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        for n in range(entries):
            db.execute(
                "INSERT INTO audit (at, recorded, actor, os_user, action, case_id, detail, reason)"
                " VALUES (?, ?, 'bench', 'bench', 'show', ?, 'format json', '')",
                (at, at, f"ESC-{n:04d}-BNCH"),
            )
        db.execute("COMMIT")
        elapsed = time.perf_counter() - began
        db.close()
        return elapsed

    ours, plain = best(runs, sealed), best(runs, unsealed)
    print(f"audit {entries} entries, sealed, one transaction: {ours:.3f} s "
          f"({ours / entries * 1e6:.0f} us each)")  # fmt: skip
    print(f"  baseline, the same rows inserted unsealed: {plain:.3f} s; ratio {ours / plain:.2f}")

    path = fresh()
    with Register.open(path) as reg, reg.transaction():
        for n in range(entries * 10):
            reg.audit(
                actor="bench", action="show", case_id=f"ESC-{n:05d}-BNCH", at=START,
                recorded=START, detail="format json", os_user="bench",
            )  # fmt: skip

    def verify() -> float:
        with Register.open(path) as reg:
            began = time.perf_counter()
            problems = reg.verify()
            elapsed = time.perf_counter() - began
        assert problems == [], problems
        return elapsed

    def read() -> float:
        db = sqlite3.connect(path)
        began = time.perf_counter()
        for _row in db.execute("SELECT * FROM audit ORDER BY seq"):
            pass
        elapsed = time.perf_counter() - began
        db.close()
        return elapsed

    checked, reading = best(runs, verify), best(runs, read)
    print(f"verify a register with {entries * 10} sealed audit entries: {checked:.3f} s")
    print(
        f"  baseline, reading the audit rows only: {reading:.3f} s; ratio {checked / reading:.2f}"
    )


if __name__ == "__main__":
    sys.exit(main())
