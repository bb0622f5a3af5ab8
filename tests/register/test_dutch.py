"""Texts for Dutch readers: life domains in Dutch, singular and plural right."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from escalatie.case import LifeDomainKind
from escalatie.dutch import DOMAINS, day_and_time, plural

Run = Callable[..., Result]
AT = ("--at", "2026-03-03T10:00")


def test_every_life_domain_has_a_dutch_name() -> None:
    assert set(DOMAINS) == set(LifeDomainKind)
    assert len(set(DOMAINS.values())) == len(DOMAINS)
    assert DOMAINS[LifeDomainKind.HEALTH] == "gezondheid"
    assert DOMAINS[LifeDomainKind.EDUCATION] == "onderwijs"


def test_plural_and_calendar_wording_share_one_module() -> None:
    from datetime import datetime
    from importlib import import_module

    assert [plural(n, "inzicht", "inzichten") for n in (0, 1, 2)] == [
        "0 inzichten",
        "1 inzicht",
        "2 inzichten",
    ]
    for module in ("escalatie.calendar.itip",):
        assert import_module(module).day_and_time is day_and_time
    assert day_and_time(datetime(2026, 4, 6, 9, 15)) == "maandag 6 april 2026 om 09.15 uur"


def test_shared_plan_names_domains_in_dutch(
    run: Run, tmp_path: Path, case_doc: dict[str, object]
) -> None:
    case_doc["domains"] = [
        {"kind": "health", "question": "Slaapproblemen"},
        {"kind": "education", "question": "Passend onderwijs"},
        {"kind": "work_and_income", "question": "Uitkering"},
    ]
    case_doc["safety"] = {"level": "concern", "description": "Zorgen om de veiligheid"}
    path = tmp_path / "domains.json"
    path.write_text(json.dumps(case_doc), encoding="utf-8")
    case_id = run("case", "new", str(path), *AT).stdout.strip()
    shared = run(
        "case", "share", case_id, "--with", "Veilig Thuis", "--what", "plan",
        "--reason", "melding na de stappen van de meldcode", *AT,
    )  # fmt: skip
    assert shared.exit_code == 0, shared.output
    assert "- gezondheid: Slaapproblemen" in shared.stdout
    assert "- onderwijs: Passend onderwijs" in shared.stdout
    assert "- werk en inkomen: Uitkering" in shared.stdout
    assert "health" not in shared.stdout and "education" not in shared.stdout


@pytest.mark.parametrize(
    ("insights", "cases", "line"),
    [
        (1, 1, "In deze periode is één inzicht uit één casus verzameld."),
        (2, 1, "In deze periode zijn twee inzichten uit één casus verzameld."),
        (2, 2, "In deze periode zijn twee inzichten uit twee casussen verzameld."),
    ],
)
def test_learning_report_counts_in_singular_and_plural(
    run: Run, case_file: Path, insights: int, cases: int, line: str
) -> None:
    ids = [run("case", "new", str(case_file), *AT).stdout.strip() for _ in range(cases)]
    for n in range(insights):
        run("insight", "add", ids[n % cases], "--theme", "process", "--text", f"inzicht {n}", *AT)
    report = run("learn", "report", "--from", "2026-01-01", "--to", "2026-03-31", *AT)
    assert report.exit_code == 0, report.output
    assert line in report.stdout
