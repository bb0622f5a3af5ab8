"""``compare --jobs N``: the cases shared out to worker processes, the rows written in input order.

The main process only reads: raw ``.jsonl`` lines, ``.json`` file names and example names, in
chunks of :data:`CHUNK_CASES`. Each worker parses and structures its chunk's cases, triages them
through every model (:class:`~escalatie.research.compare.Comparer`) and formats the rows: as
text for the formats that are lines under a header (CSV, JSON Lines, Markdown:
:data:`escalatie.research.output.LINE_FORMATS`), as rows for the others. Chunks come back in
input order, at most ``2 × N`` of them in flight, so memory stays flat with the number of cases.
A row's text does not depend on the rows before it, so the output is byte for byte that of
``--jobs 1``.

An error in a case gives the same line as with ``--jobs 1``: the rows before that case are
delivered, then the error is raised. An input that is read to its end before ``N`` chunks are
full is shared out evenly, one worker for every :data:`MIN_CASES_PER_WORKER` cases at most
(``--jobs`` larger than that is clamped); an input of fewer than twice that many cases is
compared in this process, where it is done sooner than a pool is started. Forked workers
inherit a :class:`Worker` prepared in this process, so the models are compiled and prepared
once, not once per worker.
"""

from __future__ import annotations

import itertools
import os
import pickle
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from escalatie.errors import EscalatieError

if TYPE_CHECKING:
    import multiprocessing.context
    from multiprocessing.pool import AsyncResult

    from escalatie.case import Case
    from escalatie.plugins import Registry
    from escalatie.research.compare import Comparer, CompareRow
    from escalatie.research.output import CsvLines, LineFormat

CHUNK_CASES = 256
"""Cases per chunk: large enough that handing a chunk to a worker costs little beside
comparing it, small enough that ``2 × N`` chunks in flight are a few megabytes."""

MIN_CASES_PER_WORKER = 256
"""A worker process is started for every this many cases, up to ``--jobs``: a smaller input is
compared in this process. Starting the pool and handing chunks over costs about as much as
comparing this many cases in this process (docs/benchmarks.md), so a smaller share would make
``--jobs`` slower than one process (17 cases: 4.1 s with two workers, 3.4 s
in one process)."""

MAX_JOBS = 256
"""The most worker processes :func:`compare_chunks` starts; more are clamped to it (and the
CLI refuses more). Without a bound ``jobs × 256`` cases read ahead overflowed ``islice`` for
``--jobs 2**55`` (a traceback), and each worker is a process."""

IN_FLIGHT_PER_WORKER = 2
"""Chunks handed out per worker before the oldest one is waited for: one being compared, one
queued, so no worker waits for the main process."""


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system has one)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # no sched_getaffinity (macOS, Windows)
        return os.cpu_count() or 1


class Source(NamedTuple):
    """Where one case comes from, unread: cheap to hand to a worker process."""

    kind: str
    """``line`` (of a ``.jsonl`` file), ``file`` (a ``.json`` case document) or ``example``."""
    where: str
    """``file:line``, the file's path, or the example's name."""
    text: str = ""
    """The line, for ``line``."""


def sources(case_files: Iterable[str], examples: Iterable[str] = ()) -> Iterator[Source]:
    """The examples named, then the cases of the files in order, unparsed, streamed."""
    from escalatie.research.cases import case_lines

    for name in examples:
        yield Source("example", name)
    for path in case_files:
        if path.endswith(".jsonl"):
            for where, line in case_lines(path):
                yield Source("line", where, line)
        else:
            yield Source("file", path)


class Job(NamedTuple):
    """What every worker compares: the models by name, the moment, the output format."""

    models: tuple[str, ...]
    at: datetime
    fmt: str
    """An output format; the line formats come back as text, the others as rows."""
    pseudonym_key: bytes | None = None
    """Name each case by its keyed pseudonym with this key; None: by its own reference."""


class Done(NamedTuple):
    """A compared chunk: its output, how many of its cases were read, the error that ended it."""

    output: str | list[CompareRow]
    read: int
    error: EscalatieError | None


class Worker:
    """Compares chunks of sources for one :class:`Job` (in a worker process, or in this one).

    ``registry`` is the main process's (inherited by a forked worker); None: the process-wide
    default, built anew in a worker that was not forked.
    """

    def __init__(self, job: Job, registry: Registry | None = None) -> None:
        from escalatie.plugins import default_registry
        from escalatie.research.compare import COMPARE_ROW, Comparer
        from escalatie.research.output import CsvLines, line_format

        if registry is None:
            registry = default_registry()
        self.registry = registry
        self.comparer: Comparer = Comparer(
            registry, [registry.model(name) for name in job.models], job.at
        )
        self.lines: LineFormat | None = line_format(COMPARE_ROW, job.fmt)
        self.csv = self.lines if isinstance(self.lines, CsvLines) else None
        self.key = job.pseudonym_key
        # Imported here, once: before a fork, so forked workers have them (and not per case).
        from escalatie.documents import load_case
        from escalatie.privacy import pseudonym
        from escalatie.research.cases import case_from_line, named_by_pseudonym

        self._load = load_case
        self._from_line = case_from_line
        self._named = named_by_pseudonym
        self._pseudonym = pseudonym

    def case(self, source: Source | tuple[str, str, str]) -> Case:
        """The case of a source (or its three fields as a plain tuple), named as the job asks."""
        case = self._read(source)
        return case if self.key is None else self._named(case, self.key)

    def _read(self, source: Source | tuple[str, str, str]) -> Case:
        kind, where, text = source
        if kind == "line":
            return self._from_line(text, where)
        if kind == "file":
            return self._load(where)
        return self.registry.examples[where].case

    def _name(self, case: Case) -> str | None:
        """The pseudonym the job names ``case`` by, or None (its own reference). The comparer
        renames the case in the copy that pseudonymises it (one copy of the case, not two)."""
        return None if self.key is None else self._pseudonym(case.reference, self.key)

    def __call__(self, chunk: Sequence[Source | tuple[str, str, str]]) -> Done:
        if self.csv is not None:
            return self._csv(chunk, self.csv)
        rows: list[CompareRow] = []
        read = 0
        error: EscalatieError | None = None
        for source in chunk:
            try:
                case = self._read(source)
                read += 1
                rows.extend(self.comparer.rows(case, self._name(case)))
            except EscalatieError as exc:
                error = _portable(exc)
                break
        if self.lines is None:
            return Done(rows, read, error)
        line = self.lines.line
        return Done("".join([line(row) for row in rows]), read, error)

    def _csv(self, chunk: Sequence[Source | tuple[str, str, str]], lines: CsvLines) -> Done:
        """CSV straight from the comparer (:meth:`Comparer.csv`): no row objects on the way."""
        texts: list[str] = []
        read = 0
        error: EscalatieError | None = None
        csv = self.comparer.csv
        case, name = self._read, self._name
        for source in chunk:
            try:
                one = case(source)
                read += 1
                texts.append(csv(one, lines, name(one)))
            except EscalatieError as exc:
                error = _portable(exc)
                break
        return Done("".join(texts), read, error)


def _portable(error: EscalatieError) -> EscalatieError:
    """The error as it can cross to the main process: itself, or its message in the base class
    when its class cannot be rebuilt from a pickle with the same message."""
    try:
        again = pickle.loads(pickle.dumps(error))
    except Exception:  # any failure to round-trip means: send the message
        return EscalatieError(str(error))
    return (
        error
        if type(again) is type(error) and str(again) == str(error)
        else EscalatieError(str(error))
    )


_worker: Worker | None = None


def _start(job: Job, registry: Registry | None) -> None:
    global _worker
    _worker = Worker(job, registry)


def _compare(packed: Packed) -> Done:
    assert _worker is not None, "_start runs first in every worker"
    return _worker(_unpacked(packed))


Packed = tuple[str, list[str], list[int], str]
"""A chunk of sources as it crosses to a worker: each source's kind (one letter), its
``where``, the length of its text, and the texts joined. Pickling that is four objects in C;
a list of :class:`Source` is a Python call per source each way, which cost the main process
about as much as reading the lines (issue 16: the main process shares the cores with the
workers)."""

_KINDS = {"line": "l", "file": "f", "example": "e"}
_KIND_OF = {letter: kind for kind, letter in _KINDS.items()}


def _packed(chunk: Sequence[Source]) -> Packed:
    kinds = _KINDS
    texts = [source.text for source in chunk]
    return (
        "".join([kinds[source.kind] for source in chunk]),
        [source.where for source in chunk],
        [len(text) for text in texts],
        "".join(texts),
    )


def _unpacked(packed: Packed) -> list[tuple[str, str, str]]:
    """The sources of a packed chunk, as plain tuples (:meth:`Worker.case` reads either)."""
    kinds, wheres, lengths, text = packed
    out: list[tuple[str, str, str]] = []
    start = 0
    kind_of = _KIND_OF
    for letter, where, length in zip(kinds, wheres, lengths, strict=True):
        end = start + length
        out.append((kind_of[letter], where, text[start:end]))
        start = end
    return out


def _chunks(items: Iterator[Source], size: int) -> Iterator[list[Source]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk


def _guarded(items: Iterable[Source], failed: list[EscalatieError]) -> Iterator[Source]:
    """``items`` until one cannot be read; that error is kept to be raised after the cases
    before it are compared, as ``--jobs 1`` does."""
    try:
        yield from items
    except EscalatieError as exc:
        failed.append(exc)


def _delivered(done: Done) -> Iterator[str | list[CompareRow]]:
    # A chunk whose first case could not be read delivers nothing: when it is the first chunk,
    # no header is written before the error line (as with --jobs 1).
    if done.read or done.error is None:
        yield done.output
    if done.error is not None:
        raise done.error


def _context() -> multiprocessing.context.BaseContext:
    """Fork where there is fork: the workers start at once with the models already loaded.

    ``multiprocessing`` is imported here, not with this module: a comparison done in this
    process (a small input, ``--jobs 1``) does not pay for it (40 M instructions)."""
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def compare_chunks(
    registry: Registry,
    items: Iterable[Source],
    job: Job,
    jobs: int,
    chunk_cases: int = CHUNK_CASES,
    min_cases: int | None = None,
) -> Iterator[str | list[CompareRow]]:
    """The output of every chunk in input order: text for a line format, rows otherwise.

    The models of ``job`` are looked up in ``registry``. At most ``jobs`` worker processes
    (clamped to :data:`MAX_JOBS`), one for every ``min_cases`` cases (default :data:`MIN_CASES_PER_WORKER`): an input of fewer
    than ``2 × min_cases`` cases is compared in this process. An error in a case is raised after the output of the cases
    before it.
    """
    if jobs < 1:
        raise ValueError(f"jobs: expected 1 or more, got {jobs}")
    if min_cases is None:
        min_cases = MIN_CASES_PER_WORKER
    if min_cases < 1:
        raise ValueError(f"min_cases: expected 1 or more, got {min_cases}")
    jobs = min(jobs, MAX_JOBS)
    failed: list[EscalatieError] = []
    stream = _guarded(items, failed)
    look_ahead = jobs * max(chunk_cases, min_cases)
    ahead = list(itertools.islice(stream, look_ahead))
    if len(ahead) < look_ahead:  # the whole input: share it out evenly
        workers = max(1, min(jobs, len(ahead) // min_cases))
        size = chunk_cases if workers == 1 else -(-len(ahead) // workers)
        chunks = _chunks(iter(ahead), size)
    else:
        workers = jobs
        chunks = _chunks(itertools.chain(ahead, stream), chunk_cases)
    del ahead
    if workers == 1:
        worker = Worker(job, registry)
        for chunk in chunks:
            yield from _delivered(worker(chunk))
    else:
        yield from _pooled(registry, chunks, job, workers)
    if failed:
        raise failed[0]


def _pooled(
    registry: Registry, chunks: Iterator[list[Source]], job: Job, workers: int
) -> Iterator[str | list[CompareRow]]:
    global _worker
    # A forked child flushes the standard streams when it ends: flush them first, or text
    # buffered here would be written twice.
    sys.stdout.flush()
    sys.stderr.flush()
    window = IN_FLIGHT_PER_WORKER * workers
    context = _context()
    # Forked workers inherit a worker prepared here (models compiled, triagers prepared, the
    # modules a case needs imported), so none of them prepares it again; any other start
    # method builds the default registry and the worker in each process.
    forked = context.get_start_method() == "fork"
    if forked:
        _worker = Worker(job, registry)
    start: dict[str, Any] = {} if forked else {"initializer": _start, "initargs": (job, None)}
    try:
        with context.Pool(workers, **start) as pool:
            pending: deque[AsyncResult[Done]] = deque()
            for chunk in chunks:
                pending.append(pool.apply_async(_compare, (_packed(chunk),)))
                if len(pending) >= window:
                    yield from _delivered(pending.popleft().get())
            while pending:
                yield from _delivered(pending.popleft().get())
    finally:
        if forked:
            _worker = None
