"""The optional functions a model's plugin may expose to shape its invitations.

Not pluggy hooks: they belong to the plugin that registered the model, so the calendar looks
them up by name, first on the plugin module itself (``EscalationModel.plugin`` names it in the
plugin manager), then on the ``participants`` module of the plugin's package
(``escalatie_utrecht.participants`` for the Utrecht plugin):

``participants_for(case: Case, forum: Forum, meeting_index: int) -> result``
    Who is invited for one pseudonymised case at the ``meeting_index``-th meeting of the forum
    (0-based, counting every date of its series since the earliest first date, days off
    included, so a rotation does not shift when a table is skipped). ``result.organisations``
    lists the organisations to invite; if ``result.invited`` holds items with ``name`` and
    ``expected``, expected ones are REQ-PARTICIPANT and others OPT-PARTICIPANT (rotation picks
    are required); ``result.not_needed`` lists organisations to tell they are not needed.
    The submitting organisation of each case is invited in any case: it brings the case in.
``agenda_text(case: Case) -> str``
    The Dutch agenda block for one pseudonymised case (question and anonymised plan).

Without them the calendar uses :func:`~escalatie.calendar.attendees.default_participants` and
:func:`~escalatie.calendar.agenda.case_block`. An invitation without cases always uses the
default (the forum's policy and rotation), since the plugin decides per case.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable
from typing import Any, Protocol

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
from escalatie.plugins import Registry

PARTICIPANTS_FUNCTION = "participants_for"
AGENDA_FUNCTION = "agenda_text"


class CaseParticipants(Protocol):
    @property
    def organisations(self) -> Iterable[str]: ...


class PerCaseParticipants(Protocol):
    def __call__(self, case: Case, forum: Forum, meeting_index: int) -> CaseParticipants: ...


@frozen
class PluginHooks:
    """What a plugin contributes to invitations; None where it relies on the default."""

    participants: ParticipantsFunction | None = None
    agenda: AgendaFunction | None = None


def per_case(function: PerCaseParticipants) -> ParticipantsFunction:
    """Turn a plugin's per-case ``participants_for`` into a participants function."""

    def participants(context: MeetingContext) -> list[Invitee]:
        if not context.cases:
            return default_participants(context)
        out: list[Invitee] = []
        for case in context.cases:
            if case.submitter.organisation:
                out.append(Invitee(case.submitter.organisation, REQUIRED, "submits a case"))
            result = function(case, context.forum, context.occurrence.index)
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


def _lookup(owner: Any, name: str) -> Any:
    found = getattr(owner, name, None)
    return found if callable(found) else None


def _participants_module(plugin: Any) -> Any:
    package = getattr(plugin, "__package__", None)
    if not package:
        return None
    name = f"{package}.participants"
    try:
        if importlib.util.find_spec(name) is None:
            return None
    except (ImportError, ValueError):
        return None
    return importlib.import_module(name)


def plugin_hooks(registry: Registry, model: EscalationModel) -> PluginHooks:
    """The calendar functions the plugin that registered ``model`` defines, if any."""
    plugin = registry.pm.get_plugin(model.plugin) if model.plugin else None
    if plugin is None:
        return PluginHooks()
    owners = [plugin, _participants_module(plugin)]
    participants = next(
        (f for o in owners if (f := _lookup(o, PARTICIPANTS_FUNCTION)) is not None), None
    )
    agenda = next((f for o in owners if (f := _lookup(o, AGENDA_FUNCTION)) is not None), None)
    return PluginHooks(per_case(participants) if participants is not None else None, agenda)
