"""``--jobs`` has an upper bound (attacker review of main 763a7ef, finding 3).

``compare --jobs 99999999999999999999999`` (or ``2**55``) was a traceback: ``jobs × 256``
cases to read ahead overflowed ``itertools.islice``. The CLI refuses more than
:data:`~escalatie.research.parallel.MAX_JOBS` as a usage error naming ``--jobs``; the library
clamps to it.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from click.testing import CliRunner

from escalatie.cli import cli
from escalatie.cli.research import MAX_JOBS as CLI_MAX_JOBS
from escalatie.clock import AMSTERDAM
from escalatie.plugins import Registry
from escalatie.research import parallel
from escalatie.research.parallel import MAX_JOBS, Job, Source, compare_chunks

AT = ["--at", "2026-03-02T08:00"]


def test_the_cli_spells_out_the_library_bound() -> None:
    assert CLI_MAX_JOBS == MAX_JOBS


@pytest.mark.parametrize("value", ["99999999999999999999999", str(2**55), str(MAX_JOBS + 1)])
def test_too_many_jobs_is_a_usage_error_naming_jobs(value: str) -> None:
    result = CliRunner().invoke(cli, ["compare", "--examples", "--jobs", value, *AT])
    assert result.exit_code == 2 and result.stdout == ""
    [line] = [e for e in result.stderr.splitlines() if e.startswith("Error:")]
    assert "--jobs" in line and f"1<=x<={MAX_JOBS}" in line


def test_help_says_the_upper_bound() -> None:
    text = " ".join(CliRunner().invoke(cli, ["compare", "--help"]).stdout.split())
    assert f"1 to {MAX_JOBS}; 0 or less is refused" in text


def test_the_library_clamps_jobs(
    synthetic_registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``2**55`` jobs give the rows of one job, from at most MAX_JOBS workers (here one: the
    input is small)."""
    started: list[int] = []
    monkeypatch.setattr(parallel, "_pooled", lambda *a: started.append(a[-1]) or iter(()))
    names = list(synthetic_registry.examples)
    job = Job(
        tuple(synthetic_registry.models),
        datetime(2026, 3, 2, 8, 0, tzinfo=AMSTERDAM),
        "csv",
    )
    items = [Source("example", name) for name in names]
    one = list(compare_chunks(synthetic_registry, iter(items), job, 1))
    many = list(compare_chunks(synthetic_registry, iter(items), job, 2**55))
    assert many == one and one and started == []
