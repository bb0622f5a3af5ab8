"""JSON documents in and out, through the project's one cattrs converter.

The converter is strict: unknown keys are refused, a string is never read as a list, numbers
are not read from text and booleans are not numbers. Errors are collected per field and given
back as one line per problem, naming the JSON path (``$.domains[2].kind: expected one of …``).
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Callable
from datetime import date, datetime, time
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import attrs
import cattrs
import cattrs.gen
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from escalatie.case import Case
from escalatie.errors import EscalatieError, InvalidDocument
from escalatie.validation import FieldError

T = TypeVar("T")


class Expected(ValueError):
    """A value of the wrong shape; the message says what was expected."""


def _strict(kind: type, label: str) -> Callable[[Any, Any], Any]:
    def structure(value: Any, _: Any) -> Any:
        if kind is int and isinstance(value, bool):
            raise Expected(f"expected {label}, got {json.dumps(value)}")
        if not isinstance(value, kind):
            raise Expected(f"expected {label}, got {_show(value)}")
        return value

    return structure


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


def _structure_datetime(value: Any, _: Any) -> datetime:
    if not isinstance(value, str):
        raise Expected(f"expected an ISO 8601 date-time string, got {_show(value)}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise Expected(f"expected an ISO 8601 date-time, got {_show(value)}") from None
    if moment.tzinfo is None:
        raise Expected(f"expected a date-time with a UTC offset such as +01:00, got {_show(value)}")
    return moment


def _structure_date(value: Any, _: Any) -> date:
    if not isinstance(value, str):
        raise Expected(f"expected a date as YYYY-MM-DD, got {_show(value)}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Expected(f"expected a date as YYYY-MM-DD, got {_show(value)}") from None


def _structure_time(value: Any, _: Any) -> time:
    if not isinstance(value, str):
        raise Expected(f"expected a time as HH:MM, got {_show(value)}")
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise Expected(f"expected a time as HH:MM, got {_show(value)}") from None


def _is_enum(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, Enum)


def _enum_hook(cls: type[Enum]) -> Callable[[Any, Any], Enum]:
    values = [m.value for m in cls]

    def structure(value: Any, _: Any) -> Enum:
        try:
            return cls(value)
        except (ValueError, TypeError):
            raise Expected(
                f"expected one of {', '.join(map(str, values))}; got {_show(value)}"
            ) from None

    return structure


def _is_collection(cls: Any) -> bool:
    return typing.get_origin(cls) in (tuple, frozenset, set, list)


def _is_set(cls: Any) -> bool:
    return cls is frozenset or cls is set or typing.get_origin(cls) in (frozenset, set)


def make_converter() -> cattrs.Converter:
    """The project's converter: strict, unknown keys forbidden, detailed errors."""
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    strict_str = _strict(str, "a string")

    def structure_str(value: Any, cls: Any) -> Any:
        # A StrEnum is a str subclass and arrives here too: give it the enum treatment.
        if cls is not str and _is_enum(cls):
            return _enum_hook(cls)(value, cls)
        return strict_str(value, cls)

    conv.register_structure_hook(str, structure_str)
    conv.register_structure_hook(int, _strict(int, "a whole number"))
    conv.register_structure_hook(bool, _strict(bool, "true or false"))
    conv.register_structure_hook(datetime, _structure_datetime)
    conv.register_unstructure_hook(datetime, lambda d: d.isoformat())
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(date, lambda d: d.isoformat())
    conv.register_structure_hook(time, _structure_time)
    conv.register_unstructure_hook(time, lambda t: t.strftime("%H:%M"))
    conv.register_structure_hook_factory(_is_enum, _enum_hook)

    def collection_factory(cls: Any) -> Callable[[Any, Any], Any]:
        # cattrs would iterate a string character by character: only a JSON array will do.
        origin = typing.get_origin(cls)
        args = typing.get_args(cls)
        as_tuple = cls if origin is tuple else tuple[args[0], ...]  # type: ignore[valid-type]

        def structure(value: Any, _: Any) -> Any:
            if not isinstance(value, list):
                raise Expected(f"expected a list, got {_show(value)}")
            items = conv._structure_tuple(value, as_tuple)  # cattrs' own, with per-item errors
            return items if origin is tuple else origin(items)

        return structure

    conv.register_structure_hook_factory(_is_collection, collection_factory)
    # JSON has no sets: a set becomes a sorted list, so output is stable.
    conv.register_unstructure_hook_factory(
        _is_set,
        lambda t: lambda value: sorted(conv.unstructure(item) for item in value),
    )
    conv.register_unstructure_hook_factory(_is_enum, lambda cls: lambda e: e.value)

    def attrs_factory(cls: Any) -> Callable[[Any, Any], Any]:
        inner = cattrs.gen.make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True)

        def structure(value: Any, _: Any) -> Any:
            if not isinstance(value, dict):
                raise Expected(f"expected a JSON object, got {_show(value)}")
            return inner(value, cls)

        return structure

    conv.register_structure_hook_factory(attrs.has, attrs_factory)
    return conv


CONVERTER = make_converter()


_FIELD_MARK = "\x1f"


def _format(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, FieldError):
        return f"{_FIELD_MARK}{exc.field}{_FIELD_MARK}{exc.message}"
    if isinstance(exc, Expected):
        return str(exc)
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, ForbiddenExtraKeysError):
        return f"unknown field(s) {', '.join(sorted(exc.extra_fields))}; not part of the schema"
    if isinstance(exc, ValueError | TypeError):
        text = str(exc)
        return text.split(": ", 1)[1] if ": expected" in text else text
    return f"invalid value ({type(exc).__name__})"


_ATTRS_MESSAGE = re.compile(r"^'(\w+)' (must .*)$")
"""attrs' own validators say "'budget_eur' must be >= 0: -1"; the field goes into the path."""


def _problems(exc: BaseException) -> list[str]:
    if isinstance(exc, ClassValidationError | IterableValidationError):
        lines = cattrs.transform_error(exc, path="$", format_exception=_format)
    else:
        lines = [f"{_format(exc, None)} @ $"]
    out = []
    for line in lines:
        message, _, path = line.rpartition(" @ ")
        if message.startswith(_FIELD_MARK):
            _, field, message = message.split(_FIELD_MARK, 2)
            path = f"{path}.{field}"
        elif match := _ATTRS_MESSAGE.match(message):
            path, message = f"{path}.{match[1]}", f"expected a value that {match[2]}"
        out.append(f"{path}: {message}")
    return out


def structure(data: Any, cls: type[T]) -> T:
    """Build ``cls`` from JSON data; raise :class:`InvalidDocument` with one line per problem."""
    if not isinstance(data, dict):
        raise InvalidDocument([f"$: expected a JSON object, got {_show(data)}"])
    try:
        return CONVERTER.structure(data, cls)
    except (ClassValidationError, IterableValidationError, ValueError, TypeError, KeyError) as exc:
        raise InvalidDocument(_problems(exc)) from None


def structure_list(data: Any, cls: type[T], source: str) -> list[T]:
    """A JSON array of ``cls`` documents; problems name the file and ``$[i].field``."""
    if not isinstance(data, list):
        raise InvalidDocument([f"{source}: $: expected a JSON array, got {_show(data)}"])
    out: list[T] = []
    problems: list[str] = []
    for i, item in enumerate(data):
        try:
            out.append(structure(item, cls))
        except InvalidDocument as exc:
            problems.extend(f"{source}: $[{i}]{p[1:]}" for p in exc.problems)
    if problems:
        raise InvalidDocument(problems)
    return out


def unstructure(value: Any) -> Any:
    """JSON-ready data for any value of the domain model."""
    return CONVERTER.unstructure(value)


def parse_json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise EscalatieError(f"{source}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise EscalatieError(
            f"{source}: JSON nested too deeply; expected a case document (a few levels deep)"
        ) from None


def read_text(path: str | Path) -> str:
    """Read a file or ``-`` (standard input) as UTF-8."""
    import sys

    if str(path) == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EscalatieError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EscalatieError(f"{path}: cannot be read ({exc})") from None


def load_case(path: str | Path) -> Case:
    """A case document from a file; errors name the file and the JSON path."""
    try:
        return structure(parse_json(read_text(path), str(path)), Case)
    except InvalidDocument as exc:
        raise InvalidDocument([f"{path}: {p}" for p in exc.problems]) from None


def case_from_json(text: str, source: str = "<case>") -> Case:
    return structure(parse_json(text, source), Case)


def dump_json(value: Any) -> str:
    return json.dumps(unstructure(value), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
