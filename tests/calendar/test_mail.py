"""Invitations by e-mail (iMIP): .eml files, and sending them to a real SMTP server on localhost.

The server is aiosmtpd on 127.0.0.1 (a free port per test); what arrives is parsed with the
standard library's ``email`` package, not with our code. STARTTLS uses a certificate from a
test CA made by trustme, trusted through ``[calendar.smtp] cafile``.
"""

from __future__ import annotations

import asyncio
import email
import json
import sqlite3
import ssl
from collections.abc import Iterator
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import attrs
import pytest

from escalatie.calendar.mail import compose
from escalatie.documents import dump_json
from escalatie.errors import EscalatieError
from escalatie.plugins import Registry

from .conftest import EXPECTED, fail, free_port, plans_in, run, two_cases

aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller")
trustme = pytest.importorskip("trustme")

SLOT = "2026-03-09T09:15"
AT = "2026-03-01T10:00"
REFUSED = "basisschool-de-linde@organisaties.example"


def sending(case_file: str, tmp_path: Path, *extra: str, mail: str = "mail") -> list[str]:
    """``invite`` of the test case with ``--mail`` into ``tmp_path/mail`` and ``--send``."""
    return [
        "invite", "--slot", SLOT, case_file, "--at", AT, "--mail", str(tmp_path / mail), "--send",
        *extra,
    ]  # fmt: skip


def register(tmp_path: Path) -> list[str]:
    """The options of a register in ``tmp_path`` (the message log)."""
    return ["--db", str(tmp_path / "r.sqlite3"), "--actor", "tester"]


def logged(tmp_path: Path) -> list[tuple[str, str]]:
    """The attendees and channel of every message the register logged."""
    with sqlite3.connect(tmp_path / "r.sqlite3") as con:
        return con.execute("SELECT attendees, channel FROM calendar_messages").fetchall()


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error:")]


class Inbox:
    """An aiosmtpd handler that keeps what arrives and refuses one mailbox."""

    def __init__(self, refuse: str = "") -> None:
        self.refuse = refuse
        self.received: list[tuple[str, list[str], EmailMessage]] = []

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address == self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=default)
        assert isinstance(parsed, EmailMessage)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted"


def accept_login(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    from aiosmtpd.smtp import AuthResult, LoginPassword

    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        b"tafel",
        b"geheim-wachtwoord",
    )
    return AuthResult(success=ok, handled=False)


def serving(
    controller: Any, settings_file: Path, settings: str, inbox: Inbox, port: int
) -> Iterator[tuple[Inbox, int]]:
    """Start the server, point ``[calendar.smtp]`` at it, stop it after the test."""
    controller.start()
    settings_file.write_text(settings, encoding="utf-8")
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def smtp(settings_file: Path) -> Iterator[tuple[Inbox, int]]:
    """A plain SMTP server (no TLS, no AUTH) that refuses one recipient."""
    inbox = Inbox(refuse=REFUSED)
    port = free_port()
    controller = aiosmtpd_controller.Controller(inbox, hostname="127.0.0.1", port=port)
    settings = (
        f'[calendar.smtp]\nhost = "127.0.0.1"\nport = {port}\nstarttls = false\n'
        'from = "tafel@teststad.example"\n'
    )
    yield from serving(controller, settings_file, settings, inbox, port)


@pytest.fixture
def tls_smtp(settings_file: Path, tmp_path: Path) -> Iterator[tuple[Inbox, int]]:
    """SMTP with STARTTLS (certificate from a test CA) and AUTH required."""
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    inbox = Inbox()
    port = free_port()
    controller = aiosmtpd_controller.Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        authenticator=accept_login,
        auth_required=True,
    )
    settings = (
        f'[calendar.smtp]\nhost = "127.0.0.1"\nport = {port}\nuser = "tafel"\n'
        f'cafile = "{tmp_path / "ca.pem"}"\n'
    )
    yield from serving(controller, settings_file, settings, inbox, port)


@pytest.fixture
def case_file(tmp_path: Path, make_case: Any) -> str:
    path = tmp_path / "casus.json"
    path.write_text(dump_json(make_case("casus-mail")), encoding="utf-8")
    return str(path)


def parts(message: EmailMessage) -> dict[str, Any]:
    """The content types of the parts, and the text and calendar parts themselves."""
    (alternative,) = [p for p in message.walk() if p.get_content_type() == "multipart/alternative"]
    inner = {p.get_content_type(): p for p in alternative.iter_parts()}
    return {
        "alternative": list(inner),
        "plain": inner["text/plain"],
        "calendar": inner["text/calendar"],
        "attachments": [p.get_content_type() for p in message.iter_attachments()],
    }


def test_invite_mail_writes_one_eml_per_attendee(
    cli_registry: Registry, tmp_path: Path, case_file: str, ical: Any
) -> None:
    folder = tmp_path / "uit" / "mail"  # created, parents too
    ics = tmp_path / "invite.ics"
    result = run(
        "invite", "--slot", SLOT, case_file, "--at", AT, "--mail", str(folder), "-o", str(ics)
    )
    assert result.exit_code == 0, result.output
    request = ical.events(ics.read_bytes().decode())[0]
    attendees = request["ATTENDEE"]
    files = sorted(folder.glob("*.eml"))
    assert len(files) == len(attendees)
    recipients = set()
    for path in files:
        message = email.message_from_bytes(path.read_bytes(), policy=default)
        assert isinstance(message, EmailMessage)
        assert message.get_content_type() == "multipart/mixed"
        found = parts(message)
        assert found["alternative"] == ["text/plain", "text/calendar"]
        calendar = found["calendar"]
        assert calendar.get_param("method") == "REQUEST"
        assert calendar.get_content_charset() == "utf-8"
        own = calendar.get_content().encode()
        # The attendee's own copy: the shared file's event, with the case's question and plan.
        assert own.startswith(b"BEGIN:VCALENDAR\r\n") and own != ics.read_bytes()
        assert ical.events(own.decode())[0]["UID"] == request["UID"]
        assert "Vraag aan de tafel" not in ics.read_bytes().decode()
        (attachment,) = message.iter_attachments()
        assert attachment.get_content() == own  # byte for byte, CRLF kept
        assert found["attachments"] == ["application/ics"]
        text = found["plain"].get_content()
        assert "Hierbij nodigen wij u uit" in text and "Vraag aan de tafel" in text
        assert message["Subject"] == "Uitnodiging: Testtafel, maandag 9 maart 2026 om 09.15 uur"
        assert message["From"].addresses[0].addr_spec == "tafel@teststad.example"
        recipients.add(f"mailto:{message['To'].addresses[0].addr_spec}")
    assert recipients == {str(a) for a in attendees}
    again = tmp_path / "again"
    run("invite", "--slot", SLOT, case_file, "--at", AT, "--mail", str(again))
    assert [p.read_bytes() for p in sorted(again.glob("*.eml"))] == [
        p.read_bytes() for p in files
    ]  # same --at, same bytes


def test_the_text_says_whether_the_reader_is_expected(
    cli_registry: Registry, tmp_path: Path, case_file: str, ical: Any
) -> None:
    # Seed 000 stap 3: parties involved or that thought along are expected "om ook eventuele
    # aanvullende vragen te kunnen ondervangen"; the mail says so, not only the calendar role.
    folder = tmp_path / "mail"
    ics = tmp_path / "invite.ics"
    result = run("invite", "--slot", SLOT, case_file, "--at", AT, "--mail", str(folder),
                 "-o", str(ics))  # fmt: skip
    assert result.exit_code == 0, result.output
    roles = {
        str(a).removeprefix("mailto:").casefold(): a.params["ROLE"]
        for a in ical.events(ics.read_bytes().decode())[0]["ATTENDEE"]
    }
    assert set(roles.values()) == {"REQ-PARTICIPANT", "OPT-PARTICIPANT"}
    for path in folder.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=default)
        assert isinstance(message, EmailMessage)
        text = parts(message)["plain"].get_content()
        expected = roles[message["To"].addresses[0].addr_spec.casefold()] == "REQ-PARTICIPANT"
        said = "Wij verwachten u bij deze bijeenkomst, ook om eventuele aanvullende vragen te "
        assert (said + "beantwoorden.") in text if expected else said not in text
        assert ("Uw aanwezigheid is welkom, maar niet verplicht." in text) is not expected


def test_send_delivers_and_records_only_what_was_accepted(
    cli_registry: Registry,
    tmp_path: Path,
    case_file: str,
    smtp: tuple[Inbox, int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    inbox, _ = smtp
    db = register(tmp_path)
    code, err = fail(capsys, *sending(case_file, tmp_path, *db))
    assert code == 1
    assert error_lines(err) == [
        f"error: --send: Basisschool De Linde <{REFUSED}>: recipient refused "
        "(550 5.1.1 mailbox unavailable)"
    ]
    delivered = {to for _, tos, _ in inbox.received for to in tos}
    assert REFUSED not in delivered and len(delivered) == len(inbox.received) >= 3
    for sender, _, message in inbox.received:
        assert sender == "tafel@teststad.example"
        assert parts(message)["calendar"].get_param("method") == "REQUEST"
    ((attendees, channel),) = logged(tmp_path)
    assert REFUSED not in attendees and channel == "smtp"
    # The CANCEL goes to those the invitation reached, not to the refused one.
    inbox.received.clear()
    result = run(
        "cancel",
        "--slot",
        SLOT,
        "--at",
        "2026-03-02T10:00",
        "--mail",
        str(tmp_path / "mail"),
        "--send",
        *db,
    )
    assert result.exit_code == 0, result.output
    assert {to for _, tos, _ in inbox.received for to in tos} == delivered
    for _, _, message in inbox.received:
        found = parts(message)
        assert found["calendar"].get_param("method") == "CANCEL"
        assert "SEQUENCE:1" in found["calendar"].get_content()
        assert message["Subject"].startswith("Geannuleerd: Testtafel")


class ClosingInbox(Inbox):
    """Takes every e-mail, then answers QUIT with 421 (a server shutting down): smtplib's
    ``with`` block raises on that reply, after the e-mails went out, which are then sent and
    recorded all the same."""

    async def handle_QUIT(self, server: Any, session: Any, envelope: Any) -> str:
        return "421 4.3.2 shutting down"


class StallingInbox(Inbox):
    """Takes the first e-mail, then answers the second's data only after the client gave up."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.received:
            await asyncio.sleep(3)
        return await super().handle_DATA(server, session, envelope)


def audit_actions(tmp_path: Path) -> list[str]:
    with sqlite3.connect(tmp_path / "r.sqlite3") as con:
        return [a for (a,) in con.execute("SELECT action FROM audit ORDER BY rowid")]


def test_a_refused_quit_does_not_undo_what_the_server_accepted(
    cli_registry: Registry,
    tmp_path: Path,
    case_file: str,
    settings_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    inbox = ClosingInbox()
    port = free_port()
    controller = aiosmtpd_controller.Controller(inbox, hostname="127.0.0.1", port=port)
    settings = f'[calendar.smtp]\nhost = "127.0.0.1"\nport = {port}\nstarttls = false\n'
    for _ in serving(controller, settings_file, settings, inbox, port):
        db = register(tmp_path)
        result = run(*sending(case_file, tmp_path, *db))
        # Every e-mail was accepted (250 after its data, RFC 5321 4.1.1.4): sent and recorded,
        # whatever the server answers to QUIT.
        err = result.stderr
        assert result.exit_code == 0 and error_lines(err) == [], result.output
        delivered = {to for _, tos, _ in inbox.received for to in tos}
        assert len(delivered) == len(inbox.received) >= 3
        assert f"sent to {len(delivered)} addresses via 127.0.0.1:{port}" in err
        ((attendees, channel),) = logged(tmp_path)
        assert {a["address"] for a in json.loads(attendees)} == delivered and channel == "smtp"
        assert audit_actions(tmp_path).count("calendar_request") == 1
        # Run again: the register knows the first delivery, so this is the re-send of the
        # same message (same SEQUENCE, kept in the audit log), not a new invitation.
        inbox.received.clear()
        again = run(*sending(case_file, tmp_path, *db, mail="mail2"))
        assert again.exit_code == 0, again.output
        assert len(inbox.received) == len(delivered)
        assert len(logged(tmp_path)) == 1
        assert audit_actions(tmp_path).count("calendar_resend") == 1
        for _, _, message in inbox.received:
            assert "SEQUENCE:0" in parts(message)["calendar"].get_content()


def test_a_connection_lost_mid_way_keeps_what_was_accepted(
    cli_registry: Registry,
    tmp_path: Path,
    case_file: str,
    settings_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("escalatie.calendar.mail.TIMEOUT", 1.0)
    inbox = StallingInbox()
    port = free_port()
    controller = aiosmtpd_controller.Controller(inbox, hostname="127.0.0.1", port=port)
    settings = f'[calendar.smtp]\nhost = "127.0.0.1"\nport = {port}\nstarttls = false\n'
    for _ in serving(controller, settings_file, settings, inbox, port):
        code, err = fail(capsys, *sending(case_file, tmp_path, *register(tmp_path)))
        first = inbox.received[0][1][0]
        assert code == 1
        errors = error_lines(err)
        # The e-mail in flight may have arrived (the server took it after the client gave up):
        # said so, and not recorded; the others were not sent.
        stalled, *rest = errors
        assert stalled.endswith(
            f": not confirmed, it may have arrived; 127.0.0.1:{port} closed the connection "
            "(Connection unexpectedly closed: timed out)"
        ), err
        assert rest and all(
            f": not sent, 127.0.0.1:{port} closed the connection (" in line for line in rest
        ), err
        assert not any(first in line for line in errors)
        ((attendees, _),) = logged(tmp_path)
        assert [a["address"] for a in json.loads(attendees)] == [first]


class RefusingThenStallingInbox(Inbox):
    """Refuses ``jana@x.nl``, then holds the next e-mail's data until the client gave up."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(3)
        return await super().handle_DATA(server, session, envelope)


def test_an_unsent_e_mail_is_named_even_when_its_address_is_part_of_a_failed_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """E-mails are told apart by identity: ``ana@x.nl``, in flight when the session broke off,
    gets its line although ``jana@x.nl`` (which holds its address) failed before it."""
    from escalatie.calendar.attendees import Attendee
    from escalatie.calendar.mail import Email, SmtpSettings, send_all

    monkeypatch.setattr("escalatie.calendar.mail.TIMEOUT", 1.0)
    inbox = RefusingThenStallingInbox(refuse="jana@x.nl")
    port = free_port()
    controller = aiosmtpd_controller.Controller(inbox, hostname="127.0.0.1", port=port)

    def to(address: str) -> Email:
        who = Attendee(organisation=address.split("@")[0].title(), address=address,
                       role="REQ-PARTICIPANT", derived=False)  # fmt: skip
        data = b"Subject: uitnodiging\r\n\r\nTekst\r\n"
        # No message: with a sender in the settings, sending reads only the attendee and data.
        message: Any = None
        return Email(
            message=message, attendee=who, mime=EmailMessage(), filename="x.eml", data=data
        )

    controller.start()
    try:
        settings = SmtpSettings(host="127.0.0.1", port=port, starttls=False,
                                sender="tafel@x.nl")  # fmt: skip
        accepted, failures = send_all([to("jana@x.nl"), to("ana@x.nl")], settings, {})
    finally:
        controller.stop()
    assert accepted == []
    refused, in_flight = failures
    assert refused.startswith("--send: Jana <jana@x.nl>: recipient refused (550"), failures
    assert in_flight.startswith("--send: Ana <ana@x.nl>: not confirmed, it may have arrived; ")


def test_e_mails_sent_but_not_recorded_are_named(
    cli_registry: Registry,
    tmp_path: Path,
    case_file: str,
    settings_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The register fails after the server took the e-mails (a full disk at the commit): it
    rolls back, and the command says what went out that it does not hold."""

    def full_disk(*args: Any) -> None:
        raise EscalatieError("r.sqlite3: database or disk is full")

    monkeypatch.setattr("escalatie.calendar.log.record_delivered", full_disk)
    inbox = Inbox()
    port = free_port()
    controller = aiosmtpd_controller.Controller(inbox, hostname="127.0.0.1", port=port)
    settings = f'[calendar.smtp]\nhost = "127.0.0.1"\nport = {port}\nstarttls = false\n'
    for _ in serving(controller, settings_file, settings, inbox, port):
        code, err = fail(capsys, *sending(case_file, tmp_path, *register(tmp_path)))
        delivered = sorted(to for _, tos, _ in inbox.received for to in tos)
        assert code == 1 and len(delivered) >= 3
        unrecorded, last = error_lines(err)
        assert unrecorded.startswith(
            f"error: REQUEST SEQUENCE 0 of {SLOT} went to {len(delivered)} attendee(s) via smtp ("
        )
        assert sorted(unrecorded.split(" (", 1)[1].split(")", 1)[0].split(", ")) == delivered
        assert unrecorded.endswith(
            "but the register does not record it: running the command again sends it as a "
            "new message"
        )
        assert last == "error: r.sqlite3: database or disk is full"


def test_starttls_and_login(
    cli_registry: Registry,
    tmp_path: Path,
    case_file: str,
    tls_smtp: tuple[Inbox, int],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inbox, port = tls_smtp
    db = register(tmp_path)
    monkeypatch.setenv("ESCALATIE_SMTP_PASSWORD", "fout")
    code, err = fail(capsys, *sending(case_file, tmp_path, *db))
    assert code == 1
    assert error_lines(err) == [
        f"error: --send: 127.0.0.1:{port} refused the credentials of user 'tafel' "
        "(535 5.7.8 Authentication credentials invalid)"
    ]
    assert inbox.received == [] and logged(tmp_path) == []
    monkeypatch.setenv("ESCALATIE_SMTP_PASSWORD", "geheim-wachtwoord")
    result = run(*sending(case_file, tmp_path, *db))
    assert result.exit_code == 0, result.output
    assert len(inbox.received) >= 3
    # New-user review 8, finding 5: --send says that it sent, to how many, and via which server.
    addresses = {to for _, tos, _ in inbox.received for to in tos}
    sent = [line for line in result.stderr.splitlines() if line.startswith("sent to ")]
    assert sent == [
        f"sent to {len(addresses)} addresses via 127.0.0.1:{port} ({len(inbox.received)} e-mails)"
    ]


def test_unreachable_server_and_bad_settings(
    cli_registry: Registry,
    tmp_path: Path,
    case_file: str,
    settings_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    port = free_port()  # nothing listens there
    settings_file.write_text(
        f'[calendar.smtp]\nhost = "127.0.0.1"\nport = {port}\nstarttls = false\n',
        encoding="utf-8",
    )
    code, err = fail(capsys, *sending(case_file, tmp_path, *register(tmp_path)))
    errors = error_lines(err)
    assert code == 1 and len(errors) == 1
    assert errors[0].startswith(f"error: --send: cannot reach the SMTP server 127.0.0.1:{port} (")
    assert logged(tmp_path) == []

    code, err = fail(capsys, "invite", "--slot", SLOT, case_file, "--send")
    assert code == 2 and "--send sends the e-mails of --mail DIR" in err

    for text, expected in (
        (
            '[calendar.smtp]\nhost = "h.example"\npassword = "x"\n',
            "error: settings [calendar.smtp] password: a password is never read from the settings file",
        ),
        (
            '[calendar.smtp]\nhost = "h.example"\nuser = "u"\n',
            "error: --send: settings [calendar.smtp] user is 'u' but ESCALATIE_SMTP_PASSWORD is not set",
        ),
        (
            '[calendar.smtp]\nhost = "h.example"\nuser = "u"\nstarttls = false\n',
            "error: --send: settings [calendar.smtp] starttls is false, and a password is only sent",
        ),
        ("[calendar.smtp]\nport = 25\n", "error: --send: no SMTP server; set it in the settings"),
    ):
        path = tmp_path / f"s{abs(hash(text))}.toml"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setenv("ESCALATIE_CONFIG", str(path))
        monkeypatch.setenv("ESCALATIE_SMTP_PASSWORD", "" if "starttls = false" not in text else "p")
        code, err = fail(capsys, *sending(case_file, tmp_path, mail="m2"))
        assert code == 1 and err.startswith(expected), err


def test_the_e_mail_text_is_checked_for_identifiers(
    cli_registry: Registry, planted_case: Any, model: Any, clock: Any
) -> None:
    from datetime import datetime

    from escalatie.calendar import invitation
    from escalatie.clock import AMSTERDAM

    message = invitation(
        model, datetime(2026, 3, 9, 9, 15, tzinfo=AMSTERDAM), [planted_case], clock
    )
    (own,) = message.copies  # the e-mail's text is the attendee's own copy's agenda
    leaked = attrs.evolve(
        message, copies=(attrs.evolve(own, description=own.description + "\nVoor Jantje."),)
    )
    with pytest.raises(EscalatieError, match=r"^e-mail: case casus-geheim: identity.name"):
        compose(leaked, message.attendees[0], "tafel@teststad.example", [planted_case])
    compose(message, message.attendees[0], "tafel@teststad.example", [planted_case])


def test_mail_files_never_overwrite_each_other_nor_follow_a_link(
    cli_registry: Registry, tmp_path: Path, make_case: Any, settings_file: Path
) -> None:
    """``Lokalis`` and ``Lokalis!`` make the same file name: both e-mails are kept. A link
    planted under an e-mail's name is replaced by the e-mail, and what it pointed to is left.
    (Each has its own address: on one made-up address the two would be refused.)"""
    settings_file.write_text(
        '[calendar.addresses]\nLokalis = "lokalis@lokalis.example"\n'
        '"Lokalis!" = "uitroep@lokalis.example"\n',
        encoding="utf-8",
    )
    from escalatie.case import Party, PartyRole

    case = make_case("casus-namen")
    twins = (
        Party("Lokalis", PartyRole.ADDITIONAL_CARE_YOUTH, currently_involved=True),
        Party("Lokalis!", PartyRole.ADDITIONAL_CARE_YOUTH, currently_involved=True),
    )
    case = attrs.evolve(case, parties=case.parties + twins)
    path = tmp_path / "casus.json"
    path.write_text(dump_json(case), encoding="utf-8")
    folder = tmp_path / "mail"
    folder.mkdir()
    victim = tmp_path / "elders.txt"
    victim.write_text("blijft", encoding="utf-8")
    planted = folder / "20260309T0915-request-0-lokalis.eml"
    planted.symlink_to(victim)
    result = run("invite", "--slot", SLOT, str(path), "--at", AT, "--mail", str(folder))
    assert result.exit_code == 0, result.output
    lokalis = sorted(p.name for p in folder.glob("*-lokalis*.eml"))
    assert lokalis == sorted([planted.name, "20260309T0915-request-0-lokalis-2.eml"])
    assert not planted.is_symlink() and victim.read_text(encoding="utf-8") == "blijft"
    to = {
        email.message_from_bytes(p.read_bytes(), policy=default)["To"].addresses[0].display_name
        for p in folder.glob("*-lokalis*.eml")
    }
    assert to == {"Lokalis", "Lokalis!"}


def test_each_recipient_receives_only_its_own_cases_plans(
    cli_registry: Registry, tmp_path: Path, smtp: tuple[Inbox, int]
) -> None:
    """Sent through a real SMTP server: what arrives for each organisation carries the plans of
    the cases it is invited for and no other (seed 000 step 3; AVG art. 5(1)(c)), and the
    message log records the same."""
    inbox, _ = smtp
    result = run("invite", "--slot", SLOT, *two_cases(tmp_path), "--at", AT,
                 "--mail", str(tmp_path / "mail"), "--send", *register(tmp_path))  # fmt: skip
    assert result.exit_code == 0, result.output
    arrived = {}
    for _, tos, message in inbox.received:
        found = parts(message)
        calendar = found["calendar"].get_content()
        assert plans_in(calendar) == plans_in(found["plain"].get_content())
        arrived[message["To"].addresses[0].display_name] = plans_in(calendar)
        assert len(tos) == 1
    assert arrived == EXPECTED
    ((attendees, channel),) = logged(tmp_path)
    assert channel == "smtp"
    received = {a["organisation"]: len(a["plans"]) for a in json.loads(attendees)}
    assert received == {org: len(cases) for org, cases in EXPECTED.items()}
