"""Local configuration: one TOML file with a table per plugin.

A municipality configures what the seeds leave to it (the first date of a meeting series, its
holiday policy, the functional address of its process support) without changing code::

    [utrecht]
    first_date = 2026-01-05

The file is ``$ESCALATIE_CONFIG`` if set, else ``escalatie.toml`` in the user's config folder.
A missing file means defaults; a broken one is an error naming the file and the key.

One way to read a table: :func:`read` structures it into a frozen attrs class through the
project's converter (:func:`escalatie.documents.make_converter`), so unknown keys and bad values
are refused with their path (``settings [zgw.statustypen] submitted: expected …``), every
problem at once. Every table is listed in ``docs/settings.md``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from escalatie.errors import EscalatieError, InvalidDocument

if TYPE_CHECKING:
    import cattrs

    from escalatie.core_settings import EscalatieSettings as EscalatieSettings

CONFIG_ENV = "ESCALATIE_CONFIG"

T = TypeVar("T")


class SettingsError(InvalidDocument):
    """Problems in the settings file, one line each: ``settings [table] key: expected …``.

    ``table``: for unknown keys (:func:`section` with ``known``), the table without them."""

    table: dict[str, Any] | None = None


def config_path(env: Mapping[str, str] | None = None) -> str:
    """The settings file's path (text: every command reads it, and start-up imports no
    :mod:`pathlib`; messages show it as :func:`escalatie.owner_only.shown` does)."""
    env = os.environ if env is None else env
    if env.get(CONFIG_ENV):
        return env[CONFIG_ENV]
    from escalatie.userdirs import user_config_dir

    return os.path.join(user_config_dir(), "escalatie.toml")


@lru_cache(maxsize=8)
def _load(path: str, required: bool) -> dict[str, Any]:
    from escalatie.tomlfile import TomlFileError, parse_toml, read_toml_bytes

    try:
        return parse_toml(read_toml_bytes(path))
    except FileNotFoundError:
        if required:
            from escalatie.owner_only import shown

            raise EscalatieError(f"{CONFIG_ENV}: no settings file at {shown(path)}") from None
        return {}
    except TomlFileError as exc:
        from escalatie.owner_only import shown

        raise EscalatieError(f"settings file {shown(path)} {exc}") from None


def section(
    name: str, env: Mapping[str, str] | None = None, known: Iterable[str] | None = None
) -> dict[str, Any]:
    """The table ``[name]`` of the settings file, or an empty dict.

    With ``known``, a key that is not among them is an error naming it and the closest known
    key, so a typo in a settings file is never silently ignored: a :class:`SettingsError` with
    a line per unknown key, whose ``table`` holds the known keys' values, so a caller can go
    on to check those and report every problem of the table in one run (README: every problem
    in one run).
    """
    env = os.environ if env is None else env
    path = config_path(env)
    table = _load(path, bool(env.get(CONFIG_ENV))).get(name, {})
    if not isinstance(table, dict):
        from escalatie.owner_only import shown

        raise EscalatieError(f"{shown(path)}: [{name}] must be a table")
    if known is not None:
        allowed = sorted(known)
        problems = []
        for key in table:
            if key not in allowed:
                import difflib

                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                problems.append(
                    f"settings [{name}] {key}: unknown setting{hint}; expected one of "
                    + ", ".join(allowed)
                )
        if problems:
            error = SettingsError(problems)
            error.table = {k: v for k, v in table.items() if k in allowed}
            raise error
    return table


def _as_date(value: Any) -> date | None:
    """A TOML date or ISO text; a TOML date-time is not a date."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        from escalatie.timetext import TimeTextError, read_date

        try:
            return read_date(value)
        except TimeTextError:
            return None
    return None


def _show(value: Any) -> str:
    """A settings value as it reads in TOML, not as a Python repr."""
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    return repr(value)


# --- structuring a table into an attrs class -------------------------------------------------


def __getattr__(name: str) -> Any:
    """``EscalatieSettings`` (in :mod:`escalatie.core_settings`) on first use: reading a
    table (:func:`section`) imports no attrs, so listing models stays light."""
    if name == "EscalatieSettings":
        from escalatie.core_settings import EscalatieSettings

        return EscalatieSettings
    raise AttributeError(f"module 'escalatie.settings' has no attribute {name!r}")


def _unknown_setting(key: str, known: list[str]) -> Exception:
    import difflib

    from escalatie.validation import FieldError

    close = difflib.get_close_matches(str(key), known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return FieldError(
        str(key), f"unknown setting{hint}; expected one of " + ", ".join(sorted(known))
    )


def _toml_date(value: Any, _: Any) -> date:
    day = _as_date(value)
    if day is None:
        from escalatie.documents import Expected

        raise Expected(f"expected a date as YYYY-MM-DD, got {_show(value)}")
    return day


def _toml_time(value: Any, _: Any) -> time:
    if isinstance(value, time):
        return value
    from escalatie.documents import Expected

    if isinstance(value, str):
        from escalatie.timetext import TimeTextError, read_time

        try:
            return read_time(value)
        except TimeTextError as exc:
            raise Expected(str(exc)) from None
    raise Expected(f"expected a time as HH:MM, got {_show(value)}")


def _is_mapping(cls: Any) -> bool:
    import typing
    from collections.abc import Mapping as AbcMapping

    return typing.get_origin(cls) in (dict, AbcMapping)


@lru_cache(maxsize=1)
def converter() -> cattrs.Converter:
    """The project's converter (strict, unknown keys forbidden) with TOML's dates and times,
    and tables of named values (``Mapping[str, X]``) whose problems name the key."""
    import typing

    from cattrs.errors import ClassValidationError

    from escalatie.documents import Expected, _noted, make_converter

    conv = make_converter(unknown=_unknown_setting)
    enum_text = conv.get_structure_hook(str)

    def structure_text(value: Any, cls: Any) -> Any:
        if cls is str and not isinstance(value, str):
            raise Expected(f"expected text, got {_show(value)}")
        return enum_text(value, cls)

    conv.register_structure_hook(str, structure_text)
    conv.register_structure_hook(date, _toml_date)
    conv.register_structure_hook(time, _toml_time)

    def mapping_hook(cls: Any) -> Any:
        _, value_type = typing.get_args(cls)

        def structure(value: Any, _: Any) -> dict[str, Any]:
            if not isinstance(value, dict):
                raise Expected(f"expected a table, got {_show(value)}")
            out: dict[str, Any] = {}
            problems: list[Exception] = []
            for key, item in value.items():
                try:
                    out[key] = conv.structure(item, value_type)
                except Exception as exc:  # reported with its key, with the others
                    problems.append(_noted(exc, dict, str(key), value_type))
            if problems:
                raise ClassValidationError("While structuring a table", problems, dict)
            return out

        return structure

    conv.register_structure_hook_factory(_is_mapping, mapping_hook)
    return conv


def _line(name: str, problem: str) -> str:
    """``$.forums.tafel.servicenorm: …`` as ``settings [deadlines.forums.tafel] servicenorm: …``."""
    path, _, message = problem.partition(": ")
    message = message.replace("a JSON object", "a table").replace("a JSON array", "a list")
    parts = [p for p in path.removeprefix("$").split(".") if p]
    if not parts:
        return f"settings [{name}]: {message}"
    table = ".".join([name, *parts[:-1]])
    return f"settings [{table}] {parts[-1]}: {message}"


def structure(table: Mapping[str, Any], cls: type[T], name: str) -> T:
    """``cls`` (a frozen attrs class) from the settings table ``[name]``; every problem is one
    line of a :class:`SettingsError` naming its path.

    An empty table is the class's defaults, built without cattrs (what structuring ``{}``
    gives: every field its default, validators run), so a command whose settings file does
    not set the table does not import the converter (start-up, issue 16); a class whose
    defaults do not construct goes through the converter for its message."""
    if not table:
        try:
            return cls()
        except Exception:  # a field without a default, or a default refused: say it below
            pass
    from cattrs.errors import ClassValidationError, IterableValidationError

    from escalatie.documents import _problems

    try:
        return converter().structure(dict(table), cls)
    except (ClassValidationError, IterableValidationError, ValueError, TypeError) as exc:
        raise SettingsError([_line(name, p) for p in _problems(exc)]) from None


def read(name: str, cls: type[T], env: Mapping[str, str] | None = None) -> T:
    """The table ``[name]`` of the settings file as ``cls``; a missing table gives the class's
    defaults. See ``docs/settings.md`` for every table."""
    return structure(section(name, env), cls, name)
