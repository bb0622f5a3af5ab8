"""Names as a user writes them: a model file's path or an installed name, and the one-line
message for a name that is not installed.

Ground layer: the registry (:mod:`escalatie.plugins`) and the model-file compiler
(:mod:`escalatie.modelfile`) both word an unknown name, and both read the names a model file
declares, so the helpers live below both of them rather than in either.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

__all__ = ["close_name", "declared_in", "is_model_path", "model_summary", "unknown_message"]


def is_model_path(name: str) -> bool:
    """Whether ``-m NAME`` names a model file by its path rather than an installed model by
    its name: it ends in ``.toml`` or holds a ``/`` (or the platform's separator), as
    docs/model-files.md says."""
    return name.lower().endswith(".toml") or "/" in name or os.sep in name


def close_name(name: str, installed: list[str]) -> str | None:
    """The installed name closest to ``name``, if one is close enough to suggest."""
    import difflib

    close = difflib.get_close_matches(name, installed, n=1, cutoff=0.4)
    return close[0] if close else None


def unknown_message(what: str, name: str, installed: list[str]) -> str:
    """``unknown model 'x' (did you mean 'y'?); installed: a, b`` in one line."""
    close = close_name(name, installed)
    hint = f" (did you mean {close!r}?)" if close else ""
    listing = ", ".join(installed) if installed else "none"
    return f"unknown {what} {name!r}{hint}; installed: {listing}"


def declared_in(data: Mapping[str, Any], table: str, key: str | None = None) -> list[str]:
    """The keys of table ``table`` (``key`` None) or the ``key`` of each item of the array of
    tables ``table``, as the TOML of a model file gives them."""
    value = data.get(table)
    if key is None:
        return list(value) if isinstance(value, dict) else []
    if not isinstance(value, list):
        return []
    return [i[key] for i in value if isinstance(i, dict) and isinstance(i.get(key), str)]


def model_summary(data: Mapping[str, Any], plugin: str) -> dict[str, str] | None:
    """What ``escalatie models`` shows of a model file, from its data as written; None when a
    value is not plain text (a ``${setting}``, or a mistake the compiler will name)."""
    forums = data.get("forums")
    first = forums[0] if isinstance(forums, list) and forums else {}
    kind = first.get("kind", "consultation") if isinstance(first, dict) else None
    row = {
        "name": data.get("name"),
        "municipality": data.get("municipality"),
        "title": data.get("title"),
        "forum_kind": kind,
        "plugin": plugin,
    }
    if all(isinstance(v, str) and "${" not in v for v in row.values()):
        return row  # type: ignore[return-value]
    return None
