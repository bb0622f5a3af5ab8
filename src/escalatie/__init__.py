"""escalatie: models of how Dutch municipalities escalate stuck youth-care cases.

The front door (documented field by field in ``docs/api.md``)::

    import escalatie

    case = escalatie.load_case("case.json")
    result = escalatie.triage(case, escalatie.get_model("helmond-trajectregie"), at)

The names below load on first use (module ``__getattr__``), so ``import escalatie`` stays light
and the CLI starts fast. Everything else is internal unless ``docs/api.md`` says otherwise.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not ``typing.TYPE_CHECKING``: importing typing here would cost start-up

__version__ = "0.1.0"

__all__ = [
    "Case",
    "TriageResult",
    "__version__",
    "get_model",
    "hookimpl",
    "load_case",
    "models",
    "triage",
]

_LAZY = {
    "Case": "escalatie.case",
    "TriageResult": "escalatie.triaging",
    "get_model": "escalatie.api",
    "hookimpl": "escalatie.hookspecs",
    "load_case": "escalatie.api",
    "models": "escalatie.api",
    "triage": "escalatie.api",
}

if TYPE_CHECKING:
    from typing import Any

    from escalatie.api import get_model, load_case, models, triage
    from escalatie.case import Case
    from escalatie.hookspecs import hookimpl
    from escalatie.triaging import TriageResult


if not TYPE_CHECKING:  # checkers see the imports above: a misspelt name is an error, not Any

    def __getattr__(name: str) -> Any:
        """Load a front-door name on first use and keep it (PEP 562)."""
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'escalatie' has no attribute {name!r}")
        import importlib

        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
