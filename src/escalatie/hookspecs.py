"""The hooks a plugin can implement, grouped by the phase in which the core calls them.

Contributions use a ``register`` callback so the core owns de-duplication and conflicts.
Every hook is documented in ``docs/hooks.md``; a test fails when one is not. The core calls
them through :class:`escalatie.plugins.Hooks` (typed, always via ``pm.hook``), so
``wrapper=True``, ``tryfirst`` and ``trylast`` implementations work as pluggy documents.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import click

    from escalatie.case import Case
    from escalatie.examples import ExampleCase
    from escalatie.forum import Forum
    from escalatie.kinds import Kind
    from escalatie.model import EscalationModel
    from escalatie.modelfile.load import Readable
    from escalatie.participants import InvitationParticipants
    from escalatie.predicates import Predicate
    from escalatie.routes import OnwardRoute
    from escalatie.triaging import TriageResult

PROJECT = "escalatie"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

__all__ = [
    "escalatie_agenda_text",
    "escalatie_invitation_participants",
    "escalatie_override_remarks",
    "escalatie_preempt_triage",
    "escalatie_register_commands",
    "escalatie_register_example_cases",
    "escalatie_register_forum_kinds",
    "escalatie_register_model_files",
    "escalatie_register_models",
    "escalatie_register_predicates",
    "escalatie_register_routes",
    "escalatie_register_step_kinds",
    "hookimpl",
    "hookspec",
]


# --- Phase 1: what is installed -------------------------------------------------------------


@hookspec
def escalatie_register_models(register: Callable[[EscalationModel], None]) -> None:
    """Contribute escalation models by calling ``register(model)`` once per model.

    :param register: adds one :class:`~escalatie.model.EscalationModel`; a second model with a
        name already taken raises :class:`~escalatie.errors.PluginConflict`.
    """


@hookspec
def escalatie_register_model_files(register: Callable[[Readable], None]) -> None:
    """Ship escalation models as model files (TOML, see ``docs/model-files.md``).

    :param register: adds one model file: a :class:`pathlib.Path` or an
        ``importlib.resources`` file of the plugin's package. Its model gets the plugin's name
        as ``model.plugin``; a model name already taken raises
        :class:`~escalatie.errors.PluginConflict`.
    """


@hookspec
def escalatie_register_predicates(register: Callable[[Predicate], None]) -> None:
    """Contribute predicates that model files may name in their rules.

    :param register: adds one :class:`~escalatie.predicates.Predicate` under its ``name``; a
        name taken by the core or another plugin raises
        :class:`~escalatie.errors.PluginConflict`.
    """


@hookspec
def escalatie_register_step_kinds(register: Callable[[Kind], None]) -> None:
    """Contribute kinds of prior step that only your municipality has (``maatwerk_telefoon``).

    :param register: adds one :class:`~escalatie.kinds.Kind`; case documents may then name it
        as a prior step's ``kind``. A kind of the core or of another plugin raises
        :class:`~escalatie.errors.PluginConflict`.
    """


@hookspec
def escalatie_register_forum_kinds(register: Callable[[Kind], None]) -> None:
    """Contribute kinds of forum that only your municipality has (``platform``).

    :param register: adds one :class:`~escalatie.kinds.Kind`, which forums may then name as
        their ``kind``. A kind of the core or of another plugin raises
        :class:`~escalatie.errors.PluginConflict`.
    """


@hookspec
def escalatie_register_routes(register: Callable[[OnwardRoute], None]) -> None:
    """Contribute onward routes (board, national, regional, safety, resident routes).

    :param register: adds one :class:`~escalatie.routes.OnwardRoute`; keys must be unique
        across all plugins. Models refer to routes by key.
    """


@hookspec
def escalatie_register_example_cases(register: Callable[[ExampleCase], None]) -> None:
    """Contribute example case documents (invented names and details only).

    :param register: adds one :class:`~escalatie.examples.ExampleCase`; names must be unique.
    """


# --- Phase 2: a case is triaged -------------------------------------------------------------


@hookspec(firstresult=True)
def escalatie_preempt_triage(
    model: EscalationModel, case: Case, at: datetime
) -> TriageResult | None:
    """Route a case before the model's ladder is consulted, or return None to let it run.

    Stops at the first non-None result. It is never called for a case with an acute safety
    signal: the core sends that to Veilig Thuis first, in every model (seeds 002, 003;
    :mod:`escalatie.safety`), so a plugin cannot route it to a table.

    :param model: the model doing the triage.
    :param case: the case being triaged.
    :param at: the moment of triage (timezone-aware).
    """


# --- Phase 3: a meeting is prepared ----------------------------------------------------------


@hookspec(firstresult=True)
def escalatie_invitation_participants(
    model: EscalationModel, forum: Forum, case: Case, meeting_index: int
) -> InvitationParticipants | None:
    """Who is invited for one case at one meeting of a forum, or None for the core's default.

    Asked only of the plugin that contributed ``model`` (its ``plugin`` stamp), so there is no
    need to check the model's name. Stops at the first non-None result. The answer is an
    :class:`~escalatie.participants.InvitationParticipants`: the organisations to invite
    (required or optional, with a reason) and those whose rotation turn it is but who are not
    needed, to be told so (seed 000 step 3). The submitting organisation is invited in any
    case. Without an answer the calendar uses the forum's participant policy and rotation.

    :param model: the model whose forum meets.
    :param forum: the forum that meets.
    :param case: the case on the agenda, pseudonymised.
    :param meeting_index: the meeting's number among all dates of the forum's series (0-based,
        days off included, so a rotation does not shift when a meeting is skipped).
    """


@hookspec(firstresult=True)
def escalatie_agenda_text(model: EscalationModel, case: Case) -> str | None:
    """The Dutch agenda block of one case in an invitation, or None for the core's default.

    Asked only of the plugin that contributed ``model``; stops at the first non-None result. Invitations carry
    only the anonymised plan and the question (seed 000, step 3).

    :param model: the model whose forum meets.
    :param case: the case on the agenda, pseudonymised.
    """


# --- Phase 4: the register -------------------------------------------------------------------


@hookspec(firstresult=True)
def escalatie_override_remarks(
    model: EscalationModel, case: Case, decided_by: str
) -> Sequence[str] | None:
    """What an aanspreekpunt's override of triage goes against by the municipality's own
    policy, or None for the core's reading of the model's contact points.

    Asked only of the plugin that contributed ``model``; stops at the first non-None result.
    A remark never refuses the override (only safety first does, in the core:
    :data:`escalatie.route_decision.SAFETY_NOT_OVERRIDDEN`): each remark ends its audit line
    (``; note: ...``) and is printed as a ``warning:`` line (``case plan``, ``invite
    --override``). A remark names
    roles, keys and outcomes only, never anything that identifies the case. Without an answer
    the core says when the recorded talk judged the forum not suitable, and when the model's
    contact points (``submitters``) name another aanspreekpunt as the submitter's own
    (:func:`escalatie.route_decision.override_remarks`).

    :param model: the model whose forum the case is planned on.
    :param case: the case (with its identity: read only what the remark needs).
    :param decided_by: the aanspreekpunt who decided: a contact point's key as typed, or one
        line of text where the model lists no contact points.
    """


# --- Phase 5: the command line --------------------------------------------------------------


@hookspec
def escalatie_register_commands(register: Callable[[click.Command], None]) -> None:
    """Contribute sub-commands of ``escalatie`` for what only a plugin knows about.

    The core's commands are listed by ``escalatie --help`` without loading any plugin, so the
    CLI starts fast; plugin commands load when invoked by name and are listed by
    ``escalatie plugins``. A plugin command raises :class:`~escalatie.errors.EscalatieError`
    for bad input, like the core's.

    :param register: adds one :class:`click.Command` under its ``name``; a name taken by the
        core or by another plugin raises :class:`~escalatie.errors.PluginConflict`.
    """
