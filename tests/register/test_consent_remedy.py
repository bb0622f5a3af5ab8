"""A consent refusal ends with the command that records the missing consent (review finding):
one line, and running that command (once the givers agree) lets the share through."""

from __future__ import annotations

import shlex
from datetime import datetime
from pathlib import Path

import pytest

from escalatie.clock import AMSTERDAM
from escalatie.consent import Shareable, decide

from .test_cli import AT, Run, new_case


def test_refusal_names_the_command_that_records_the_consent(run: Run, case_file: Path) -> None:
    case_id = new_case(run, case_file)
    refused = run("case", "share", case_id, "--with", "Samen Veilig", "--what", "plan", *AT)
    assert refused.exit_code == 1
    line = refused.stderr.strip()
    assert "\n" not in line and len(line) <= len("error: ") + 1000
    assert "the young person is 14 at this moment" in line  # not cut away (new-user review)
    # at 14 both must agree, and the line names them (new-user review: "they" read as the child)
    who = "once the young person and the parents with gezag (or the voogd) agree: "
    command = line.split(who, 1)[1]
    assert command == (
        f"escalatie consent add {case_id} --giver parents --giver young_person"
        " --with 'Samen Veilig' --what plan"
    )
    checked = run("consent", "check", case_id, "--with", "Samen Veilig", "--what", "plan", *AT)
    assert checked.exit_code == 1 and command in checked.stderr
    added = run(*shlex.split(command)[1:], *AT)
    assert added.exit_code == 0, added.output
    shared = run("case", "share", case_id, "--with", "Samen Veilig", "--what", "plan", *AT)
    assert shared.exit_code == 0, shared.output


@pytest.mark.parametrize(
    ("age", "capable", "who"),
    [
        (9, True, "once the parents with gezag (or the voogd) agree: "),
        (14, True, "once the young person and the parents with gezag (or the voogd) agree: "),
        (16, True, "once the young person agrees: "),
        (20, False, "once the representative (mentor, curator or gemachtigde) agrees: "),
    ],
)
def test_the_remedy_names_who_must_agree_as_the_age_rules_say(
    age: int, capable: bool, who: str
) -> None:
    """New-user review: "once they agree" read as the child; the givers are those
    :func:`escalatie.consent.required_givers` asks at this age."""
    at = datetime(2026, 3, 2, 10, tzinfo=AMSTERDAM)
    refused = decide([], "JGZ", Shareable.PLAN, age, capable, at=at)
    assert refused.remedy("ESC-1", "JGZ", Shareable.PLAN).startswith(f"; {who}escalatie consent")
