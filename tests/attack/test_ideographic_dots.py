"""An e-mail address written with a full stop IDNA reads as a dot (attacker review of main
437494c, finding 1), and a Greek domain in capitals (finding 6).

UTS #46 takes the ideographic full stop ``。`` (U+3002), the half-width ``｡`` (U+FF61) and the
full-width ``．`` (U+FF0E) as label separators: ``ouder@bücher。example`` is
``ouder@bücher.example``. Typed into a case (or into its identity block) it reached the ZGW and
JSON exports, a share, an agreement and every invitation ``.eml`` unscrubbed, and it was stored
so in the events. ``ΣΑΣ`` is ``σας`` to a reader, which IDNA 2008 writes ``xn--mxa8ab``: that
spelling stayed too (docs/privacy.md).
"""

from __future__ import annotations

import email
import json
import quopri
import sqlite3
from collections.abc import Callable
from email.policy import default
from pathlib import Path

import pytest
from click.testing import Result

from escalatie.case import Identity
from escalatie.privacy import REDACTED, case_patterns, folded, may_name, normalise, scrub

Run = Callable[..., Result]
AT = ("--at", "2026-11-29T09:00")

DIRECTIONS = {
    "identity with dots, text U+3002": ("ouder@bücher.example", "ouder@bücher\u3002example"),
    "identity with dots, text U+FF61": ("ouder@bücher.example", "ouder@bücher\uff61example"),
    "identity with dots, text xn-- and U+3002": (
        "ouder@bücher.example",
        "ouder@xn--bcher-kva\u3002example",
    ),
    "ASCII identity, text U+3002": ("ouder@example.com", "ouder@example\u3002com"),
    "ASCII identity, text U+FF0E": ("ouder@example.com", "ouder@example\uff0ecom"),
    "identity with U+3002, text dots": ("ouder@bücher\u3002example", "ouder@bücher.example"),
    "identity with U+FF61, text ASCII": ("ouder@example\uff61com", "ouder@example.com"),
}


def _identity(address: str) -> Identity:
    return Identity(name="Zoe Testkind", bsn="111222333", email=address)


@pytest.mark.parametrize(("identity", "typed"), DIRECTIONS.values(), ids=list(DIRECTIONS))
def test_every_full_stop_is_a_dot(identity: str, typed: str) -> None:
    person = _identity(identity)
    text = f"Mail {typed} vandaag."
    assert scrub(text, case_patterns(person, "")) == f"Mail {REDACTED} vandaag."
    assert may_name(person, folded(normalise(text))[0])


@pytest.mark.parametrize(
    ("identity", "typed"),
    [
        ("ouder@ΣΑΣ.example", "ouder@xn--mxa8ab.example"),  # σας, IDNA 2008
        ("ouder@ΣΑΣ.example", "ouder@xn--mxa9ab.example"),  # σασ
        ("ouder@σασ.example", "ouder@xn--mxa8ab.example"),
        ("ouder@ΣΑΣ.example", "ouder@σας.example"),
    ],
)
def test_a_greek_domain_in_capitals_in_every_spelling(identity: str, typed: str) -> None:
    person = _identity(identity)
    assert scrub(f"Mail {typed} nu", case_patterns(person, "")) == f"Mail {REDACTED} nu"
    assert may_name(person, folded(normalise(typed))[0])


def test_other_full_stops_are_kept() -> None:
    """Only an address is taken: a Japanese sentence's full stop stays as typed."""
    text = "会議は月曜日です。"
    assert scrub(text, case_patterns(_identity("ouder@example.com"), "")) == text


def _eml_text(path: Path) -> str:
    """Every leaf part of an ``.eml``, decoded (quoted-printable or base64)."""
    message = email.message_from_bytes(path.read_bytes(), policy=default)
    out = [str(message["Subject"] or "")]
    for part in message.walk():
        if part.is_multipart():
            continue
        raw = part.get_payload(decode=True)
        assert isinstance(raw, bytes)
        out.append(raw.decode("utf-8"))
    return "\n".join(out)


def _leaks(text: str, spellings: list[str]) -> list[str]:
    flat = text.replace("\r\n ", "").replace("\n ", "").casefold()
    return [s for s in spellings if s.casefold() in flat]


@pytest.mark.parametrize(
    ("identity", "typed"),
    [DIRECTIONS["identity with dots, text U+3002"], DIRECTIONS["identity with U+3002, text dots"]],
    ids=["text U+3002", "identity U+3002"],
)
def test_no_artifact_carries_the_address(
    run: Run, tmp_path: Path, identity: str, typed: str
) -> None:
    """The attacker's reproduction, through the CLI: exports, share, agreements, ``.eml``."""
    path = tmp_path / "case.json"
    assert run("examples", "buurtteam-maatwerktafel", "-o", str(path)).exit_code == 0
    case = json.loads(path.read_text(encoding="utf-8"))
    case["question"] += f" Mail {typed}."
    case["plan"] += f" Mail {typed.replace(chr(0x3002), chr(0xFF61))}."
    case["identity"] = {"name": "Zoe Testkind", "bsn": "111222333", "email": identity}
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    spellings = [typed, typed.replace("\u3002", "\uff61"), "bücher\u3002", "bücher\uff61"]

    new = run("case", "new", str(path), "--json", *AT)
    assert new.exit_code == 0, new.stderr
    case_id = json.loads(new.stdout)["id"]
    written: dict[str, str] = {}
    for form in ("zgw", "json"):
        exported = run("case", "export", case_id, "--format", form)
        assert exported.exit_code == 0, exported.stderr
        written[form] = exported.stdout
    consent = run(
        "consent", "add", case_id, "--giver", "parents", "--with", "Samen Veilig",
        "--what", "plan", "--what", "agreements", *AT,
    )  # fmt: skip
    assert consent.exit_code == 0, consent.stderr
    shared = tmp_path / "shared.txt"
    share = run(
        "case", "share", case_id, "--with", "Samen Veilig", "--what", "plan", "--reason", "r",
        "-o", str(shared), *AT,
    )  # fmt: skip
    assert share.exit_code == 0, share.stderr
    written["share"] = shared.read_text(encoding="utf-8")
    added = run(
        "agreement", "add", case_id, "--action", f"Mail {typed} over de planning",
        "--owner", "Lokalis", "--due", "2026-12-30", "--lead", "Lokalis",
        "--audience", "Samen Veilig", *AT,
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    listed = run("agreements", "--format", "jsonl", *AT)
    assert listed.exit_code == 0, listed.stderr
    written["agreements"] = listed.stdout
    assert REDACTED in written["agreements"]
    mail = tmp_path / "mail"
    invited = run(
        "-m", "utrecht-maatwerktafel", "invite", "--slot", "2026-12-07T09:15", *AT, str(path),
        "--mail", str(mail), "-o", str(tmp_path / "out.ics"),
    )  # fmt: skip
    assert invited.exit_code == 0, invited.stderr
    emls = sorted(mail.glob("*.eml"))
    assert emls
    for eml in emls:
        written[eml.name] = _eml_text(eml) + quopri.decodestring(eml.read_bytes()).decode()
    assert any(REDACTED in text for text in written.values())
    for name, text in written.items():
        assert not _leaks(text, spellings), name
    with sqlite3.connect(tmp_path / "register.sqlite3") as db:  # what the read role would see
        stored = "\n".join(str(p) for (p,) in db.execute("select payload from events"))
    assert not _leaks(stored, spellings)
