"""The utrecht plugin: Utrecht's four escalation models as model files, and the Python they need.

The models are data (``models/*.toml``, one file per model, shipped as package data): ladder,
forums, cadences, contact points, routes, learning, every rule with its seed. Python stays for
what no predicate expresses, registered through the hooks:

- predicates the files name (:mod:`escalatie_utrecht.predicates`: the leading principles of
  seed 003 applied to the requested care, who thought along from which track, the rotation);
- the ``maatwerk_telefoon`` step kind (seed 001);
- the command ``escalatie passend-alternatief`` (the vierkantfinanciering decision,
  :mod:`escalatie_utrecht.vierkant`);
- who is invited to a maatwerktafel, with the rotation, and its agenda text (seed 000, stap 3);
- what an aanspreekpunt's override of triage goes against (seed 000, stap 2 and 3).

The four files share the table ``[utrecht]`` of the settings file; its values are checked here
(:mod:`escalatie_utrecht.settings`) when a Utrecht model is compiled (not when models are only
listed, nor when another municipality's model is compiled), so a bad one is a one-line error
naming the key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from escalatie.hookspecs import hookimpl

if TYPE_CHECKING:
    import click

    from escalatie.api import Case, EscalationModel, Forum, InvitationParticipants, Kind, Predicate
    from escalatie.modelfile.load import Readable
    from escalatie.rules import Test

MODEL_FILES = (
    "models/maatwerktafel.toml",
    "models/citydeal.toml",
    "models/passend_alternatief.toml",
    "models/knelpuntenzorg.toml",
)
MAATWERKTAFEL = "utrecht-maatwerktafel"


def model_files() -> list[Readable]:
    """The four model files, as package data of this package."""
    from escalatie.modelfile.plugin import package_files

    return list(package_files("escalatie_utrecht", *MODEL_FILES))


@hookimpl
def escalatie_register_model_files(register: Callable[[Readable], None]) -> None:
    for path in model_files():
        register(path)


@hookimpl
def escalatie_register_predicates(register: Callable[[Predicate], None]) -> None:
    from escalatie_utrecht.predicates import predicates

    sound: list[bool] = []  # shared by this registration's predicates: see _checking_settings
    for predicate in predicates(lambda build: _checking_settings(build, sound)):
        register(predicate)


def _checking_settings(build: Callable[[Any], Test], sound: list[bool]) -> Callable[[Any], Test]:
    """``build``, after ``[utrecht]`` is checked beyond its types (a Monday, an address, a rule
    from its date). Every Utrecht model file names these predicates, so the table is checked
    when a Utrecht model is compiled, and only then: the table is this plugin's, and another
    municipality's model (Helmond's, a Dronten file given with ``-m``) must not fail on it.
    Listing models compiles nothing, so ``escalatie models`` stays light.

    Once the table is found sound (``sound`` holds True), the other builds of the same
    registration do not check it again, as when the check ran once as the predicates were
    registered: a model taken from the model cache builds its rules' tests again (eighteen
    builds in a triage), and each check finds the settings file's path in the environment and
    builds the settings (0.12 M instructions; issue 16, start-up). A table found bad is checked,
    and refused, at every build."""

    def checked(value: Any) -> Test:
        if not sound:
            from escalatie_utrecht.settings import load

            load()
            sound.append(True)
        return build(value)

    return checked


@hookimpl
def escalatie_register_step_kinds(register: Callable[[Kind], None]) -> None:
    from escalatie.kinds import Kind  # not escalatie.api: see tests/core/test_plugin_imports.py

    register(
        Kind(
            "maatwerk_telefoon",
            "The maatwerk telefoon, the number set up to discuss complex work-and-income "
            "cases, was called (seed 001, City Deal overleg; who runs it, the seed does not say).",
        )
    )


@hookimpl
def escalatie_register_commands(register: Callable[[click.Command], None]) -> None:
    from escalatie_utrecht.cli import passend_alternatief

    register(passend_alternatief)


@hookimpl
def escalatie_invitation_participants(
    model: EscalationModel, forum: Forum, case: Case, meeting_index: int
) -> InvitationParticipants | None:
    """The forum's participant policy with its rotation (seed 000, stap 3); the core asks it
    for this plugin's models only."""
    from escalatie_utrecht.participants import participants_for

    return participants_for(case, forum, meeting_index).invitation()


@hookimpl
def escalatie_agenda_text(model: EscalationModel, case: Case) -> str | None:
    """At a maatwerktafel only the anonymised plan and the question (seed 000, stap 3); the
    other forums get the core's agenda text, which asks for no plan (seed 001 requires none)."""
    if model.name != MAATWERKTAFEL:
        return None
    from escalatie_utrecht.participants import agenda_text

    return agenda_text(case)


@hookimpl
def escalatie_override_remarks(
    model: EscalationModel, case: Case, decided_by: str
) -> tuple[str, ...]:
    """An override of triage read by seed 000's contact table and talk (stap 2 and 3): said
    in its audit line, never refused (:mod:`escalatie_utrecht.overrides`)."""
    from escalatie_utrecht.overrides import override_remarks

    return override_remarks(model, case, decided_by)
