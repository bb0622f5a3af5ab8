"""A plugin built from values, for tests: ``inline_plugin(models=[...], routes=[...])``.

Registered with the ``escalatie_plugin`` fixture (or ``pm.register``), it contributes exactly
the given models, onward routes and example cases, like tox's inline plugins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from escalatie.examples import ExampleCase
from escalatie.hookspecs import hookimpl
from escalatie.model import EscalationModel
from escalatie.routes import OnwardRoute


class InlinePlugin:
    """Contributes fixed models, routes and example cases through the register hooks."""

    def __init__(
        self,
        models: Iterable[EscalationModel] = (),
        routes: Iterable[OnwardRoute] = (),
        examples: Iterable[ExampleCase] = (),
    ) -> None:
        self.models = tuple(models)
        self.routes = tuple(routes)
        self.examples = tuple(examples)

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
) -> InlinePlugin:
    return InlinePlugin(models, routes, examples)
