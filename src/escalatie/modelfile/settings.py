"""Declared settings of a model file: their values, and ``${key}`` put in their place.

A model file declares under ``[settings]`` the keys a municipality may change in its table of
the settings file, each with a default; a value ``"${key}"`` anywhere in the file takes the
setting's value (see ``docs/model-files.md``).
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from escalatie.model import DeclaredSetting

_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_SETTING_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")


def _setting_default(name: str, declared: Any) -> tuple[Any, int | None]:
    if isinstance(declared, dict):
        return declared.get("default"), declared.get("minimum")
    return declared, None


def _excludes(declared: Any) -> str | None:
    """A setting that may not be given together with this one (``excludes = "every_weeks"``)."""
    other = declared.get("excludes") if isinstance(declared, dict) else None
    return other if isinstance(other, str) else None


def _at_least(minimum: int) -> Any:
    from escalatie.validation import FieldError

    def check(instance: Any, attribute: Any, value: int) -> None:
        if value < minimum:
            raise FieldError(
                attribute.name, f"expected a whole number of at least {minimum}, got {value}"
            )

    return check


def _settings_class(declared: Mapping[str, Any], where: str, problems: list[str]) -> type:
    """A frozen attrs class made from a file's ``[settings]`` declarations (each default's type
    is the setting's type), so the table is read like every other one: through the converter."""
    import attrs

    fields: dict[str, Any] = {}
    for name, spec_value in declared.items():
        if not _SETTING_NAME.fullmatch(name) or keyword.iskeyword(name):
            # attrs builds Python source from the names: only plain lower-case names go in.
            problems.append(
                f"settings.{name[:40]}: expected a setting name of lower-case letters, digits "
                "and underscores, starting with a letter (such as first_date)"
            )
            continue
        default, minimum = _setting_default(name, spec_value)
        if isinstance(default, bool):
            kind: Any = bool
        elif isinstance(default, int):
            if minimum is not None and (isinstance(minimum, bool) or not isinstance(minimum, int)):
                problems.append(f"settings.{name}.minimum: expected a whole number")
                continue
            if default < (minimum or 0):
                problems.append(
                    f"settings.{name}.default: expected a whole number of at least "
                    f"{minimum or 0} (its minimum), got {default}"
                )
                continue
            fields[name] = attrs.field(default=default, type=int, validator=_at_least(minimum or 0))
            continue
        elif isinstance(default, datetime):
            problems.append(f"settings.{name}: expected a date or a time, not both")
            continue
        elif isinstance(default, date | time | str):
            kind = type(default)
        elif isinstance(default, list) and default and all(isinstance(d, str) for d in default):
            kind, default = tuple[str, ...], tuple(default)  # a list of names, in its order
        elif isinstance(default, list):
            kind, default = tuple[date, ...], tuple(default)
        else:
            problems.append(
                f"settings.{name}: expected a default (text, number, true/false, date, time, "
                "a list of dates or a list of text), or a table with default and minimum"
            )
            continue
        fields[name] = attrs.field(default=default, type=kind)
    return attrs.make_class(f"Settings[{where}]", fields, frozen=True)


def declared_settings(declared: Mapping[str, Any]) -> tuple[DeclaredSetting, ...]:
    """The ``[settings]`` declarations as the model keeps them for ``describe``."""
    from escalatie.model import DeclaredSetting

    out = []
    for name, spec_value in declared.items():
        default, minimum = _setting_default(name, spec_value)
        shown = (
            ", ".join(_text(d) for d in default) if isinstance(default, list) else _text(default)
        )
        about = spec_value.get("description") if isinstance(spec_value, dict) else None
        out.append(
            DeclaredSetting(
                name,
                shown,
                minimum if isinstance(minimum, int) else None,
                about if isinstance(about, str) else "",
            )
        )
    return tuple(out)


def settings_values(
    declared: Mapping[str, Any], table: Mapping[str, Any], where: str, problems: list[str]
) -> dict[str, Any]:
    """Each declared setting's value: the settings file's (``table``) or the default."""
    import attrs

    from escalatie import settings as s

    for name, spec_value in declared.items():
        other = _excludes(spec_value)
        if other is not None and name in table and other in table:
            problems.append(
                f"settings [{where}] {other}: expected either {other} or {name}, not both"
            )
    cls = _settings_class(declared, where, problems)
    known = {a.name for a in attrs.fields(cls)}
    try:
        value: Any = s.structure({k: v for k, v in table.items() if k in known}, cls, where)
    except s.SettingsError as exc:
        problems.extend(exc.problems)
        value = cls()  # the defaults, so the rest of the file is still checked
    values = attrs.asdict(value, recurse=False)
    for name, item in values.items():
        if isinstance(item, tuple) and all(isinstance(d, date) for d in item):
            values[name] = sorted(set(item))  # a list of dates, sorted and without repeats
        elif isinstance(item, tuple):
            values[name] = list(item)  # a list of text keeps its order (a rotation)
    return values


def substitute(
    data: Any,
    values: Mapping[str, Any],
    path: str,
    problems: list[str],
    origins: dict[str, str] | None = None,
) -> Any:
    """``"${key}"`` becomes the setting's value; ``${key}`` inside text its text.

    ``origins`` collects, by path, the setting a whole value came from, and ``""`` for a
    placeholder naming no setting, for :func:`traced`."""
    if isinstance(data, dict):
        return {
            k: substitute(v, values, f"{path}.{k}" if path else k, problems, origins)
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [
            substitute(v, values, f"{path}[{i}]", problems, origins) for i, v in enumerate(data)
        ]
    if not isinstance(data, str) or "${" not in data:
        return data
    for name in _PLACEHOLDER.findall(data):
        if name not in values:
            problems.append(f"{path}: unknown setting '{name}' (declare it under [settings])")
            if origins is not None:
                origins[path] = ""
            return data
    whole = _PLACEHOLDER.fullmatch(data)
    if whole:
        if origins is not None:
            origins[path] = whole[1]
        return values[whole[1]]
    return _PLACEHOLDER.sub(lambda m: _text(values[m[1]]), data)


def traced(problems: list[str], origins: Mapping[str, str]) -> list[str]:
    """``problems`` as the file's author reads them: a value
    put in place from a setting names it (``runs_from (from settings.first_date): …``), since
    the typo is in ``[settings]`` or the settings file, not where it is used; a placeholder
    naming no setting keeps that one line, not a second about the placeholder's own text."""
    if not origins:
        return problems
    out = []
    for problem in problems:
        path, sep, rest = problem.partition(": ")
        setting = origins.get(path)
        if not sep or setting is None:
            out.append(problem)
        elif not setting:
            if rest.startswith("unknown setting"):
                out.append(problem)
        else:
            out.append(f"{path} (from settings.{setting}): {rest}")
    return out


def placeholders(data: Any) -> list[str]:
    """The settings a piece of the file uses through ``${key}``."""
    if isinstance(data, dict):
        return [name for v in data.values() for name in placeholders(v)]
    if isinstance(data, list):
        return [name for v in data for name in placeholders(v)]
    return _PLACEHOLDER.findall(data) if isinstance(data, str) else []


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def rhythm_settings(raw: Mapping[str, Any], forum: str) -> list[str]:
    """The settings the rhythm of ``forum`` reads in a model file's table ``raw``: its cadence
    without its holidays (closing days are not when it meets), as :func:`placeholders` finds
    them. Empty: the rhythm is the model file's own, and is changed there."""
    forums = raw.get("forums")
    for one in forums if isinstance(forums, list) else []:
        if isinstance(one, dict) and one.get("key") == forum:
            cadence = one.get("cadence")
            if isinstance(cadence, dict):
                return placeholders({k: v for k, v in cadence.items() if k != "holidays"})
    return []
