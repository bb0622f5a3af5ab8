"""Canary: identifiers written differently reach no outbound artifact (issue 17, point 3).

The case's identity is known; its free text (question, plan, perspective, life domain, prior
step, requested care, party) and the text typed later (agreement, insight) carry the eight
variants an attack found slipping through: the phone number internationally, the street and
house number without the town, the postcode alone, the date of birth written out or dotted, the
BSN with separators, a possessive, the parts of a double surname, and the name in decomposed
Unicode. Every artifact is then searched for every variant, and for the bare digits of the
phone number and BSN: invitation and calendar files, shares, reports (triage, show, agreements,
learning lines), comparisons in every format and the ZGW export.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

IDENTITY = {
    "name": "Zqxanne Zoë van Qorvath-Wyndrel",
    "bsn": "111222333",
    "phone": "06-98765432",
    "email": "zqxanne@example.org",
    "address": "Klaverqxstraat 17, 3511 AB Utrecht",
    "date_of_birth": "2014-07-19",
}

VARIANTS = {
    "phone, international": "+31 6 98765432",
    "street and number, no town": "Klaverqxstraat 17",
    "postcode alone": "3511AB",
    "postcode, spaced and small": "3511 ab",
    "date written out": "19 juli 2014",
    "date dotted": "19.07.2014",
    "date short": "19-7-2014",
    "bsn with separators": "111-22 2.333",
    "possessive": "Zqxannes",
    "possessive with apostrophe": "Zqxanne's",
    "first part of double surname": "Qorvath",
    "second part of double surname": "Wyndrel",
    "decomposed name": unicodedata.normalize("NFD", "Zoë"),
}

TEXT = "Overleg over " + "; ".join(VARIANTS.values()) + "."


def leaks(text: str) -> list[str]:
    """The variants found in ``text``, compared normalised and ignoring case and separators."""
    plain = unicodedata.normalize("NFKC", text).casefold()
    digits = re.sub(r"\D", "", plain)
    found = [
        name
        for name, variant in VARIANTS.items()
        if unicodedata.normalize("NFKC", variant).casefold() in plain
    ]
    found += [f"digits of {n}" for n in ("98765432", "111222333") if n in digits]
    found += [n for n in ("zqxanne", "qorvath", "wyndrel", "klaverqx") if n in plain]
    return found


@pytest.fixture
def canary_case(tmp_path: Path, case_doc: dict[str, Any], cli_env: dict[str, str]) -> Path:
    Path(cli_env["ESCALATIE_CONFIG"]).write_text(
        '[calendar.organisers]\n"tafel" = "team@gemeente.example"\n', encoding="utf-8"
    )
    doc = {
        **case_doc,
        "reference": "CAN-2026-1",
        "age": 11,
        "question": TEXT,
        "plan": TEXT,
        "perspective": TEXT,
        "domains": [{"kind": "care", "question": TEXT, "need": TEXT}],
        "prior_steps": [{"kind": "home_visit", "by": "wijkteam", "tried": TEXT, "resolved": False}],
        "requested_care": [{"kind": "ambulant", "description": TEXT, "provider": "Zorg Qorvath"}],
        "identity": IDENTITY,
    }
    path = tmp_path / "canary.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_no_variant_reaches_any_artifact(
    run: Callable[..., Result], canary_case: Path, tmp_path: Path
) -> None:
    outputs: dict[str, str] = {}

    def keep(name: str, *args: str) -> Result:
        result = run(*args)
        assert result.exit_code == 0, (name, result.output)
        outputs[name] = result.output
        return result

    at = ("--at", "2026-03-20T10:00")
    invitation, cancellation = tmp_path / "invite.ics", tmp_path / "cancel.ics"
    keep("invite", "invite", "--slot", "2026-04-09T15:30", str(canary_case), "-o", str(invitation),
         "--at", "2026-03-02T10:00")  # fmt: skip
    keep("cancel", "cancel", "--slot", "2026-04-09T15:30", str(canary_case), "-o",
         str(cancellation), "--reason", "Geen ruimte", "--at", "2026-03-02T10:00")  # fmt: skip
    outputs["invitation file"] = invitation.read_text(encoding="utf-8")
    outputs["cancellation file"] = cancellation.read_text(encoding="utf-8")
    keep("triage", "triage", str(canary_case), "--at", "2026-03-02T10:00")
    for fmt in ("csv", "json", "markdown", "table"):
        keep(f"compare {fmt}", "compare", str(canary_case), "--models", "test-register",
             "--format", fmt, "--at", "2026-03-02T10:00")  # fmt: skip

    case_id = keep("case new", "case", "new", str(canary_case), "--at", "2026-03-02T10:00")
    case_id_text = case_id.stdout.strip()
    keep("agreement", "agreement", "add", case_id_text, "--action", TEXT, "--owner", "wijkteam",
         "--due", "2026-04-01", "--lead", "wijkteam", "--audience", "JGZ", *at)  # fmt: skip
    keep("insight", "insight", "add", case_id_text, "--theme", "process", "--text", TEXT, *at)
    keep("consent", "consent", "add", case_id_text, "--giver", "parents", "--with", "JGZ",
         "--what", "plan", "--what", "agreements", *at)  # fmt: skip
    for fmt in ((), ("--json",)):
        keep(f"show {fmt}", "case", "show", case_id_text, *fmt, *at)
        keep(f"case triage {fmt}", "case", "triage", case_id_text, *fmt, *at)
        keep(f"agreements {fmt}", "agreements", *fmt, *at)
    keep("share plan", "case", "share", case_id_text, "--with", "JGZ", "--what", "plan", *at)
    keep("share agreements", "case", "share", case_id_text, "--with", "JGZ", "--what",
         "agreements", *at)  # fmt: skip
    zaak = tmp_path / "zaak.json"
    keep("zgw", "case", "export", case_id_text, "--format", "zgw", "-o", str(zaak), *at)
    outputs["zgw file"] = zaak.read_text(encoding="utf-8")
    keep("learn report", "learn", "report", "--from", "2026-01-01", "--to", "2026-12-31", *at)

    found = {name: leaks(text) for name, text in outputs.items() if leaks(text)}
    assert not found, f"variants leaked: {found}"
    assert "[verwijderd]" in outputs["invitation file"] or "[verwijderd]" in outputs["zgw file"]


def test_a_variant_in_a_cancellation_reason_is_refused(
    run: Callable[..., Result], canary_case: Path, tmp_path: Path
) -> None:
    """Text beside the cases is checked by the calendar guard with the same variants."""
    for reason in ("Zqxannes moeder is ziek", "bel +31 6 98765432", "geboren 19 juli 2014"):
        result = run("cancel", "--slot", "2026-04-09T15:30", str(canary_case),
                     "-o", str(tmp_path / "c.ics"), "--reason", reason,
                     "--at", "2026-03-02T10:00")  # fmt: skip
        assert result.exit_code == 1, result.output
        assert "identity." in result.stderr and reason not in result.stderr
        assert not (tmp_path / "c.ics").exists()
