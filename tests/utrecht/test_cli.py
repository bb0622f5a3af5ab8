"""The Utrecht models through the command line: describe and triage on a case file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from escalatie.case import CareKind, CareRequest, Case, Obstacle
from escalatie.cli import cli
from escalatie.documents import unstructure
from escalatie.plugins import Registry

CaseFactory = Callable[..., Case]


@pytest.fixture(autouse=True)
def fresh_default_registry(escalatie_use_registry: Callable[[Registry | None], None]) -> None:
    """The CLI's process-wide registry is rebuilt per test, with this test's settings."""
    escalatie_use_registry(None)


def write_case(tmp_path: Path, case: Case) -> str:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(unstructure(case)), encoding="utf-8")
    return str(path)


def test_models_lists_the_four_utrecht_models() -> None:
    result = CliRunner().invoke(cli, ["models", "--json"])
    assert result.exit_code == 0, result.output
    names = {m["name"]: m for m in json.loads(result.output)}
    for name in (
        "utrecht-maatwerktafel",
        "utrecht-citydeal",
        "utrecht-passend-alternatief",
        "utrecht-knelpuntenzorg",
    ):
        regional = name == "utrecht-passend-alternatief"  # the region's commission (seed 001)
        assert names[name]["municipality"] == ("regio Utrecht" if regional else "Utrecht")
        assert names[name]["plugin"] == "utrecht"


def test_describe_the_maatwerktafel() -> None:
    result = CliRunner().invoke(cli, ["-m", "utrecht-maatwerktafel", "describe"])
    assert result.exit_code == 0, result.output
    assert (
        "meets every three weeks on Monday, 09:15–10:45, first meeting 2026-01-05"
        "  [RRULE FREQ=WEEKLY;INTERVAL=3;BYDAY=MO]" in result.output
    )
    assert (
        "meets every three weeks on Thursday, 15:30–17:00, first meeting 2026-01-15"
        in result.output
    )
    assert "a cancellation is announced at least 2 days before" in result.output
    assert (
        "(the library's reading: calendar days to the meeting's time of day, about 48 hours)"
        in (result.output)
    )
    assert (
        "[utrecht.maatwerktafel.age; seed 000, stap 2: route naar een maatwerktafel]"
        in result.output
    )
    assert "Solutions are checked against" in result.output


def test_describe_json_of_every_utrecht_model() -> None:
    for name in ("utrecht-citydeal", "utrecht-passend-alternatief", "utrecht-knelpuntenzorg"):
        result = CliRunner().invoke(cli, ["-m", name, "describe", "--json"])
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert data["municipality"].endswith("Utrecht")
        assert all(r["source"].startswith("seed 00") for s in data["ladder"] for r in s["entry"])


def test_triage_a_case_file(tmp_path: Path, ready_case: CaseFactory) -> None:
    case = ready_case(
        obstacles=(Obstacle.RESIDENTIAL_ALTERNATIVE_UNAVAILABLE,),
        requested_care=(CareRequest(CareKind.RESIDENTIAL),),
    )
    args = [
        "-m",
        "utrecht-maatwerktafel",
        "triage",
        write_case(tmp_path, case),
        "--at",
        "2026-03-02T08:00",
        "--json",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    # Weighing the ambulant alternatives is the aanspreekpunt's action, not a missing step.
    assert data["route"] == "maatwerktafel" and data["eligible"] and data["ready"]
    assert data["next_meeting"] == "2026-03-09T09:15:00+01:00"
    assert data["missing"] == []
    actions = {a["rule"] for a in data["actions"]}
    assert "utrecht.maatwerktafel.residential.inflow-check" in actions
    assert "utrecht.maatwerktafel.residential.ambulant-considered" in actions
    assert "utrecht.principle.residential-order" in actions


def test_triage_text_names_rules_and_seeds(tmp_path: Path, ready_case: CaseFactory) -> None:
    case = ready_case(obstacles=(Obstacle.LAWS_AND_REGULATIONS,))
    args = ["-m", "utrecht-citydeal", "triage", write_case(tmp_path, case), "--at", "2026-03-02"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "Route: City Deal overleg (citydeal)" in result.output
    assert "[utrecht.citydeal.laws-and-regulations; seed 001, City Deal overleg" in result.output


def test_describe_json_shows_each_series_rule_and_words() -> None:
    result = CliRunner().invoke(cli, ["-m", "utrecht-maatwerktafel", "describe", "--json"])
    assert result.exit_code == 0, result.output
    (forum,) = json.loads(result.output)["forums"]
    monday, thursday = forum["cadence"]["series"]
    assert monday == {
        "key": "maandag",
        "rrule": "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO",
        "words": "every three weeks on Monday",
        "start": "09:15",
        "end": "10:45",
        "minutes": 90,
        "runs_from": "2026-01-05",
        "first_meeting": "2026-01-05",
        "dates": [],
        "excluded": [],
    }
    assert thursday["first_meeting"] == "2026-01-15"
    assert thursday["words"] == "every three weeks on Thursday"
