"""The functions behind the package root's front door (``escalatie.get_model`` and friends).

Import them from ``escalatie`` itself; this module exists so the root can load them lazily
(``import escalatie`` imports neither attrs nor cattrs until a name is used). Documented,
field by field, in ``docs/api.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from escalatie.case import Case
from escalatie.model import EscalationModel
from escalatie.triaging import Triager, TriageResult

__all__ = ["get_model", "load_case", "models", "triage"]


def get_model(name_or_path: str | Path) -> EscalationModel:
    """An installed model by name (``"helmond-escalatieteam"``), or the model of a model file
    (a path ending in ``.toml``); an unknown name raises :class:`~escalatie.errors.UnknownModel`
    naming what is installed."""
    from escalatie.plugins import default_registry

    return default_registry().model(str(name_or_path))


def models() -> list[EscalationModel]:
    """The installed models (Python plugins' and model files'), sorted by ``name``."""
    from escalatie.plugins import default_registry

    return list(default_registry().models.values())


def load_case(path_or_mapping: str | Path | Mapping[str, Any]) -> Case:
    """A case from a JSON file or from a mapping shaped like one (``docs/case-format``).

    Errors raise :class:`~escalatie.errors.InvalidDocument`, one line per problem, each naming
    the JSON path (and the file, for a path)."""
    from escalatie import documents

    if isinstance(path_or_mapping, Mapping):
        return documents.structure(dict(path_or_mapping), Case)
    return documents.load_case(path_or_mapping)


def triage(case: Case, model: EscalationModel | str, at: datetime) -> TriageResult:
    """The route ``case`` is eligible for in ``model`` (a model or its name) at moment ``at``
    (timezone-aware), with every reason cited. The case is used as given: pseudonymise it
    first (:func:`escalatie.privacy.pseudonymise`) before the result leaves your system."""
    from escalatie.plugins import default_registry

    registry = default_registry()
    chosen = registry.model(model) if isinstance(model, str) else model
    return Triager(registry, chosen, at)(case)
