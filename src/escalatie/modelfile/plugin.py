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

from collections.abc import Callable
from importlib.resources import files
from importlib.resources.abc import Traversable

from escalatie.hookspecs import hookimpl


class ModelFiles:
    """Registers model files shipped as package data of ``package``."""

    def __init__(self, package: str, *names: str) -> None:
        self.package = package
        self.names = names

    def paths(self) -> list[Traversable]:
        root = files(self.package)
        return [root.joinpath(*name.split("/")) for name in self.names]

    @hookimpl
    def escalatie_register_model_files(self, register: Callable[[Traversable], None]) -> None:
        for path in self.paths():
            register(path)

    def __repr__(self) -> str:
        return f"ModelFiles({self.package!r}, {', '.join(map(repr, self.names))})"
