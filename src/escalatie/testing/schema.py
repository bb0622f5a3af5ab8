"""Hypothesis strategies that generate JSON documents from the project's JSON Schemas.

Covers the subset ``escalatie.schema`` emits (objects with ``additionalProperties: false``,
arrays, enums, patterns, bounds, ``anyOf`` with null, local ``$ref``, an ``if``/``else`` that
nulls properties), so a test can show that
documents generated from ``escalatie schema case`` are accepted. It lives in
``escalatie.testing`` because it needs ``hypothesis`` (the ``test`` extra).
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

_TEXT = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=0x24F, blacklist_categories=["Cs"]),
    max_size=40,
)


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Documents valid under ``schema`` (a root schema with ``$defs``)."""
    return _node(schema, schema.get("$defs", {}))


def _node(node: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[Any]:
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return st.deferred(lambda: _node(defs[name], defs))
    if "anyOf" in node:
        return st.one_of([_node(option, defs) for option in node["anyOf"]])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node.get("type")
    if kind == "object":
        return _object(node, defs)
    if kind == "array":
        items = _node(node["items"], defs)
        unique = node.get("uniqueItems", False)
        return st.lists(
            items,
            min_size=node.get("minItems", 0),
            max_size=4,
            unique_by=(lambda x: repr(x)) if unique else None,
        )
    if kind == "string":
        if "pattern" in node and node["pattern"].startswith("^"):
            return st.from_regex(node["pattern"], fullmatch=True)
        text = _TEXT.filter(lambda s: bool(s.strip())) if node.get("minLength") else _TEXT
        return text
    if kind == "integer":
        return st.integers(node.get("minimum", -(2**31)), node.get("maximum", 2**31))
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    raise ValueError(f"schema node not supported: {node}")


def _object(node: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    required = set(node.get("required", ()))
    props = node.get("properties", {})
    documents = st.fixed_dictionaries(
        {k: _node(v, defs) for k, v in props.items() if k in required},
        optional={k: _node(v, defs) for k, v in props.items() if k not in required},
    )
    if "if" in node:
        return documents.map(lambda doc: _conditional(doc, node))
    return documents


def _conditional(doc: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """``if`` (properties with ``const``) and ``else`` (properties of ``type: null``), the form
    ``escalatie.schema.case_schema`` emits: where the condition fails, those properties are
    null, so the document stays valid."""
    holds = all(doc.get(key) == test["const"] for key, test in node["if"]["properties"].items())
    if holds:
        return doc
    fixed = dict(doc)
    for key, test in node.get("else", {}).get("properties", {}).items():
        if test.get("type") == "null" and key in fixed:
            fixed[key] = None
    return fixed
