"""Assumptions are not sent as facts (issue 11): a rhythm the source does not give is said to be
the library's in describe, in every Dutch calendar text, and by a warning from schedule, until
the municipality sets its own rhythm in its settings file."""

from __future__ import annotations

import json
import re
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


def test_minutes_per_case_or_closing_days_alone_keep_the_assumption(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """How long a case takes, or which days are off, is not when the forum meets: a
    settings table that sets only those leaves the rhythm the library's assumption."""
    settings = tmp_path / "escalatie.toml"
    settings.write_text(
        '[helmond]\nminutes_per_case = 45\nclosing_days = ["2026-12-24"]\n', encoding="utf-8"
    )
    monkeypatch.setenv("ESCALATIE_CONFIG", str(settings))
    code, out, _ = run("-m", "helmond-trajectregie", "describe", "--json")
    assert code == 0
    forum = json.loads(out)["forums"][0]
    assert "seed gives no meeting rhythm" in forum["cadence"]["assumption"]
    code, out, _ = run("-m", "helmond-trajectregie", "describe")
    assert (
        "in its settings file where the model reads the rhythm from one, else in the model "
        "file: its series, removing `assumption`" in out
    )


def test_a_model_file_declares_an_assumed_rhythm(run: Run, starter_file: Path) -> None:
    text = starter_file.read_text(encoding="utf-8")
    assert "[forums.cadence]" in text
    text = re.sub(r'\nassumption = "[^"]*"\n', "\n", text)  # the starter's own
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
        "time box: 90 minutes per case (assumption: a setting of the model; the model file "
        "cites no source for it)" in out
    )
    assert "Helmond's channels (assumption: the seed's list is read as closed)" in out


def test_describe_cites_the_seed_for_city_deals_half_hour(run: Run) -> None:
    """Policy review: seed 001 gives the City Deal overleg its half hour per case ("formuleren
    binnen een half uur een gedragen oplossing"), so describe cites it, no assumption label."""
    code, out, _ = run("-m", "utrecht-citydeal", "describe")
    assert code == 0
    line = next(x for x in out.splitlines() if "time box:" in x)
    assert "30 minutes per case" in line
    assert "seed 001" in line and "City Deal overleg lost systeemproblemen op" in line
    assert "assumption" not in line
    code, out, _ = run("-m", "utrecht-citydeal", "describe", "--json")
    assert code == 0
    forum = json.loads(out)["forums"][0]
    assert "seed 001" in forum["minutes_per_case_source"]


def test_veilig_thuis_route_qualifies_reporting_without_consent() -> None:
    """Policy review: the route text keeps docs/privacy.md's limits, not a flat 'needs no
    consent': only where safety is at stake, after the meldcode's steps, only what is needed,
    not without the family's knowledge, and a lawyer should confirm the reading."""
    from escalatie.builtin.safety_routes import VEILIG_THUIS_ROUTE

    text = VEILIG_THUIS_ROUTE.description
    assert "Reporting needs no consent" not in text
    for part in (
        "Only where safety is at stake",
        "steps of the meldcode",
        "only with the information needed",
        "Wmo 2015, art. 5.2.6",
        "zonder toestemming is niet zonder medeweten",
        "a lawyer should confirm it",
    ):
        assert part in text


def test_describe_lists_the_settings_with_defaults_and_minimum(run: Run) -> None:
    """docs/settings.md and the schedule warning promise it: every declared setting, its
    default and minimum, and the table of the settings file it is read from."""
    code, out, _ = run("-m", "hlt-ontschotter", "describe")
    assert code == 0
    assert "Settings (table [hlt] of the settings file; a key left out keeps its default)" in out
    assert "  every_weeks = 2  (default, at least 1)" in out
    assert "  first_date = 2026-01-06  (default)" in out
    code, out, _ = run("-m", "hlt-ontschotter", "describe", "--json")
    data = json.loads(out)
    assert data["settings_table"] == "hlt"
    assert {"key": "every_weeks", "default": "2", "minimum": 1, "description": ""} in data[
        "settings"
    ]


def test_describe_says_what_the_keys_of_a_rung_are(run: Run) -> None:
    code, out, _ = run("-m", "hlt-ontschotter", "describe")
    assert code == 0
    assert "(step opschaling-ouders; contact point vertrouwenspersoon)" in out
    code, out, _ = run("-m", "utrecht-citydeal", "describe")
    assert "(step citydeal; at forum citydeal)" in out


def test_hlt_reads_as_the_seed_does(run: Run) -> None:
    """Seed 002: "de vertrouwenspersoon en een (aan te stellen) ombudsman": only the ombudsman
    is still to be appointed; "Temporary by design." is said once."""
    code, out, _ = run("-m", "hlt-ontschotter", "describe")
    assert code == 0
    assert out.count("Temporary by design.") == 1
    assert "Vertrouwenspersoon en een (aan te stellen) ombudsman" in out
    assert "ombudsman (aan te stellen)" not in out.replace("Teylingen (aan te stellen)", "")


def test_knelpuntenzorg_claims_no_more_than_short_lines(run: Run) -> None:
    """Seed 002 says only "met korte lijnen naar het bestuur": no answer of the college is
    promised, and the adviser's escalate_to_board carries the library's-reading note."""
    code, out, _ = run("-m", "utrecht-knelpuntenzorg", "describe")
    assert code == 0
    assert "who answer and say when they act" not in out
    assert "escalate_to_board is the library's reading of those short lines" in out


@pytest.mark.parametrize("page", ["calendar.md", "model-files.md"])
def test_docs_quote_the_assumed_rhythm_sentence_as_the_program_says_it(page: str) -> None:
    """Review finding: the docs quoted older wording; they must quote ASSUMED_RHYTHM."""
    text = (Path(__file__).parents[2] / "docs" / page).read_text(encoding="utf-8")
    assert ASSUMED_RHYTHM in " ".join(text.split())


def test_the_starters_warning_says_to_edit_the_series_in_the_file(
    run: Run, starter_file: Path, tmp_path: Path
) -> None:
    """The starter reads one setting, minutes_per_case, which is not when the forum meets: its
    rhythm is ended in the model file, named by the path -m was given (new-user review: the
    warning sent the user to a settings table without a rhythm key, and to ``-m NAME`` for a
    file that is not installed)."""
    code, _, err = run("-m", str(starter_file), *SCHEDULE, "-o", str(tmp_path / "z.ics"))
    assert code == 0, err
    (line,) = [x for x in err.splitlines() if x.startswith("warning:")]
    assert line.endswith(
        f"; set the municipality's own rhythm in {starter_file}: edit forum tafel's "
        "[[forums.cadence.series]], cite its source and remove its `assumption` (`escalatie "
        f"model check {starter_file}` checks it); the calendar texts say so until then"
    ), line
    assert "settings file" not in line and "-m zeewolde-tafel" not in line
    text = re.sub(r'\nassumption = "[^"]*"\n', "\n", starter_file.read_text(encoding="utf-8"))
    starter_file.write_text(text, encoding="utf-8")
    code, _, err = run("-m", str(starter_file), *SCHEDULE, "-o", str(tmp_path / "z.ics"))
    assert code == 0 and "warning:" not in err, err
