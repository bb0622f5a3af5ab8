"""Every leaf of a model file replaced by a value of another kind: one-line problems, never a
traceback (attacker review: a float for ``source``, a list for a ``key``, a text minimum, a
default below its minimum and a day offset past the calendar each stopped ``model check`` with
a Python error)."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from escalatie.modelfile.build import build_model
from escalatie.modelfile.reading import ModelFileError
from escalatie.plugins import default_registry
from escalatie.tomlfile import parse_toml

ROOT = Path(__file__).resolve().parents[2] / "src"
FILES = {
    "starter": None,
    "maatwerktafel": ROOT / "escalatie_utrecht" / "models" / "maatwerktafel.toml",
}
WRONG: list[Any] = [1.5, [], {}, "x", -5, 99999999, 9223372036854775807, True, date(2026, 1, 1)]


def _starter() -> dict[str, Any]:
    from escalatie.modelfile.starter import starter

    return parse_toml(starter("zeewolde").encode())


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _leaves(v, (*path, k))] or [path]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _leaves(v, (*path, i))] or [path]
    return [path]


def _with(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    target: Any = out
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return out


def _cases() -> list[Any]:
    """The starter's leaves in the default run; Utrecht's maatwerktafel (about 350 leaves,
    a minute) in the slow run."""
    out: list[Any] = []
    for label, file in FILES.items():
        data = _starter() if file is None else parse_toml(file.read_bytes())
        marks = [pytest.mark.slow] if file is not None else []
        out += [pytest.param(label, p, marks=marks) for p in _leaves(data) if p]
    return out


@pytest.mark.parametrize(("label", "path"), _cases(), ids=lambda x: str(x))
def test_a_value_of_another_kind_is_a_problem_not_a_traceback(
    label: str, path: tuple[Any, ...]
) -> None:
    file = FILES[label]
    data = _starter() if file is None else parse_toml(file.read_bytes())
    vocabulary = default_registry().vocabulary()
    for value in WRONG:
        try:
            build_model(_with(data, path, value), vocabulary, lambda name, known: {})
        except ModelFileError as exc:
            assert exc.problems and all("\n" not in p for p in exc.problems)
