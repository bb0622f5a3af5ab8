"""Control characters that split an identifier (attacker review of 1a5abc1, finding 1): the
plan ``Test\\u0000kind, BSN 111\\u007f222\\u007f333`` passed the scrubber, and ``case share``
removed the controls after it, printing the name and the BSN whole. :func:`normalise` removes
control characters (Cc but tab, line feed and a CRLF's carriage return; Zl, Zp) as it removes
format characters, so the split identifier is found."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import Result

from escalatie.case import Case, Identity
from escalatie.privacy import REDACTED, find_identifier, identifier_pattern, normalise, scrub

Run = Callable[..., Result]

IDENTITY = Identity(
    name="Testkind Voorbeeld",
    bsn="111222333",
    phone="0698765432",
    date_of_birth=date(2014, 9, 1),
)

NAME_SPLITTERS = [
    *map(chr, range(0x00, 0x09)), "\x0b", "\x0c", *map(chr, range(0x0E, 0x20)),
    *map(chr, range(0x7F, 0xA0)), "\u2028", "\u2029", "\r",
]  # fmt: skip
"""Every character that split the name past the scrubber (a lone carriage return too: the
terminal neutraliser removes it)."""

DIGIT_SPLITTERS = [*map(chr, range(0x00, 0x09)), "\x1b", "\x7f", "\x9b"]


@pytest.mark.parametrize("splitter", NAME_SPLITTERS, ids=lambda c: f"U+{ord(c):04X}")
def test_a_control_inside_the_name_is_found(splitter: str) -> None:
    text = f"Plan voor Test{splitter}kind en Voor{splitter}beeld."
    assert find_identifier(text, [IDENTITY]) == "name"
    scrubbed = scrub(text, identifier_pattern(IDENTITY))
    assert "kind" not in scrubbed and "beeld" not in scrubbed, repr(scrubbed)
    assert scrubbed.count(REDACTED) == 2


@pytest.mark.parametrize("splitter", DIGIT_SPLITTERS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize(
    ("typed", "field"),
    [("111{0}222{0}333", "bsn"), ("06{0}98765432", "phone"), ("2014{0}09{0}01", "date_of_birth")],
)
def test_a_control_inside_a_number_is_found(splitter: str, typed: str, field: str) -> None:
    text = "Zie " + typed.format(splitter) + "."
    assert find_identifier(text, [IDENTITY]) == field
    assert scrub(text, identifier_pattern(IDENTITY)) == f"Zie {REDACTED}."


def test_the_repro_of_the_review_is_scrubbed_whole() -> None:
    text = "Plan voor Test\u0000kind, BSN 111\u007f222\u007f333, tel 06\u001b98765432, geb 2014\u000809\u000801."
    assert scrub(text, identifier_pattern(IDENTITY)) == (
        f"Plan voor {REDACTED}, BSN {REDACTED}, tel {REDACTED}, geb {REDACTED}."
    )


def test_line_ends_and_tabs_stay_white_space() -> None:
    """A line feed, a tab and a CRLF line end are white space, as typed; ``normalise`` keeps
    them (a plan of several lines stays several lines once scrubbed)."""
    assert normalise("a\tb\nc\r\nd") == "a\tb\nc\r\nd"
    assert normalise("a\rb\x00c\u2028d\x85e") == "abcde"
    text = "Regel een\r\nTestkind\tVoorbeeld\nregel drie"
    assert scrub(text, identifier_pattern(IDENTITY)) == f"Regel een\r\n{REDACTED}\nregel drie"


# The commands: case new refuses the text; a register that holds it (written by an earlier
# version, which did not refuse it) neither shows, shares nor exports it; and were it read,
# nothing of the identity and no control character would leave.

AT = "2026-03-02T10:00"
PLAN = (
    "Plan voor Test\u0000kind, BSN 111\u007f222\u007f333, tel 06\u001b98765432, "
    "geb 2014\u000809\u000801, Voor\u2028beeld\u0085."
)
QUESTION = "Vraag\u0000 over\u001b[2J de\u0085 hulp\u009b31m"
"""Control characters without an identifier: the register keeps such text as typed."""
CANARIES = ("Testkind", "Voorbeeld", "Test", "111222333", "222", "8765432", "2014")


def _case(**changes: Any) -> dict[str, Any]:
    case: dict[str, Any] = {
        "reference": "ctrl-0001",
        "age": 11,
        "question": "Welke hulp past?",
        "domains": [{"kind": "care", "question": "Zorg die past"}],
        "submitter": {"role": "district_team", "organisation": "Buurtteam"},
        "plan": "Een plan.",
        "prior_steps": [{"kind": "ask_consult", "by": "ASK", "tried": "consult"}],
        "obstacles": ["no_fitting_provider"],
        "municipality": "Utrecht",
        "identity": {
            "name": "Testkind Voorbeeld",
            "bsn": "111222333",
            "phone": "0698765432",
            "date_of_birth": "2014-09-01",
        },
    }
    case.update(changes)
    return case


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"plan": PLAN}, "plan"),
        ({"question": "Vraag\u0000"}, "question"),
        ({"perspective": "Lone\rreturn"}, "perspective"),
        ({"domains": [{"kind": "care", "question": "Zorg", "need": "x\u2029y"}]}, "need"),
        ({"prior_steps": [{"kind": "ask_consult", "by": "A\u001bSK"}]}, "by"),
        ({"requested_care": [{"kind": "ambulant", "description": "\u009b1m"}]}, "description"),
    ],
)
def test_case_new_refuses_control_characters_in_free_text(
    run: Run, tmp_path: Path, changes: dict[str, Any], path: str
) -> None:
    file = tmp_path / "case.json"
    file.write_text(json.dumps(_case(**changes)), encoding="utf-8")
    result = run("case", "new", str(file), "--at", AT)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert path in line and "control characters (line breaks and tabs are allowed)" in line, line


def test_line_breaks_tabs_and_crlf_are_free_text(run: Run, tmp_path: Path) -> None:
    file = tmp_path / "case.json"
    file.write_text(json.dumps(_case(plan="Stap 1\r\nStap 2\n\tStap 3")), encoding="utf-8")
    assert run("case", "new", str(file), "--at", AT).exit_code == 0


def _register_holding(run: Run, tmp_path: Path) -> str:
    """A register holding the review's plan, as an earlier version wrote it (its validators
    did not refuse control characters), with consent to share the plan with JGZ."""
    file = tmp_path / "case.json"
    file.write_text(json.dumps(_case(plan=PLAN, question=QUESTION)), encoding="utf-8")
    with attrs.validators.disabled():
        new = run("case", "new", str(file), "--json", "--at", AT)
    assert new.exit_code == 0, new.stderr
    case_id: str = json.loads(new.stdout)["id"]
    consent = run("consent", "add", case_id, "--giver", "parents",  # under 12: the parents consent
                  "--with", "JGZ", "--what", "plan", "--at", AT)  # fmt: skip
    assert consent.exit_code == 0, consent.stderr
    return case_id


def _commands(case_id: str, out: Path) -> dict[str, tuple[tuple[str, ...], Path | None]]:
    share = ("case", "share", case_id, "--with", "JGZ", "--what", "plan", "--at", AT)
    return {
        "share": (share, None),
        "share -o": ((*share, "-o", str(out / "share.txt")), out / "share.txt"),
        "export json": (("case", "export", case_id, "--format", "json", "--at", AT,
                         "-o", str(out / "export.json")), out / "export.json"),
        "export zgw": (("case", "export", case_id, "--format", "zgw", "--at", AT,
                        "-o", str(out / "zgw.json")), out / "zgw.json"),
        "show": (("case", "show", case_id, "--at", AT), None),
        "show --json": (("case", "show", case_id, "--json", "--at", AT), None),
    }  # fmt: skip


def test_a_register_holding_such_text_shows_shares_and_exports_none_of_it(
    run: Run, tmp_path: Path
) -> None:
    case_id = _register_holding(run, tmp_path)
    for name, (args, file) in _commands(case_id, tmp_path).items():
        if name == "export zgw":  # refused too, after a warning line about the example catalogue
            continue
        result = run(*args)
        assert result.exit_code == 1, (name, result.stdout)
        (line,) = result.stderr.splitlines()
        assert line.startswith("error: ") and "question" in line, (name, line)
        assert "control characters" in line, (name, line)
        assert file is None or not file.exists(), name


def _leaks(text: str) -> list[str]:
    found = [c for c in CANARIES if c in text]
    found += [f"U+{ord(c):04X}" for c in text if not (c.isprintable() or c in "\n\t")]
    found += ["\\u escape"] * bool(re.search(r"\\u00[0-9a-f]{2}", text, re.IGNORECASE))
    return found


def test_were_such_text_read_nothing_of_the_identity_and_no_control_leaves(
    run: Run, tmp_path: Path
) -> None:
    """In depth: with the refusal switched off (attrs' validators disabled), the scrubber finds
    the split identifiers (``normalise``) and every writer removes the controls."""
    case_id = _register_holding(run, tmp_path)
    with attrs.validators.disabled():
        for name, (args, file) in _commands(case_id, tmp_path).items():
            result = run(*args)
            assert result.exit_code == 0, (name, result.stderr)
            written = result.stdout + (file.read_text(encoding="utf-8") if file else "")
            assert name in ("export zgw", "show") or REDACTED in written, name  # no plan there
            assert _leaks(written) == [], (name, _leaks(written))


def test_the_invitation_guard_names_the_case_text_that_holds_the_identifier() -> None:
    """The last check's hint names the case's own text when the identifier is there, and the
    text given with the cases (``--reason``) otherwise."""
    from escalatie.calendar.guard import ensure_no_identity
    from escalatie.documents import structure
    from escalatie.errors import EscalatieError

    case = structure(_case(domains=[{"kind": "care", "question": "Zorg", "need": "Voorbeeld"}]),
                     Case)  # fmt: skip
    with pytest.raises(EscalatieError, match=r"identity\.name .* the case's domains\[0\]\.need "):
        ensure_no_identity("SUMMARY:Overleg Voorbeeld", [case], "invitation")
    plain = structure(_case(), Case)
    with pytest.raises(EscalatieError, match=r"such as --reason\) and retry$"):
        ensure_no_identity("DESCRIPTION:Afgezegd wegens Testkind", [plain], "cancellation")
