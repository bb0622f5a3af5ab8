"""JSON Schema (draft 2020-12) of model files, for editors and ``escalatie schema model``.

Generated from the format's attrs classes (:mod:`escalatie.modelfile.spec`) like the case
schema, with what the classes cannot say added here: a rule (a table with one predicate, or the
id of a rule in ``[rules]``), the predicates the installed plugins offer, a source written as a
document key, and ``"${setting}"`` wherever a declared setting may stand in for a value. TOML
dates and times are validated in the form editors give them to a JSON Schema validator: text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, time
from typing import Any

from escalatie.predicates import Predicate, parameter_schema
from escalatie.schema import schema_for
from escalatie.validation import MODEL_NAME

PLACEHOLDER = {
    "type": "string",
    "pattern": r"^\$\{[A-Za-z_][A-Za-z0-9_]*\}$",
    "description": "A declared setting, ${name}: the settings file's value or the default.",
}
_TIME = {"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"}
_DATE = {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}


def _rule_schema(predicates: Mapping[str, Predicate]) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "id": {"type": "string", "minLength": 1, "description": "The rule's id."},
        "text": {"type": "string", "minLength": 1, "description": "The rule in English."},
        "source": {"$ref": "#/$defs/SourceRef"},
        "enforced": {
            "type": "boolean",
            "description": "false: a value to check a plan against, not a gate (no predicate).",
        },
        "all": {"type": "array", "items": {"$ref": "#/$defs/Predicate"}, "minItems": 1},
        "any": {"type": "array", "items": {"$ref": "#/$defs/Predicate"}, "minItems": 1},
        "not": {"$ref": "#/$defs/Predicate"},
    }
    for p in predicates.values():
        properties[p.name] = {**p.schema, "description": p.description}
    return {
        "anyOf": [
            {"type": "string", "description": "The id of a rule in the [rules] table."},
            {
                "type": "object",
                "description": "A rule: id, English text, source, and one predicate "
                "(or enforced = false).",
                "properties": properties,
                "required": ["text"],
                "additionalProperties": False,
            },
        ]
    }


def _with_placeholders(schema: Any) -> None:
    """Let ``"${setting}"`` stand for any value that is not plain text."""
    for definition in schema.get("$defs", {}).values():
        for name, prop in list(definition.get("properties", {}).items()):
            if prop.get("type") == "string" and "enum" not in prop and "pattern" not in prop:
                continue
            if "$ref" in prop and prop["$ref"].endswith(("/Rule", "/SourceRef")):
                continue
            definition["properties"][name] = {"anyOf": [prop, PLACEHOLDER]}


def model_schema(
    predicates: Mapping[str, Predicate], forum_kinds: Iterable[str] = ()
) -> dict[str, Any]:
    """The schema of model files with these predicates (the core's and the plugins') and
    these installed forum kinds: an editor offers them for a forum's ``kind``, and still takes
    a kind the file declares under ``[forum_kinds]``."""
    from escalatie.modelfile import spec

    overrides: dict[Any, dict[str, Any]] = {
        spec.RuleItem: {"$ref": "#/$defs/Rule"},
        spec.SourceRef: {"$ref": "#/$defs/SourceRef"},
        spec.ClosingDaySpec: {"anyOf": [_DATE, {"$ref": "#/$defs/ClosingDay"}]},
        date: _DATE,
        time: _TIME,
    }
    schema = schema_for(
        spec.ModelSpec,
        "escalatie model file",
        "https://escalatie.invalid/schema/model.json",
        overrides,
    )
    defs = schema["$defs"]
    known = sorted(forum_kinds)
    if known:
        defs["ForumSpec"]["properties"]["kind"] = {
            "anyOf": [
                {"enum": known, "description": "An installed forum kind."},
                {"type": "string", "description": "A kind the file declares under [forum_kinds]."},
            ]
        }
    defs["Rule"] = _rule_schema(predicates)
    defs["Predicate"] = parameter_schema(predicates)
    defs["SourceRef"] = {
        "anyOf": [
            {"type": "string", "description": 'A document key: a seed ("002") or [documents].'},
            {
                "type": "object",
                "properties": {
                    "document": {"type": "string"},
                    "section": {"type": "string"},
                    "also": {
                        "type": "array",
                        "items": {"$ref": "#/$defs/SourceRef"},
                        "description": "Other documents the rule rests on too.",
                    },
                },
                "required": ["document"],
                "additionalProperties": False,
            },
        ]
    }
    defs["ClosingDay"] = {
        "type": "object",
        "properties": {"date": _DATE, "reason": {"type": "string"}},
        "required": ["date"],
        "additionalProperties": False,
    }
    schema["properties"]["extends"] = {
        "type": "string",
        "description": "The installed model this file overrides (see the merge rules).",
    }
    schema["properties"]["name"] = {
        "type": "string",
        "pattern": MODEL_NAME.replace("\\Z", "$"),
        "description": "The model's name, a key: lower-case letters, digits and '-'.",
    }
    settings = schema["properties"]["settings"]
    settings["additionalProperties"] = {
        "description": "A setting's default, or a table with default, minimum, excludes, description.",
        "anyOf": [
            {"type": ["string", "integer", "boolean"]},
            {"type": "array", "items": {"type": "string"}, "description": "Dates, or names."},
            {
                "type": "object",
                "properties": {
                    "default": {},
                    "minimum": {"type": "integer"},
                    "excludes": {"type": "string"},
                    "description": {"type": "string"},
                },
                "required": ["default"],
                "additionalProperties": False,
            },
        ],
    }
    root = {"properties": schema["properties"]}
    _with_placeholders({"$defs": {**defs, "__root__": root}})
    from escalatie.modelfile.build import MULTI_LINE

    return _as_the_loader_reads(schema, "", MULTI_LINE)  # type: ignore[no-any-return]


LINES = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]*$"
"""JSON Schema pattern: the text of a multi-line key as the loader reads it
(:data:`escalatie.validation.CONTROL_IN_LINES`): no control character but tab, line feed and
carriage return."""

KEY = r"^[^\x00-\x1f\x7f-\x9f\u2028\u2029]*$"
"""JSON Schema pattern: a table's key as the loader reads it (no control character)."""

_NESTED = ("items", "prefixItems", "anyOf", "oneOf", "allOf")


def _as_the_loader_reads(node: Any, name: str, multi_line: frozenset[str]) -> Any:
    """``node`` with every text that is not already a pattern or a choice given the pattern
    of what the loader takes there (:func:`escalatie.validation.control_problems`, which reads
    every text of a model file): one line without control characters and without an encoded
    word's ``=?`` (:data:`escalatie.case.ONE_LINE_PATTERN`: names, places and organisers
    reach calendar files and e-mail headers), or, under a key of ``multi_line``, lines
    (:data:`LINES`). A table's keys hold no control character (:data:`KEY`); a value under a
    key of ``multi_line`` in a table of free keys takes lines too. So an editor flags what
    the loader refuses. A new copy: the generated schema
    shares some of its parts between properties of different names."""
    if isinstance(node, list):
        return [_as_the_loader_reads(item, name, multi_line) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "properties":
            out[key] = {p: _as_the_loader_reads(v, p, multi_line) for p, v in value.items()}
        elif key == "$defs":
            out[key] = {d: _as_the_loader_reads(v, "", multi_line) for d, v in value.items()}
        elif key in _NESTED:
            out[key] = _as_the_loader_reads(value, name, multi_line)
        elif key == "additionalProperties" and isinstance(value, dict):
            out[key] = _as_the_loader_reads(value, "", multi_line)
            keys = "|".join(sorted(multi_line))
            out["patternProperties"] = {
                f"^(?:{keys})$": _as_the_loader_reads(value, min(multi_line), multi_line)
            }
            out["propertyNames"] = {"pattern": KEY}
        else:
            out[key] = value
    kind = node.get("type")
    text = kind == "string" or (isinstance(kind, list) and "string" in kind) or not node
    if text and not {"pattern", "enum", "const"} & node.keys():
        from escalatie.case import ONE_LINE_PATTERN

        out["pattern"] = LINES if name in multi_line else ONE_LINE_PATTERN
    return out
