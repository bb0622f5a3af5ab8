"""What a user pays for ``escalatie compare``: the command as a subprocess, against the limit.

"The limit" is plain Python doing only the unavoidable part of the same job: ``json.loads`` of
every line of the ``.jsonl`` file and ``csv.writer`` writing as many rows (one per case and
model) of as many columns as compare writes, no model logic. Both run as fresh processes on the
same input file, writing to the null device, one after the other in every repeat, so each ratio
compares two runs that shared the machine's state of that moment. Neither side always goes
first: the order turns round every repeat (the limit first, then compare first), and the input
file is read once just before each group of runs, so both find it in the file cache. Figures are minimum / median /
maximum over the repeats, in wall-clock time and, beside it, in processor time (user + system of
the process and the workers it waited for, ``os.wait4``), which load on a shared machine
disturbs less; peak resident memory is each process's own, for ``--jobs N`` the largest of the
main process and its workers. The bytecode cache is warm (one unmeasured run first) and
``PYTHONDONTWRITEBYTECODE`` is removed from the environment, as a user's installation has it:
otherwise every run would compile the library's modules again.

Run through ``benchmarks/run.py``; the input files are generated into a temporary folder.
"""

from __future__ import annotations

import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

AT = "2026-03-02T08:00"

LIMIT = """
import csv, json, sys
models, columns = sys.argv[2].split(","), int(sys.argv[3])
with open(sys.argv[1], encoding="utf-8") as cases, open(sys.argv[4], "w", encoding="utf-8") as out:
    writer = csv.writer(out, lineterminator="\\n")
    writer.writerow([f"column{i}" for i in range(columns)])
    for line in cases:
        case = json.loads(line)
        cells = [str(v) for v in case.values() if not isinstance(v, (list, dict))]
        cells = (cells * columns)[: columns - 2]
        for model in models:
            writer.writerow([case["reference"], model, *cells])
"""
"""The limit: read and parse each line, write a row of ``columns`` cells per model."""


class Run:
    """One process: its wall-clock and processor seconds and its peak resident memory in MB."""

    def __init__(self, seconds: float, peak_mb: float, cpu: float = 0.0) -> None:
        self.seconds = seconds
        self.peak_mb = peak_mb
        self.cpu = cpu


CACHE: Path | None = None
"""The cache folder every measured run uses (``ESCALATIE_CACHE_DIR``): one of the benchmark's
own, filled by an unmeasured run first. With the user's default folder, another checkout of
the library that writes its caches differently (other engineers on a shared machine) rewrote
them between two runs, so one run paid for compiling the models and the next did not: that
made ``--instructions``' ``--jobs 1`` count 0.517 M one session and 0.141 M the next."""


def environment() -> dict[str, str]:
    """This environment without ``PYTHONDONTWRITEBYTECODE`` (a user's installation has its
    bytecode compiled, so a run must not pay for compiling the library's modules), with the
    benchmark's own cache folder (:data:`CACHE`) once there is one."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if CACHE is not None:
        env["ESCALATIE_CACHE_DIR"] = str(CACHE)
    return env


def run(command: list[str]) -> Run:
    """``command`` as a fresh process (output to the null device); fails loudly on an error."""
    with tempfile.TemporaryFile() as errors:
        began = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=errors, env=environment()
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - began
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            message = errors.read().decode("utf-8", "replace").strip()
            raise SystemExit(f"{' '.join(command)}: exit {process.returncode}: {message}")
    # ru_maxrss is in kB on Linux; the times include the workers the process waited for.
    return Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def own_cache(folder: Path) -> None:
    """Every run from now on uses a cache folder of its own in ``folder`` (:data:`CACHE`)."""
    global CACHE
    CACHE = folder / "cache"
    CACHE.mkdir(exist_ok=True)


def warmed(path: Path) -> None:
    """Read ``path`` once, so the run that follows finds it in the file cache."""
    with path.open("rb") as handle:
        while handle.read(1 << 20):
            pass


def valid_bsn(n: int) -> str:
    """An invented BSN that passes the 11-check (eight digits from ``n`` and its check digit)."""
    first = 10_000_000 + n % 80_000_000
    while True:
        digits = str(first)
        check = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            return digits + str(check)
        first += 1


def identity(n: int) -> dict[str, Any]:
    """An invented identity block, a different person for every case."""
    return {
        "name": f"Sanne Voorbeeld-{n}",
        "bsn": valid_bsn(n * 7919),
        "phone": f"06-{10_000_000 + n % 89_999_999}",
        "email": f"gezin{n}@example.org",
        "date_of_birth": f"{2005 + n % 15}-{1 + n % 12:02d}-{1 + n % 28:02d}",
    }


def write_cases(path: Path, count: int, with_identity: bool) -> None:
    """``count`` synthetic cases (seed 1) as JSON Lines, each with an identity block if asked."""
    from escalatie.documents import unstructure
    from escalatie.research.synthetic import synthetic_cases

    with path.open("w", encoding="utf-8") as out:
        for n, case in enumerate(synthetic_cases(count, seed=1)):
            document = unstructure(case)
            if with_identity:
                document["identity"] = identity(n)
            out.write(json.dumps(document, ensure_ascii=False) + "\n")


def spread(values: list[float], digits: int = 2, unit: str = "") -> str:
    low, mid, high = min(values), statistics.median(values), max(values)
    return f"{low:.{digits}f} / {mid:.{digits}f} / {high:.{digits}f}{unit}"


def ratios(top: list[Run], bottom: list[Run], key: Callable[[Run], float]) -> list[float]:
    return [key(a) / key(b) for a, b in zip(top, bottom, strict=True)]


def seconds(r: Run) -> float:
    return r.seconds


def peak(r: Run) -> float:
    return r.peak_mb


def cpu(r: Run) -> float:
    return r.cpu


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def figures(sizes: tuple[int, int], repeats: int, identity_size: int) -> Iterator[str]:
    """Measure and yield the report's lines as they are ready."""
    from escalatie.plugins import Registry, make_plugin_manager
    from escalatie.research.compare import COMPARE_ROW

    models = list(Registry(make_plugin_manager()).models)
    if not models:
        raise SystemExit("no escalation models are installed: compare has nothing to measure")
    columns = len(COMPARE_ROW.csv_columns())
    jobs = usable_cores()
    python = sys.executable
    yield (
        f"compare through the CLI: {len(models)} models, {columns} CSV columns, "
        f"--jobs N = {jobs} (the usable cores), {repeats} repeats, minimum / median / maximum"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        own_cache(folder)
        inputs = {}
        for size in sizes:
            inputs[size] = folder / f"cases-{size}.jsonl"
            write_cases(inputs[size], size, with_identity=False)
        identities = folder / f"identities-{identity_size}.jsonl"
        write_cases(identities, identity_size, with_identity=True)
        plain = inputs.get(identity_size)
        if plain is None:
            plain = folder / f"cases-{identity_size}.jsonl"
            write_cases(plain, identity_size, with_identity=False)

        def limit(path: Path) -> Run:
            return run([python, "-c", LIMIT, str(path), ",".join(models), str(columns), os.devnull])

        def compare(path: Path, n: int) -> Run:
            return run(
                [python, "-m", "escalatie", "compare", str(path), "--at", AT, "--format", "csv",
                 "--jobs", str(n), "-o", os.devnull]
            )  # fmt: skip

        # Unmeasured: the bytecode cache is written, the model-file cache filled, both sides
        # have run once.
        compare(plain, jobs)
        limit(plain)
        measured: dict[str, list[Run]] = {}
        for repeat in range(repeats):
            # Neither side always runs first (after the other's run, or on a file cache the
            # other warmed): the order turns round every repeat, and the file is read just
            # before the group, warm for whichever side starts.
            for size, path in inputs.items():
                group: list[tuple[str, Callable[[], Run]]] = [
                    (f"limit {size}", functools.partial(limit, path)),
                    (f"jobs1 {size}", functools.partial(compare, path, 1)),
                    (f"jobsN {size}", functools.partial(compare, path, jobs)),
                ]
                warmed(path)
                for key, measure in group if repeat % 2 == 0 else reversed(group):
                    measured.setdefault(key, []).append(measure())
            pair: list[tuple[str, Path]] = [("plain", plain), ("identity", identities)]
            for key, path in pair if repeat % 2 == 0 else reversed(pair):
                warmed(path)
                measured.setdefault(key, []).append(compare(path, jobs))

        yield ""
        yield "| figure | seconds | ratio | processor time ratio | target |"
        yield "|---|---|---|---|---|"
        for size in sizes:
            base = measured[f"limit {size}"]
            yield (
                f"| the limit, {size:,} cases | {spread([r.seconds for r in base])} | 1 | "
                f"1 ({spread([r.cpu for r in base])} s) | |"
            )
            for label, key, target in (
                ("--jobs 1", f"jobs1 {size}", ""),
                (f"--jobs {jobs}", f"jobsN {size}", "<= 2, all cores used"),
            ):
                runs = measured[key]
                yield (
                    f"| compare {size:,} cases, {label} | {spread([r.seconds for r in runs])} | "
                    f"{spread(ratios(runs, base, seconds))} × the limit | "
                    f"{spread(ratios(runs, base, cpu))} | {target} |"
                )
            speedup = ratios(measured[f"jobs1 {size}"], measured[f"jobsN {size}"], seconds)
            yield f"| --jobs 1 / --jobs {jobs}, {size:,} cases | | {spread(speedup)} | | |"
        yield (
            f"| identity blocks / none, {identity_size:,} cases, --jobs {jobs} | "
            f"{spread([r.seconds for r in measured['identity']])} | "
            f"{spread(ratios(measured['identity'], measured['plain'], seconds))} | "
            f"{spread(ratios(measured['identity'], measured['plain'], cpu))} | <= 1.2 |"
        )
        small, large = sizes
        yield ""
        yield "| peak resident memory (MB) | --jobs 1 | --jobs N |"
        yield "|---|---|---|"
        for size in sizes:
            yield (
                f"| compare {size:,} cases | {spread([r.peak_mb for r in measured[f'jobs1 {size}']], 1)} "
                f"| {spread([r.peak_mb for r in measured[f'jobsN {size}']], 1)} |"
            )
        growth = [
            spread(ratios(measured[f"{k} {large}"], measured[f"{k} {small}"], peak))
            for k in ("jobs1", "jobsN")
        ]
        yield f"| {large:,} / {small:,} cases | {growth[0]} | {growth[1]} |"


def simulate_memory(sizes: tuple[int, ...]) -> Iterator[str]:
    """``escalatie simulate``'s peak memory as the number of simulated cases grows."""
    yield "| simulate, cases (per month × 24 months × 1 run) | seconds | peak RSS (MB) |"
    yield "|---|---|---|"
    for per_month in sizes:
        result = run(
            [sys.executable, "-m", "escalatie", "simulate", "--cases-per-month", str(per_month),
             "--months", "24", "--seed", "1", "--format", "csv", "-o", os.devnull]
        )  # fmt: skip
        yield f"| {per_month * 24:,} | {result.seconds:.2f} | {result.peak_mb:.1f} |"


def _count(command: list[str]) -> int:
    """Instructions ``command`` executes, its worker processes included (cachegrind), with the
    hash seed fixed (``PYTHONHASHSEED=0``: with a random seed one run of ten cases counted
    0.579 G to 0.595 G)."""
    ran = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--trace-children=yes",
         "--cachegrind-out-file=/dev/null", *command],
        env={**environment(), "PYTHONHASHSEED": "0"}, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True, check=True,
    )  # fmt: skip
    return sum(
        int(line.rsplit(":", 1)[1].replace(",", "").strip())
        for line in ran.stderr.splitlines()
        if "I refs:" in line or "I   refs:" in line
    )


def instructions(small: int = 1_000, large: int = 3_000, few: int = 10) -> Iterator[str]:
    """Instructions per case, which load does not move: each command on ``small`` and on
    ``large`` cases of the same files, the difference divided by the difference in cases (the
    fixed cost, start-up and compiling the models, drops out; so do the caches a run fills
    at its start). ``--jobs 1``, and ``--jobs N`` with its workers' instructions added (a
    forked worker's count includes what the main process ran before the fork; that drops out
    of the difference too). Then the fixed cost: ``--jobs 1`` on ``few`` cases.

    Every run uses the benchmark's own cache folder, filled by a run first; the ``small`` run
    is counted again after the ``large`` one, and a difference of more than 1 % between the
    two is an error (something rewrote a cache between them), not a figure."""
    import shutil

    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (apt install valgrind)")
    from escalatie.plugins import Registry, make_plugin_manager
    from escalatie.research.compare import COMPARE_ROW

    models = list(Registry(make_plugin_manager()).models)
    columns = len(COMPARE_ROW.csv_columns())
    python, jobs = sys.executable, usable_cores()
    yield f"instructions per case (valgrind cachegrind), {small:,} against {large:,} cases"
    yield ""
    yield "| per case | instructions | × the limit's |"
    yield "|---|---|---|"
    with tempfile.TemporaryDirectory() as tmp:
        own_cache(Path(tmp))
        paths: dict[tuple[int, bool], Path] = {}
        for size in (few, small, large):
            for with_identity in (False, True):
                paths[size, with_identity] = Path(tmp) / f"cases-{size}-{with_identity}.jsonl"
                write_cases(paths[size, with_identity], size, with_identity)

        def counted(command: Callable[[Path], list[str]], with_identity: bool) -> list[int]:
            """Counts on ``small``, ``large`` and ``small`` cases again, after a warm run."""
            # Warm: the bytecode, the model-file and code caches of the benchmark's folder.
            subprocess.run(command(paths[few, with_identity]), env=environment(), check=True,
                           stdout=subprocess.DEVNULL)  # fmt: skip
            return [_count(command(paths[n, with_identity])) for n in (small, large, small)]

        def per_case(command: Callable[[Path], list[str]], with_identity: bool = False) -> float:
            counts = counted(command, with_identity)
            if abs(counts[2] - counts[0]) > counts[0] / 100:
                raise SystemExit(
                    f"{' '.join(command(paths[small, with_identity]))}: counted "
                    f"{counts[0]:,} and then {counts[2]:,} instructions; expected the same "
                    "(did something rewrite the cache folder between the runs?)"
                )
            return (counts[1] - counts[0]) / (large - small)

        def per_case_pooled(command: Callable[[Path], list[str]]) -> tuple[float, float]:
            """Per case with workers, as a range: which chunks each worker gets is up to the
            scheduler, and each worker builds the row tails of the decisions it meets itself,
            so the same run counts differently each time (4.51 G to 4.82 G for 3,000 cases)."""
            counts = counted(command, False)
            rates = [(counts[1] - counts[i]) / (large - small) for i in (0, 2)]
            return min(rates), max(rates)

        def limit(path: Path) -> list[str]:
            return [python, "-c", LIMIT, str(path), ",".join(models), str(columns), os.devnull]

        def compare(n: int) -> Callable[[Path], list[str]]:
            return lambda path: [
                python, "-m", "escalatie", "compare", str(path), "--at", AT, "--format", "csv",
                "--jobs", str(n), "-o", os.devnull,
            ]  # fmt: skip

        base = per_case(limit)
        yield f"| the limit | {base / 1e6:.3f} M | 1 |"
        plain = per_case(compare(1))
        yield f"| compare, --jobs 1 | {plain / 1e6:.3f} M | {plain / base:.2f} |"
        low, high = per_case_pooled(compare(jobs))
        yield (
            f"| compare, --jobs {jobs} (all processes; scheduling moves it) | "
            f"{low / 1e6:.3f} to {high / 1e6:.3f} M | {low / base:.2f} to {high / base:.2f} |"
        )
        named = per_case(compare(1), with_identity=True)
        yield (
            f"| compare, --jobs 1, cases with an identity block | {named / 1e6:.3f} M | "
            f"{named / base:.2f} ({named / plain:.2f} × a case without) |"
        )
        fixed_limit = _count(limit(paths[few, False]))
        fixed = _count(compare(1)(paths[few, False]))
        yield ""
        yield f"| fixed cost: {few} cases, one process | instructions |"
        yield "|---|---|"
        yield f"| the limit | {fixed_limit / 1e9:.3f} G |"
        yield f"| compare, --jobs 1 (start-up, the models, {few} cases) | {fixed / 1e9:.3f} G |"


def main() -> None:
    """``python benchmarks/compare_cli.py``: section 1 of ``run.py`` alone, or ``--instructions``."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="two numbers of cases, a,b")
    parser.add_argument("--repeats", type=int, default=3, help="runs of every figure")
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions per case instead"
    )
    args = parser.parse_args()
    if args.instructions:
        for line in instructions():
            print(line, flush=True)
        return
    small, large = (int(n) for n in args.sizes.split(","))
    for line in figures((small, large), args.repeats, identity_size=small):
        print(line, flush=True)


if __name__ == "__main__":
    main()
