"""Model files and the register's commands through the CLI, each command with a fresh
registry, as each run of ``escalatie`` has (in one process, a model file given with ``-m PATH``
stays known to the next command and would hide a lookup by name only).

- ``case close`` (and export) find a case's model file given with ``-m PATH``: the file's
  own ``required_to_close`` and source apply, never Utrecht's seed 000; a case whose model
  is neither installed nor given says so in the refusal.
- A misspelt option value is one line, exit code 1, with the accepted values.
- A model's settings table reports its unknown keys and bad values together.
- A model file's alignment rule (``aligned_before_sharing``) cites the file's own source.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result

from escalatie.plugins import using_registry

from ..conftest import RegisterEnv
from .conftest import STUCK_AT, STUCK_CASE, cli_with

CASE = {**STUCK_CASE, "reference": "NU-2026-9", "age": 11}
CLOSE_AT = ("--at", "2026-03-20T10:00")


@pytest.fixture
def env(
    register_env: RegisterEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)
    return register_env("nieuwe-gebruiker")


def cli(env: dict[str, str], *args: str) -> Result:
    with using_registry(None):  # built on first use, inside the run
        return cli_with(env, *args)


def model_file(env: dict[str, str], name: str, required_to_close: bool) -> str:
    """A model file made with ``model new`` (its closing rule as given), not installed."""
    path = Path(f"{name}.toml")
    assert cli(env, "model", "new", name, "-o", str(path)).exit_code == 0
    if not required_to_close:
        text = path.read_text(encoding="utf-8")
        assert "required_to_close = true\n" in text
        path.write_text(text.replace("required_to_close = true\n", "required_to_close = false\n"))
    return f"./{path}"


def new_case(env: dict[str, str], model: str) -> str:
    Path("case.json").write_text(json.dumps(CASE), encoding="utf-8")
    made = cli(env, "-m", model, "case", "new", "case.json", "--at", STUCK_AT)
    assert made.exit_code == 0, made.output
    return made.stdout.strip()


def consented_agreement(env: dict[str, str], case_id: str) -> None:
    """Consent of both givers to share the agreements with Lokalis, and one agreement whose
    audience is Lokalis: all a share needs but the alignment."""
    for giver in ("young_person", "parents"):
        consented = cli(env, "consent", "add", case_id, "--giver", giver, "--with", "Lokalis",
                        "--what", "agreements", "--at", "2026-03-16T11:00")  # fmt: skip
        assert consented.exit_code == 0, consented.output
    agreed = cli(env, "agreement", "add", case_id, "--action", "Gezinsbegeleiding", "--owner",
                 "Lokalis", "--due", "2026-04-01", "--lead", "Lokalis", "--audience", "Lokalis",
                 "--at", "2026-03-16T11:00")  # fmt: skip
    assert agreed.exit_code == 0, agreed.output


def test_close_follows_the_closing_rule_of_the_model_file_given_with_m(
    env: dict[str, str],
) -> None:
    loket = model_file(env, "dronten-loket", required_to_close=False)
    case_id = new_case(env, loket)
    closed = cli(env, "-m", loket, "case", "close", case_id, "--outcome", "resolved", *CLOSE_AT)
    assert closed.exit_code == 0, closed.output
    assert closed.stdout.strip() == f"{case_id}: closed (resolved)"


def test_close_cites_the_model_files_own_source(env: dict[str, str]) -> None:
    tafel = model_file(env, "dronten-tafel", required_to_close=True)
    case_id = new_case(env, tafel)
    refused = cli(env, "-m", tafel, "case", "close", case_id, "--outcome", "resolved", *CLOSE_AT)
    assert refused.exit_code == 1
    message = refused.stderr.strip()
    assert "\n" not in message
    assert "(model dronten-tafel)" in message
    assert "(Gemeente Dronten 2026), Afspraken]" in message
    assert "seed 000" not in message


def test_close_without_the_model_says_it_is_not_installed(env: dict[str, str]) -> None:
    loket = model_file(env, "dronten-loket", required_to_close=False)
    case_id = new_case(env, loket)
    refused = cli(env, "case", "close", case_id, "--outcome", "resolved", *CLOSE_AT)
    assert refused.exit_code == 1
    assert (
        "(its model dronten-loket is not installed, so the default rule applies; to apply its "
        "own, give its model file with -m PATH)" in refused.stderr
    )
    closed = cli(env, "case", "close", case_id, "--outcome", "referred", *CLOSE_AT)
    assert closed.exit_code == 0, closed.output  # a referral is never refused


def test_export_names_the_forum_role_of_a_model_file_given_with_m(env: dict[str, str]) -> None:
    tafel = model_file(env, "dronten-tafel", required_to_close=True)
    case_id = new_case(env, tafel)
    planned = cli(env, "-m", tafel, "case", "plan", case_id, "--slot", "2026-03-05T13:30",
                  "--at", STUCK_AT, "--by-agreement")  # fmt: skip
    assert planned.exit_code == 0, planned.output
    plain = cli(env, "case", "export", case_id)
    given = cli(env, "-m", tafel, "case", "export", case_id)
    assert plain.exit_code == 0 and given.exit_code == 0, given.output
    assert given.stdout != plain.stdout  # the file's forum gives the roles


def recorded_by_path(env: dict[str, str], path: str) -> str:
    """A case as a register written before ``case new`` recorded models by name holds it:
    with the ``-m`` path given then."""
    import os

    from escalatie.cli.register import opened
    from escalatie.documents import load_case
    from escalatie.register import commands

    Path("old.json").write_text(json.dumps(CASE), encoding="utf-8")
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        with opened(None, "oud-register", STUCK_AT, create=True) as s:
            return commands.submit(s, load_case("old.json"), model=path)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_a_recorded_path_is_not_read_unless_given_with_m(env: dict[str, str]) -> None:
    """The register decides no file to compile: a file at a recorded path (relative to the
    folder the command runs in, or where others can write) is the case's model only when the
    user gives it with ``-m`` in this run. Without it, the general list of holidays and a
    warning; a broken file there changes nothing; given with ``-m``, its days off count."""
    case_id = recorded_by_path(env, "./loket.toml")
    plain = cli(env, "case", "list", "--json", *CLOSE_AT)
    assert plain.exit_code == 0, plain.output
    assert "warning: model ./loket.toml of " in plain.stderr
    Path("loket.toml").write_text('name = "x"\n[broken', encoding="utf-8")
    broken = cli(env, "case", "list", "--json", *CLOSE_AT)
    assert (broken.exit_code, broken.stdout) == (0, plain.stdout), broken.output
    shown = cli(env, "case", "show", case_id, *CLOSE_AT)
    assert shown.exit_code == 0, shown.output
    Path(model_file(env, "dronten-loket", required_to_close=False)).replace("loket.toml")
    given = cli(env, "-m", "./loket.toml", "case", "close", case_id, "--outcome", "resolved",
                *CLOSE_AT)  # fmt: skip
    assert given.exit_code == 0, given.output


def test_a_case_of_a_model_not_given_still_gets_the_agreements_warnings(
    env: dict[str, str],
) -> None:
    """As ``case close`` keeps the default closing rule for a case whose model is neither
    installed nor given with ``-m``, the agreements warnings keep the default too, and say
    why (docs/register.md)."""
    tafel = model_file(env, "dronten-tafel", required_to_close=True)
    case_id = new_case(env, tafel)
    for action, lead in (("Plek zoeken", "Wijkteam Oost"), ("Huisbezoek", "Jeugdteam West")):
        added = cli(env, "agreement", "add", case_id, "--action", action, "--owner",
                    "Wijkteam Oost", "--due", "2026-03-30", "--lead", lead, *CLOSE_AT)  # fmt: skip
        assert added.exit_code == 0, added.output
    warnings = [x for x in added.stderr.splitlines() if x.startswith("warning: ")]
    assert len(warnings) == 2, added.stderr  # two leads, and no audience
    note = "its model dronten-tafel is neither installed nor given with -m, so the default rule"
    assert all(note in w for w in warnings), warnings


# --- a misspelt option value is one line, exit code 1 -----------------------------


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ("case", "close", "ESC-0000-0000", "--outcome", "solved"),
            "error: --outcome: expected one of resolved, partly_resolved, not_resolved, "
            "referred, got 'solved' (did you mean resolved?)",
        ),
        (
            (
                "consent",
                "add",
                "ESC-0000-0000",
                "--giver",
                "ouders",
                "--with",
                "X",
                "--what",
                "plan",
            ),
            "error: --giver: expected one of young_person, parents, representative, got 'ouders'",
        ),
        (
            ("case", "list", "--format", "jsn"),
            "error: --format: expected one of text, json, csv, jsonl, got 'jsn' "
            "(did you mean json?)",
        ),
        (
            ("schema", "modle"),
            "error: DOCUMENT: expected one of case, model, compare-row, simulate-row, "
            "got 'modle' (did you mean model?)",
        ),
    ],
)
def test_a_misspelt_choice_is_one_line_naming_the_option(
    env: dict[str, str], args: tuple[str, ...], line: str
) -> None:
    """``--giver ouders`` gets one ``error:`` line with exit code 1, as ``--at tomorrow``
    does, not click's three-line usage error with exit code 2."""
    result = cli(env, *args)
    assert (result.exit_code, result.stderr) == (1, line + "\n")


# --- every problem of a model's settings table in one run --------------------------


def test_an_unknown_setting_does_not_hide_the_tables_other_problems(
    env: dict[str, str],
) -> None:
    """``every_week = 3`` beside a bad value and another unknown key: every problem in one
    run, as the README promises (and as ``[deadlines]`` does)."""
    tafel = model_file(env, "dronten-tafel", required_to_close=True)
    Path(env["ESCALATIE_CONFIG"]).write_text(
        '[dronten-tafel]\nevery_week = 3\nminutes_per_case = 0\nfirst_date = "8 januari"\n',
        encoding="utf-8",
    )
    checked = cli(env, "model", "check", tafel)
    assert checked.exit_code == 1
    table = f"error: {tafel}: settings [dronten-tafel]"
    assert checked.stderr.splitlines() == [
        f"{table} every_week: unknown setting; expected one of minutes_per_case",
        f"{table} first_date: unknown setting; expected one of minutes_per_case",
        f"{table} minutes_per_case: expected a whole number of at least 1, got 0",
    ]
    described = cli(env, "-m", tafel, "describe")
    assert described.exit_code == 1
    assert described.stderr.strip().endswith("(and 2 more; escalatie model check lists them all)")


# --- the alignment rule of a model file cites the file -----------------------------


def test_a_model_files_alignment_rule_cites_the_file_not_utrechts_seed(
    env: dict[str, str],
) -> None:
    tafel = model_file(env, "dronten-tafel", required_to_close=True)
    path = Path(tafel)
    text = path.read_text(encoding="utf-8")
    text = text.replace("required_to_close = true\n", "required_to_close = true\n"
                        "aligned_before_sharing = true\n")  # fmt: skip
    path.write_text(text, encoding="utf-8")
    described = cli(env, "-m", tafel, "describe")
    assert described.exit_code == 0, described.output
    line = next(x for x in described.stdout.splitlines() if "aligned with the submitter" in x)
    assert "(Gemeente Dronten 2026), Afspraken]" in line and "seed 000" not in line
    case_id = new_case(env, tafel)
    consented_agreement(env, case_id)
    refused = cli(env, "-m", tafel, "case", "share", case_id, "--with", "Lokalis", "--what",
                  "agreements", "--at", "2026-03-16T12:00")  # fmt: skip
    assert refused.exit_code == 1
    message = refused.stderr.strip()
    assert "not yet aligned with the submitter" in message and "(model dronten-tafel)" in message
    assert "(Gemeente Dronten 2026), Afspraken]" in message
    assert "seed 000" not in message and "procesondersteuner" not in message


def test_share_without_the_case_model_refuses_the_agreements(env: dict[str, str]) -> None:
    """Without its model file, whether the case's agreements must first
    be aligned with the submitter is unknown; they are not shared as if it did not ask."""
    tafel = model_file(env, "dronten-tafel", required_to_close=True)
    case_id = new_case(env, tafel)
    consented_agreement(env, case_id)
    share = ("case", "share", case_id, "--with", "Lokalis", "--what", "agreements",
             "--at", "2026-03-16T12:00")  # fmt: skip
    refused = cli(env, *share)
    assert (refused.exit_code, refused.stderr) == (
        1,
        f"error: case {case_id}: its model dronten-tafel is not installed, so whether its "
        "agreements must first be aligned with the submitter is unknown; give its model file "
        "with -m PATH\n",
    )
    shared = cli(env, "-m", tafel, *share)
    assert shared.exit_code == 0, shared.output
    assert "Gezinsbegeleiding" in shared.stdout
