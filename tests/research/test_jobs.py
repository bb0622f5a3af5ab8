"""``compare --jobs N``: worker processes, the same bytes as ``--jobs 1``, bounded, same errors."""

from __future__ import annotations

import io
import itertools
import json
import os
import pickle
import signal
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from escalatie.case import Case
from escalatie.cli import cli
from escalatie.documents import unstructure
from escalatie.errors import EscalatieError, InvalidDocument
from escalatie.plugins import Registry
from escalatie.research import parallel
from escalatie.research.compare import COMPARE_ROW, compare
from escalatie.research.output import line_format, write_rows
from escalatie.research.parallel import (
    MIN_CASES_PER_WORKER,
    Job,
    Source,
    compare_chunks,
    sources,
)
from escalatie.testing.strategies import cases

MakeCase = Callable[..., Case]
AT = ["--at", "2026-03-02T08:00"]
LINE_AND_ROW_FORMATS = ("csv", "jsonl", "markdown", "json", "table")


@pytest.fixture(autouse=True)
def only_synthetic(monkeypatch: pytest.MonkeyPatch, synthetic_registry: Registry) -> None:
    """The commands see the two synthetic models and one example case, and start a worker for
    every case (the real threshold keeps inputs this small in one process: tested apart)."""
    monkeypatch.setattr("escalatie.cli.research.registry", lambda: synthetic_registry)
    monkeypatch.setattr(parallel, "MIN_CASES_PER_WORKER", 1)


def run(*args: str) -> tuple[int, bytes, str]:
    """Exit code, standard output, and standard error with the user error's message, if any."""
    result = CliRunner().invoke(cli, list(args))
    err = result.stderr
    if isinstance(result.exception, EscalatieError):
        err += f"error: {result.exception}\n"
    return result.exit_code, result.stdout_bytes, err


def jsonl(path: Path, cases: list[Case]) -> str:
    path.write_text(
        "".join(json.dumps(unstructure(c), ensure_ascii=False) + "\n" for c in cases),
        encoding="utf-8",
    )
    return str(path)


def numbered(make_case: MakeCase, count: int) -> list[Case]:
    return [make_case(f"N-{i}", age=i % 28) for i in range(count)]


PROPERTY = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY
@given(
    batch=st.lists(cases(with_identity=None), min_size=1, max_size=9),
    jobs=st.integers(min_value=1, max_value=4),
    fmt=st.sampled_from(LINE_AND_ROW_FORMATS),
)
def test_output_is_the_same_for_any_number_of_jobs(
    tmp_path: Path, batch: list[Case], jobs: int, fmt: str
) -> None:
    path = jsonl(tmp_path / "cases.jsonl", batch)
    one = run("compare", path, "--examples", "--format", fmt, "--jobs", "1", *AT)
    many = run("compare", path, "--examples", "--format", fmt, "--jobs", str(jobs), *AT)
    assert one[0] == 0, one[2]
    assert many == one


@PROPERTY
@given(
    count=st.integers(min_value=1, max_value=40),
    jobs=st.integers(min_value=1, max_value=4),
    chunk=st.integers(min_value=1, max_value=5),
    fmt=st.sampled_from(LINE_AND_ROW_FORMATS),
)
def test_chunks_of_any_size_join_into_the_rows_of_one_process(
    tmp_path: Path,
    synthetic_registry: Registry,
    make_case: MakeCase,
    at: datetime,
    count: int,
    jobs: int,
    chunk: int,
    fmt: str,
) -> None:
    """Many chunks per worker, and a window of chunks in flight, still give the input order."""
    batch = numbered(make_case, count)
    path = jsonl(tmp_path / "many.jsonl", batch)
    models = list(synthetic_registry.models.values())
    expected = io.StringIO()
    write_rows(compare(synthetic_registry, models, batch, at), COMPARE_ROW, fmt, expected)
    job = Job(tuple(m.name for m in models), at, fmt)
    pieces = list(compare_chunks(synthetic_registry, sources([path]), job, jobs, chunk))
    lines = line_format(COMPARE_ROW, fmt)
    got = io.StringIO()
    if lines is not None:  # a line format comes back as text
        got.write(lines.header() + "".join(p for p in pieces if isinstance(p, str)))
    else:
        rows = itertools.chain.from_iterable(p for p in pieces if not isinstance(p, str))
        write_rows(rows, COMPARE_ROW, fmt, got)
    assert got.getvalue() == expected.getvalue()


def test_parquet_is_the_same_for_any_number_of_jobs(tmp_path: Path, make_case: MakeCase) -> None:
    pytest.importorskip("pyarrow")
    path = jsonl(tmp_path / "cases.jsonl", numbered(make_case, 7))
    outputs = []
    for jobs in ("1", "3"):
        target = tmp_path / f"rows-{jobs}.parquet"
        code, _, err = run(
            "compare", path, "--format", "parquet", "--jobs", jobs, "-o", str(target), *AT
        )
        assert code == 0, err
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("value", ["0", "-1", "-12"])
def test_jobs_zero_or_negative_is_a_usage_error_naming_jobs(tmp_path: Path, value: str) -> None:
    code, out, err = run("compare", "--examples", "--jobs", value, *AT)
    assert code == 2 and out == b""
    [line] = [e for e in err.splitlines() if e.startswith("Error:")]
    assert "--jobs" in line and value in line


def test_jobs_not_a_number_is_a_usage_error_naming_jobs() -> None:
    code, _, err = run("compare", "--examples", "--jobs", "many", *AT)
    assert code == 2 and "'--jobs'" in err


def test_help_says_the_default_and_the_bounds() -> None:
    _, out, _ = run("compare", "--help")
    text = " ".join(out.decode().split())
    assert "--jobs N" in text
    assert "default: the cores this process may use" in text
    assert "0 or less is refused" in text
    least = MIN_CASES_PER_WORKER  # the module's own value: the help spells it out
    assert f"One worker per {least} cases at most" in text
    assert f"fewer than {2 * least} cases are compared in this process" in text


@pytest.fixture
def workers_started(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of workers of every pool that compare_chunks starts."""
    started: list[int] = []
    pooled = parallel._pooled

    def spy(registry: Registry, chunks: Iterator[list[Source]], job: Job, workers: int) -> Any:
        started.append(workers)
        return pooled(registry, chunks, job, workers)

    monkeypatch.setattr(parallel, "_pooled", spy)
    return started


def test_more_jobs_than_cases_is_clamped_to_one_worker_per_share(
    tmp_path: Path, make_case: MakeCase, workers_started: list[int]
) -> None:
    path = jsonl(tmp_path / "three.jsonl", numbered(make_case, 3))
    one = run("compare", path, "--format", "csv", "--jobs", "1", *AT)
    many = run("compare", path, "--format", "csv", "--jobs", "64", *AT)
    assert many == one and one[0] == 0
    assert workers_started == [3]  # one case per worker at the fixture's threshold of 1
    single = jsonl(tmp_path / "one.jsonl", numbered(make_case, 1))
    assert run("compare", single, "--format", "csv", "--jobs", "8", *AT)[0] == 0
    assert workers_started == [3]  # a single case is compared in this process, no worker started


def test_a_small_input_is_compared_in_this_process(
    tmp_path: Path, make_case: MakeCase, workers_started: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real threshold: no worker for fewer than two shares of MIN_CASES_PER_WORKER cases,
    one per share above it, and the same bytes either way."""
    monkeypatch.setattr(parallel, "MIN_CASES_PER_WORKER", MIN_CASES_PER_WORKER)
    least = MIN_CASES_PER_WORKER
    small = jsonl(tmp_path / "small.jsonl", numbered(make_case, 2 * least - 1))
    one = run("compare", small, "--format", "csv", "--jobs", "1", *AT)
    assert run("compare", small, "--format", "csv", "--jobs", "4", *AT) == one and one[0] == 0
    assert workers_started == []
    large = jsonl(tmp_path / "large.jsonl", numbered(make_case, 2 * least))
    one = run("compare", large, "--format", "csv", "--jobs", "1", *AT)
    assert run("compare", large, "--format", "csv", "--jobs", "4", *AT) == one and one[0] == 0
    assert workers_started == [2]


def test_a_bad_case_in_a_worker_gives_the_same_error_and_rows_as_one_job(
    tmp_path: Path, make_case: MakeCase
) -> None:
    lines = [json.dumps(unstructure(c)) for c in numbered(make_case, 9)]
    lines[6] = '{"reference": "X-1", "age": "old"}'
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = run("compare", str(path), "--format", "csv", "--jobs", "1", *AT)
    for jobs in ("2", "3", "4"):
        many = run("compare", str(path), "--format", "csv", "--jobs", jobs, *AT)
        assert many == one
    code, out, err = one
    assert code == 1
    assert f"{path}:7: $.age: expected a whole number" in err
    assert out.decode().count("\n") == 1 + 6 * 2  # the header and the six cases before it


def test_a_bad_case_with_output_file_leaves_no_file(tmp_path: Path, make_case: MakeCase) -> None:
    lines = [json.dumps(unstructure(c)) for c in numbered(make_case, 9)]
    lines[-1] = "{not json"
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "rows.csv"
    code, _, err = run(
        "compare", str(path), "--format", "csv", "--jobs", "3", "-o", str(target), *AT
    )
    assert code == 1 and f"{path}:9: not valid JSON" in err
    assert list(tmp_path.iterdir()) == [path]


def test_a_bad_first_case_gives_only_its_error_and_a_missing_file_comes_after_the_rows(
    tmp_path: Path, make_case: MakeCase
) -> None:
    good = jsonl(tmp_path / "good.jsonl", numbered(make_case, 5))
    bad_first = tmp_path / "first.jsonl"
    bad_first.write_text("[]\n" + Path(good).read_text(encoding="utf-8"), encoding="utf-8")
    missing = str(tmp_path / "missing.jsonl")
    for fmt in ("csv", "json"):
        one = run("compare", str(bad_first), "--format", fmt, "--jobs", "1", *AT)
        assert run("compare", str(bad_first), "--format", fmt, "--jobs", "2", *AT) == one
        assert one[0] == 1 and one[1] == b""
        one = run("compare", good, missing, "--format", fmt, "--jobs", "1", *AT)
        assert run("compare", good, missing, "--format", fmt, "--jobs", "2", *AT) == one
        assert one[0] == 1 and "missing.jsonl: file not found" in one[2] and one[1]


def test_reading_stays_a_bounded_number_of_chunks_ahead(
    synthetic_registry: Registry, make_case: MakeCase, at: datetime
) -> None:
    """Memory stays flat: the first chunk's rows come back before more than the look-ahead and
    the chunks in flight are read from an endless input."""
    document = json.dumps(unstructure(make_case("E-1")))
    read = 0

    def endless() -> Iterator[Source]:
        nonlocal read
        for number in itertools.count(1):
            read += 1
            yield Source("line", f"endless.jsonl:{number}", document)

    job = Job(tuple(synthetic_registry.models), at, "csv")
    pieces = compare_chunks(synthetic_registry, endless(), job, jobs=2, chunk_cases=3)
    first = next(pieces)
    pieces.close()  # ends the workers
    assert isinstance(first, str) and first.count("\n") == 3 * 2
    look_ahead, in_flight = 2 * 3, parallel.IN_FLIGHT_PER_WORKER * 2 * 3
    assert read <= look_ahead + in_flight + 1


class _Odd(EscalatieError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")


def test_an_error_that_cannot_cross_processes_keeps_its_message() -> None:
    portable = parallel._portable(_Odd("age", "expected a whole number"))
    assert type(portable) is EscalatieError and str(portable) == "age: expected a whole number"
    kept = EscalatieError("x")
    assert parallel._portable(kept) is kept
    problems = InvalidDocument(["a.jsonl:2: $.age: expected a whole number", "a.jsonl:2: $.x: y"])
    again = pickle.loads(pickle.dumps(parallel._portable(problems)))
    assert type(again) is InvalidDocument and again.problems == problems.problems
    assert str(again) == str(problems)


def test_usable_cores_is_at_least_one() -> None:
    assert parallel.usable_cores() >= 1


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The process ids of the workers forked."""
    pids: list[int] = []
    fork = parallel._fork

    def spy(worker: parallel.Worker, others: Any) -> Any:
        child = fork(worker, others)
        pids.append(child.pid)
        return child

    monkeypatch.setattr(parallel, "_fork", spy)
    return pids


def _gone(pid: int) -> bool:
    """Whether process ``pid`` has ended and been waited for (no zombie left behind)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_chunks_larger_than_the_pipes_pass_both_ways(
    tmp_path: Path,
    synthetic_registry: Registry,
    make_case: MakeCase,
    at: datetime,
    monkeypatch: pytest.MonkeyPatch,
    forked: list[int],
) -> None:
    """A chunk and its rows may each be many times a pipe's size: the main process never waits
    to hand a worker a chunk while that worker waits to hand back rows (pipes of one page
    here, so that every chunk and every result fills them many times over)."""
    monkeypatch.setattr(parallel, "PIPE_BYTES", 4096)
    batch = numbered(make_case, 300)  # 15 chunks of 20: each worker has two in hand at once
    path = jsonl(tmp_path / "cases.jsonl", batch)
    assert Path(path).stat().st_size // 15 > 3 * 4096
    models = list(synthetic_registry.models.values())
    job = Job(tuple(m.name for m in models), at, "csv")
    expected = list(compare_chunks(synthetic_registry, sources([path]), job, 1, 20))
    got = list(compare_chunks(synthetic_registry, sources([path]), job, 3, 20))
    assert len(got) == 15 and all(len(piece) > 4096 for piece in got)
    assert "".join(map(str, got)) == "".join(map(str, expected))
    assert len(forked) == 3 and all(_gone(pid) for pid in forked)


def test_output_no_longer_wanted_ends_the_workers(
    synthetic_registry: Registry, make_case: MakeCase, at: datetime, forked: list[int]
) -> None:
    document = json.dumps(unstructure(make_case("E-1")))
    endless = (Source("line", f"endless.jsonl:{n}", document) for n in itertools.count(1))
    job = Job(tuple(synthetic_registry.models), at, "csv")
    pieces = compare_chunks(synthetic_registry, endless, job, jobs=2, chunk_cases=3)
    assert isinstance(next(pieces), str)
    pieces.close()
    assert len(forked) == 2 and all(_gone(pid) for pid in forked)


def test_a_worker_that_dies_is_an_error_not_a_hang(
    synthetic_registry: Registry,
    make_case: MakeCase,
    at: datetime,
    monkeypatch: pytest.MonkeyPatch,
    forked: list[int],
) -> None:
    """A worker killed (out of memory, a signal) ends the comparison with one line."""

    def die(self: parallel.Worker, chunk: Any) -> Any:
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(parallel.Worker, "__call__", die)
    document = json.dumps(unstructure(make_case("E-1")))
    items = [Source("line", f"a.jsonl:{n}", document) for n in range(1, 13)]
    job = Job(tuple(synthetic_registry.models), at, "csv")
    with pytest.raises(parallel.WorkerEnded, match=r"^a worker process \(pid \d+\) ended"):
        list(compare_chunks(synthetic_registry, iter(items), job, jobs=2, chunk_cases=3))
    assert len(forked) == 2 and all(_gone(pid) for pid in forked)


def test_a_message_cut_off_by_its_writers_end_is_an_ending_not_an_error() -> None:
    """A worker killed while it wrote its rows leaves half a message in the pipe: read as the
    worker's end (so the comparison says which worker ended), never as a traceback."""
    read, write = os.pipe()
    try:
        os.write(write, (10).to_bytes(parallel._HEAD, "little") + b"abc")
        os.close(write)
        assert parallel._received(read) is None
    finally:
        os.close(read)


class _Bug(Exception):
    pass


def test_a_bug_in_a_worker_is_raised_with_the_workers_traceback(
    synthetic_registry: Registry,
    make_case: MakeCase,
    at: datetime,
    monkeypatch: pytest.MonkeyPatch,
    forked: list[int],
) -> None:
    def buggy(self: parallel.Worker, chunk: Any) -> Any:
        raise _Bug("not bad input: a bug")

    monkeypatch.setattr(parallel.Worker, "__call__", buggy)
    document = json.dumps(unstructure(make_case("E-1")))
    items = [Source("line", f"a.jsonl:{n}", document) for n in range(1, 13)]
    job = Job(tuple(synthetic_registry.models), at, "csv")
    with pytest.raises(_Bug, match="not bad input: a bug") as caught:
        list(compare_chunks(synthetic_registry, iter(items), job, jobs=2, chunk_cases=3))
    cause = caught.value.__cause__
    assert isinstance(cause, parallel.WorkerTraceback)
    assert "in buggy" in str(cause) and "_Bug: not bad input: a bug" in str(cause)
    assert len(forked) == 2 and all(_gone(pid) for pid in forked)
