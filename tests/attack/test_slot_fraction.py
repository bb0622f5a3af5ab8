"""A ``--slot`` with seconds or a fraction is refused showing them (attacker review):
``--slot 2026-12-07T08:15:00.000001Z`` was refused as "--slot 2026-12-07T09:15: not a
meeting …; nearest meetings: 2026-12-07T09:15", the refused moment printed as the meeting
it is not."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from escalatie.clock import AMSTERDAM, minute_or_finer
from escalatie.errors import EscalatieError
from escalatie.register.commands import check_slot

from .conftest import Run

EXAMPLE = "buurtteam-maatwerktafel"


@pytest.mark.parametrize(
    ("slot", "shown"),
    [
        ("2026-12-07T08:15:00.000001Z", "--slot 2026-12-07T09:15:00.000001: not a meeting"),
        ("2026-12-07T09:15:30", "--slot 2026-12-07T09:15:30: not a meeting"),
    ],
)
def test_the_refused_moment_keeps_its_seconds(
    run: Run, tmp_path: Path, slot: str, shown: str
) -> None:
    case = tmp_path / "case.json"
    assert run("examples", EXAMPLE, "-o", str(case)).exit_code == 0
    result = run("invite", "--slot", slot, "--at", "2026-12-01T09:00", str(case),
                 "-o", str(tmp_path / "x.ics"))  # fmt: skip
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert shown in line and "meetings start on a whole minute" in line, line
    assert not (tmp_path / "x.ics").exists()


def test_a_whole_minute_is_shown_as_before() -> None:
    moment = datetime(2026, 12, 7, 9, 15, tzinfo=AMSTERDAM)
    assert minute_or_finer(moment) == "2026-12-07T09:15"
    assert minute_or_finer(moment + timedelta(seconds=5), " ") == "2026-12-07 09:15:05"
    assert minute_or_finer(moment + timedelta(microseconds=1)) == "2026-12-07T09:15:00.000001"


def test_the_register_check_shows_the_fraction_too() -> None:
    from escalatie.plugins import Registry, make_plugin_manager

    model = Registry(make_plugin_manager()).models["utrecht-maatwerktafel"]
    forum = model.forum("maatwerktafel")
    slot = datetime(2026, 12, 7, 9, 15, 0, 1, tzinfo=AMSTERDAM)
    with pytest.raises(
        EscalatieError, match=r"--slot: 2026-12-07 09:15:00\.000001 is not a meeting"
    ):
        check_slot(forum, slot, by_agreement=False)
