"""The ``[escalatie]`` table of the settings file: settings of the core itself.

Its own module, so :mod:`escalatie.settings` can read tables without importing attrs;
``escalatie.settings.EscalatieSettings`` still names it.
"""

from __future__ import annotations

from attrs import frozen


@frozen
class EscalatieSettings:
    """The ``[escalatie]`` table: settings of the core itself (``docs/settings.md``)."""

    model_path: tuple[str, ...] = ()
    """Directories searched for model files (``*.toml``) after ``$ESCALATIE_MODEL_PATH``."""
