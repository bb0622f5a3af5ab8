"""A plugin that ships model files and nothing else, in one line of an entry point.

::

    # escalatie_zeewolde/__init__.py
    from escalatie.modelfile.plugin import ModelFiles
    zeewolde = ModelFiles("escalatie_zeewolde", "zeewolde.toml")

    # pyproject.toml
    [project.entry-points.escalatie]
    zeewolde = "escalatie_zeewolde:zeewolde"
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from escalatie.hookspecs import hookimpl

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


def package_data(package: str, *names: str) -> list[Path | Traversable]:
    """Files shipped inside ``package`` (``"models/zeewolde.toml"``), for reading.

    A package installed as files on disk (the usual case) gives plain paths, read with the
    care of :mod:`escalatie.tomlfile`; only a package inside a zip file goes through
    ``importlib.resources``, whose import (with ``zipfile``) would cost every command
    several milliseconds of start-up (issue 16)."""
    module = sys.modules.get(package)
    if module is None:
        import importlib

        module = importlib.import_module(package)
    origin = getattr(module, "__file__", None)
    if origin and getattr(module, "__path__", None) and Path(origin).parent.is_dir():
        root = Path(origin).parent
        return [root.joinpath(*name.split("/")) for name in names]
    from importlib.resources import files

    found = files(package)
    return [found.joinpath(*name.split("/")) for name in names]


class ModelFiles:
    """Registers model files shipped as package data of ``package``."""

    def __init__(self, package: str, *names: str) -> None:
        self.package = package
        self.names = names

    def paths(self) -> list[Path | Traversable]:
        return package_data(self.package, *self.names)

    @hookimpl
    def escalatie_register_model_files(
        self, register: Callable[[Path | Traversable], None]
    ) -> None:
        for path in self.paths():
            register(path)

    def __repr__(self) -> str:
        return f"ModelFiles({self.package!r}, {', '.join(map(repr, self.names))})"
