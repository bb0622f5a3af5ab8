"""Invitations by e-mail (iMIP, RFC 6047): one message per attendee, and sending them by SMTP.

Each e-mail has the shape Google Calendar itself sends, which Outlook, Gmail and Apple Mail
all show as an invitation with accept/decline buttons::

    multipart/mixed
      multipart/alternative
        text/plain; charset=utf-8                      the Dutch text
        text/calendar; method=REQUEST; charset=utf-8   the iTIP message (RFC 6047 2.4)
      application/ics; name=invite.ics                 the same file as an attachment

Each attendee's e-mail carries its own copy of a REQUEST (:meth:`Message.text_for`): the
question and plan of only the cases it is invited for (seed 000, step 3; AVG art. 5(1)(c)).

The ``text/calendar`` part inside ``multipart/alternative`` is what makes it an invitation:
its ``method`` parameter matches the file's METHOD, as RFC 6047 2.4 requires. The
``application/ics`` attachment is the same bytes once more: clients without iMIP support
(webmail, mail on a phone without the calendar account) offer it for import, and Google sends
its own invitations this way, so Outlook and Gmail are known to treat the combination as one
invitation and not two. Both calendar parts are base64, so the file's CRLF line endings and
folding arrive byte for byte.

The SMTP server and account come from the settings; the password only from the environment
(``ESCALATIE_SMTP_PASSWORD``), never from a settings file::

    [calendar.smtp]
    host = "smtp.gemeente.example"
    port = 587                      # default 587
    starttls = true                 # default true; a password is only ever sent after STARTTLS
    user = "maatwerktafel"          # optional: no user, no login
    from = "maatwerktafel@gemeente.example"   # default: the ORGANIZER's address
    cafile = "/etc/ssl/gemeente-ca.pem"       # optional: trust this CA as well
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen

from escalatie.calendar.attendees import OPTIONAL, REQUIRED, Attendee, check_address, slug
from escalatie.calendar.guard import ensure_no_identity
from escalatie.calendar.itip import Message
from escalatie.case import Case
from escalatie.errors import EscalatieError
from escalatie.neutralise.terminal import terminal_text
from escalatie.validation import (
    ENCODED_WORD,
    NO_DISPLAY_SPECIALS,
    NO_ENCODED_WORD,
    display_name_problem,
    has_control,
)

PASSWORD_ENV = "ESCALATIE_SMTP_PASSWORD"
SMTP_KEYS = ("cafile", "from", "host", "port", "starttls", "user")
TIMEOUT = 30.0
"""Seconds to wait for the SMTP server at each step before giving up."""


@frozen
class Email:
    """One attendee's copy of a message, and the file it was written to."""

    message: Message
    attendee: Attendee
    mime: EmailMessage
    filename: str
    data: bytes
    """The message as written to ``.eml`` and sent by SMTP, whose headers were read back and
    checked (:func:`_check_written`): what was checked is what goes out."""


def subject(message: Message) -> str:
    """The Dutch subject line: what the message does and which meeting."""
    from escalatie.dutch import day_and_time

    forum = message.title.removeprefix("Geannuleerd: ").removeprefix("Niet meer nodig: ")
    when = day_and_time(message.slot.start)
    if message.method == "CANCEL":
        return f"{'Uitnodiging ingetrokken' if message.partial else 'Geannuleerd'}: {forum}, {when}"
    if message.sequence > 0:
        return f"Gewijzigde uitnodiging: {forum}, {when}"
    return f"Uitnodiging: {forum}, {when}"


EXPECTED = (
    "Wij verwachten u bij deze bijeenkomst, ook om eventuele aanvullende vragen te beantwoorden."
)
"""The line of an invitation to a REQ-PARTICIPANT: the parties involved in a case and those
that already thought along on its plan are expected, "om ook eventuele aanvullende vragen te
kunnen ondervangen" (seed 000, stap 3); a reader of the mail, not of the calendar role, can
tell."""

WELCOME = "Uw aanwezigheid is welkom, maar niet verplicht."
"""The line of an invitation to an OPT-PARTICIPANT: a party that may play a role ("die
mogelijk een rol kunnen spelen", seed 000, stap 3) is invited, not expected."""


def body(
    message: Message, organiser: str, description: str | None = None, role: str | None = None
) -> str:
    """The Dutch text/plain part (participants are addressed with "u"); ``description``: the
    agenda of the reader's own copy (default: the shared one); ``role``: the reader's
    PARTICIPATION role, which an invitation says in words (:data:`EXPECTED`,
    :data:`WELCOME`)."""
    description = message.description if description is None else description
    # To organisations, not to one person: "Geachte heer/mevrouw," ("Geachte heer, mevrouw,"
    # reads as addressing two people).
    lines = ["Geachte heer/mevrouw,", ""]
    if message.method == "REQUEST":
        lines.append(
            "Hierbij nodigen wij u uit voor de volgende bijeenkomst."
            if message.sequence == 0
            else "De uitnodiging voor de volgende bijeenkomst is gewijzigd; deze versie "
            "vervangt de eerdere."
        )
        lines += ["", description, ""]
        said = {REQUIRED: EXPECTED, OPTIONAL: WELCOME}.get(role or "")
        if said:
            lines += [said, ""]
        lines.append(
            "De uitnodiging is als agenda-item aan dit bericht toegevoegd: u kunt deze in uw "
            "agenda accepteren of weigeren."
        )
    else:
        lines += [description, ""]
        lines.append("U kunt de afspraak uit uw agenda verwijderen.")
    lines += ["", "Met vriendelijke groet,", organiser]
    return "\n".join(lines) + "\n"


def _message_id(message: Message, attendee: Attendee, sender: str) -> str:
    """Stable for the same message to the same attendee, unique otherwise (SEQUENCE rises)."""
    key = "|".join(
        (
            message.uid,
            message.slot.start.isoformat(),
            str(message.sequence),
            message.method,
            attendee.address.casefold(),
        )
    )
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
    return f"<{digest}@{sender.rpartition('@')[2]}>"


def filename(message: Message, attendee: Attendee, suffix: str = ".eml") -> str:
    """``20260309T0915-request-0-basisschool-de-linde.eml`` (or ``suffix``)."""
    start = message.slot.start.strftime("%Y%m%dT%H%M")
    kind = "uninvite" if message.partial else message.method.lower()
    return f"{start}-{kind}-{message.sequence}-{slug(attendee.organisation) or 'attendee'}{suffix}"


def compose(message: Message, attendee: Attendee, sender: str, cases: Sequence[Case]) -> Email:
    """One attendee's e-mail for ``message``: its own copy (the question and plan of only the
    cases it is invited for, :meth:`Message.text_for`); refused if a case identifier is in it."""
    mail = EmailMessage()
    headers = (
        ("From", "the organiser's name", message.organizer_name, sender),
        ("To", f"attendee {attendee.address}: organisation", attendee.organisation,
         attendee.address),
        ("Subject", "the forum's title", subject(message), None),
    )  # fmt: skip
    for header, what, text, address in headers:
        # Bidirectional controls removed first, so none can hide an '=?' ('=\u202e?') from
        # the check below (one-line text has no other control character to remove).
        text = terminal_text(text)
        if ENCODED_WORD in text or has_control(text):
            raise EscalatieError(f"e-mail {header}: {what}: {NO_ENCODED_WORD} or a line break")
        if address is not None and display_name_problem(text):
            raise EscalatieError(f"e-mail {header}: {what}: {NO_DISPLAY_SPECIALS}")
        try:
            mail[header] = text if address is None else formataddr((text, address))
        except ValueError as exc:  # the email package's own refusal, as one line
            raise EscalatieError(f"e-mail {header}: {what}: {exc}") from None
    if message.dtstamp is not None:
        mail["Date"] = format_datetime(message.dtstamp)
    mail["Message-ID"] = _message_id(message, attendee, sender)
    _check_recipients(mail, sender, attendee.address)
    # Case text may hold escape sequences, NEL, line separators or bidirectional controls;
    # the reader's mail client (or a terminal's) sees none (neutralise.terminal).
    text = terminal_text(
        body(
            message,
            message.signature or sender,
            message.description_for(attendee),
            attendee.role,
        )
    )
    # The headers as the email package holds them (encoded words decoded), and the text.
    written = "\n".join(f"{name}: {value}" for name, value in mail.items())
    ensure_no_identity(f"{written}\n{text}", cases, "e-mail")
    mail.set_content(text, subtype="plain", charset="utf-8")
    data = message.text_for(attendee).encode("utf-8")
    mail.add_alternative(
        data,
        maintype="text",
        subtype="calendar",
        cte="base64",
        params={"method": message.method, "charset": "utf-8"},
    )
    mail.add_attachment(
        data,
        maintype="application",
        subtype="ics",
        cte="base64",
        filename="invite.ics",
        params={"name": "invite.ics"},
    )
    # Boundaries from the Message-ID, so a fixed --at writes the same bytes every run.
    token = str(mail["Message-ID"]).strip("<>").partition("@")[0]
    mail.set_boundary(f"=_mixed_{token}")
    for part in mail.iter_parts():
        if part.get_content_type() == "multipart/alternative":
            part.set_boundary(f"=_alt_{token}")
    written_bytes = _check_written(mail, sender, attendee.address)
    return Email(message, attendee, mail, filename(message, attendee), written_bytes)


def _check_recipients(mail: EmailMessage, sender: str, recipient: str) -> None:
    """The headers name exactly the one sender and the one recipient, and no other: a last
    check that no name added an address (``Team <evil@x.example>,``) or a header (``Bcc:``)
    to the message."""
    from email.headerregistry import AddressHeader

    for name, value in mail.items():
        if isinstance(value, AddressHeader) and name.casefold() not in ("from", "to"):
            raise EscalatieError(f"e-mail {name}: an unexpected header; nothing was written")
    for name, wanted in (("From", sender), ("To", recipient)):
        values = mail.get_all(name) or []
        found = [a.addr_spec.casefold() for v in values for a in getattr(v, "addresses", ())]
        if len(values) != 1 or found != [wanted.casefold()]:
            raise EscalatieError(
                f"e-mail {name}: expected only {wanted}, the name would add an address; "
                "nothing was written"
            )


def _check_written(mail: EmailMessage, sender: str, recipient: str) -> bytes:
    """The bytes of ``mail`` as written and sent, read back as a mail client reads them
    (``policy=default``) and checked by :func:`_check_recipients`: the ``email`` package
    refolds a header when it writes it, and wrote a name holding a non-ASCII letter with its
    ``<``, ``>``, ``,`` and ``"`` unquoted, which a reader took for a second address. A
    defence behind the refusal of those characters in names."""
    from email import message_from_bytes
    from email.policy import SMTP, default

    data = mail.as_bytes(policy=SMTP)
    _check_recipients(message_from_bytes(data, policy=default), sender, recipient)
    return data


def compose_all(
    messages: Sequence[Message], sender: str | None, cases: Sequence[Case]
) -> list[Email]:
    """Every attendee's e-mail of every message; ``sender`` defaults to the ORGANIZER."""
    return [
        compose(message, attendee, sender or message.organizer, cases)
        for message in messages
        for attendee in message.attendees
    ]


def write_all(emails: Sequence[Email], folder: str) -> list[Path]:
    """Write each e-mail as ``.eml`` into ``folder`` (created if needed), the bytes that
    were checked (:attr:`Email.data`); see :func:`write_named`."""
    return write_named([(email.filename, email.data) for email in emails], folder, "--mail")


def write_named(files: Sequence[tuple[str, bytes]], folder: str, option: str) -> list[Path]:
    """Write each ``(name, data)`` into ``folder`` (created if needed); ``option`` names the
    command-line option in an error.

    Two attendees whose names make the same file name (``Lokalis`` and ``Lokalis!``) get
    ``-2``, ``-3``: no file overwrites another. Each file is written beside its name and moved
    into place, so a reader never sees half a file and a link planted under the name is
    replaced, never followed.
    """
    import tempfile

    target = Path(folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
        paths: list[Path] = []
        taken: set[str] = set()
        for wanted, data in files:
            name = _unique(wanted, taken)
            fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=target)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(temp, target / name)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
            paths.append(target / name)
    except OSError as exc:
        raise EscalatieError(f"{option}: cannot write into {folder} ({exc.strerror})") from None
    return paths


def _unique(name: str, taken: set[str]) -> str:
    stem, _, suffix = name.rpartition(".")
    candidate, n = name, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{stem}-{n}.{suffix}"
    taken.add(candidate.casefold())
    return candidate


def _port(instance: Any, attribute: attrs.Attribute[int], value: int) -> None:
    if not 1 <= value <= 65535:
        from escalatie.validation import FieldError

        raise FieldError(attribute.name, f"expected 1 to 65535, got {value}")


@frozen
class SmtpSettings:
    """How to reach the SMTP server (see the module docstring)."""

    host: str
    port: int = attrs.field(default=587, validator=_port)
    starttls: bool = True
    user: str = ""
    sender: str = ""
    cafile: str = ""

    @classmethod
    def from_settings(cls, table: Mapping[str, Any]) -> SmtpSettings:
        from escalatie.settings import SettingsError, structure

        where = "calendar.smtp"
        if not isinstance(table, Mapping):
            raise EscalatieError("settings [calendar] smtp: expected a table")
        for key in table:
            if key == "password":
                raise EscalatieError(
                    f"settings [calendar.smtp] password: a password is never read from the "
                    f"settings file; remove it and set {PASSWORD_ENV} in the environment"
                )
            if key not in SMTP_KEYS:
                raise EscalatieError(
                    f"settings [calendar.smtp] {key}: unknown setting; expected one of "
                    + ", ".join(SMTP_KEYS)
                )
        data = dict(table)
        if "from" in data:  # "from" cannot be a field's name: it is read as ``sender``
            data["sender"] = data.pop("from")
        data.setdefault("host", "")
        try:
            read = structure(data, cls, where)
        except SettingsError as exc:
            raise SettingsError(
                [p.replace(f"[{where}] sender:", f"[{where}] from:") for p in exc.problems]
            ) from None
        if not read.host.strip():
            raise EscalatieError(
                "--send: no SMTP server; set it in the settings: [calendar.smtp] host = "
                '"smtp.gemeente.example"'
            )
        if read.sender:
            check_address(read.sender, "settings [calendar.smtp] from")
        return attrs.evolve(read, host=read.host.strip())


def send_all(
    emails: Sequence[Email], settings: SmtpSettings, env: Mapping[str, str] | None = None
) -> tuple[list[Email], list[str]]:
    """Deliver each e-mail to its one recipient; the accepted ones and one line per failure.

    A server that cannot be reached, refuses STARTTLS or the credentials fails every e-mail
    (one line); a refused recipient or message fails only that e-mail. An e-mail the server
    accepted is returned whatever happens after it (a lost connection, a refused QUIT: see
    :func:`_quit`), so the register records every delivery that happened.
    """
    import smtplib
    import ssl

    env = os.environ if env is None else env
    password = env.get(PASSWORD_ENV, "")
    if settings.user and not password:
        raise EscalatieError(
            f"--send: settings [calendar.smtp] user is {settings.user!r} but {PASSWORD_ENV} "
            "is not set; set the password in the environment"
        )
    if settings.user and not settings.starttls:
        raise EscalatieError(
            "--send: settings [calendar.smtp] starttls is false, and a password is only sent "
            "over an encrypted connection; set starttls = true"
        )
    server = f"{settings.host}:{settings.port}"
    accepted: list[Email] = []
    failures: list[str] = []
    failed: list[Email] = []  # the e-mails ``failures`` speaks of, by identity
    smtp: smtplib.SMTP | None = None
    in_flight: Email | None = None  # sent, but the server's answer is not in
    try:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT)
        if settings.starttls:
            context = ssl.create_default_context(cafile=settings.cafile or None)
            smtp.starttls(context=context)
        if settings.user:
            smtp.login(settings.user, password)
        smtp.ehlo_or_helo_if_needed()  # before the first e-mail: its failure sends nothing
        for email in emails:
            if smtp.sock is None:  # closed by the server's 421 to the e-mail before
                raise smtplib.SMTPServerDisconnected("the server ended the session")
            in_flight = email
            failure = _send_one(smtp, email, settings)
            in_flight = None
            if failure:
                failures.append(failure)
                failed.append(email)
            else:
                accepted.append(email)
    except smtplib.SMTPAuthenticationError as exc:
        return [], [
            f"--send: {server} refused the credentials of user {settings.user!r} "
            f"({exc.smtp_code} {_text(exc.smtp_error)})"
        ]
    except smtplib.SMTPNotSupportedError:
        return [], [f"--send: {server} does not offer STARTTLS (or login); nothing was sent"]
    except smtplib.SMTPServerDisconnected as exc:
        return accepted, failures + _unsent(
            emails, accepted, failed, in_flight, f"{server} closed the connection ({exc})"
        )
    except ssl.SSLError as exc:
        if accepted or failures or in_flight is not None:  # mid-way: the e-mails it took went out
            why = f"TLS with {server} failed ({exc.reason or exc})"
            return accepted, failures + _unsent(emails, accepted, failed, in_flight, why)
        return [], [
            f"--send: STARTTLS with {server} failed ({exc.reason or exc}); nothing was sent"
        ]
    except smtplib.SMTPResponseException as exc:
        answer = f"{server} answered {exc.smtp_code} {_text(exc.smtp_error)}"
        if accepted or failures or in_flight is not None:
            return accepted, failures + _unsent(emails, accepted, failed, in_flight, answer)
        return [], [f"--send: {answer}; nothing was sent"]
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        if smtp is not None:  # connected: lost mid-way, and what was accepted went out
            why = f"the connection to {server} failed ({reason})"
            return accepted, failures + _unsent(emails, accepted, failed, in_flight, why)
        return [], [f"--send: cannot reach the SMTP server {server} ({reason}); nothing was sent"]
    finally:
        if smtp is not None:
            _quit(smtp)
    return accepted, failures


def _quit(smtp: Any) -> None:
    """End the session, whatever the server answers to QUIT.

    An e-mail is delivered once the server answered 250 to its data (RFC 5321 4.1.1.4: the
    server has then taken responsibility for it), so a reply to QUIT other than 221 (a 421
    from a server shutting down, a dropped connection) cannot undo a delivery: it must not
    decide what the register records. ``smtplib.SMTP.__exit__`` raises on such a reply,
    which is why the session is not a ``with`` block.
    """
    import smtplib

    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        pass
    finally:
        smtp.close()


def _unsent(
    emails: Sequence[Email],
    accepted: Sequence[Email],
    failed: Sequence[Email],
    in_flight: Email | None,
    why: str,
) -> list[str]:
    """One line per e-mail neither accepted nor already failed, when the session broke off.
    E-mails are told apart by identity, not by their address: two e-mails may go to one
    address, and one address may be part of another (``ana@x.nl``, ``jana@x.nl``).

    The e-mail whose answer was awaited may have been delivered all the same (the server
    took it, its 250 was lost): it is not recorded as sent, and the line says it may have
    arrived, so that a user does not take it as certainly not sent."""
    done = {id(e) for e in (*accepted, *failed)}
    return [
        f"--send: {e.attendee.organisation} <{e.attendee.address}>: "
        + ("not confirmed, it may have arrived; " if e is in_flight else "not sent, ")
        + why
        for e in emails
        if id(e) not in done
    ]


def _send_one(smtp: Any, email: Email, settings: SmtpSettings) -> str:
    import smtplib

    to = email.attendee.address
    who = f"{email.attendee.organisation} <{to}>"
    try:
        # The checked bytes (Email.data), not the message flattened once more.
        smtp.sendmail(settings.sender or email.message.organizer, [to], email.data)
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()), (0, b""))
        return f"--send: {who}: recipient refused ({code} {_text(text)})"
    except smtplib.SMTPSenderRefused as exc:
        return f"--send: {who}: sender refused ({exc.smtp_code} {_text(exc.smtp_error)})"
    except smtplib.SMTPDataError as exc:
        return f"--send: {who}: message refused ({exc.smtp_code} {_text(exc.smtp_error)})"
    return ""


def _text(value: bytes | str) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return " ".join(text.split())
