"""The sealed audit log: every change made behind escalatie's back shows in ``audit --verify``.

Tampering is done with SQLite's own tools (the ``sqlite3`` module, as the ``sqlite3`` shell
would), after dropping the append-only triggers where they stand in the way.
"""

from __future__ import annotations

import gc
import json
import os
import pwd
import re
import sqlite3
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import Result

from escalatie.case import Case
from escalatie.clock import AMSTERDAM
from escalatie.register import chain, commands
from escalatie.register.register import AHEAD, BACKDATED, Register, timing_flag
from escalatie.register.session import Session
from escalatie.register.store import migrate, version
from escalatie.secret import KEY_ENV

from .conftest import sqlite_only

Run = Callable[..., Result]
AT = ("--at", "2026-03-03T10:00")


# SQLite only: tampering uses SQLite's own tools. On PostgreSQL the database's roles guard the
# log (test_postgresql.py).
pytestmark = sqlite_only


@pytest.fixture
def logged(run: Run, case_file: Path, db: Path) -> str:
    """A register with a case and a few audit entries; the case's id."""
    case_id = run("case", "new", str(case_file), "--at", "2026-03-02T10:00").stdout.strip()
    run("case", "show", case_id, *AT)
    run("consent", "add", case_id, "--giver", "parents", "--with", "JGZ", "--what", "plan", *AT)
    run("case", "list", *AT)
    # 1 events_sealed (the marker), 2 submitted, 3 show, 4 consent_recorded, 5 list
    assert entries(db) == 5
    return case_id


def entries(db: Path) -> int:
    with sqlite3.connect(db) as raw:
        return int(raw.execute("SELECT count(*) FROM audit").fetchone()[0])


def tamper(db: Path, *statements: str) -> None:
    raw = sqlite3.connect(db, isolation_level=None)
    for statement in statements:
        raw.execute(statement)
    raw.close()


def verify(run: Run) -> Result:
    return run("audit", "--verify", *AT)


def test_an_untouched_log_verifies(run: Run, logged: str) -> None:
    result = verify(run)
    assert result.exit_code == 0, result.output
    assert "integrity: ok" in result.stdout


def test_dropping_the_triggers_and_deleting_the_last_entry_fails_verify(
    run: Run, logged: str, db: Path
) -> None:
    """The issue's check: with the triggers gone, the last row is deleted; verify exits 1."""
    tamper(
        db,
        "DROP TRIGGER audit_no_update",
        "DROP TRIGGER audit_no_delete",
        "DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)",
    )
    result = verify(run)
    assert result.exit_code == 1
    assert "trigger audit_no_delete: missing (dropped)" in result.stderr
    assert "trigger audit_no_update: missing (dropped)" in result.stderr
    assert "audit entry 5: missing (deleted)" in result.stderr
    # The evidence stays: later commands do not move the head over the gap.
    run("case", "list", *AT)
    again = verify(run)
    assert again.exit_code == 1 and "audit entry 5: replaced" in again.stderr


def test_deleting_the_last_entry_and_its_head_fails_verify(
    run: Run, logged: str, db: Path, tmp_path: Path
) -> None:
    tamper(db, "DROP TRIGGER audit_no_delete", "DELETE FROM audit WHERE seq = 5")
    with Register.open(db) as reg:
        chain.head_path(reg.register_id()).unlink()
    result = verify(run)
    assert result.exit_code == 1 and "audit chain head: none at" in result.stderr


def test_a_changed_entry_is_named(run: Run, logged: str, db: Path) -> None:
    tamper(
        db,
        "DROP TRIGGER audit_no_update",
        "UPDATE audit SET actor = 'someone else' WHERE seq = 2",
    )
    result = verify(run)
    assert result.exit_code == 1
    problems = json.loads(run("audit", "--verify", "--json", *AT).stdout)["problems"]
    assert problems[0].startswith("audit entry 2: its seal does not match")
    assert problems[1] == "trigger audit_no_update: missing (dropped)"
    assert len(problems) == 2  # entry 3 still follows entry 2's seal: only 2 is named


def test_a_deleted_entry_in_the_middle_is_named(run: Run, logged: str, db: Path) -> None:
    tamper(db, "DROP TRIGGER audit_no_delete", "DELETE FROM audit WHERE seq = 2")
    result = verify(run)
    assert result.exit_code == 1
    assert "audit entry 2: missing (deleted); entry 3 does not follow entry 1" in result.stderr


def test_an_inserted_entry_is_named(run: Run, logged: str, db: Path) -> None:
    # Inserting needs no trigger dropped: the seal is what gives it away.
    tamper(
        db,
        "INSERT INTO audit (seq, at, recorded, actor, os_user, action, case_id, detail, reason, mac) "
        "SELECT 6, at, recorded, actor, os_user, 'show', case_id, '', '', mac FROM audit WHERE seq = 5",
    )
    result = verify(run)
    assert result.exit_code == 1
    assert "audit entry 6: its seal does not match" in result.stderr


def test_an_event_inserted_behind_escalatie_is_named(run: Run, logged: str, db: Path) -> None:
    """Consent slipped in with sqlite3 (inserting needs no trigger dropped) is caught: every
    event since the marker must be named, with its digest, by the sealed entry that wrote it."""
    tamper(
        db,
        "INSERT INTO events (case_id, kind, at, actor, payload, recorded) SELECT case_id, kind, "
        "at, actor, replace(payload, 'parents', 'young_person'), recorded FROM events "
        "WHERE kind = 'consent_recorded'",
    )
    result = verify(run)
    assert result.exit_code == 1
    assert f"event 3 (consent_recorded of {logged}): in no audit entry; written outside" in (
        result.stderr
    )


def test_a_changed_or_deleted_event_is_named(run: Run, logged: str, db: Path) -> None:
    tamper(
        db,
        "DROP TRIGGER events_no_update",
        "UPDATE events SET at = '2026-01-01T10:00:00+01:00' WHERE seq = 2",
    )
    assert "event 2: changed since audit entry 4 recorded it" in verify(run).stderr
    tamper(db, "DROP TRIGGER events_no_delete", "DELETE FROM events WHERE seq = 2")
    assert "event 2: missing (deleted); audit entry 4 recorded it" in verify(run).stderr


def test_events_from_before_the_seal_are_counted(db: Path) -> None:
    raw = sqlite3.connect(db, isolation_level=None)
    migrate(raw, db, target=3)
    raw.execute(
        "INSERT INTO events (case_id, kind, at, actor, payload) VALUES "
        "('ESC-AAAA-BBBB', 'resumed', '2026-03-02T10:00:00+01:00', 'old', '{}')"
    )
    raw.close()
    with Register.open(db) as reg, reg.transaction():
        reg.audit(
            actor="new", action="list", case_id=None, at=moment("2026-03-03T10:00"),
            recorded=moment("2026-03-03T10:00"),
        )  # fmt: skip
    with Register.open(db) as reg:
        first = reg.audit_entries()[0]
        assert first.action == "events_sealed"
        assert first.detail.startswith(
            "1 events, up to number 1, were written before events were sealed; "
            "rows before their seal: 0 records up to number 0 #"
        )
    tamper(
        db,
        "INSERT INTO events (seq, case_id, kind, at, actor, payload) VALUES "
        "(-1, 'ESC-AAAA-BBBB', 'resumed', '2026-03-02T10:00:00+01:00', 'old', '{}')",
    )
    with Register.open(db) as reg:
        assert "events before the seal: audit entry 1 counted 1, there are 2" in reg.verify()


def test_a_trigger_replaced_by_one_that_does_nothing_is_named(
    run: Run, logged: str, db: Path
) -> None:
    tamper(
        db,
        "DROP TRIGGER events_no_delete",
        "CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT 1; END",
    )
    result = verify(run)
    assert result.exit_code == 1 and "trigger events_no_delete: changed" in result.stderr


def test_another_register_id_breaks_every_seal(run: Run, logged: str, db: Path) -> None:
    tamper(
        db,
        "DROP TRIGGER audit_chain_no_update",
        "UPDATE audit_chain SET register_id = '" + "ab" * 16 + "'",
    )
    with Register.open(db) as reg:
        assert reg.verify()[0].startswith("audit entry 1: its seal does not match")
    # No head for that id, and neither end of the log seals: refused before writing, as a
    # machine with another key is (nothing it sealed would verify).
    result = verify(run)
    assert result.exit_code == 1 and "sealed with another key" in result.stderr
    assert entries(db) == 5


def test_another_key_is_told_apart(
    run: Run, logged: str, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(KEY_ENV, "ab" * 32)
    with Register.open(db) as reg:
        (problem,) = reg.verify()
    assert problem.startswith("audit chain head: written with another key")


@pytest.mark.parametrize("head", ["kept", "not copied along"])
def test_a_machine_with_another_key_is_refused_and_writes_nothing(
    run: Run, logged: str, db: Path, tmp_path: Path, head: str
) -> None:
    """As on a server (docs/register.md, 'The audit chain on a shared server'): a command with
    another key than the log's is refused before it writes, instead of sealing entries that
    break the chain. The head names the key; without it, the log's first and last entries."""
    other: dict[str, str | None] = {KEY_ENV: "ab" * 32}
    if head == "not copied along":
        other["XDG_CONFIG_HOME"] = str(tmp_path / "other-machine")
    for args in (("case", "list"), ("audit", "--verify"),
                 ("consent", "add", logged, "--giver", "parents", "--with", "GGD", "--what",
                  "plan")):  # fmt: skip
        result = run(*args, *AT, env=other)
        assert result.exit_code == 1
        assert result.stderr.count("\n") == 1, result.stderr
        assert "the audit log is sealed with another key than this machine's" in result.stderr
    assert entries(db) == 5
    assert verify(run).exit_code == 0


def test_a_head_rewritten_to_an_earlier_entry_is_caught(run: Run, logged: str, db: Path) -> None:
    """Someone who can write the head but not read the key cannot hide a deletion at the end."""
    tamper(db, "DROP TRIGGER audit_no_delete", "DELETE FROM audit WHERE seq = 5")
    with Register.open(db) as reg:
        path = chain.head_path(reg.register_id())
        mac4 = reg.db.execute("SELECT mac FROM audit WHERE seq = 4").fetchone()[0]
    data = json.loads(path.read_text())
    path.write_text(json.dumps({**data, "seq": 4, "mac": mac4}))
    result = verify(run)
    assert result.exit_code == 1 and "audit chain head: its seal does not match" in result.stderr


def test_a_head_left_behind_by_a_crash_is_harmless_and_catches_up(
    run: Run, logged: str, db: Path
) -> None:
    """The head is written after the commit: a crash in between leaves it one entry behind."""
    with Register.open(db) as reg:
        register_id, key = reg.register_id(), reg.chain_key()
        mac3 = reg.db.execute("SELECT mac FROM audit WHERE seq = 3").fetchone()[0]
    path = chain.head_path(register_id)
    path.unlink()
    chain.write_head(path, chain.Head.make(key, register_id, 3, mac3))
    assert verify(run).exit_code == 0
    assert chain.read_head(path).seq == 6  # type: ignore[union-attr]  # 4, 5 and the audit's own


def test_a_damaged_head_stops_no_work_but_fails_verify(run: Run, logged: str, db: Path) -> None:
    with Register.open(db) as reg:
        path = chain.head_path(reg.register_id())
    path.write_text("not a head")
    listed = run("case", "list", *AT)
    assert listed.exit_code == 0
    assert "the audit chain head is damaged; it is left as it is" in listed.stderr
    assert path.read_text() == "not a head"
    result = verify(run)
    assert result.exit_code == 1 and "the audit chain head is damaged" in result.stderr


def test_a_transaction_reads_the_head_once_before_its_commit(
    run: Run, logged: str, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Maintainer finding: the head was read twice per transaction (the key check, then whether
    it may move); now once, and once more by ``write_head`` after the commit (only forward)."""
    reads: list[str] = []
    read_head = chain.read_head

    def counted(path: Path) -> chain.Head | None:
        reads.append("before" if reg.store.in_transaction else "after")
        return read_head(path)

    monkeypatch.setattr(chain, "read_head", counted)
    with Register.open(db) as reg, reg.transaction():
        s = Session(reg, "tester", moment("2026-03-03T10:00"), moment("2026-03-03T10:00"))
        for _ in range(3):  # three entries, one transaction
            s.log("list", None)
    assert reads == ["before", "after"]
    with Register.open(db) as reg:
        assert reg.verify() == []
        assert chain.read_head(chain.head_path(reg.register_id())).seq == 8  # type: ignore[union-attr]


def test_a_version_3_register_is_sealed_when_migrated(db: Path) -> None:
    raw = sqlite3.connect(db, isolation_level=None)
    migrate(raw, db, target=3)
    for n in range(3):
        raw.execute(
            "INSERT INTO audit (at, recorded, actor, action, case_id, detail, reason) "
            "VALUES (?, ?, 'old', 'show', 'ESC-AAAA-BBBB', ?, '')",
            ("2026-03-02T10:00:00+01:00", "2026-03-02T10:00:00+01:00", f"look {n}"),
        )
    raw.close()
    with Register.open(db) as reg:
        assert version(reg.db) >= 4
        assert reg.verify() == []
        head = chain.read_head(chain.head_path(reg.register_id()))
        assert head is not None and head.seq == 3
        assert [e.os_user for e in reg.audit_entries()] == ["", "", ""]  # not known then
        assert "recorded" in {r[1] for r in reg.db.execute("PRAGMA table_info(events)")}
    tamper(db, "DROP TRIGGER audit_no_update", "UPDATE audit SET detail = 'x' WHERE seq = 1")
    with Register.open(db) as reg:
        assert reg.verify()[0].startswith("audit entry 1: its seal does not match")


def test_the_os_user_is_recorded_beside_the_actor(run: Run, logged: str) -> None:
    log = json.loads(run("audit", "--json", *AT).stdout)["entries"]
    assert {e["os_user"] for e in log} == {pwd.getpwuid(os.getuid()).pw_name}
    assert {e["actor"] for e in log} == {"tester"}
    line = run("audit", *AT).stdout.splitlines()[1]  # after the events_sealed marker
    assert f"tester [os: {pwd.getpwuid(os.getuid()).pw_name}] submitted" in line


def test_a_failed_export_is_not_an_export(run: Run, logged: str, db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    failed = run("case", "export", logged, "--format", "json", "-o", str(folder), *AT)
    assert failed.exit_code == 1 and "is a folder; expected a file name" in failed.stderr
    actions = [e["action"] for e in json.loads(run("audit", "--json", *AT).stdout)["entries"]]
    assert "export" not in actions and "export_failed" in actions
    done = run("case", "export", logged, "--format", "json", "-o", str(folder / "c.json"), *AT)
    assert done.exit_code == 0
    actions = [e["action"] for e in json.loads(run("audit", "--json", *AT).stdout)["entries"]]
    assert actions.count("export") == 1


def test_a_failed_share_or_report_is_not_a_share_or_report(
    run: Run, logged: str, tmp_path: Path
) -> None:
    run("consent", "add", logged, "--giver", "young_person", "--with", "JGZ", "--what", "plan", *AT)
    shared = run(
        "case", "share", logged, "--with", "JGZ", "--what", "plan", "-o", str(tmp_path), *AT
    )
    assert shared.exit_code == 1
    report = run("learn", "report", "-o", str(tmp_path), *AT)
    assert report.exit_code == 1
    actions = [e["action"] for e in json.loads(run("audit", "--json", *AT).stdout)["entries"]]
    assert "share" not in actions and "learn_report" not in actions
    assert "share_failed" in actions and "learn_report_failed" in actions


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=AMSTERDAM)


def test_far_means_a_day_before_or_a_quarter_of_an_hour_after() -> None:
    recorded = moment("2026-03-10T12:00")
    assert timing_flag(recorded - BACKDATED, recorded) == ""
    assert (
        timing_flag(moment("2026-03-09T11:59"), recorded) == "--at 24 hours before it was recorded"
    )
    assert timing_flag(moment("2026-03-01T12:00"), recorded) == "--at 9 days before it was recorded"
    assert timing_flag(recorded + AHEAD, recorded) == ""
    assert (
        timing_flag(moment("2026-03-10T12:20"), recorded) == "--at 20 minutes after it was recorded"
    )


def test_the_audit_shows_both_moments_and_flags_a_far_at(run: Run, case_file: Path) -> None:
    run("case", "new", str(case_file))  # now: near its recording moment
    run("case", "list", "--at", "2026-03-02T10:00")  # long ago
    log = json.loads(run("audit", "--json").stdout)["entries"]
    assert [e["action"] for e in log] == ["events_sealed", "submitted", "list"]
    assert log[1]["flag"] is None
    assert log[2]["at"].startswith("2026-03-02T10:00")
    assert log[2]["recorded"][:10] != "2026-03-02"
    assert log[2]["flag"].endswith("days before it was recorded")
    lines = run("audit").stdout.splitlines()
    assert "! --at" not in lines[1]
    assert (
        "2026-03-02 10:00 CET (recorded " in lines[2] and "days before it was recorded" in lines[2]
    )
    # Both moments carry the zone, as triage's does (new-user review): CET or CEST by the date.
    recorded = datetime.fromisoformat(log[2]["recorded"]).astimezone(AMSTERDAM)
    assert f"(recorded {recorded:%Y-%m-%d %H:%M %Z}) " in lines[2]
    assert recorded.strftime("%Z") in {"CET", "CEST"}
    run("case", "list", "--at", "2026-07-01T10:00")  # summer time
    assert " 2026-07-01 10:00 CEST (recorded " in run("audit").stdout


def test_events_keep_both_moments(reg: Register, case: Case) -> None:

    at, recorded = moment("2026-03-02T10:00"), moment("2026-03-04T09:00")
    with reg.transaction():
        commands.submit(Session(reg, "tester", at, recorded, "os-user"), case)
    (event,) = reg.events()
    assert (event.at, event.recorded) == (at, recorded)
    _marker, entry = reg.audit_entries()
    assert (entry.at, entry.recorded, entry.os_user) == (at, recorded, "os-user")
    assert entry.flag == "--at 47 hours before it was recorded"


@pytest.mark.parametrize(
    "register_id", ["../../../../t/outside/planted", "ABCDEF", "0123456789abcdef0123456789abcde/"]
)
def test_a_crafted_register_id_never_leads_the_head_out_of_its_folder(
    register_id: str, tmp_path: Path
) -> None:
    """The id is read from the register file, which an attacker may have edited."""
    from escalatie.register.chain import head_path
    from escalatie.register.store import RegisterError

    with pytest.raises(RegisterError, match="register is damaged: its audit chain id"):
        head_path(register_id, tmp_path)
    assert head_path("0123456789abcdef0123456789abcdef", tmp_path).parent == (
        tmp_path / "audit-heads"
    )


def test_an_entry_names_its_event_as_docs_register_md_says(logged: str, db: Path) -> None:
    """docs/register.md gives the form of the event an audit entry names; the entry of a
    consent has it: ``event <seq> #<16 hex digits of its digest>: <what>``."""
    with sqlite3.connect(db) as raw:
        (detail,) = raw.execute(
            "SELECT detail FROM audit WHERE action = 'consent_recorded'"
        ).fetchone()
        (seq,) = raw.execute("SELECT seq FROM events WHERE kind = 'consent_recorded'").fetchone()
    assert chain.named_event(detail) == (seq, detail.split("#")[1][:16])
    assert detail.startswith(f"event {seq} #") and detail[len(f"event {seq} #") + 16 :][:2] == ": "
    doc = (Path(__file__).resolve().parents[2] / "docs" / "register.md").read_text("utf-8")
    assert "`event 12 #0123456789abcdef: …`" in doc
    assert chain.event_reference(12, "0123456789abcdef") == "event 12 #0123456789abcdef"


# --- the identity is covered by the seal (attacker review, finding 1) ------------------------

OLDER = "UPDATE identities SET payload = replace(payload, '2011-05-04', '2005-05-04')"
CHECK = ("consent", "check", "--with", "JGZ", "--what", "plan", *AT)


def test_an_older_date_of_birth_written_with_sqlite_opens_no_share(
    run: Run, case_file: Path, db: Path, tmp_path: Path
) -> None:
    """The repro: a 14-year-old's consent alone does not count; making them 21 in the identity
    table must not change that, and verify names the identity."""
    case_id = run("case", "new", str(case_file), "--at", "2026-03-02T10:00").stdout.strip()
    run(
        "consent", "add", case_id, "--giver", "young_person", "--with", "JGZ", "--what", "plan", *AT
    )
    assert run(*CHECK[:2], case_id, *CHECK[2:]).exit_code == 1
    tamper(db, OLDER)
    checked = run(*CHECK[:2], case_id, *CHECK[2:])
    assert checked.exit_code == 1
    assert (
        f"register is damaged: the identity of case {case_id} does not match its sealed digest"
        in checked.output
    )
    assert len(checked.output.strip().splitlines()) == 1
    shared = run(
        "case", "share", case_id, "--with", "JGZ", "--what", "plan", "-o", str(tmp_path), *AT
    )
    assert shared.exit_code == 1 and "Traceback" not in shared.output
    result = verify(run)
    assert result.exit_code == 1
    assert f"identity of case {case_id}: does not match its sealed digest" in result.output


def test_a_changed_or_deleted_identity_stops_scrubbing_and_reveal(
    run: Run, logged: str, db: Path
) -> None:
    """Text typed later is scrubbed with the identity; a changed one stops the command instead
    of letting the name through. A deleted identity row is damage too, not 'no identity'."""
    tamper(db, "UPDATE identities SET payload = replace(payload, 'Sanne', 'Anna')")
    added = run(
        "insight",
        "add",
        logged,
        "--theme",
        "supply_and_purchasing",
        "--text",
        "Sanne zegt nee",
        *AT,
    )
    assert added.exit_code == 1 and "does not match its sealed digest" in added.output
    shown = run("case", "show", logged, "--reveal", "--reason", "controle", *AT)
    assert shown.exit_code == 1 and "does not match its sealed digest" in shown.output
    tamper(db, "DELETE FROM identities")
    shown = run("case", "show", logged, "--reveal", "--reason", "controle", *AT)
    assert shown.exit_code == 1 and "does not match its sealed digest" in shown.output
    assert f"identity of case {logged}: missing (deleted)" in verify(run).output


def test_the_audit_entry_of_a_new_case_names_its_identity_digest(logged: str, db: Path) -> None:
    with sqlite3.connect(db) as raw:
        (detail,) = raw.execute("SELECT detail FROM audit WHERE action = 'submitted'").fetchone()
        (payload,) = raw.execute("SELECT payload FROM identities").fetchone()
    assert chain.named_identity(detail) == chain.identity_digest(logged, payload)


def test_a_reader_cannot_confirm_a_guessed_identity(run: Run, logged: str, db: Path) -> None:
    """Attacker review of 437494c, finding 3: the audit log (which ``escalatie_read`` reads)
    named an unkeyed digest of the identity row, so a reader rebuilt the row from a guess
    (a BSN) and compared. The digest is keyed with a key only the row holds now: the right
    guess, rebuilt as the attacker did, no longer matches; the register still verifies."""
    with sqlite3.connect(db) as raw:
        (detail,) = raw.execute("SELECT detail FROM audit WHERE action = 'submitted'").fetchone()
        (payload,) = raw.execute("SELECT payload FROM identities").fetchone()
    stored = json.loads(payload)
    assert re.fullmatch(r"[0-9a-f]{32}", stored[chain.DIGEST_KEY])
    guess = json.dumps(
        {"reference": stored["reference"], "identity": stored["identity"]}, ensure_ascii=False
    )
    named = chain.named_identity(detail)
    assert named is not None and chain.identity_digest(logged, guess) != named
    assert chain.identity_digest(logged, payload) == named
    assert verify(run).exit_code == 0
    tamper(db, f"UPDATE identities SET payload = '{guess}'")  # the key taken out: damage
    assert f"identity of case {logged}: does not match its sealed digest" in verify(run).output


def test_cases_recorded_before_identities_were_sealed_are_named_by_verify(
    run: Run, logged: str, db: Path
) -> None:
    """An older register's `submitted` entry names no identity: verify says so, and the
    identity is used as before (the documented fallback)."""
    with sqlite3.connect(db) as raw:
        rows = raw.execute("SELECT seq, detail FROM audit ORDER BY seq").fetchall()
    # Re-seal the log as an older release wrote it, with the key: no identity digest.
    key = chain.chain_key()
    with sqlite3.connect(db) as raw:
        (register_id,) = raw.execute("SELECT register_id FROM audit_chain").fetchone()
    statements = ["DROP TRIGGER audit_no_update"]
    previous = ""
    columns = ", ".join(chain.SEALED_COLUMNS)
    with sqlite3.connect(db) as raw:
        full = raw.execute(f"SELECT seq, {columns} FROM audit ORDER BY seq").fetchall()
    for seq, *fields in full:
        detail = str(fields[6]).split(": identity #")[0]
        fields[6] = detail
        previous = chain.seal(key, register_id, seq, fields, previous)
        statements.append(
            f"UPDATE audit SET detail = '{detail}', mac = '{previous}' WHERE seq = {seq}"
        )
    statements.append(
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\n"
        "        BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END"
    )
    tamper(db, *statements)
    chain.head_path(register_id).unlink()  # the head only moves forward: start it afresh
    chain.write_head(
        chain.head_path(register_id), chain.Head.make(key, register_id, len(rows), previous)
    )
    result = verify(run)
    assert result.exit_code == 0, result.output
    assert "note: 1 case(s) were recorded before identities were sealed" in result.stdout


# --- triggers not created by escalatie (attacker review, finding 3) ---------------------------

SWALLOW = (
    "CREATE TRIGGER swallow BEFORE INSERT ON events WHEN NEW.kind = 'consent_withdrawn' "
    "BEGIN SELECT RAISE(IGNORE); END"
)
WITHDRAW = ("consent", "withdraw", "--giver", "parents", "--with", "JGZ", "--what", "plan", *AT)


def test_a_trigger_that_swallows_a_withdrawal_fails_the_command_and_is_named(
    run: Run, logged: str, db: Path
) -> None:
    """``RAISE(IGNORE)`` makes the insert store nothing: the command fails with one line instead
    of printing 'withdrawn', and verify names the extra trigger."""
    tamper(db, SWALLOW)
    withdrawn = run(*WITHDRAW[:2], logged, *WITHDRAW[2:])
    assert withdrawn.exit_code == 1
    assert "register is damaged: nothing was stored in events" in withdrawn.stderr
    assert len(withdrawn.output.strip().splitlines()) == 1 and "withdrawn" not in withdrawn.stdout
    result = verify(run)
    assert result.exit_code == 1
    assert "trigger swallow on events: extra, not created by escalatie" in result.stderr


def test_an_extra_trigger_on_any_table_is_named(run: Run, logged: str, db: Path) -> None:
    tamper(
        db,
        "CREATE TRIGGER quiet AFTER INSERT ON identities BEGIN SELECT 1; END",
        "CREATE TRIGGER calendar_messages_no_delete2 BEFORE DELETE ON calendar_messages "
        "BEGIN SELECT 1; END",
    )
    result = verify(run)
    assert "trigger quiet on identities: extra, not created by escalatie" in result.stderr
    assert "trigger calendar_messages_no_delete2 on calendar_messages: extra" in result.stderr


def test_the_calendar_guards_are_checked_too(run: Run, logged: str, db: Path) -> None:
    tamper(db, "DROP TRIGGER calendar_messages_no_update")
    assert "trigger calendar_messages_no_update: missing (dropped)" in verify(run).stderr


def test_both_stores_compare_triggers_by_one_rule() -> None:
    """SQLite's and PostgreSQL's ``audit --verify`` share :func:`trigger_problems` (maintainer
    review: it was written twice): missing, changed, disabled (PostgreSQL only can disable a
    trigger) and extra, in that order, each named."""
    from escalatie.register.backend import FoundTrigger, trigger_problems

    expected = {"a_no_update": "CREATE TRIGGER a", "b_no_delete": "CREATE TRIGGER b",
                "c_no_update": "CREATE TRIGGER c", "d_ok": "CREATE TRIGGER d"}  # fmt: skip
    found = {
        "b_no_delete": FoundTrigger("events", "CREATE TRIGGER b, changed"),
        "c_no_update": FoundTrigger("audit", "CREATE TRIGGER c", enabled=False),
        "d_ok": FoundTrigger("events", "CREATE TRIGGER d"),
        "swallow": FoundTrigger("events", "CREATE TRIGGER swallow"),
    }
    assert trigger_problems(found, expected) == [
        "trigger a_no_update: missing (dropped)",
        "trigger b_no_delete: changed",
        "trigger c_no_update: disabled",
        "trigger swallow on events: extra, not created by escalatie",
    ]


def test_a_payload_nested_too_deeply_is_reported_not_a_traceback(
    run: Run, logged: str, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row written with ``sqlite3`` whose payload is 100000 ``[`` then as many ``]``: the
    command meant to report tampering reports it (attacker review), and reading the cases says
    the register is damaged, one line each, never a RecursionError traceback."""
    deep = "[" * 100_000 + "]" * 100_000
    tamper(
        db,
        "INSERT INTO events (case_id, kind, at, actor, payload, recorded) VALUES "
        f"('{logged}', 'resumed', '2026-03-03T10:00:00+01:00', 'x', '{deep}', '')",
    )
    result = verify(run)
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, RecursionError)
    assert "event 3: payload is not JSON" in result.stderr
    ignored: list[str] = []  # "Exception ignored in: <generator ... rows>" after the line
    monkeypatch.setattr(sys, "unraisablehook", lambda u: ignored.append(repr(u.exc_value)))
    listed = run("case", "list", *AT)
    assert listed.exit_code == 1, listed.output
    assert not isinstance(listed.exception, RecursionError)
    assert listed.stderr.splitlines()[-1].endswith(
        "the event log cannot be replayed (a payload nested too deeply); the register is damaged"
    ), listed.stderr
    assert len(listed.stderr.splitlines()) == 1, listed.stderr
    del listed  # its exception's traceback holds the replay's frames
    gc.collect()
    assert not ignored, ignored
