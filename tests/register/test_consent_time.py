"""Consent through the command line, in time: when it was given, withdrawn, and how old the
young person is at the moment of sharing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

Run = Callable[..., Result]


def new_case(run: Run, case_file: Path, at: str = "2026-03-02T10:00") -> str:
    result = run("case", "new", str(case_file), "--at", at)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def consent(run: Run, verb: str, case_id: str, at: str, *givers: str, party: str = "JGZ") -> Result:
    args = [a for g in givers for a in ("--giver", g)]
    return run("consent", verb, case_id, *args, "--with", party, "--what", "plan", "--at", at)


def share(run: Run, case_id: str, at: str, party: str = "JGZ") -> Result:
    return run("case", "share", case_id, "--with", party, "--what", "plan", "--at", at)


def test_consent_recorded_later_and_a_withdrawal_before_a_share_both_refuse_it(
    run: Run, case_file: Path
) -> None:
    """The issue's check: consent of 20 March does not cover a share of 10 March; a share in
    time is allowed; after a withdrawal the next share is refused; the audit shows both."""
    case_id = new_case(run, case_file)  # born 4 May 2011: 14, so both must consent
    assert (
        consent(run, "add", case_id, "2026-03-20T10:00", "parents", "young_person").exit_code == 0
    )

    early = share(run, case_id, "2026-03-10T10:00")
    assert early.exit_code == 1
    assert (
        "the consent of parents and young_person holds only from 2026-03-20 10:00 CET, after this share"
        in (early.stderr)
    )
    assert (
        "[consent.beforehand; wet: AVG art. 6(1)(a), 7(1) and 9(2)(a)] [consent.age;"
        in early.stderr
    )
    assert "…" not in early.stderr  # short enough not to be cut
    assert len(early.stderr.strip().splitlines()) == 1

    in_time = share(run, case_id, "2026-03-21T10:00")
    assert in_time.exit_code == 0, in_time.output
    assert in_time.stdout.startswith("Geanonimiseerd plan")

    withdrawn = consent(run, "withdraw", case_id, "2026-03-25T10:00", "parents")
    assert withdrawn.exit_code == 0, withdrawn.output
    assert "consent of parents withdrawn from 2026-03-25 10:00 CET on (AVG art. 7(3))" in (
        withdrawn.stdout
    )
    assert withdrawn.stderr == ""  # it ended consent that was in force: no note

    between = share(run, case_id, "2026-03-24T10:00")
    assert between.exit_code == 1  # made now, after the withdrawal was recorded (below)
    assert "the consent of parents was withdrawn at 2026-03-25 10:00" in between.stderr
    late = share(run, case_id, "2026-03-26T10:00")
    assert late.exit_code == 1
    assert "the consent of parents was withdrawn at 2026-03-25 10:00" in late.stderr
    assert "[consent.withdrawn; wet: AVG art. 7(3)] [consent.age;" in late.stderr

    log = json.loads(run("audit", "--case", case_id, "--json").stdout)["entries"]
    kinds = [
        (e["action"], e["detail"].split(": ", 1)[1])  # after the event's number and digest
        for e in log
        if e["action"].startswith("consent")
    ]
    assert kinds == [
        ("consent_recorded", "parents: plan with JGZ"),
        ("consent_recorded", "young_person: plan with JGZ"),
        ("consent_withdrawn", "parents: plan with JGZ"),
    ]
    assert [e["action"] for e in log].count("share_refused") == 3
    shown = json.loads(run("case", "show", case_id, "--json", "--at", "2026-03-27T10:00").stdout)
    assert [(c["giver"], c["withdrawn"], c["at"][:16]) for c in shown["consents"]] == [
        ("parents", False, "2026-03-20T10:00"),
        ("young_person", False, "2026-03-20T10:00"),
        ("parents", True, "2026-03-25T10:00"),
    ]
    text = run("case", "show", case_id, "--at", "2026-03-27T10:00").stdout
    assert "2026-03-25 10:00 CET parents withdrew: plan with JGZ" in text


def test_a_share_dated_before_the_submission_is_refused(run: Run, case_file: Path) -> None:
    case_id = new_case(run, case_file)
    vt = share(run, case_id, "2026-03-01T10:00", party="Veilig Thuis")  # not even without consent
    assert vt.exit_code == 1
    assert "the case was submitted at 2026-03-02 10:00" in vt.stderr
    assert "[consent.after_submission; seed 000, 3." in vt.stderr
    check = run(
        "consent", "check", case_id, "--with", "JGZ", "--what", "plan", "--at", "2026-03-01"
    )
    assert check.exit_code == 1 and "consent.after_submission" in check.stderr
    actions = [e["action"] for e in json.loads(run("audit", "--json").stdout)["entries"]]
    assert actions.count("share_refused") == 1 and actions.count("consent_check") == 1


@pytest.fixture
def eleven(case_doc: dict[str, Any], tmp_path: Path) -> Path:
    """A case of a child of 11 at submission, with no date of birth recorded."""
    case_doc["age"] = 11
    del case_doc["identity"]["date_of_birth"]
    path = tmp_path / "eleven.json"
    path.write_text(json.dumps(case_doc), encoding="utf-8")
    return path


def test_a_child_of_eleven_whose_parents_consented_needs_their_own_consent_a_year_later(
    run: Run, eleven: Path
) -> None:
    # A year in the past: consent is recorded when given, never ahead (rule consent.given).
    case_id = new_case(run, eleven, "2025-03-02T10:00")
    consent(run, "add", case_id, "2025-03-02T11:00", "parents")
    assert share(run, case_id, "2025-09-01T10:00").exit_code == 0  # still 11
    older = share(run, case_id, "2026-03-02T10:00")
    assert older.exit_code == 1
    assert "no recorded consent of young_person" in older.stderr
    assert "the young person is 12 at this moment" in older.stderr
    given = consent(run, "add", case_id, "2026-03-02T10:30", "young_person")
    assert given.exit_code == 0, given.output
    assert "warning" not in given.stderr  # a year on, the child is 12 by any reading
    assert share(run, case_id, "2026-03-02T11:00").exit_code == 0
    check = run(
        "consent", "check", case_id, "--with", "JGZ", "--what", "plan", "--at", "2026-03-02T11:00"
    )
    assert check.exit_code == 0 and check.stdout.startswith("allowed")


def test_a_child_under_twelve_gives_no_consent_of_their_own(run: Run, eleven: Path) -> None:
    """New-user review: ``consent add --giver young_person`` for a child of 11 was recorded
    without comment, and would have counted once the child turned 12. Under 12 the parents
    with authority consent (BW 7:465 lid 1); a share on the child's word alone was refused
    already (consent.age), and still is."""
    case_id = new_case(run, eleven, "2025-03-02T10:00")
    refused = consent(run, "add", case_id, "2025-03-02T11:00", "young_person")
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"error: --giver young_person: the young person of case {case_id} is 11 at "
        "2025-03-02T11:00; under 12 the parents with authority (or the voogd) consent for "
        "the child: --giver parents [consent.young_person_from_12; wet: BW 7:465 lid 1; "
        "Jeugdwet 7.3.11 (a lawyer should confirm)]\n"
    )
    assert share(run, case_id, "2025-03-02T12:00").exit_code == 1
    # Without a date of birth the birthday is unknown: once a day has passed since the
    # submission, the child may be 12, so the consent is recorded (the share decides by age),
    # with one warning that the child may still be 11 (new-user review 8, finding 4).
    maybe = consent(run, "add", case_id, "2025-09-01T10:00", "young_person")
    assert maybe.exit_code == 0
    assert maybe.stderr == (
        f"warning: --giver young_person: the young person of case {case_id} was 11 at "
        "submission and may still be 11 at 2025-09-01T10:00 (no date of birth: a birthday may "
        "have passed); recorded, but under 12 the parents with authority consent for the child "
        "(--giver parents) [consent.young_person_from_12; wet: BW 7:465 lid 1; Jeugdwet 7.3.11 "
        "(a lawyer should confirm)]\n"
    )


def test_a_withdrawal_is_kept_on_a_closed_case_and_a_mistyped_party_gets_a_note(
    run: Run, case_file: Path
) -> None:
    case_id = new_case(run, case_file)
    consent(run, "add", case_id, "2026-03-03T10:00", "parents", "young_person")
    run(
        "agreement", "add", case_id, "--action", "Hulp", "--owner", "Lokalis", "--due",
        "2026-03-30", "--lead", "Lokalis", "--at", "2026-03-03T10:00",
    )  # fmt: skip
    # the agreement is still open: partly resolved (seed 000 stap 5; policy review 9, 4a)
    closed = run(
        "case", "close", case_id, "--outcome", "partly_resolved", "--at", "2026-03-04T10:00"
    )
    assert closed.exit_code == 0, closed.output
    refused = consent(run, "add", case_id, "2026-03-05T10:00", "parents")
    assert refused.exit_code == 1 and len(refused.stderr.splitlines()) == 1
    assert f"case {case_id} is closed, so no new consent is recorded on it" in refused.stderr
    assert "seed 000" in refused.stderr and "Withdrawing consent stays possible" in refused.stderr
    assert share(run, case_id, "2026-03-04T11:00").exit_code == 0  # consent in force still counts
    typo = consent(run, "withdraw", case_id, "2026-03-05T10:00", "parents", party="JZG")
    assert typo.exit_code == 0
    assert "note: parents had no consent in force to share the plan with JZG" in typo.stderr
    real = consent(run, "withdraw", case_id, "2026-03-05T10:00", "parents")
    assert real.exit_code == 0 and real.stderr == ""
    assert share(run, case_id, "2026-03-06T10:00").exit_code == 1


def test_withdraw_takes_the_options_of_add(run: Run, case_file: Path) -> None:
    case_id = new_case(run, case_file)
    missing = run("consent", "withdraw", case_id, "--giver", "parents", "--with", "JGZ")
    assert missing.exit_code == 2 and "--what" in missing.stderr
    bad = run(
        "consent", "withdraw", case_id, "--giver", "grandma", "--with", "JGZ", "--what", "plan"
    )
    assert bad.exit_code == 1 and "--giver: expected one of young_person" in bad.stderr
    before = consent(run, "withdraw", case_id, "2026-03-01T10:00", "parents")
    assert before.exit_code == 1 and "--at 2026-03-01T10:00: expected a moment on or after" in (
        before.stderr
    )


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)  # tampering with sqlite3
def test_consent_slipped_in_with_sqlite3_opens_no_share(
    run: Run, case_doc: dict[str, Any], tmp_path: Path, db: Path
) -> None:
    """Inserting a consent event needs no trigger dropped; the share still checks that the
    sealed audit log accounts for the case's history, and refuses."""
    import json
    import sqlite3

    case_doc["safety"] = {"level": "concern", "description": "Zorgen om de veiligheid"}
    case_file = tmp_path / "veiligheid.json"
    case_file.write_text(json.dumps(case_doc), encoding="utf-8")
    case_id = new_case(run, case_file)
    consent(run, "add", case_id, "2026-03-03T10:00", "parents")
    raw = sqlite3.connect(db, isolation_level=None)
    raw.execute(
        "INSERT INTO events (case_id, kind, at, actor, payload, recorded) SELECT case_id, kind, "
        "at, actor, replace(payload, 'parents', 'young_person'), recorded FROM events "
        "WHERE kind = 'consent_recorded'"
    )
    raw.close()
    refused = share(run, case_id, "2026-03-04T10:00")
    assert refused.exit_code == 1
    assert "its history was changed outside escalatie (event 3 (consent_recorded)" in (
        refused.stderr
    )
    assert "[consent.sealed_history; wet: AVG art. 5(1)(f) and 7(1)]" in refused.stderr
    check = run(
        "consent", "check", case_id, "--with", "JGZ", "--what", "plan", "--at", "2026-03-04"
    )
    assert check.exit_code == 1 and "consent.sealed_history" in check.stderr
    # Safety first: a report to Veilig Thuis where safety is at stake is never held up by it.
    report = run(
        "case", "share", case_id, "--with", "Veilig Thuis", "--what", "plan",
        "--reason", "melding na de stappen van de meldcode", "--at", "2026-03-04T10:00",
    )  # fmt: skip
    assert report.exit_code == 0, report.output


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)  # tampering with sqlite3
def test_a_withdrawal_taken_out_with_sqlite3_opens_no_share(
    run: Run, case_file: Path, db: Path
) -> None:
    import sqlite3

    case_id = new_case(run, case_file)
    consent(run, "add", case_id, "2026-03-03T10:00", "parents", "young_person")
    consent(run, "withdraw", case_id, "2026-03-04T10:00", "parents")
    raw = sqlite3.connect(db, isolation_level=None)
    raw.execute("DROP TRIGGER events_no_delete")
    raw.execute("DELETE FROM events WHERE kind = 'consent_withdrawn'")
    raw.close()
    refused = share(run, case_id, "2026-03-05T10:00")
    assert refused.exit_code == 1
    assert "(event 4: missing (deleted))" in refused.stderr


def test_a_share_dated_before_a_recorded_withdrawal_is_refused_all_the_same(
    run: Run, case_file: Path
) -> None:
    """Attacker review: with the withdrawal recorded, ``case share --at`` an hour before it
    wrote the plan out, and the audit showed a plain share. The plan is made now, so a
    withdrawal already recorded stops it, whatever ``--at`` says (AVG art. 7(3))."""
    case_id = new_case(run, case_file)
    assert (
        consent(run, "add", case_id, "2026-03-20T10:00", "parents", "young_person").exit_code == 0
    )
    assert consent(run, "withdraw", case_id, "2026-03-25T10:00", "parents").exit_code == 0
    backdated = share(run, case_id, "2026-03-24T10:00")
    assert backdated.exit_code == 1
    assert backdated.stdout == ""
    assert "the consent of parents was withdrawn at 2026-03-25 10:00" in backdated.stderr
    assert "[consent.withdrawn; wet: AVG art. 7(3)]" in backdated.stderr
    log = json.loads(run("audit", "--case", case_id, "--json").stdout)["entries"]
    assert not [e for e in log if e["action"] == "share"]


def test_a_share_shows_the_agreements_as_they_stood_at_its_moment(
    run: Run, case_file: Path
) -> None:
    """New-user review: `case share --at T` showed agreements recorded after T, and one done
    after T as done. The share shows the case as it stood at --at; before any agreement it is
    refused with one line saying when the first was recorded."""
    case_id = new_case(run, case_file)
    assert consent(run, "add", case_id, "2026-03-03T10:00", "parents", "young_person",
                   party="JGZ").exit_code == 0  # fmt: skip
    assert run("consent", "add", case_id, "--giver", "parents", "--giver", "young_person",
               "--with", "JGZ", "--what", "agreements", "--at", "2026-03-03T10:00").exit_code == 0  # fmt: skip
    for action, at in (("Gezinsbegeleiding starten", "2026-03-10T10:00"),
                       ("School zoeken", "2026-03-20T10:00")):  # fmt: skip
        added = run("agreement", "add", case_id, "--action", action, "--owner", "Avondzorg",
                    "--due", "2026-05-01", "--lead", "Buurtteam", "--audience", "JGZ",
                    "--at", at)  # fmt: skip
        assert added.exit_code == 0, added.output
    assert run("agreement", "done", case_id, "1", "--at", "2026-03-25T10:00").exit_code == 0

    def shared(at: str) -> Result:
        return run("case", "share", case_id, "--with", "JGZ", "--what", "agreements", "--at", at)

    early = shared("2026-03-05T10:00")
    assert early.exit_code == 1 and early.stdout == ""
    assert early.stderr == (
        f"error: --at: case {case_id} had no agreement at 2026-03-05 10:00 CET (the first was "
        "recorded at 2026-03-10 10:00 CET); a share shows the case as it stood at --at\n"
    )
    first = shared("2026-03-12T10:00").stdout
    assert "1. Gezinsbegeleiding starten" in first and "School zoeken" not in first
    assert "afgerond" not in first
    both = shared("2026-03-21T10:00").stdout
    assert "2. School zoeken" in both and "afgerond" not in both
    done = shared("2026-03-26T10:00").stdout
    assert "regie: Buurtteam, afgerond op 25 maart 2026\n2. School zoeken" in done
    log = json.loads(run("audit", "--case", case_id, "--json").stdout)["entries"]
    assert [e["action"] for e in log if e["action"].startswith("share")] == [
        "share_refused",
        "share",
        "share",
        "share",
    ]


def test_a_share_dated_years_ahead_still_needs_the_consent_the_age_now_requires(
    run: Run, case_doc: dict[str, Any], tmp_path: Path
) -> None:
    """Attacker review, finding 4: a 15-year-old's own consent, and a share dated two years
    ahead (when they would be 17), printed the plan without the parents' consent. The share is
    made now, so the age now counts too (consent.age_now). The case is submitted at the real
    moment, so the age now is 15 whenever this test runs."""
    case_doc["age"] = 15
    del case_doc["identity"]["date_of_birth"]
    path = tmp_path / "fifteen.json"
    path.write_text(json.dumps(case_doc), encoding="utf-8")
    created = run("case", "new", str(path))
    assert created.exit_code == 0, created.output
    case_id = created.stdout.strip()
    given = run("consent", "add", case_id, "--giver", "young_person", "--with", "JGZ", "--what", "plan")  # fmt: skip
    assert given.exit_code == 0, given.output
    assert run("case", "share", case_id, "--with", "JGZ", "--what", "plan").exit_code == 1
    for years_ahead in ("2028-03-02T12:00", "2099-03-02T12:00"):
        ahead = share(run, case_id, years_ahead)
        assert ahead.exit_code == 1, ahead.output
        assert ahead.stdout == ""  # no plan printed
        assert "no recorded consent of parents" in ahead.stderr
        assert "[consent.age_now;" in ahead.stderr
        assert "the young person is 15 now: --at lies in the future" in ahead.stderr
        assert len(ahead.stderr.strip().splitlines()) == 1
        check = run(
            "consent", "check", case_id, "--with", "JGZ", "--what", "plan", "--at", years_ahead
        )
        assert check.exit_code == 1 and "consent.age_now" in check.output
    parents = run("consent", "add", case_id, "--giver", "parents", "--with", "JGZ", "--what", "plan")  # fmt: skip
    assert parents.exit_code == 0, parents.output
    allowed = share(run, case_id, "2099-03-02T12:00")
    assert allowed.exit_code == 0, allowed.output
    assert allowed.stdout.startswith("Geanonimiseerd plan")


def test_consent_cannot_be_recorded_ahead_of_its_giving(run: Run, case_file: Path) -> None:
    """Attacker review: ``consent add --at`` a year ahead was recorded, ready to cover shares
    nobody had agreed to yet. Consent is recorded when it has been given (rule consent.given):
    a moment more than the audit's quarter of an hour after now is refused, one line, and
    nothing is recorded. A moment in the past (written up afterwards) is recorded."""
    from datetime import timedelta

    from escalatie.clock import system_clock

    case_id = new_case(run, case_file)
    ahead = (system_clock() + timedelta(days=365)).strftime("%Y-%m-%dT%H:%M")
    refused = consent(run, "add", case_id, ahead, "parents", "young_person")
    assert refused.exit_code == 1
    (line,) = refused.stderr.splitlines()
    assert line.startswith(
        "error: --at: consent is recorded when it has been given, so expected a moment up to now ("
    )
    assert f"got {ahead}; record it once given [consent.given; seed 000, " in line
    assert "AVG art. 7(1)" in line
    assert share(run, case_id, ahead).exit_code == 1  # nothing was recorded to cover it
    actions = [e["action"] for e in json.loads(run("audit", "--json").stdout)["entries"]]
    assert "consent_recorded" not in actions
    soon = (system_clock() + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    assert consent(run, "add", case_id, soon, "parents", "young_person").exit_code == 0


def test_a_withdrawal_cannot_be_dated_ahead(run: Run, case_file: Path) -> None:
    """Attacker review of 1a5abc1: ``consent withdraw --at`` a year ahead was recorded, so the
    consent stayed in force until then and covered shares after the family withdrew it. A
    withdrawal is recorded when it is made (rule consent.withdrawn), as consent add is: one
    line, nothing recorded, the share still refused once withdrawn now."""
    from datetime import timedelta

    from escalatie.clock import system_clock

    case_id = new_case(run, case_file)
    assert (
        consent(run, "add", case_id, "2026-03-03T10:00", "parents", "young_person").exit_code == 0
    )
    ahead = (system_clock() + timedelta(days=365)).strftime("%Y-%m-%dT%H:%M")
    refused = consent(run, "withdraw", case_id, ahead, "parents")
    assert refused.exit_code == 1
    (line,) = refused.stderr.splitlines()
    assert line.startswith(
        "error: --at: a withdrawal is recorded when it is made, so expected a moment up to now ("
    )
    assert f"got {ahead}; dated ahead it would leave the consent in force until then " in line
    assert line.endswith("[consent.withdrawn; wet: AVG art. 7(3)]")
    actions = [e["action"] for e in json.loads(run("audit", "--json").stdout)["entries"]]
    assert "consent_withdrawn" not in actions
    now = system_clock().strftime("%Y-%m-%dT%H:%M")
    assert consent(run, "withdraw", case_id, now, "parents").exit_code == 0
    assert share(run, case_id, now).exit_code == 1
