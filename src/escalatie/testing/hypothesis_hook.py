"""Hypothesis's ``hypothesis`` entry point: registers the strategy for :class:`Case`.

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


def _cases() -> SearchStrategy[Case]:
    from escalatie.testing.strategies import cases

    return cases()


def setup() -> None:
    """Register ``cases()`` for ``Case``: ``st.from_type(Case)`` and ``st.builds`` use it."""
    from hypothesis import strategies as st

    from escalatie.case import Case

    st.register_type_strategy(Case, st.deferred(_cases))
