"""Utrecht's six leading principles (seed 003) in describe: gates enforced, values labelled."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from escalatie.cli import cli

NAMES = (
    "utrecht-maatwerktafel",
    "utrecht-citydeal",
    "utrecht-passend-alternatief",
    "utrecht-knelpuntenzorg",
)
SIX = (
    "utrecht.principle.own-direction",
    "utrecht.principle.professional-judgement",
    "utrecht.principle.normalise",
    "utrecht.principle.generalists-at-the-front",
    "utrecht.principle.content-leads",
    "utrecht.principle.safety-lower-bound",
)
VALUES = {
    "utrecht.principle.professional-judgement",
    "utrecht.principle.normalise",
    "utrecht.principle.generalists-at-the-front",
    "utrecht.principle.content-leads",
}


def describe(name: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["-m", name, "describe", *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("name", NAMES)
def test_all_six_principles_are_in_describe_citing_seed_003(name: str) -> None:
    principles = json.loads(describe(name, "--json"))["principles"]
    assert [p["id"] for p in principles] == list(SIX)
    for p in principles:
        assert p["source"].startswith("seed 003, leidende principes")
    # Seed 003 only says the safety of children is the lower bound; where acute danger goes the
    # same day is seed 002's (Veilig Thuis) and the acute GGZ letter's (Kamerstuk 25 424 nr. 273).
    safety = principles[-1]["source"]
    assert "seed 002" in safety and "acute ggz (Tweede Kamer" in safety
    enforced = {p["id"] for p in principles if p["enforced"]}
    assert not VALUES & enforced
    assert "utrecht.principle.safety-lower-bound" in enforced
    # Own direction is no test of a case anywhere: where the family and a key support figure
    # sit at the table (the maatwerktafel), the forum carries it, and its text says so.
    assert "utrecht.principle.own-direction" not in enforced
    own = principles[0]["text"]
    assert ("the forum carries it" in own) is (name == "utrecht-maatwerktafel")


def test_describe_text_labels_the_values_not_enforced() -> None:
    text = describe("utrecht-citydeal")
    for line in text.splitlines():
        if "[utrecht.principle." in line and "; seed 003, leidende principes" in line:
            safety = "utrecht.principle.safety-lower-bound" in line
            assert ("not enforced" in line) is not safety
    assert text.count("; seed 003, leidende principes") >= 6
    table = json.loads(describe("utrecht-maatwerktafel", "--json"))
    assert "key support figure are always invited to the table" in table["principles"][0]["text"]
    participants = table["forums"][0]["participants"]
    assert participants["family_at_table"] and participants["key_support_figure"]
