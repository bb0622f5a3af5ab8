"""``escalatie schema model``: a valid JSON Schema that every bundled model file satisfies."""

from __future__ import annotations

import json
import tomllib
from datetime import date, time
from importlib.resources import files
from typing import Any

import jsonschema
import pytest

BUNDLED = [
    *(
        files("escalatie_examples") / "models" / f"{name}.toml"
        for name in ("helmond", "rotterdam", "groningen", "hlt")
    ),
    *(
        files("escalatie_utrecht") / "models" / f"{name}.toml"
        for name in ("maatwerktafel", "citydeal", "passend_alternatief", "knelpuntenzorg")
    ),
]


def as_json(value: Any) -> Any:
    """TOML data as an editor hands it to a JSON Schema validator (dates and times as text)."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, date | time):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    from escalatie.modelfile.schema import model_schema
    from escalatie.plugins import Registry, make_plugin_manager
    from escalatie.predicates import core_predicates

    registry = Registry(make_plugin_manager(env={}), env={})
    vocabulary = registry.vocabulary()  # Utrecht's files name the plugin's predicates
    return model_schema({**core_predicates(vocabulary.step_kinds), **vocabulary.predicates})


def test_the_schema_is_a_valid_draft_2020_12_schema(run) -> None:
    code, out, _ = run("schema", "model")
    assert code == 0
    data = json.loads(out)
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(data)
    assert "has_obstacle" in json.dumps(data["$defs"]["Predicate"])


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_every_bundled_model_file_validates(schema, path) -> None:
    data = as_json(tomllib.loads(path.read_text(encoding="utf-8")))
    jsonschema.Draft202012Validator(schema).validate(data)


def test_the_starter_validates_and_a_mistake_does_not(schema, starter_file) -> None:
    data = as_json(tomllib.loads(starter_file.read_text(encoding="utf-8")))
    validator = jsonschema.Draft202012Validator(schema)
    validator.validate(data)
    data["forums"][0]["colour"] = "blue"
    data["rules"]["stuck"]["has_obstacles"] = "x"
    assert len(list(validator.iter_errors(data))) >= 2


TRICKY = [
    "Escalatietafel Oost", "=", "a=b", "x=", "?=", "a?b", "=?", "a=?b", "a==?b",
    "=?utf-8?q?Team_=3Cevil=40x=2Eexample=3E?=", "Team\u2028Oost", "a\x85b", "a\x1b[31m",
    "a\x7f", "a\tb", "a\rb", "a\nb", "regel 1\r\nregel 2", "Zo\u00eb & Co", "\u202eesrever",
    "a\x00b",
]  # fmt: skip
"""Plain text, '=' where it is harmless, an encoded word's '=?', line breaks, tabs, control
characters. (No text ends in a line feed: Python's ``re.search``, which ``jsonschema`` uses,
lets ``$`` match before it; ECMA-262, the schema's regex dialect, does not.)"""

PLACES = {
    "a forum's name (one line)": ("forums", 0, "name"),
    "a rule's text (one line)": ("rules", "stuck", "text"),
    "a forum's description (lines)": ("forums", 0, "description"),
}


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("place", PLACES.values(), ids=list(PLACES))
def test_the_schema_and_the_loader_agree_on_texts(
    schema: dict[str, Any], starter_file: Any, text: str, place: tuple[Any, ...]
) -> None:
    """The loader refuses control characters everywhere but tabs and line breaks in a
    multi-line key, and '=?' in one-line text (they reach calendar files and e-mail headers);
    the schema says the same, so an editor flags what the loader refuses (attacker review)."""
    from escalatie.modelfile.check import check_file
    from escalatie.plugins import Registry, make_plugin_manager

    data = tomllib.loads(starter_file.read_text(encoding="utf-8"))
    *where, key = place
    table = data
    for step in where:
        table = table[step]
    assert key in table, place  # the starter has this text: the test changes it
    table[key] = text
    starter_file.write_text(_toml(data), encoding="utf-8")
    schema_says = jsonschema.Draft202012Validator(schema).is_valid(as_json(data))
    registry = Registry(make_plugin_manager(env={}), env={})
    loader_says = check_file(registry, str(starter_file)) == []
    assert schema_says == loader_says, (text, schema_says, loader_says)


def _toml(value: Any, path: tuple[str, ...] = ()) -> str:
    """``value`` (the starter's tables, arrays of tables, texts, numbers, booleans, dates) as
    TOML: texts as JSON strings, which are TOML basic strings when ASCII-escaped and on the
    Basic Multilingual Plane."""
    lines: list[str] = []
    tables: list[str] = []
    for key, item in value.items():
        name = json.dumps(key)
        if isinstance(item, dict):
            tables.append(
                f"[{'.'.join(map(json.dumps, (*path, key)))}]\n" + _toml(item, (*path, key))
            )
        elif isinstance(item, list) and item and all(isinstance(i, dict) for i in item):
            for entry in item:
                header = f"[[{'.'.join(map(json.dumps, (*path, key)))}]]\n"
                tables.append(header + _toml(entry, (*path, key)))
        else:
            lines.append(f"{name} = {_value(item)}")
    return "\n".join(lines) + "\n" + "".join(tables)


def _value(item: Any) -> str:
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, str):
        return json.dumps(item)
    if isinstance(item, list):
        return "[" + ", ".join(_value(i) for i in item) + "]"
    if isinstance(item, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_value(v)}" for k, v in item.items()) + "}"
    if isinstance(item, date | time):
        return item.isoformat()
    return str(item)
