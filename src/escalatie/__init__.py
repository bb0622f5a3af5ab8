"""escalatie: models of how Dutch municipalities escalate stuck youth-care cases.

The package root stays light so the CLI starts fast; import the domain from its modules
(``escalatie.case``, ``escalatie.model``, ``escalatie.triage`` …). ``hookimpl`` is re-exported
for plugin authors.
"""

from __future__ import annotations

from escalatie.hookspecs import hookimpl

__version__ = "0.1.0"

__all__ = ["__version__", "hookimpl"]
