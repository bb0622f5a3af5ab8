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
