"""What plugins contribute to invitations, through two hooks (see ``docs/hooks.md``).

``escalatie_invitation_participants(model, forum, case, meeting_index)`` says who is invited for
one pseudonymised case; ``escalatie_agenda_text(model, case)`` words its Dutch agenda block.
Without an answer the calendar uses :func:`~escalatie.calendar.attendees.default_participants`
and :func:`~escalatie.calendar.agenda.case_block`. An invitation without cases always uses the
default (the forum's policy and rotation), since the plugins decide per case.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import attrs
from attrs import frozen

from escalatie.calendar.agenda import AgendaFunction, case_block
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
from escalatie.plugins import Registry


class CaseParticipants(Protocol):
    @property
    def organisations(self) -> Iterable[str]: ...


class PerCaseParticipants(Protocol):
    def __call__(self, case: Case, forum: Forum, meeting_index: int) -> CaseParticipants | None: ...


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
            expected = {
                getattr(item, "name", None): bool(getattr(item, "expected", True))
                for item in getattr(result, "invited", ())
            }
            for name in result.organisations:
                role = REQUIRED if expected.get(name, True) else OPTIONAL
                why = "expected" if name in expected else "rotation"
                out.append(Invitee(name, role, f"{why} ({case.reference})"))
            for name in getattr(result, "not_needed", ()):
                out.append(Invitee(name, OPTIONAL, f"not needed for {case.reference}", False))
        return out

    return participants


def plugin_hooks(registry: Registry, model: EscalationModel) -> PluginHooks:
    """The invitation functions plugins contribute for ``model``; None where none answers."""
    hook = registry.pm.hook
    participants = None
    if hook.escalatie_invitation_participants.get_hookimpls():

        def ask(case: Case, forum: Forum, meeting_index: int) -> CaseParticipants | None:
            found: CaseParticipants | None = hook.escalatie_invitation_participants(
                model=model, forum=forum, case=case, meeting_index=meeting_index
            )
            return found

        participants = per_case(ask)
    agenda = None
    if hook.escalatie_agenda_text.get_hookimpls():

        def block(case: Case) -> str:
            text: str | None = hook.escalatie_agenda_text(model=model, case=case)
            return text if text is not None else case_block(case)

        agenda = block
    return PluginHooks(participants, agenda)
