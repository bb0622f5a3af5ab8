"""Identifiers touching a letter, an underscore or another word, and other spellings, are
scrubbed (attacker review of main 763a7ef, findings 2 and 4; docs/privacy.md).

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
from escalatie.privacy import (
    REDACTED,
    case_patterns,
    find_identifier,
    folded,
    may_name,
    normalise,
    outbound,
    scrub,
)

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


# --- finding 4: other spellings ---------------------------------------------------------------

FULL = Identity(
    name="Qorvath Wyndrel",
    phone="06-98765432",
    email="ouder@voorbeeld.example",
    address="Klaverqxstraat 17, 3511 AB Utrecht",
    date_of_birth=BORN,
)
REFERENCE = "VB-000-01"

SPELLINGS = {
    "e-mail, URL-encoded": "ouder%40voorbeeld.example",
    "e-mail, mailto link": "mailto:ouder%40voorbeeld.example",
    "e-mail, HTML decimal reference": "ouder&#64;voorbeeld.example",
    "e-mail, HTML hex reference": "ouder&#x40;voorbeeld.example",
    "e-mail, HTML hex reference, capital X": "ouder&#X40;voorbeeld.example",
    "e-mail, HTML named reference": "ouder&commat;voorbeeld.example",
    "reference touching a word": "dossierVB-000-01",
    "reference touching a letter after": "VB000-01x",
    "phone, 31 without + or 00": "31698765432",
    "phone, 31 apart": "31 6 98765432",
    "phone, 3 and 1 apart": "3 1 6 98765432",
    "postcode touching a letter": "3511ABx",
    "street split before its ending": "Klaverqx straat 17",
    "street split, abbreviated": "Klaverqx str. 17",
    "street split at a hyphen": "Klaverqx-straat 17",
    "street split over two lines at a hyphen": "Klaverqx-\nstraat 17",
    "street split over two lines before its ending": "Klaverqx\nstraat 17",
    "street and number on two lines": "Klaverqxstraat\n17",
}
"""Each holds one identifier of :data:`FULL` or :data:`REFERENCE`."""

CANARY = re.compile(r"voorbeeld|98765432|3511|klaverqx|000.?01", re.IGNORECASE)
"""What is left of any of :data:`SPELLINGS` if it is not scrubbed."""


@pytest.mark.parametrize("spelling", SPELLINGS.values(), ids=list(SPELLINGS))
def test_other_spellings_are_scrubbed_and_found(spelling: str) -> None:
    text = f"Zie {spelling} voor meer."
    scrubbed = scrub(text, case_patterns(FULL, REFERENCE))
    assert scrubbed.count(REDACTED) == 1 and not CANARY.search(scrubbed), scrubbed
    assert find_identifier(text, [FULL], [REFERENCE]) is not None
    if "VB" not in spelling:  # the reference is not the identity's: it has no anchors
        assert may_name(FULL, folded(normalise(text))[0])  # the fast path lets it through


ORDINARY = (
    "In 3511 abonnees kwamen 31 mensen op 6 maart naar de straat 17 in het lab.",
    "Het lab 2026 gaf 3511 abc-testen; tab VB; de laan 17 en Klaverweg 17 liggen verderop.",
    "Bel 0698765431 of 316987654321; mail naar ouder%40elders.example of ouder&#40;x.",
    "Het dossier VB-000-02 en VB-000-011 zijn andere dossiers; 20140720 is een andere dag.",
    "Zij woont aan de Klaverstraat 17 en kreeg 17 straatprijzen; Klaverqx laan 17 is elders.",
    "Zie 13511ABx en 3511 ABC, de straat\n17 en ouder at home.",
)
"""Ordinary text near each spelling, which must stay as typed (few false positives)."""


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_near_the_spellings_stays(text: str) -> None:
    assert scrub(text, case_patterns(FULL, REFERENCE)) == text
    assert find_identifier(text, [FULL], [REFERENCE]) is None


def test_an_encoded_at_sign_hides_no_number() -> None:
    """``%40`` is read as ``@`` only before a letter, and a character reference ends at its
    ``;``: the digits of either begin no number, so a BSN after a ``%`` is still found."""
    identity = Identity(name="Qorvath Wyndrel", bsn="401234563")
    for text in ("Zie %401234563 nu", "x%401234563", "&#64;401234563"):
        scrubbed = scrub(text, case_patterns(identity, ""))
        assert REDACTED in scrubbed and "1234563" not in scrubbed, scrubbed


def test_a_short_or_letters_only_reference_keeps_its_word_boundaries() -> None:
    """With fewer than five digits a letter touching a letter end makes a longer word
    (``AB-2026`` in ``lab 2026``); a digit end may still touch a letter."""
    assert scrub("lab 2026, AB-2026x", case_patterns(None, "AB-2026")) == f"lab 2026, {REDACTED}x"
    text = "de jeugdzorg van DOSSIER-ZORG"
    assert scrub(text, case_patterns(None, "ZORG")) == f"de jeugdzorg van DOSSIER-{REDACTED}"


def test_no_artifact_carries_another_spelling(run: Run, tmp_path: Path) -> None:
    """Every spelling typed into the case's free text, through triage, compare and an
    invitation with its e-mails: none arrives."""
    path = tmp_path / "case.json"
    assert run("examples", "buurtteam-maatwerktafel", "-o", str(path)).exit_code == 0
    case = json.loads(path.read_text(encoding="utf-8"))
    case["reference"] = REFERENCE  # (the example's own)
    assert len(CANARY.findall(json.dumps(case))) == 1  # the example names none but it
    typed = "Zie " + ", ".join(SPELLINGS.values()) + "."
    case["plan"] = typed
    case["question"] = "Welke hulp past? " + typed
    case["identity"] = attrs.asdict(FULL) | {"date_of_birth": BORN.isoformat()}
    path.write_text(json.dumps(case), encoding="utf-8")
    found: dict[str, str] = {}
    for name, args in {
        "triage": ("triage", str(path), "--at", "2026-03-02T10:00"),
        "triage --json": ("triage", str(path), "--json", "--at", "2026-03-02T10:00"),
        "compare csv": ("compare", str(path), "--format", "csv", "--at", "2026-03-02T10:00"),
        "compare json": ("compare", str(path), "--format", "json", "--at", "2026-03-02T10:00"),
    }.items():
        result = run(*args)
        assert result.exit_code == 0, (name, result.stderr)
        found[name] = result.stdout + result.stderr
    mail, ics = tmp_path / "uit", tmp_path / "out.ics"
    result = run("invite", "--slot", "2026-03-09T09:15", str(path), "--at", "2026-03-02T10:00",
                 "--mail", str(mail), "-o", str(ics))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    found["invite"] = result.stdout + result.stderr + ics.read_text(encoding="utf-8")
    emls = sorted(mail.glob("*.eml"))
    assert emls
    for eml in emls:
        found[eml.name] = _parts(eml)
        assert REDACTED in found[eml.name], eml.name  # the plan and question arrived, scrubbed
    leaks = {name: CANARY.findall(text) for name, text in found.items()}
    assert not any(leaks.values()), {k: v for k, v in leaks.items() if v}
