"""The example plugins: four municipalities' models as model files, and seed 002's cases.

Each municipality is its own plugin (entry points ``helmond``, ``rotterdam``, ``groningen``,
``hlt``), so ``ESCALATIE_PLUGINS=-helmond`` removes Helmond alone; the example cases are the
plugin ``examples`` (this module). The models are data: ``models/*.toml``, with their settings
keys declared in the files (``[helmond]`` etc. in the settings file override the defaults).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from escalatie.hookspecs import hookimpl
from escalatie.modelfile.plugin import ModelFiles

if TYPE_CHECKING:
    from escalatie.api import ExampleCase

helmond = ModelFiles("escalatie_examples", "models/helmond.toml")
rotterdam = ModelFiles("escalatie_examples", "models/rotterdam.toml")
groningen = ModelFiles("escalatie_examples", "models/groningen.toml")
hlt = ModelFiles("escalatie_examples", "models/hlt.toml")


@hookimpl
def escalatie_register_example_cases(register: Callable[[ExampleCase], None]) -> None:
    from escalatie_examples.cases import load_examples

    for example in load_examples():
        register(example)
