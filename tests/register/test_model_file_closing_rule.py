"""The closing rule of a model file, through the CLI: it cites the file's own source, never
Utrecht's seed 000; the starter states ``[agreements]`` as an example, and ``model check`` warns
about a file that leaves it out (which then cites the model's own route)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import RegisterEnv
from .conftest import STUCK_CASE, cli_with, submitted

CASE = {**STUCK_CASE, "reference": "NU-2026-8", "age": 11}


@pytest.fixture
def env(
    register_env: RegisterEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)
    return register_env("nieuwe-gebruiker")


cli = cli_with


def new_case(env: dict[str, str], model: str, case: dict[str, object] = CASE) -> str:
    return submitted(env, Path("."), model, case)


@pytest.fixture
def zeewolde(env: dict[str, str]) -> str:
    made = cli(env, "model", "new", "zeewolde-tafel", "-o", "zeewolde.toml")
    assert made.exit_code == 0, made.output
    return "./zeewolde.toml"


def test_the_starter_states_its_closing_rule_as_an_example(
    env: dict[str, str], zeewolde: str
) -> None:
    text = Path(zeewolde).read_text(encoding="utf-8")
    block = text[text.index("# When a case may be closed as resolved") :]
    assert "VOORBEELD" in block.splitlines()[0]
    assert '[agreements]\nrules = ["agreements"]\nrequired_to_close = true\n' in block
    checked = cli(env, "model", "check", zeewolde)
    assert checked.exit_code == 0, checked.output
    assert "rules.agreements.text" in checked.stderr  # the example text is flagged
    assert "agreements.required_to_close: not stated" not in checked.stderr


def test_a_model_files_closing_rule_cites_the_file_not_utrechts_seed(
    env: dict[str, str], zeewolde: str
) -> None:
    described = cli(env, "-m", zeewolde, "describe")
    assert described.exit_code == 0, described.output
    line = next(x for x in described.stdout.splitlines() if x.startswith("  Closing a case"))
    assert "(Gemeente Zeewolde 2026), Afspraken]" in line
    assert "seed 000" not in line
    case_id = new_case(env, zeewolde)
    refused = cli(
        env, "case", "close", case_id, "--outcome", "resolved", "--at", "2026-03-20T10:00"
    )
    assert refused.exit_code == 1
    message = refused.stderr.strip()
    assert "\n" not in message
    assert "(model zeewolde-tafel)" in message
    assert "(Gemeente Zeewolde 2026), Afspraken]" in message
    assert "seed 000" not in message and "maatwerktafel" not in message


def test_a_file_that_leaves_the_closing_rule_out_cites_itself_and_is_warned(
    env: dict[str, str],
) -> None:
    assert cli(env, "model", "new", "zeewolde-overleg", "-o", "kaal.toml").exit_code == 0
    text = Path("kaal.toml").read_text(encoding="utf-8")
    Path("kaal.toml").write_text(text[: text.index("# When a case may be closed")], "utf-8")
    checked = cli(env, "model", "check", "./kaal.toml")
    assert checked.exit_code == 0, checked.output
    assert "agreements.required_to_close: not stated, so true" in checked.stderr
    described = cli(env, "-m", "./kaal.toml", "describe")
    assert described.exit_code == 0, described.output
    line = next(x for x in described.stdout.splitlines() if x.startswith("  Closing a case"))
    assert "(Gemeente Zeewolde 2026), Escalatieroute]" in line  # the model's own source


def test_the_agreements_warnings_cite_the_file_not_utrechts_seed(
    env: dict[str, str], zeewolde: str
) -> None:
    case_id = new_case(env, zeewolde)

    def add(action: str, lead: str) -> str:
        added = cli(env, "-m", zeewolde, "agreement", "add", case_id, "--action", action,
                    "--owner", "Buurtteam", "--due", "2026-03-30", "--lead", lead,
                    "--at", "2026-03-10T11:00")  # fmt: skip
        assert added.exit_code == 0, added.output
        return added.stderr

    add("Avondbegeleiding starten", "Buurtteam")
    warned = add("Terugkeerplan maken", "Wijkteam")
    assert "the open agreements name 2 leads (Buurtteam and Wijkteam)" in warned
    assert "has no --audience" in warned
    assert "seed 000" not in warned  # a municipality's own file, not Utrecht's handreiking
    assert warned.count("(Gemeente Zeewolde 2026), Afspraken)") == 2
