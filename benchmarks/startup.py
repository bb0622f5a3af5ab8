"""CLI start-up, measured side by side in one run (issue 16, point 1).

    python benchmarks/startup.py [--runs N] [--case CASE.json]

Each round runs the baseline ``python -c "import click, pluggy"`` and then every command once,
each in a fresh process, so load on the machine falls on all of them alike; the figures are the
minimum, median and maximum wall-clock time over the rounds and the ratio of the medians (the
target), and beside it the ratio of the median CPU time (user + system), which load on a shared
machine disturbs less. The bytecode cache is
warm (one unmeasured round first) and ``PYTHONDONTWRITEBYTECODE`` is removed from the
environment, as a user's installation has it.

Targets: triage at most 2 x the baseline, ``models`` and ``--help`` at most 1.5 x. The figures
are printed, never asserted in tests.

``--instructions`` counts, instead, the instructions each command executes (valgrind's
cachegrind, one run each): the same on every run and unmoved by other work on the machine,
so a change's effect on start-up shows on a shared machine where wall-clock ratios wander by
half a point. It needs ``valgrind`` and takes about a minute.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

MODEL = "utrecht-maatwerktafel"
"""The model the triage figure selects (the issue's figure); another installed one if absent."""
EXAMPLE = "buurtteam-maatwerktafel"
"""The example case triaged when no ``--case`` is given."""
AT = "2026-03-02T08:00"

TARGETS = {"triage": 2.0, "models": 1.5, "--help": 1.5}


def _escalatie() -> list[str]:
    """The installed ``escalatie`` script beside this interpreter, as a user runs it."""
    script = Path(sys.executable).with_name("escalatie")
    if script.is_file():
        return [str(script)]
    found = shutil.which("escalatie")
    return [found] if found else [sys.executable, "-m", "escalatie"]


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _model(env: dict[str, str]) -> str:
    """``utrecht-maatwerktafel`` if installed, else the first installed model."""
    out = subprocess.run(
        [*_escalatie(), "models", "--json"], env=env, capture_output=True, text=True, check=True
    )
    import json

    names = [row["name"] for row in json.loads(out.stdout)]
    if not names:
        raise SystemExit("no model installed: nothing to triage")
    return MODEL if MODEL in names else names[0]


def commands(case: str, model: str) -> dict[str, list[str]]:
    """The measured commands by label; ``baseline`` first."""
    escalatie = _escalatie()
    return {
        "baseline": [sys.executable, "-c", "import click, pluggy"],
        "triage": [*escalatie, "-m", model, "triage", case, "--at", AT],
        "models": [*escalatie, "models"],
        "--help": [*escalatie, "--help"],
    }


def _once(command: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds (user + system) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(runs: int, case: str | None = None) -> dict[str, list[tuple[float, float]]]:
    """(wall, CPU) seconds per command per round, the commands interleaved in every round."""
    env = _environment()
    with tempfile.TemporaryDirectory() as folder:
        if case is None:
            case = str(Path(folder) / "case.json")
            wrote = subprocess.run(
                [*_escalatie(), "examples", EXAMPLE, "-o", case],
                env=env,
                capture_output=True,
                text=True,
            )
            if wrote.returncode:
                raise SystemExit(f"example {EXAMPLE}: {wrote.stderr.strip()} (give --case)")
        measured = commands(case, _model(env))
        for command in measured.values():  # warm the bytecode and file caches
            _once(command, env)
        times: dict[str, list[tuple[float, float]]] = {label: [] for label in measured}
        for _ in range(runs):
            for label, command in measured.items():
                times[label].append(_once(command, env))
    return times


def report(times: dict[str, list[tuple[float, float]]]) -> list[str]:
    """Per command: wall-clock min/median/max in ms and the ratio of the medians to the
    baseline's, then the same ratio of CPU time (steadier on a shared machine)."""
    wall = {label: [w for w, _ in pairs] for label, pairs in times.items()}
    cpu = {label: [c for _, c in pairs] for label, pairs in times.items()}
    base, base_cpu = statistics.median(wall["baseline"]), statistics.median(cpu["baseline"])
    lines = []
    for label, seconds in wall.items():
        median = statistics.median(seconds)
        figures = (
            f"min {min(seconds) * 1000:5.0f}  median {median * 1000:5.0f}  "
            f"max {max(seconds) * 1000:5.0f} ms  cpu {statistics.median(cpu[label]) * 1000:4.0f} ms"
        )
        if label == "baseline":
            lines.append(f"   {'import click, pluggy':<22} {figures}")
            continue
        ratio, cpu_ratio = median / base, statistics.median(cpu[label]) / base_cpu
        target = TARGETS[label]
        verdict = "ok" if ratio <= target else "OVER"
        lines.append(
            f"   {'escalatie ' + label:<22} {figures}  ratio {ratio:4.2f} "
            f"(cpu {cpu_ratio:4.2f}; target <= {target}, {verdict})"
        )
    return lines


def instructions(case: str | None = None) -> dict[str, int]:
    """Instructions each command executes (cachegrind's ``I refs``), the baseline first."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise SystemExit("--instructions needs valgrind (apt install valgrind)")
    env = _environment()
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as folder:
        if case is None:
            case = str(Path(folder) / "case.json")
            subprocess.run([*_escalatie(), "examples", EXAMPLE, "-o", case], env=env, check=True)
        for label, command in commands(case, _model(env)).items():
            subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)  # warm
            ran = subprocess.run(
                [
                    valgrind,
                    "--tool=cachegrind",
                    "--cache-sim=no",
                    "--cachegrind-out-file=/dev/null",
                    *command,
                ],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            line = next(x for x in ran.stderr.splitlines() if "I refs:" in x or "I   refs:" in x)
            counts[label] = int(line.rsplit(":", 1)[1].replace(",", "").strip())
    return counts


def report_instructions(counts: dict[str, int]) -> list[str]:
    base = counts["baseline"]
    lines = [f"   {'import click, pluggy':<22} {base / 1e6:7.0f} M instructions"]
    for label, count in counts.items():
        if label != "baseline":
            ratio = count / base
            verdict = "ok" if ratio <= TARGETS[label] else "OVER"
            lines.append(
                f"   {'escalatie ' + label:<22} {count / 1e6:7.0f} M instructions  ratio "
                f"{ratio:4.2f} (target <= {TARGETS[label]}, {verdict})"
            )
    return lines


def startup_hooks() -> list[str]:
    """The ``.pth`` files beside this interpreter's packages that run code at every start
    (a line beginning ``import``): they slow the baseline and every command alike, so the
    ratios differ from a user's. ``pip install '.[test]'`` brings one (``urllib3_future.pth``,
    through caldav and niquests); the figures of record come from an install of escalatie
    alone (``pip install .``; docs/benchmarks.md)."""
    import site

    found = []
    for folder in site.getsitepackages():
        for pth in sorted(Path(folder).glob("*.pth")):
            if pth.name == "distutils-precedence.pth":  # setuptools' own, in every venv
                continue
            lines = pth.read_text(encoding="utf-8", errors="replace").splitlines()
            if any(line.startswith(("import ", "import\t")) for line in lines):
                found.append(pth.name)
    return found


def main(argv: Sequence[str] | None = None, runs: int = 15) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=runs, help="rounds (at least 15 for figures)")
    parser.add_argument("--case", help="the case file to triage (default: an example case)")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count executed instructions with valgrind instead of timing (deterministic)",
    )
    args = parser.parse_args(argv)
    hooks = startup_hooks()
    if hooks:
        print(
            f"note: {', '.join(hooks)} run code at every Python start (the baseline's too); "
            "the figures of record come from an install of escalatie alone (pip install .)"
        )
    if args.instructions:
        print("CLI start-up, instructions executed (valgrind cachegrind; ratio to the baseline)")
        for line in report_instructions(instructions(args.case)):
            print(line)
        return
    times = measure(max(1, args.runs), args.case)
    print(f"CLI start-up, {args.runs} rounds side by side (median ratios to the baseline)")
    for line in report(times):
        print(line)


if __name__ == "__main__":
    main()
