"""Reading model files: TOML in, :class:`~escalatie.model.EscalationModel` out, every problem named.

Steps, each collecting problems instead of stopping at the first:

1. read the TOML (:func:`read_toml`, in the light :mod:`escalatie.modelfile.reading`);
2. lay the file over the model it ``extends`` (:mod:`escalatie.modelfile.merge`, driven by
   :mod:`escalatie.modelfile.catalog`);
3. put the declared settings in place (:mod:`escalatie.modelfile.settings`);
4. compile the rules (:mod:`escalatie.modelfile.rules`) and structure the rest through the
   project's converter (:func:`structure_spec`, :mod:`escalatie.documents`), unknown keys
   refused;
5. build the domain objects and check what refers to what (:mod:`escalatie.modelfile.build`).

Every problem is one line ``FILE: path: message`` (:class:`ModelFileError`).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import cattrs

from escalatie.documents import Expected, _problems, make_converter
from escalatie.modelfile import spec
from escalatie.modelfile.reading import ModelFileError, Readable, read_toml
from escalatie.modelfile.vocabulary import LoadedModel, Vocabulary
from escalatie.routes import OnwardRoute

__all__ = [
    "LoadedModel",
    "ModelFileError",
    "Readable",
    "Vocabulary",
    "core_vocabulary",
    "load_route_file",
    "read_toml",
    "structure_spec",
]


# --- structuring --------------------------------------------------------------------------------


def _converter() -> cattrs.Converter:
    """The project's converter, reading TOML's own dates and times as well as ISO text."""
    conv = make_converter()
    date_hook = conv.get_structure_hook(date)
    time_hook = conv.get_structure_hook(time)

    def structure_date(value: Any, cls: Any) -> date:
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, datetime):
            raise Expected(f"expected a date as YYYY-MM-DD, got {value.isoformat()}")
        return date_hook(value, cls)  # type: ignore[no-any-return]

    def structure_time(value: Any, cls: Any) -> time:
        if isinstance(value, time):
            return value
        return time_hook(value, cls)  # type: ignore[no-any-return]

    def structure_source(value: Any, cls: Any) -> spec.SourceRef:
        if isinstance(value, str):
            return spec.SourceRef(value)
        if not isinstance(value, dict):
            raise Expected('expected a document key such as "002" or a table {document, section}')
        return source_inner(value, cls)  # type: ignore[no-any-return]

    def structure_closing(value: Any, cls: Any) -> spec.ClosingDaySpec:
        if isinstance(value, date | str):
            return spec.ClosingDaySpec(structure_date(value, date))
        return closing_inner(value, cls)  # type: ignore[no-any-return]

    source_inner = conv.get_structure_hook(spec.SourceRef)
    closing_inner = conv.get_structure_hook(spec.ClosingDaySpec)
    conv.register_structure_hook(date, structure_date)
    conv.register_structure_hook(time, structure_time)
    conv.register_structure_hook(spec.SourceRef, structure_source)
    conv.register_structure_hook(spec.ClosingDaySpec, structure_closing)
    conv.register_structure_hook(spec.RuleItem, lambda value, _: spec.RuleItem(value))
    conv.register_structure_hook(Any, lambda value, _: value)
    return conv


_CONVERTER: cattrs.Converter | None = None


def structure_spec(data: Any, cls: type[Any], problems: list[str], prefix: str = "") -> Any:
    """``data`` as ``cls``, or None with one problem per field (path without ``$.``, after
    ``prefix``)."""
    global _CONVERTER
    if _CONVERTER is None:
        _CONVERTER = _converter()
    try:
        return _CONVERTER.structure(data, cls)
    except Exception as exc:  # cattrs gives validation errors as exception groups
        for line in _problems(exc):
            path, _, message = line.partition(": ")
            path = path.removeprefix("$").removeprefix(".")
            if prefix:
                path = f"{prefix}.{path}" if path and not path.startswith("[") else prefix + path
            problems.append(f"{path or '(top level)'}: {message}")
        return None


def core_vocabulary() -> Vocabulary:
    """The core's kinds and predicates only: what a route file of the core may name."""
    from escalatie.kinds import core_forum_kinds, core_step_kinds

    return Vocabulary(frozenset(core_step_kinds()), frozenset(core_forum_kinds()), {}, frozenset())


def load_route_file(
    source: Readable, label: str, expressions: dict[int, Any] | None = None
) -> list[OnwardRoute]:
    """The routes of a route file, compiled with the core's vocabulary (``expressions``: see
    :class:`~escalatie.modelfile.rules.RuleCompiler`)."""
    from escalatie.modelfile.build import build_route_file

    try:
        return build_route_file(read_toml(source, label), core_vocabulary(), expressions)
    except ModelFileError as exc:
        if exc.problems and exc.problems[0].startswith(label):
            raise
        raise ModelFileError([f"{label}: {p}" for p in exc.problems]) from None
