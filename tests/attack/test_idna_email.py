"""An e-mail address whose domain is typed in its other IDNA spelling (attacker review):
``bücher.example`` and ``xn--bcher-kva.example`` are one domain, so one identifier. With either
in the identity block and the other typed into the case, no attendee's copy, shared invitation
or export carries it (docs/privacy.md)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result

from escalatie.case import Identity
from escalatie.privacy import (
    REDACTED,
    case_patterns,
    find_identifier,
    folded,
    may_name,
    normalise,
    scrub,
)

Run = Callable[..., Result]
EXAMPLE = Path(__file__).parents[2] / "src/escalatie_examples/cases/buurtteam-maatwerktafel.json"

UNICODE = "ouder@bücher.example"
ASCII = "ouder@xn--bcher-kva.example"
DIRECTIONS = {
    "identity Unicode, text xn--": (UNICODE, [ASCII, ASCII.upper(), "ouder@Xn--Bcher-Kva.example"]),
    "identity xn--, text Unicode": (
        ASCII,
        [UNICODE, "ouder@BÜCHER.example", "OUDER@Bücher.EXAMPLE"],
    ),
}


def _identity(email: str) -> Identity:
    return Identity(
        name="Zoe Testkind", bsn="111222333", phone="06-98765432",
        address="Verzonnenstraat 1, 9999 ZZ Nergenshuizen", email=email,
        date_of_birth=date(2015, 3, 1),
    )  # fmt: skip


@pytest.mark.parametrize(("email", "typed"), DIRECTIONS.values(), ids=list(DIRECTIONS))
def test_the_other_spelling_is_scrubbed_and_found(email: str, typed: list[str]) -> None:
    identity = _identity(email)
    for spelling in typed:
        text = f"Mail naar {spelling} vandaag."
        assert scrub(text, case_patterns(identity, "")) == f"Mail naar {REDACTED} vandaag."
        assert find_identifier(text, [identity]) == "email"
        assert may_name(identity, folded(normalise(text))[0]), spelling


@pytest.mark.parametrize(
    ("email", "typed"),
    [
        # IDNA 2008 keeps the ß (xn--strae-oqa); IDNA 2003 writes it ss, as folding does.
        ("ouder@straße.example", ["ouder@xn--strae-oqa.example", "ouder@strasse.example"]),
        ("ouder@xn--strae-oqa.example", ["ouder@straße.example", "ouder@STRASSE.example"]),
        # A label IDNA 2008 refuses (a symbol) is still written as IDNA 2003 writes it.
        ("ouder@☃.example", ["ouder@xn--n3h.example"]),
        # One label in each spelling, and the "@" and dots written out.
        ("ouder@bücher.müller.example", ["ouder@xn--bcher-kva.müller.example"]),
        (UNICODE, ["ouder [at] xn--bcher-kva [dot] example"]),
    ],
)
def test_every_spelling_of_each_label(email: str, typed: list[str]) -> None:
    identity = _identity(email)
    for spelling in typed:
        assert scrub(spelling, case_patterns(identity, "")) == REDACTED, spelling
        assert may_name(identity, folded(normalise(spelling))[0]), spelling


def test_a_domain_that_cannot_be_converted_keeps_its_one_spelling() -> None:
    """An ``xn--`` label that is no Punycode has no Unicode spelling: still caught as typed,
    and nothing else is."""
    identity = _identity("ouder@xn--!!.example")
    assert scrub("ouder@xn--!!.example", case_patterns(identity, "")) == REDACTED
    assert scrub("ouder@bucher.example", case_patterns(identity, "")) == "ouder@bucher.example"


def test_another_domain_is_kept() -> None:
    """Not too wide: a look-alike of another domain, or the same domain's name on its own."""
    patterns = case_patterns(_identity(UNICODE), "")
    for text in ("ouder@xn--bcher-kvb.example", "ouder@bucherij.example", "bücher.example"):
        assert scrub(text, patterns) == text


@pytest.mark.parametrize(("email", "typed"), DIRECTIONS.values(), ids=list(DIRECTIONS))
def test_no_spelling_reaches_an_invitation_a_copy_or_an_export(
    run: Run, tmp_path: Path, email: str, typed: list[str]
) -> None:
    if not EXAMPLE.exists():
        pytest.skip("the bundled example case is not installed")
    case = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    said = " of ".join(typed)
    case["question"] += f" Mail {said}."
    case["plan"] += f" Contact: {said}."
    case["domains"][0]["need"] += f" Via {typed[0]}."
    case["identity"] = {
        "name": "Zoe Testkind", "bsn": "111222333", "phone": "06-98765432",
        "address": "Verzonnenstraat 1, 9999 ZZ Nergenshuizen", "email": email,
        "date_of_birth": "2014-09-01",  # age 11, as the example case says
    }  # fmt: skip
    path = tmp_path / "idn.json"
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    shared, copies = tmp_path / "sh.ics", tmp_path / "cop"
    invited = run(
        "invite", "--slot", "2026-12-07T09:15", "--at", "2026-12-01T09:00",
        "--copies", str(copies), str(path), "-o", str(shared),
    )  # fmt: skip
    assert invited.exit_code == 0, invited.stderr
    written = {p.name: p.read_text(encoding="utf-8") for p in [shared, *copies.glob("*.ics")]}
    assert len(written) > 1
    new = run("case", "new", str(path), "--json", "--at", "2026-12-01T09:00")
    assert new.exit_code == 0, new.stderr
    exported = run("case", "export", json.loads(new.stdout)["id"], "--format", "json")
    assert exported.exit_code == 0, exported.stderr
    written["export"] = exported.stdout
    assert any("Mail " in text for text in written.values())  # the question went out
    for name, text in written.items():
        # An .ics line is folded at 75 octets: read it unfolded.
        flat = text.replace("\r\n ", "").replace("\n ", "").casefold()
        for spelling in [email, *typed]:
            assert spelling.casefold() not in flat, (name, spelling)
        assert "bcher" not in flat and "bucher" not in flat, name
