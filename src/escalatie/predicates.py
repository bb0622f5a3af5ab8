"""The vocabulary of predicates model files write rules in, compiled to :mod:`escalatie.rules` tests.

A rule's test is written as a TOML table with one key, the predicate, and its parameter::

    {has_obstacle = "laws_and_regulations"}
    {age_between = [18, 23]}
    {all = [{submitted_by = "parent"}, {tried_without_result = "platform"}]}
    {not = {tried = "district_team_leader"}}

Compiling builds the same closures a Python plugin builds with :mod:`escalatie.rules`, once per
model, so triage costs the same for a model file as for Python. Plugins add predicates by name
through ``escalatie_register_predicates`` (see ``docs/hooks.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from functools import cache
from typing import Any

from attrs import frozen

from escalatie import rules
from escalatie.rules import Test

COMBINATORS = ("all", "any", "not")


class ParameterError(ValueError):
    """A predicate's parameter is not what it expects; the message says what was expected."""


@frozen
class Predicate:
    """A named test with one parameter, as model files write it: ``{name = parameter}``.

    ``build`` turns the parameter (TOML data) into a test, or raises :class:`ParameterError`
    (any ``ValueError``) saying what was expected. ``schema`` is the JSON Schema of the
    parameter, for ``escalatie schema model``.
    """

    name: str
    description: str
    build: Callable[[Any], Test]
    schema: Mapping[str, Any]
    example: str = ""


def _show(value: Any) -> str:
    return repr(value) if not isinstance(value, str) else f"'{value}'"


def _one_or_more(values: Iterable[str], label: str) -> Callable[[Any], list[str]]:
    allowed = list(values)

    def parse(value: Any) -> list[str]:
        items = value if isinstance(value, list) else [value]
        if not items:
            raise ParameterError(f"expected one or more {label}, got an empty list")
        out = []
        for item in items:
            if not isinstance(item, str) or item not in allowed:
                import difflib

                close = difflib.get_close_matches(str(item), allowed, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                raise ParameterError(
                    f"unknown {label} {_show(item)}{hint} (expected one of {', '.join(allowed)})"
                )
            out.append(item)
        return out

    return parse


def _enum_schema(values: Iterable[str]) -> dict[str, Any]:
    one = {"type": "string", "enum": list(values)}
    return {"anyOf": [one, {"type": "array", "items": one, "minItems": 1}]}


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ParameterError(f"expected a whole number of at least 0, got {_show(value)}")
    return value


def _true(name: str) -> Callable[[Any], None]:
    def parse(value: Any) -> None:
        if value is not True:
            raise ParameterError(
                f"expected true, got {_show(value)} (write {{not = {{{name} = true}}}} for the opposite)"
            )

    return parse


def _pair(value: Any) -> tuple[int, int]:
    if (
        not isinstance(value, list)
        or len(value) != 2
        or any(isinstance(v, bool) or not isinstance(v, int) for v in value)
        or not 0 <= value[0] <= value[1]
    ):
        raise ParameterError(
            f"expected [low, high], two whole numbers with 0 <= low <= high, got {_show(value)}"
        )
    return value[0], value[1]


@cache
def _values(enum: type[Enum]) -> tuple[str, ...]:
    """An enum's values as text, read once per enum: :func:`core_predicates` runs for every
    model compiled or taken from the cache, and reading a member's ``value`` runs Python code
    (three times per predicate, 4.4 M instructions of a warm triage; issue 16)."""
    return tuple(str(m.value) for m in enum)


def _enum_predicate(
    name: str, enum: type[Enum], label: str, factory: Callable[..., Test], description: str
) -> Predicate:
    parse = _one_or_more(_values(enum), label)
    return Predicate(
        name,
        description,
        lambda value: factory(*(enum(v) for v in parse(value))),
        _enum_schema(_values(enum)),
        f'{name} = "{_values(enum)[0]}"',
    )


def core_predicates(step_kinds: Iterable[str]) -> dict[str, Predicate]:
    """The core's predicates; ``tried`` and ``tried_without_result`` accept ``step_kinds``."""
    from escalatie.case import (
        CareKind,
        Condition,
        LifeDomainKind,
        Obstacle,
        SafetyLevel,
        SubmitterRole,
        TalkOutcome,
    )

    kinds = sorted(set(step_kinds))
    parse_kinds = _one_or_more(kinds, "step kind")
    parse_level = _one_or_more(_values(SafetyLevel), "safety level")
    flags = ["ambulant_alternatives_considered"]
    parse_flag = _one_or_more(flags, "case flag")
    out = [
        _enum_predicate(
            "has_obstacle",
            Obstacle,
            "obstacle",
            rules.has_obstacle,
            "The case is stuck for one of these reasons (obstacles).",
        ),
        _enum_predicate(
            "has_condition",
            Condition,
            "condition",
            rules.has_condition,
            "One of these conditions of the young person is recorded.",
        ),
        _enum_predicate(
            "has_domain",
            LifeDomainKind,
            "life domain",
            rules.has_domain,
            "The family has a question on one of these life domains.",
        ),
        _enum_predicate(
            "submitted_by",
            SubmitterRole,
            "submitter role",
            rules.submitted_by,
            "The case is brought in by one of these submitter roles.",
        ),
        _enum_predicate(
            "requests_care",
            CareKind,
            "care kind",
            rules.requests_care,
            "One of these kinds of help is asked for.",
        ),
        Predicate(
            "tried",
            "A prior step of one of these kinds was taken (core kinds or registered ones).",
            lambda value: rules.tried(*parse_kinds(value)),
            _enum_schema(kinds),
            'tried = "aanspreekpunt"',
        ),
        Predicate(
            "tried_without_result",
            "A prior step of one of these kinds was taken and did not resolve the question.",
            lambda value: rules.tried_without_result(*parse_kinds(value)),
            _enum_schema(kinds),
            'tried_without_result = "round_table"',
        ),
        _enum_predicate(
            "aanspreekpunt_outcome",
            TalkOutcome,
            "outcome",
            rules.aanspreekpunt_outcome,
            "The aanspreekpunt decided one of these in the talk about the case: suitable "
            "(passend) or not_suitable (niet passend); the last talk recording an outcome counts.",
        ),
        Predicate(
            "some_step_unresolved",
            "Some prior step, of any kind, was taken and did not resolve the question.",
            lambda value: (_true("some_step_unresolved")(value), rules.some_step_unresolved())[1],
            {"const": True},
            "some_step_unresolved = true",
        ),
        Predicate(
            "age_between",
            "The young person's age in whole years lies between low and high, both included.",
            lambda value: rules.age_between(*_pair(value)),
            {
                "type": "array",
                "items": {"type": "integer", "minimum": 0},
                "minItems": 2,
                "maxItems": 2,
            },
            "age_between = [18, 23]",
        ),
        Predicate(
            "domains_at_least",
            "The family has questions on at least this many life domains.",
            lambda value: rules.domains_at_least(_count(value)),
            {"type": "integer", "minimum": 0},
            "domains_at_least = 2",
        ),
        Predicate(
            "conditions_at_least",
            "At least this many conditions of the young person are recorded.",
            lambda value: rules.conditions_at_least(_count(value)),
            {"type": "integer", "minimum": 0},
            "conditions_at_least = 2",
        ),
        Predicate(
            "stuck",
            "At least one reason why the case is stuck (an obstacle) is recorded.",
            lambda value: (_true("stuck")(value), rules.stuck())[1],
            {"const": True},
            "stuck = true",
        ),
        Predicate(
            "requests_any_care",
            "Some help is asked for.",
            lambda value: (_true("requests_any_care")(value), rules.requests_any_care())[1],
            {"const": True},
            "requests_any_care = true",
        ),
        Predicate(
            "requests_residential",
            "Residential help is asked for.",
            lambda value: (_true("requests_residential")(value), rules.requests_residential())[1],
            {"const": True},
            "requests_residential = true",
        ),
        Predicate(
            "safety_at_least",
            "The child's safety signal is at least this level (none, concern, acute).",
            lambda value: rules.safety_at_least(SafetyLevel(_single(parse_level(value)))),
            {"type": "string", "enum": list(_values(SafetyLevel))},
            'safety_at_least = "concern"',
        ),
        Predicate(
            "flag",
            "A yes/no field of the case is true: ambulant_alternatives_considered.",
            lambda value: rules.flag(_single(parse_flag(value))),
            {"type": "string", "enum": flags},
            'flag = "ambulant_alternatives_considered"',
        ),
    ]
    return {p.name: p for p in out}


def _single(values: list[str]) -> str:
    if len(values) != 1:
        raise ParameterError(f"expected one value, got {len(values)}")
    return values[0]


WHERE_PREDICATES = "(every predicate: escalatie schema model, or docs/model-files.md#predicates)"
"""Where an unknown predicate's error sends the reader to see them all."""


class Compiler:
    """Compiles predicate tables into tests, collecting one problem per mistake with its path."""

    def __init__(
        self,
        predicates: Mapping[str, Predicate],
        elsewhere: Callable[[str], str | None] | None = None,
    ) -> None:
        self.predicates = predicates
        self.elsewhere = elsewhere
        """Asked on the error path only: where an unknown predicate is provided after all (an
        installed plugin that is switched off), in words, or None."""
        self.problems: list[str] = []

    def names(self) -> list[str]:
        return [*COMBINATORS, *self.predicates]

    def unknown(self, name: str, path: str) -> None:
        """One line: the plugin that provides it but is switched off, else the closest
        predicate, if one is close, and where every predicate is listed (a plugin's too: the
        model schema is built from the installed predicates)."""
        found = self.elsewhere(name) if self.elsewhere is not None else None
        if found is not None:  # ESCALATIE_PLUGINS=-utrecht, a Utrecht predicate
            self.problems.append(f"{path}: unknown predicate '{name}': {found}")
            return
        import difflib

        close = difflib.get_close_matches(name, self.names(), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        self.problems.append(f"{path}: unknown predicate '{name}'{hint} {WHERE_PREDICATES}")

    def compile(self, expr: Any, path: str) -> Test | None:
        """A test for ``{name = parameter}``, or None after recording the problem."""
        if not isinstance(expr, dict) or len(expr) != 1:
            got = ", ".join(expr) if isinstance(expr, dict) and expr else _show(expr)
            self.problems.append(
                f"{path}: expected a table with one predicate such as "
                f'{{has_obstacle = "waiting_list"}}, got {got}'
            )
            return None
        ((name, value),) = expr.items()
        return self.call(name, value, path)

    def call(self, name: str, value: Any, path: str) -> Test | None:
        """The test of predicate ``name`` with parameter ``value`` (the table's path is ``path``)."""
        if name in ("all", "any"):
            if not isinstance(value, list) or not value:
                self.problems.append(f"{path}.{name}: expected a non-empty list of predicates")
                return None
            tests = [self.compile(item, f"{path}.{name}[{i}]") for i, item in enumerate(value)]
            if any(t is None for t in tests):
                return None
            done = [t for t in tests if t is not None]
            if len(done) == 1:
                return done[0]
            return rules.all_of(*done) if name == "all" else rules.any_of(*done)
        if name == "not":
            inner = self.compile(value, f"{path}.not")
            return None if inner is None else rules.negate(inner)
        predicate = self.predicates.get(name)
        if predicate is None:
            self.unknown(name, path)
            return None
        try:
            return predicate.build(value)
        except ValueError as exc:
            self.problems.append(f"{path}.{name}: {exc}")
            return None


def parameter_schema(predicates: Mapping[str, Predicate]) -> dict[str, Any]:
    """JSON Schema of a predicate table, recursive through all/any/not (``$defs.Predicate``)."""
    ref = {"$ref": "#/$defs/Predicate"}
    options: list[dict[str, Any]] = [
        _single_key("all", {"type": "array", "items": ref, "minItems": 1}, "All of these hold."),
        _single_key("any", {"type": "array", "items": ref, "minItems": 1}, "Any of these holds."),
        _single_key("not", ref, "This does not hold."),
    ]
    for p in predicates.values():
        options.append(_single_key(p.name, dict(p.schema), p.description))
    return {"oneOf": options}


def _single_key(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": {name: schema},
        "required": [name],
        "additionalProperties": False,
    }
