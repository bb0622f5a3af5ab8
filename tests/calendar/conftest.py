"""A Utrecht-like model of our own, so the calendar tests need no municipality plugin."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import attrs
import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from escalatie.case import (
    Case,
    DomainQuestion,
    Identity,
    LifeDomainKind,
    Party,
    PartyRole,
    Submitter,
    SubmitterRole,
)
from escalatie.clock import AMSTERDAM, Clock, fixed_clock
from escalatie.documents import dump_json
from escalatie.forum import (
    Cadence,
    FixedDayOff,
    Forum,
    ForumKind,
    HolidayPolicy,
    InvitationWording,
    MeetingSeries,
    ParticipantPolicy,
    ProcessSupport,
)
from escalatie.hookspecs import hookimpl
from escalatie.model import EscalationModel, Step
from escalatie.plugins import Registry, make_plugin_manager
from escalatie.rules import Rule
from escalatie.sources import seed

FIRST_MONDAY = date(2026, 1, 5)
PLANTED = Identity(
    name="Jantje Testpersoon",
    bsn="111222333",
    address="Verzonnenstraat 12, 3511 AB Utrecht",
    phone="06-99887766",
    email="jantje.testpersoon@mail.example",
)


def build_forum(first_monday: date = FIRST_MONDAY) -> Forum:
    cadence = Cadence(
        series=(
            MeetingSeries(
                "maandag", "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO", time(9, 15), 90, first_monday
            ),
            MeetingSeries(
                "donderdag",
                "FREQ=WEEKLY;INTERVAL=3;BYDAY=TH",
                time(15, 30),
                90,
                date.fromordinal(first_monday.toordinal() + 10),
            ),
        ),
        other_moments_by_agreement=True,
        holidays=HolidayPolicy(
            fixed_days_off=(FixedDayOff(5, 5, "5 mei (cao gemeenten)"),),
            closing_days=((date(2026, 12, 28), "kerstsluiting"),),
        ),
        cancellation_notice_days=2,
        source=seed("000", "stap 4"),
    )
    return Forum(
        key="tafel",
        name="Testtafel",
        kind=ForumKind.TABLE,
        organiser=ProcessSupport(
            "procesondersteuner", "Gemeente Teststad", "tafel@teststad.example"
        ),
        source=seed("000", "stap 3"),
        cadence=cadence,
        participants=ParticipantPolicy(
            family_at_table=True,
            currently_involved_expected=True,
            invited_roles=(PartyRole.SOCIAL_BASE, PartyRole.EDUCATION),
            rotation_pool=("Aanbieder Noord", "Aanbieder Zuid"),
            check_need_per_case=True,
        ),
        mandate_required=True,
        invitation=InvitationWording(asks_for_plan=True),  # seed 000, stap 3
    )


def build_model(
    forums: tuple[Forum, ...] | None = None, name: str = "test-tafel"
) -> EscalationModel:
    forums = forums if forums is not None else (build_forum(),)
    return EscalationModel(
        name=name,
        municipality="Teststad",
        title="Testtafel",
        summary="A model for the calendar tests.",
        source=seed("000"),
        contact_points=(),
        forums=forums,
        ladder=(
            Step(
                "tafel",
                "Testtafel",
                "the table",
                (Rule("r", "always", seed("000")),),
                forum=forums[0].key,
            ),
        ),
    )


def build_case(reference: str = "casus-1", identity: Identity | None = None) -> Case:
    return Case(
        reference=reference,
        age=15,
        question="Welke school kan dit kind met vervoer bieden?",
        domains=(DomainQuestion(LifeDomainKind.EDUCATION, "Passend onderwijs"),),
        submitter=Submitter(SubmitterRole.DISTRICT_TEAM, "Buurtteam Oost"),
        plan="Thuis wonen met ambulante hulp; school met vervoer.",
        parties=(
            Party("Basisschool De Linde", PartyRole.EDUCATION),
            Party("Jeugdhulp Groot", PartyRole.ADDITIONAL_CARE_YOUTH, large_provider=True),
            Party("Wijkcentrum", PartyRole.SOCIAL_BASE, currently_involved=True),
            Party("Gezin", PartyRole.FAMILY, currently_involved=True),
        ),
        identity=identity,
    )


class Ical:
    """Read generated files back with icalendar; expand them with dateutil (not our code)."""

    @staticmethod
    def parse(text: str) -> Any:
        return Calendar.from_ical(text)

    @staticmethod
    def events(text: str) -> list[Any]:
        return list(Ical.parse(text).walk("VEVENT"))

    @staticmethod
    def unfolded(text: str) -> str:
        return re.sub(r"\r\n[ \t]", "", text)

    @staticmethod
    def prop_lines(text: str, name: str) -> list[str]:
        return [
            line for line in Ical.unfolded(text).split("\r\n") if re.match(rf"{name}[;:]", line)
        ]

    @staticmethod
    def exdates(event: Any) -> list[datetime]:
        raw = event.get("EXDATE")
        if raw is None:
            return []
        out: list[datetime] = []
        for prop in raw if isinstance(raw, list) else [raw]:
            out.extend(item.dt for item in prop.dts)
        return out

    @staticmethod
    def expand(event: Any) -> list[datetime]:
        """The event's occurrences: RRULE from DTSTART, less EXDATEs (dateutil does the RRULE)."""
        start = event["DTSTART"].dt
        rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
        excluded = set(Ical.exdates(event))
        return [moment for moment in rule if moment not in excluded]


@pytest.fixture
def ical() -> type[Ical]:
    return Ical


@pytest.fixture
def model() -> EscalationModel:
    return build_model()


@pytest.fixture
def clock() -> Clock:
    return fixed_clock(datetime(2026, 1, 2, 12, 0, tzinfo=AMSTERDAM))


@pytest.fixture
def planted_case() -> Case:
    return build_case("casus-geheim", PLANTED)


@pytest.fixture
def settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty settings file, so the user's own configuration never leaks into a test."""
    path = tmp_path / "escalatie.toml"
    path.write_text("")
    monkeypatch.setenv("ESCALATIE_CONFIG", str(path))
    return path


@pytest.fixture
def make_model() -> Any:
    """``make_model(forums=None, name=...)``: the test model, optionally with other forums."""
    return build_model


@pytest.fixture
def tafel_forum() -> Any:
    """``tafel_forum(first_monday)``: the Utrecht-like forum with another first Monday."""
    return build_forum


@pytest.fixture
def make_case() -> Any:
    """``make_case(reference, identity=None)``: a case with parties of every kind."""
    return build_case


class CalendarTestPlugin:
    """Registers the test model; optionally exposes the per-case participants protocol."""

    def __init__(self, models: list[EscalationModel]) -> None:
        self.models = models

    @hookimpl
    def escalatie_register_models(self, register: Any) -> None:
        for model in self.models:
            register(model)


@pytest.fixture
def cli_registry(
    escalatie_use_registry: Callable[[Registry | None], None], settings_file: Path
) -> Registry:
    """The CLI's process-wide registry replaced by one holding only the test model."""
    reg = Registry(make_plugin_manager(env={"ESCALATIE_PLUGINS": ""}))
    reg.pm.register(CalendarTestPlugin([build_model()]), name="calendar-test")
    escalatie_use_registry(reg)
    return reg


# --- helpers the calendar tests share (imported with ``from .conftest import ...``) -----------


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    """The CLI with the test model selected (``cli_registry`` puts it in place)."""
    from click.testing import CliRunner

    from escalatie.cli import cli

    return CliRunner().invoke(cli, ["-m", "test-tafel", *args], env=env)


def fail(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run through ``main`` (as the console script does): the exit code and standard error."""
    from escalatie.cli import main

    capsys.readouterr()
    with pytest.raises(SystemExit) as stop:
        main(["-m", "test-tafel", *args])
    code = stop.value.code
    return (code if isinstance(code, int) else 0), capsys.readouterr().err


def free_port() -> int:
    """A free TCP port on 127.0.0.1 for a test's own server."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


# --- two cases with their own parties: who receives which plan (test_own_copies, test_mail,
# test_caldav) ---

EXPECTED = {  # organisation: the cases (A, B) whose plan it receives
    "Buurtteam Oost": {"A"},
    "School Alfa": {"A"},
    "Wijkteam West": {"B"},
    "Praktijk Beta": {"B"},
    "Gedeeld Wijkcentrum": {"A", "B"},
    # The default policy invites the rotation member whose turn it is for every case.
    "Aanbieder Noord": {"A", "B"},
}
PLANS = {
    "A": "Opvang in de wijk met steun van de buren.",
    "B": "Begeleid wonen met een vaste mentor.",
}


def two_cases(tmp_path: Path) -> list[str]:
    a = attrs.evolve(
        build_case("casus-a"),
        plan=PLANS["A"],
        parties=(
            Party("School Alfa", PartyRole.EDUCATION, currently_involved=True),
            Party("Gedeeld Wijkcentrum", PartyRole.SOCIAL_BASE, currently_involved=True),
        ),
    )
    b = attrs.evolve(
        build_case("casus-b"),
        age=8,
        plan=PLANS["B"],
        question="Welke woonplek past bij dit gezin?",
        submitter=Submitter(SubmitterRole.DISTRICT_TEAM, "Wijkteam West"),
        parties=(
            Party("Praktijk Beta", PartyRole.OTHER, currently_involved=True),
            Party("Gedeeld Wijkcentrum", PartyRole.SOCIAL_BASE, currently_involved=True),
        ),
    )
    paths = []
    for case in (a, b):
        path = tmp_path / f"{case.reference}.json"
        path.write_text(dump_json(case), encoding="utf-8")
        paths.append(str(path))
    return paths


def plans_in(text: str) -> set[str]:
    from escalatie.calendar.guard import readable

    return {name for name, plan in PLANS.items() if plan in readable(text)}
