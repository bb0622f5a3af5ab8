"""The utrecht plugin: Utrecht's four escalation models, its mailbox and board routes, a command.

The models are built when the hook runs, from the ``[utrecht]`` settings (see
:mod:`escalatie_utrecht.settings`), so a changed settings file takes effect on the next run and
a bad setting is reported as a one-line error by the command that needs the models.
"""

from __future__ import annotations

from collections.abc import Callable

import click

from escalatie.hookspecs import hookimpl
from escalatie.model import EscalationModel
from escalatie.routes import OnwardRoute


def models() -> list[EscalationModel]:
    """The four Utrecht models, built from the current settings."""
    from escalatie_utrecht import citydeal, knelpuntenzorg, maatwerktafel, passend_alternatief
    from escalatie_utrecht.settings import load

    settings = load()
    return [
        maatwerktafel.build(settings),
        citydeal.build(settings),
        passend_alternatief.build(settings),
        knelpuntenzorg.build(settings),
    ]


@hookimpl
def escalatie_register_models(register: Callable[[EscalationModel], None]) -> None:
    for model in models():
        register(model)


@hookimpl
def escalatie_register_routes(register: Callable[[OnwardRoute], None]) -> None:
    from escalatie_utrecht.routes import ROUTES

    for route in ROUTES:
        register(route)


@hookimpl
def escalatie_register_commands(register: Callable[[click.Command], None]) -> None:
    from escalatie_utrecht.cli import passend_alternatief

    register(passend_alternatief)
