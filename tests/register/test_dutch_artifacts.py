"""Every Dutch artifact the program makes, read as a Dutch reader would (issue 12, point 5).

The program writes for Dutch participants and readers: meeting schedules, invitations and
cancellations (iCalendar), shared plans and agreements, the learning lines, the reports to each
body a model names, and the Commissie Passend Alternatief's decisions. This test makes each of
them, for every installed model, and scans the text for the defects a Dutch reader stumbles
over: a sentence that starts with a digit, project jargon ("seed 000"), English enum values
(``social_base``, ``residential``), "wijkteam" in Utrecht's texts (Utrecht has buurtteams),
"om de 1 weken", a time of day written with a colon ("09:15" instead of "09.15 uur"), "0
inzichten", the informal "je" where organisations are addressed with "u", and the label
"Procesondersteuning" for whatever role organises a forum.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from escalatie.clock import AMSTERDAM
from escalatie.plugins import default_registry

from .conftest import cli_with

AT = "2026-03-02T10:00"


def english_values() -> set[str]:
    """Every enum value with an underscore from the library's and plugins' modules."""
    import escalatie.case
    import escalatie.consent
    import escalatie.forum
    import escalatie.learning
    import escalatie.organisation
    import escalatie_utrecht.vierkant

    values = {"residential", "social_base"}
    for module in (escalatie.case, escalatie.consent, escalatie.forum, escalatie.learning,
                   escalatie.organisation, escalatie_utrecht.vierkant):  # fmt: skip
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, StrEnum):
                values |= {m.value for m in value if "_" in m.value}
    return values


SENTENCE_START_DIGIT = re.compile(r"(?:^|[.!?]\s+)(\d+)(?!\.\s)(?![\d-])", re.M)
COLON_TIME = re.compile(r"\b([01]\d|2[0-3]):[0-5]\d\b")


def defects(text: str, utrecht: bool, english: set[str]) -> list[str]:
    """What a Dutch reader would stumble over in ``text``."""
    found = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("|") or re.match(r"^\d+\.\s", stripped):
            continue  # table rows and numbered lists
        for match in SENTENCE_START_DIGIT.finditer(stripped):
            found.append(f"sentence starts with a digit: {stripped!r}")
            del match
            break
    lowered = text.lower()
    if re.search(r"\bseed \d", lowered):
        found.append("project jargon 'seed NNN'")
    for value in english:
        if re.search(rf"\b{re.escape(value)}\b", text):
            found.append(f"English enum value {value!r}")
    if utrecht and "wijkteam" in lowered:
        found.append("'wijkteam' in an Utrecht text")
    if "om de 1 " in lowered:
        found.append("'om de 1'")
    for match in COLON_TIME.finditer(text):
        found.append(f"time with a colon: {match.group(0)!r}")
    if re.search(r"\b0 (inzichten|casussen|signalen)\b", text):
        found.append("a count of 0 instead of 'geen'")
    if re.search(r"\b(je|jij|jouw)\b", lowered):
        found.append("informal 'je' in a text for organisations")
    if "procesondersteuning:" in lowered:
        found.append("the label 'Procesondersteuning' for the organising role")
    return found


def readable(ics: str) -> str:
    """The Dutch text of a calendar file: SUMMARY, DESCRIPTION, COMMENT, LOCATION."""
    from icalendar import Calendar

    out = []
    for component in Calendar.from_ical(ics).walk():
        for key in ("SUMMARY", "DESCRIPTION", "COMMENT", "LOCATION"):
            value = component.get(key)
            for item in value if isinstance(value, list) else [value]:
                if item is not None:
                    out.append(str(item))
    return "\n".join(out)


@pytest.fixture
def env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, escalatie_use_registry: Any
) -> dict[str, str]:
    escalatie_use_registry(None)
    if "utrecht-maatwerktafel" not in default_registry().models:
        pytest.skip("the Utrecht plugin is not installed")
    organisers = "\n".join(
        f'"{forum.key}" = "{forum.key}@gemeente.example"'
        for model in default_registry().models.values()
        for forum in model.forums
    )
    settings = tmp_path / "escalatie.toml"
    settings.write_text(f"[calendar.organisers]\n{organisers}\n", encoding="utf-8")
    return {
        "ESCALATIE_DB": str(tmp_path / "register.sqlite3"),
        "ESCALATIE_ACTOR": "lezer",
        "ESCALATIE_CONFIG": str(settings),
    }


def artifacts(env: dict[str, str], tmp_path: Path) -> Iterator[tuple[str, str, bool]]:
    """(what, Dutch text, whether it is an Utrecht text) for every artifact."""

    def run(*args: str) -> Result:
        result = cli_with(env, *args)
        assert result.exit_code == 0, (args, result.output)
        return result

    case_file = tmp_path / "case.json"
    run("examples", "buurtteam-maatwerktafel", "-o", str(case_file))
    from escalatie.schedule import next_slot

    for name, model in sorted(default_registry().models.items()):
        utrecht = model.plugin == "utrecht"
        for forum in model.forums:
            if not forum.cadence.fixed:
                continue
            out = tmp_path / f"{name}-{forum.key}.ics"
            run("-m", name, "schedule", "--forum", forum.key, "--from", "2026-01-01",
                "--to", "2026-12-31", "--at", AT, "-o", str(out))  # fmt: skip
            yield f"{name} schedule {forum.key}", readable(out.read_text()), utrecht
            slot = next_slot(forum.cadence, datetime(2026, 3, 2, 10, 0, tzinfo=AMSTERDAM))
            assert slot is not None
            start = slot.start.strftime("%Y-%m-%dT%H:%M")
            copies = tmp_path / f"{name}-{forum.key}-copies"
            # Triage sends the case to one forum only; the aanspreekpunt overrides for the rest.
            run("-m", name, "invite", "--forum", forum.key, "--slot", start, str(case_file),
                "--at", AT, "-o", str(out), "--copies", str(copies),
                "--override", "--reason", "Alle teksten nalezen", "--aanspreekpunt",
                model.contact_points[0].key if model.contact_points else "aanspreekpunt")  # fmt: skip
            yield f"{name} invite {forum.key}", readable(out.read_text()), utrecht
            for own in sorted(copies.glob("*.ics")):  # each attendee's own copy, with the plan
                yield f"{name} invite {forum.key} {own.name}", readable(own.read_text()), utrecht
            late = (slot.start.replace(hour=0, minute=0)).strftime("%Y-%m-%dT%H:%M")
            run("-m", name, "cancel", "--forum", forum.key, "--slot", start, "--force",
                str(case_file), "--at", late, "-o", str(out))  # fmt: skip
            yield f"{name} cancel {forum.key}", readable(out.read_text()), utrecht

    maatwerk = {**env, "ESCALATIE_MODEL": "utrecht-maatwerktafel"}

    def reg(*args: str, model: dict[str, str] = maatwerk) -> str:
        result = cli_with(model, *args)
        assert result.exit_code == 0, (args, result.output)
        return result.stdout

    case_id = reg("case", "new", str(case_file), "--at", AT).strip()
    for name in sorted(default_registry().models):
        report = reg("learn", "report", "--at", AT, model={**env, "ESCALATIE_MODEL": name})
        yield f"{name} learn report (empty)", report, name.startswith("utrecht")
    # The child is under 12: the parents consent for them (consent.young_person_from_12).
    reg("consent", "add", case_id, "--giver", "parents", "--with",
        "Samen Veilig", "--what", "plan", "--what", "agreements", "--at", AT)  # fmt: skip
    reg("agreement", "add", case_id, "--action", "Start gezinsbegeleiding", "--owner", "Lokalis",
        "--due", "2026-03-30", "--lead", "Lokalis", "--audience", "Samen Veilig", "--at", AT)  # fmt: skip
    reg("insight", "add", case_id, "--theme", "supply_and_purchasing", "--text",
        "Geen avondzorg in de wijk", "--at", AT)  # fmt: skip
    # Aligned with the submitter before the agreements are shared (seed 000 stap 5).
    reg("agreement", "aligned", case_id, "--at", AT)
    for what in ("plan", "agreements"):
        text = reg("case", "share", case_id, "--with", "Samen Veilig", "--what", what, "--at", AT)
        yield f"share {what}", text, True
    yield "learn report veld", reg("learn", "report", "--at", "2026-04-01T10:00"), True
    knelpunt = {**env, "ESCALATIE_MODEL": "utrecht-knelpuntenzorg"}
    reg("signal", "add", "--case", case_id, "--kind", "rule", "--to", "bestuur", "--blocks",
        "De Wmo neemt het niet over", "--at", AT, model=knelpunt)  # fmt: skip
    for name, model in sorted(default_registry().models.items()):
        for output in model.learning:
            if output.audience_key and output.audience_key != "veld":
                text = reg("learn", "report", "--audience", output.audience_key, "--at",
                           "2026-05-01T10:00", model={**env, "ESCALATIE_MODEL": name})  # fmt: skip
                yield f"{name} report {output.audience_key}", text, model.plugin == "utrecht"
    contracts = tmp_path / "contracts.json"
    contracts.write_text(json.dumps([
        {"provider": "Aanbieder A", "year": 2026, "categories": ["residential"],
         "budget_eur": 100000, "min_clients": 2, "spent_eur": 95000, "clients": 1},
    ]), encoding="utf-8")  # fmt: skip
    commissie = {**env, "ESCALATIE_MODEL": "utrecht-passend-alternatief"}
    for extra in ((), ("--alternatives-considered",)):
        text = reg("passend-alternatief", "decide", str(contracts), "--case", case_id,
                   "--category", "residential", "--provider", "Aanbieder A", "--cost", "60000",
                   *extra, "--at", AT, model=commissie)  # fmt: skip
        yield f"passend-alternatief decide {extra}", text, True


def test_the_scanner_catches_each_defect() -> None:
    english = {"social_base", "residential"}
    bad = {
        "2 inzichten uit 1 casus.": "sentence starts with a digit",
        "Zie seed 000 voor de regels.": "seed",
        "Spoor social_base.": "English enum value",
        "Het wijkteam komt.": "wijkteam",
        "Elke week, om de 1 weken.": "om de 1",
        "Maandag om 09:15.": "time with a colon",
        "Er zijn 0 inzichten.": "count of 0",
        "Deel dit in je organisatie.": "informal",
        "Procesondersteuning: Trajectregisseur.": "Procesondersteuning",
    }
    for text, defect in bad.items():
        assert any(defect in d for d in defects(text, True, english)), text
    good = "Maandag 9 maart 2026 van 09.15 tot 10.45 uur. In deze periode zijn geen inzichten."
    assert defects(good, True, english) == []


def test_every_dutch_artifact_reads_right(env: dict[str, str], tmp_path: Path) -> None:
    english = english_values()
    problems: list[str] = []
    seen = 0
    for what, text, utrecht in artifacts(env, tmp_path):
        seen += 1
        assert text.strip(), what
        problems += [f"{what}: {d}" for d in defects(text, utrecht, english)]
    assert seen > 20
    assert problems == []


Check = Callable[[str], list[str]]
