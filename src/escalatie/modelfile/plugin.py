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

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from escalatie.hookspecs import hookimpl

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable
    from pathlib import Path

    from escalatie.modelfile.reading import FileOnDisk


def package_files(package: str, *names: str) -> list[FileOnDisk | Traversable]:
    """Files shipped inside ``package`` (``"models/zeewolde.toml"``), for reading: what a
    plugin registers (``escalatie_register_model_files``).

    A package installed as files on disk (the usual case) gives each file as a
    :class:`~escalatie.modelfile.reading.FileOnDisk`, read with the care of
    :mod:`escalatie.tomlfile`, without importing :mod:`pathlib` (with ``urllib.parse`` and
    ``ipaddress``, 14 M instructions of every command's start-up, issue 16); only a package
    inside a zip file goes through ``importlib.resources``, whose import (with ``zipfile``)
    would cost every command several milliseconds."""
    module = sys.modules.get(package)
    if module is None:
        import importlib

        module = importlib.import_module(package)
    origin = getattr(module, "__file__", None)
    if origin and getattr(module, "__path__", None):
        root = os.path.dirname(origin)
        if os.path.isdir(root):
            from escalatie.modelfile.reading import FileOnDisk

            return [FileOnDisk(os.path.join(root, *name.split("/"))) for name in names]
    from importlib.resources import files

    found = files(package)
    return [found.joinpath(*name.split("/")) for name in names]


def package_data(package: str, *names: str) -> list[Path | Traversable]:
    """The files of :func:`package_files` as paths (:class:`pathlib.Path`) where they are on
    disk."""
    from pathlib import Path

    return [Path(f) if isinstance(f, os.PathLike) else f for f in package_files(package, *names)]


class ModelFiles:
    """Registers model files shipped as package data of ``package``."""

    def __init__(self, package: str, *names: str) -> None:
        self.package = package
        self.names = names

    def paths(self) -> list[Path | Traversable]:
        """The files, as paths where they are on disk (:func:`package_data`)."""
        return package_data(self.package, *self.names)

    @hookimpl
    def escalatie_register_model_files(
        self, register: Callable[[FileOnDisk | Traversable], None]
    ) -> None:
        for file in package_files(self.package, *self.names):
            register(file)

    def __repr__(self) -> str:
        return f"ModelFiles({self.package!r}, {', '.join(map(repr, self.names))})"
