"""JSON Schema (draft 2020-12) of the documents, generated from the attrs classes.

The schema is derived from the same classes and field metadata the converter uses, so it
cannot drift from what ``escalatie triage`` accepts: every field, its type, enum values,
bounds, required keys, and ``additionalProperties: false``.
"""

from __future__ import annotations

import typing
from datetime import date, datetime, time
from enum import Enum
from types import NoneType, UnionType
from typing import Any

import attrs

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_DAY = r"[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
"""A calendar day; an impossible one such as 02-30 is reported by the converter, by path."""


Overrides = dict[Any, dict[str, Any]]
"""Schemas for types the generator cannot derive (a model file's rule, say), by type."""


def schema_for(
    cls: type, title: str, schema_id: str, overrides: Overrides | None = None
) -> dict[str, Any]:
    """The complete schema of ``cls`` with its nested classes under ``$defs``."""
    defs: dict[str, Any] = {"__overrides__": overrides or {}}
    root = _object(cls, defs)
    defs.pop("__overrides__")
    return {
        "$schema": DIALECT,
        "$id": schema_id,
        "title": title,
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def _object(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        meta = field.metadata
        prop = _type(hints[field.name], defs)
        prop.update(meta.get("schema", {}))
        if "description" in meta:
            prop["description"] = meta["description"]
        if field.default is attrs.NOTHING:
            required.append(field.name)
        else:
            default = _default(field)
            if default is not attrs.NOTHING:
                prop["default"] = default
        properties[field.name] = prop
    out: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        out["required"] = required
    out["additionalProperties"] = False
    if cls.__doc__:
        out["description"] = cls.__doc__.strip().splitlines()[0]
    return out


def _default(field: attrs.Attribute[Any]) -> Any:
    default = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return attrs.NOTHING
    if isinstance(default, Enum):
        return default.value
    if isinstance(default, tuple):
        return list(default)
    if default is None or isinstance(default, str | int | bool):
        return default
    return attrs.NOTHING


def _type(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    overrides = defs.get("__overrides__", {})
    if tp in overrides:
        return dict(overrides[tp])
    origin = typing.get_origin(tp)
    if origin is dict:
        return {"type": "object", "additionalProperties": _type(typing.get_args(tp)[1], defs)}
    if tp is Any:
        return {}
    if origin in (typing.Union, UnionType):
        options = [a for a in typing.get_args(tp) if a is not NoneType]
        inner = (
            _type(options[0], defs)
            if len(options) == 1
            else {"anyOf": [_type(a, defs) for a in options]}
        )
        if NoneType in typing.get_args(tp):
            return {"anyOf": [inner, {"type": "null"}]}
        return inner
    if origin is tuple:
        return {"type": "array", "items": _type(typing.get_args(tp)[0], defs)}
    if isinstance(tp, type) and issubclass(tp, Enum):
        return {"type": "string", "enum": [m.value for m in tp]}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is str:
        return {"type": "string"}
    if tp is datetime:
        return {
            "type": "string",
            "format": "date-time",
            "pattern": rf"^{_DAY}T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{{1,6}})?)?(Z|[+-](0[0-9]|1[0-3]):[0-5][0-9])$",
        }
    if tp is date:
        return {"type": "string", "format": "date", "pattern": rf"^{_DAY}$"}
    if tp is time:
        return {"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]$"}
    if attrs.has(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}
            defs[name] = _object(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no JSON Schema for {tp!r}")


def case_schema() -> dict[str, Any]:
    """The case document's schema; a prior step's ``kind`` lists the core's step kinds and those
    the installed plugins register (:mod:`escalatie.kinds`)."""
    from escalatie.case import Case
    from escalatie.kinds import core_step_kinds, installed_step_kinds

    schema = schema_for(
        Case, "escalatie case document", "https://escalatie.invalid/schema/case.json"
    )
    kinds = [*core_step_kinds(), *sorted(installed_step_kinds())]
    step = schema["$defs"]["PriorStep"]
    step["properties"]["kind"]["enum"] = kinds
    # Only the talk with the aanspreekpunt has an outcome (seed 000, stap 2; case.PriorStep).
    step["if"] = {"properties": {"kind": {"const": "aanspreekpunt"}}}
    step["else"] = {"properties": {"outcome": {"type": "null"}}}
    return schema
