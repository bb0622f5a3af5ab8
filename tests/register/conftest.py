"""Fixtures for the register: a test model with a table, a fresh register, a CLI runner."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from escalatie.case import Case, Obstacle
from escalatie.clock import AMSTERDAM
from escalatie.documents import structure
from escalatie.forum import Cadence, Forum, ForumKind, MeetingSeries, ProcessSupport
from escalatie.hookspecs import hookimpl
from escalatie.model import EscalationModel, Step
from escalatie.plugins import Registry, make_plugin_manager
from escalatie.register.register import Register
from escalatie.register.session import Session
from escalatie.rules import Rule, has_obstacle
from escalatie.sources import seed
from escalatie.triaging import TriageResult, triage

TABLE = Forum(
    key="tafel",
    name="Testtafel",
    kind=ForumKind.TABLE,
    organiser=ProcessSupport(title="procesondersteuner", organisation="Gemeente Teststad"),
    source=seed("000", "4"),
    cadence=Cadence(
        series=(
            # Mondays 09:15 every three weeks from 12 January 2026, like seed 000 step 4.
            MeetingSeries(
                "maandag", "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO", time(9, 15), 90, date(2026, 1, 12)
            ),
            MeetingSeries(
                "donderdag", "FREQ=WEEKLY;INTERVAL=3;BYDAY=TH", time(15, 30), 90, date(2026, 1, 15)
            ),
        ),
        other_moments_by_agreement=True,
    ),
)

MODEL = EscalationModel(
    name="test-register",
    municipality="Teststad",
    title="Testmodel",
    summary="A model for the register tests.",
    source=seed("000"),
    contact_points=(),
    forums=(TABLE,),
    ladder=(
        Step(
            key="tafel",
            name="Testtafel",
            description="The table.",
            entry=(
                Rule(
                    "t.entry",
                    "Supply unavailable.",
                    seed("000"),
                    has_obstacle(Obstacle.SUPPLY_UNAVAILABLE),
                ),
            ),
            forum="tafel",
        ),
    ),
)


class _Plugin:
    @hookimpl
    def escalatie_register_models(self, register: Callable[[EscalationModel], None]) -> None:
        register(MODEL)


def test_registry() -> Registry:
    pm = make_plugin_manager(env={"ESCALATIE_PLUGINS": ""})
    pm.register(_Plugin(), name="register-tests")
    return Registry(pm)


def triaged(s: Session, case_id: str, model: EscalationModel) -> TriageResult:
    """The case's triage under ``model`` at the session's moment, as ``case plan`` takes it."""
    return triage(test_registry(), model, s.state(case_id).case, s.at)


MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=AMSTERDAM)

CASE_DOC: dict[str, Any] = {
    "reference": "BT-2026-17",
    "age": 14,
    "question": "Er is geen passende plek; wie helpt Sanne Verbeek?",
    "domains": [{"kind": "care", "question": "Ambulante hulp thuis bij Sanne"}],
    "submitter": {"role": "district_team", "organisation": "Lokalis"},
    "plan": "Plan met ouders; bel 06-98765432 of mail sanne@example.org",
    "obstacles": ["supply_unavailable"],
    "parties": [
        {"organisation": "Samen Veilig", "role": "youth_protection", "currently_involved": True}
    ],
    "identity": {
        "name": "Sanne van Verbeek",
        "bsn": "111222333",
        "phone": "06-98765432",
        "email": "sanne@example.org",
        "address": "Teststraat 12, Utrecht",
        "date_of_birth": "2011-05-04",
    },
}


@pytest.fixture
def model() -> EscalationModel:
    """The test model: one table meeting on Mondays and Thursdays every three weeks."""
    return MODEL


@pytest.fixture
def case_doc() -> dict[str, Any]:
    """A fresh copy of the example case document (invented identity)."""
    return json.loads(json.dumps(CASE_DOC))


@pytest.fixture
def cli_command() -> click.Command:
    """The CLI through ``main``, for tests that drive CliRunner themselves."""
    return through_main


@pytest.fixture
def case() -> Case:
    return structure(json.loads(json.dumps(CASE_DOC)), Case)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "register.sqlite3"


@pytest.fixture
def reg(db: Path) -> Iterator[Register]:
    with Register.open(db) as r:
        yield r


@pytest.fixture
def open_session(reg: Register) -> Callable[..., Any]:
    """``with open_session(at) as s:`` — one transaction with actor 'tester'."""
    from contextlib import contextmanager

    @contextmanager
    def make(at: datetime = MONDAY, actor: str = "tester") -> Iterator[Session]:
        with reg.transaction():
            yield Session(reg, actor, at, at)

    return make


@pytest.fixture
def cli_env(
    db: Path, tmp_path: Path, escalatie_use_registry: Callable[[Registry | None], None]
) -> dict[str, str]:
    """The environment of a CLI run: this register, an actor, an empty settings file, the test model."""
    escalatie_use_registry(test_registry())
    settings = tmp_path / "escalatie.toml"
    settings.write_text("", encoding="utf-8")
    return {
        "ESCALATIE_DB": str(db),
        "ESCALATIE_ACTOR": "tester",
        "ESCALATIE_CONFIG": str(settings),
        "ESCALATIE_MODEL": "test-register",
    }


@click.command(
    add_help_option=False,
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
)
@click.pass_context
def through_main(ctx: click.Context) -> None:
    """``escalatie.cli.main`` (the error and exit-code wrapper) as a command CliRunner can run."""
    from escalatie.cli import main

    main(list(ctx.args))


def no_traceback(result: Result) -> Result:
    """Fail if the command died of anything but a deliberate exit."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(
            f"traceback instead of an error line: {result.exception!r}\n{result.output}"
        )
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def run(cli_env: dict[str, str]) -> Callable[..., Result]:
    """Run the CLI through ``main``; never a traceback."""

    def invoke(
        *args: str, input: str | None = None, env: dict[str, str | None] | None = None
    ) -> Result:
        runner = CliRunner()
        result = runner.invoke(
            through_main, list(args), input=input, env={**cli_env, **(env or {})}
        )
        return no_traceback(result)

    return invoke


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE_DOC), encoding="utf-8")
    return path
