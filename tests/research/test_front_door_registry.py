"""``escalatie.triage`` on a model loaded through another registry (new-user review 6, item 2):
the front door looked a model file's routes up in the process-wide registry and said
``unknown route 'zeewolde-tafel-bestuur'`` for a case that reached the file's own board route."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import attrs
import pytest

import escalatie
from escalatie.case import PriorStep
from escalatie.clock import AMSTERDAM
from escalatie.modelfile.starter import starter
from escalatie.plugins import Registry, make_plugin_manager

AT = datetime(2026, 3, 2, 10, 0, tzinfo=AMSTERDAM)


@pytest.fixture
def model_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    empty = tmp_path / "settings.toml"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_CONFIG", str(empty))
    path = tmp_path / "zeewolde.toml"
    path.write_text(starter("zeewolde-tafel"), encoding="utf-8")
    return path


def unresolved_case(registry: Registry) -> escalatie.Case:
    """An example case the starter's table discussed without resolving it: the board's."""
    case = registry.example("thuiszitter-zonder-contract").case
    table = PriorStep(kind="table", by="Gemeente Zeewolde", tried="Besproken", resolved=False)
    return attrs.evolve(case, prior_steps=(*case.prior_steps, table))


def test_the_front_door_triages_with_the_fixtures_registry(
    escalatie_registry: Registry, model_file: Path
) -> None:
    """As a researcher writes it: the pytest plugin's registry loads the file, the front door
    triages with it."""
    model = escalatie_registry.model(str(model_file))
    result = escalatie.triage(unresolved_case(escalatie_registry), model, AT)
    assert result.route == "zeewolde-tafel-bestuur"


def test_the_front_door_triages_with_a_throwaway_registry(model_file: Path) -> None:
    """The registry that compiled the file is gone by the time triage runs."""
    model = Registry(make_plugin_manager()).model(str(model_file))
    registry = Registry(make_plugin_manager())
    result = escalatie.triage(unresolved_case(registry), model, AT)
    assert result.route == "zeewolde-tafel-bestuur"
