"""Signals of system obstacles to a body, their answers, the overdue list and the board's report.

Issue 12, point 1 and 2: under ``utrecht-knelpuntenzorg`` (the senior adviser's short lines to
the board, seed 002) a register with cases, signals to two bodies, one answered late, and an
override of the route: ``signals --overdue`` lists the right ones and ``learn report
--audience bestuur`` counts them, in Dutch, without an identifier.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from escalatie import settings
from escalatie.case import Identity
from escalatie.privacy import find_identifier

from ..conftest import RegisterEnv
from .conftest import cli_with as cli

CASE = {
    "reference": "KZ-2026-4",
    "age": 10,
    "question": "Welke hulp past bij het gezin van Mila Jansen?",
    "domains": [{"kind": "care", "question": "Geen passende hulp beschikbaar"}],
    "submitter": {"role": "parent", "organisation": ""},
    "obstacles": ["supply_unavailable"],
    "identity": {"name": "Mila Jansen", "bsn": "111222333", "phone": "06-12345678"},
}
IDENTITY = Identity(name="Mila Jansen", bsn="111222333", phone="06-12345678")


@pytest.fixture
def env(register_env: RegisterEnv) -> dict[str, str]:
    return register_env("senior-adviseur", "utrecht-knelpuntenzorg")


def new_case(env: dict[str, str], tmp_path: Path, at: str) -> str:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE), encoding="utf-8")
    result = cli(env, "case", "new", str(path), "--at", at)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def rows(env: dict[str, str], table: str) -> int:
    with sqlite3.connect(env["ESCALATIE_DB"]) as db:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


@pytest.fixture
def register(env: dict[str, str], tmp_path: Path) -> list[str]:
    """Two cases; signal 1 (a rule, both cases) to bestuur, answered late; signal 2 (an
    arrangement) to the partners of the work agreements, never answered; signal 3 to bestuur,
    answered in time with a due date still ahead; one plan against triage."""
    a = new_case(env, tmp_path, "2026-03-02T09:00")
    b = new_case(env, tmp_path, "2026-03-02T09:30")
    added = [
        ("--case", a, "--case", b, "--kind", "rule", "--to", "bestuur", "--blocks",
         "Na het 18e jaar stopt de jeugdhulp voor Mila Jansen; de Wmo neemt het niet over"),
        ("--case", a, "--kind", "arrangement", "--to", "werkafspraken", "--blocks",
         "De woningcorporatie wacht op een verklaring die niemand afgeeft"),
        ("--case", b, "--kind", "contract", "--to", "bestuur", "--blocks",
         "Het budget van de aanbieder is op; bel 06-12345678"),
    ]  # fmt: skip
    for number, args in enumerate(added, 1):
        result = cli(env, "signal", "add", *args, "--at", "2026-03-03T10:00")
        assert result.exit_code == 0, result.output
        cases = ", ".join(args[i + 1] for i, a in enumerate(args) if a == "--case")
        assert (
            result.stdout
            == f"signal {number} recorded, to {args[args.index('--to') + 1]}; cases {cases}\n"
        )
    late = cli(env, "signal", "respond", "1", "--answer", "De wethouder legt het voor aan de "
               "regio", "--due", "2026-05-01", "--at", "2026-04-20T10:00")  # fmt: skip
    assert late.exit_code == 0, late.output
    timely = cli(env, "signal", "respond", "3", "--answer", "Het budget wordt verhoogd",
                 "--due", "2026-06-01", "--at", "2026-03-10T10:00")  # fmt: skip
    assert timely.exit_code == 0, timely.output
    plan = cli(
        env, "-m", "utrecht-maatwerktafel", "case", "plan", a, "--slot", "2026-03-09T09:15",
        "--override", "--aanspreekpunt", "aanspreekpunt-jgz", "--reason",
        "Tafel met alle partijen nodig", "--at", "2026-03-02T11:00",
    )  # fmt: skip
    assert plan.exit_code == 0, plan.output
    return [a, b]


def test_overdue_lists_the_unanswered_signal_and_the_answer_past_its_due_date(
    env: dict[str, str], register: list[str]
) -> None:
    result = cli(env, "signals", "--overdue", "--json", "--at", "2026-05-04T09:00")
    overdue = {r["number"]: r["overdue"] for r in json.loads(result.stdout)}
    assert overdue == {1: "past due", 2: "no answer"}
    before_norm = cli(env, "signals", "--overdue", "--json", "--at", "2026-03-20T09:00")
    assert json.loads(before_norm.stdout) == []


def test_the_response_norm_is_a_setting_per_model(
    env: dict[str, str], register: list[str], tmp_path: Path
) -> None:
    Path(env["ESCALATIE_CONFIG"]).write_text(
        "[signals]\nresponse_days = 60\n[signals.utrecht-knelpuntenzorg]\nresponse_days = 10\n",
        encoding="utf-8",
    )
    settings._load.cache_clear()
    result = cli(env, "signals", "--overdue", "--json", "--at", "2026-03-20T09:00")
    assert [r["number"] for r in json.loads(result.stdout)] == [2]
    assert json.loads(result.stdout)[0]["answer_due"] == "2026-03-13"
    Path(env["ESCALATIE_CONFIG"]).write_text("[signals]\nrespons_days = 6\n", encoding="utf-8")
    settings._load.cache_clear()
    broken = cli(env, "signals", "--at", "2026-03-20T09:00")
    assert broken.exit_code == 1 and "settings [signals] respons_days" in broken.stderr


def test_signal_list_and_done(env: dict[str, str], register: list[str]) -> None:
    done = cli(env, "signal", "done", "1", "--at", "2026-05-02T09:00")
    assert done.exit_code == 0, done.output
    listed = json.loads(cli(env, "signal", "list", "--json", "--at", "2026-05-04T09:00").stdout)
    assert [r["number"] for r in listed] == [1, 2, 3]
    assert listed[0]["cases"] == register and listed[0]["done_at"] is not None
    assert listed[0]["overdue"] is None
    text = cli(env, "signal", "list", "--at", "2026-05-04T09:00").stdout
    assert "#2 to werkafspraken [arrangement] OVERDUE: no answer; the answer was due 2026-" in text
    assert text.count("no answer") == 1  # said once, not again as its state


def test_signal_text_is_scrubbed_and_every_step_audited(
    env: dict[str, str], register: list[str]
) -> None:
    listed = cli(env, "signal", "list", "--json", "--at", "2026-05-04T09:00").stdout
    assert "Mila" not in listed and "Jansen" not in listed and "06-12345678" not in listed
    audit = json.loads(cli(env, "audit", "--json", "--at", "2026-05-04T09:00").stdout)
    actions = [e["action"] for e in audit["entries"]]
    assert actions.count("signal_add") == 4  # signal 1 names two cases
    assert actions.count("signal_respond") == 2
    assert "signal_list" in actions


def test_board_report_counts_signals_unanswered_overrides_in_dutch_without_identifiers(
    env: dict[str, str], register: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "bestuur.md"
    result = cli(
        env, "learn", "report", "--audience", "bestuur", "--from", "2026-01-01",
        "--at", "2026-05-04T09:00", "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "voor het college en de wethouder" in text
    assert "Dit overzicht is voor u opgesteld door de senior adviseur, uit de signalen" in text
    assert "In deze periode heeft u twee signalen ontvangen" in text
    assert "| Wet- en regelgeving | 1 | 2 |" in text and "| Contracten en budget | 1 | 1 |" in text
    assert (
        "Van de signalen uit deze periode is er één later dan de termijn van 28 dagen "
        "(een instelling van de gemeente) beantwoord."
    ) in text
    assert "Signaal 1 (wet- en regelgeving), toegezegd voor uiterlijk 1 mei 2026" in text
    # The override was made at the maatwerktafel (the case is that model's now): a report for
    # knelpuntenzorg's board does not count it (policy review, finding 5).
    assert "In deze periode week het aanspreekpunt niet af van de voorgestelde route." in text
    assert "Geteld zijn alleen de casussen van dit model, niet het hele register." in text
    assert "werkafspraken" not in text.split("## Knelpunten per soort")[1]  # other body's signal
    for case_id in register:
        assert case_id not in text
    assert find_identifier(text, [IDENTITY]) is None
    args = ("--audience", "bestuur", "--format", "json", "--from", "2026-01-01")
    data = json.loads(cli(env, "learn", "report", *args, "--at", "2026-05-04T09:00").stdout)
    assert data["signals"] == 2 and data["overrides"] == 0 and data["answered_late"] == 1
    assert [k["kind"] for k in data["per_kind"]] == ["rule", "contract"]


def test_a_body_that_is_not_the_board_gets_its_signals_only(
    env: dict[str, str], register: list[str]
) -> None:
    text = cli(env, "learn", "report", "--audience", "werkafspraken", "--from", "2026-01-01",
               "--at", "2026-05-04T09:00").stdout  # fmt: skip
    assert "voor de partijen bij de werkafspraken" in text
    assert "Op één signaal wacht nog een antwoord" in text
    # The 28 days are the municipality's setting, not a norm of the sources: the text says so.
    assert (
        "Voor uw antwoord geldt een termijn van 28 dagen. Die termijn is een instelling van de "
        in (text)
    )
    assert "geen wettelijke of landelijke norm" in text
    assert "Afwijkingen van de route" not in text


def test_rotterdam_advises_the_college(env: dict[str, str], register: list[str]) -> None:
    result = cli(env, "-m", "rotterdam-zorgconsulaat", "learn", "report", "--audience",
                 "bestuur", "--at", "2026-05-04T09:00")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Dit overzicht is voor u opgesteld door de jeugdconsul, uit de signalen" in result.stdout
    assert "In deze periode heeft u geen signalen ontvangen." in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("signal", "add", "--case", "ESC-0000-0000", "--kind", "rule", "--blocks", "x",
          "--to", "bestuur"), "no case 'ESC-0000-0000'"),
        (("signal", "add", "--case", "{a}", "--kind", "rule", "--blocks", "x", "--to", "veld"),
         "names no audience 'veld'; it names: bestuur, werkafspraken"),
        (("signal", "respond", "9", "--answer", "x", "--due", "2026-06-01"),
         "N: no signal 9 in the register (signals 1 to 3)"),
        (("signal", "respond", "2", "--answer", "x", "--due", "2026-04-01"),
         "--due 2026-04-01: expected a day on or after the answer (2026-05-04)"),
        (("signal", "respond", "1", "--answer", "x", "--due", "2026-06-01"),
         "N: signal 1 was already answered"),
        (("learn", "report", "--audience", "veld", "-o", "{out}"),
         "--audience: model utrecht-knelpuntenzorg names no audience 'veld'; it names: "
         "bestuur, werkafspraken"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_writes_nothing(
    env: dict[str, str], register: list[str], tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    out = tmp_path / "report.md"
    filled = [a.replace("{a}", register[0]).replace("{out}", str(out)) for a in args]
    before = (rows(env, "records"), rows(env, "events"), rows(env, "audit"))
    result = cli(env, *filled, "--at", "2026-05-04T09:00")
    assert result.exit_code == 1, result.output
    line = result.stderr.strip()
    assert "\n" not in line and message in line
    assert (rows(env, "records"), rows(env, "events"), rows(env, "audit")) == before
    assert not out.exists()


def test_an_orphan_record_written_outside_escalatie_is_one_line(
    env: dict[str, str], tmp_path: Path
) -> None:
    """Attacker review: a record for signal 7, never created, is damage named in one line: by
    its seal (no audit entry names it), before it is folded."""
    new_case(env, tmp_path, "2026-03-02T10:00")
    with sqlite3.connect(env["ESCALATIE_DB"]) as db:
        db.execute(
            "INSERT INTO records (subject, number, kind, at, actor, payload) VALUES "
            "('signal', 7, 'done', '2026-03-03T10:00:00+01:00', 'x', '{}')"
        )
    for args in (("signal", "list"), ("signals", "--overdue")):
        result = cli(env, *args, "--at", "2026-03-04T10:00")
        assert result.exit_code == 1
        assert (
            "register is damaged: records row 1 (signal): in no audit entry; written outside "
            "escalatie" in result.output
        )
        assert len(result.output.strip().splitlines()) == 1


def test_an_orphan_record_from_before_the_seal_is_one_line(
    env: dict[str, str], tmp_path: Path
) -> None:
    """A register from before records were sealed: the orphan is counted by the marker, and
    folding it is still one line, not a traceback."""
    from escalatie.register.store import migrate

    path = Path(env["ESCALATIE_DB"])
    raw = sqlite3.connect(path, isolation_level=None)
    migrate(raw, path)
    raw.execute(
        "INSERT INTO records (subject, number, kind, at, actor, payload) VALUES "
        "('signal', 7, 'done', '2026-03-03T10:00:00+01:00', 'x', '{}')"
    )
    raw.close()
    path.chmod(0o600)
    for args in (("signal", "list"), ("signals", "--overdue")):
        result = cli(env, *args, "--at", "2026-03-04T10:00")
        assert result.exit_code == 1
        assert "register is damaged: the signal records do not fold (KeyError: 7;" in result.output
        assert len(result.output.strip().splitlines()) == 1
