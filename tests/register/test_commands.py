"""The Python API: operations check their rules, identifiers stay in the identity table."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest

from escalatie.case import Case
from escalatie.clock import AMSTERDAM
from escalatie.errors import EscalatieError
from escalatie.learning import LearningTheme
from escalatie.model import EscalationModel
from escalatie.register import commands
from escalatie.register.register import Register
from escalatie.register.state import Status

from .conftest import triaged

Open = Callable[..., Any]


def t(day: str, hour: int = 10, minute: int = 0) -> datetime:
    d = date.fromisoformat(day)
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=AMSTERDAM)


def submit(open_session: Open, case: Case) -> str:
    with open_session(t("2026-03-02")) as s:
        return str(commands.submit(s, case))


def test_identity_is_kept_apart_and_free_text_is_scrubbed(
    reg: Register, open_session: Open, case: Case
) -> None:
    case_id = submit(open_session, case)
    payload = reg.store.query("SELECT payload FROM events WHERE case_id = ?", (case_id,))[0][0]
    for identifier in (
        "Sanne",
        "Verbeek",
        "111222333",
        "06-98765432",
        "sanne@example.org",
        "2011-05-04",
        "BT-2026-17",
    ):
        assert identifier.casefold() not in payload.casefold()
    document = json.loads(payload)["case"]
    assert document["reference"] == case_id
    assert document["plan"] == "Plan met ouders; bel [verwijderd] of mail [verwijderd]"
    assert document["domains"][0]["question"] == "Ambulante hulp thuis bij [verwijderd]"
    stored = reg.identity(case_id)
    assert stored.reference == "BT-2026-17"
    assert stored.identity is not None and stored.identity.bsn == "111222333"
    state = reg.state(case_id)
    assert state.case.identity is None and state.status is Status.SUBMITTED


def test_name_parts_are_scrubbed_as_words_only(
    reg: Register, open_session: Open, case: Case
) -> None:
    case_id = submit(open_session, case)
    with open_session(t("2026-03-03")) as s:
        commands.add_insight(
            s,
            case_id,
            LearningTheme.PROCESS,
            "Sanne's school: Verbeeks materiaal, Verbeekse weg, Sanneke, van de wijk",
        )
    (insight,) = reg.state(case_id).insights
    # A name with a possessive s is the name (issue 17); a longer word is not, particles never.
    assert insight.text == (
        "[verwijderd] school: [verwijderd] materiaal, Verbeekse weg, Sanneke, van de wijk"
    )


def test_agreements_lifecycle_and_errors(reg: Register, open_session: Open, case: Case) -> None:
    case_id = submit(open_session, case)
    with open_session(t("2026-03-16")) as s:
        assert (
            commands.add_agreement(
                s, case_id, "Hulp starten", "Lokalis", date(2026, 3, 30), "Lokalis"
            )
            == 1
        )
        assert (
            commands.add_agreement(s, case_id, "School bellen", "JGZ", date(2026, 3, 20), "Lokalis")
            == 2
        )
    with open_session(t("2026-03-21")) as s:
        commands.agreement_done(s, case_id, 2)
        with pytest.raises(EscalatieError, match="already done"):
            commands.agreement_done(s, case_id, 2)
        with pytest.raises(EscalatieError, match="agreements 1 to 2, got 3"):
            commands.agreement_done(s, case_id, 3)
    state = reg.state(case_id)
    assert state.status is Status.IN_PROGRESS and state.leads == ("Lokalis",)
    assert [a.done_at is not None for a in state.agreements] == [False, True]


def test_a_failed_command_writes_nothing(reg: Register, open_session: Open, case: Case) -> None:
    case_id = submit(open_session, case)
    before = len(reg.events()), len(reg.audit_entries())
    with (
        pytest.raises(EscalatieError, match=r"register\.close_needs_agreements"),
        open_session(t("2026-03-03")) as s,
    ):
        commands.add_insight(s, case_id, LearningTheme.PROCESS, "written, then rolled back")
        commands.close(s, case_id, commands.Outcome.RESOLVED)
    assert (len(reg.events()), len(reg.audit_entries())) == before


def test_closed_cases_take_insights_but_nothing_else(
    reg: Register, open_session: Open, case: Case, model: EscalationModel
) -> None:
    case_id = submit(open_session, case)
    with open_session(t("2026-03-16")) as s:
        commands.add_agreement(s, case_id, "Hulp starten", "Lokalis", date(2026, 3, 30), "Lokalis")
        # resolved needs every agreement done (seed 000 stap 5; policy review 9, finding 4a)
        commands.agreement_done(s, case_id, 1)
        commands.close(s, case_id, commands.Outcome.RESOLVED)
    with open_session(t("2026-03-17")) as s:
        commands.add_insight(s, case_id, LearningTheme.COOPERATION, "Korte lijnen hielpen")
        for attempt in (
            lambda: commands.suspend(s, case_id, "x"),
            lambda: commands.plan(
                s, case_id, model, t("2026-04-09", 15, 30), triaged=triaged(s, case_id, model)
            ),
            lambda: commands.close(s, case_id, commands.Outcome.RESOLVED),
        ):
            with pytest.raises(EscalatieError, match="is closed"):
                attempt()
    assert reg.state(case_id).status is Status.CLOSED


def test_suspend_and_resume_rules(reg: Register, open_session: Open, case: Case) -> None:
    case_id = submit(open_session, case)
    with open_session(t("2026-03-05")) as s:
        commands.suspend(s, case_id, "wacht op indicatie")
        with pytest.raises(EscalatieError, match="already suspended"):
            commands.suspend(s, case_id, "nog eens")
    with (
        open_session(t("2026-03-04")) as s,
        pytest.raises(EscalatieError, match="after the suspension began"),
    ):
        commands.resume(s, case_id)
    with open_session(t("2026-03-09")) as s:
        commands.resume(s, case_id)
        with pytest.raises(EscalatieError, match="not suspended"):
            commands.resume(s, case_id)
    assert reg.state(case_id).suspensions == [(t("2026-03-05"), t("2026-03-09"))]


def test_plan_checks_the_forum(
    reg: Register, open_session: Open, case: Case, model: EscalationModel
) -> None:
    case_id = submit(open_session, case)
    with open_session(t("2026-03-03")) as s:
        with pytest.raises(
            EscalatieError, match="--forum: model test-register has no forum 'x'; forums: tafel"
        ):
            commands.plan(
                s,
                case_id,
                model,
                t("2026-03-16", 9, 15),
                forum_key="x",
                triaged=triaged(s, case_id, model),
            )
        # King's Day, 27 April 2026, is a Monday of the series.
        with pytest.raises(EscalatieError, match=r"King's Day|Koningsdag"):
            commands.plan(
                s, case_id, model, t("2026-04-27", 9, 15), triaged=triaged(s, case_id, model)
            )
        forum = commands.plan(
            s, case_id, model, t("2026-03-19", 15, 30), triaged=triaged(s, case_id, model)
        )
    assert forum.key == "tafel"
    state = reg.state(case_id)
    assert state.slot == t("2026-03-19", 15, 30) and state.status is Status.PLANNED


def test_consent_needs_parties_and_subjects(reg: Register, open_session: Open, case: Case) -> None:
    from escalatie.consent import Giver, Shareable

    case_id = submit(open_session, case)
    with open_session(t("2026-03-03")) as s:
        with pytest.raises(EscalatieError, match="--with"):
            commands.record_consent(s, case_id, Giver.PARENTS, [], [Shareable.PLAN])
        with pytest.raises(EscalatieError, match="--what"):
            commands.record_consent(s, case_id, Giver.PARENTS, ["JGZ"], [])
