"""Identifiers touching a letter, an underscore or another word are scrubbed (attacker review
of main 763a7ef, findings 2 and 4; docs/privacy.md).

A date of birth touching a letter, an underscore or the ``T`` of an ISO date-time
(``2014-07-19T08:30``, ``scan_20140719.pdf``, ``geb20140719``) was neither scrubbed nor caught
by the identity guard, and reached every ``.eml``: text and calendar parts. Only a digit ends
a date now, as it ends a BSN or a phone number.
"""

from __future__ import annotations

import base64
import email
import json
import re
from collections.abc import Callable
from datetime import date
from email.policy import default
from pathlib import Path

import attrs
import pytest
from click.testing import Result

from escalatie.case import Identity
from escalatie.plugins import Registry
from escalatie.privacy import REDACTED, case_patterns, find_identifier, outbound, scrub

Run = Callable[..., Result]

BORN = date(2014, 7, 19)
IDENTITY = Identity(name="Qorvath Wyndrel", date_of_birth=BORN)

DATES = {
    "ISO date-time": "2014-07-19T08:30",
    "file name": "scan_20140719.pdf",
    "word before": "geb20140719",
    "letters after": "20140719abcd",
    "letter after": "19-07-2014x",
    "letter before": "x19-07-2014",
    "pseudonym-like": "casus-20140719abcd",
    "underscore both sides": "_19072014_",
    "words around": "juli19-07-2014geboren",
}

DATE_DIGITS = re.compile(r"2014\D{0,3}0?7\D{0,3}19|19\D{0,3}0?7\D{0,3}2014|19\D{0,3}juli")


@pytest.mark.parametrize("spelling", DATES.values(), ids=list(DATES))
def test_a_date_of_birth_touching_a_letter_is_scrubbed_and_found(spelling: str) -> None:
    text = f"Zie {spelling} voor meer."
    scrubbed = scrub(text, case_patterns(IDENTITY, ""))
    assert REDACTED in scrubbed and not DATE_DIGITS.search(scrubbed), scrubbed
    assert find_identifier(text, [IDENTITY]) == "date_of_birth"


def test_a_digit_still_ends_a_date() -> None:
    """Digits on either side make it another number (an amount, a longer number)."""
    patterns = case_patterns(IDENTITY, "")
    for text in ("Nummer 120140719 en 201407191.", "Bedrag 119-07-2014.", "Code 19-07-20145."):
        assert scrub(text, patterns) == text


def test_ordinary_dates_stay() -> None:
    text = "Overleg op 19 juli om 14.00 uur; in 2014 verhuisd; 2014-07-20T08:30 gebeld."
    assert scrub(text, case_patterns(IDENTITY, "")) == text


def test_outbound_scrubs_the_review_plan(registry: Registry) -> None:
    plan = "Geboren 2014-07-19T08:30, zie scan_20140719.pdf en geb20140719."
    example = registry.examples["buurtteam-maatwerktafel"].case
    case = attrs.evolve(example, plan=plan, identity=IDENTITY)
    sent = outbound(case, key=b"k" * 32)
    assert not DATE_DIGITS.search(sent.plan), sent.plan
    assert sent.plan.count(REDACTED) == 3


def _parts(path: Path) -> str:
    """Every leaf part of an ``.eml``, decoded (the calendar parts are base64)."""
    message = email.message_from_bytes(path.read_bytes(), policy=default)
    out = []
    for part in message.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload()
        if part.get("Content-Transfer-Encoding", "").lower() == "base64":
            payload = base64.b64decode(payload).decode("utf-8")
        out.append(str(payload))
    return "\n".join(out)


def test_no_eml_carries_a_date_touching_a_letter(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    assert run("examples", "buurtteam-maatwerktafel", "-o", str(path)).exit_code == 0
    case = json.loads(path.read_text(encoding="utf-8"))
    typed = "Geboren " + ", ".join(DATES.values()) + "."
    case["plan"] = typed
    case["question"] = "Welke hulp past? " + typed
    case["identity"] = {"name": "Qorvath Wyndrel", "date_of_birth": BORN.isoformat()}
    path.write_text(json.dumps(case), encoding="utf-8")
    mail = tmp_path / "uit"
    result = run("invite", "--slot", "2026-03-09T09:15", str(path), "--at", "2026-03-02T10:00",
                 "--mail", str(mail), "-o", str(tmp_path / "out.ics"))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    emls = sorted(mail.glob("*.eml"))
    assert emls
    for eml in emls:
        text = _parts(eml)
        assert REDACTED in text, eml.name  # the plan and question arrived, scrubbed
        assert not DATE_DIGITS.search(text), (eml.name, DATE_DIGITS.search(text))
