"""The utrecht plugin: Utrecht's four escalation models, its mailbox and board routes, a command.

The models are built when the hook runs, from the ``[utrecht]`` settings (see
:mod:`escalatie_utrecht.settings`), so a changed settings file takes effect on the next run and
a bad setting is reported as a one-line error by the command that needs the models.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from escalatie.case import Case
from escalatie.forum import Forum
from escalatie.hookspecs import hookimpl
from escalatie.model import EscalationModel
from escalatie.routes import OnwardRoute

if TYPE_CHECKING:
    from escalatie.kinds import Kind
    from escalatie.participants import InvitationParticipants

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
def escalatie_register_step_kinds(register: Callable[[Kind], None]) -> None:
    from escalatie_utrecht.citydeal import MAATWERK_TELEFOON_KIND

    register(MAATWERK_TELEFOON_KIND)


@hookimpl
def escalatie_register_routes(register: Callable[[OnwardRoute], None]) -> None:
    from escalatie_utrecht.routes import ROUTES

    for route in ROUTES:
        register(route)


@hookimpl
def escalatie_register_commands(register: Callable[[click.Command], None]) -> None:
    from escalatie_utrecht.cli import passend_alternatief

    register(passend_alternatief)


@hookimpl
def escalatie_invitation_participants(
    model: EscalationModel, forum: Forum, case: Case, meeting_index: int
) -> InvitationParticipants | None:
    """The maatwerktafel's participant policy with its rotation (seed 000, step 3); the core
    asks it for this plugin's models only."""
    from escalatie_utrecht.participants import participants_for

    return participants_for(case, forum, meeting_index).invitation()


@hookimpl
def escalatie_agenda_text(model: EscalationModel, case: Case) -> str | None:
    """Only the anonymised plan and the question (seed 000, step 3)."""
    from escalatie_utrecht.participants import agenda_text

    return agenda_text(case)
