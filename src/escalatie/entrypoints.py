"""The installed plugins' entry points, read without importing :mod:`importlib.metadata`.

Importing ``importlib.metadata`` (email, zipfile, csv, …) and scanning every distribution costs
about half of what ``python -c "import click, pluggy"`` costs (measured in
``docs/benchmarks.md``), on every command. The entry points of one group are in the
``entry_points.txt`` of each ``*.dist-info`` or ``*.egg-info`` folder on ``sys.path``, so this
module reads those files itself, the way ``importlib.metadata.entry_points(group=...)`` finds
them: ``sys.path`` in order, folders in the order the file system lists them, the first
distribution of a name wins.

Where that reading could differ from ``importlib.metadata`` (a zip file on ``sys.path``, or a
finder on ``sys.meta_path`` that reports distributions of its own), :func:`entry_points` asks
``importlib.metadata`` instead. ``tests/core/test_entrypoints.py`` compares both.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any, NamedTuple

_SUFFIXES = (".dist-info", ".egg-info")
_VALUE = r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?(\[.*\]\s*)?$"
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.")
"""ASCII characters ``[\\w.]`` matches: a value of them, with at most one colon between two
non-empty parts, is split without compiling ``_VALUE`` (0.3 M instructions a pattern, at
every command; issue 16, start-up). Anything else goes through the pattern."""


def _module_and_attr(value: str) -> tuple[str, str] | None:
    """``(module, attr)`` of an entry point's value as ``_VALUE`` reads it (``attr`` "" when
    there is none), or None when it does not match."""
    module, colon, attr = value.partition(":")
    if module and _PLAIN.issuperset(module) and (not colon or (attr and _PLAIN.issuperset(attr))):
        return module, attr
    match = re.match(_VALUE, value)
    if match is None:
        return None
    return match.group("module"), match.group("attr") or ""


class EntryPoint(NamedTuple):
    """One entry point: what ``importlib.metadata.EntryPoint`` offers the plugin manager."""

    name: str
    value: str
    group: str
    folder: str
    """The distribution's metadata folder (``….dist-info``)."""

    def load(self) -> Any:
        """Import the module and return the object the value names (``module:attr.attr``)."""
        import importlib

        parts = _module_and_attr(self.value)
        if parts is None:
            raise ValueError(f"entry point {self.name}: {self.value!r} is not module:attribute")
        module, attr = parts
        found: Any = importlib.import_module(module)
        for part in attr.split(".") if attr else ():
            found = getattr(found, part)
        return found

    @property
    def dist(self) -> Any:
        """The distribution (name, version), read from its metadata when asked."""
        from importlib.metadata import PathDistribution
        from pathlib import Path

        return PathDistribution(Path(self.folder))


def _normalised(folder_name: str) -> str:
    """The distribution name of ``name-1.0.dist-info`` as importlib.metadata compares it."""
    name = folder_name.lower().rpartition(".")[0].partition("-")[0]
    if "." not in name and "__" not in name:  # nothing to replace (the name has no "-")
        return name
    return re.sub(r"[-_.]+", "_", name)


def _own_reading_applies() -> bool:
    """Whether every place distributions come from is a folder the plain reading covers (no
    zip file or egg on ``sys.path``, no finder of its own reporting distributions)."""
    from importlib.machinery import PathFinder

    for finder in sys.meta_path:
        if finder is not PathFinder and hasattr(finder, "find_distributions"):
            return False
    return not any(
        entry.lower().endswith(".egg") or os.path.isfile(entry) for entry in sys.path if entry
    )


def _parse(text: str, group: str) -> list[tuple[str, str]]:
    """The ``name = value`` lines of section ``[group]`` of an ``entry_points.txt``."""
    out: list[tuple[str, str]] = []
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[]")
            continue
        if section == group and "=" in line:
            name, _, value = line.partition("=")
            out.append((name.strip(), value.strip()))
    return out


_distributions: dict[str, str] = {}
"""The metadata folder of each distribution the last plain reading found, first of a name on
``sys.path`` (what ``importlib.metadata`` finds): :func:`distribution_folder`."""


def distribution_folder(name: str) -> str | None:
    """The metadata folder (``…/attrs-25.1.0.dist-info``) of distribution ``name`` as the
    plain reading of entry points found it in this process; None when it has not read them
    (or handed over to ``importlib.metadata``), or found no such distribution."""
    return _distributions.get(_normalised(name + "-.dist-info"))


def entry_points(group: str) -> list[EntryPoint]:
    """The entry points of ``group`` of every installed distribution, first of a name wins."""
    if not _own_reading_applies():
        from importlib import metadata

        return [
            EntryPoint(ep.name, ep.value, group, str(getattr(ep.dist, "_path", "")))
            for ep in metadata.entry_points(group=group)
        ]
    seen: set[str] = set()
    found: list[EntryPoint] = []
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if not name.lower().endswith(_SUFFIXES):
                continue
            dist = _normalised(name)
            if dist in seen:
                continue
            seen.add(dist)
            path = os.path.join(folder, name)
            _distributions[dist] = path
            file = f"{path}{os.sep}entry_points.txt"
            # Most distributions declare no entry points: asked first, without the exception
            # a failed open() raises (1.5 M instructions of every command, issue 16).
            if not os.access(file, os.F_OK):
                continue
            try:
                with open(file, encoding="utf-8") as handle:
                    text = handle.read()
            except OSError:  # not readable, or an .egg-info file rather than a folder
                continue
            found += [EntryPoint(n, v, group, path) for n, v in _parse(text, group)]
    return found
