"""The examples plugin: four municipalities' models, their board routes and seed 002's cases.

Models are built when the hook runs, from each municipality's table in the settings file
(``[helmond]``, ``[rotterdam]``, ``[groningen]``, ``[hlt]``), so a changed cadence needs no code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from escalatie.hookspecs import hookimpl

if TYPE_CHECKING:
    from escalatie.examples import ExampleCase
    from escalatie.model import EscalationModel
    from escalatie.routes import OnwardRoute

SETTINGS_SECTIONS = {
    "helmond": "escalatie_examples.helmond",
    "rotterdam": "escalatie_examples.rotterdam",
    "groningen": "escalatie_examples.groningen",
    "hlt": "escalatie_examples.hlt",
}
"""Settings table → the module that builds that municipality's model."""


@hookimpl
def escalatie_register_models(register: Callable[[EscalationModel], None]) -> None:
    import importlib

    from escalatie.settings import section
    from escalatie_examples.common import SETTING_KEYS

    for table, module in SETTINGS_SECTIONS.items():
        register(importlib.import_module(module).build(section(table, known=SETTING_KEYS)))


@hookimpl
def escalatie_register_routes(register: Callable[[OnwardRoute], None]) -> None:
    from escalatie_examples import groningen, helmond, hlt

    register(helmond.BOARD_ROUTE_DEF)
    register(groningen.BOARD_ROUTE_DEF)
    register(hlt.VERTROUWENSPERSOON_ROUTE_DEF)
    register(hlt.OMBUDSMAN_ROUTE_DEF)


@hookimpl
def escalatie_register_example_cases(register: Callable[[ExampleCase], None]) -> None:
    from escalatie_examples.cases import load_examples

    for example in load_examples():
        register(example)
