"""What a model file may name, and what compiling one gives: light classes, no compiler.

The registry builds a :class:`Vocabulary` on every command that selects a model, and the
model cache (:mod:`escalatie.modelcache`) hands back a :class:`LoadedModel`; neither may
import the compiler (cattrs, the spec classes), which a warm start-up does not need (issue 16).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from attrs import field, frozen

if TYPE_CHECKING:
    from escalatie.kinds import Kind
    from escalatie.model import EscalationModel
    from escalatie.predicates import Predicate
    from escalatie.routes import OnwardRoute


@frozen
class Vocabulary:
    """What a model file may name beyond its own declarations: the installed plugins' step and
    forum kinds, predicates and onward routes. ``plugins`` names each installed plugin with
    its distribution (``name=dist-1.0.dist-info``), so a compiled model kept between runs is
    never reused under other plugins."""

    step_kinds: frozenset[str]
    forum_kinds: frozenset[str]
    predicates: Mapping[str, Predicate]
    routes: frozenset[str]
    plugins: tuple[str, ...] = ()
    switched_off: Callable[[str], str | None] | None = field(default=None, eq=False)
    """Asked when a predicate is unknown (the error path only): which installed plugin that
    is not loaded provides it, in words (``Registry.predicate_switched_off``)."""


@frozen
class LoadedModel:
    """A compiled model file with what it contributes beside the model."""

    model: EscalationModel
    routes: tuple[OnwardRoute, ...]
    step_kinds: tuple[Kind, ...]
    forum_kinds: tuple[Kind, ...]
