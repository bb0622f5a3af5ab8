"""Hypothesis's ``hypothesis`` entry point: registers the strategy for :class:`Case` and the
settings profile :data:`LOADED_PROFILE` for a busy machine.

Hypothesis calls :func:`setup` while it is itself being imported. This module therefore
imports no strategies: it registers a deferred strategy that imports
:mod:`escalatie.testing.strategies` the first time a ``Case`` is drawn. Had the hook lived in
the strategies module, a program that imports ``escalatie.testing.strategies`` before
hypothesis (as isort orders ``escalatie`` before ``hypothesis``) would find that module only
half imported when hypothesis calls the hook, and fail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from escalatie.case import Case


LOADED_PROFILE = "escalatie-loaded"
"""A hypothesis settings profile for a loaded machine: no deadline, no ``too_slow`` health check.

Under load (or on the first run in a new folder, when hypothesis reads the source of every
local module for constants, escalatie's own too where it is installed editable) drawing the
first few cases can take longer than the health check allows, and a first triage longer than
the 200 ms deadline, although nothing is wrong with the test. ``pytest
--hypothesis-profile=escalatie-loaded`` uses it (docs/testing.md, "On a busy machine")."""


def _cases() -> SearchStrategy[Case]:
    from escalatie.testing.strategies import cases

    return cases()


def setup() -> None:
    """Register ``cases()`` for ``Case`` (``st.from_type(Case)`` and ``st.builds`` use it), and
    the :data:`LOADED_PROFILE` settings profile."""
    from hypothesis import HealthCheck, settings
    from hypothesis import strategies as st

    from escalatie.case import Case

    st.register_type_strategy(Case, st.deferred(_cases))
    settings.register_profile(
        LOADED_PROFILE, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
