"""The plugin guide's model file, as a new user follows the guide: check, describe, triage,
schedule and compare, with no Python of its own."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from escalatie.cli import main
from escalatie.plugins import using_registry

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "examples" / "model-files" / "noorderhaven.toml"
GUIDE = ROOT / "docs" / "plugin-guide.md"


@pytest.fixture(autouse=True)
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    settings = tmp_path / "escalatie.toml"
    settings.write_text("", encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_CONFIG", str(settings))
    monkeypatch.delenv("ESCALATIE_MODEL_PATH", raising=False)
    with using_registry():
        yield


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with using_registry(), pytest.raises(SystemExit) as info:
        main(list(args))
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


def case(tmp_path: Path, **changes: Any) -> str:
    data: dict[str, Any] = {
        "reference": "NH-1",
        "age": 13,
        "question": "Welke hulp past bij dit gezin?",
        "domains": [{"kind": "education", "question": "Thuiszitter sinds drie maanden."}],
        "submitter": {"role": "district_team", "organisation": "Wijkteam Noorderhaven"},
        "obstacles": ["no_fitting_provider"],
    }
    data.update(changes)
    path = tmp_path / f"case-{len(list(tmp_path.glob('case-*')))}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_the_guide_shows_the_model_file_as_it_is() -> None:
    assert MODEL.read_text(encoding="utf-8") in GUIDE.read_text(encoding="utf-8")


def test_check_and_describe(capsys) -> None:
    assert run(capsys, "model", "check", str(MODEL)) == (0, f"{MODEL}: ok\n", "")
    code, out, _ = run(capsys, "-m", str(MODEL), "describe")
    assert code == 0
    assert "meets on the second Tuesday of every month, 09:30–11:30" in out
    assert "[RRULE FREQ=MONTHLY;BYDAY=2TU]" in out
    assert "Beleidsregel escalatie jeugdhulp Noorderhaven 2026 (Gemeente Noorderhaven 2026)" in out
    assert "(not enforced: a process step or value, not a test of the case)" in out


def test_triage_table_board_and_wmo(capsys, tmp_path: Path) -> None:
    at = "2026-03-02T08:00"
    code, out, _ = run(capsys, "-m", str(MODEL), "triage", case(tmp_path), "--at", at, "--json")
    result = json.loads(out)
    assert code == 0 and result["route"] == "jeugdtafel"
    assert result["next_meeting"].startswith("2026-03-10T09:30")  # the 2nd Tuesday of March
    unresolved = [{"kind": "table", "by": "jeugdtafel", "resolved": False}]
    code, out, _ = run(
        capsys,
        "-m",
        str(MODEL),
        "triage",
        case(tmp_path, prior_steps=unresolved),
        "--at",
        at,
        "--json",
    )
    board = json.loads(out)
    assert (board["route"], board["route_type"]) == ("noorderhaven-bestuur", "onward")
    assert [r["rule"] for r in board["reasons"]] == ["noorderhaven.table-unresolved"]
    code, out, _ = run(
        capsys, "-m", str(MODEL), "triage", case(tmp_path, age=19), "--at", at, "--json"
    )
    adult = json.loads(out)
    assert adult["route"] == "noorderhaven-wmo"
    assert [r["rule"] for r in adult["reasons"]] == ["noorderhaven.adult"]
    assert adult["reasons"][0]["source"].endswith("art. 5 Volwassenen")


def test_schedule_writes_the_rrule_into_the_calendar(capsys, tmp_path: Path) -> None:
    target = tmp_path / "jeugdtafel.ics"
    code, _, err = run(
        capsys,
        "-m",
        str(MODEL),
        "schedule",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--at",
        "2026-01-01T00:00",
        "-o",
        str(target),
    )
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert "RRULE:FREQ=MONTHLY;BYDAY=2TU" in text
    assert "DTSTART;TZID=Europe/Amsterdam:20260113T093000" in text
    # The guide quotes the line as the file has it, UNTIL and all (new-user review: it said
    # schedule "writes the same RRULE", and the file's has an UNTIL added).
    quoted = re.search(r"`(RRULE:[^`]+)`", GUIDE.read_text(encoding="utf-8"))
    assert quoted is not None and "UNTIL=" in quoted.group(1)
    assert f"\n{quoted.group(1)}\r\n" in target.read_bytes().decode("utf-8")


def test_compare_with_the_example_cases(capsys) -> None:
    code, out, err = run(
        capsys,
        "compare",
        "--examples",
        "--models",
        f"{MODEL},helmond-trajectregie",
        "--at",
        "2026-03-02T08:00",
        "--format",
        "json",
    )
    assert code == 0, err
    rows = json.loads(out)
    mine = [r for r in rows if r["model"] == "noorderhaven-jeugdtafel"]
    assert mine and len(mine) == len([r for r in rows if r["model"] == "helmond-trajectregie"])
    assert {"jeugdtafel", "noorderhaven-wmo"} <= {r["route"] for r in mine}


def test_the_guides_mistakes_are_what_check_says(capsys, tmp_path: Path) -> None:
    text = MODEL.read_text(encoding="utf-8").replace("stuck = true}", "stuk = true}")
    broken = tmp_path / "noorderhaven.toml"
    broken.write_text(text.replace("BYDAY=2TU", "BYDAY=2DI"), encoding="utf-8")
    code, out, err = run(capsys, "model", "check", str(broken))
    assert (code, out) == (1, "")
    guide = GUIDE.read_text(encoding="utf-8")
    lines = err.splitlines()
    assert len(lines) == 2, err
    for line in lines:
        assert line.replace(str(broken), "noorderhaven.toml") in guide, line
