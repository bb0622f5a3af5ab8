"""Text that tries to change the structure of an iCalendar file stays text.

A plan or a question may hold line breaks, ``END:VEVENT``, property lines, semicolons and
commas: the invitation and the cancellation still hold exactly one event with the same
properties as for an ordinary text, and the hostile text comes back from the parsed file as it
was written (after the privacy scrub, which leaves these texts alone).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import icalendar
import pytest
from click.testing import Result
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

Run = Callable[..., Result]
AT = "2026-03-01T10:00"
SLOT = "2026-03-09T09:15"


@pytest.fixture
def refusal_off() -> Iterator[None]:
    """A case's free text refuses a lone carriage return and other control characters where
    it is read (attacker review of 1a5abc1); this shows the calendar writer's depth with that
    refusal switched off (attrs' validators disabled), as for a case an earlier version
    registered."""
    with attrs.validators.disabled():
        yield


INJECTIONS = st.one_of(
    st.sampled_from(
        [
            "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:ingevoegd\r\nEND:VEVENT",
            "x\nATTENDEE:mailto:buiten@example.org",
            "x\r\n ORGANIZER:mailto:buiten@example.org",
            "x\\nMETHOD:CANCEL",
            "a;b,c:d\\e",
            "END:VCALENDAR",
        ]
    ),
    st.text(alphabet="ab:;,\\\r\n EVNTDBGI", min_size=1, max_size=40).filter(lambda t: t.strip()),
)


def shape(path: Path) -> tuple[list[str], list[list[str]]]:
    """Component names and, per event, its property names."""
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    names = [c.name for c in calendar.walk()]
    events = [sorted(set(e.keys())) for e in calendar.walk("VEVENT")]
    return names, events


def case_with(text: str) -> dict[str, Any]:
    return {
        "reference": "inject-1",
        "age": 14,
        "question": text if text.strip() else "vraag",
        "domains": [{"kind": "education", "question": "Passend onderwijs"}],
        "submitter": {"role": "district_team", "organisation": "Buurtteam"},
        "plan": text,
    }


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=INJECTIONS)
@example(text="x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:ingevoegd\r\nEND:VEVENT")
def test_hostile_text_does_not_change_the_calendar(
    run: Run, tmp_path_factory: Any, text: str, refusal_off: None
) -> None:
    out = tmp_path_factory.mktemp("ics")
    plain, hostile = out / "plain.json", out / "hostile.json"
    plain.write_text(json.dumps(case_with("Thuis wonen met hulp")), encoding="utf-8")
    hostile.write_text(json.dumps(case_with(text)), encoding="utf-8")
    # Triage does not send these bare cases to the maatwerktafel: the aanspreekpunt overrides.
    override = ("--override", "--aanspreekpunt", "aanspreekpunt-lokalis", "--reason",
                "Proef met vreemde tekst")  # fmt: skip
    for command, extra in (("invite", override), ("cancel", ("--reason", text))):
        shapes = []
        for case in (plain, hostile):
            target, copies = out / f"{command}-{case.stem}.ics", out / f"{command}-{case.stem}"
            result = run(command, "--slot", SLOT, str(case), "--at", AT, *extra, "-o", str(target),
                         "--copies", str(copies))  # fmt: skip
            assert result.exit_code == 0, result.stderr
            # The shared copy and each attendee's own (which carries the plan) keep their shape.
            shapes.append([shape(p) for p in (target, *sorted(copies.glob("*.ics")))])
        assert shapes[0] == shapes[1], (command, text)
        for names, _ in shapes[1]:
            assert names.count("VEVENT") == 1 and names[0] == "VCALENDAR"
        assert "ingevoegd" not in str(
            [e.get("SUMMARY") for e in icalendar.Calendar.from_ical(
                (out / f"{command}-hostile.ics").read_bytes()).walk("VEVENT")]
        )  # fmt: skip
