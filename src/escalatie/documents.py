"""JSON documents in and out, through a cattrs converter from the project's one factory.

:func:`make_converter` builds every converter of the project: :func:`converter` here, and the
two that add TOML's dates and times to it (``modelfile/load.py`` for model files,
``settings.py`` for the settings file).

The converter is strict: unknown keys are refused, a string is never read as a list, numbers
are not read from text and booleans are not numbers. Every problem of a document is collected
in one run (unknown fields, wrong types and broken invariants together) and given back as one
line per problem, naming the JSON path (``$.domains[2].kind: expected one of …``).

The JSON edge (:func:`parse_json`, :func:`read_text`) refuses what a case document never needs
and what would break later: a document over :data:`MAX_DOCUMENT_CHARS`, a number too long for
Python to read, a key given twice in one object, and text that is not valid Unicode (a lone
surrogate such as ``"\udc80"``).

Reading a well-formed case imports no cattrs (issue 16: importing it and building the converter
cost a tenth of ``triage``'s start-up): the fast path (:func:`structure`) reads such a document
alone, and the converter is built (:func:`converter`) the first time anything else is asked:
a document with a problem, another type, or :func:`unstructure`.
"""

from __future__ import annotations

import functools
import json
import re
import types
import typing
from collections.abc import Callable
from datetime import date, datetime, time
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from escalatie.case import Case
from escalatie.errors import ECHO_LIMIT, EscalatieError, InvalidDocument, cut, is_text
from escalatie.validation import FieldError

if TYPE_CHECKING:
    from pathlib import Path

    import cattrs

T = TypeVar("T")

MAX_DOCUMENT_CHARS = 1_000_000
"""A case document is a few kilobytes; one of more than a million characters (about 1 MB) is
refused before it is parsed, so a huge or endless input costs no time (docs/register.md)."""


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
    """A JSON value as an error echoes it: cut to :data:`ECHO_LIMIT` characters."""
    if isinstance(value, str):
        value = value[: ECHO_LIMIT + 1]
    elif isinstance(value, list):
        return f"a JSON array of {len(value)} item(s)"
    elif isinstance(value, dict):
        return f"a JSON object with {len(value)} field(s)"
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except ValueError:  # a whole number too long to write out
        return "a whole number of more than 4300 digits"
    return cut(text)


NOT_UNICODE = "expected Unicode text, got a lone surrogate (U+D800 to U+DFFF)"


def _structure_datetime(value: Any, _: Any) -> datetime:
    from escalatie.timetext import TimeTextError, read_moment

    if not isinstance(value, str):
        raise Expected(f"expected an ISO 8601 date-time string, got {_show(value)}")
    try:
        moment = read_moment(value, "an ISO 8601 date-time such as 2026-03-02T09:15:00+01:00")
    except TimeTextError as exc:
        raise Expected(str(exc)) from None
    if moment.tzinfo is None:
        raise Expected(f"expected a date-time with a UTC offset such as +01:00, got {_show(value)}")
    return moment


def _structure_date(value: Any, _: Any) -> date:
    from escalatie.timetext import TimeTextError, read_date

    if not isinstance(value, str):
        raise Expected(f"expected a date as YYYY-MM-DD, got {_show(value)}")
    try:
        return read_date(value)
    except TimeTextError as exc:
        raise Expected(str(exc)) from None


def _structure_time(value: Any, _: Any) -> time:
    """Text ``HH:MM`` only (:mod:`escalatie.timetext`): ``"14.30"`` was 14:00:00.3."""
    from escalatie.timetext import TimeTextError, read_time

    if not isinstance(value, str):
        raise Expected(f"expected a time as HH:MM, got {_show(value)}")
    try:
        return read_time(value)
    except TimeTextError as exc:
        raise Expected(str(exc)) from None


_PLAIN_HOOKS: dict[type, Callable[[Any, Any], Any]] = {
    datetime: _structure_datetime,
    date: _structure_date,
    time: _structure_time,
}
"""Hooks that need no converter: :func:`make_converter` registers them, and the fast path
(:func:`_fast_field`) calls them directly."""


def _is_enum(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, Enum)


@functools.cache
def _enum_hook(cls: type[Enum]) -> Callable[[Any, Any], Enum]:
    """One hook per enum class, built once: structuring is on the hot path of ``compare``
    (issue 16: rebuilding the list of values for every value read was a fifth of a run)."""

    def structure(value: Any, _: Any) -> Enum:
        try:
            return cls(value)
        except (ValueError, TypeError):
            values = [str(m.value) for m in cls]
            raise Expected(
                f"expected one of {', '.join(values)}; got {_show(value)}{_close(value, values)}"
            ) from None

    return structure


def _close(value: Any, values: list[str]) -> str:
    """`` (did you mean budget?)`` for a value a typo away from one of ``values``, as a forum
    kind gets (``powers = ["budgett"]``, not the list alone). difflib's default cutoff, as a
    model file's predicate values have it: ``wachtlijst`` is ``waiting_list`` in both."""
    import difflib

    if not isinstance(value, str) or len(value) > 100:
        return ""
    close = difflib.get_close_matches(value, values, n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def _is_collection(cls: Any) -> bool:
    return typing.get_origin(cls) in (tuple, frozenset, set, list)


def _is_set(cls: Any) -> bool:
    return cls is frozenset or cls is set or typing.get_origin(cls) in (frozenset, set)


Unknown = Callable[[str, list[str]], Exception]
"""Builds the problem for a key that is not a field: the key and the known field names."""


def make_converter(unknown: Unknown | None = None) -> cattrs.Converter:
    """A converter as the project builds every one: strict, unknown keys forbidden, detailed
    errors.

    ``unknown`` words the problem of a key that is not a field (the settings file says
    "unknown setting"; see :mod:`escalatie.settings`)."""
    import cattrs

    # forbid_extra_keys does nothing here: it configures cattrs' own attrs hook, which the
    # attrs.has factory below replaces (_attrs_hook refuses an unknown key itself, worded by
    # ``unknown``); it is kept so a class ever left to cattrs stays strict. detailed_validation
    # does act: cattrs' dict hooks group their errors with the key's path through it.
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    strict_str = _strict(str, "a string")

    def structure_str(value: Any, cls: Any) -> Any:
        # A StrEnum is a str subclass and arrives here too: give it the enum treatment.
        if cls is not str and _is_enum(cls):
            return _enum_hook(cls)(value, cls)
        text = strict_str(value, cls)
        if not is_text(text):
            raise Expected(NOT_UNICODE)
        return text

    conv.register_structure_hook(str, structure_str)
    conv.register_structure_hook(int, _strict(int, "a whole number"))
    conv.register_structure_hook(bool, _strict(bool, "true or false"))
    for kind, hook in _PLAIN_HOOKS.items():
        conv.register_structure_hook(kind, hook)
    conv.register_unstructure_hook(datetime, lambda d: d.isoformat())
    conv.register_unstructure_hook(date, lambda d: d.isoformat())
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
            if homogeneous:
                items = _capped_items(conv, value, as_tuple)
            else:
                items = _fixed_items(conv, value, as_tuple)
            return items if origin is tuple else origin(items)

        homogeneous = len(typing.get_args(as_tuple)) == 2 and typing.get_args(as_tuple)[1] is ...
        return structure

    conv.register_structure_hook_factory(_is_collection, collection_factory)
    # JSON has no sets: a set becomes a sorted list, so output is stable.
    conv.register_unstructure_hook_factory(
        _is_set,
        lambda t: lambda value: sorted(conv.unstructure(item) for item in value),
    )
    conv.register_unstructure_hook_factory(_is_enum, lambda cls: lambda e: e.value)

    conv.register_structure_hook_factory(
        attrs.has, lambda cls: _attrs_hook(conv, cls, unknown or _unknown)
    )
    return conv


MAX_LIST_PROBLEMS = 100
"""A list stops being checked after this many bad items (150,000 bad items took 33 s and
680 MB to collect, of which the command line shows fifty)."""
STOPPED = "stopped checking this list after"


def _capped_items(conv: cattrs.Converter, value: list[Any], as_tuple: Any) -> tuple[Any, ...]:
    """A homogeneous tuple with the errors cattrs gives one (as its private
    ``Converter._structure_tuple`` does, with the public API), which stops at
    :data:`MAX_LIST_PROBLEMS` bad items: the first problems, with the same paths, and one line
    saying the rest was not checked."""
    from cattrs.errors import IterableValidationError, IterableValidationNote

    item_type = typing.get_args(as_tuple)[0]
    hook = conv.get_structure_hook(item_type)
    out: list[Any] = []
    errors: list[Exception] = []
    for ix, item in enumerate(value):
        try:
            out.append(hook(item, item_type))
        except Exception as exc:
            note = IterableValidationNote(f"Structuring {as_tuple} @ index {ix}", ix, item_type)
            exc.__notes__ = [*getattr(exc, "__notes__", []), note]
            errors.append(exc)
            if len(errors) == MAX_LIST_PROBLEMS and ix + 1 < len(value):
                errors.append(
                    Expected(
                        f"{STOPPED} {MAX_LIST_PROBLEMS} problems (the last at [{ix}] of "
                        f"{len(value):,} items); the rest was not checked"
                    )
                )
                break
    if errors:
        raise IterableValidationError(f"While structuring {as_tuple!r}", errors, as_tuple)
    return tuple(out)


def _fixed_items(conv: cattrs.Converter, value: list[Any], as_tuple: Any) -> tuple[Any, ...]:
    """A fixed-length tuple (``tuple[date, str]``) with the errors cattrs gives one, per item and
    for a wrong length, through its public API (``Converter._structure_tuple`` is private)."""
    from cattrs.errors import IterableValidationError, IterableValidationNote

    types = typing.get_args(as_tuple)
    out: list[Any] = []
    errors: list[Exception] = []
    for ix, (item_type, item) in enumerate(zip(types, value, strict=False)):  # length: below
        try:
            out.append(conv.get_structure_hook(item_type)(item, item_type))
        except Exception as exc:
            note = IterableValidationNote(f"Structuring {as_tuple} @ index {ix}", ix, item_type)
            exc.__notes__ = [*getattr(exc, "__notes__", []), note]
            errors.append(exc)
    if len(value) != len(types):
        problem = "Not enough" if len(out) < len(types) else "Too many"
        wrong = ValueError(f"{problem} values in {value!r} to structure as {as_tuple!r}")
        wrong.__notes__ = [f"Structuring {as_tuple}"]
        errors.append(wrong)
    if errors:
        raise IterableValidationError(f"While structuring {as_tuple!r}", errors, as_tuple)
    return tuple(out)


class UnknownField(FieldError):
    """A key that is not part of the schema; reported with the others, not instead of them."""


def _key_path(key: str) -> str:
    """``.name`` for a plain key, ``["odd key"]`` (JSON-quoted, cut) for any other."""
    if _plain_key(key):
        return key
    return f"[{cut(json.dumps(key[: ECHO_LIMIT + 1]))}]"


_PLAIN_KEY = r"^[A-Za-z_][A-Za-z0-9_]{0,63}\Z"
"""A key written ``.name`` in a path; compiled when first used (``re``'s cache), as only
paths of problems need it."""


def _plain_key(key: str) -> bool:
    return re.match(_PLAIN_KEY, key) is not None


DUTCH_KEYS = {
    "leeftijd": "age",
    "vraag": "question",
    "hulpvraag": "question",
    "domeinen": "domains",
    "levensdomeinen": "domains",
    "indiener": "submitter",
    "melder": "submitter",
    "perspectief": "perspective",
    "partijen": "parties",
    "betrokkenen": "parties",
    "veiligheid": "safety",
    "knelpunten": "obstacles",
    "belemmeringen": "obstacles",
    "voorwaarden": "conditions",
    "gemeente": "municipality",
    "identiteit": "identity",
    "kenmerk": "reference",
    "referentie": "reference",
    "ingediend": "submitted_at",
}
"""Dutch words a user may write for an English field (``$.leeftijd``: difflib finds no
English word close to a Dutch one); suggested only where the English
field is one of the document's."""


def _unknown(key: str, known: list[str]) -> UnknownField:
    import difflib

    close = difflib.get_close_matches(key[:100], known, n=1) if isinstance(key, str) else []
    dutch = DUTCH_KEYS.get(key.casefold()) if isinstance(key, str) else None
    if dutch is not None and dutch in known:
        close = [dutch]
    hint = f" (did you mean {close[0]}?)" if close else ""
    return UnknownField(_key_path(str(key)), f"unknown field, not part of the schema{hint}")


def _attrs_hook(conv: cattrs.Converter, cls: Any, unknown: Unknown) -> Callable[[Any, Any], Any]:
    """Structure an attrs class collecting EVERY problem: unknown keys, each field's type or
    value, and each field's own validator, so one run reports them all (issue 11, point 7).

    A reusable replacement for cattrs' generated function, which stops at the first unknown key
    and at the first failing validator. Classes with attrs converters are built the plain way
    after the fields are structured (their validators see converted values).
    """
    attrs.resolve_types(cls)
    fields = [a for a in attrs.fields(cls) if a.init]
    known = [a.alias or a.name for a in fields]
    known_set = frozenset(known)
    plain = any(a.converter is not None for a in fields)
    plan = [(key, a.default is attrs.NOTHING, a.type) for a, key in zip(fields, known, strict=True)]
    hooks: list[Callable[[Any, Any], Any]] = []  # looked up at first use: nested hooks exist then

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, dict):
            raise Expected(f"expected a JSON object, got {_show(value)}")
        if not hooks:
            hooks.extend(conv.get_structure_hook(a.type) for a in fields)
        problems: list[Exception] = []
        if not known_set.issuperset(value):
            problems = [unknown(k, known) for k in value if k not in known_set]
        kwargs: dict[str, Any] = {}
        for (key, required, type_), hook in zip(plan, hooks, strict=True):
            if key in value:
                try:
                    kwargs[key] = hook(value[key], type_)
                except Exception as exc:  # every failure is reported with its path, not raised
                    problems.append(_noted(exc, cls, key, type_))
            elif required:
                problems.append(_noted(KeyError(key), cls, key, type_))
        if not problems:
            try:
                return cls(**kwargs)
            except (ValueError, TypeError) as exc:
                # A validator or __attrs_post_init__ refused: collect every validator's problem
                # (the first one alone would hide the rest), else report this one.
                problems = [] if plain else _validate(cls, fields, kwargs)
                if not problems:
                    problems = [exc]
        elif not plain:
            problems.extend(_validate(cls, fields, kwargs))
        from cattrs.errors import ClassValidationError

        raise ClassValidationError(f"While structuring {cls.__name__}", problems, cls)

    return structure


def _noted(exc: Exception, cls: Any, name: str, type_: Any) -> Exception:
    from cattrs.errors import AttributeValidationNote

    exc.__notes__ = [
        *getattr(exc, "__notes__", []),
        AttributeValidationNote(
            f"Structuring class {cls.__qualname__} @ attribute {name}", name, type_
        ),
    ]
    return exc


def _validate(
    cls: Any, fields: list[attrs.Attribute[Any]], kwargs: dict[str, Any]
) -> list[Exception]:
    """Each structured field's validator on its own, so all broken invariants are reported.

    Validators get a bare instance holding the structured fields (a validator that reads a
    field that failed to structure is skipped: that field is reported already).
    """
    bare = object.__new__(cls)
    for a, key in zip(fields, [a.alias or a.name for a in fields], strict=True):
        if key in kwargs:
            object.__setattr__(bare, a.name, kwargs[key])
    problems: list[Exception] = []
    for a, key in zip(fields, [a.alias or a.name for a in fields], strict=True):
        if a.validator is None or key not in kwargs:
            continue
        try:
            a.validator(bare, a, kwargs[key])
        except (ValueError, TypeError) as exc:
            problems.append(exc)
        except AttributeError:
            continue
    return problems


@functools.cache
def converter() -> cattrs.Converter:
    """The documents' converter (:func:`make_converter`), built once, when first needed."""
    return make_converter()


_FIELD_MARK = "\x1f"


def _format(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, FieldError):
        return f"{_FIELD_MARK}{exc.field}{_FIELD_MARK}{cut(exc.message, _LINE_LIMIT)}"
    if isinstance(exc, Expected):
        return str(exc)
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, ValueError | TypeError):
        text = str(exc)
        return cut(text.split(": ", 1)[1] if ": expected" in text else text, _LINE_LIMIT)
    return f"invalid value ({type(exc).__name__})"


_LINE_LIMIT = 240
"""A message from a validator the project does not control is cut to this length."""


_ATTRS_MESSAGE = r"^'(\w+)' (must .*)$"
"""attrs' own validators say "'budget_eur' must be >= 0: -1"; the field goes into the path."""


def _problems(exc: BaseException) -> list[str]:
    import cattrs
    from cattrs.errors import ClassValidationError, IterableValidationError

    if isinstance(exc, ClassValidationError | IterableValidationError):
        lines = cattrs.transform_error(exc, path="$", format_exception=_format)
    else:
        lines = [f"{_format(exc, None)} @ $"]
    out = []
    for line in lines:
        message, _, path = line.rpartition(" @ ")
        if message.startswith(_FIELD_MARK):
            _, field, message = message.split(_FIELD_MARK, 2)
            path = f"{path}{field}" if field.startswith("[") else f"{path}.{field}"
        elif match := re.match(_ATTRS_MESSAGE, message):
            path, message = f"{path}.{match[1]}", f"expected a value that {match[2]}"
        out.append(f"{path}: {message}")
    # A misspelt field's hint before the rest (cattrs lists unknown fields last): its "did you
    # mean age?" explains the "$.age: required field missing" it causes, as in model files.
    # A name's hint only: a value's ('got "carex" (did you mean care?)') explains nothing else.
    return sorted(out, key=lambda line: "(did you mean " not in line.split("; got ")[0])


class _Slow(Exception):
    """The fast path (:func:`_fast_attrs`) met something it does not read: take the full one."""


Fast = Callable[[Any], Any]


def _fast_str(value: Any) -> str:
    if type(value) is str and (value.isascii() or is_text(value)):
        return value
    raise _Slow


def _fast_exact(kind: type) -> Fast:
    def read(value: Any) -> Any:
        if type(value) is kind:
            return value
        raise _Slow

    return read


@functools.cache
def _members(cls: type[Enum]) -> dict[Any, Enum]:
    """Each member of ``cls`` by its value, built once per class (the public spelling of
    ``Enum._value2member_map_``: an alias has its canonical member's value)."""
    return {member.value: member for member in cls}


def _fast_enum(cls: type[Enum]) -> Fast:
    members = _members(cls)

    def read(value: Any) -> Any:
        if type(value) is str or type(value) is int:
            found = members.get(value)
            if found is not None:
                return found
        raise _Slow

    return read


def _fast_field(type_: Any) -> Fast:
    """How the fast path reads a value of ``type_``: exactly what :func:`converter`'s hook
    gives for the values it accepts; anything else raises :class:`_Slow`."""
    if type_ is str:
        return _fast_str
    if type_ is int or type_ is bool:
        return _fast_exact(type_)
    if _is_enum(type_):
        return _fast_enum(type_)
    if attrs.has(type_):
        return _fast_attrs(type_)
    args = typing.get_args(type_)
    if typing.get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _fast_field(args[0])

        def items(value: Any) -> Any:
            if type(value) is list:
                return tuple([item(v) for v in value])
            raise _Slow

        return items
    if len(args) == 2 and type(None) in args and typing.get_origin(type_) in _UNIONS:
        other = _fast_field(next(a for a in args if a is not type(None)))
        return lambda value: None if value is None else other(value)
    if type_ is date:
        return _fast_date
    if type_ in _PLAIN_HOOKS:  # the hooks make_converter registers, without the converter
        plain = _PLAIN_HOOKS[type_]
        return lambda value: plain(value, type_)
    return _converter_field(type_)


def _fast_date(value: Any) -> date:
    """A date as :func:`_structure_date` reads it (``YYYY-MM-DD`` in ASCII digits, a real
    day) without its import and pattern: a date of birth is read with every identity block
    (issue 16). Anything else goes the slow way, for its one-line error."""
    if (
        type(value) is str
        and len(value) == 10
        and value[4] == value[7] == "-"
        and value.isascii()
        and (value[:4] + value[5:7] + value[8:]).isdigit()
    ):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _Slow


def _converter_field(type_: Any) -> Fast:
    """Any other type: the converter's own hook, looked up (and the converter built) when the
    first such value is read."""
    hooks: list[Callable[[Any, Any], Any]] = []

    def read(value: Any) -> Any:
        if not hooks:
            hooks.append(converter().get_structure_hook(type_))
        return hooks[0](value, type_)

    return read


_UNIONS = (typing.Union, type(int | None))


_BUILDING: set[type] = set()
"""Classes whose fast reader is being built (a class that refers to itself, through its
fields, gets a reader that looks its own up when called)."""


@functools.cache
def _fast_attrs(cls: type) -> Fast:
    """A structuring function for a well-formed document of ``cls``, built once per class.

    Its source is generated (as attrs and cattrs generate theirs): a document that gives every
    field, as :func:`unstructure` writes them, is read in one call of ``cls`` with each value
    checked inline, no loop and no call per text or number (issue 16: structuring was a
    quarter of ``compare``'s cost per case). A document that leaves fields to their defaults
    takes a loop over the fields; both accept and build exactly what the converter would.
    """
    if cls in _BUILDING:
        return lambda value: _fast_attrs(cls)(value)
    _BUILDING.add(cls)
    try:
        return _generated(cls)
    finally:
        _BUILDING.discard(cls)


def _slow() -> Any:
    raise _Slow


def _generated(cls: type) -> Fast:
    attrs.resolve_types(cls)
    fields = [a for a in attrs.fields(cls) if a.init]
    known = frozenset(a.alias or a.name for a in fields)
    plan = [(a.alias or a.name, a.default is attrs.NOTHING, _fast_field(a.type)) for a in fields]

    def loop(value: dict[str, Any]) -> Any:
        kwargs: dict[str, Any] = {}
        for key, required, field in plan:
            if key in value:
                kwargs[key] = field(value[key])
            elif required:
                raise _Slow
        return cls(**kwargs)

    # A field whose default is None, or a text, number or flag of its own type, is read
    # inline when the document leaves it out (an identity block without an address: issue
    # 16): its default passes the same check the field's reader makes of a given value.
    defaults = {
        a.alias or a.name: a.default
        for a in fields
        if a.default is None or (type(a.default) in (str, int, bool) and a.type is type(a.default))
    }
    scope: dict[str, Any] = {
        "_Slow": _Slow, "_slow": _slow, "_loop": loop, "cls": cls, "known": known,
        "is_text": is_text, "needed": known - defaults.keys(),
    }  # fmt: skip
    arguments = []
    for i, (a, (key, _, field)) in enumerate(zip(fields, plan, strict=True)):
        if key in defaults:
            scope[f"default{i}"] = defaults[key]
            read = f"value.get({key!r}, default{i})"
        else:
            read = f"value[{key!r}]"
        get = f"(v := {read})"
        if a.type is str:
            value = f"v if type{get} is str and (v.isascii() or is_text(v)) else _slow()"
        elif a.type is int or a.type is bool:
            value = f"v if type{get} is {a.type.__name__} else _slow()"
        elif _is_enum(a.type):
            scope[f"members{i}"] = _members(a.type)
            value = f"members{i}[v] if type{get} is str or type(v) is int else _slow()"
        elif (item := _tuple_item(a.type)) is not None and attrs.has(item):
            scope[f"item{i}"] = _fast_attrs(item)
            value = f"tuple([item{i}(x) for x in v]) if type{get} is list else _slow()"
        elif item is not None and _is_enum(item):
            scope[f"members{i}"] = _members(item)
            value = (
                f"tuple([members{i}[x] if type(x) is str or type(x) is int else _slow() "
                f"for x in v]) if type{get} is list else _slow()"
            )
        else:
            scope[f"field{i}"] = field
            value = f"field{i}({read})"
        arguments.append(f"    a{i} = ({value})")
    source = "\n".join(
        [
            "def read(value):",
            "    if type(value) is not dict or not known.issuperset(value):",
            "        raise _Slow",
            f"    if len(value) != {len(fields)} and not needed.issubset(value):",
            "        return _loop(value)",
            *arguments,
            *_built(cls, fields, scope),
        ]
    )
    filename = f"<fast structuring of {cls.__qualname__}>"
    # In the command's own process the compiled reader is kept between runs with attrs'
    # generated code (escalatie.codecache, keyed by this text): -7 M instructions a triage.
    from escalatie.generated import define

    return define(source, filename, scope, "read")  # type: ignore[no-any-return]


def _tuple_item(type_: Any) -> Any:
    """``X`` of ``tuple[X, ...]``; None for any other type."""
    args = typing.get_args(type_)
    if typing.get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    return None


_AND: type = type(attrs.validators.and_())
"""attrs' validator of a list of validators (run in order; ``_validators`` holds them)."""


def _built(cls: type, fields: list[attrs.Attribute[Any]], scope: dict[str, Any]) -> list[str]:
    """The lines of the fast reader that build ``cls`` from the locals ``a0``, ``a1``, ...

    A class whose ``__init__`` is attrs' own and does nothing but set the fields and run their
    validators (no converter, no ``__attrs_pre_init__`` or ``__attrs_post_init__``, every field
    an argument) is built as that ``__init__`` builds it: every field set, then every validator
    run in the same order on the same values, unless validators are disabled. A text's ``lines``,
    ``one_line`` and ``non_empty`` check is called only when a test in line shows it could
    refuse the value (``str.isprintable``, ``"=?"``, ``str.strip``; each validator returns at
    once otherwise): a case has some twenty such texts (issue 16: calling ``__init__`` with
    keywords and a validator per text cost a third of structuring a case). Any other class:
    its ``__init__``, called with keywords."""
    from escalatie.validation import ENCODED_WORD, lines, non_empty, one_line

    init = cls.__dict__.get("__init__")
    generated = getattr(getattr(init, "__code__", None), "co_filename", "")
    plain = (
        generated.startswith("<attrs generated")
        and not hasattr(cls, "__attrs_pre_init__")
        and not hasattr(cls, "__attrs_post_init__")
        and all(a.init and a.converter is None for a in attrs.fields(cls))
    )
    if not plain:
        keywords = [f"        {a.alias or a.name}=a{i}," for i, a in enumerate(fields)]
        return ["    return cls(", *keywords, "    )"]
    scope.update(
        _new=object.__new__, _set=object.__setattr__, _disabled=attrs.validators.get_disabled
    )
    scope["ENCODED_WORD"] = ENCODED_WORD
    out = ["    self = _new(cls)"]
    for i, a in enumerate(fields):
        slot = _slot(cls, a.name)
        if slot is None:
            out.append(f"    _set(self, {a.name!r}, a{i})")
        else:  # the slot's own setter: no look-up of the name through the class's MRO
            scope[f"set{i}"] = slot.__set__
            out.append(f"    set{i}(self, a{i})")
    checks = []
    for i, a in enumerate(fields):
        if a.validator is None:
            continue
        scope[f"attr{i}"] = a
        each = a.validator._validators if type(a.validator) is _AND else (a.validator,)  # type: ignore[attr-defined]
        for k, validator in enumerate(each):
            name = f"valid{i}_{k}"
            scope[name] = validator
            call = f"{name}(self, attr{i}, a{i})"
            if validator is lines and a.type is str:
                checks.append(f"        if not a{i}.isprintable(): {call}")
            elif validator is one_line and a.type is str:
                checks.append(f"        if not a{i}.isprintable() or ENCODED_WORD in a{i}: {call}")
            elif validator is non_empty and a.type is str:
                checks.append(f"        if not a{i}.strip(): {call}")
            elif validator is non_empty and _tuple_item(a.type) is not None:
                checks.append(f"        if not a{i}: {call}")
            else:
                checks.append(f"        {call}")
    if checks:
        out += ["    if not _disabled():", *checks]
    return [*out, "    return self"]


def _slot(cls: type, name: str) -> types.MemberDescriptorType | None:
    """The slot ``name`` of a slotted class (or of one of its bases), None if it has no slot
    of that name. Setting through the slot's descriptor is what ``object.__setattr__`` does
    once it has found it (about 40 % of that call's cost)."""
    for klass in cls.__mro__:
        if name in klass.__dict__:
            found = klass.__dict__[name]
            return found if type(found) is types.MemberDescriptorType else None
    return None


def structure(data: Any, cls: type[T]) -> T:
    """Build ``cls`` from JSON data; raise :class:`InvalidDocument` with one line per problem.

    A well-formed document takes a fast path (issue 16: structuring cost more than triaging a
    case through every model): a function per class, built once, that reads exactly the values
    the converter would accept and builds the same object. At the first value it does not
    expect (an unknown key, a wrong type, a missing field, a refused invariant) the document
    goes through the converter, which collects every problem with its path."""
    if not isinstance(data, dict):
        raise InvalidDocument([f"$: expected a JSON object, got {_show(data)}"])
    if attrs.has(cls):
        try:
            return _fast_attrs(cls)(data)  # type: ignore[no-any-return]
        except Exception:  # the converter below reports every problem (or accepts it)
            pass
    return _converted(data, cls)


# Twin: _fast_attrs (_generated, _built) reads a well-formed document without the converter.
# A change to a hook of make_converter is a change there too; tests/core/test_structure_fast_path.py
# (test_a_well_formed_document_takes_the_fast_path_to_the_same_case) fails until they agree.
def _converted(data: dict[str, Any], cls: type[T]) -> T:
    """:func:`structure` through the converter alone, every problem collected."""
    conv = converter()
    from cattrs.errors import ClassValidationError, IterableValidationError

    try:
        return conv.structure(data, cls)
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
    return converter().unstructure(value)


def parse_json(text: str, source: str) -> Any:
    """JSON text as data; one line per problem for what no document of ours may hold.

    Refused: more than :data:`MAX_DOCUMENT_CHARS`, invalid JSON, nesting too deep, a number of
    more than 4300 digits (Python's limit), the same key twice in one object (JSON parsers
    disagree on which one wins), and lone surrogates in keys or text.
    """
    if len(text) > MAX_DOCUMENT_CHARS:
        raise EscalatieError(f"{source}: {too_large(MAX_DOCUMENT_CHARS)}")
    try:
        decoder = _IDLE_DECODERS.pop()
    except IndexError:
        decoder = _Decoder()
    try:
        data, repeated = decoder(text)
    except json.JSONDecodeError as exc:
        raise EscalatieError(f"{source}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise EscalatieError(
            f"{source}: JSON nested too deeply; expected a case document (a few levels deep)"
        ) from None
    except ValueError:  # Python refuses to read integers of more than 4300 digits
        raise EscalatieError(
            f"{source}: a number of more than 4300 digits; expected numbers a case document holds"
        ) from None
    finally:
        _IDLE_DECODERS.append(decoder)
    # A lone surrogate comes from a \u escape or from the text itself; a repeated key was seen
    # by the hook. Without either there is nothing to look for (issue 16: walking every value
    # of every case cost more than structuring it).
    if repeated or "\\u" in text or not is_text(text):
        problems = _edge_problems(data)
        if problems:
            raise InvalidDocument([f"{source}: {p}" for p in problems])
    return data


_UNPROVEN = object()
_ORJSON: list[tuple[Callable[[str], Any], Callable[[Any], bytes]] | None] = []


def structured_quickly(text: str, cls: type[T]) -> T | None:
    """``structure(parse_json(text, ...), cls)`` for a well-formed document of many (``compare``'s
    lines), read by orjson, a C parser without a Python call per object (the JSON edge was a
    sixth of ``compare``'s instructions per case, issue 16); None when that cannot be shown
    to give the same object: the caller then takes :func:`parse_json` and :func:`structure`,
    which give the errors.

    orjson keeps the last of a repeated key where :func:`parse_json` refuses it, reads an
    integer of more than 64 bits as a float and refuses what the standard library reads (NaN,
    lone surrogates). So the text is taken only without a ``\\u`` escape, when orjson reads it
    (:func:`_quickly`: a repeated key never passes), and when the fast path builds ``cls`` from
    it, which for a case (whose fields hold no float) means the same data, so the same object."""
    if len(text) > MAX_DOCUMENT_CHARS or not attrs.has(cls):
        return None
    data = _quickly(text)
    if data is _UNPROVEN:
        return None
    try:
        return _fast_attrs(cls)(data)  # type: ignore[no-any-return]
    except Exception:  # whatever the fast path does not take: the standard way decides
        return None


def _quickly(text: str) -> Any:
    """The data orjson reads from ``text`` when no key in it is repeated and it has no ``\\u``
    escape; else :data:`_UNPROVEN` (always without orjson installed). Without escapes a colon
    in the text is a key's or one inside a string, and orjson's compact text of the data
    writes each of those once: a key given twice leaves the text one colon more."""
    if not _ORJSON:
        try:
            import orjson
        except ImportError:  # an installation that predates the dependency
            _ORJSON.append(None)
        else:
            _ORJSON.append((orjson.loads, orjson.dumps))
    reader = _ORJSON[0]
    if reader is None or "\\u" in text:
        return _UNPROVEN
    loads, dumps = reader
    try:
        data = loads(text)
    except ValueError:  # orjson.JSONDecodeError: the standard reader gives the error
        return _UNPROVEN
    try:
        compact = dumps(data)
    except TypeError:  # orjson.JSONEncodeError: nesting orjson reads but does not write (> 254)
        return _UNPROVEN
    if text.count(":") != compact.count(b":"):
        return _UNPROVEN
    return data


class _Decoder:
    """A JSON decoder that marks objects with a repeated key, made once and reused: ``json.loads``
    with a hook builds a decoder and its scanner for every document, a few per cent of
    ``compare``'s time on a case (issue 16)."""

    def __init__(self) -> None:
        self.repeated = False
        self.decode = json.JSONDecoder(object_pairs_hook=self.pairs).decode

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out = _object(pairs)
        if type(out) is _Repeated:
            self.repeated = True
        return out

    def __call__(self, text: str) -> tuple[Any, bool]:
        """The data of ``text`` and whether some object in it repeats a key."""
        if text.startswith("\ufeff"):  # what json.loads refuses before decoding
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        self.repeated = False
        return self.decode(text), self.repeated


_IDLE_DECODERS: list[_Decoder] = []
"""Decoders not in use; one is taken per document (list.pop and append are atomic, so two
threads never share one)."""


def too_large(limit: int) -> str:
    """The one-line refusal of a document longer than ``limit`` characters."""
    return f"expected a document of at most {limit:,} characters; this one is longer"


class _Repeated(dict[str, Any]):
    """A JSON object in which some key appeared more than once (``repeated`` lists them)."""

    repeated: list[str]


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) == len(pairs):
        return out
    marked = _Repeated(out)
    seen: set[str] = set()
    marked.repeated = []
    for key, _ in pairs:
        if key in seen and key not in marked.repeated:
            marked.repeated.append(key)
        seen.add(key)
    return marked


def _edge_problems(data: Any) -> list[str]:
    """Repeated keys and lone surrogates anywhere in parsed JSON, each with its JSON path."""
    problems: list[str] = []
    stack: list[tuple[str, Any]] = [("$", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if not is_text(value):
                problems.append(f"{path}: {NOT_UNICODE}")
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", item) for i, item in reversed(list(enumerate(value))))
        elif isinstance(value, dict):
            for key in getattr(value, "repeated", ()):
                problems.append(
                    f"{path}{_dotted(key)}: key given more than once in one object; "
                    "expected each key once"
                )
            children = []
            for key, item in value.items():
                if not is_text(key):
                    problems.append(f"{path}{_dotted(key)}: {NOT_UNICODE} in the key")
                    continue
                children.append((f"{path}{_dotted(key)}", item))
            stack.extend(reversed(children))
    return problems


def _dotted(key: str) -> str:
    part = _key_path(key)
    return part if part.startswith("[") else f".{part}"


def read_text(path: str | Path, limit: int = MAX_DOCUMENT_CHARS) -> str:
    """Read a file or ``-`` (standard input) as UTF-8; more than ``limit`` characters is refused
    after reading ``limit`` + 1 of them, so a huge input is not read whole."""
    import sys

    try:
        if str(path) == "-":
            if sys.stdin is None:
                raise EscalatieError("-: standard input is closed; expected a document on it")
            text = sys.stdin.read(limit + 1)
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read(limit + 1)
    except FileNotFoundError:
        raise EscalatieError(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise EscalatieError(f"{path}: cannot be read (not UTF-8 text: {exc.reason})") from None
    except OSError as exc:
        raise EscalatieError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(text) > limit:
        raise EscalatieError(f"{path}: {too_large(limit)}")
    return text


def load_case(path: str | Path) -> Case:
    """A case document from a file; errors name the file and the JSON path."""
    data = parse_json(read_text(path), str(path))  # its errors name the file already
    try:
        return structure(data, Case)
    except InvalidDocument as exc:
        raise InvalidDocument([f"{path}: {p}" for p in exc.problems]) from None


def case_from_json(text: str, source: str = "<case>") -> Case:
    """A case from JSON text: errors of the JSON itself name ``source``, schema errors do not
    (the caller knows where the text came from; see :func:`load_case`)."""
    return structure(parse_json(text, source), Case)


def dump_json(value: Any) -> str:
    return json.dumps(unstructure(value), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
