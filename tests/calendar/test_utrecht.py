"""End to end on the installed Utrecht model: its cadence, its participants and agenda functions."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import attrs
import holidays
import pytest
from click.testing import CliRunner

from escalatie.calendar import cancellation, invitation, plugin_hooks
from escalatie.case import Obstacle
from escalatie.cli import cli
from escalatie.clock import AMSTERDAM, fixed_clock
from escalatie.documents import dump_json
from escalatie.model import EscalationModel
from escalatie.plugins import Registry

MODEL = "utrecht-maatwerktafel"
SLOT = datetime(2026, 3, 9, 9, 15, tzinfo=AMSTERDAM)  # default first Monday 2026-01-05 + 9 weeks
SENT = fixed_clock(datetime(2026, 3, 1, 10, 0, tzinfo=AMSTERDAM))


@pytest.fixture
def utrecht(
    registry: Registry, settings_file: Path, escalatie_use_registry: Callable[..., None]
) -> Any:
    escalatie_use_registry(registry)
    return registry.model(MODEL)


def test_a_year_of_utrecht_tables(utrecht: EscalationModel, tmp_path: Path, ical: Any) -> None:
    out = tmp_path / "utrecht.ics"
    result = CliRunner().invoke(
        cli,
        [
            "-m",
            MODEL,
            "schedule",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--at",
            "2026-01-02T09:00",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    events = ical.events(out.read_text())
    assert sorted(str(e["UID"]) for e in events) == [
        "donderdag@maatwerktafel.utrecht-maatwerktafel.escalatie",
        "maandag@maatwerktafel.utrecht-maatwerktafel.escalatie",
    ]
    off = set(holidays.country_holidays("NL", years=2026)) | {date(2026, 5, 5)}
    starts = []
    for event in events:
        length = event["DTEND"].dt - event["DTSTART"].dt
        for start in ical.expand(event):
            local = start.astimezone(AMSTERDAM)
            assert (local.weekday(), local.time(), (local + length).time()) in {
                (0, time(9, 15), time(10, 45)),
                (3, time(15, 30), time(17, 0)),
            }
            assert local.date() not in off and local.year == 2026
            starts.append(local)
    starts.sort()
    gaps = {(b.date() - a.date()).days for a, b in itertools.pairwise(starts)}
    assert gaps <= {10, 11, 21} and {10, 11} <= gaps


def test_utrecht_functions_are_found(registry: Registry, settings_file: Path) -> None:
    hooks = plugin_hooks(registry, registry.model(MODEL))
    assert hooks.participants is not None and hooks.agenda is not None


def test_invitation_uses_utrecht_participants_and_agenda(
    utrecht: EscalationModel, registry: Registry, make_case: Any, ical: Any
) -> None:
    hooks = plugin_hooks(registry, utrecht)
    pool = set(utrecht.forum("maatwerktafel").participants.rotation_pool)
    needed = attrs.evolve(
        make_case("casus-u1"), obstacles=(Obstacle.RESIDENTIAL_ALTERNATIVE_UNAVAILABLE,)
    )
    message = invitation(
        utrecht, SLOT, [needed], SENT, participants=hooks.participants, block=hooks.agenda
    )
    names = {a.organisation for a in message.attendees}
    assert {"Buurtteam Oost", "Wijkcentrum", "Basisschool De Linde"} <= names
    assert names & pool and not message.not_needed
    assert "het gezin" not in names  # the family is no calendar address
    (own,) = message.copies  # the rotation is needed for the one case: one copy for all
    (event,) = ical.events(own.text)
    assert "Vraag aan de maatwerktafel" in str(event["DESCRIPTION"])
    assert "Vraag aan de maatwerktafel" not in message.text  # the shared copy: pseudonym only
    assert str(event["ORGANIZER"]) == "mailto:maatwerktafel@utrecht.example"

    plain = invitation(
        utrecht,
        SLOT,
        [make_case("casus-u2")],
        SENT,
        participants=hooks.participants,
        block=hooks.agenda,
    )
    assert not {a.organisation for a in plain.attendees} & pool
    assert set(plain.not_needed) <= pool and plain.not_needed


def test_utrecht_cancel_needs_two_days(
    utrecht: EscalationModel, tmp_path: Path, make_case: Any
) -> None:
    case_file = tmp_path / "casus.json"
    case_file.write_text(dump_json(make_case("casus-u3")))
    args = [
        "-m",
        MODEL,
        "cancel",
        "--slot",
        "2026-03-09T09:15",
        str(case_file),
        "--at",
        "2026-03-08T09:15",
        "-o",
        str(tmp_path / "c.ics"),
    ]
    refused = CliRunner().invoke(cli, args)
    assert refused.exit_code == 1
    assert "at least 2 day(s) before" in str(refused.exception)
    with pytest.raises(Exception, match="seed 000") as refusal:
        cancellation(utrecht, SLOT, fixed_clock(SLOT - timedelta(days=1)))
    # The rule cited is step 4's sentence on cancelling, not its heading on the frequency.
    assert "over annuleren: uiterlijk twee dagen voorafgaand" in str(refusal.value)
    assert "anderhalve week" not in str(refusal.value)
    forced = CliRunner().invoke(cli, [*args, "--force"])
    assert forced.exit_code == 0, forced.output
    from escalatie.calendar.guard import readable

    text = readable((tmp_path / "c.ics").read_bytes().decode())
    assert "Helaas laten wij u dit later weten dan de afgesproken twee dagen van tevoren" in text
    assert "Onze excuses." in text
    assert "bron:" not in text  # participants get an apology, not a citation (policy review)
    assert "anderhalve week" not in text
