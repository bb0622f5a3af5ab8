"""The register's JSON: orjson where it is installed, the standard library's text either way.

One loader (:func:`orjson_module`) serves the writer (:func:`escalatie.register.events.encode`)
and the reader (:func:`escalatie.register.state.fold`): an installation without orjson
writes and reads the same text with the standard library, only slower.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from types import ModuleType
from typing import Any

stdlib_encode: Callable[[Any], str] = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), check_circular=False
).encode
"""What the register writes: compact JSON, text as typed (``ensure_ascii=False``)."""


@functools.cache
def orjson_module() -> ModuleType | None:
    """orjson, or None where it is not installed; imported once, by whichever side asks first."""
    try:
        import orjson
    except ImportError:
        return None
    return orjson


def encoder() -> Callable[[Any], str]:
    """A payload encoder that writes exactly :data:`stdlib_encode`'s text: orjson's where it
    can, the standard library's for what orjson refuses or writes otherwise.

    orjson refuses keys that are not text, integers beyond 64 bits, lone surrogates, dates and
    dataclasses (the last two the standard library refuses too), and writes a float that is
    not finite (``NaN``, ``Infinity``) as ``null``, where the standard library writes
    ``NaN``/``Infinity``: a payload whose text holds ``null`` is written again by the standard
    library, so such a float is stored as the standard library stores it, never as a silent
    ``null``. Payloads with a ``null`` are rare; those pay the slower path.
    """
    orjson = orjson_module()
    if orjson is None:
        return stdlib_encode
    dumps, refused = orjson.dumps, orjson.JSONEncodeError
    strict = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS

    def fast(payload: Any) -> str:
        try:
            text: bytes = dumps(payload, option=strict)
        except refused:
            return stdlib_encode(payload)
        if b"null" in text:  # None, or a NaN or infinity that orjson writes as null
            return stdlib_encode(payload)
        return text.decode()

    return fast
