"""Every register command that takes input, fuzzed: exit 1 or 2 with an error line, never a traceback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

Run = Callable[..., Result]

JUNK = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12),
    st.sampled_from(
        ["", " ", "-", "--", "0", "-1", "99999999999999999999", "2026-02-30", "2026-13-01T25:61",
         "ESC-0000-0000", "nan", "☃", "\t", "\n", "../../etc/passwd", "' OR 1=1 --", "%s%n"]
    ),
)  # fmt: skip

# Each template: the command and where fuzzed values go ("{x}"); "{id}" is a real case id.
TEMPLATES = [
    ("case", "show", "{x}"),
    ("case", "show", "{id}", "--at", "{x}"),
    ("case", "show", "{id}", "--reveal", "--reason", "{x}"),
    ("case", "list", "--status", "{x}"),
    ("case", "triage", "{x}"),
    ("case", "plan", "{id}", "--slot", "{x}"),
    ("case", "plan", "{id}", "--slot", "2026-03-16T09:15", "--forum", "{x}"),
    ("case", "plan", "{x}", "--slot", "2026-03-16T09:15"),
    ("case", "suspend", "{id}", "--reason", "{x}", "--at", "{x}"),
    ("case", "resume", "{x}"),
    ("case", "close", "{id}", "--outcome", "{x}"),
    ("case", "close", "{x}", "--note", "{x}"),
    ("case", "export", "{id}", "--format", "{x}"),
    ("case", "export", "{x}", "--format", "zgw"),
    ("case", "share", "{id}", "--with", "{x}", "--what", "plan"),
    ("case", "share", "{id}", "--with", "JGZ", "--what", "{x}"),
    (
        "agreement",
        "add",
        "{id}",
        "--action",
        "{x}",
        "--owner",
        "{x}",
        "--due",
        "{x}",
        "--lead",
        "{x}",
    ),
    (
        "agreement",
        "add",
        "{x}",
        "--action",
        "a",
        "--owner",
        "o",
        "--due",
        "2026-04-01",
        "--lead",
        "{x}",
    ),
    ("agreement", "done", "{id}", "{x}"),
    ("agreement", "done", "{x}", "1"),
    ("agreements", "--at", "{x}"),
    ("agreements", "--case", "{x}", "--overdue"),
    ("insight", "add", "{id}", "--theme", "{x}", "--text", "t"),
    ("insight", "add", "{id}", "--theme", "process", "--text", "{x}"),
    ("consent", "add", "{id}", "--giver", "{x}", "--with", "JGZ", "--what", "plan"),
    ("consent", "add", "{id}", "--giver", "parents", "--with", "{x}", "--what", "{x}"),
    ("consent", "capacity", "{x}", "--incapable", "--reason", "{x}"),
    ("consent", "check", "{id}", "--with", "{x}", "--what", "{x}"),
    ("learn", "report", "--from", "{x}", "--to", "{x}"),
    ("learn", "report", "--format", "{x}"),
    ("audit", "--case", "{x}"),
    ("case", "list", "--actor", "{x}"),
]


def check(result: Result) -> None:
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code == 1:
        lines = result.stderr.splitlines()
        assert lines and all(line.startswith("error: ") for line in lines), result.stderr
    elif result.exit_code == 2:
        assert sum(line.startswith("Error: ") for line in result.stderr.splitlines()) == 1, (
            result.stderr
        )


@pytest.fixture
def case_id(run: Run, case_file: Path) -> str:
    return str(run("case", "new", str(case_file), "--at", "2026-03-02T10:00").stdout.strip())


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(template=st.sampled_from(TEMPLATES), values=st.lists(JUNK, min_size=4, max_size=4))
def test_commands_survive_bad_arguments(
    run: Run, case_id: str, template: tuple[str, ...], values: list[str]
) -> None:
    taken = iter(values)
    args = [case_id if a == "{id}" else next(taken) if a == "{x}" else a for a in template]
    check(run(*args))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    document=st.one_of(
        st.text(max_size=200),
        st.recursive(
            st.none()
            | st.booleans()
            | st.integers()
            | st.floats(allow_nan=False)
            | st.text(max_size=10),
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(st.text(max_size=8), inner, max_size=4)
            ),
            max_leaves=12,
        ).map(json.dumps),
    )
)
@example(
    document='{"reference": "x", "age": 14, "question": "q", "domains": [], "submitter": {"role": "x"}}'
)
@example(document="\ufeff{}")
def test_case_new_survives_bad_documents(run: Run, document: str) -> None:
    result = run("case", "new", "-", input=document)
    check(result)
    assert result.exit_code == 1


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(content=st.binary(min_size=0, max_size=600))
@example(content=b"SQLite format 3\x00" + b"\x00" * 200)
def test_any_file_as_register_gives_one_line(run: Run, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "fuzzed.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(content)
    result = run("case", "list", "--db", str(path))
    check(result)
    if content:  # an empty file is a new register; anything else is not one of ours
        assert result.exit_code == 1, result.output


def test_known_bad_inputs(run: Run, case_id: str) -> None:
    samples: list[tuple[Any, ...]] = [
        (("agreement", "done", case_id, "abc"), 2),
        (("case", "plan", case_id, "--slot", "2026-03-16T09:15", "--forum", "nope"), 1),
        (("case", "show", case_id, "--at", "2026-02-30"), 1),
    ]
    for args, code in samples:
        result = run(*args)
        check(result)
        assert result.exit_code == code, (args, result.output)
