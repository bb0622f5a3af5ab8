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
    these installed forum kinds: an editor offers them for a forum's ``kind`` (new-user review
    6), and still takes a kind the file declares under ``[forum_kinds]``."""
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
        "pattern": MODEL_NAME.pattern.replace("\\Z", "$"),
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
    return schema
