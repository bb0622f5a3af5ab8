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

Where there is :func:`os.fork`, each forked worker has a pipe of chunks and a pipe of results of
its own (:func:`_forked`): the main process runs one loop and no thread, so it takes little of
the cores it shares with the workers. A ``multiprocessing.Pool`` took about 8 % of the
processor time of a 10,000-case comparison in the main process: three threads, one of them
polling the shared pipe of results in a loop for as long as a result was in it, locks around
the shared queues. Without fork (Windows), a ``multiprocessing`` pool is used, and each worker
builds its models itself. A worker that dies is an error (:class:`WorkerEnded`), not a wait.
"""

from __future__ import annotations

import itertools
import os
import pickle
import sys
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Sequence
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
    """The start method where there is no :func:`os.fork` (Windows): each worker builds the
    default registry and its :class:`Worker` itself.

    ``multiprocessing`` is imported here, not with this module: a comparison done in this
    process, or in forked workers, does not pay for it (40 M instructions)."""
    import multiprocessing

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
    # A forked child inherits the standard streams' buffers: flush them first, so that text
    # buffered here is not written twice should a child ever flush them.
    sys.stdout.flush()
    sys.stderr.flush()
    if hasattr(os, "fork"):
        # Forked workers inherit a worker prepared here (models compiled, triagers prepared,
        # the modules a case needs imported), so none of them prepares it again.
        done = _forked(Worker(job, registry), chunks, workers)
    else:
        done = _spawned(chunks, job, workers)
    try:
        for each in done:
            yield from _delivered(each)
    finally:
        done.close()  # the workers end now, not when the generator is collected


def _spawned(chunks: Iterator[list[Source]], job: Job, workers: int) -> Generator[Done, None, None]:
    """Chunks compared by a :mod:`multiprocessing` pool whose workers build the default
    registry and their :class:`Worker` themselves (no fork)."""
    window = IN_FLIGHT_PER_WORKER * workers
    with _context().Pool(workers, initializer=_start, initargs=(job, None)) as pool:
        pending: deque[AsyncResult[Done]] = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(_compare, (_packed(chunk),)))
            if len(pending) >= window:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


_HEAD = 8
"""Bytes of the length that goes before every message on a worker's pipes."""

PIPE_BYTES = 1 << 20
"""The size asked for each worker's pipes (Linux; at most ``/proc/sys/fs/pipe-max-size``,
which is 1 MiB unless raised): a chunk's cases and its CSV (about 0.3 and 0.5 MB for 256
synthetic cases) then pass in one write, where the default 64 KiB took eight rounds of
waking the reader."""


class WorkerEnded(EscalatieError):
    """A worker process ended without sending its chunk's result (killed, out of memory)."""


class _Child:
    """A forked worker as the main process sees it: its process, the write end of its pipe
    of chunks (non-blocking, so that the main process never waits on a worker that is itself
    waiting to send a result), the read end of its pipe of results, and its chunks in order."""

    def __init__(self, pid: int, tasks: int, results: int) -> None:
        self.pid = pid
        self.tasks = tasks
        self.results = results
        self.queued: deque[int] = deque()
        """The numbers of the chunks handed to it whose results are not read yet."""
        self.unsent: memoryview | None = None


def _sized(*fds: int) -> None:
    try:
        import fcntl

        for fd in fds:
            fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):  # not Linux, or above the system's limit
        pass


def _fork(worker: Worker, others: Sequence[_Child]) -> _Child:
    """One worker process, forked from this one: it compares the chunks its pipe brings until
    the pipe is closed."""
    tasks_read, tasks_write = os.pipe()
    results_read, results_write = os.pipe()
    _sized(tasks_write, results_write)
    pid = os.fork()
    if pid == 0:  # the worker
        code = 1
        try:
            for fd in (tasks_write, results_read):
                os.close(fd)
            for other in others:  # or a worker would keep another's pipe of chunks open
                os.close(other.tasks)
                os.close(other.results)
            _serve(worker, tasks_read, results_write)
            code = 0
        finally:
            os._exit(code)  # no clean-up of the main process's state: it is the main's
    os.close(tasks_read)
    os.close(results_write)
    os.set_blocking(tasks_write, False)
    return _Child(pid, tasks_write, results_read)


def _serve(worker: Worker, tasks: int, results: int) -> None:
    """A worker's loop: a chunk in, its :class:`Done` out, until the main process closes the
    pipe. An error that is not the user's (a bug) crosses with its traceback."""
    while (message := _received(tasks)) is not None:
        try:
            out: tuple[bool, Any] = (True, worker(_unpacked(pickle.loads(message))))
        except Exception as exc:  # a bug, not bad input: the main process raises it
            import traceback

            out = (False, (_crossing(exc), traceback.format_exc()))
        data = pickle.dumps(out, pickle.HIGHEST_PROTOCOL)
        _send_all(results, len(data).to_bytes(_HEAD, "little") + data)


def _crossing(exc: Exception) -> Exception:
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # any failure to round-trip: send what it says
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


class WorkerTraceback(Exception):
    """The traceback of an error raised in a worker process, as the cause of that error."""


def _received(fd: int) -> bytes | bytearray | None:
    """The next message on ``fd``, or None when the pipe is closed before one starts or inside
    one (its writer ended: a worker killed while it sent its rows is a :class:`WorkerEnded`,
    as one killed before, never a traceback)."""
    head = _exactly(fd, _HEAD)
    if head is None:
        return None
    return _exactly(fd, int.from_bytes(head, "little"))


def _exactly(fd: int, size: int) -> bytearray | None:
    """``size`` bytes read from ``fd`` (blocking), or None at the end of the pipe."""
    buffer = bytearray(size)
    view = memoryview(buffer)
    got = 0
    while got < size:
        count = os.readv(fd, [view[got:]])
        if count == 0:
            return None
        got += count
    return buffer


def _send_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _forked(
    worker: Worker, chunks: Iterator[list[Source]], workers: int
) -> Generator[Done, None, None]:
    """Each chunk's :class:`Done` in input order, compared by ``workers`` forked processes.

    A chunk goes to whichever worker has fewer than :data:`IN_FLIGHT_PER_WORKER` chunks, as
    long as fewer than ``IN_FLIGHT_PER_WORKER × workers`` chunks are handed out and not yet
    yielded: memory stays flat. Nothing here runs beside the workers but this loop (no
    threads, no locks: the workers share no queue), so the main process, which shares the
    cores with them, spends little beyond reading lines and writing the output.
    """
    import select

    children: list[_Child] = []
    finished = False
    try:
        for _ in range(workers):
            children.append(_fork(worker, children))
        by_fd = {child.results: child for child in children}
        by_fd.update({child.tasks: child for child in children})
        poll = select.poll()
        for child in children:
            poll.register(child.results, select.POLLIN)
        window = IN_FLIGHT_PER_WORKER * len(children)
        results: dict[int, Done] = {}
        handed = delivered = 0
        more = True

        def send(child: _Child) -> None:
            """As much of the child's unsent chunk as its pipe takes now; the rest when the
            pipe has room again (polled)."""
            assert child.unsent is not None
            try:
                written = os.write(child.tasks, child.unsent)
            except BlockingIOError:
                written = 0
            except BrokenPipeError:  # not this process's output: the worker is gone
                raise _ended_early(child) from None
            child.unsent = child.unsent[written:] if written < len(child.unsent) else None
            if child.unsent is None:
                poll.unregister(child.tasks)

        while True:
            while delivered in results:
                yield results.pop(delivered)
                delivered += 1
            while more and handed - delivered < window:
                child = min(children, key=lambda c: len(c.queued))
                if len(child.queued) >= IN_FLIGHT_PER_WORKER:
                    break
                chunk = next(chunks, None)
                if chunk is None:
                    more = False
                    break
                data = pickle.dumps(_packed(chunk), pickle.HIGHEST_PROTOCOL)
                child.queued.append(handed)
                handed += 1
                if child.unsent is None:
                    child.unsent = memoryview(len(data).to_bytes(_HEAD, "little") + data)
                    poll.register(child.tasks, select.POLLOUT)
                    send(child)
                else:  # the chunk before is still going in (a worker takes it as it reads)
                    child.unsent = memoryview(
                        bytes(child.unsent) + len(data).to_bytes(_HEAD, "little") + data
                    )
            if delivered == handed and not more:
                finished = True
                return
            for fd, _ in poll.poll():
                child = by_fd[fd]
                if fd == child.tasks:
                    send(child)
                    continue
                message = _received(fd) if child.queued else None
                if message is None:
                    raise _ended_early(child)
                ok, value = pickle.loads(message)
                if not ok:
                    error, text = value
                    raise error from WorkerTraceback(text)
                results[child.queued.popleft()] = value
    finally:
        _ended(children, finished)


def _ended_early(child: _Child) -> WorkerEnded:
    return WorkerEnded(f"a worker process (pid {child.pid}) ended before it sent its rows")


def _ended(children: list[_Child], finished: bool) -> None:
    """Every worker ended and waited for: told by the end of its pipe of chunks when all went
    well, stopped with SIGTERM otherwise (an error, or output no longer wanted)."""
    import contextlib
    import signal

    for child in children:
        if not finished:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child.pid, signal.SIGTERM)
        os.close(child.tasks)
        os.close(child.results)
    for child in children:
        os.waitpid(child.pid, 0)
