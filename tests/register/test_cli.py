"""The register through the command line: a case's life from submission to export."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

Run = Callable[..., Result]
AT = ("--at", "2026-03-03T10:00")


def new_case(run: Run, case_file: Path, at: str = "2026-03-02T10:00") -> str:
    result = run("case", "new", str(case_file), "--at", at)
    assert result.exit_code == 0, result.output
    case_id = result.stdout.strip()
    assert case_id.startswith("ESC-") and len(case_id) == 13
    return case_id


def test_a_case_from_submission_to_closing(run: Run, case_file: Path, tmp_path: Path) -> None:
    case_id = new_case(run, case_file)

    listed = json.loads(run("case", "list", "--json", "--at", "2026-03-02T11:00").stdout)
    assert [(r["id"], r["status"]) for r in listed] == [(case_id, "submitted")]

    triaged = run("case", "triage", case_id, "--json", "--at", "2026-03-02T11:00")
    assert triaged.exit_code == 0, triaged.output
    assert json.loads(triaged.stdout)["route"] == "tafel"

    planned = run("case", "plan", case_id, "--slot", "2026-03-16T09:15", "--at", "2026-03-02T11:00")
    assert planned.exit_code == 0, planned.output
    assert "Testtafel at 2026-03-16 09:15" in planned.stdout

    refused = run("case", "close", case_id, "--at", "2026-03-16T11:00")
    assert refused.exit_code == 1
    assert "register.close_needs_agreements" in refused.stderr and "seed 000" in refused.stderr

    added = run(
        "agreement", "add", case_id, "--action", "Start ambulante gezinsbegeleiding",
        "--owner", "Lokalis", "--due", "2026-03-30", "--lead", "Lokalis buurtteam",
        "--audience", "Samen Veilig", "--at", "2026-03-16T10:30",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "agreement 1 recorded" in added.stdout

    overdue = json.loads(
        run("agreements", "--overdue", "--json", "--at", "2026-04-01T09:00").stdout
    )
    assert [(r["case"], r["number"], r["overdue"]) for r in overdue] == [(case_id, 1, True)]
    assert (
        json.loads(run("agreements", "--overdue", "--json", "--at", "2026-03-20T09:00").stdout)
        == []
    )

    assert run("agreement", "done", case_id, "1", "--at", "2026-04-02T09:00").exit_code == 0
    assert (
        json.loads(run("agreements", "--overdue", "--json", "--at", "2026-04-03T09:00").stdout)
        == []
    )

    insight = run(
        "insight", "add", case_id, "--theme", "supply_and_purchasing",
        "--text", "Geen aanbod voor ambulante hulp in de wijk", "--at", "2026-03-16T11:00",
    )  # fmt: skip
    assert insight.exit_code == 0, insight.output

    closed = run("case", "close", case_id, "--outcome", "resolved", "--at", "2026-04-03T09:00")
    assert closed.exit_code == 0, closed.output

    shown = json.loads(run("case", "show", case_id, "--json", "--at", "2026-04-03T10:00").stdout)
    assert shown["status"] == "closed"
    assert shown["outcome"] == "resolved"
    assert shown["agreements"][0]["done_at"].startswith("2026-04-02")
    assert shown["case"]["reference"] == case_id
    assert "identity" not in shown

    again = run(
        "agreement",
        "add",
        case_id,
        "--action",
        "x",
        "--owner",
        "y",
        "--due",
        "2026-05-01",
        "--lead",
        "z",
    )
    assert again.exit_code == 1 and "is closed" in again.stderr

    out = tmp_path / "zaak.json"
    exported = run(
        "case", "export", case_id, "--format", "zgw", "-o", str(out), "--at", "2026-04-03T10:00"
    )
    assert exported.exit_code == 0, exported.output
    zgw = json.loads(out.read_text())
    assert zgw["zaak"]["identificatie"] == case_id
    assert zgw["resultaat"] is not None

    log = json.loads(run("audit", "--case", case_id, "--json").stdout)
    actions = [e["action"] for e in log["entries"]]
    for expected in (
        "submitted",
        "triaged",
        "planned",
        "agreement_added",
        "show",
        "export",
        "closed",
    ):
        assert expected in actions
    assert {e["actor"] for e in log["entries"]} == {"tester"}


def test_case_show_names_the_forum_for_people(run: Run, case_file: Path) -> None:
    """The forum's name, as the plan command says it, with the key the register keeps."""
    case_id = new_case(run, case_file)
    planned = run("case", "plan", case_id, "--slot", "2026-03-16T09:15", "--at", "2026-03-02T11:00")
    assert planned.exit_code == 0, planned.output
    shown = run("case", "show", case_id, "--at", "2026-03-02T12:00")
    assert shown.exit_code == 0, shown.output
    assert "On the agenda: Testtafel (tafel) at 2026-03-16 09:15 CET\n" in shown.stdout
    data = json.loads(run("case", "show", case_id, "--json", "--at", "2026-03-02T12:00").stdout)
    assert (data["forum"], data["forum_name"]) == ("tafel", "Testtafel")


def test_plan_refuses_a_moment_that_is_no_meeting(run: Run, case_file: Path) -> None:
    case_id = new_case(run, case_file)
    wrong = run("case", "plan", case_id, "--slot", "2026-03-17T09:15", *AT)
    assert wrong.exit_code == 1
    assert "not a meeting of forum tafel; the next one is 2026-03-19 15:30" in wrong.stderr
    assert "seed 000" in wrong.stderr
    # Easter Monday 6 April 2026 falls on the Monday series: the slot is skipped, with the reason.
    holiday = run("case", "plan", case_id, "--slot", "2026-04-06T09:15", *AT)
    assert holiday.exit_code == 1
    assert "does not meet on 2026-04-06 09:15 (feestdag: Tweede paasdag)" in holiday.stderr
    agreed = run("case", "plan", case_id, "--slot", "2026-03-17T13:00", "--by-agreement", *AT)
    assert agreed.exit_code == 0, agreed.output


def test_plan_and_triage_need_a_model(run: Run, case_file: Path) -> None:
    case_id = new_case(run, case_file)
    result = run(
        "case", "plan", case_id, "--slot", "2026-03-16T09:15", env={"ESCALATIE_MODEL": None}
    )
    assert result.exit_code == 2 and "no model selected" in result.stderr


def test_suspension_moves_the_planned_end(run: Run, case_file: Path) -> None:
    case_id = new_case(run, case_file)
    before = json.loads(run("case", "show", case_id, "--json", "--at", "2026-03-03T09:00").stdout)
    assert before["deadlines"]["planned_end"] == "2026-03-30"  # 20 working days
    assert (
        run(
            "case", "suspend", case_id, "--reason", "wacht op indicatie", "--at", "2026-03-09T09:00"
        ).exit_code
        == 0
    )
    assert (
        json.loads(run("case", "list", "--status", "suspended", "--json").stdout)[0]["id"]
        == case_id
    )
    resumed = run("case", "resume", case_id, "--at", "2026-03-16T09:00")
    # 30 March + 5 working days, skipping Easter Monday 6 April: the case's model keeps the
    # default holiday policy, where Good Friday is a working day (its forum's days off).
    assert "planned end now 2026-04-07 (5 days suspended)" in resumed.stdout
    assert run("case", "resume", case_id).exit_code == 1


def test_unknown_case_ids_are_one_line_errors(run: Run, case_file: Path) -> None:
    new_case(run, case_file)
    for args in (
        ("case", "show", "ESC-0000-0000"),
        ("case", "close", "nope"),
        ("agreement", "done", "ESC-0000-0000", "1"),
        ("insight", "add", "x", "--theme", "process", "--text", "t"),
    ):
        result = run(*args)
        assert result.exit_code == 1, args
        assert result.stderr.startswith("error: no case") and result.stderr.count("\n") == 1


def test_actor_is_required(run: Run, case_file: Path) -> None:
    result = run("case", "list", env={"ESCALATIE_ACTOR": None})
    assert result.exit_code == 2 and "--actor" in result.stderr
    blank = run("case", "list", "--actor", " ")
    assert blank.exit_code == 1 and "--actor: expected" in blank.stderr


def test_reveal_needs_a_reason_and_is_audited(run: Run, case_file: Path) -> None:
    case_id = new_case(run, case_file)
    assert run("case", "show", case_id, "--reveal").exit_code == 2
    shown = run(
        "case", "show", case_id, "--reveal", "--reason", "contact met ouders voor toestemming"
    )
    assert shown.exit_code == 0
    assert "111222333" in shown.stdout
    log = json.loads(run("audit", "--case", case_id, "--json").stdout)["entries"]
    reveal = [e for e in log if e["action"] == "reveal"]
    assert reveal and reveal[0]["reason"] == "contact met ouders voor toestemming"


def test_share_within_consent_only(run: Run, case_file: Path) -> None:
    case_id = new_case(run, case_file)
    run(
        "agreement", "add", case_id, "--action", "Gezinsbegeleiding", "--owner", "Lokalis",
        "--due", "2026-03-30", "--lead", "Lokalis", "--audience", "Samen Veilig", *AT,
    )  # fmt: skip
    refused = run("case", "share", case_id, "--with", "Samen Veilig", "--what", "agreements", *AT)
    assert refused.exit_code == 1
    assert "no recorded consent of parents, young_person" in refused.stderr
    # The young person is 14 at 2 March 2026 (born 4 May 2011): both must agree.
    run(
        "consent",
        "add",
        case_id,
        "--giver",
        "young_person",
        "--with",
        "Samen Veilig",
        "--what",
        "agreements",
        *AT,
    )
    half = run("case", "share", case_id, "--with", "Samen Veilig", "--what", "agreements", *AT)
    assert half.exit_code == 1 and "no recorded consent of parents" in half.stderr
    run(
        "consent",
        "add",
        case_id,
        "--giver",
        "parents",
        "--with",
        "samen veilig",
        "--what",
        "agreements",
        *AT,
    )
    shared = run("case", "share", case_id, "--with", "Samen Veilig", "--what", "agreements", *AT)
    assert shared.exit_code == 0, shared.output
    assert shared.stdout.startswith(f"Afspraken, casus {case_id}")
    # Consent for agreements is not consent for the plan, nor for another party.
    assert (
        run("case", "share", case_id, "--with", "Samen Veilig", "--what", "plan", *AT).exit_code
        == 1
    )
    assert (
        run("case", "share", case_id, "--with", "JGZ", "--what", "agreements", *AT).exit_code == 1
    )
    # Without a safety signal Veilig Thuis needs consent like any party (see test_veilig_thuis).
    vt = run("case", "share", case_id, "--with", "Veilig Thuis", "--what", "plan", *AT)
    assert vt.exit_code == 1 and "consent" in vt.stderr
    actions = [
        e["action"]
        for e in json.loads(run("audit", "--case", case_id, "--json", *AT).stdout)["entries"]
    ]
    assert actions.count("share_refused") == 5 and actions.count("share") == 1


def test_consent_check_and_capacity(run: Run, case_file: Path) -> None:
    case_id = new_case(run, case_file)
    assert run("consent", "check", case_id, "--with", "JGZ", "--what", "plan", *AT).exit_code == 1
    run("consent", "add", case_id, "--giver", "parents", "--with", "JGZ", "--what", "plan", *AT)
    assert run("consent", "check", case_id, "--with", "JGZ", "--what", "plan", *AT).exit_code == 1
    judged = run(
        "consent", "capacity", case_id, "--incapable", "--reason", "oordeel jeugdarts", *AT
    )
    assert judged.exit_code == 0
    ok = run("consent", "check", case_id, "--with", "JGZ", "--what", "plan", *AT)
    assert ok.exit_code == 0 and ok.stdout.startswith("allowed")


def test_learn_report_in_dutch_markdown_and_json(run: Run, case_file: Path, tmp_path: Path) -> None:
    case_id = new_case(run, case_file, at="2025-12-01T10:00")
    for at, theme in (
        ("2026-01-10T10:00", "laws_and_regulations"),
        ("2026-02-10T10:00", "laws_and_regulations"),
        ("2026-02-11T10:00", "cooperation"),
    ):
        run("insight", "add", case_id, "--theme", theme, "--text", f"inzicht {at}", "--at", at)
    md = run("learn", "report", "--from", "2026-01-01", "--to", "2026-03-31")
    assert md.exit_code == 0, md.output
    assert "## Wet- en regelgeving (2)" in md.stdout
    assert "| januari 2026 | 1 |" in md.stdout and "| maart 2026 | 0 |" in md.stdout
    assert case_id not in md.stdout
    out = tmp_path / "leerlijnen.json"
    run(
        "learn",
        "report",
        "--from",
        "2026-02-01",
        "--to",
        "2026-02-28",
        "--format",
        "json",
        "-o",
        str(out),
    )
    data = json.loads(out.read_text())
    counts = {t["theme"]: t["count"] for t in data["themes"]}
    assert counts == {
        "laws_and_regulations": 1,
        "supply_and_purchasing": 0,
        "cooperation": 1,
        "professional_mindset": 0,
        "process": 0,
    }
    bad = run("learn", "report", "--from", "2026-03-01", "--to", "2026-02-01")
    assert bad.exit_code == 1 and "--from" in bad.stderr


def test_audit_verify(run: Run, case_file: Path) -> None:
    new_case(run, case_file)
    result = run("audit", "--verify")
    assert result.exit_code == 0 and "integrity: ok" in result.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (
            (
                "agreement",
                "add",
                "ID",
                "--action",
                "a",
                "--owner",
                "o",
                "--due",
                "31-03-2026",
                "--lead",
                "l",
            ),
            "--due",
        ),
        (("agreement", "done", "ID", "0"), "AGREEMENT_NO"),
        (("agreement", "done", "ID", "3"), "AGREEMENT_NO"),
        (("case", "plan", "ID", "--slot", "maandag"), "--slot"),
        (("case", "show", "ID", "--at", "gisteren"), "--at"),
        (("insight", "add", "ID", "--theme", "weather", "--text", "t"), "--theme"),
        (("case", "export", "ID", "--format", "xml"), "--format"),
        (("case", "suspend", "ID", "--reason", "   "), "--reason"),
    ],
)
def test_bad_arguments_name_the_argument(
    run: Run, case_file: Path, args: tuple[str, ...], needle: str
) -> None:
    case_id = new_case(run, case_file)
    result = run(*[case_id if a == "ID" else a for a in args])
    assert result.exit_code in (1, 2)
    assert needle in result.stderr


def test_bad_case_document_is_refused_with_its_path(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"reference": "x", "age": "14"}))
    result = run("case", "new", str(bad))
    assert result.exit_code == 1
    assert "$.age: expected a whole number" in result.stderr
    listed = run("case", "list", "--json")  # nothing was registered: not even a register made
    assert listed.exit_code == 1 and "--db: no register at" in listed.stderr


def test_help_lists_the_register_commands() -> None:
    from click.testing import CliRunner

    from escalatie.cli import cli

    text = CliRunner().invoke(cli, ["--help"]).output
    for name in ("case", "agreement", "agreements", "insight", "consent", "learn", "audit"):
        assert f"  {name} " in text


READS = [
    ("case", "list"),
    ("case", "show", "ESC-AAAA-BBBB"),
    ("learn", "report"),
    ("agreements",),
    ("audit",),
    ("consent", "check", "ESC-AAAA-BBBB", "--with", "X", "--what", "plan"),
    ("case", "export", "ESC-AAAA-BBBB"),
    ("agreement", "done", "ESC-AAAA-BBBB", "1"),
]


@pytest.mark.parametrize("args", READS, ids=lambda a: " ".join(a[:2]))
def test_commands_other_than_new_never_create_a_register(
    run: Run, tmp_path: Path, args: tuple[str, ...]
) -> None:
    missing = tmp_path / "nowhere" / "typo.sqlite3"
    result = run(*args, "--db", str(missing), "--at", "2026-03-02T10:00")
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"error: --db: no register at {missing}; `escalatie case new` creates one\n"
    )
    assert not missing.parent.exists()


@pytest.mark.parametrize("args", [*READS, ("case", "new", "CASE")], ids=lambda a: " ".join(a[:2]))
def test_an_existing_empty_file_is_not_a_register(
    run: Run, tmp_path: Path, case_file: Path, args: tuple[str, ...]
) -> None:
    zero = tmp_path / "zero.txt"
    zero.write_bytes(b"")
    result = run(
        *[str(case_file) if a == "CASE" else a for a in args],
        "--db",
        str(zero),
        "--at",
        "2026-03-02T10:00",
    )
    assert result.exit_code == 1
    assert result.stderr == f"error: {zero}: an empty file, not an escalatie register\n"
    assert zero.read_bytes() == b""  # not taken over
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.json", "escalatie.toml", "zero.txt"]


def test_case_new_creates_a_register_with_no_leftovers(
    run: Run, tmp_path: Path, case_file: Path
) -> None:
    target = tmp_path / "new" / "register.sqlite3"
    target.parent.mkdir()  # --db names a file in an existing folder
    case_id = run(
        "case", "new", str(case_file), "--db", str(target), "--at", "2026-03-02T10:00"
    ).stdout.strip()
    listed = run("case", "list", "--json", "--db", str(target), "--at", "2026-03-02T10:00")
    assert [r["id"] for r in json.loads(listed.stdout)] == [case_id]
    assert not [p.name for p in target.parent.iterdir() if p.name.endswith(".new")]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            "servicenorm = 99999999999",
            "settings [deadlines] servicenorm: expected a whole number of days from 1 to 3650, got 99999999999",
        ),
        (
            "doorlooptijd = 99999999999",
            "settings [deadlines] doorlooptijd: expected a whole number of days from 1 to 3650, got 99999999999",
        ),
        (
            "servicenorm = -5",
            "settings [deadlines] servicenorm: expected a whole number of days from 1 to 3650, got -5",
        ),
        (
            "servicnorm = 10",
            "settings [deadlines] servicnorm: unknown setting (did you mean 'servicenorm'?)",
        ),
        (
            "servicenorm = 30\ndoorlooptijd = 10",
            "settings [deadlines] doorlooptijd: expected at least the servicenorm (30), got 10",
        ),
    ],
)
def test_bad_deadline_settings_are_refused_by_new_and_show(
    run: Run, case_file: Path, tmp_path: Path, settings: str, message: str
) -> None:
    case_id = new_case(run, case_file)
    config = tmp_path / f"deadlines-{abs(hash(settings))}.toml"
    config.write_text(f"[deadlines]\n{settings}\n", encoding="utf-8")
    env = {"ESCALATIE_CONFIG": str(config)}
    for args in (("case", "new", str(case_file)), ("case", "show", case_id), ("case", "list")):
        result = run(*args, "--at", "2026-03-03T10:00", env=env)
        assert result.exit_code == 1, args
        assert result.stderr.startswith(f"error: {message}") and result.stderr.count("\n") == 1
    assert len(json.loads(run("case", "list", "--json", "--at", "2026-03-03T10:00").stdout)) == 1


@pytest.mark.parametrize(
    "flags",
    [("--incapable", "--capable"), ("--capable", "--incapable"), ()],
    ids=["both", "both-reversed", "neither"],
)
def test_capacity_needs_exactly_one_judgement(
    run: Run, case_file: Path, flags: tuple[str, ...]
) -> None:
    case_id = new_case(run, case_file)
    result = run(
        "consent", "capacity", case_id, *flags, "--reason", "x", "--at", "2026-03-03T10:00"
    )
    assert result.exit_code == 2
    assert "--incapable/--capable: expected exactly one of them" in result.stderr
    shown = json.loads(run("case", "show", case_id, "--json", "--at", "2026-03-03T10:00").stdout)
    assert "capacity_assessed" not in json.dumps(shown)  # nothing recorded
    judged = run(
        "consent", "capacity", case_id, "--capable", "--reason", "x", "--at", "2026-03-03T10:00"
    )
    assert judged.exit_code == 0 and "judged capable" in judged.stdout


@pytest.mark.parametrize("party", ["", "  "])
def test_consent_check_needs_a_party(run: Run, case_file: Path, party: str) -> None:
    case_id = new_case(run, case_file)
    result = run(
        "consent", "check", case_id, "--with", party, "--what", "plan", "--at", "2026-03-03T10:00"
    )
    assert result.exit_code == 1
    assert result.stderr == "error: --with: expected non-empty text naming the party\n"


def test_register_dates_must_follow_each_other(run: Run, case_file: Path) -> None:
    case_id = new_case(run, case_file, at="2026-03-02T10:00")

    def refused(*args: str) -> str:
        result = run(*args)
        assert result.exit_code == 1, args
        assert result.stderr.count("\n") == 1
        return result.stderr

    # A slot before submission; a meeting already over at --at (Monday 2 March 09:15-10:45).
    assert "expected a meeting after the case's submission (2026-03-02T10:00)" in refused(
        "case", "plan", case_id, "--slot", "2026-02-23T09:15", "--at", "2026-03-02T11:00"
    )
    assert "the meeting is over at --at 2026-03-20T10:00" in refused(
        "case", "plan", case_id, "--slot", "2026-03-19T15:30", "--at", "2026-03-20T10:00"
    )
    assert (
        run(
            "case", "plan", case_id, "--slot", "2026-03-19T15:30", "--at", "2026-03-19T16:00"
        ).exit_code
        == 0
    )
    # Agreements: not before submission, not due before --at; done not before it was added.
    agreement = ("agreement", "add", case_id, "--action", "a", "--owner", "o", "--lead", "l")
    assert (
        "--at 2026-03-01T10:00: expected a moment on or after the case's submission (2026-03-02T10:00)"
        in refused(*agreement, "--due", "2026-03-30", "--at", "2026-03-01T10:00")
    )
    assert "--due 2026-03-04: expected a day on or after --at (2026-03-05)" in refused(
        *agreement, "--due", "2026-03-04", "--at", "2026-03-05T10:00"
    )
    assert run(*agreement, "--due", "2026-03-30", "--at", "2026-03-05T10:00").exit_code == 0
    assert "expected a moment on or after agreement 1 was recorded (2026-03-05T10:00)" in refused(
        "agreement", "done", case_id, "1", "--at", "2026-03-04T10:00"
    )
    assert run("agreement", "done", case_id, "1", "--at", "2026-03-06T10:00").exit_code == 0
    # Insights: not before submission.
    assert "on or after the case's submission" in refused(
        "insight", "add", case_id, "--theme", "process", "--text", "t", "--at", "2026-03-02T09:59"
    )
    shown = json.loads(run("case", "show", case_id, "--json", "--at", "2026-03-06T10:00").stdout)
    assert len(shown["agreements"]) == 1 and not shown["insights"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("case", "plan", "ID", "--slot", "9999-12-31T09:15"),
            "--slot: expected a moment from 1970 to 2199",
        ),
        (
            (
                "agreement",
                "add",
                "ID",
                "--action",
                "a",
                "--owner",
                "o",
                "--lead",
                "l",
                "--due",
                "9999-12-31",
            ),
            "--due: expected a moment from 1970 to 2199",
        ),
        (
            ("case", "show", "ID", "--at", "9999-12-31T23:00"),
            "--at: expected a moment from 1970 to 2199",
        ),
        (("learn", "report", "--to", "9999-12-31"), "--to: expected a moment from 1970 to 2199"),
    ],
)
def test_moments_out_of_range_are_one_line(
    run: Run, case_file: Path, args: tuple[str, ...], message: str
) -> None:
    case_id = new_case(run, case_file)
    extra = () if "--at" in args else AT
    result = run(*[case_id if a == "ID" else a for a in args], *extra)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {message}") and result.stderr.count("\n") == 1


def test_consent_of_several_givers_in_one_command(run: Run, case_file: Path) -> None:
    """From the acceptance check: a repeated --giver used to record only the last one."""
    case_id = new_case(run, case_file)
    both = run(
        "consent", "add", case_id, "--giver", "young_person", "--giver", "parents",
        "--with", "Samen Veilig", "--what", "plan", *AT,
    )  # fmt: skip
    assert both.exit_code == 0, both.output
    assert "consent of young_person and parents recorded" in both.stdout
    shared = run("case", "share", case_id, "--with", "Samen Veilig", "--what", "plan", *AT)
    assert shared.exit_code == 0, shared.output


def test_the_field_report_cites_the_models_own_document_or_says_whose_template_it_follows() -> None:
    """New-user review: a report for Zeewolde's field said "Bron: Handreiking maatwerktafels
    Utrecht Stad". The selected model's learning output's source is cited; without one the report
    says its lines follow seed 000's template, not that seed 000 is its source."""
    from datetime import date, datetime

    from escalatie.clock import AMSTERDAM
    from escalatie.learning import Insight, LearningTheme
    from escalatie.register import learn
    from escalatie.sources import Document, cite_document

    own = cite_document(Document("leren", "Leren in Zeewolde", "Gemeente Zeewolde", 2026))
    found = Insight(LearningTheme.PROCESS, "Te laat", datetime(2026, 2, 2, tzinfo=AMSTERDAM), "c1")
    args = ([found], date(2026, 1, 1), date(2026, 3, 31))
    cited = learn.render_markdown(learn.report_data(*args, cited=own))
    assert "Leren in Zeewolde" in cited and "Utrecht" not in cited
    plain = learn.render_markdown(learn.report_data(*args))
    # new-user review 6: "De indeling in leerlijnen volgt Handreiking maatwerktafels Utrecht
    # Stad" still named Utrecht's document; a model that declares none gets no citation
    assert "Bron:" not in plain and "Utrecht" not in plain and "volgt" not in plain
    # Only the participants spread the lines in their own organisation (seed 000 stap 6),
    # so only the organisaties report asks its readers to
    assert "eigen organisatie" not in plain
    told = learn.render_markdown(learn.report_data(*args, audience_key="organisaties"))
    assert "Deel deze leerlijnen binnen uw eigen organisatie." in told


def test_the_board_report_words_a_single_breakthrough_plainly() -> None:
    """New-user review 6: for one case the report said "in de helft van de gevallen hoogstens
    26 dagen; de langste duurde 26 dagen"."""
    from escalatie.register import board

    def sentence(cases: int, median: float, longest: int) -> str:
        data = {"breakthroughs": {"cases": cases, "median_days": median, "longest_days": longest}}
        return (
            board.render_markdown({**BOARD_DATA, **data})
            .split("## Van aanmelding tot doorbraak\n\n")[1]
            .split("\n\n")[-1]
        )

    assert (
        sentence(1, 26, 26)
        == "In deze periode is één casus (deels) opgelost, 26 dagen na de aanmelding.\n"
    )
    assert (
        "in de helft van de gevallen hoogstens twaalf dagen; de langste duurde 26 dagen"
        in sentence(3, 12, 26)
    )


BOARD_DATA = {
    "title": "Signalen voor het bestuur",
    "from": "2026-01-01",
    "to": "2026-03-31",
    "collector": "",
    "source": "Beleidsregel escalatie jeugdhulp (Gemeente Zeewolde 2026)",
    "board": True,
    "signals": 0,
    "per_kind": [],
    "unanswered": [],
    "answered_late": [],
    "past_due": [],
    "response_days": 28,
    "overrides": 0,
}
"""A board report's data with nothing in it but what a test sets (``breakthroughs``)."""
