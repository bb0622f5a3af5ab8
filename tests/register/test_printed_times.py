"""Every time a register command prints carries its zone, through one formatter
(:func:`escalatie.clock.printed`; new-user review: ``case plan``, ``consent withdraw`` and
``case list`` printed ``2026-03-16 09:15`` where ``audit`` and ``case show`` printed the zone)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from click.testing import Result

from escalatie.clock import AMSTERDAM, printed

Run = Callable[..., Result]


def test_printed_names_the_zone_summer_and_winter() -> None:
    assert printed(datetime(2026, 3, 2, 10, 0, tzinfo=AMSTERDAM)) == "2026-03-02 10:00 CET"
    assert printed(datetime.fromisoformat("2026-07-01T08:00+00:00")) == "2026-07-01 10:00 CEST"


def test_plan_withdraw_list_and_show_print_the_zone(run: Run, case_file: Path) -> None:
    made = run("case", "new", str(case_file), "--at", "2026-03-02T10:00")
    assert made.exit_code == 0, made.output
    case_id = made.stdout.strip()

    planned = run("case", "plan", case_id, "--slot", "2026-03-16T09:15", "--at", "2026-03-02T11:00")
    assert planned.exit_code == 0, planned.output
    assert planned.stdout == f"{case_id}: on the agenda of Testtafel at 2026-03-16 09:15 CET\n"

    given = ("--giver", "parents", "--with", "JGZ", "--what", "plan")
    assert run("consent", "add", case_id, *given, "--at", "2026-03-03T10:00").exit_code == 0
    gone = run("consent", "withdraw", case_id, *given, "--at", "2026-04-01T10:00")
    assert gone.exit_code == 0, gone.output
    assert "withdrawn from 2026-04-01 10:00 CEST on (AVG art. 7(3))" in gone.stdout

    listed = run("case", "list", "--at", "2026-04-02T10:00")
    assert listed.exit_code == 0, listed.output
    header, row = listed.stdout.splitlines()
    assert header.split()[:3] == ["ID", "STATUS", "SUBMITTED"]
    assert row.startswith(case_id) and " 2026-03-02 10:00 CET " in row
    rows = json.loads(run("case", "list", "--json", "--at", "2026-04-02T10:00").stdout)
    assert rows[0]["submitted_at"] == "2026-03-02T10:00:00+01:00"  # JSON keeps ISO 8601

    shown = run("case", "show", case_id, "--at", "2026-04-02T10:00")
    assert shown.exit_code == 0, shown.output
    assert "  2026-03-03 10:00 CET parents gave: plan with JGZ" in shown.stdout
    assert "  2026-04-01 10:00 CEST parents withdrew: plan with JGZ" in shown.stdout
    assert "On the agenda: Testtafel (tafel) at 2026-03-16 09:15 CET" in shown.stdout
