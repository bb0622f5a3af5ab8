"""Agreements after the table (seed 000, stap 5), through the CLI under the bundled models.

A case with open agreements is not closed as ``resolved`` where the model's forum records
agreements; the procesondersteuner aligns the agreements with the submitter before they are
shared ("na afloop afgestemd met de indiener"); an agreement without an audience is pointed out,
and a share is numbered without gaps.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result

from ..conftest import RegisterEnv
from .conftest import cli_with as cli
from .conftest import ok, submitted


@pytest.fixture
def env(register_env: RegisterEnv) -> dict[str, str]:
    return register_env("beleidsadviseur")


# --- resolved only with every agreement done -------------------------------------------------


def agree(env: dict[str, str], case_id: str, action: str, *audience: str) -> Result:
    with_ = [a for party in audience for a in ("--audience", party)]
    return cli(env, "agreement", "add", case_id, "--action", action, "--owner", "Lokalis",
               "--due", "2026-04-01", "--lead", "Lokalis", *with_, "--at", "2026-03-16T11:00")  # fmt: skip


def test_a_case_with_open_agreements_is_not_closed_as_resolved(
    env: dict[str, str], tmp_path: Path
) -> None:
    case_id = submitted(env, tmp_path, "utrecht-maatwerktafel")
    ok(agree(env, case_id, "Gezinsbegeleiding", "Lokalis"))
    ok(agree(env, case_id, "Schoolplek zoeken", "Lokalis"))
    ok(cli(env, "agreement", "done", case_id, "1", "--at", "2026-03-18T10:00"))
    refused = cli(
        env, "case", "close", case_id, "--outcome", "resolved", "--at", "2026-03-20T10:00"
    )
    assert refused.exit_code == 1
    line = refused.stderr.strip()
    assert "\n" not in line
    assert "--outcome resolved: case" in line and "still has open agreements (2)" in line
    # The model's own source is cited (the maatwerktafel's: seed 000 stap 5).
    assert "register.resolved_needs_agreements_done; seed 000, stap 5" in line
    # partly_resolved says what is true; so does resolved once the lead has followed them all.
    ok(cli(env, "agreement", "done", case_id, "2", "--at", "2026-03-19T10:00"))
    ok(cli(env, "case", "close", case_id, "--outcome", "resolved", "--at", "2026-03-20T10:00"))


def test_partly_resolved_and_referred_close_with_open_agreements(
    env: dict[str, str], tmp_path: Path
) -> None:
    for outcome in ("partly_resolved", "referred", "not_resolved"):
        case_id = submitted(env, tmp_path, "utrecht-maatwerktafel")
        ok(agree(env, case_id, "Gezinsbegeleiding", "Lokalis"))
        ok(cli(env, "case", "close", case_id, "--outcome", outcome, "--at", "2026-03-20T10:00"))


def test_a_model_that_records_no_agreements_closes_resolved_with_open_ones(
    env: dict[str, str], tmp_path: Path
) -> None:
    case_id = submitted(env, tmp_path, "utrecht-knelpuntenzorg")
    ok(agree(env, case_id, "Woning zoeken", "Lokalis"))
    ok(cli(env, "case", "close", case_id, "--outcome", "resolved", "--at", "2026-03-20T10:00"))


# --- agreements are aligned with the submitter before they are shared -----------------------


def consent(env: dict[str, str], case_id: str, party: str) -> None:
    for giver in ("young_person", "parents"):
        ok(cli(env, "consent", "add", case_id, "--giver", giver, "--with", party, "--what",
               "agreements", "--at", "2026-03-16T11:00"))  # fmt: skip


def share(env: dict[str, str], case_id: str, at: str) -> Result:
    return cli(env, "case", "share", case_id, "--with", "Lokalis", "--what", "agreements",
               "--at", at)  # fmt: skip


def test_the_agreements_are_shared_after_alignment_with_the_submitter(
    env: dict[str, str], tmp_path: Path
) -> None:
    case_id = submitted(env, tmp_path, "utrecht-maatwerktafel")
    consent(env, case_id, "Lokalis")
    ok(agree(env, case_id, "Gezinsbegeleiding", "Lokalis"))
    early = share(env, case_id, "2026-03-16T12:00")
    assert early.exit_code == 1
    line = early.stderr.strip()
    assert "\n" not in line
    assert "agreements 1 of case" in line and "not yet aligned with the submitter" in line
    assert f"escalatie agreement aligned {case_id}" in line
    assert "[register.agreements_aligned; seed 000, 5. na afloop afgestemd met de indiener]" in line
    aligned = ok(cli(env, "agreement", "aligned", case_id, "--at", "2026-03-17T10:00"))
    assert aligned.stdout.strip() == f"{case_id}: agreement 1 aligned with the submitter"
    again = cli(env, "agreement", "aligned", case_id, "--at", "2026-03-17T10:05")
    assert again.exit_code == 1 and "already aligned" in again.stderr
    # A share dated before the alignment still sees the register as it stood then.
    assert share(env, case_id, "2026-03-16T12:00").exit_code == 1
    assert "Gezinsbegeleiding" in ok(share(env, case_id, "2026-03-17T10:10")).stdout
    # An agreement added later is aligned in its turn.
    ok(cli(env, "agreement", "add", case_id, "--action", "Schoolplek zoeken", "--owner", "JGZ",
           "--due", "2026-04-10", "--lead", "Lokalis", "--audience", "Lokalis",
           "--at", "2026-03-18T10:00"))  # fmt: skip
    later = share(env, case_id, "2026-03-18T11:00")
    assert later.exit_code == 1 and "agreements 2 of case" in later.stderr
    ok(cli(env, "agreement", "aligned", case_id, "--at", "2026-03-18T12:00"))
    assert "Schoolplek zoeken" in ok(share(env, case_id, "2026-03-18T12:30")).stdout
    actions = [
        e["action"]
        for e in json.loads(ok(cli(env, "audit", "--case", case_id, "--json")).stdout)["entries"]
    ]
    assert actions.count("share_refused") == 3


def test_alignment_needs_agreements(env: dict[str, str], tmp_path: Path) -> None:
    case_id = submitted(env, tmp_path, "utrecht-maatwerktafel")
    refused = cli(env, "agreement", "aligned", case_id, "--at", "2026-03-17T10:00")
    assert refused.exit_code == 1 and "has no agreements recorded" in refused.stderr


def test_a_model_without_the_step_shares_without_alignment(
    env: dict[str, str], tmp_path: Path
) -> None:
    case_id = submitted(env, tmp_path, "utrecht-knelpuntenzorg")
    consent(env, case_id, "Lokalis")
    ok(agree(env, case_id, "Woning zoeken", "Lokalis"))
    assert "Woning zoeken" in ok(share(env, case_id, "2026-03-16T12:00")).stdout


def test_describe_names_the_alignment_step(env: dict[str, str]) -> None:
    text = ok(cli(env, "-m", "utrecht-maatwerktafel", "describe")).stdout
    assert "Agreements are shared only after they are aligned with the submitter" in text
    data = json.loads(ok(cli(env, "-m", "utrecht-knelpuntenzorg", "describe", "--json")).stdout)
    assert data["agreements"]["aligned_before_sharing"] is False


# --- an agreement without an audience is pointed out -----------------------------------------


def test_an_agreement_without_an_audience_is_warned_of_and_the_share_has_no_gap(
    env: dict[str, str], tmp_path: Path
) -> None:
    case_id = submitted(env, tmp_path, "utrecht-maatwerktafel")
    consent(env, case_id, "Lokalis")
    silent = ok(agree(env, case_id, "Contact met de huisarts"))
    assert silent.stderr.strip() == (
        f"warning: {case_id}: agreement 1 has no --audience: the family has not decided with "
        "whom it is shared, so no share carries it (seed 000, 5. met het gezin besproken met "
        "wie de afspraken gedeeld worden)"
    )
    assert "warning" not in ok(agree(env, case_id, "Gezinsbegeleiding", "Lokalis")).stderr
    ok(cli(env, "agreement", "aligned", case_id, "--at", "2026-03-17T10:00"))
    text = ok(share(env, case_id, "2026-03-17T10:10")).stdout
    assert "1. Gezinsbegeleiding" in text and "2." not in text
    assert "huisarts" not in text
    closed = ok(cli(env, "case", "close", case_id, "--outcome", "partly_resolved",
                    "--at", "2026-03-20T10:00"))  # fmt: skip
    assert f"warning: {case_id}: agreement 1 has no --audience" in closed.stderr
