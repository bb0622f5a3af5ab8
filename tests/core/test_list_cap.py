"""A list with a great many bad items fails fast (attacker review): 150,000 bad entries in one
list took 33 s and 680 MB to collect every problem, of which the command line shows fifty. A
list stops being checked after ``documents.MAX_LIST_PROBLEMS`` bad items: the same first lines,
and one saying the rest was not checked. (How fast is measured, not asserted: CHANGELOG.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from escalatie.case import Case
from escalatie.documents import MAX_LIST_PROBLEMS, structure
from escalatie.errors import InvalidDocument


def test_a_list_of_many_bad_items_stops_at_the_cap(case_data: dict[str, Any]) -> None:
    case_data["domains"] = [1] * 150_000
    with pytest.raises(InvalidDocument) as raised:
        structure(case_data, Case)
    problems = raised.value.problems
    assert problems[:MAX_LIST_PROBLEMS] == [
        f"$.domains[{i}]: expected a JSON object, got 1" for i in range(MAX_LIST_PROBLEMS)
    ]
    assert problems[MAX_LIST_PROBLEMS:] == [
        f"$.domains: stopped checking this list after {MAX_LIST_PROBLEMS} problems (the last at "
        f"[{MAX_LIST_PROBLEMS - 1}] of 150,000 items); the rest was not checked"
    ]


def test_a_list_with_few_bad_items_lists_every_one(case_data: dict[str, Any]) -> None:
    good = case_data["domains"][0]
    case_data["domains"] = [good, 1] * MAX_LIST_PROBLEMS  # exactly the cap: no stop line
    with pytest.raises(InvalidDocument) as raised:
        structure(case_data, Case)
    assert len(raised.value.problems) == MAX_LIST_PROBLEMS
    assert raised.value.problems[-1] == (
        f"$.domains[{2 * MAX_LIST_PROBLEMS - 1}]: expected a JSON object, got 1"
    )


def test_the_command_line_says_the_list_was_not_checked_to_its_end(
    case_data: dict[str, Any], tmp_path: Path
) -> None:
    case_data["domains"] = [{"kind": "care", "question": 1}] * 20_000
    path = tmp_path / "many.json"
    path.write_text(json.dumps(case_data), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "escalatie", "-m", "utrecht-maatwerktafel", "triage", str(path),
         "--at", "2026-03-02T10:00"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    lines = result.stderr.splitlines()
    assert result.returncode == 1 and len(lines) == 51
    assert lines[0] == f"error: {path}: $.domains[0].question: expected a string, got 1"
    assert lines[-1] == (
        f"error: … and 50 more problem(s); {path}: $.domains: stopped checking this list after "
        "100 problems (the last at [99] of 20,000 items); the rest was not checked"
    )
