"""A plugin built from values, for tests: ``inline_plugin(models=[...], routes=[...])``.

Registered with the ``escalatie_plugin`` fixture (or ``pm.register``), it contributes exactly
the given models, onward routes, example cases and CLI commands, like tox's inline plugins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import click

from escalatie.examples import ExampleCase
from escalatie.hookspecs import hookimpl
from escalatie.model import EscalationModel
from escalatie.routes import OnwardRoute


class InlinePlugin:
    """Contributes fixed models, routes, example cases and commands through the register hooks."""

    def __init__(
        self,
        models: Iterable[EscalationModel] = (),
        routes: Iterable[OnwardRoute] = (),
        examples: Iterable[ExampleCase] = (),
        commands: Iterable[click.Command] = (),
    ) -> None:
        self.models = tuple(models)
        self.routes = tuple(routes)
        self.examples = tuple(examples)
        self.commands = tuple(commands)

    @hookimpl
    def escalatie_register_commands(self, register: Callable[[click.Command], None]) -> None:
        for command in self.commands:
            register(command)

    @hookimpl
    def escalatie_register_models(self, register: Callable[[EscalationModel], None]) -> None:
        for model in self.models:
            register(model)

    @hookimpl
    def escalatie_register_routes(self, register: Callable[[OnwardRoute], None]) -> None:
        for route in self.routes:
            register(route)

    @hookimpl
    def escalatie_register_example_cases(self, register: Callable[[ExampleCase], None]) -> None:
        for example in self.examples:
            register(example)


def inline_plugin(
    models: Iterable[EscalationModel] = (),
    routes: Iterable[OnwardRoute] = (),
    examples: Iterable[ExampleCase] = (),
    commands: Iterable[click.Command] = (),
) -> InlinePlugin:
    """A plugin that contributes exactly these values; register it with ``escalatie_plugin``."""
    return InlinePlugin(models, routes, examples, commands)
