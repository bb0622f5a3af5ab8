"""Step and forum kinds: the core's enums, and the kinds a plugin or model file registers.

A kind that only one municipality uses (Utrecht's ``maatwerk_telefoon``, Groningen's
``expertpool_advice``, Hillegom-Lisse-Teylingen's ``platform``) is not part of the core's enums:
the plugin that uses it registers it (hooks ``escalatie_register_step_kinds`` and
``escalatie_register_forum_kinds``, or ``[step_kinds]``/``[forum_kinds]`` in a model file). A
case document that names such a kind is valid when that plugin is installed, and refused with
a message that says so otherwise.
"""

from __future__ import annotations

import re
from typing import Any

from attrs import field, frozen

from escalatie.validation import FieldError

KIND_KEY = re.compile(r"^[a-z][a-z0-9_]*\Z")
"""A kind is lower-case letters, digits and underscores, like the core's enum values."""


def _key(instance: Any, attribute: Any, value: str) -> None:
    if not isinstance(value, str) or not KIND_KEY.match(value):
        raise FieldError(
            attribute.name, f"expected lower-case letters, digits and '_', got {value!r}"
        )


@frozen
class Kind:
    """A step or forum kind a plugin registers, with what it means."""

    key: str = field(validator=_key)
    description: str


def core_step_kinds() -> tuple[str, ...]:
    from escalatie.case import StepKind

    return tuple(k.value for k in StepKind)


def core_forum_kinds() -> tuple[str, ...]:
    from escalatie.forum import ForumKind

    return tuple(k.value for k in ForumKind)


def installed_step_kinds() -> dict[str, Kind]:
    """The step kinds the installed plugins and model files register (default registry)."""
    from escalatie.plugins import default_registry

    return default_registry().step_kinds


_CORE_STEP_KINDS: list[frozenset[str]] = []
"""The core's step kinds, read at the first validation (``escalatie.case`` imports this module,
so not at import), then held: an ``import`` in the validator cost more than the rest of it,
once for every prior step of every case ``compare`` reads (issue 16)."""


def step_kind(instance: Any, attribute: Any, value: Any) -> None:
    """Validator: a core step kind, or one an installed plugin registers."""
    if not _CORE_STEP_KINDS:
        _CORE_STEP_KINDS.append(frozenset(core_step_kinds()))
    if isinstance(value, str) and value in _CORE_STEP_KINDS[0]:
        return
    if not isinstance(value, str):
        raise FieldError(attribute.name, f"expected a step kind as text, got {value!r}")
    registered = installed_step_kinds()
    if value in registered:
        return
    extra = f"; installed plugins add {', '.join(sorted(registered))}" if registered else ""
    raise FieldError(
        attribute.name,
        f"unknown step kind {value!r}: a kind of one municipality needs the plugin that "
        f"registers it; expected one of {', '.join(core_step_kinds())}{extra}",
    )
