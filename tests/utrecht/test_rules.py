"""Every Utrecht rule is sourced, unique, documented; acute safety goes to Veilig Thuis."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from escalatie.case import Case, Obstacle, SafetyLevel, SafetySignal, Submitter, SubmitterRole
from escalatie.model import EscalationModel
from escalatie.plugins import Registry
from escalatie.rules import Rule
from escalatie.triaging import triage
from escalatie_utrecht.plugin import model_files

CaseFactory = Callable[..., Case]
NAMES = (
    "utrecht-maatwerktafel",
    "utrecht-citydeal",
    "utrecht-passend-alternatief",
    "utrecht-knelpuntenzorg",
)
DOC = Path(__file__).resolve().parents[2] / "docs" / "models" / "utrecht.md"
SEEDS = {"000", "001", "002", "003"}


def model_rules(model: EscalationModel) -> list[Rule]:
    out = [*model.principles, *model.agreements.rules]
    for step in model.ladder:
        out += [*step.entry, *step.conditions, *step.prerequisites, *step.checks]
    return out


def file_rules() -> list[tuple[str, str, dict[str, Any]]]:
    """Every rule of the four model files as written: (file, id, table), those no step uses
    included (what the seed says beside the ladder)."""
    out = []
    for path in model_files():
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        default = data["source"]
        for rule_id, table in data["rules"].items():
            out.append((path.name, rule_id, {"source": default, **table}))
    return out


def _source(raw: Any) -> tuple[str, str]:
    return (raw, "") if isinstance(raw, str) else (raw["document"], raw.get("section", ""))


RULES = {rule_id: table for _, rule_id, table in file_rules()}


def test_rule_ids_are_one_rule_and_every_rule_names_a_utrecht_seed_and_section() -> None:
    """A rule id shared by the files (the principles, the mailbox's) is the same rule in each;
    only own direction says more where the maatwerktafel seats the family."""
    for _, rule_id, table in file_rules():
        assert rule_id.startswith("utrecht.")
        document, section = _source(table["source"])
        assert document in SEEDS and section, rule_id
        first = RULES[rule_id]
        assert _source(first["source"]) == (document, section)
        if rule_id != "utrecht.principle.own-direction":
            assert table["text"] == first["text"], rule_id


@pytest.mark.parametrize("name", NAMES)
def test_every_rule_a_model_uses_is_in_its_rule_table(registry: Registry, name: str) -> None:
    model = registry.model(name)
    assert {r.id for r in model_rules(model)} - {
        s.applicants_rule(model.name, model.source).id  # type: ignore[union-attr]
        for s in model.ladder
        if s.applicants
    } <= set(RULES)


def test_every_rule_is_documented_for_the_policy_adviser(registry: Registry) -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [rule_id for rule_id in RULES if f"`{rule_id}`" not in text]
    assert missing == []
    for name in NAMES:
        model = registry.model(name)
        for step in model.ladder:
            rule = step.applicants_rule(model.name, model.source)
            if rule is not None:
                assert f"`{rule.id}`" in text
                assert rule.source.seed == model.source.seed and rule.source.section


def test_assumptions_and_readings_say_so() -> None:
    """Rules that go beyond the seed's words are labelled, so the policy adviser can tell."""
    for rule_id in (
        "utrecht.bestuur.forum-did-not-resolve",
        "utrecht.citydeal.cadence",
        "utrecht.cpa.cadence",
        "utrecht.maatwerktafel.age",
        "utrecht.maatwerktafel.before.mix",
    ):
        assert "assumption" in RULES[rule_id]["text"].casefold(), rule_id
    for rule_id in (
        "utrecht.bestuur.adviser-did-not-resolve",
        "utrecht.maatwerktafel.entry.commissioner",
        "utrecht.maatwerktafel.entry.other-help",  # seed 000 stap 2 says "en wanneer"
        "utrecht.maatwerktafel.entry.residential-alternative",
        "utrecht.cpa.never-wait",
        "utrecht.cpa.send-back",
    ):
        assert "reading" in RULES[rule_id]["text"], rule_id


@pytest.mark.parametrize("name", NAMES)
def test_acute_safety_goes_to_veilig_thuis_in_every_utrecht_model(
    registry: Registry, ready_case: CaseFactory, monday_morning: datetime, name: str
) -> None:
    case = ready_case(
        obstacles=tuple(Obstacle), safety=SafetySignal(SafetyLevel.ACUTE, "acuut gevaar")
    )
    result = triage(registry, registry.model(name), case, monday_morning)
    assert result.route == "veilig-thuis"


@pytest.mark.parametrize("name", NAMES)
def test_every_named_onward_route_is_registered(registry: Registry, name: str) -> None:
    for key in registry.model(name).onward_routes:
        assert registry.route(key).key == key


@pytest.mark.parametrize("name", NAMES)
def test_national_and_resident_routes_are_offered_when_no_step_fits(
    registry: Registry, ready_case: CaseFactory, monday_morning: datetime, name: str
) -> None:
    toddler = ready_case(age=3, obstacles=(), requested_care=())
    result = triage(registry, registry.model(name), toddler, monday_morning)
    assert result.route == "integrale-vroeghulp"
    concern = ready_case(age=3, obstacles=(), safety=SafetySignal(SafetyLevel.CONCERN, "zorgen"))
    result = triage(registry, registry.model(name), concern, monday_morning)
    # Veilig Thuis is listed as open for a concern, never made the main route (seed 002).
    assert result.route == "integrale-vroeghulp"
    assert "veilig-thuis" in result.onward


@pytest.mark.parametrize("name", NAMES[:3])
def test_the_other_models_point_to_the_mailbox_before_the_residents_routes(
    registry: Registry, ready_case: CaseFactory, monday_morning: datetime, name: str
) -> None:
    model = registry.model(name)
    keys = list(model.onward_routes)
    assert keys.index("utrecht-knelpuntenzorg") < keys.index("utrecht-bestuur")
    for resident in ("raad-en-college", "ombudsman", "bezwaar-en-klacht"):
        assert keys.index("utrecht-knelpuntenzorg") < keys.index(resident)
    # A parent whose case no step takes is sent to the mailbox, not to the council.
    parent = ready_case(
        submitter=Submitter(SubmitterRole.PARENT), obstacles=(Obstacle.WAITING_LIST,)
    )
    result = triage(registry, model, parent, monday_morning)
    assert result.route == "utrecht-knelpuntenzorg"
    assert {"raad-en-college", "ombudsman", "bezwaar-en-klacht"} <= set(result.onward)
    assert [r.rule for r in result.reasons] == ["utrecht.knelpunt.route.stuck-case"]
    route = registry.route("utrecht-knelpuntenzorg")
    assert route.family_can_apply and route.source.cite() == "seed 002, Utrechtse aanpak"


def test_the_mailbox_model_does_not_name_itself(registry: Registry) -> None:
    assert "utrecht-knelpuntenzorg" not in registry.model("utrecht-knelpuntenzorg").onward_routes
