"""A name in ``From:`` or ``To:`` cannot add an address to the e-mail as it is written
(attacker review, finding 1).

CPython's ``email`` package, refolding a header for ``as_bytes(policy=SMTP)``, encodes only the
word with a non-ASCII letter (or a no-break space) and writes ``<``, ``>``, ``,`` and ``"``
unquoted: ``Basisschool Dé Wilg <evil@x.example>`` as an organisation wrote a ``To:`` that a
mail client reads as ``evil@x.example``. The check then read the header as the package held it
in memory, not the bytes. Now a name refuses RFC 5322's specials (``<>,;:"\\()[]@``), and the
bytes written are read back and must name exactly the sender and the one recipient.
"""

from __future__ import annotations

import email
from email.policy import default
from pathlib import Path

import attrs
import pytest

from escalatie.calendar import invitation, mail
from escalatie.calendar.mail import compose, write_all
from escalatie.errors import EscalatieError

from .test_own_copies import SENT, START, build_model, case_for

SENDER = "tafel@teststad.example"

SHAPES = (
    "Basisschool {x} Wilg <evil@x.example>",
    "{x}, evil@x.example",
    '{x} "x" <evil@x.example>',
    "{x} <evil@x.example>, Team",
    "{x}: evil@x.example;",
    "{x} (evil@x.example)",
    "{x} [evil@x.example]",
    "{x}\\ <evil@x.example>",
)
"""The attacker review's shapes and the other specials, each with a word for ``{x}``."""

WORDS = ("De", "Dé", "De\u00a0Wilg", "Zoë\u00a0é")
"""ASCII, a non-ASCII letter, a no-break space, both."""

NAMES = [shape.format(x=word) for shape in SHAPES for word in WORDS]


def _message_and_cases():  # type: ignore[no-untyped-def]
    cases = [case_for(0, "Team Anker", ("School Beuk",), 14)]
    return invitation(build_model(), START, cases, SENT), cases


def _addresses(data: bytes, header: str) -> list[str]:
    parsed = email.message_from_bytes(data, policy=default)
    return [a.addr_spec for value in parsed.get_all(header) or [] for a in value.addresses]


@pytest.mark.parametrize("name", NAMES)
def test_compose_refuses_a_special_in_a_name(name: str) -> None:
    message, cases = _message_and_cases()
    attendee = message.attendees[0]
    for header, bad_message, bad_attendee in (
        ("From", attrs.evolve(message, organizer_name=name), attendee),
        ("To", message, attrs.evolve(attendee, organisation=name)),
    ):
        with pytest.raises(EscalatieError, match=rf"^e-mail {header}: .* \(it becomes an e-mail"):
            compose(bad_message, bad_attendee, SENDER, cases)


@pytest.mark.parametrize("name", NAMES)
def test_the_bytes_written_name_only_the_recipient_even_past_the_first_check(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the refusal of specials switched off, the check of the bytes written still stands:
    compose refuses, or what it writes names exactly the sender and the recipient."""
    monkeypatch.setattr(mail, "display_name_problem", lambda value: None)
    message, cases = _message_and_cases()
    attendee = message.attendees[0]
    for bad_message, bad_attendee in (
        (attrs.evolve(message, organizer_name=name), attendee),
        (message, attrs.evolve(attendee, organisation=name)),
    ):
        try:
            written = compose(bad_message, bad_attendee, SENDER, cases)
        except EscalatieError as exc:
            assert "the name would add an address; nothing was written" in str(exc)
            continue
        assert _addresses(written.data, "From") == [SENDER]
        assert _addresses(written.data, "To") == [attendee.address]


def test_the_repro_is_refused_by_the_check_of_the_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The review's repro passes the in-memory check (the package holds one address) and is
    caught only by reading the bytes back."""
    monkeypatch.setattr(mail, "display_name_problem", lambda value: None)
    message, cases = _message_and_cases()
    attendee = attrs.evolve(
        message.attendees[0], organisation="Basisschool Dé Wilg <evil@x.example>"
    )
    with pytest.raises(EscalatieError, match=r"^e-mail To: expected only .*nothing was written"):
        compose(message, attendee, SENDER, cases)


def test_what_is_written_is_what_was_checked(tmp_path: Path) -> None:
    message, cases = _message_and_cases()
    emails = [compose(message, attendee, SENDER, cases) for attendee in message.attendees]
    paths = write_all(emails, str(tmp_path))
    for written, path in zip(emails, paths, strict=True):
        assert path.read_bytes() == written.data
        assert _addresses(written.data, "To") == [written.attendee.address]
        assert _addresses(written.data, "From") == [SENDER]


@pytest.mark.parametrize(
    "name", ["Basisschool Dé Wilg", "Zoë\u00a0Team", "Gemeente 's-Hertogenbosch"]
)
def test_names_without_specials_are_written_as_given(name: str) -> None:
    message, cases = _message_and_cases()
    attendee = attrs.evolve(message.attendees[0], organisation=name)
    written = compose(attrs.evolve(message, organizer_name=name), attendee, SENDER, cases)
    parsed = email.message_from_bytes(written.data, policy=default)
    assert [a.display_name for a in parsed["To"].addresses] == [name]
    assert [a.display_name for a in parsed["From"].addresses] == [name]
