"""Each party receives only its own cases' plans (seed 000 step 3; AVG art. 5(1)(c)).

A party invited for case A never receives case B's question or plan: not in its own copy of
the REQUEST (``.eml``, ``--copies``), and the shared copy (``-o``, the organiser's, CalDAV)
names every case by pseudonym only. The message log records which plans each attendee
received. ``invite`` also checks, as ``case plan`` does, that triage sends each case to the
forum (rule ``register.plan_follows_triage``, seed 000 step 2).
"""

from __future__ import annotations

import email
import json
import sqlite3
from datetime import datetime
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from escalatie.calendar import invitation
from escalatie.calendar.guard import readable
from escalatie.case import Case, Party, PartyRole, Submitter, SubmitterRole
from escalatie.clock import AMSTERDAM, fixed_clock
from escalatie.documents import dump_json
from escalatie.plugins import Registry
from escalatie.privacy import pseudonym

from .conftest import (
    EXPECTED,
    PLANTED,
    CalendarTestPlugin,
    build_case,
    build_forum,
    build_model,
    fail,
    plans_in,
    run,
    two_cases,
)

SLOT = "2026-03-09T09:15"
AT = "2026-03-01T10:00"
START = datetime(2026, 3, 9, 9, 15, tzinfo=AMSTERDAM)
SENT = fixed_clock(datetime(2026, 3, 1, 10, 0, tzinfo=AMSTERDAM))
POOL = ("Team Anker", "School Beuk", "Praktijk Ceder", "Wijkteam Den", "Stichting Eik")


def plan_of(index: int) -> str:
    return f"Plantekst{index}x: thuis wonen met hulp."


def question_of(index: int) -> str:
    return f"Vraagtekst{index}x: welke hulp past?"


def case_for(index: int, submitter: str, parties: tuple[str, ...], age: int) -> Case:
    """A case whose question and plan carry its index, invited for by exactly these
    organisations: its submitter and its parties, all currently involved."""
    return attrs.evolve(
        build_case(f"casus-eigen-{index}"),
        age=age,
        question=question_of(index),
        plan=plan_of(index),
        submitter=Submitter(SubmitterRole.DISTRICT_TEAM, submitter),
        parties=tuple(Party(name, PartyRole.OTHER, currently_involved=True) for name in parties),
    )


AGENDAS = st.lists(
    st.tuples(
        st.sampled_from(POOL),
        st.lists(st.sampled_from(POOL), max_size=3, unique=True).map(tuple),
        st.integers(min_value=4, max_value=17),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agenda=AGENDAS)
def test_a_party_receives_the_plans_of_its_own_cases_only(
    agenda: list[tuple[str, tuple[str, ...], int]],
) -> None:
    """Over generated agendas: each attendee's copy carries a case's question and plan exactly
    when the attendee is invited for that case; the shared copy carries none."""
    forum = build_forum()
    bare = attrs.evolve(forum, participants=attrs.evolve(forum.participants, rotation_pool=()))
    model = build_model((bare,))
    cases = [case_for(i, *spec) for i, spec in enumerate(agenda)]
    invited = {  # the oracle: the submitter and the case's parties, nobody else
        i: {submitter.casefold(), *(p.casefold() for p in parties)}
        for i, (submitter, parties, _) in enumerate(agenda)
    }
    message = invitation(model, START, cases, SENT)
    shared = readable(message.text)
    for i, case in enumerate(cases):
        assert plan_of(i) not in shared and question_of(i) not in shared
        assert pseudonym(case.reference) in shared
    assert "onder de 12 jaar" in shared  # the consent table, not any case's age
    assert {a.organisation.casefold() for a in message.attendees} == set().union(*invited.values())
    for attendee in message.attendees:
        received = readable(message.text_for(attendee))
        text = message.description_for(attendee)
        for i, case in enumerate(cases):
            mine = attendee.organisation.casefold() in invited[i]
            for part in (plan_of(i), question_of(i)):
                assert (part in received) is mine, (attendee.organisation, i)
                assert (part in text) is mine, (attendee.organisation, i)
            assert (pseudonym(case.reference) in message.plans_for(attendee)) is mine
            if not mine:  # nor the age of another's case, through the consent line
                assert f"voor casus {pseudonym(case.reference)} van" not in received
        # The same event for everyone: UID, RECURRENCE-ID, SEQUENCE, ATTENDEE list.
        for prop in ("UID:", "RECURRENCE-ID;", "SEQUENCE:", "ATTENDEE;", "ORGANIZER;"):
            lines = [ln for ln in received.splitlines() if ln.startswith(prop)]
            assert lines == [ln for ln in shared.splitlines() if ln.startswith(prop)], prop


def test_organisations_sharing_a_mailbox_each_get_their_own_copy() -> None:
    """Two organisations configured with one functional address, invited for different cases:
    the e-mail to each carries its own case's plan only."""
    from escalatie.calendar import AddressBook
    from escalatie.calendar.mail import compose

    forum = build_forum()
    bare = attrs.evolve(forum, participants=attrs.evolve(forum.participants, rotation_pool=()))
    cases = [case_for(0, "Team Anker", (), 10), case_for(1, "School Beuk", (), 14)]
    book = AddressBook.from_settings(
        {"addresses": {"Team Anker": "zorg@samen.example", "School Beuk": "zorg@samen.example"}}
    )
    message = invitation(build_model((bare,)), START, cases, SENT, addresses=book)
    for attendee in message.attendees:
        mine = 0 if attendee.organisation == "Team Anker" else 1
        mail = compose(message, attendee, "tafel@teststad.example", cases)
        text = "".join(str(p.get_content()) for p in mail.mime.walk() if not p.is_multipart())
        assert plan_of(mine) in readable(text) and plan_of(1 - mine) not in readable(text)


# --- the CLI: -o, --mail, --copies, --json, the message log, cancel ------------------------


def test_each_attendee_gets_its_own_copy_by_mail_and_file(
    cli_registry: Registry, tmp_path: Path
) -> None:
    shared, mail, copies = tmp_path / "gedeeld.ics", tmp_path / "mail", tmp_path / "kopieen"
    db = ["--db", str(tmp_path / "r.sqlite3"), "--actor", "tester"]
    result = run("invite", "--slot", SLOT, *two_cases(tmp_path), "--at", AT, "-o", str(shared),
                 "--mail", str(mail), "--copies", str(copies), "--json", *db)  # fmt: skip
    assert result.exit_code == 0, result.output
    # The shared copy: both cases by pseudonym, neither plan nor question.
    text = shared.read_text(encoding="utf-8")
    assert plans_in(text) == set() and "Welke woonplek" not in readable(text)
    assert pseudonym("casus-a") in readable(text) and pseudonym("casus-b") in readable(text)
    # Every e-mail: its calendar part, attachment and text hold only its own cases' plans.
    seen = {}
    for path in sorted(mail.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=default)
        assert isinstance(message, EmailMessage)
        to = message["To"].addresses[0].display_name
        parts = {
            p.get_content_type(): p.get_content() for p in message.walk() if not p.is_multipart()
        }
        calendar = parts["text/calendar"]
        assert parts["application/ics"] == calendar.encode()
        assert plans_in(calendar) == plans_in(parts["text/plain"]) == EXPECTED[to], to
        seen[to] = calendar
    assert set(seen) == set(EXPECTED)
    # --copies: the same copies as files, one per attendee.
    files = {p.name: p.read_bytes().decode() for p in sorted(copies.glob("*.ics"))}
    assert len(files) == len(EXPECTED) and set(files.values()) == set(seen.values())
    # --json: per attendee the cases it is invited for; per recipient the plans it received.
    summary = json.loads(result.stdout)
    ids = {"A": pseudonym("casus-a"), "B": pseudonym("casus-b")}
    for attendee in summary["attendees"]:
        assert set(attendee["cases"]) == {ids[c] for c in EXPECTED[attendee["organisation"]]}
    (delivered,) = summary["delivered"]
    assert sorted(map(sorted, delivered["plans"].values())) == sorted(
        sorted(ids[c] for c in cases) for cases in EXPECTED.values()
    )
    # The message log keeps per attendee which plans it received.
    with sqlite3.connect(tmp_path / "r.sqlite3") as con:
        ((attendees,),) = con.execute("SELECT attendees FROM calendar_messages").fetchall()
    logged = {a["organisation"]: set(a["plans"]) for a in json.loads(attendees)}
    assert logged == {org: {ids[c] for c in cases} for org, cases in EXPECTED.items()}
    # The cancellation still reaches every attendee, and carries no plan.
    cancelled = tmp_path / "annulering"
    result = run("cancel", "--slot", SLOT, "--at", "2026-03-02T10:00", "--mail", str(cancelled),
                 *db)  # fmt: skip
    assert result.exit_code == 0, result.output
    to = set()
    for path in cancelled.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=default)
        to.add(message["To"].addresses[0].display_name)
        assert plans_in(path.read_bytes().decode("utf-8", "replace")) == set()
    assert to == set(EXPECTED)


def test_only_the_shared_copy_written_is_logged_as_no_plans(
    cli_registry: Registry, tmp_path: Path
) -> None:
    """With -o alone the attendees are handed the shared copy: the log says they received no
    plan, and the command says where the own copies come from."""
    db = ["--db", str(tmp_path / "r.sqlite3"), "--actor", "tester"]
    result = run("invite", "--slot", SLOT, *two_cases(tmp_path), "--at", AT,
                 "-o", str(tmp_path / "gedeeld.ics"), *db)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "note: the invitation written is the meeting's shared copy" in result.stderr
    with sqlite3.connect(tmp_path / "r.sqlite3") as con:
        ((attendees,),) = con.execute("SELECT attendees FROM calendar_messages").fetchall()
    assert all(a["plans"] == [] for a in json.loads(attendees))


def test_log_rows_from_before_copies_read_as_every_case_received(
    cli_registry: Registry, tmp_path: Path
) -> None:
    """A REQUEST logged before each attendee got its own copy carried every case's plan to
    every attendee; it is read so, and a cancel of that meeting reaches all its attendees. The
    register is an older one: its row was written before any command of this version (whose
    first command seals it, docs/privacy.md)."""
    from escalatie.calendar.log import read
    from escalatie.register import Register
    from escalatie.register.store import migrate

    path = tmp_path / "r.sqlite3"
    raw = sqlite3.connect(path, isolation_level=None)
    migrate(raw, path)
    old = [{"organisation": "Oude Partij", "address": "oud@partij.example",
            "role": "REQ-PARTICIPANT"}]  # fmt: skip
    raw.execute(  # a row as the log wrote it before: no "plans"
        "INSERT INTO calendar_messages (model, forum, uid, recurrence_id, sequence, method, "
        "partial, attendees, cases, channel, at, recorded, actor) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ("test-tafel", "tafel", "maandag@tafel.test-tafel.escalatie",
         "2026-03-09T08:15:00+00:00", 0, "REQUEST", 0, json.dumps(old),
         json.dumps(["casus-oud"]), "eml", "2026-03-01T09:00:00+00:00",
         "2026-03-01T09:00:00+00:00", "tester"),
    )  # fmt: skip
    raw.close()
    path.chmod(0o600)
    db = ["--db", str(path), "--actor", "tester"]
    result = run("cancel", "--slot", SLOT, "--at", "2026-03-02T10:00",
                 "--mail", str(tmp_path / "c"), *db)  # fmt: skip
    assert result.exit_code == 0, result.output
    (cancel,) = (tmp_path / "c").glob("*.eml")
    assert "oud@partij.example" in cancel.read_text(encoding="utf-8")
    with Register.open(path) as reg:
        earlier, cancelled = read(reg, "test-tafel").sent
    assert earlier.attendees[0].plans == (pseudonym("casus-oud"),)
    assert cancelled.method == "CANCEL" and cancelled.attendees[0].plans == ()


# --- invite follows triage (register.plan_follows_triage, seed 000 step 2) -----------------


def unsafe_case(tmp_path: Path) -> str:
    """A case that triage sends to Veilig Thuis (acute safety), not to the table."""
    case = attrs.evolve(build_case("casus-onveilig", PLANTED), age=9)
    document = json.loads(dump_json(case))
    document["safety"] = {"level": "acute", "description": "Acuut onveilig thuis."}
    path = tmp_path / "onveilig.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


@pytest.fixture
def twelve_and_up(escalatie_use_registry: Any, settings_file: Path) -> Registry:
    """The CLI's registry with a test model whose table takes children of 12 and older only:
    triage gives a younger child's case no route, for no reason of safety."""
    from escalatie.plugins import make_plugin_manager
    from escalatie.rules import Rule
    from escalatie.sources import seed

    model = build_model()
    (step,) = model.ladder
    older = Rule("r", "12 and older", seed("000"), lambda case, at: case.age >= 12)
    model = attrs.evolve(model, ladder=(attrs.evolve(step, entry=(older,)),))
    reg = Registry(make_plugin_manager(env={"ESCALATIE_PLUGINS": ""}))
    reg.pm.register(CalendarTestPlugin([model]), name="calendar-test")
    escalatie_use_registry(reg)
    return reg


def stray_case(tmp_path: Path) -> str:
    """A case of a 9-year-old without a safety signal: no route in :func:`twelve_and_up`."""
    case = attrs.evolve(build_case("casus-elders", PLANTED), age=9)
    path = tmp_path / "elders.json"
    path.write_text(dump_json(case), encoding="utf-8")
    return str(path)


def test_no_override_puts_an_acute_safety_case_on_the_table(
    cli_registry: Registry, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Seed 003 (leading principles): safety is always the lower bound; the aanspreekpunt's
    override decides whether a table fits, never whether safety comes first (new-user review:
    ``invite --override`` put an acute-safety case on the table). The refusal suggests no
    override."""
    case = unsafe_case(tmp_path)
    out = tmp_path / "uitnodiging.ics"
    code, err = fail(capsys, "invite", "--slot", SLOT, case, "--at", AT, "-o", str(out))
    assert code == 1 and not out.exists()
    (line,) = err.splitlines()
    assert line.startswith(
        f"error: {case}: triage of case {pseudonym('casus-onveilig')} under test-tafel gives "
        "Veilig Thuis (veilig-thuis) [core.safety-first], not forum tafel; no override puts it "
        "on a table: safety is always the lower bound [register.override_keeps_safety_first; "
        "seed 003, leidende principes"
    ), line
    assert "--override --aanspreekpunt" not in line
    db = tmp_path / "r.sqlite3"
    code, err = fail(capsys, "invite", "--slot", SLOT, case, "--at", AT, "-o", str(out),
                     "--override", "--reason", "tafel nodig", "--aanspreekpunt", "JGZ",
                     "--db", str(db), "--actor", "aanspreekpunt")  # fmt: skip
    assert code == 1 and not out.exists(), err
    (line,) = err.splitlines()
    assert line.startswith(f"error: --override: {case}: triage of case "), line
    assert "[register.override_keeps_safety_first; seed 003" in line
    if db.exists():
        from escalatie.register import Register

        with Register.open(db) as reg:
            assert "invite_override" not in [e.action for e in reg.audit_entries()]


def test_a_case_with_a_concern_that_triage_gives_the_table_needs_no_override(
    cli_registry: Registry, tmp_path: Path
) -> None:
    """A safety concern that is not acute follows the model's route (triage lists the Veilig
    Thuis consult); an --override that overrides nothing says nothing of it."""
    path = tmp_path / "r.sqlite3"
    twelve = attrs.evolve(build_case("casus-zorg", PLANTED), age=9)
    document = json.loads(dump_json(twelve))
    document["safety"] = {"level": "concern", "description": "Zorgen thuis."}
    case = tmp_path / "zorg.json"
    case.write_text(json.dumps(document), encoding="utf-8")
    # The test table takes this case: a concern follows the route, and nothing is said.
    result = run("invite", "--slot", SLOT, str(case), "--at", AT, "--copies",
                 str(tmp_path / "k"), "--override", "--reason", "Voor de zekerheid",
                 "--aanspreekpunt", "JGZ", "--db", str(path), "--actor", "aanspreekpunt")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "warning:" not in result.stderr


def test_an_override_of_a_case_with_a_concern_warns(
    twelve_and_up: Registry, tmp_path: Path
) -> None:
    """A concern that is not acute does not bar the override, but it is said first, and kept
    in the audit line: Veilig Thuis is consulted beside the table (meldcode step 2)."""
    from escalatie.register import Register

    path = tmp_path / "r.sqlite3"
    case = attrs.evolve(build_case("casus-zorg", PLANTED), age=9)
    document = json.loads(dump_json(case))
    document["safety"] = {"level": "concern", "description": "Zorgen thuis."}
    file = tmp_path / "zorg.json"
    file.write_text(json.dumps(document), encoding="utf-8")
    result = run("invite", "--slot", SLOT, str(file), "--at", AT, "--copies",
                 str(tmp_path / "k"), "--override", "--reason", "tafel nodig",
                 "--aanspreekpunt", "JGZ", "--db", str(path), "--actor", "aanspreekpunt")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        f"warning: case {pseudonym('casus-zorg')}: the case has a safety concern: consult "
        "Veilig Thuis beside the table (meldcode step 2) [core.safety-concern-consult] (kept "
        "in the audit log)"
    )
    with Register.open(path) as reg:
        (entry,) = [e for e in reg.audit_entries() if e.action == "invite_override"]
    assert entry.detail.endswith("; note: the case has a safety concern: consult Veilig "
                                 "Thuis beside the table (meldcode step 2) "
                                 "[core.safety-concern-consult]")  # fmt: skip


def test_invite_refuses_a_case_triage_sends_elsewhere(
    twelve_and_up: Registry, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = stray_case(tmp_path)
    out = tmp_path / "uitnodiging.ics"
    code, err = fail(capsys, "invite", "--slot", SLOT, case, "--at", AT, "-o", str(out))
    assert code == 1 and not out.exists()
    (line,) = err.splitlines()
    assert line.startswith(
        f"error: {case}: triage of case {pseudonym('casus-elders')} under test-tafel at "
        "2026-03-01T10:00 gives no route, not forum tafel "
        "[register.plan_follows_triage]; to plan it there, the aanspreekpunt overrides with "
        "--override --aanspreekpunt KEY --reason TEXT --db FILE --actor NAME "
        "[seed 000, 2. Route naar een maatwerktafel"
    ), line
    # Everything --override lacks is named on the first try (new-user review).
    for args, expected in (
        (
            ["--override"],
            "--override needs --reason TEXT (why the aanspreekpunt decides so) "
            "and --aanspreekpunt KEY (which aanspreekpunt decided) "
            "and --db FILE (or ESCALATIE_DB) and --actor NAME (or ESCALATIE_ACTOR): the "
            "aanspreekpunt's reason is kept in the register's audit log",
        ),
        (["--reason", "x"], "--reason goes with --override"),
        (["--aanspreekpunt", "x"], "--aanspreekpunt goes with --override"),
        (
            ["--override", "--reason", "x", "--aanspreekpunt", "x"],
            "--override needs --db FILE (or ESCALATIE_DB) and --actor NAME (or ESCALATIE_ACTOR): ",
        ),
        (
            ["--override", "--reason", "x"],
            "--override needs --aanspreekpunt KEY (which aanspreekpunt decided) and --db FILE",
        ),
        (
            ["--override", "--db", "r.sqlite3", "--actor", "a", "--aanspreekpunt", "x"],
            "--override needs --reason TEXT (why the aanspreekpunt decides so): ",
        ),
    ):
        code, err = fail(capsys, "invite", "--slot", SLOT, case, "--at", AT, *args)
        assert code == 2 and expected in err, err
    # An empty reason is refused before anything is written, sent or logged.
    copies = tmp_path / "kopieen"
    code, err = fail(capsys, "invite", "--slot", SLOT, case, "--at", AT, "--copies", str(copies),
                     "--override", "--reason", "  ", "--db", str(tmp_path / "r.sqlite3"),
                     "--actor", "aanspreekpunt", "--aanspreekpunt", "JGZ-team")  # fmt: skip
    assert (code, err) == (1, "error: --reason: expected non-empty text\n")
    assert not copies.exists() and not (tmp_path / "r.sqlite3").exists()


def test_an_override_is_kept_in_the_audit_log_without_identifiers(
    twelve_and_up: Registry, tmp_path: Path
) -> None:
    from escalatie.register import Register

    path = tmp_path / "r.sqlite3"
    reason = "Jantje Testpersoon heeft de tafel eerst nodig"  # a name typed into the reason
    result = run("invite", "--slot", SLOT, stray_case(tmp_path), "--at", AT,
                 "--copies", str(tmp_path / "k"), "--override", "--reason", reason,
                 "--aanspreekpunt", "aanspreekpunt JGZ",
                 "--db", str(path), "--actor", "aanspreekpunt")  # fmt: skip
    assert result.exit_code == 0, result.output
    with Register.open(path) as reg:
        entries = [e for e in reg.audit_entries() if e.action == "invite_override"]
    (entry,) = entries
    assert entry.actor == "aanspreekpunt" and entry.case_id is None
    assert entry.detail == (
        f"invite case {pseudonym('casus-elders')} to forum tafel instead of triage route "
        "none, decided by aanspreekpunt aanspreekpunt JGZ"  # a model without contact points
    )
    assert "Jantje" not in entry.reason and "[verwijderd]" in entry.reason
    assert "heeft de tafel eerst nodig" in entry.reason


def test_an_invite_that_follows_triage_writes_no_override(
    cli_registry: Registry, tmp_path: Path, make_case: Any
) -> None:
    from escalatie.register import Register

    case = tmp_path / "casus.json"
    case.write_text(dump_json(make_case("casus-gewoon")), encoding="utf-8")
    path = tmp_path / "r.sqlite3"
    result = run("invite", "--slot", SLOT, str(case), "--at", AT, "--copies",
                 str(tmp_path / "k"), "--override", "--reason", "Voor de zekerheid",
                 "--aanspreekpunt", "JGZ", "--db", str(path), "--actor", "aanspreekpunt")  # fmt: skip
    assert result.exit_code == 0, result.output
    with Register.open(path) as reg:
        assert "invite_override" not in [e.action for e in reg.audit_entries()]


def test_the_aanspreekpunt_named_in_free_text_is_scrubbed_too(
    twelve_and_up: Registry, tmp_path: Path
) -> None:
    """A model without contact points takes one line naming the aanspreekpunt; a family's name
    typed into it does not reach the audit log, as it does not through the reason."""
    from escalatie.register import Register

    path = tmp_path / "r.sqlite3"
    result = run("invite", "--slot", SLOT, stray_case(tmp_path), "--at", AT,
                 "--copies", str(tmp_path / "k"), "--override", "--reason", "tafel nodig",
                 "--aanspreekpunt", "aanspreekpunt van Jantje Testpersoon",
                 "--db", str(path), "--actor", "aanspreekpunt")  # fmt: skip
    assert result.exit_code == 0, result.output
    with Register.open(path) as reg:
        (entry,) = [e for e in reg.audit_entries() if e.action == "invite_override"]
    assert entry.detail.endswith("decided by aanspreekpunt aanspreekpunt van [verwijderd]")
    assert "Jantje" not in entry.detail
