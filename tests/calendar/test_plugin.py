"""The invitation hooks: a plugin decides who is invited and words the agenda for its models."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from escalatie.calendar import invitation, plugin_hooks
from escalatie.case import Case
from escalatie.clock import AMSTERDAM, fixed_clock
from escalatie.forum import Forum
from escalatie.hookspecs import hookimpl
from escalatie.model import EscalationModel
from escalatie.participants import InvitationParticipants, Invited
from escalatie.plugins import Registry, make_plugin_manager
from escalatie.privacy import pseudonym


class OwnPlugin:
    def __init__(self, model: EscalationModel) -> None:
        self.model = model
        self.calls: list[tuple[str, str, int]] = []

    @hookimpl
    def escalatie_register_models(self, register: Any) -> None:
        register(self.model)

    @hookimpl
    def escalatie_invitation_participants(
        self, model: EscalationModel, forum: Forum, case: Case, meeting_index: int
    ) -> InvitationParticipants | None:
        # No check of model.name: the core asks this plugin for its own models only.
        self.calls.append((case.reference, forum.key, meeting_index))
        return InvitationParticipants(
            (
                Invited("Team A", True),
                Invited("Team B", False),
                Invited("Pool C", True, "rotation"),
            ),
            ("Pool D",),
        )

    @hookimpl
    def escalatie_agenda_text(self, model: EscalationModel, case: Case) -> str | None:
        return f"Eigen agenda voor {case.reference}"


def test_hook_escalatie_invitation_participants_and_escalatie_agenda_text(
    model: EscalationModel, make_case: Any, ical: Any
) -> None:
    plugin = OwnPlugin(model)
    registry = Registry(make_plugin_manager(env={"ESCALATIE_PLUGINS": ""}))
    registry.pm.register(plugin, name="own")
    registered = registry.model("test-tafel")
    hooks = plugin_hooks(registry, registered)
    message = invitation(
        registered,
        datetime(2026, 3, 9, 9, 15, tzinfo=AMSTERDAM),
        [make_case("casus-p")],
        fixed_clock(datetime(2026, 3, 1, tzinfo=AMSTERDAM)),
        participants=hooks.participants,
        block=hooks.agenda,
    )
    assert plugin.calls == [(pseudonym("casus-p"), "tafel", 6)]  # hooks see the pseudonym
    assert [(a.organisation, a.role) for a in message.attendees] == [
        ("Buurtteam Oost", "REQ-PARTICIPANT"),
        ("Team A", "REQ-PARTICIPANT"),
        ("Team B", "OPT-PARTICIPANT"),
        ("Pool C", "REQ-PARTICIPANT"),
    ]
    assert message.not_needed == ("Pool D",)
    (own,) = message.copies  # every attendee is invited for the one case
    (event,) = ical.events(own.text)
    assert f"Eigen agenda voor {pseudonym('casus-p')}" in str(event["DESCRIPTION"])
    assert "Eigen agenda" not in message.text  # the shared copy names the case only


def test_hook_escalatie_agenda_text_answers_only_for_its_own_models(
    model: EscalationModel, make_case: Any, make_model: Any, ical: Any
) -> None:
    """Another plugin's hooks answer None for this model: the core's defaults apply."""
    other = make_model(name="andere-tafel")
    plugin = OwnPlugin(other)
    registry = Registry(make_plugin_manager(env={"ESCALATIE_PLUGINS": ""}))
    registry.pm.register(plugin, name="own")

    class Mine:
        @hookimpl
        def escalatie_register_models(self, register: Any) -> None:
            register(model)

    registry.pm.register(Mine(), name="mine")
    hooks = plugin_hooks(registry, registry.model("test-tafel"))
    message = invitation(
        registry.model("test-tafel"),
        datetime(2026, 3, 9, 9, 15, tzinfo=AMSTERDAM),
        [make_case("casus-q")],
        fixed_clock(datetime(2026, 3, 1, tzinfo=AMSTERDAM)),
        participants=hooks.participants,
        block=hooks.agenda,
    )
    assert plugin.calls == []
    (event,) = ical.events(message.copies[0].text)
    assert f"Kenmerk: {pseudonym('casus-q')}" in str(event["DESCRIPTION"])
    assert "Eigen agenda" not in str(event["DESCRIPTION"])


def test_a_plugin_without_functions_gets_the_defaults(model: EscalationModel) -> None:
    registry = Registry(make_plugin_manager(env={"ESCALATIE_PLUGINS": ""}))

    class Bare:
        @hookimpl
        def escalatie_register_models(self, register: Any) -> None:
            register(model)

    registry.pm.register(Bare(), name="bare")
    hooks = plugin_hooks(registry, registry.model("test-tafel"))
    assert hooks.participants is None and hooks.agenda is None
