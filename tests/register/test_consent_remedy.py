"""A consent refusal ends with the command that records the missing consent (review finding):
one line, and running that command (once the givers agree) lets the share through."""

from __future__ import annotations

import shlex
from pathlib import Path

from .test_cli import AT, Run, new_case


def test_refusal_names_the_command_that_records_the_consent(run: Run, case_file: Path) -> None:
    case_id = new_case(run, case_file)
    refused = run("case", "share", case_id, "--with", "Samen Veilig", "--what", "plan", *AT)
    assert refused.exit_code == 1
    line = refused.stderr.strip()
    assert "\n" not in line and len(line) <= len("error: ") + 400
    command = line.split("once they agree: ", 1)[1]
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
