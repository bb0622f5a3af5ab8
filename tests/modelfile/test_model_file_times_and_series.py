"""The new user's findings of session 6, through the command line as a user meets them."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Run

START = 'start = "09:30"'


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ('"14.30"', " (did you mean 14:30?)"),
        ('"14"', ""),
        ('"1400"', ""),
        ('"9.30"', " (did you mean 09:30?)"),
    ],
)
def test_model_check_refuses_a_time_that_is_not_hh_mm(
    run: Run, starter_file: Path, written: str, hint: str
) -> None:
    """Item 1: ``start = "14.30"`` passed model check and invitations said 14:00."""
    text = starter_file.read_text(encoding="utf-8")
    assert START in text
    starter_file.write_text(text.replace(START, f"start = {written}"), encoding="utf-8")
    code, out, err = run("model", "check", str(starter_file))
    assert code == 1 and out == ""
    assert (
        f"forums[0].cadence.series[0].start: expected a time as HH:MM, got '{written[1:-1]}'{hint}\n"
        in err
    )


def test_triage_refuses_a_dutch_time_in_at(run: Run, starter_file: Path, tmp_path: Path) -> None:
    """Item 1: ``--at 2026-03-02T10.30`` triaged at 10:00."""
    case = tmp_path / "case.json"
    assert run("examples", "thuiszitter-zonder-contract", "-o", str(case))[0] == 0
    code, out, err = run("-m", str(starter_file), "triage", str(case), "--at", "2026-03-02T10.30")
    assert (code, out) == (1, "")
    assert err == (
        "error: --at: expected an ISO 8601 date or date-time such as 2026-03-02T09:15, got "
        "'2026-03-02T10.30' (did you mean 2026-03-02T10:30?)\n"
    )
    code, _, err = run("-m", str(starter_file), "triage", str(case), "--at", "2026-03-02T10:30")
    assert code == 0, err


RRULE = 'rrule = "FREQ=MONTHLY;BYDAY=2TU"'


def test_a_series_gives_rrule_or_every_weeks_not_both(run: Run, starter_file: Path) -> None:
    """Item 3: with both, the rule won silently."""
    text = starter_file.read_text(encoding="utf-8")
    assert RRULE in text
    starter_file.write_text(text.replace(RRULE, RRULE + "\nevery_weeks = 2"), encoding="utf-8")
    code, _, err = run("model", "check", str(starter_file))
    assert code == 1
    assert "forums[0].cadence.series[0]: expected either rrule or every_weeks, not both\n" in err


def test_an_rrule_from_a_setting_may_replace_every_weeks(run: Run, starter_file: Path) -> None:
    """The documented exception (Utrecht's citydeal_rrule): an rrule taken from a setting stands
    beside every_weeks; empty it is not used, set it replaces the weekly series."""
    text = starter_file.read_text(encoding="utf-8")
    text = text.replace(RRULE, 'rrule = "${rule}"\nevery_weeks = 2').replace(
        "[settings]\n", '[settings]\nrule = {default = ""}\n', 1
    )
    starter_file.write_text(text, encoding="utf-8")
    code, out, err = run("model", "check", str(starter_file))
    assert code == 0, out  # the starter's placeholder document is a warning, not an error
    assert [line for line in err.splitlines() if not line.startswith("warning:")] == [], err
    code, out, err = run("-m", str(starter_file), "describe", "--json")
    assert code == 0, err
    assert '"rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=' in out


def test_model_check_reports_every_typo_in_one_run(run: Run, starter_file: Path) -> None:
    """Item 6: three typos and a bad start; the forum kind surfaced only in a second run, and
    nothing said that more checks would follow."""
    text = starter_file.read_text(encoding="utf-8")
    for old, new in [
        ("[contact_points.mandate]\n", "[contact_points.mandate]\nbudget_ceiling = 5000\n"),
        (RRULE, "every_week = 2"),
        ('kind = "table"', 'kind = "roundtable"'),
        (START, 'start = "14.30"'),
    ]:
        assert old in text
        text = text.replace(old, new, 1)
    starter_file.write_text(text, encoding="utf-8")
    code, _, err = run("model", "check", str(starter_file))
    assert code == 1
    lines = [line.split(": ", 2)[2] for line in err.splitlines()]
    assert lines == [
        "contact_points[0].mandate.budget_ceiling: unknown field, not part of the schema (did you mean budget_ceiling_eur?)",
        "forums[0].cadence.series[0].start: expected a time as HH:MM, got '14.30' (did you mean 14:30?)",
        "forums[0].cadence.series[0].every_week: unknown field, not part of the schema (did you mean every_weeks?)",
        "forums[0].kind: unknown forum kind 'roundtable' (did you mean round_table?); expected one of "
        "commission, consultation, expert_advice, mailbox, platform, round_table, table, or "
        "declare it under [forum_kinds]",
        "contact_points[0], forums[0]: more checks follow once the problems above are fixed",
    ]


def test_share_names_the_forum_as_its_invitation_does(
    run: Run, starter_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 5: ``case share`` printed "Vraag voor het overleg" for the starter's table (its
    invitation noun is "de tafel"): the model given with -m was never loaded for share."""
    monkeypatch.setenv("ESCALATIE_DB", str(tmp_path / "register.sqlite3"))
    monkeypatch.setenv("ESCALATIE_ACTOR", "a.jansen")
    monkeypatch.chdir(tmp_path)
    assert run("examples", "thuiszitter-zonder-contract", "-o", "case.json")[0] == 0
    model = ("-m", str(starter_file))
    code, out, err = run(*model, "case", "new", "case.json", "--at", "2026-03-02T10:00")
    assert code == 0, err
    case_id = out.strip()
    code, _, err = run(
        *model, "case", "plan", case_id, "--slot", "2026-03-10T09:30", "--at", "2026-03-02T10:30"
    )
    assert code == 0, err
    for giver in ("parents", "young_person"):
        consent = ("consent", "add", case_id, "--giver", giver, "--with", "JGZ", "--what", "plan")
        assert run(*consent, "--at", "2026-03-02T10:40")[0] == 0
    code, out, err = run(
        *model,
        "case",
        "share",
        case_id,
        "--with",
        "JGZ",
        "--what",
        "plan",
        "--at",
        "2026-03-02T11:00",
    )
    assert code == 0, err
    assert "\nVraag aan de tafel: " in out and "Vraag voor het overleg" not in out


def test_schema_model_offers_the_forum_kinds(run: Run) -> None:
    """Item 8: a forum's kind was any text in the schema; an editor now offers the kinds."""
    import json

    code, out, err = run("schema", "model")
    assert code == 0, err
    kind = json.dumps(json.loads(out)["$defs"]["ForumSpec"]["properties"]["kind"])
    assert (
        '"enum": ["commission", "consultation", "expert_advice", "mailbox", "platform", "round_table", "table"]'
        in kind
    )
