"""E-mail headers carry names as text: an RFC 2047 encoded word in a name cannot add a
recipient, a header or an identifier (attacker review, finding 1).

The ``email`` package decodes ``=?utf-8?q?...?=`` in a header it is given, so a name holding one
wrote ``To: Team <evil@attacker.example>, <...>`` or a ``Bcc:`` line. Text bound for a header
refuses ``=?`` where it is read (a case's organisations, a model file's one-line text) and again
when the e-mail is composed; the identity check reads the headers as the email package holds
them (decoded).
"""

from __future__ import annotations

import attrs
import pytest

from escalatie.calendar import invitation
from escalatie.calendar.mail import compose
from escalatie.case import Identity
from escalatie.errors import EscalatieError

from .test_own_copies import SENT, START, build_model, case_for

TO_EVIL = "=?utf-8?q?Team_=3Cevil=40attacker=2Eexample=3E=2C?="
LINE_BREAK = "=?utf-8?q?A=0D=0ABcc=3A_evil=40attacker=2Eexample?="
NAME_AND_BSN = "=?utf-8?b?U2FubmUgZGUgVnJpZXMsIDExMTIyMjMzMw==?="


def _message_and_cases():  # type: ignore[no-untyped-def]
    cases = [case_for(0, "Team Anker", ("School Beuk",), 14)]
    model = build_model()
    return invitation(model, START, cases, SENT), cases


@pytest.mark.parametrize("name", [TO_EVIL, LINE_BREAK, NAME_AND_BSN])
def test_compose_refuses_an_encoded_word_in_any_header_text(name: str) -> None:
    message, cases = _message_and_cases()
    attendee = message.attendees[0]
    for bad_message, bad_attendee in (
        (attrs.evolve(message, organizer_name=name), attendee),
        (message, attrs.evolve(attendee, organisation=name)),
        (attrs.evolve(message, title=name), attendee),
    ):
        with pytest.raises(EscalatieError, match=r"^e-mail (From|To|Subject): .*'=\?'"):
            compose(bad_message, bad_attendee, "tafel@teststad.example", cases)


def test_the_identity_check_reads_the_headers() -> None:
    """An identifier in a header (here the organiser's name) is refused like one in the text;
    before, only the Subject and the text were read."""
    message, cases = _message_and_cases()
    cases = [attrs.evolve(cases[0], identity=Identity(name="Sanne de Vries", bsn="111222333"))]
    attendee = message.attendees[0]
    named = attrs.evolve(message, organizer_name="Sanne de Vries")
    with pytest.raises(EscalatieError, match=r"identity\.name would appear"):
        compose(named, attendee, "tafel@teststad.example", cases)
    assert compose(message, attendee, "tafel@teststad.example", cases).mime["To"]


def test_compose_writes_only_the_one_recipient() -> None:
    message, cases = _message_and_cases()
    for attendee in message.attendees:
        mail = compose(message, attendee, "tafel@teststad.example", cases).mime
        assert [a.addr_spec for a in mail["To"].addresses] == [attendee.address]
        assert [a.addr_spec for a in mail["From"].addresses] == ["tafel@teststad.example"]
        assert mail["Cc"] is None and mail["Bcc"] is None
