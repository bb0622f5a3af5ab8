"""Register benchmarks, each figure next to a baseline measured in the same run.

    python benchmarks/register_bench.py [--events 100000] [--cases 10000]

Every figure is measured ``--runs`` times (default 3), the action and its baseline one after the
other in each run (each once unmeasured first, the order turned round every run), and printed as minimum / median / maximum, with the ratio of each run, in
wall-clock time (what the targets are about) and in this process's processor time (which
other work on a shared machine disturbs much less).

1. append: 100k events (10k cases of ten events: submission, planning, agreements, insights,
   consent, suspension) through ``Register.append`` in one transaction, against raw ``sqlite3``
   ``executemany`` of the same rows (already serialised by ``Event.row`` and numbered: plain
   text and integers) into an identical, freshly migrated file, with the same
   ``synchronous=FULL`` and one transaction. Targets: at least 50k events per second and at
   most 2 times the baseline in every run.
2. rebuild: the state of all 10k cases folded from the log (``Register.states``), against the
   baseline of only reading the rows and parsing their JSON. Targets: within 1 second and at
   most 1.5 times the baseline.
3. audit: 10k sealed audit entries through ``Register.audit`` in one transaction, against
   inserting the same rows unsealed with plain ``sqlite3``; and ``Register.verify`` of a log of
   100k sealed entries, against only reading those rows. The key comes from a throw-away
   ``ESCALATIE_PSEUDONYM_KEY``; the chain head goes to the temporary folder.
   Then reading 10k sealed records (``records.records``, which first checks every row of
   ``records`` against the sealed audit entry that wrote it, one HMAC per entry), against
   reading and parsing the same rows only. No target: the figure says what the check costs.

4. PostgreSQL (with ``--postgresql URL``, a database the benchmark may fill: it works in a
   schema ``escalatie_bench`` of its own, dropped and made anew for every run): append of the
   same events through ``Register.append`` against raw psycopg ``executemany`` and ``COPY`` of
   the same rows (numbered per case beforehand) into an identical, freshly migrated schema; and
   rebuild through ``Register.states`` against reading and parsing the rows only.

Figures are printed, never asserted in tests; ``docs/benchmarks.md`` records a run.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Collection
from contextlib import AbstractContextManager, closing
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

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


class Timing(NamedTuple):
    """How long one action took: wall-clock seconds (what the targets are about) and this
    process's processor seconds (user + system), which other work on a shared machine disturbs
    much less. For SQLite that is all the work; for PostgreSQL only the client's part."""

    wall: float
    cpu: float


Timer = Callable[[], Timing]
"""One timed action (set-up outside the timing)."""


def timed(action: Callable[[], object]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return Timing(time.perf_counter() - wall, time.process_time() - cpu)


def in_one_transaction(db: sqlite3.Connection, sql: str, rows: list[tuple[Any, ...]]) -> None:
    """Plain ``executemany`` in one write transaction, as a baseline writes."""
    db.execute("BEGIN IMMEDIATE")
    db.executemany(sql, rows)
    db.execute("COMMIT")


def measure(runs: int, **actions: Timer) -> dict[str, list[Timing]]:
    """Each action once per run, one after the other, so an action and its baseline share the
    machine's state of that moment; the timing of every run per action.

    Fair to both sides: every action runs once unmeasured first (modules a first call imports,
    the database file read into the file cache, the allocator's first arenas), and the order
    turns round every run (as given, then reversed), so neither side always runs first, after
    the other has just freed or dirtied memory."""
    seconds: dict[str, list[Timing]] = {name: [] for name in actions}
    for action in actions.values():
        action()
    order = list(actions.items())
    for run in range(runs):
        for name, action in order if run % 2 == 0 else reversed(order):
            seconds[name].append(action())
    return seconds


def spread(values: list[float], unit: str = " s", digits: int = 3) -> str:
    """Minimum / median / maximum."""
    low, mid, high = min(values), statistics.median(values), max(values)
    return f"{low:.{digits}f} / {mid:.{digits}f} / {high:.{digits}f}{unit}"


def report(
    title: str,
    seconds: dict[str, list[Timing]],
    labels: dict[str, str],
    ratio_limit: float | None = None,
) -> None:
    """Print each action's spread and, per baseline, the ratio of the first action to it in
    every run (against ``ratio_limit``, where there is one, for the first baseline), in
    wall-clock time (the target) and in processor time; then the ratio of each run, in order,
    in both."""
    ours, *baselines = labels
    print(f"{title} ({len(seconds[ours])} runs; minimum / median / maximum)")
    for name, label in labels.items():
        wall, cpu = [t.wall for t in seconds[name]], [t.cpu for t in seconds[name]]
        print(f"  {label:<50} {spread(wall)}  (processor {spread(cpu)})")
    for name in baselines:
        ratios = [a.wall / b.wall for a, b in zip(seconds[ours], seconds[name], strict=True)]
        cpu = [a.cpu / b.cpu for a, b in zip(seconds[ours], seconds[name], strict=True)]
        verdict = ""
        if ratio_limit is not None and name == baselines[0]:
            met = all(r <= ratio_limit for r in ratios)
            verdict = f"  target <= {ratio_limit:g} in every run: {'ok' if met else 'MISSED'}"
        print(f"  {'ratio to ' + labels[name]:<50} {spread(ratios, '', 2)}{verdict}")
        print(f"  {'  each run':<50} {' '.join(f'{r:.2f}' for r in ratios)}")
        print(f"  {'  in processor time':<50} {spread(cpu, '', 2)}")
        print(f"  {'    each run':<50} {' '.join(f'{r:.2f}' for r in cpu)}")


def appending(fresh: Callable[[], str | Path], events: list[Event]) -> Timer:
    """``Register.append`` of ``events`` in one transaction into a fresh register."""

    def append() -> Timing:
        with Register.open(fresh()) as reg:

            def batch() -> None:
                with reg.transaction():
                    reg.append(events)

            return timed(batch)

    return append


EVENT_COLUMNS = "events (case_id, case_seq, kind, at, actor, payload, recorded)"


def rebuild_figures(
    title: str,
    target: Any,
    connect: Callable[[Any], AbstractContextManager[Any]],
    events: list[Event],
    runs: int,
) -> None:
    """``events`` appended to the empty register at ``target`` (a path or URL), then
    ``Register.states`` against reading and parsing its rows through ``connect(target)`` (a
    plain connection of the database's own driver)."""
    with Register.open(target) as reg, reg.transaction():
        reg.append(events)
    cases = len({e.case_id for e in events})

    def rebuild() -> Timing:
        states: list[dict[str, Any]] = []
        with Register.open(target) as reg:
            elapsed = timed(lambda: states.append(reg.states()))
        assert len(states[0]) == cases
        return elapsed

    def read_only(loads: Callable[[str], Any]) -> Timer:
        def read(conn: Any) -> None:
            for row in conn.execute(
                "SELECT seq, case_id, kind, at, actor, payload FROM events ORDER BY seq"
            ):
                loads(row[5])

        def action() -> Timing:
            with connect(target) as conn:
                return timed(lambda: read(conn))

        return action

    import orjson

    seconds = measure(
        runs, rebuild=rebuild, read=read_only(json.loads), orjson=read_only(orjson.loads)
    )
    report(
        title,
        seconds,
        {
            "rebuild": "Register.states",
            "read": "reading and parsing the rows only",
            "orjson": "the same, parsing by orjson (no target)",
        },
        ratio_limit=1.5,
    )
    slowest = max(t.wall for t in seconds["rebuild"])
    print(f"  {'target <= 1 s in every run':<50} {'ok' if slowest <= 1 else 'MISSED'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="Runs of every figure.")
    parser.add_argument(
        "--figures",
        default=",".join(FIGURES),
        help=f"The figures to measure, comma-separated (default: all of {', '.join(FIGURES)}).",
    )
    parser.add_argument(
        "--postgresql", metavar="URL", help="Also measure a PostgreSQL register in this database."
    )
    args = parser.parse_args(argv)
    figures = set(args.figures.split(","))
    if not figures <= set(FIGURES):
        parser.error(f"--figures: expected some of {', '.join(FIGURES)}; got {args.figures}")
    os.environ.setdefault("ESCALATIE_PSEUDONYM_KEY", secrets.token_hex(32))
    # The figures are the command line's: the collector tuned as `escalatie` tunes it (a library
    # caller keeps its own unless it asks; escalatie.collector, docs/api.md).
    from escalatie import collector

    collector.take_over()
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

        def raw() -> Timing:
            with closing(sqlite3.connect(fresh(), isolation_level=None)) as db:
                db.execute("PRAGMA synchronous = FULL")  # as the register sets it
                insert = f"INSERT INTO {EVENT_COLUMNS} VALUES (?, ?, ?, ?, ?, ?, ?)"
                return timed(lambda: in_one_transaction(db, insert, numbered))

        if "append" in figures:
            seconds = measure(args.runs, ours=appending(fresh, events), raw=raw)
            report(
                f"append {len(events)} events",
                seconds,
                {"ours": "Register.append", "raw": "raw sqlite3 executemany of the same rows"},
                ratio_limit=2,
            )
            rates = [len(events) / s.wall for s in seconds["ours"]]
            print(f"  {'events per second (target >= 50,000)':<50} {spread(rates, '', 0)}  "
                  f"{'ok' if min(rates) >= 50_000 else 'MISSED'}")  # fmt: skip
        if "rebuild" in figures:
            rebuild_figures(
                f"rebuild the state of {cases} cases ({len(events)} events)",
                fresh(),
                lambda path: closing(sqlite3.connect(path)),
                events,
                args.runs,
            )
        if "audit" in figures:
            audit_figures(fresh, args.runs)
        if "records" in figures:
            sealed_read_figures(fresh, args.runs)
        if args.postgresql:
            postgres_figures(args.postgresql, events, numbered, args.runs, figures)
    return 0


FIGURES = ("append", "rebuild", "audit", "records")
"""The figures ``--figures`` chooses from (PostgreSQL, with ``--postgresql``: append and
rebuild)."""
SCHEMA = "escalatie_bench"


def postgres_figures(
    url: str,
    events: list[Event],
    numbered: list[tuple[Any, ...]],
    runs: int,
    figures: Collection[str] = FIGURES,
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

    insert = f"INSERT INTO {EVENT_COLUMNS} VALUES (%s, %s, %s, %s, %s, %s, %s)"

    def raw_executemany() -> Timing:
        def many(conn: psycopg.Connection[Any]) -> None:
            with conn.cursor() as cur:
                cur.executemany(insert, numbered)
            conn.commit()

        with psycopg.connect(fresh()) as conn:
            return timed(lambda: many(conn))

    def raw_copy() -> Timing:
        def copied(conn: psycopg.Connection[Any]) -> None:
            with (
                conn.cursor() as cur,
                cur.copy(f"COPY {EVENT_COLUMNS} FROM STDIN") as copy,
            ):
                for row in numbered:
                    copy.write_row(row)
            conn.commit()

        with psycopg.connect(fresh()) as conn:
            return timed(lambda: copied(conn))

    if "append" in figures:
        report(
            f"postgresql append {len(events)} events",
            measure(runs, ours=appending(fresh, events), many=raw_executemany, copy=raw_copy),
            {
                "ours": "Register.append",
                "many": "raw psycopg executemany of the same rows",
                "copy": "raw COPY of the same rows",
            },
        )
    if "rebuild" in figures:
        rebuild_figures(
            f"postgresql rebuild the state of {cases} cases",
            fresh(),
            lambda target: psycopg.connect(target),
            events,
            runs,
        )
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")


def audit_figures(fresh: Callable[[], Path], runs: int, entries: int = 10_000) -> None:
    at = START.isoformat()

    def audited(reg: Register, count: int) -> None:
        for n in range(count):
            reg.audit(
                actor="bench", action="show", case_id=f"ESC-{n:05d}-BNCH", at=START,
                recorded=START, detail="format json", os_user="bench",
            )  # fmt: skip

    def sealed() -> Timing:
        def batch(reg: Register) -> None:
            with reg.transaction():
                audited(reg, entries)

        with Register.open(fresh()) as reg:
            reg.chain_key()  # read once, outside the timing
            return timed(lambda: batch(reg))

    def unsealed() -> Timing:
        def insert(db: sqlite3.Connection) -> None:
            db.execute("BEGIN IMMEDIATE")
            for n in range(entries):  # one statement per entry, as Register.audit writes
                db.execute(
                    "INSERT INTO audit (at, recorded, actor, os_user, action, case_id, detail, "
                    "reason) VALUES (?, ?, 'bench', 'bench', 'show', ?, 'format json', '')",
                    (at, at, f"ESC-{n:05d}-BNCH"),
                )
            db.execute("COMMIT")

        with closing(sqlite3.connect(fresh(), isolation_level=None)) as db:
            return timed(lambda: insert(db))

    report(
        f"audit {entries} entries, sealed, one transaction",
        measure(runs, sealed=sealed, plain=unsealed),
        {"sealed": "Register.audit", "plain": "the same rows inserted unsealed"},
    )

    path = fresh()
    with Register.open(path) as reg, reg.transaction():
        audited(reg, entries * 10)

    def verify() -> Timing:
        problems: list[str] = []
        with Register.open(path) as reg:
            seconds = timed(lambda: problems.extend(reg.verify()))
        assert problems == [], problems
        return seconds

    def read() -> Timing:
        with closing(sqlite3.connect(path)) as db:
            return timed(lambda: db.execute("SELECT * FROM audit ORDER BY seq").fetchall())

    report(
        f"verify a register with {entries * 10} sealed audit entries",
        measure(runs, verify=verify, read=read),
        {"verify": "Register.verify", "read": "reading the audit rows only"},
    )


def sealed_read_figures(fresh: Callable[[], Path], runs: int, count: int = 10_000) -> None:
    """``records.records`` of ``count`` sealed records against reading the rows only."""
    from escalatie.register import records
    from escalatie.register.session import Session

    path = fresh()
    with Register.open(path) as reg, reg.transaction():
        s = Session(reg, "bench", START, START, "bench")
        for n in range(1, count + 1):
            reference = records.append(s, "signal", n, "added", {"to": "bestuur", "n": n})
            reg.audit(actor="bench", action="signal_add", case_id=None, at=START,
                      recorded=START, detail=f"{reference}: signal {n}", os_user="bench")  # fmt: skip

    def checked() -> Timing:
        found: list[records.Record] = []
        with Register.open(path) as reg:
            reg.chain_key()  # read once, outside the timing
            s = Session(reg, "bench", START, START, "bench")
            seconds = timed(lambda: found.extend(records.records(s, "signal")))
        assert len(found) == count
        return seconds

    def rows_only() -> Timing:
        def read(db: sqlite3.Connection) -> None:
            rows = db.execute(
                "SELECT seq, subject, number, kind, at, actor, payload FROM records "
                "WHERE subject = ? ORDER BY seq",
                ("signal",),
            ).fetchall()
            parsed = [(*r[:4], datetime.fromisoformat(r[4]), r[5], json.loads(r[6])) for r in rows]
            assert len(parsed) == count

        with closing(sqlite3.connect(path)) as db:
            return timed(lambda: read(db))

    report(
        f"read {count} sealed records",
        measure(runs, checked=checked, rows=rows_only),
        {
            "checked": "records.records (rows checked against their seals)",
            "rows": "reading and parsing the rows only",
        },
    )


if __name__ == "__main__":
    sys.exit(main())
