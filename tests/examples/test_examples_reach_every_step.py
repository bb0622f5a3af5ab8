"""Every rung of every bundled model is the route of at least one bundled example (issue 11).

Read the way a reviewer would: the rows of ``compare --examples --format json`` against the
ladders of ``describe --json``, through the CLI, so a new step without an example fails here.
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from escalatie.cli import cli
from escalatie.privacy import pseudonym

AT = "2026-03-02T10:00"


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_every_step_of_every_bundled_model_is_reached_by_an_example() -> None:
    rows = json.loads(invoke("compare", "--examples", "--format", "json", "--at", AT))
    reached = {(row["model"], row["route"]) for row in rows}
    models = [row["name"] for row in json.loads(invoke("models", "--json"))]
    assert len(models) >= 8
    unreached = []
    for name in models:
        ladder = json.loads(invoke("-m", name, "describe", "--json"))["ladder"]
        unreached += [
            f"{name}: {step['key']}" for step in ladder if (name, step["key"]) not in reached
        ]
    assert not unreached, f"steps no bundled example reaches: {unreached}"


def test_at_least_sixteen_examples_with_invented_pseudonymous_references() -> None:
    names = json.loads(invoke("examples", "--json"))
    assert len(names) >= 16
    rows = json.loads(
        invoke("compare", "--examples", "--format", "json", "--at", AT, "--show-reference")
    )
    assert all(row["case"].startswith("VB-") for row in rows)
    named = json.loads(invoke("compare", "--examples", "--format", "json", "--at", AT))
    assert [row["case"] for row in named] == [pseudonym(row["case"]) for row in rows]
