"""The message log: SEQUENCE rises over every message, a CANCEL goes to who was invited.

Both RFC 5546 defects found in review are reproduced here with the register: a re-invite after
a cancel must have a higher SEQUENCE than the cancel, and a cancel without case files must go
to the invited attendees (not to a recomputed list).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from escalatie.documents import dump_json
from escalatie.plugins import Registry
from escalatie.privacy import pseudonym

from .conftest import fail, run

SLOT = "2026-03-09T09:15"
LATER = "2026-03-30T09:15"


@pytest.fixture
def register_args(tmp_path: Path) -> list[str]:
    """The options that point a calendar command at a fresh register file (the log of what was
    sent), as a user types them."""
    return ["--db", str(tmp_path / "register.sqlite3"), "--actor", "tester"]


@pytest.fixture
def case_files(tmp_path: Path, make_case: Any) -> dict[str, str]:
    """casus-a (the test case's parties) and casus-b (submitted by another organisation)."""
    out = {}
    for reference, submitter in (("casus-a", None), ("casus-b", "Wijkteam West")):
        case = make_case(reference)
        if submitter:
            import attrs

            case = attrs.evolve(
                case,
                submitter=attrs.evolve(case.submitter, organisation=submitter),
                parties=(),
            )
        path = tmp_path / f"{reference}.json"
        path.write_text(dump_json(case), encoding="utf-8")
        out[reference] = str(path)
    return out


def event(ical: Any, path: Path) -> Any:
    (found,) = ical.events(path.read_text(encoding="utf-8"))
    return found


def addresses(vevent: Any) -> set[str]:
    raw = vevent.get("ATTENDEE", [])
    return {str(a) for a in (raw if isinstance(raw, list) else [raw])}


def rows(tmp_path: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(tmp_path / "register.sqlite3") as con:
        return con.execute(
            "SELECT method, sequence, attendees, cases, channel, actor, recurrence_id "
            "FROM calendar_messages ORDER BY seq"
        ).fetchall()


def test_invite_cancel_without_cases_reinvite(
    cli_registry: Registry,
    tmp_path: Path,
    case_files: dict[str, str],
    register_args: list[str],
    ical: Any,
) -> None:
    first, cancel, again = tmp_path / "1.ics", tmp_path / "2.ics", tmp_path / "3.ics"
    casus = case_files["casus-a"]
    result = run(
        "invite",
        "--slot",
        SLOT,
        casus,
        "--at",
        "2026-03-01T10:00",
        "-o",
        str(first),
        *register_args,
    )
    assert result.exit_code == 0, result.output
    assert "created a new register" in result.stderr
    # No case files: the CANCEL must still reach exactly the invited attendees.
    result = run(
        "cancel", "--slot", SLOT, "--at", "2026-03-02T10:00", "-o", str(cancel), *register_args
    )
    assert result.exit_code == 0, result.output
    result = run(
        "invite",
        "--slot",
        SLOT,
        casus,
        "--at",
        "2026-03-03T10:00",
        "-o",
        str(again),
        *register_args,
    )
    assert result.exit_code == 0, result.output
    req, can, re_req = event(ical, first), event(ical, cancel), event(ical, again)
    assert [int(e["SEQUENCE"]) for e in (req, can, re_req)] == [0, 1, 2]
    assert addresses(can) == addresses(req) == addresses(re_req)
    assert len(addresses(req)) >= 3  # submitter, involved party, school, rotation
    assert str(can["STATUS"]) == "CANCELLED"
    # Without the log, a cancel without case files would only reach the rotation member.
    bare = run("cancel", "--slot", SLOT, "--at", "2026-03-02T10:00", "-o", str(tmp_path / "x.ics"))
    assert bare.exit_code == 0
    assert addresses(event(ical, tmp_path / "x.ics")) < addresses(req)
    logged = rows(tmp_path)
    assert [(r[0], r[1]) for r in logged] == [("REQUEST", 0), ("CANCEL", 1), ("REQUEST", 2)]
    assert {f"mailto:{a['address']}" for a in json.loads(logged[1][2])} == addresses(req)
    # The log keys on the keyed pseudonym the invitation names, never the file's reference.
    assert json.loads(logged[0][3]) == [pseudonym("casus-a")]
    assert all("casus-a" not in path.read_text() for path in (first, cancel, again))
    assert {r[4] for r in logged} == {"file"} and {r[5] for r in logged} == {"tester"}


def test_without_a_register_it_says_sequence_is_not_tracked(
    cli_registry: Registry, tmp_path: Path, case_files: dict[str, str], monkeypatch: Any
) -> None:
    monkeypatch.delenv("ESCALATIE_DB", raising=False)
    out = tmp_path / "i.ics"
    result = run(
        "invite", "--slot", SLOT, case_files["casus-a"], "--at", "2026-03-01T10:00", "-o", str(out)
    )
    assert result.exit_code == 0
    notes = [line for line in result.stderr.splitlines() if "SEQUENCE cannot be tracked" in line]
    assert len(notes) == 1 and "no register (--db or ESCALATIE_DB)" in notes[0]
    assert "SEQUENCE:0" in out.read_text()


def test_attendees_no_longer_needed_get_a_cancel(
    cli_registry: Registry,
    tmp_path: Path,
    case_files: dict[str, str],
    register_args: list[str],
    ical: Any,
) -> None:
    first, second = tmp_path / "first.ics", tmp_path / "second.ics"
    both = (case_files["casus-a"], case_files["casus-b"])
    assert (
        run(
            "invite",
            "--slot",
            SLOT,
            *both,
            "--at",
            "2026-03-01T10:00",
            "-o",
            str(first),
            *register_args,
        ).exit_code
        == 0
    )
    result = run(
        "invite",
        "--slot",
        SLOT,
        case_files["casus-b"],
        "--at",
        "2026-03-02T10:00",
        "-o",
        str(second),
        *register_args,
    )
    assert result.exit_code == 0, result.output
    side = tmp_path / "second.uninvite-20260309T0915.ics"
    assert f"wrote {side}" in result.stderr
    req, gone = event(ical, second), event(ical, side)
    assert int(req["SEQUENCE"]) == 1 and int(gone["SEQUENCE"]) == 2
    assert "STATUS" not in gone  # RFC 5546 3.2.5: an uninvitation carries no STATUS
    assert ical.parse(side.read_text())["METHOD"] == "CANCEL"
    assert addresses(gone) == addresses(event(ical, first)) - addresses(req)
    assert "mailto:wijkteam-west@organisaties.example" in addresses(req)
    assert "Basisschool De Linde" in result.stderr  # named as no longer needed


def test_a_moved_case_cancels_its_old_meeting(
    cli_registry: Registry,
    tmp_path: Path,
    case_files: dict[str, str],
    register_args: list[str],
    ical: Any,
) -> None:
    old, new = tmp_path / "old.ics", tmp_path / "new.ics"
    casus = case_files["casus-a"]
    assert (
        run(
            "invite",
            "--slot",
            SLOT,
            casus,
            "--at",
            "2026-03-01T10:00",
            "-o",
            str(old),
            *register_args,
        ).exit_code
        == 0
    )
    result = run(
        "invite",
        "--slot",
        LATER,
        casus,
        "--at",
        "2026-03-02T10:00",
        "-o",
        str(new),
        "--json",
        *register_args,
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["tracked"] is True
    (other,) = summary["other_messages"]
    assert other["method"] == "CANCEL" and other["sequence"] == 1
    assert other["recurrence_id"] == "2026-03-09T09:15:00+01:00"
    cancel = event(ical, tmp_path / "new.cancel-20260309T0915.ics")
    assert addresses(cancel) == addresses(event(ical, old))
    assert "verplaatst naar" in str(cancel["DESCRIPTION"])
    assert int(event(ical, new)["SEQUENCE"]) == 0


def test_a_message_logged_under_the_files_reference_still_moves_its_case(
    cli_registry: Registry,
    tmp_path: Path,
    case_files: dict[str, str],
    register_args: list[str],
    ical: Any,
) -> None:
    """Registers written before invitations named cases by pseudonym logged the reference: read
    as its pseudonym, the case is still found on its old meeting."""
    casus = case_files["casus-a"]
    old = tmp_path / "old.ics"
    result = run(
        "invite", "--slot", SLOT, casus, "--at", "2026-03-01T10:00", "-o", str(old), *register_args
    )
    assert result.exit_code == 0, result.output
    # As an older version logged it: under the reference. Written through the log, so its
    # audit entry seals it (a row slipped in with sqlite3 is refused: test_audit_chain.py).
    import attrs

    from escalatie.calendar import log
    from escalatie.register import Register

    with Register.open(tmp_path / "register.sqlite3") as reg, reg.transaction():
        (sent,) = log.read(reg, "test-tafel").sent
        older = attrs.evolve(sent, sequence=sent.sequence + 1, cases=("casus-a",))
        log.record(reg, older, "tester", sent.at)
    with sqlite3.connect(tmp_path / "register.sqlite3") as con:
        assert con.execute("SELECT cases FROM calendar_messages WHERE seq = 2").fetchone() == (
            '["casus-a"]',
        )
    new = tmp_path / "new.ics"
    result = run(
        "invite", "--slot", LATER, casus, "--at", "2026-03-02T10:00", "-o", str(new), *register_args
    )
    assert result.exit_code == 0, result.output
    assert "moved: the meeting of 2026-03-09T09:15 is cancelled" in result.stderr
    cancel = event(ical, tmp_path / "new.cancel-20260309T0915.ics")
    assert int(cancel["SEQUENCE"]) == 2 and addresses(cancel) == addresses(event(ical, old))


def test_moving_one_of_several_cases_is_refused_with_the_way_out(
    cli_registry: Registry,
    tmp_path: Path,
    case_files: dict[str, str],
    register_args: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    both = (case_files["casus-a"], case_files["casus-b"])
    assert (
        run(
            "invite",
            "--slot",
            SLOT,
            *both,
            "--at",
            "2026-03-01T10:00",
            "-o",
            str(tmp_path / "a.ics"),
            *register_args,
        ).exit_code
        == 0
    )
    code, err = fail(
        capsys,
        "invite",
        "--slot",
        LATER,
        case_files["casus-a"],
        "--at",
        "2026-03-02T10:00",
        "-o",
        str(tmp_path / "b.ics"),
        *register_args,
    )
    assert code == 1 and err.count("\n") == 1
    assert f"{pseudonym('casus-a')} are on the invitation" in err
    assert f"together with {pseudonym('casus-b')}; first invite 2026-03-09T09:15 again" in err
    assert not (tmp_path / "b.ics").exists()
    assert len(rows(tmp_path)) == 1


def test_bad_input(
    cli_registry: Registry,
    tmp_path: Path,
    case_files: dict[str, str],
    register_args: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    ical: Any,
) -> None:
    casus = case_files["casus-a"]
    monkeypatch.delenv("ESCALATIE_ACTOR", raising=False)
    code, err = fail(
        capsys,
        "invite",
        "--slot",
        SLOT,
        casus,
        "--at",
        "2026-03-01T10:00",
        "--db",
        str(tmp_path / "r.sqlite3"),
    )
    assert code == 1 and err.startswith("error: --actor: needed")
    assert not (tmp_path / "r.sqlite3").exists()
    # Two messages cannot share standard output: refused before anything is recorded.
    assert (
        run(
            "invite",
            "--slot",
            SLOT,
            casus,
            "--at",
            "2026-03-01T10:00",
            "-o",
            str(tmp_path / "a.ics"),
            *register_args,
        ).exit_code
        == 0
    )
    code, err = fail(
        capsys, "invite", "--slot", LATER, casus, "--at", "2026-03-02T10:00", *register_args
    )
    assert code == 1 and "write them with -o FILE or --mail DIR" in err
    assert len(rows(tmp_path)) == 1
    # Cancelled already: a second cancel goes again as it was, to the same attendees, with its
    # SEQUENCE, as an unchanged invitation does (RFC 5546 2.1.4; new-user review 8, finding 6:
    # it raised the SEQUENCE where a repeated invite kept it).
    cancel = ["cancel", "--slot", SLOT, "-o"]
    assert (
        run(*cancel, str(tmp_path / "c.ics"), "--at", "2026-03-02T10:00", *register_args).exit_code
        == 0
    )
    logged = len(rows(tmp_path))
    again = run(*cancel, str(tmp_path / "d.ics"), "--at", "2026-03-02T11:00", *register_args)
    assert again.exit_code == 0
    assert "already cancelled (SEQUENCE 1); the cancellation goes again as it was" in again.stderr
    first, second = (event(ical, tmp_path / n) for n in ("c.ics", "d.ics"))
    assert addresses(first) == addresses(second) and int(second["SEQUENCE"]) == 1
    assert len(rows(tmp_path)) == logged  # one row per SEQUENCE; the audit log keeps the re-send
    with sqlite3.connect(tmp_path / "register.sqlite3") as conn:
        resent = conn.execute("SELECT detail FROM audit WHERE action = 'calendar_resend'")
        assert [d for (d,) in resent if " CANCEL SEQUENCE 1 sent again" in d]


def test_location_and_feed_metadata(
    cli_registry: Registry,
    tmp_path: Path,
    settings_file: Path,
    case_files: dict[str, str],
    ical: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings_file.write_text(
        '[calendar.locations]\ntafel = "https://meet.teststad.example/tafel"\n', encoding="utf-8"
    )
    feed, invite = tmp_path / "feed.ics", tmp_path / "invite.ics"
    assert (
        run(
            "schedule",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--at",
            "2026-01-02T09:00",
            "-o",
            str(feed),
        ).exit_code
        == 0
    )
    text = feed.read_bytes().decode("utf-8")
    cal = ical.parse(text)
    assert str(cal["NAME"]) == "Testtafel (Teststad)"
    assert ical.prop_lines(text, "REFRESH-INTERVAL") == ["REFRESH-INTERVAL;VALUE=DURATION:P1D"]
    assert ical.prop_lines(text, "X-PUBLISHED-TTL") == ["X-PUBLISHED-TTL:P1D"]
    assert {str(e["LOCATION"]) for e in ical.events(text)} == {
        "https://meet.teststad.example/tafel"
    }
    assert (
        run(
            "invite",
            "--slot",
            SLOT,
            case_files["casus-a"],
            "--at",
            "2026-03-01T10:00",
            "-o",
            str(invite),
        ).exit_code
        == 0
    )
    vevent = event(ical, invite)
    assert str(vevent["LOCATION"]) == "https://meet.teststad.example/tafel"
    assert "Locatie: https://meet.teststad.example/tafel" in str(vevent["DESCRIPTION"])
    broken = tmp_path / "broken.toml"
    broken.write_text('[calendar.locations]\ntafel = ""\n', encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_CONFIG", str(broken))
    code, err = fail(capsys, "invite", "--slot", SLOT, "--at", "2026-03-01T10:00")
    assert code == 1
    assert err.startswith("error: settings [calendar.locations] tafel: expected an address")


def test_invite_help_stays_light() -> None:
    """Sending and publishing are imported only when a command sends or publishes."""
    import subprocess
    import sys

    code = (
        "import sys; from escalatie.cli import main\n"
        "try:\n    main(['invite', '--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('caldav', 'smtplib', 'aiosmtpd', 'icalendar', 'sqlite3',\n"
        "         'escalatie.calendar.mail', 'escalatie.calendar.publish') if m in sys.modules]\n"
        "print('HEAVY:' + ','.join(heavy), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "--mail DIR" in out.stdout and "--publish URL" in out.stdout
    assert out.stderr.strip() == "HEAVY:"


def test_an_invitation_to_a_full_output_is_not_logged(
    cli_registry: Registry,
    tmp_path: Path,
    register_args: list[str],
    case_files: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The message printed on standard output is printed inside the message log's
    transaction: when it cannot be written, the log does not say it was sent (issue 19)."""
    import errno
    import io
    import sys

    class FullOutput(io.TextIOBase):
        def writable(self) -> bool:
            return True

        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    invite = (
        "invite",
        "--slot",
        SLOT,
        case_files["casus-a"],
        "--at",
        "2026-03-01T10:00",
        *register_args,
    )
    with monkeypatch.context() as patched:
        patched.setattr(sys, "stdout", FullOutput())
        code, err = fail(capsys, *invite)
    assert code == 1
    assert err.splitlines() == ["error: standard output: cannot write (No space left on device)"]
    assert not (tmp_path / "register.sqlite3").exists()  # the register it created is gone too
    assert run(*invite).exit_code == 0
    logged = rows(tmp_path)
    assert [r[:2] for r in logged] == [("REQUEST", 0)]
    again = (
        "invite",
        "--slot",
        SLOT,
        case_files["casus-a"],
        "--at",
        "2026-03-02T10:00",
        *register_args,
    )
    with monkeypatch.context() as patched:
        patched.setattr(sys, "stdout", FullOutput())
        code, err = fail(capsys, *again)
    assert code == 1 and rows(tmp_path) == logged  # an existing register: nothing logged


def test_a_failed_invitation_leaves_no_new_register_behind(
    cli_registry: Registry,
    tmp_path: Path,
    register_args: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """New-user review: an invite that failed still left the register it had created."""
    code, err = fail(
        capsys, "invite", "--slot", "2026-03-10T09:15", "--at", "2026-03-01T10:00", *register_args
    )
    assert code == 1 and err.startswith("error: ")
    assert list(tmp_path.glob("register.sqlite3*")) == []


def test_an_unchanged_invitation_sent_again_keeps_its_sequence_and_wording(
    cli_registry: Registry,
    tmp_path: Path,
    case_files: dict[str, str],
    register_args: list[str],
) -> None:
    """New-user review: a second, identical invite went out as "Gewijzigde uitnodiging" with
    SEQUENCE 1 although nothing changed. RFC 5546 2.1.4 allows a re-send with the same
    SEQUENCE; it keeps the wording of the message it repeats, and the audit log keeps it."""
    import email
    from email.policy import default

    def sent(folder: str, *cases: str, at: str) -> list[tuple[str, str]]:
        out = tmp_path / folder
        result = run(
            "invite", "--slot", SLOT, *cases, "--at", at, "--mail", str(out), *register_args
        )
        assert result.exit_code == 0, result.output
        found = []
        for path in sorted(out.glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=default)
            ics = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
            sequence = next(
                line for line in ics.get_content().splitlines() if line.startswith("SEQUENCE:")
            )
            found.append((str(message["Subject"]).split(":")[0], sequence))
        assert found
        return found

    casus = case_files["casus-a"]
    first = sent("1", casus, at="2026-03-01T10:00")
    again = sent("2", casus, at="2026-03-02T10:00")
    assert set(first) == set(again) == {("Uitnodiging", "SEQUENCE:0")}
    # A change (another case, another submitter invited) is a new SEQUENCE, and says so.
    both = (casus, case_files["casus-b"])
    changed = sent("3", *both, at="2026-03-03T10:00")
    assert set(changed) == {("Gewijzigde uitnodiging", "SEQUENCE:1")}
    assert set(sent("4", *both, at="2026-03-04T10:00")) == set(changed)
    # The message log holds each message once; the audit log each sending of it.
    assert [(r[0], r[1]) for r in rows(tmp_path)] == [("REQUEST", 0), ("REQUEST", 1)]
    with sqlite3.connect(tmp_path / "register.sqlite3") as con:
        resent = [d for (d,) in con.execute(
            "SELECT detail FROM audit WHERE action = 'calendar_resend' ORDER BY rowid")]  # fmt: skip
    assert len(resent) == 2
    assert " REQUEST SEQUENCE 0 sent again unchanged to " in resent[0]
    assert " REQUEST SEQUENCE 1 sent again unchanged to " in resent[1]
