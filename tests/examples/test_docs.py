"""The docs a policy adviser checks against seed 002 cover every rule the models enforce."""

from __future__ import annotations

from pathlib import Path

import pytest

from escalatie.builtin.national_routes import routes

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = {
    "helmond-trajectregie": "helmond.md",
    "rotterdam-zorgconsulaat": "rotterdam.md",
    "groningen-3d": "groningen.md",
    "hlt-ontschotter": "hlt.md",
    "utrecht-maatwerktafel": "utrecht.md",
    "utrecht-citydeal": "utrecht.md",
    "utrecht-passend-alternatief": "utrecht.md",
    "utrecht-knelpuntenzorg": "utrecht.md",
}


@pytest.mark.parametrize(("model", "page"), sorted(PAGES.items()))
def test_model_page_lists_every_rule_and_route(registry, model, page):
    text = (DOCS / "models" / page).read_text(encoding="utf-8")
    found = registry.model(model)
    rules = {r.id for step in found.ladder for r in step.entry + step.conditions}
    rules |= {r.id for step in found.ladder for r in step.prerequisites + step.checks}
    for key in found.onward_routes:
        assert f"`{key}`" in text, key
        if registry.route(key).source.section == found.source.section:
            rules |= {r.id for r in registry.route(key).entry}
    for rule in rules:
        assert f"`{rule}`" in text, rule
    assert "Assumption" in text
    assert f"`{model}`" in text


def test_routes_page_lists_every_route(registry):
    text = (DOCS / "routes.md").read_text(encoding="utf-8")
    for route in routes():
        assert f"`{route.key}`" in text
        for rule in route.entry:
            assert f"`{rule.id}`" in text
    for key in ("helmond-bestuur", "groningen-bestuur", "hlt-vertrouwenspersoon", "veilig-thuis"):
        assert f"`{key}`" in text


def test_plugin_guide_shows_the_zuiderveen_package_as_it_is():
    guide = (DOCS / "plugin-guide.md").read_text(encoding="utf-8")
    package = ROOT / "examples" / "escalatie-zuiderveen"
    for rel in (
        "pyproject.toml",
        "src/escalatie_zuiderveen/__init__.py",
        "src/escalatie_zuiderveen/plugin.py",
        "tests/test_zuiderveen.py",
        "cases/voorbeeld.json",
    ):
        assert (package / rel).read_text(encoding="utf-8") in guide, rel
    assert "ESCALATIE_PLUGINS" in guide and "make_plugin_manager" in guide


def test_plugin_guide_shows_utrechts_data_and_python_as_they_are():
    """The guide's Utrecht example is quoted from the plugin, not written beside it."""
    guide = (DOCS / "plugin-guide.md").read_text(encoding="utf-8")
    package = ROOT / "src" / "escalatie_utrecht"
    blocks = guide.split("### Data plus a little Python: Utrecht")[1].split("### A whole model")[0]
    quoted = [b.split("\n", 1)[1] for b in blocks.split("```")[1::2]]
    toml, python = quoted
    assert toml in (package / "models" / "passend_alternatief.toml").read_text(encoding="utf-8")
    plugin = (package / "plugin.py").read_text(encoding="utf-8")
    for hook in python.split("\n\n\n"):
        assert hook.strip() in plugin
