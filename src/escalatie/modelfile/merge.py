"""``extends``: a model file that overrides only what differs from the model it extends.

Merge rules (documented in ``docs/model-files.md``):

* tables merge key by key, recursively: a key the file gives replaces or refines the parent's;
* arrays of tables whose items all have a ``key`` (ladder, forums, contact points, series) or
  all an ``id`` (inline rules) merge item by item: an item with the key of a parent item
  refines that item, a new key is added at the end;
* any other value, and any other array, replaces the parent's;
* ``extends`` itself, ``name`` and the parent's ``[[routes]]`` are never inherited: the file
  gives its own name, and the parent's routes stay installed with the parent, so the variant
  names them in ``onward_routes`` (a route of its own needs a key of its own).
"""

from __future__ import annotations

from typing import Any

MERGE_KEYS = ("key", "id")
"""An array of tables whose items all carry the first of these (else all the second) is merged
item by item, by that key; see the rules above and ``docs/model-files.md``."""


def _identity(items: list[Any]) -> str | None:
    for key in MERGE_KEYS:
        if items and all(isinstance(i, dict) and isinstance(i.get(key), str) for i in items):
            return key
    return None


def merge(base: Any, override: Any) -> Any:
    """``override`` laid over ``base`` by the rules above."""
    if isinstance(base, dict) and isinstance(override, dict):
        out = dict(base)
        for key, value in override.items():
            out[key] = merge(base[key], value) if key in base else value
        return out
    if isinstance(base, list) and isinstance(override, list):
        key = _identity(base)
        if key is not None and _identity(override) == key:
            merged = list(base)
            index = {item[key]: i for i, item in enumerate(merged)}
            for item in override:
                if item[key] in index:
                    merged[index[item[key]]] = merge(merged[index[item[key]]], item)
                else:
                    index[item[key]] = len(merged)
                    merged.append(item)
            return merged
    return override
