"""Closing, signals and citations under the bundled models, through the CLI.

Closing needs agreements only where the model's forum records them (the maatwerktafel, seed 000
stap 5), and only for an outcome that claims a result. Helmond and Groningen have a ``bestuur``
to send signals to (seed 002, "bestuurlijk opschalen"), labelled as the library's reading;
Groningen's purchasing organisation answers signals and its sounding board is told. A signal
goes only to a body that answers; a model's learning and board reports count that model's cases
only (seed 000, stap 6). The collector sentence of a report is Dutch for a plural collector too.
Law is cited as ``wet:``, not as a seed; the meldcode is listed for every model.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from escalatie.sources import seed

from ..conftest import RegisterEnv
from .conftest import STUCK_AT, ok, submitted
from .conftest import cli_with as cli

AT = STUCK_AT


@pytest.fixture
def env(register_env: RegisterEnv) -> dict[str, str]:
    return register_env("beleidsadviseur")


# --- closing without agreements -------------------------------------------------------------------


@pytest.mark.parametrize("outcome", ["resolved", "partly_resolved"])
def test_a_maatwerktafel_case_claiming_a_result_needs_agreements(
    env: dict[str, str], tmp_path: Path, outcome: str
) -> None:
    case_id = submitted(env, tmp_path, "utrecht-maatwerktafel")
    refused = cli(env, "case", "close", case_id, "--outcome", outcome, "--at", "2026-03-20T10:00")
    assert refused.exit_code == 1
    line = refused.stderr.strip()
    assert "\n" not in line
    assert f"cannot be closed as {outcome} (model utrecht-maatwerktafel)" in line
    assert "register.close_needs_agreements; seed 000, stap 5: afspraken en regie" in line


@pytest.mark.parametrize("outcome", ["not_resolved", "referred"])
def test_a_maatwerktafel_case_without_a_result_closes_without_agreements(
    env: dict[str, str], tmp_path: Path, outcome: str
) -> None:
    case_id = submitted(env, tmp_path, "utrecht-maatwerktafel")
    closed = cli(env, "case", "close", case_id, "--outcome", outcome, "--at", "2026-03-20T10:00")
    assert closed.exit_code == 0, closed.output
    assert closed.stdout == f"{case_id}: closed ({outcome})\n"


@pytest.mark.parametrize(
    "model",
    [
        "utrecht-passend-alternatief",
        "utrecht-knelpuntenzorg",
        "utrecht-citydeal",
        "helmond-trajectregie",
        "groningen-3d",
        "rotterdam-zorgconsulaat",
        "hlt-ontschotter",
    ],
)
def test_a_model_that_records_no_agreements_closes_without_them(
    env: dict[str, str], tmp_path: Path, model: str
) -> None:
    case_id = submitted(env, tmp_path, model)
    closed = cli(env, "case", "close", case_id, "--outcome", "resolved", "--at", "2026-03-20T10:00")
    assert closed.exit_code == 0, closed.output
    shown = json.loads(cli(env, "case", "show", case_id, "--json").stdout)
    assert shown["status"] == "closed" and shown["outcome"] == "resolved"


def test_describe_says_whether_closing_needs_agreements(env: dict[str, str]) -> None:
    maatwerktafel = cli(env, "-m", "utrecht-maatwerktafel", "describe").stdout
    assert "Closing a case as resolved or partly_resolved needs agreements with a lead" in (
        maatwerktafel
    )
    commission = cli(env, "-m", "utrecht-passend-alternatief", "describe")
    assert "Closing a case needs no recorded agreements" in commission.stdout
    data = json.loads(cli(env, "-m", "utrecht-passend-alternatief", "describe", "--json").stdout)
    assert data["agreements"]["required_to_close"] is False


def test_required_to_close_is_a_boolean_in_a_model_file(
    env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "eigen.toml"
    for value, accepted in (("false", True), ("1", False), ('"nee"', False)):
        path.write_text(
            'extends = "utrecht-maatwerktafel"\nname = "eigen-tafel"\n'
            f"[agreements]\nrequired_to_close = {value}\n",
            encoding="utf-8",
        )
        checked = cli(env, "model", "check", str(path))
        if accepted:
            assert checked.exit_code == 0, checked.output
        else:
            assert checked.exit_code == 1
            assert f"agreements.required_to_close: expected true or false, got {value}" in (
                checked.stderr
            )


# --- the board in Helmond and Groningen -----------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "collector", "quoted"),
    [
        (
            "helmond-trajectregie",
            "de trajectregisseurs",
            "Zo nodig kan bestuurlijk worden opgeschaald",
        ),
        (
            "groningen-3d",
            "de 3-D manager",
            "casuïstiek kan doorzetten en/of bestuurlijk kan opschalen",
        ),
    ],
)
def test_helmond_and_groningen_signal_the_board(
    env: dict[str, str], tmp_path: Path, model: str, collector: str, quoted: str
) -> None:
    case_id = submitted(env, tmp_path, model)
    added = cli(env, "-m", model, "signal", "add", "--case", case_id, "--kind", "contract",
                "--to", "bestuur", "--blocks", "Geen contract met de aanbieder die past",
                "--at", "2026-03-05T10:00")  # fmt: skip
    assert added.exit_code == 0, added.output
    report = cli(env, "-m", model, "learn", "report", "--audience", "bestuur", "--from",
                 "2026-03-01", "--at", "2026-03-10T10:00")  # fmt: skip
    assert report.exit_code == 0, report.output
    assert f"Dit overzicht is voor u opgesteld door {collector}, uit de signalen" in report.stdout
    assert "Bron: VNG informatiekaart" in report.stdout  # seed 002, its title in a Dutch text
    assert case_id not in report.stdout
    described = cli(env, "-m", model, "describe").stdout
    assert "signalen aan het bestuur" in described and "the library's reading" in described
    assert quoted in described


def test_groningen_signals_purchasing_and_tells_the_sounding_board(
    env: dict[str, str], tmp_path: Path
) -> None:
    model = "groningen-3d"
    case_id = submitted(env, tmp_path, model)
    args = ("-m", model, "signal", "add", "--case", case_id, "--kind", "contract", "--blocks",
            "Geen contract met de aanbieder die past", "--at", "2026-03-05T10:00")  # fmt: skip
    ok(cli(env, *args, "--to", "inkoop"))
    told = cli(env, *args, "--to", "klankbordgroep")
    assert told.exit_code == 1 and "signal.to_answering_body" in told.stderr
    report = ok(cli(env, "-m", model, "learn", "report", "--audience", "klankbordgroep",
                    "--from", "2026-03-01", "--at", "2026-03-10T10:00"))  # fmt: skip
    assert report.stdout.startswith(
        "# Leerlijnen uit vastgelopen casuïstiek voor de klankbordgroep"
    )
    described = ok(cli(env, "-m", model, "describe")).stdout
    assert "(audience inkoop: answers signals)" in described
    assert "(audience klankbordgroep: told, gets the learning lines)" in described


# --- a plural collector ---------------------------------------------------------------------------


def test_a_plural_collector_reads_as_dutch(env: dict[str, str], tmp_path: Path) -> None:
    model = "utrecht-citydeal"
    case_id = submitted(env, tmp_path, model)
    cli(env, "-m", model, "signal", "add", "--case", case_id, "--kind", "rule", "--to",
        "gemeente", "--blocks", "De regel past niet", "--at", "2026-03-05T10:00")  # fmt: skip
    report = cli(env, "-m", model, "learn", "report", "--audience", "gemeente", "--from",
                 "2026-03-01", "--at", "2026-03-10T10:00")  # fmt: skip
    assert report.exit_code == 0, report.output
    assert (
        "Dit overzicht is voor u opgesteld door de deelnemers aan het City Deal overleg, uit de "
        "signalen in het register." in report.stdout
    )
    assert " stelt dit overzicht" not in report.stdout


# --- citations ------------------------------------------------------------------------------------


def test_law_is_cited_as_law_not_as_a_seed() -> None:
    assert seed("law", "AVG art. 7(3)").cite() == "wet: AVG art. 7(3)"
    assert seed("law").cite() == "wet"
    assert seed("000", "stap 5").cite() == "seed 000, stap 5"


def test_no_internal_review_is_a_source() -> None:
    from escalatie import consent

    for rule in (consent.AGE_RULES, consent.AGE_NOW):
        assert "review" not in rule.source.cite()


@pytest.mark.parametrize("model", ["utrecht-maatwerktafel", "helmond-trajectregie"])
def test_describe_lists_the_meldcode_with_its_year(env: dict[str, str], model: str) -> None:
    data = json.loads(cli(env, "-m", model, "describe", "--json").stdout)
    meldcode = next(d for d in data["documents"] if d["key"] == "meldcode")
    assert meldcode["title"] == "Wet verplichte meldcode huiselijk geweld en kindermishandeling"
    assert meldcode["year"] == 2013
    from escalatie.safety import SAFETY_FIRST

    assert "afwegingskader (verplicht sinds 1 januari 2019)" in SAFETY_FIRST.source.cite()


# --- signals only to bodies that answer -----------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "told", "answering"),
    [
        ("utrecht-maatwerktafel", "organisaties", "this model names none"),
        ("utrecht-citydeal", "professionals", "a body that answers: gemeente"),
        ("utrecht-passend-alternatief", "verwijzers-en-aanbieders", "a body that answers: inkoop"),
        ("rotterdam-zorgconsulaat", "organisaties", "a body that answers: bestuur"),
    ],
)
def test_a_group_that_is_told_gets_no_signal(
    env: dict[str, str], tmp_path: Path, model: str, told: str, answering: str
) -> None:
    case_id = submitted(env, tmp_path, model)
    refused = cli(env, "-m", model, "signal", "add", "--case", case_id, "--kind", "rule",
                  "--to", told, "--blocks", "De regel past niet", "--at", "2026-03-05T10:00")  # fmt: skip
    assert refused.exit_code == 1
    line = refused.stderr.strip()
    assert "\n" not in line and f"--to: {told} of model {model} is told" in line
    assert answering in line and f"learn report --audience {told}" in line
    assert "[signal.to_answering_body; seed 002" in line
    assert cli(env, "signal", "list", "--json").stdout.strip() == "[]"
    report = cli(
        env, "-m", model, "learn", "report", "--audience", told, "--at", "2026-03-10T10:00"
    )
    assert report.exit_code == 0, report.output
    assert report.stdout.startswith("# Leerlijnen uit vastgelopen casuïstiek voor ")
    assert "Nog zonder antwoord" not in report.stdout and "Toegezegd" not in report.stdout


def test_describe_says_which_audiences_answer(env: dict[str, str]) -> None:
    data = json.loads(cli(env, "-m", "utrecht-passend-alternatief", "describe", "--json").stdout)
    answers = {lo["audience_key"]: lo["answers"] for lo in data["learning"]}
    assert answers == {"inkoop": True, "verwijzers-en-aanbieders": False, "professionals": False}
    text = cli(env, "-m", "utrecht-passend-alternatief", "describe").stdout
    assert "(audience inkoop: answers signals)" in text
    assert "(audience verwijzers-en-aanbieders: told, gets the learning lines)" in text


# --- a model's reports count the model's own cases ------------------------------------------------


def test_the_board_report_counts_only_the_models_cases(env: dict[str, str], tmp_path: Path) -> None:
    other = submitted(env, tmp_path, "utrecht-maatwerktafel")
    meeting = ("--at", "2026-03-16T11:00")
    assert cli(env, "agreement", "add", other, "--action", "Gezinsbegeleiding", "--owner",
               "Lokalis", "--due", "2026-04-01", "--lead", "Lokalis", *meeting).exit_code == 0  # fmt: skip
    # resolved needs the agreement done (seed 000 stap 5; test_agreements.py)
    assert cli(env, "agreement", "done", other, "1", "--at", "2026-03-19T10:00").exit_code == 0
    closed = cli(env, "case", "close", other, "--outcome", "resolved", "--at", "2026-03-20T10:00")
    assert closed.exit_code == 0, closed.output
    model = "utrecht-knelpuntenzorg"
    own = submitted(env, tmp_path, model)
    cli(env, "-m", model, "signal", "add", "--case", own, "--kind", "rule", "--to", "bestuur",
        "--blocks", "De Wmo neemt het niet over", "--at", "2026-03-05T10:00")  # fmt: skip
    args = ("learn", "report", "--audience", "bestuur", "--from", "2026-03-01")
    data = json.loads(
        cli(env, "-m", model, *args, "--format", "json", "--at", "2026-03-31T10:00").stdout
    )
    assert data["breakthroughs"]["cases"] == 0  # the maatwerktafel case is not this model's
    text = cli(env, "-m", model, *args, "--at", "2026-03-31T10:00").stdout
    assert "Die omschrijving komt van het programma, niet uit het beleid." in text
    assert "Geteld zijn alleen de casussen van dit model, niet het hele register." in text
    closed = cli(env, "case", "close", own, "--outcome", "resolved", "--at", "2026-03-25T10:00")
    assert closed.exit_code == 0, closed.output
    data = json.loads(
        cli(env, "-m", model, *args, "--format", "json", "--at", "2026-03-31T10:00").stdout
    )
    assert data["breakthroughs"]["cases"] == 1


@pytest.mark.parametrize("audience", [(), ("--audience", "organisaties")])
def test_the_learning_report_counts_only_the_models_cases(
    env: dict[str, str], tmp_path: Path, audience: tuple[str, ...]
) -> None:
    own = submitted(env, tmp_path, "utrecht-maatwerktafel")
    other = submitted(env, tmp_path, "utrecht-knelpuntenzorg")
    for case_id, text in ((own, "Rotatie werkte goed"), (other, "De mailbox werkte snel")):
        ok(cli(env, "insight", "add", case_id, "--theme", "process", "--text", text,
               "--at", "2026-03-05T10:00"))  # fmt: skip
    args = ("-m", "utrecht-maatwerktafel", "learn", "report", *audience, "--from", "2026-03-01")
    text = ok(cli(env, *args, "--at", "2026-03-31T10:00")).stdout
    assert "één inzicht uit één casus verzameld" in text
    assert "Rotatie werkte goed" in text and "De mailbox werkte snel" not in text
    assert (
        "Geteld zijn alleen de casussen van de werkwijze Maatwerktafel (Utrecht), niet het hele "
        "register." in text
    )
    data = json.loads(ok(cli(env, *args, "--format", "json", "--at", "2026-03-31T10:00")).stdout)
    assert (data["insights"], data["cases"]) == (1, 1)
    # Without a model the report is of the whole register, and says nothing of a model.
    whole = ok(cli(env, "learn", "report", "--from", "2026-03-01", "--at", "2026-03-31T10:00"))
    assert "twee inzichten uit twee casussen" in whole.stdout
    assert "Geteld zijn alleen" not in whole.stdout


# --- a plan the seed is silent on is not stated ---------------------------------------------------


@pytest.mark.parametrize("model", ["utrecht-citydeal", "utrecht-passend-alternatief"])
def test_seed_001_states_no_plan(env: dict[str, str], model: str) -> None:
    (forum,) = json.loads(cli(env, "-m", model, "describe", "--json").stdout)["forums"]
    assert forum["invitation"]["asks_for_plan"] is None
    text = cli(env, "-m", model, "describe").stdout
    assert "the anonymised plan: not stated by the source (niet vastgelegd in de bron)" in text


# --- the commission's rules name their exceptions -------------------------------------------------


def test_the_commission_rules_name_the_send_back_and_the_categories(env: dict[str, str]) -> None:
    data = json.loads(cli(env, "-m", "utrecht-passend-alternatief", "describe", "--json").stdout)
    rules = {r["id"]: r["text"] for step in data["ladder"] for r in step["checks"]}
    assert "fewer clients than its contract's minimum" in rules["utrecht.cpa.never-wait"]
    conditions = {r["id"]: r["text"] for step in data["ladder"] for r in step["conditions"]}
    assert "decided as specialist_youth_care" in conditions["utrecht.cpa.care-question"]
