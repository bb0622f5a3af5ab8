"""Leeronderzoek (Rotterdam, seed 002) and consultation (expertise network, seed 004; Groningen's
expertpool, seed 002) as register workflows with due dates, audited, apart from the case."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import Result

from ..conftest import RegisterEnv
from .test_signals import cli, new_case, rows


@pytest.fixture
def env(register_env: RegisterEnv) -> dict[str, str]:
    return register_env("jeugdconsul", "rotterdam-zorgconsulaat")


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_leeronderzoek_runs_from_calamity_to_followed_up_recommendation(
    env: dict[str, str], tmp_path: Path
) -> None:
    case_id = new_case(env, tmp_path, "2026-03-02T09:00")
    events = rows(env, "events")
    about = "Na een calamiteit: Mila Jansen stond op straat"
    number = ok(cli(env, "leeronderzoek", "start", "--case", case_id, "--about", about,
                    "--at", "2026-04-01T10:00"))  # fmt: skip
    assert number.strip() == "1"
    ok(cli(env, "leeronderzoek", "question", "1", "--text", "Wie had de regie na het 18e jaar?",
           "--at", "2026-04-01T11:00"))  # fmt: skip
    ok(cli(env, "leeronderzoek", "finding", "1", "--text", "Niemand had de regie",
           "--at", "2026-04-08T10:00"))  # fmt: skip
    ok(cli(env, "leeronderzoek", "conclude", "1", "--niet-sluitend", "--at", "2026-04-09T10:00"))
    ok(cli(env, "leeronderzoek", "recommend", "1", "--text", "Warme overdracht 18-/18+",
           "--owner", "Gemeente Rotterdam", "--due", "2026-06-01", "--at", "2026-04-10T10:00"))  # fmt: skip
    overdue = json.loads(ok(cli(env, "leeronderzoek", "list", "--overdue", "--json",
                                "--at", "2026-06-02T10:00")))  # fmt: skip
    assert [i["number"] for i in overdue] == [1]
    assert overdue[0]["sluitend"] is False and overdue[0]["recommendations"][0]["overdue"]
    assert "Mila" not in json.dumps(overdue) and "[verwijderd]" in overdue[0]["about"]
    ok(cli(env, "leeronderzoek", "follow-up", "1", "1", "--text", "Werkwijze vastgesteld",
           "--done", "--at", "2026-06-03T10:00"))  # fmt: skip
    after = cli(env, "leeronderzoek", "list", "--overdue", "--json", "--at", "2026-06-04T10:00")
    assert json.loads(ok(after)) == []
    assert rows(env, "events") == events  # kept apart from the case's event log
    audit = json.loads(ok(cli(env, "audit", "--json", "--at", "2026-06-04T10:00")))["entries"]
    actions = [e["action"] for e in audit]
    for action in ("leeronderzoek_start", "leeronderzoek_question", "leeronderzoek_finding",
                   "leeronderzoek_concluded", "leeronderzoek_recommended",
                   "leeronderzoek_followed_up"):  # fmt: skip
        assert action in actions
    assert [e["case"] for e in audit if e["action"] == "leeronderzoek_start"] == [case_id]


def test_consultation_of_the_expertpool_with_a_due_date(
    env: dict[str, str], tmp_path: Path
) -> None:
    case_id = new_case(env, tmp_path, "2026-03-02T09:00")
    groningen = {**env, "ESCALATIE_MODEL": "groningen-3d"}
    number = ok(cli(groningen, "consultation", "request", "--case", case_id, "--with",
                    "expertpool", "--question", "Welke intensieve ondersteuning past?",
                    "--due", "2026-03-16", "--at", "2026-03-03T10:00"))  # fmt: skip
    assert number.strip() == "1"
    late = json.loads(ok(cli(env, "consultation", "list", "--overdue", "--json",
                             "--at", "2026-03-17T10:00")))  # fmt: skip
    assert [c["number"] for c in late] == [1]
    ok(cli(env, "consultation", "advice", "1", "--text", "Specialistisch casemanagement",
           "--at", "2026-03-18T10:00"))  # fmt: skip
    ok(cli(env, "consultation", "follow-up", "1", "--text", "Ingezet door de toegang",
           "--at", "2026-03-20T10:00"))  # fmt: skip
    listed = json.loads(ok(cli(env, "consultation", "list", "--json", "--at", "2026-03-21T10:00")))
    assert listed[0]["advice"] == "Specialistisch casemanagement" and not listed[0]["overdue"]
    assert [f["text"] for f in listed[0]["follow_up"]] == ["Ingezet door de toegang"]
    audit = json.loads(
        ok(cli(env, "audit", "--case", case_id, "--json", "--at", "2026-03-21T10:00"))
    )
    actions = [e["action"] for e in audit["entries"]]
    assert {"consultation_request", "consultation_advised", "consultation_followed_up"} <= set(
        actions
    )


def test_rotterdam_consults_the_expertise_network(env: dict[str, str], tmp_path: Path) -> None:
    case_id = new_case(env, tmp_path, "2026-03-02T09:00")
    result = cli(env, "consultation", "request", "--case", case_id, "--with", "expertisenetwerk",
                 "--question", "Meervoudige complexe situatie", "--due", "2026-03-20",
                 "--at", "2026-03-03T10:00")  # fmt: skip
    assert ok(result).strip() == "1"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("leeronderzoek", "start", "--case", "ESC-0000-0000", "--about", "x"),
         "no case 'ESC-0000-0000'"),
        (("-m", "utrecht-maatwerktafel", "leeronderzoek", "start", "--case", "{id}", "--about",
          "x"), "model utrecht-maatwerktafel has no leeronderzoek"),
        (("leeronderzoek", "finding", "4", "--text", "x"), "N: no leeronderzoek 4"),
        (("leeronderzoek", "recommend", "1", "--text", "x", "--owner", "y", "--due",
          "2026-06-01"), "recommendations follow a system found not sluitend"),
        (("leeronderzoek", "conclude", "1", "--sluitend"), "has no findings yet"),
        (("consultation", "request", "--case", "{id}", "--with", "cce", "--question", "x",
          "--due", "2026-06-01"), "--with: model rotterdam-zorgconsulaat cannot consult 'cce'"),
        (("consultation", "request", "--case", "{id}", "--with", "expertisenetwerk",
          "--question", "x", "--due", "2026-03-01"), "--due 2026-03-01: expected a day on or after"),
        (("consultation", "advice", "3", "--text", "x"), "N: no consultation 3"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_writes_nothing(
    env: dict[str, str], tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    case_id = new_case(env, tmp_path, "2026-03-02T09:00")
    ok(cli(env, "leeronderzoek", "start", "--case", case_id, "--about", "Incident",
           "--at", "2026-04-01T10:00"))  # fmt: skip
    with sqlite3.connect(env["ESCALATIE_DB"]) as db:
        before = db.execute("SELECT count(*) FROM records").fetchone()[0]
    before_audit = rows(env, "audit")
    result = cli(env, *[a.replace("{id}", case_id) for a in args], "--at", "2026-04-02T10:00")
    assert result.exit_code == 1, result.output
    assert "\n" not in result.stderr.strip() and message in result.stderr
    assert rows(env, "records") == before and rows(env, "audit") == before_audit


def test_a_case_of_another_model_is_pointed_out_and_the_list_names_the_model(
    env: dict[str, str], tmp_path: Path
) -> None:
    # Seed 004: each region has its own expertise centre; a Groningen case consulted under
    # Utrecht's model is most likely the wrong -m (noted, not refused: a case may move).
    case_id = new_case(env, tmp_path, "2026-03-02T09:00")  # under rotterdam-zorgconsulaat
    utrecht = {**env, "ESCALATIE_MODEL": "utrecht-maatwerktafel"}
    other = cli(utrecht, "consultation", "request", "--case", case_id, "--with",
                "expertisenetwerk", "--question", "Welke hulp past?", "--due", "2026-03-20",
                "--at", "2026-03-03T10:00")  # fmt: skip
    assert ok(other).strip() == "1"
    assert (
        f"warning: consultation 1: recorded under model utrecht-maatwerktafel (-m), but the "
        f"register knows case {case_id} (rotterdam-zorgconsulaat) under another model only: "
        "check -m"
    ) in other.stderr
    own = cli(env, "consultation", "request", "--case", case_id, "--with", "expertisenetwerk",
              "--question", "Welke hulp past?", "--due", "2026-03-20", "--at", "2026-03-03T11:00")  # fmt: skip
    assert ok(own).strip() == "2" and "warning" not in own.stderr
    listed = ok(cli(env, "consultation", "list", "--at", "2026-03-04T10:00")).splitlines()
    assert listed[0].startswith(f"#1 {case_id} with expertisenetwerk (utrecht-maatwerktafel), ")
    assert listed[1].startswith(f"#2 {case_id} with expertisenetwerk (rotterdam-zorgconsulaat), ")
    started = cli(env, "leeronderzoek", "start", "--case", case_id, "--about", "Calamiteit",
                  "--at", "2026-04-01T10:00")  # fmt: skip
    assert ok(started).strip() == "1" and "warning" not in started.stderr
    text = ok(cli(env, "leeronderzoek", "list", "--at", "2026-04-02T10:00"))
    assert text.startswith(f"#1 [open] rotterdam-zorgconsulaat, cases {case_id}: Calamiteit ")
