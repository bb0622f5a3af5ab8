"""``compare`` and ``simulate``: the research tools on the command line.

Both work over every installed model unless ``--models a,b`` narrows the choice; the model
``-m`` or ``ESCALATIE_MODEL`` selects (a model file too) is always among them. Output goes
to standard output or, with ``-o FILE``, to a file that appears only once it is complete.
"""

from __future__ import annotations

import itertools
import shutil
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from escalatie.cli import end_quickly
from escalatie.cli.common import (
    Choice,
    at_option,
    echo,
    model_named,
    moment,
    open_output,
    output_option,
    registry,
)
from escalatie.errors import EscalatieError

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import datetime

    from escalatie.model import EscalationModel
    from escalatie.plugins import Registry
    from escalatie.research.columns import RowDescription
    from escalatie.research.compare import CompareRow

F = TypeVar("F", bound=Callable[..., Any])

FORMAT_CHOICES = ("table", "csv", "json", "jsonl", "markdown", "parquet")
"""Same as :data:`escalatie.research.output.FORMATS`, spelled out so --help imports nothing."""
MAX_JOBS = 256
"""Same as :data:`escalatie.research.parallel.MAX_JOBS`, spelled out so --help imports nothing."""
DEFAULT_START = "2026-01-01"
MAX_MONTHS = 600
MAX_CASES_PER_MONTH = 100_000
MAX_RUNS = 1000
MAX_ON_REQUEST_CAPACITY = 10_000
MAX_ARRIVALS = 2_000_000
"""Bounds of ``simulate``: each option on its own, and the expected number of arrivals over all
runs (cases per month × months × runs), so a typo cannot start a run that never ends."""
"""A fixed default start, so that a simulation without ``--start`` is reproducible too."""


def format_option(f: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=Choice(FORMAT_CHOICES),
        default="table",
        show_default=True,
        help="table for a terminal; csv, json, jsonl, markdown and parquet (binary: -o FILE or "
        "a pipe; needs the 'parquet' extra) stream row by row.",
    )(f)


def models_option(f: F) -> F:
    return click.option(
        "--models",
        "model_names",
        metavar="A,B",
        help="Comma-separated model names or model files (see `escalatie models`). Default: "
        "all installed. The model -m or ESCALATIE_MODEL selects (./zeewolde.toml too) is "
        "always included.",
    )(f)


def selected_models(model_names: str | None) -> list[EscalationModel]:
    """The models named in ``--models`` (default: every installed model), and the one ``-m``
    or ``ESCALATIE_MODEL`` selects if it is not among them; one-line errors.

    A model file given with ``-m ./zeewolde.toml`` is not installed, so "every installed
    model" left it out without a word: a model the user selected is one
    they mean to see, so it joins the others, in name order by default, last after
    ``--models``."""
    reg = registry()
    chosen_name = (click.get_current_context().find_root().obj or {}).get("model")
    chosen = model_named(reg, chosen_name) if chosen_name else None
    if model_names is None:
        if not reg.models and chosen is None:
            raise EscalatieError("--models: no escalation models are installed")
        found = {m.name: m for m in reg.models.values()}
        if chosen is not None:
            found.setdefault(chosen.name, chosen)
        return [found[name] for name in sorted(found)]
    names = [n.strip() for n in model_names.split(",")]
    if not all(names):
        raise click.UsageError(
            f"--models: expected comma-separated model names, got {model_names!r}"
        )
    seen: list[str] = []
    for name in names:
        if name not in seen:
            seen.append(name)
    models = _named(reg, seen)
    if chosen is not None and all(m.name != chosen.name for m in models):
        models.append(chosen)
    return models


def _named(reg: Registry, names: list[str]) -> list[EscalationModel]:
    """The models ``names`` give, each once: every unknown name in one line
    (``--models helmond,rotterdam`` names both when neither is known), and a model given twice
    (by its name and by its file's path) compared once, with a note saying so (it ran twice)."""
    from escalatie.errors import UnknownModel

    models: dict[str, EscalationModel] = {}
    given: dict[str, list[str]] = {}
    unknown: list[str] = []
    for name in names:
        try:
            model = model_named(reg, name, "--models")
        except UnknownModel as exc:
            unknown.append(str(exc))
            continue
        models.setdefault(model.name, model)
        given.setdefault(model.name, []).append(name)
    if len(unknown) == 1:
        raise UnknownModel(unknown[0])
    if unknown:
        tail = "; installed: "
        if all(u.startswith("unknown model ") and tail in u for u in unknown):
            what = ", ".join(u.removeprefix("unknown model ").split(tail)[0] for u in unknown)
            raise UnknownModel(f"--models: unknown models {what}{tail}{unknown[0].split(tail)[1]}")
        raise UnknownModel("; ".join(unknown))
    for name, ways in given.items():
        if len(ways) > 1:
            echo(
                f"note: --models: {' and '.join(ways)} are the same model {name}; it is "
                "compared once",
                err=True,
            )
    return list(models.values())


def to_stdout(output: str | None) -> bool:
    return output is None or output == "-"


def check_format(fmt: str, output: str | None) -> None:
    """Refuse Parquet to a terminal, or without pyarrow, before any work is done."""
    if fmt != "parquet":
        return
    if to_stdout(output) and sys.stdout.isatty():
        raise click.UsageError("--format parquet: binary output; give -o FILE or pipe it")
    from escalatie.research.parquet import require_pyarrow

    require_pyarrow()


def write_output_rows(
    rows: Iterable[Sequence[Any]],
    description: RowDescription,
    fmt: str,
    output: str | None,
) -> None:
    """Rows in any format to standard output or ``-o FILE``: the one place the CLI writes rows."""
    check_format(fmt, output)  # before the file is opened: a refusal leaves nothing behind
    if fmt == "parquet":
        from escalatie.research.parquet import write_parquet

        with open_output(output, binary=True) as sink:
            write_parquet(rows, description, sink)
        return
    from escalatie.research.output import write_rows

    with open_output(output) as out:
        write_rows(rows, description, fmt, out)


@click.command()
@click.argument("case_files", nargs=-1, metavar="[CASE.json ...]")
@click.option(
    "--examples",
    is_flag=True,
    help="Compare the example cases the plugins register (`escalatie examples` lists each "
    "one's reference: with --show-reference the rows are named by it).",
)
@click.option("--features", is_flag=True, help="Print the models' feature matrix instead.")
@models_option
@at_option
@format_option
@click.option(
    "--wide",
    is_flag=True,
    help="In a terminal, print the full table instead of the readable view per case.",
)
@click.option(
    "--show-reference",
    is_flag=True,
    help="Name each case by its own reference instead of its pseudonym (casus-...).",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, MAX_JOBS),
    metavar="N",
    help="Worker processes that share the cases; default: the cores this process may use. "
    "Rows come in input order, byte for byte as with --jobs 1. One worker per 256 cases at "
    "most: fewer than 512 cases are compared in this process, where a small input is done "
    f"sooner than workers start. 1 to {MAX_JOBS}; 0 or less is refused.",
)
@output_option
def compare(
    case_files: tuple[str, ...],
    examples: bool,
    features: bool,
    model_names: str | None,
    at: str | None,
    fmt: str,
    wide: bool,
    show_reference: bool,
    jobs: int | None,
    output: str | None,
) -> None:
    """Run every case through every selected model: one row per case and model.

    CASE.json holds one case document; a .jsonl file holds one per line. Rows name each case by
    its keyed pseudonym (as triage does, docs/privacy.md), never by its own reference, which may
    link back to a person's file; --show-reference names it by its reference. Days to the forum
    are empty for forums that meet on request, contact points and onward routes (the forum_note
    column says which). In a terminal the table is a readable view per case that fits its
    width; files and pipes get every column.
    """
    check_format(fmt, output)
    if features:
        if case_files or examples:
            raise click.UsageError("--features describes the models; give no cases with it")
        from escalatie.research.features import FEATURE_ROW, feature_matrix

        matrix = feature_matrix(registry(), selected_models(model_names), moment(at))
        write_output_rows(matrix, FEATURE_ROW, fmt, output)
        return
    if not case_files and not examples:
        raise click.UsageError("give one or more CASE.json files, --examples, or --features")
    models = selected_models(model_names)
    when = moment(at)
    if examples and not registry().examples:
        raise EscalatieError("--examples: no example cases are installed")
    example_names = list(registry().examples) if examples else []
    if jobs is None:
        from escalatie.research.parallel import usable_cores

        jobs = usable_cores()
    _compare_chunks(
        case_files, example_names, models, when, fmt, wide, output, jobs, show_reference
    )


def _write_compare_rows(
    rows: Iterable[CompareRow], fmt: str, wide: bool, output: str | None
) -> None:
    from escalatie.research.compare import COMPARE_ROW

    if fmt == "table" and to_stdout(output) and not wide and sys.stdout.isatty():
        from escalatie.research.view import write_view

        write_view(rows, sys.stdout, width=shutil.get_terminal_size().columns)
        return
    write_output_rows(rows, COMPARE_ROW, fmt, output)


def _compare_chunks(
    case_files: Sequence[str],
    example_names: Sequence[str],
    models: Sequence[EscalationModel],
    when: datetime,
    fmt: str,
    wide: bool,
    output: str | None,
    jobs: int,
    show_reference: bool,
) -> None:
    """Chunks of cases compared in this process or in ``jobs`` worker processes
    (:func:`escalatie.research.parallel.compare_chunks`); rows out in input order."""
    from escalatie.research.cases import pseudonym_key
    from escalatie.research.compare import COMPARE_ROW
    from escalatie.research.output import line_format
    from escalatie.research.parallel import Job, compare_chunks, sources

    check_format(fmt, output)
    key = None if show_reference else pseudonym_key()  # here, not once in every worker
    job = Job(tuple(m.name for m in models), when, fmt, key)
    pieces = compare_chunks(registry(), sources(case_files, example_names), job, jobs)
    # The first chunk before anything is written: a first case that cannot be read gives only
    # its error line, as with --jobs 1.
    first = next(pieces, None)
    chained = itertools.chain([] if first is None else [first], pieces)
    lines = line_format(COMPARE_ROW, fmt)
    if lines is None:
        rows = itertools.chain.from_iterable(p for p in chained if not isinstance(p, str))
        _write_compare_rows(rows, fmt, wide, output)
        return
    with open_output(output) as out:
        out.write(lines.header())
        for piece in chained:
            if isinstance(piece, str):
                out.write(piece)
    # The output is closed and the workers waited for: nothing is left to the interpreter's
    # teardown of the models and the modules, which costs this process about 25 ms.
    end_quickly()


@click.command()
@models_option
@click.option(
    "--cases-per-month",
    type=click.IntRange(1, MAX_CASES_PER_MONTH),
    required=True,
    metavar="N",
    help=f"Mean arrivals per month (Poisson process); 1 to {MAX_CASES_PER_MONTH}.",
)
@click.option(
    "--months",
    type=click.IntRange(1, MAX_MONTHS),
    required=True,
    metavar="M",
    help=f"Months to simulate; 1 to {MAX_MONTHS} (50 years).",
)
@click.option(
    "--seed",
    type=int,
    required=True,
    metavar="S",
    help="Random seed: the same seed gives the same output.",
)
@click.option(
    "--runs",
    type=click.IntRange(1, MAX_RUNS),
    default=1,
    show_default=True,
    metavar="R",
    help=f"Independent runs, pooled; 1 to {MAX_RUNS}.",
)
@click.option(
    "--start",
    metavar="DATE",
    default=DEFAULT_START,
    show_default=True,
    help="First day (YYYY-MM-DD).",
)
@click.option(
    "--on-request-capacity",
    type=click.IntRange(1, MAX_ON_REQUEST_CAPACITY),
    default=2,
    show_default=True,
    metavar="K",
    help="Cases an on-request forum or contact point takes up per working day.",
)
@click.option("--plot", "plot_file", metavar="FILE.png", help="Draw the waiting times per model.")
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar on stderr. Default: when stderr is a terminal.",
)
@format_option
@output_option
def simulate(
    model_names: str | None,
    cases_per_month: int,
    months: int,
    seed: int,
    runs: int,
    start: str,
    on_request_capacity: int,
    plot_file: str | None,
    progress: bool | None,
    fmt: str,
    output: str | None,
) -> None:
    """Simulate random arrivals queueing for each model's forum.

    Reports per model the waiting time until the forum (median, p90, max, in days), the
    utilisation of the meetings and the backlog at the end of every month. The assumptions are
    listed in docs/research.md.
    """
    from escalatie.clock import parse_day
    from escalatie.research.simulate import SIMULATION_ROW, SimulationConfig
    from escalatie.research.simulate import simulate as run

    check_format(fmt, output)
    if plot_file is not None and not plot_file.lower().endswith(".png"):
        raise click.UsageError(f"--plot: expected a file name ending in .png, got {plot_file!r}")
    if cases_per_month * months * runs > MAX_ARRIVALS:
        raise click.UsageError(
            f"--cases-per-month × --months × --runs: expected at most {MAX_ARRIVALS:,} cases in "
            f"all, got {cases_per_month * months * runs:,}"
        )
    config = SimulationConfig(
        cases_per_month=cases_per_month,
        months=months,
        seed=seed,
        start=parse_day(start, "--start"),
        runs=runs,
        on_request_capacity=on_request_capacity,
    )
    models = selected_models(model_names)
    show = sys.stderr.isatty() if progress is None else progress
    if show:
        with click.progressbar(length=runs, label="simulating", file=sys.stderr) as bar:
            outcomes = run(models, config, progress=bar.update)
    else:
        outcomes = run(models, config)
    if plot_file is not None:
        from escalatie.research.plot import plot_waits

        with open_output(plot_file, "--plot", binary=True) as image:
            plot_waits(
                outcomes,
                image,
                title=f"{cases_per_month} cases/month, {months} months, seed {seed}",
            )
    write_output_rows((o.row() for o in outcomes), SIMULATION_ROW, fmt, output)
