"""National, regional and resident routes: registered by the core, with the seeds' criteria."""

from __future__ import annotations

from datetime import datetime

import pytest

from escalatie.builtin.national_routes import NATIONAL_ROUTE_KEYS, RESIDENT_ROUTE_KEYS
from escalatie.plugins import Registry, make_plugin_manager
from escalatie.routes import RouteKind
from escalatie.triaging import triage

MY_MODELS = ("helmond-trajectregie", "rotterdam-zorgconsulaat", "groningen-3d", "hlt-ontschotter")


def open_routes(registry: Registry, case: object, at: datetime) -> set[str]:
    """Keys of the core routes whose entry criteria fire for the case."""
    return {
        key
        for key, route in registry.routes.items()
        if any(rule.holds(case, at) for rule in route.entry)  # type: ignore[arg-type]
    }


def test_core_registers_the_routes_without_any_entry_point_plugin() -> None:
    core_only = Registry(make_plugin_manager(load_entrypoints=False))
    assert set(NATIONAL_ROUTE_KEYS + RESIDENT_ROUTE_KEYS) <= set(core_only.routes)
    assert core_only.route("cce").kind is RouteKind.NATIONAL
    assert core_only.route("integrale-vroeghulp").family_can_apply
    assert not core_only.route("expertisenetwerk").family_can_apply
    for key in NATIONAL_ROUTE_KEYS + RESIDENT_ROUTE_KEYS:
        route = core_only.route(key)
        assert route.source.seed in {"002", "004"}
        # CCE's entry also cites CCE's own description of its service, a declared document.
        assert all(
            rule.source.seed in {"002", "004"} or rule.source.document is not None
            for rule in route.entry
        )


@pytest.mark.parametrize("model", MY_MODELS)
def test_five_year_old_has_integrale_vroeghulp_among_onward_routes(
    registry, make_case, monday_morning, model
):
    case = make_case(age=5)
    result = triage(registry, registry.model(model), case, monday_morning)
    assert "integrale-vroeghulp" in (*result.onward, result.route)


@pytest.mark.parametrize(("age", "open_"), [(0, True), (6, True), (7, False), (12, False)])
def test_integrale_vroeghulp_is_for_children_younger_than_seven(
    registry, make_case, monday_morning, age, open_
):
    assert (
        "integrale-vroeghulp" in open_routes(registry, make_case(age=age), monday_morning)
    ) is open_


@pytest.mark.parametrize("model", MY_MODELS)
def test_pillar_to_post_opens_meldpunt_juiste_loket(registry, make_case, monday_morning, model):
    case = make_case(obstacles=["pillar_to_post"])
    result = triage(registry, registry.model(model), case, monday_morning)
    assert "meldpunt-juiste-loket" in (*result.onward, result.route)
    other = triage(registry, registry.model(model), make_case(), monday_morning)
    assert "meldpunt-juiste-loket" not in other.onward


@pytest.mark.parametrize(
    ("conditions", "open_"),
    [
        (["autism", "severe_problem_behaviour"], True),
        (["intellectual_disability", "severe_problem_behaviour"], True),
        (["acquired_brain_injury", "severe_problem_behaviour"], True),
        (["psychiatric", "severe_problem_behaviour"], True),
        # CCE's service "is gericht op complexe zorgvragen met ernstig probleemgedrag": complex
        # needs alone are not enough (an intended change of issue 11 point 4).
        (["autism", "intellectual_disability"], False),
        (["autism"], False),
        (["multiple_disability"], False),
        # "meer problemen of aandoeningen tegelijkertijd in combinatie met ernstig probleemgedrag"
        (["depression", "severe_problem_behaviour"], True),
        (["severe_problem_behaviour"], False),
        (["depression"], False),
        ([], False),
    ],
)
def test_cce_for_complex_needs_together_with_severe_problem_behaviour(
    registry, make_case, monday_morning, conditions, open_
):
    case = make_case(conditions=conditions)
    assert ("cce" in open_routes(registry, case, monday_morning)) is open_


def test_the_cce_rule_cites_seed_002_and_cces_own_description(registry):
    """The conditions and "in combinatie met ernstig probleemgedrag" are seed 002's; that the
    problem behaviour is required is CCE's own description (cce.nl): both are cited."""
    (rule,) = registry.route("cce").entry
    cited = rule.source.cite()
    assert cited.startswith("seed 002, Centrum voor Consultatie en Expertise; ")
    assert "Frequently asked questions on cce.nl (Centrum voor Consultatie en Expertise)" in cited


def test_who_applies_to_cce_and_meldpunt_is_visible_in_triage_output(
    registry, make_case, monday_morning
):
    from escalatie.report import render_triage

    cce = registry.route("cce")
    assert "cliënt of gemeente" in cce.name
    assert {"parents", "young_people", "municipality"} <= {a.value for a in cce.applicants}
    assert all("client, or the municipality" in rule.text for rule in cce.entry)
    meldpunt = registry.route("meldpunt-juiste-loket")
    assert "cliënt" in meldpunt.name
    assert "professionals" not in {a.value for a in meldpunt.applicants}

    case = make_case(
        conditions=["autism", "severe_problem_behaviour"], obstacles=["pillar_to_post"]
    )
    result = triage(registry, registry.model("groningen-3d"), case, monday_morning)
    assert {"cce", "meldpunt-juiste-loket"} <= set(result.onward)
    text = render_triage(registry, result)
    assert cce.name in text and meldpunt.name in text


TWO_DOMAINS = [{"kind": "care", "question": "a"}, {"kind": "education", "question": "b"}]
HOUSING = [{"kind": "housing", "question": "a"}, {"kind": "finances", "question": "b"}]
YOUTH_CARE = [{"kind": "ambulant"}]


@pytest.mark.parametrize(
    ("domains", "conditions", "care", "obstacles", "open_"),
    [
        (TWO_DOMAINS, [], YOUTH_CARE, ["no_fitting_provider"], True),
        (TWO_DOMAINS[:1], ["autism", "depression"], [], ["waiting_list"], True),
        (TWO_DOMAINS[:1], ["autism"], YOUTH_CARE, ["no_fitting_provider"], False),
        (TWO_DOMAINS, ["autism", "depression"], YOUTH_CARE, [], False),
        # Policy review: seed 004 is about complexe jeugdhulp; a pure housing case is not.
        (HOUSING, [], [{"kind": "housing"}], ["no_fitting_provider"], False),
        (TWO_DOMAINS, [], [], ["no_fitting_provider"], True),  # a question on care
        ([*HOUSING, TWO_DOMAINS[1]], [], [], ["no_fitting_provider"], False),
        (HOUSING, ["autism"], [{"kind": "housing"}], ["no_fitting_provider"], True),
    ],
)
def test_expertisenetwerk_for_multiple_complex_situations(
    registry, make_case, monday_morning, domains, conditions, care, obstacles, open_
):
    """Assumption (seed 004 gives no criteria): multiple = 2+ domains or 2+ conditions;
    complex = stuck (an obstacle is recorded); and a youth-care need (youth care asked for, a
    question on the care domain, or a condition of the young person recorded)."""
    case = make_case(
        domains=domains, conditions=conditions, requested_care=care, obstacles=obstacles
    )
    assert ("expertisenetwerk" in open_routes(registry, case, monday_morning)) is open_
    rule = registry.route("expertisenetwerk").entry[0]
    assert "assumption" in rule.text and "youth-care need" in rule.text


def test_expertisenetwerk_names_no_single_coordinator(registry):
    """Seed 004: eight areas, each with its own coordinating municipality."""
    route = registry.route("expertisenetwerk")
    assert "Eight areas" in route.description
    # Seed 004 (2020) names no applicants and says the networks were to start in 2021.
    assert "Assumptions" in route.description and "start early 2021" in route.description
    assert "Utrecht" not in route.description and "Flevoland" not in route.description


@pytest.mark.parametrize(
    ("role", "open_"), [("parent", True), ("young_person", True), ("professional", False)]
)
def test_resident_routes_open_when_the_family_brings_the_case_in(
    registry, make_case, monday_morning, role, open_
):
    case = make_case(submitter={"role": role})
    routes = open_routes(registry, case, monday_morning)
    for key in RESIDENT_ROUTE_KEYS:
        assert (key in routes) is open_


@pytest.mark.parametrize("model", MY_MODELS)
def test_models_name_only_registered_routes(registry, model):
    for key in registry.model(model).onward_routes:
        assert key in registry.routes
