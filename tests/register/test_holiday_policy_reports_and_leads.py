"""Three rules of the register's follow-up, checked against the bundled models.

- A case's working days are counted with its forum's holiday policy (the model's days off,
  the calendar the forum meets by), the general list of Dutch holidays only without one.
  ``case list`` and ``case show`` find the model alike (a model file given with ``-m PATH``),
  and a model that cannot be compiled is an error, never the general list instead.
- The learning reports: the procesondersteuner collects the insights; only the participants'
  own organisations are asked to share the lines within them (seed 000 stap 6).
- Open agreements of one case that name different leads are pointed out (seed 000 stap 5).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import Result

from escalatie.clock import AMSTERDAM
from escalatie.deadlines import DEFAULT_NORM, Norms, add_days, count_days, is_working_day
from escalatie.forum import FixedDayOff, HolidayPolicy
from escalatie.plugins import using_registry
from escalatie.register.state import CaseState
from escalatie.register.views import case_deadlines, case_holidays

from ..conftest import RegisterEnv
from .conftest import cli_with as cli
from .conftest import ok, submitted


@pytest.fixture
def env(register_env: RegisterEnv) -> dict[str, str]:
    return register_env("beleidsadviseur")


# --- working days by the forum's holiday policy ---------------------------------------------

CAO = HolidayPolicy(fixed_days_off=(FixedDayOff(5, 5, "Bevrijdingsdag"),))
"""5 May off every year, Good Friday a working day: the bundled models' policy."""


def test_a_policy_decides_which_days_are_working_days() -> None:
    liberation, good_friday = date(2026, 5, 5), date(2026, 4, 3)
    assert is_working_day(liberation) and not is_working_day(good_friday)  # the general list
    assert not is_working_day(liberation, CAO) and is_working_day(good_friday, CAO)
    assert not is_working_day(good_friday, HolidayPolicy(good_friday=True))
    closed = HolidayPolicy(closing_days=((date(2026, 3, 4), "gemeente gesloten"),))
    assert not is_working_day(date(2026, 3, 4), closed)
    assert count_days(date(2026, 5, 4), date(2026, 5, 7), True, CAO) == 2
    assert add_days(date(2026, 5, 4), 1, True, CAO) == date(2026, 5, 6)


def case(model: str | None, forum: str | None = None) -> CaseState:
    submitted = datetime(2026, 4, 20, 9, tzinfo=AMSTERDAM)
    return CaseState(
        case_id="ESC-TEST-0001", submitted_at=submitted, document={}, model=model, forum=forum
    )


def test_a_maatwerktafel_case_counts_5_may_off() -> None:
    norms = Norms()
    assert DEFAULT_NORM.servicenorm == 20
    submitted = case("utrecht-maatwerktafel")
    policy = case_holidays(submitted)
    assert policy is not None and [(d.month, d.day) for d in policy.fixed_days_off] == [(5, 5)]
    # 20 working days from Monday 20 April 2026: Koningsdag, 5 May and Hemelvaartsdag off.
    assert case_deadlines(submitted, norms, submitted.submitted_at).planned_end == date(2026, 5, 21)
    planned = case("utrecht-maatwerktafel", "maatwerktafel")
    assert case_holidays(planned) == policy


def test_a_case_without_a_known_model_counts_the_general_list() -> None:
    for state in (case(None), case("not-installed-model")):
        assert case_holidays(state) is None
        assert case_deadlines(state, Norms(), state.submitted_at).planned_end == date(2026, 5, 20)


# --- who collects the insights, who spreads them --------------------------------------------


def test_the_procesondersteuner_collects_and_only_the_organisations_spread(
    env: dict[str, str], tmp_path: Path
) -> None:
    case_id = submitted(env, tmp_path, "utrecht-maatwerktafel")
    ok(cli(env, "insight", "add", case_id, "--theme", "supply_and_purchasing", "--text",
           "Geen plek in de regio", "--at", "2026-03-05T10:00"))  # fmt: skip
    report = ("-m", "utrecht-maatwerktafel", "learn", "report", "--at", "2026-03-31T12:00")
    own = ok(cli(env, *report, "--audience", "organisaties")).stdout
    field = ok(cli(env, *report)).stdout
    for text in (own, field):
        assert "door de procesondersteuner één inzicht uit één casus verzameld" in text
        assert "door de deelnemers" not in text
    assert "Deel deze leerlijnen binnen uw eigen organisatie." in own
    assert "eigen organisatie" not in field


# --- one lead on following the agreements ---------------------------------------------------


def test_agreements_naming_different_leads_are_pointed_out(
    env: dict[str, str], tmp_path: Path
) -> None:
    case_id = submitted(env, tmp_path, "utrecht-maatwerktafel")

    def add(action: str, lead: str) -> Result:
        return ok(cli(env, "agreement", "add", case_id, "--action", action, "--owner",
                      "Basisschool De Wilg", "--due", "2026-03-30", "--lead", lead,
                      "--audience", "Basisschool De Wilg", "--at", "2026-03-10T11:00"))  # fmt: skip

    first = add("Avondbegeleiding starten", "Buurtteam Noordwest")
    assert "warning" not in first.stderr
    same = add("Plan bijstellen", " buurtteam noordwest")  # the same lead, written otherwise
    assert "warning" not in same.stderr
    other = add("Terugkeerplan maken", "Jongerenwerk Noordwest")
    assert (
        f"warning: {case_id}: the open agreements name 2 leads (Buurtteam Noordwest and "
        "Jongerenwerk Noordwest); one lead follows the agreements up: agree who holds it "
        "(seed 000, 5. wie de regie neemt op het volgen van de afspraken)" in other.stderr
    )
    ok(cli(env, "agreement", "done", case_id, "3", "--at", "2026-03-11T11:00"))
    aligned = ok(cli(env, "agreement", "aligned", case_id, "--at", "2026-03-11T12:00"))
    assert "warning" not in aligned.stderr  # the other lead's agreement is done


# --- one planned end per case, whatever the command ---------------------------------------


def run(env: dict[str, str], *args: str) -> Result:
    """The CLI with a registry of its own, as each run of ``escalatie`` has: in one process a
    model file given with ``-m PATH`` (and a compiled model) would stay known to the next."""
    with using_registry(None):
        return cli(env, *args)


def planned_ends(env: dict[str, str], case_id: str, *model: str) -> tuple[str, str]:
    """The planned end ``case list --json`` and ``case show --json`` give, with ``model``
    (``-m ...``) before the command."""
    listed = ok(run(env, *model, "case", "list", "--json", "--at", "2026-04-21T10:00"))
    shown = ok(run(env, *model, "case", "show", case_id, "--json", "--at", "2026-04-21T10:00"))
    [row] = json.loads(listed.stdout)
    return row["planned_end"], json.loads(shown.stdout)["planned_end"]


def test_list_and_show_count_a_model_files_days_off_alike(
    env: dict[str, str], tmp_path: Path
) -> None:
    """The starter file keeps 5 May off (``liberation_day = true``): given with ``-m PATH``,
    ``case list`` counts it as ``case show`` does, not the general list."""
    starter = tmp_path / "zeewolde.toml"
    ok(run(env, "model", "new", "zeewolde-tafel", "-o", str(starter)))
    with using_registry(None):
        case_id = submitted(env, tmp_path, str(starter), at="2026-04-20T10:00")
    assert planned_ends(env, case_id, "-m", str(starter)) == ("2026-05-21", "2026-05-21")
    # Without the file, both fall back to the general list of public holidays, and say so.
    assert planned_ends(env, case_id) == ("2026-05-20", "2026-05-20")
    warning = (
        f"warning: model zeewolde-tafel of {case_id} is neither installed nor given with -m; "
        "its working days are counted with the general list of Dutch public holidays"
    )
    for command in (("case", "list"), ("case", "show", case_id)):
        assert run(env, *command).stderr.startswith(warning)
    assert "warning" not in run(env, "-m", str(starter), "case", "list").stderr


def test_a_broken_settings_table_is_an_error_not_another_deadline(
    env: dict[str, str], tmp_path: Path
) -> None:
    """A mistake in ``[utrecht]`` stops ``describe`` for a Utrecht model; the register's
    views of a Utrecht case stop on it too, with the same line, rather than counting the
    general list of holidays instead of the model's (a planned end one day earlier)."""
    with using_registry(None):
        case_id = submitted(env, tmp_path, "utrecht-maatwerktafel", at="2026-04-20T10:00")
    assert planned_ends(env, case_id) == ("2026-05-21", "2026-05-21")
    bad = tmp_path / "bad-settings.toml"  # a file of its own: a process reads one file once
    bad.write_text("[utrecht]\nfirst_date = 2026-01-06\n", "utf-8")
    env = {**env, "ESCALATIE_CONFIG": str(bad)}
    described = run(env, "-m", "utrecht-maatwerktafel", "describe")
    assert described.exit_code == 1
    line = described.stderr.strip()
    assert line.startswith("error: settings [utrecht] first_date: expected a date on a Monday")
    for command in (("case", "list"), ("case", "show", case_id)):
        refused = run(env, *command, "--at", "2026-04-21T10:00")
        assert (refused.exit_code, refused.stdout, refused.stderr.strip()) == (1, "", line)


def test_a_model_that_records_no_agreements_gets_no_agreements_warnings(
    env: dict[str, str], tmp_path: Path
) -> None:
    # seed 001: the commission's outcome is its budget decision, not agreements with a lead
    case_id = submitted(env, tmp_path, "utrecht-passend-alternatief")
    for action, lead in (("Plek zoeken", "Gemeente Utrecht"), ("Veiligheid", "Samen Veilig")):
        added = ok(cli(env, "agreement", "add", case_id, "--action", action, "--owner",
                       "Gemeente Utrecht", "--due", "2026-03-30", "--lead", lead,
                       "--at", "2026-03-10T11:00"))  # fmt: skip
        assert "warning" not in added.stderr
    closed = ok(cli(env, "case", "close", case_id, "--outcome", "not_resolved",
                    "--at", "2026-03-20T10:00"))  # fmt: skip
    assert "warning" not in closed.stderr
