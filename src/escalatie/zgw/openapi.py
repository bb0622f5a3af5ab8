"""OpenAPI 3.0 component schemas as JSON Schema (2020-12), to validate an export with jsonschema.

OpenAPI 3.0 is a dialect of JSON Schema draft 5 with a few differences this adapter removes:

* ``nullable: true`` becomes ``"type": [T, "null"]``, or ``anyOf [schema, {"type": "null"}]``
  where the schema has no ``type`` of its own (``allOf``/``oneOf``/``$ref``);
* ``#/components/schemas/X`` references become ``#/$defs/X``;
* ``discriminator`` is dropped (validate a Rol against the variant its ``betrokkeneType`` names,
  e.g. ``natuurlijk_persoon_Rol``; see :func:`rol_schema_name`);
* ``readOnly``/``writeOnly`` stay as annotations (an export is a resource as a server returns it).

Only the standard library is used here; the test suite validates with ``jsonschema``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_DROP = frozenset({"nullable", "discriminator", "xml", "externalDocs", "example"})


def convert(node: Any) -> Any:
    """One OpenAPI schema node as JSON Schema."""
    if isinstance(node, list):
        return [convert(n) for n in node]
    if not isinstance(node, Mapping):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DROP:
            continue
        if key == "$ref" and isinstance(value, str):
            out[key] = value.replace("#/components/schemas/", "#/$defs/")
        elif key in ("properties", "patternProperties"):
            out[key] = {name: convert(sub) for name, sub in value.items()}
        else:
            out[key] = convert(value)
    if node.get("nullable") is True:
        if "type" in out and isinstance(out["type"], str):
            out["type"] = [out["type"], "null"]
            if "enum" in out and None not in out["enum"]:
                out["enum"] = [*out["enum"], None]
        else:
            return {"anyOf": [out, {"type": "null"}]}
    return out


def json_schema(components: Mapping[str, Any], name: str) -> dict[str, Any]:
    """A self-contained JSON Schema for component ``name`` of ``components['schemas']``."""
    schemas = components["schemas"]
    if name not in schemas:
        raise KeyError(f"no component schema {name!r}")
    return {
        "$schema": DIALECT,
        "$ref": f"#/$defs/{name}",
        "$defs": {key: convert(value) for key, value in schemas.items()},
    }


def rol_schema_name(rol: Mapping[str, Any]) -> str:
    """The variant a Rol's discriminator selects, such as ``natuurlijk_persoon_Rol``."""
    return f"{rol.get('betrokkeneType', '')}_Rol"
