"""Assumptions are not sent as facts (issue 11): a rhythm the source does not give is said to be
the library's in describe, in every Dutch calendar text, and by a warning from schedule, until
the municipality sets its own rhythm in its settings file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from escalatie.dutch import ASSUMED_RHYTHM

from .conftest import Run

SCHEDULE = ("schedule", "--from", "2026-01-01", "--to", "2026-02-01", "--at", "2026-01-02T09:00")


def unfolded(path: Path) -> str:
    """Every DESCRIPTION of the calendar file, as a calendar client reads it."""
    from icalendar import Calendar

    calendar = Calendar.from_ical(path.read_bytes())
    return "\n".join(str(event.get("DESCRIPTION", "")) for event in calendar.walk("VEVENT"))


@pytest.mark.parametrize(
    "model",
    [
        "helmond-trajectregie",
        "rotterdam-zorgconsulaat",
        "groningen-3d",
        "hlt-ontschotter",
        "utrecht-citydeal",
        "utrecht-passend-alternatief",
    ],
)
def test_describe_says_which_rhythm_is_an_assumption(run: Run, model: str) -> None:
    code, out, _ = run("-m", model, "describe", "--json")
    assert code == 0
    assumed = [f for f in json.loads(out)["forums"] if f["cadence"]["assumption"]]
    assert assumed and all(
        "seed gives no meeting rhythm" in f["cadence"]["assumption"] for f in assumed
    )
    code, text, _ = run("-m", model, "describe")
    assert "assumption of the library, not of the source" in text


def test_schedule_warns_and_the_calendar_text_says_so_in_dutch(run: Run, tmp_path: Path) -> None:
    ics = tmp_path / "helmond.ics"
    code, _, err = run("-m", "helmond-trajectregie", *SCHEDULE, "-o", str(ics))
    assert code == 0
    assert "warning: forum ronde-tafel: the meeting rhythm is the library's assumption" in err
    assert "set the municipality's own rhythm in the [helmond] table of the settings file" in err
    assert ASSUMED_RHYTHM in unfolded(ics)
    # one consistent, short sentence for participants (policy review): not "an assumption of
    # the software" beside "ask for the fixed dates" when no dates are fixed
    assert ASSUMED_RHYTHM == (
        "Dit vergaderritme is nog niet door de gemeente vastgesteld; vraag bij twijfel de "
        "organisator of deze datum doorgaat."
    )
    assert "aanname" not in unfolded(ics)


def test_the_municipalitys_own_rhythm_ends_the_assumption(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "escalatie.toml"
    settings.write_text("[helmond]\nevery_weeks = 2\n", encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_CONFIG", str(settings))
    code, out, _ = run("-m", "helmond-trajectregie", "describe", "--json")
    assert json.loads(out)["forums"][0]["cadence"]["assumption"] == ""
    ics = tmp_path / "helmond.ics"
    code, _, err = run("-m", "helmond-trajectregie", *SCHEDULE, "-o", str(ics))
    assert code == 0 and "assumption" not in err
    assert "nog niet door de gemeente vastgesteld" not in unfolded(ics)


def test_a_model_file_declares_an_assumed_rhythm(run: Run, starter_file: Path) -> None:
    text = starter_file.read_text(encoding="utf-8")
    assert "[forums.cadence]" in text
    starter_file.write_text(
        text.replace("[forums.cadence]", '[forums.cadence]\nassumption = "our guess"', 1),
        encoding="utf-8",
    )
    code, out, err = run("model", "check", str(starter_file))
    assert code == 0, err
    code, out, _ = run("-m", str(starter_file), "describe", "--json")
    assert json.loads(out)["forums"][0]["cadence"]["assumption"] == "our guess"


def test_an_invitation_to_an_assumed_rhythm_says_so() -> None:
    from datetime import datetime

    from escalatie.calendar.agenda import agenda
    from escalatie.clock import AMSTERDAM
    from escalatie.plugins import default_registry
    from escalatie.schedule import next_slot

    model = default_registry().model("helmond-trajectregie")
    forum = model.forums[0]
    slot = next_slot(forum.cadence, datetime(2026, 3, 2, 9, tzinfo=AMSTERDAM))
    assert slot is not None
    assert ASSUMED_RHYTHM in agenda(forum, slot, [])


def test_describe_labels_the_time_per_case_and_channels_as_assumptions(run: Run) -> None:
    """Policy review: no seed gives a time per case, and Helmond's list of channels is read as
    closed by the library, not by seed 002."""
    code, out, _ = run("-m", "helmond-trajectregie", "describe")
    assert code == 0
    assert (
        "time box: 90 minutes per case (assumption: a setting of the model, no seed gives a "
        "time per case)" in out
    )
    assert "Helmond's channels (assumption: the seed's list is read as closed)" in out
