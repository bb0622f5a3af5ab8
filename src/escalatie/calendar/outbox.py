"""Delivering the messages of a plan: files, e-mails, SMTP, CalDAV; and what counts as sent.

The channels, in this order: the ``.ics`` file (``-o``; the main message there, any other one
beside it), one ``.eml`` per attendee (``--mail DIR``), one ``.ics`` per attendee (``--copies
DIR``), publishing into a CalDAV collection (``--publish URL``), and sending the e-mails
through SMTP (``--send``). Everything is composed (and checked for identifiers) before the
first byte is written.

``-o`` and ``--publish`` carry a REQUEST's shared copy, which names the cases by pseudonym
only; ``--mail``, ``--send`` and ``--copies`` carry each attendee's own copy, with the question
and plan of only the cases it is invited for (seed 000, step 3; AVG art. 5(1)(c)).

What is recorded as sent, per message: with ``--send``, the attendees whose e-mail the SMTP
server accepted; without it, every attendee of a message that was written or published (the
files are handed on by the user). With each attendee, the cases whose plan it received: those
of its own copy when that was written or sent, none when only the shared copy was. A message
that reached no one is not recorded. A failure on one channel is one line and does not stop
the others; the caller records what was delivered, then exits 1.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import attrs
from attrs import Factory, frozen

from escalatie.calendar.attendees import Attendee
from escalatie.calendar.history import Plan
from escalatie.calendar.itip import Message
from escalatie.calendar.mail import SmtpSettings
from escalatie.calendar.publish import CaldavSettings
from escalatie.case import Case
from escalatie.errors import EscalatieError

STDOUT = "-"


@frozen
class Channels:
    """Where the messages go. ``output``: a path, ``-`` for standard output, None for none."""

    output: str | None = STDOUT
    mail_dir: str | None = None
    smtp: SmtpSettings | None = None
    publish: str | None = None
    caldav: CaldavSettings = Factory(CaldavSettings)
    copies_dir: str | None = None
    """``--copies DIR``: each attendee's own copy as an ``.ics`` file."""

    @property
    def personal(self) -> bool:
        """Each attendee's own copy is written or sent (not only the shared one)."""
        return bool(self.mail_dir or self.copies_dir)

    @property
    def via(self) -> str:
        """The channel recorded in the message log."""
        parts = []
        if self.smtp is not None:
            parts.append("smtp")
        elif self.mail_dir:
            parts.append("eml")
        if self.copies_dir:
            parts.append("copies")
        if self.output:
            parts.append("stdout" if self.output == STDOUT else "file")
        if self.publish:
            parts.append("caldav")
        return "+".join(parts)


@frozen
class Delivered:
    """A message and the attendees it reached, each with the cases whose plan it received
    (``Attendee.plans``)."""

    message: Message
    reached: tuple[Attendee, ...]


@frozen
class Outcome:
    delivered: tuple[Delivered, ...]
    failures: tuple[str, ...]
    written: tuple[str, ...]
    """The ``.eml`` and ``--copies`` files written (``-o`` goes through the ``write``
    function)."""


def copy_files(messages: Sequence[Message]) -> list[tuple[str, bytes]]:
    """Each attendee's own copy of every message, named as its e-mail but ``.ics``."""
    from escalatie.calendar.mail import filename

    return [
        (filename(message, attendee, ".ics"), message.text_for(attendee).encode("utf-8"))
        for message in messages
        for attendee in message.attendees
    ]


def side_path(output: str, message: Message) -> str:
    """Where a second message of the same command goes beside ``-o FILE``."""
    path = Path(output)
    kind = "uninvite" if message.partial else message.method.lower()
    return str(path.with_name(f"{path.stem}.{kind}-{message.slot.start:%Y%m%dT%H%M}{path.suffix}"))


Writer = Callable[[str, str], None]
"""Writes ``text`` to the file ``path`` (the CLI's writes atomically and refuses a missing
folder; see :func:`escalatie.cli.common.open_output`)."""


def write_file(path: str, text: str) -> None:
    """The plain writer: the file as given, in an existing folder."""
    try:
        Path(path).write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise EscalatieError(f"-o/--output: cannot write {path} ({exc.strerror})") from None


def deliver(
    plan: Plan,
    cases: Sequence[Case],
    channels: Channels,
    env: Mapping[str, str] | None = None,
    stdout: Callable[[str], None] | None = None,
    write: Writer = write_file,
) -> Outcome:
    """Deliver ``plan`` through ``channels`` (see the module docstring).

    ``stdout`` prints the text meant for standard output, first of all channels: the CLI
    prints it inside the message log's transaction, so when standard output fails nothing is
    sent, published or recorded. ``write`` writes the ``.ics`` files.
    """
    from escalatie.calendar.mail import compose_all, send_all, write_all, write_named
    from escalatie.calendar.publish import publish

    messages = plan.messages
    if channels.output == STDOUT and len(messages) > 1:
        raise EscalatieError(
            f"-o: this command sends {len(messages)} messages ("
            + ", ".join(_describe(m) for m in messages)
            + "); write them with -o FILE or --mail DIR"
        )
    emails = (
        compose_all(messages, channels.smtp.sender if channels.smtp else None, cases)
        if channels.mail_dir
        else []
    )
    written: list[str] = []
    if channels.output == STDOUT:
        if stdout is not None:
            stdout(plan.main.text)
    elif channels.output:
        write(channels.output, plan.main.text)
        for other in plan.others:
            write(side_path(channels.output, other), other.text)
    if channels.mail_dir:
        written += [str(p) for p in write_all(emails, channels.mail_dir)]
    if channels.copies_dir:
        files = copy_files(messages)
        written += [str(p) for p in write_named(files, channels.copies_dir, "--copies")]
    failures: list[str] = []
    handed_on = bool(channels.output or channels.mail_dir or channels.copies_dir)
    if channels.publish:
        try:
            publish(
                channels.publish,
                [m.text for m in messages if not m.partial],
                channels.caldav,
                env,
            )
            handed_on = True
        except EscalatieError as exc:
            failures.append(str(exc))
    reached: dict[int, list[Attendee]] = {
        id(m): [_received(m, a, channels.personal) for a in m.attendees] if handed_on else []
        for m in messages
    }
    if channels.smtp is not None:
        accepted, failed = send_all(emails, channels.smtp, env)
        failures += failed
        reached = {id(m): [] for m in messages}
        for email in accepted:
            reached[id(email.message)].append(_received(email.message, email.attendee, True))
    delivered = tuple(Delivered(m, tuple(reached[id(m)])) for m in messages if reached[id(m)])
    return Outcome(delivered, tuple(failures), tuple(written))


def _received(message: Message, attendee: Attendee, personal: bool) -> Attendee:
    """The attendee with the cases whose plan it received: its own copy's when that went out
    (``personal``), none when it got only the shared copy."""
    return attrs.evolve(attendee, plans=message.plans_for(attendee) if personal else ())


def _describe(message: Message) -> str:
    kind = "uninvite" if message.partial else message.method
    return f"{kind} {message.slot.start:%Y-%m-%dT%H:%M}"
