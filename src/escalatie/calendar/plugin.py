"""What plugins contribute to invitations, through two hooks (see ``docs/hooks.md``).

``escalatie_invitation_participants(model, forum, case, meeting_index)`` says who is invited for
one pseudonymised case; ``escalatie_agenda_text(model, case)`` words its Dutch agenda block.
The core asks only the plugin that contributed the model (its ``plugin`` stamp). Without an
answer the calendar uses :func:`~escalatie.calendar.attendees.default_participants`
and :func:`~escalatie.calendar.agenda.case_block`. An invitation without cases always uses the
default (the forum's policy and rotation), since the plugins decide per case.
"""

from __future__ import annotations

from typing import Protocol

import attrs
from attrs import frozen

from escalatie.calendar.agenda import AgendaFunction
from escalatie.calendar.attendees import (
    OPTIONAL,
    REQUIRED,
    Invitee,
    MeetingContext,
    ParticipantsFunction,
    default_participants,
)
from escalatie.case import Case
from escalatie.forum import Forum
from escalatie.model import EscalationModel
from escalatie.participants import InvitationParticipants
from escalatie.plugins import Registry


class PerCaseParticipants(Protocol):
    def __call__(
        self, case: Case, forum: Forum, meeting_index: int
    ) -> InvitationParticipants | None: ...


@frozen
class PluginHooks:
    """What a plugin contributes to invitations; None where it relies on the default."""

    participants: ParticipantsFunction | None = None
    agenda: AgendaFunction | None = None


def per_case(function: PerCaseParticipants) -> ParticipantsFunction:
    """Turn a per-case answer into a participants function; no answer: the default for it."""

    def participants(context: MeetingContext) -> list[Invitee]:
        if not context.cases:
            return default_participants(context)
        out: list[Invitee] = []
        for case in context.cases:
            result = function(case, context.forum, context.occurrence.index)
            if result is None:
                out.extend(default_participants(attrs.evolve(context, cases=(case,))))
                continue
            if case.submitter.organisation:
                out.append(Invitee(case.submitter.organisation, REQUIRED, "submits a case"))
            for invited in result.invited:
                role = REQUIRED if invited.required else OPTIONAL
                why = f"{invited.reason} ({case.reference})"
                out.append(Invitee(invited.organisation, role, why))
            for name in result.not_needed:
                out.append(Invitee(name, OPTIONAL, f"not needed for {case.reference}", False))
        return out

    return participants


def plugin_hooks(registry: Registry, model: EscalationModel) -> PluginHooks:
    """The invitation functions the plugin that contributed ``model`` implements (its
    ``plugin`` stamp: the core asks no other plugin); None where it relies on the default."""
    hooks = registry.hooks
    participants = None
    if hooks.answers_for("escalatie_invitation_participants", model):

        def ask(case: Case, forum: Forum, meeting_index: int) -> InvitationParticipants | None:
            return hooks.invitation_participants(model, forum, case, meeting_index)

        participants = per_case(ask)
    agenda = None
    if hooks.answers_for("escalatie_agenda_text", model):

        def block(case: Case) -> str | None:
            # None: the agenda falls back to case_block for the meeting's own forum, so a
            # forum that is not a table is not asked a "Vraag aan de tafel"
            return hooks.agenda_text(model, case)

        agenda = block
    return PluginHooks(participants, agenda)
