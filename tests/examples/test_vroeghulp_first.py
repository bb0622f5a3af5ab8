"""A child younger than 7: every model points the parents to Integrale Vroeghulp first, under
"Also do", beside its own route (review finding; seed 002: "kunnen ouders het team in hun buurt
rechtstreeks benaderen")."""

from __future__ import annotations

import attrs

from escalatie.report import render_triage
from escalatie.triaging import IVH_FIRST, triage


def test_the_four_year_old_is_pointed_to_integrale_vroeghulp_first(registry, monday_morning):
    case = registry.example("peuter-vroeghulp").case
    assert case.age < 7
    pointed = []
    for model in registry.models.values():
        result = triage(registry, model, case, monday_morning)
        if "integrale-vroeghulp" not in model.onward_routes or result.route in (
            "integrale-vroeghulp",
            "crisis",
            "veilig-thuis",
        ):
            continue
        assert result.actions[0].rule == IVH_FIRST.id, model.name
        assert result.actions[0].source.startswith("seed 002")
        text = render_triage(registry, result)
        assert "Also do:\n  - A child younger than 7: point the parents to Integrale" in text
        pointed.append(model.name)
    assert len(pointed) >= 4


def test_no_pointer_for_a_child_of_seven(registry, monday_morning):
    """Seed 002: "voor kinderen van 0 tot 7"; *tot* excludes seven (docs/routes.md)."""
    case = attrs.evolve(registry.example("peuter-vroeghulp").case, age=7)
    for model in registry.models.values():
        result = triage(registry, model, case, monday_morning)
        assert IVH_FIRST.id not in [r.rule for r in result.actions], model.name
