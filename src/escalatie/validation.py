"""Reusable attrs validators; each message names the field and what was expected."""

from __future__ import annotations

import re
from collections.abc import Callable, Sized
from datetime import datetime
from typing import Any

import attrs

from escalatie.errors import shown

_REFERENCE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class FieldError(ValueError):
    """A field's value broke an invariant; ``field`` lets the converter name the JSON path."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


def between(low: int, high: int) -> Callable[[Any, attrs.Attribute[Any], int], None]:
    """A whole number from ``low`` to ``high`` inclusive (not a bool)."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise FieldError(
                attribute.name, f"expected a whole number from {low} to {high}, got {shown(value)}"
            )

    return check


def non_empty(instance: Any, attribute: attrs.Attribute[Any], value: Sized) -> None:
    if len(value) == 0 or (isinstance(value, str) and not value.strip()):
        raise FieldError(attribute.name, "expected a non-empty value")


def reference_text(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not _REFERENCE.match(value):
        raise FieldError(
            attribute.name, f"expected 1 to 64 letters, digits, '.', '_' or '-', got {shown(value)}"
        )


def aware(instance: Any, attribute: attrs.Attribute[Any], value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise FieldError(attribute.name, "expected a timezone-aware date-time")


def no_duplicates(
    key: Callable[[Any], Any], name: str, what: str = "value"
) -> Callable[[Any, attrs.Attribute[Any], tuple[Any, ...]], None]:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        seen: set[Any] = set()
        for item in value:
            k = key(item)
            if k in seen:
                raise FieldError(name, f"{what} {k!s} appears more than once; expected each once")
            seen.add(k)

    return check
