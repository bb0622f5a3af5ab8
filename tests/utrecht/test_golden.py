"""Utrecht's four models pinned: describe and compare stay what they were when the models
became model files, unless a change is intended.

The golden files in ``golden/`` were written from the Python models before the conversion and
changed only where a commit names the change (the always-true checks written as not enforced,
the seed-checked policy fixes, the assumed rhythms said as such, the agreements policy). When a
change to a Utrecht model is intended, regenerate them knowingly and name it in the commit::

    ESCALATIE_GOLDEN=write python -m pytest tests/utrecht/test_golden.py

Onward routes are pinned by key only, so the core's national routes can change on their own.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from escalatie.cli import cli

GOLDEN = Path(__file__).parent / "golden"
NAMES = (
    "utrecht-maatwerktafel",
    "utrecht-citydeal",
    "utrecht-passend-alternatief",
    "utrecht-knelpuntenzorg",
)
AT = "2026-11-30T10:00:00+01:00"


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def pinned(name: str) -> dict[str, Any]:
    data = json.loads(run("-m", name, "describe", "--json"))
    data["onward_routes"] = [r["key"] for r in data["onward_routes"]]
    data.pop("documents")
    return data


def check(path: Path, text: str) -> None:
    if os.environ.get("ESCALATIE_GOLDEN") == "write":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{path.name} changed"


@pytest.mark.parametrize("name", NAMES)
def test_describe_is_pinned(name: str) -> None:
    text = json.dumps(pinned(name), ensure_ascii=False, indent=1) + "\n"
    check(GOLDEN / f"{name}.json", text)


def test_compare_of_the_example_cases_is_pinned() -> None:
    out = run(
        "compare", "--examples", "--at", AT, "--format", "csv", "--models", ",".join(NAMES),
        "--show-reference",  # the examples' own references: rows pinned by case, readably
    )  # fmt: skip
    check(GOLDEN / "compare.csv", out)
