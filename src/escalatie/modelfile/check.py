"""``escalatie model check``: every problem of a model file, against what is installed."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from escalatie.modelfile.build import build_route_file
from escalatie.modelfile.catalog import FILE_PLUGIN, Catalog, ModelFile
from escalatie.modelfile.load import ModelFileError
from escalatie.plugins import Registry


def check_file(registry: Registry, path: str) -> list[str]:
    """One line per problem, ``FILE: path: message``; empty when the file is sound."""
    file = ModelFile(path, Path(path), FILE_PLUGIN)
    if not Path(path).is_file():
        return [f"{path}: no such file"]
    try:
        others = [f for f in registry.model_files if f.path != file.path]
        catalog = Catalog(
            [*others, file],
            registry.python_models,
            registry.vocabulary,
            lambda name, known: _settings(registry, name, known),
        )
        raw = catalog.raw(file)
        installed = next((f.label for f in registry.model_files if f.path == file.path), None)
        clashes = [] if _core_route_file(file) else route_clashes(registry, path, raw, installed)
        if "name" not in raw and "routes" in raw and "ladder" not in raw:
            build_route_file(raw, registry.vocabulary())
            return clashes
        problems = clashes
        name = raw.get("name")
        owner = _installed(registry, catalog, others).get(name) if isinstance(name, str) else None
        if owner is not None:
            problems.append(
                f"{path}: name: '{name}' is already the name of an installed model ({owner}); "
                "give the file a name of its own"
            )
        try:
            catalog.load(file)
        except ModelFileError as exc:
            problems += exc.problems
        return problems
    except ModelFileError as exc:
        if all(p.startswith(path) for p in exc.problems):
            return exc.problems
        return [f"{path}: {p}" for p in exc.problems]


def placeholder_warnings(path: str) -> list[str]:
    """One line per document of a sound file that still has the starter's placeholder
    identifier, ``FILE: documents.KEY: …``: its rules cite a document the municipality has not
    named yet (the starter does not speak for the municipality); and one line naming
    every value that still holds the starter's example text (:data:`EXAMPLE_MARK`)."""
    from escalatie.modelfile.starter import (
        EXAMPLE_MARK,
        PLACEHOLDER_IDENTIFIER,
        example_texts,
        placeholders,
    )
    from escalatie.tomlfile import parse_toml, read_toml_bytes

    try:
        raw = parse_toml(read_toml_bytes(Path(path)))
    except (OSError, ValueError):
        return []  # check_file has said what is wrong with the file
    lines = [
        f"{path}: {where}: identifier {PLACEHOLDER_IDENTIFIER} is the starter's placeholder;"
        " cite your own policy document (its title, year and CVDR number or URL)"
        for where in placeholders(raw)
    ]
    agreements = raw.get("agreements")
    if (
        "ladder" in raw
        and "extends" not in raw
        and not (isinstance(agreements, dict) and "required_to_close" in agreements)
    ):
        # The default is Utrecht's rule (seed 000, stap 5); a municipality's file should say
        # its own.
        lines.append(
            f"{path}: agreements.required_to_close: not stated, so true (case close refuses "
            "resolved and partly_resolved without agreements and a lead); state what your own "
            "policy document says"
        )
    marked = example_texts(raw)
    if marked:
        lines.append(
            f"{path}: {', '.join(marked)}: the starter's example text, marked {EXAMPLE_MARK}; "
            "replace it with what your own policy document says"
        )
    return lines


def check_installed(registry: Registry, only: str | None = None) -> tuple[list[str], list[str]]:
    """Every installed model file compiled (``escalatie model check`` without files), or only
    those of the model named ``only`` (``-m NAME model check``): the labels of the sound files,
    and one line per problem (names given twice included)."""
    catalog = registry.catalog()
    sound: list[str] = []
    problems: list[str] = []
    for file in catalog.files:
        if only is not None and (catalog.read(file) or {}).get("name") != only:
            continue
        clashes = route_clashes(registry, file.label, catalog.read(file) or {}, file.label)
        try:
            catalog.load(file)
            if not clashes:
                sound.append(file.label)
        except ModelFileError as exc:
            problems += exc.problems
        problems += clashes
    for name, sources in registry.index().items():
        if len(sources) > 1 and only in (None, name):
            problems.append(f"model {name!r}: contributed by both {sources[0]} and {sources[1]}")
    return sound, list(dict.fromkeys(problems))


def route_clashes(
    registry: Registry, label: str, raw: Mapping[str, Any], besides: str | None
) -> list[str]:
    """One line per ``[[routes]]`` key of a file that a plugin or another installed model file
    declares already, naming both. Such a file compiles on its own, but a route is found by its
    key, so selecting it, ``compare`` and every command over all models refuse it
    (docs/model-files.md, routes); ``model check`` is where it is caught."""
    routes = raw.get("routes")
    if not isinstance(routes, list):
        return []
    lines = []
    for i, item in enumerate(routes):
        key = item.get("key") if isinstance(item, dict) else None
        owner = registry.route_owner(key, besides) if isinstance(key, str) else None
        if owner is not None:
            lines.append(
                f"{label}: routes[{i}].key: '{key}' is already the key of a route of {owner}; "
                "give the route a key of its own"
            )
    return lines


def _core_route_file(file: ModelFile) -> bool:
    """Whether ``file`` is the core's route file, whose routes a plugin registers: they are
    its own, not a collision."""
    from escalatie.builtin.national_routes import ROUTE_FILE

    return Path(str(ROUTE_FILE)).resolve() == file.path


def _installed(registry: Registry, catalog: Catalog, files: list[ModelFile]) -> dict[str, str]:
    """Installed model names, and where each comes from."""
    out = {name: f"plugin {m.plugin}" for name, m in registry.python_models.items()}
    for f in files:
        name = (catalog.read(f) or {}).get("name")
        if isinstance(name, str):
            out.setdefault(name, f.label)
    return out


def _settings(registry: Registry, name: str, known: object) -> dict[str, object]:
    from escalatie.settings import section

    return section(name, registry.env, known=known)  # type: ignore[arg-type]
