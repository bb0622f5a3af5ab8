"""The optional functions a model's plugin may expose to shape its invitations.

Not pluggy hooks: they belong to one model's plugin, so the calendar looks them up on the
module that registered the model (``EscalationModel.plugin`` names it in the plugin manager):

- ``calendar_participants(context: MeetingContext) -> Iterable[Invitee]``: who is invited;
- ``calendar_agenda(case: Case) -> str``: the Dutch agenda block for one pseudonymised case.

A plugin without them gets :func:`~escalatie.calendar.attendees.default_participants` and
:func:`~escalatie.calendar.agenda.case_block`.
"""

from __future__ import annotations

from attrs import frozen

from escalatie.calendar.agenda import AGENDA_FUNCTION, AgendaFunction
from escalatie.calendar.attendees import PARTICIPANTS_FUNCTION, ParticipantsFunction
from escalatie.model import EscalationModel
from escalatie.plugins import Registry


@frozen
class PluginHooks:
    participants: ParticipantsFunction | None = None
    agenda: AgendaFunction | None = None


def plugin_hooks(registry: Registry, model: EscalationModel) -> PluginHooks:
    """The calendar functions the plugin that registered ``model`` defines, if any."""
    plugin = registry.pm.get_plugin(model.plugin) if model.plugin else None
    if plugin is None:
        return PluginHooks()
    participants = getattr(plugin, PARTICIPANTS_FUNCTION, None)
    agenda = getattr(plugin, AGENDA_FUNCTION, None)
    return PluginHooks(
        participants if callable(participants) else None,
        agenda if callable(agenda) else None,
    )
