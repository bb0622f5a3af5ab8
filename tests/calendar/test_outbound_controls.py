"""Control characters typed into a case never reach an invitation (attacker review): ESC
sequences, VT, FF, NEL, the line and paragraph separators and bidirectional controls in the
question and plan were kept in the e-mail's text part, and U+2028/U+2029 in the calendar file.
Every outbound artifact loses the same list (``escalatie.neutralise.controls.CONTROLS``)."""

from __future__ import annotations

import email
import re
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import attrs

from escalatie.documents import dump_json
from escalatie.plugins import Registry

from .conftest import run

SLOT = "2026-03-09T09:15"
AT = "2026-03-01T10:00"
HOSTILE = (
    "\x1b[31mrood\x1b[0m \x1b]0;titel\x07 regel\x0bverticaal\x0cpagina\x85nel"
    "\u2028scheiding\u2029alinea \u202eesrever\u202c \u2066isolaat\u2069 \u200fmerk"
)
FORBIDDEN = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]"
)


def test_case_text_controls_reach_neither_the_e_mail_nor_the_calendar_file(
    cli_registry: Registry, tmp_path: Path, make_case: Any
) -> None:
    """A case's free text refuses these characters where it is read (attacker review of
    1a5abc1, ``tests/attack/test_control_splitters.py``); with that refusal switched off
    (attrs' validators disabled), the writers still remove every one of them."""
    with attrs.validators.disabled():
        case = attrs.evolve(
            make_case("casus-controle"), question=f"Vraag {HOSTILE}", plan=f"Plan {HOSTILE}"
        )
        path = tmp_path / "casus.json"
        path.write_text(dump_json(case), encoding="utf-8")
        folder, ics = tmp_path / "mail", tmp_path / "invite.ics"
        result = run("invite", "--slot", SLOT, str(path), "--at", AT, "--mail", str(folder),
                     "-o", str(ics))  # fmt: skip
    assert result.exit_code == 0, result.output
    refused = run("invite", "--slot", SLOT, str(path), "--at", AT, "-o", str(tmp_path / "x.ics"))
    assert refused.exit_code == 1 and "question: expected text without control" in str(
        refused.exception
    )
    assert not FORBIDDEN.search(ics.read_text(encoding="utf-8"))
    files = sorted(folder.glob("*.eml"))
    assert files
    seen_plan = False
    for file in files:
        message = email.message_from_bytes(file.read_bytes(), policy=default)
        assert isinstance(message, EmailMessage)
        for part in message.walk():
            if part.get_content_maintype() == "multipart":
                continue
            content = part.get_content()
            text = content.decode("utf-8") if isinstance(content, bytes) else content
            assert not FORBIDDEN.search(text), (file.name, part.get_content_type())
            # what is left is the text itself, every control gone; an escape sequence's
            # printable rest shows, as the identifier check read it (neutralise.terminal)
            if part.get_content_type() == "text/plain" and "Plan [31mrood" in text:
                seen_plan = True
                assert (
                    "Plan [31mrood[0m ]0;titel regelverticaalpaginanelscheidingalinea "
                    "esrever isolaat merk"
                ) in text
    assert seen_plan  # an attendee's own copy carries the plan, cleaned


def test_a_bidi_control_cannot_hide_an_encoded_word_in_a_header() -> None:
    """Header text loses its bidirectional controls before the '=?' check, so '=\\u202e?'
    cannot become '=?' after it (an encoded word adding a recipient)."""
    import pytest

    from escalatie.calendar import invitation
    from escalatie.calendar.mail import compose
    from escalatie.errors import EscalatieError

    from .test_own_copies import SENT, START, build_model, case_for

    cases = [case_for(0, "Team Anker", ("School Beuk",), 14)]
    message = invitation(build_model(), START, cases, SENT)
    hidden = "=\u202e?utf-8?q?Team_=3Cevil=40attacker=2Eexample=3E=2C?="
    attendee = message.attendees[0]
    for bad_message, bad_attendee in (
        (attrs.evolve(message, organizer_name=hidden), attendee),
        (message, attrs.evolve(attendee, organisation=hidden)),
    ):
        with pytest.raises(EscalatieError, match=r"^e-mail (From|To): .*'=\?'"):
            compose(bad_message, bad_attendee, "tafel@teststad.example", cases)
    named = attrs.evolve(message, organizer_name="Gemeente \u2066Teststad\u2069")
    mail = compose(named, attendee, "tafel@teststad.example", cases).mime
    assert str(mail["From"]).startswith("Gemeente Teststad <")
