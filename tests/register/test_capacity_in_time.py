"""A consent decision takes the capacity assessment in force at ``--at``, the register as it
stood then (new-user review: the latest assessment decided, whatever ``--at`` said)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from click.testing import Result

from escalatie.clock import AMSTERDAM
from escalatie.register.state import CaseState

Run = Callable[..., Result]


def _check(run: Run, case_id: str, at: str) -> Result:
    return run("consent", "check", case_id, "--with", "JGZ", "--what", "plan", "--at", at)


def _assess(run: Run, case_id: str, judged: str, at: str) -> None:
    done = run("consent", "capacity", case_id, judged, "--reason", "oordeel jeugdarts", "--at", at)
    assert done.exit_code == 0, done.output


def test_an_assessment_after_at_does_not_decide_a_share_before_it(
    run: Run, case_file: Path
) -> None:
    made = run("case", "new", str(case_file), "--at", "2026-03-02T10:00")
    case_id = made.stdout.strip()  # 14 years old: the parents and the young person consent
    given = ("--giver", "parents", "--with", "JGZ", "--what", "plan", "--at", "2026-03-03T10:00")
    assert run("consent", "add", case_id, *given).exit_code == 0
    _assess(run, case_id, "--incapable", "2026-04-01T10:00")

    before = _check(run, case_id, "2026-03-10T10:00")  # capable then: her consent is missing
    assert before.exit_code == 1, before.output
    assert "young_person" in before.stdout + before.stderr
    after = _check(run, case_id, "2026-04-02T10:00")  # represented by the parents from 1 April
    assert after.exit_code == 0, after.output


def test_a_later_capable_judgement_ends_the_representation_from_its_moment(
    run: Run, case_file: Path
) -> None:
    case_id = run("case", "new", str(case_file), "--at", "2026-03-02T10:00").stdout.strip()
    given = ("--giver", "parents", "--with", "JGZ", "--what", "plan", "--at", "2026-03-03T10:00")
    assert run("consent", "add", case_id, *given).exit_code == 0
    _assess(run, case_id, "--incapable", "2026-03-05T10:00")
    _assess(run, case_id, "--capable", "2026-04-01T10:00")
    assert _check(run, case_id, "2026-03-10T10:00").exit_code == 0
    assert _check(run, case_id, "2026-04-02T10:00").exit_code == 1


def test_capable_at_takes_the_latest_dated_at_or_before_the_moment() -> None:
    def at(day: int) -> datetime:
        return datetime(2026, 3, day, 10, 0, tzinfo=AMSTERDAM)

    state = CaseState("c-1", at(1), {})
    assert state.capable_at(at(2))  # no assessment: capable
    state.assessments += [(at(10), False), (at(5), True), (at(10), True)]
    assert state.capable_at(at(4)) and state.capable_at(at(9))
    assert state.capable_at(at(10))  # two at one moment: the one recorded last
    state.assessments.append((at(20), False))
    assert state.capable_at(at(19)) and not state.capable_at(at(21))
