"""The one module a plugin author imports from: ``from escalatie.api import Forum, Rule, ...``.

``docs/plugin-guide.md``, ``docs/hooks.md`` and the example plugin
(``examples/escalatie-zuiderveen``) import only from here. Every name in ``__all__`` is stable
(``docs/api.md``, "What is stable"): renamed or removed only after a deprecation period and a
note in ``CHANGELOG.md``. The modules behind the names are internal and may move.

The front door's four functions are defined here (``escalatie`` re-exports them with ``Case``,
``TriageResult`` and ``hookimpl``); every other name loads on first use (PEP 562), so
``from escalatie.api import Forum`` imports the forum module and no more, and
``escalatie.get_model`` stays as light as it was.

``__all__`` is the one list of what is exported (a literal, so type checkers, linters and
``import *`` read it as written). Where each lazy name comes from is said twice, because
Python has no single form both a type checker and a lazy import can read: ``_LAZY`` for the
running program, the ``TYPE_CHECKING`` imports for type checkers, which so see each name's
real type. ``tests/core/test_plugin_api.py`` holds the three to each other: ``__all__`` is
exactly this module's own names plus ``_LAZY``'s, and the ``TYPE_CHECKING`` block imports
exactly ``_LAZY``'s names from ``_LAZY``'s modules. The module ``__getattr__`` is hidden from
type checkers, so a misspelt name is an error rather than ``Any``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from escalatie.case import Case
from escalatie.model import EscalationModel
from escalatie.triaging import Triager, TriageResult

__all__ = [
    "AMSTERDAM",
    "SUBMITTER_AUDIENCES",
    "Audience",
    "Cadence",
    "CareKind",
    "Case",
    "Choice",
    "Condition",
    "ContactPoint",
    "EscalatieError",
    "EscalationModel",
    "ExampleCase",
    "Forum",
    "ForumKind",
    "ForumNoun",
    "HolidayPolicy",
    "InvitationParticipants",
    "InvitationWording",
    "Invited",
    "Kind",
    "LifeDomainKind",
    "Mandate",
    "MeetingSeries",
    "ModelFiles",
    "Obstacle",
    "OnwardRoute",
    "ParticipantPolicy",
    "Party",
    "PartyRole",
    "PluginConflict",
    "Power",
    "Predicate",
    "ProcessSupport",
    "Reason",
    "Registry",
    "RouteKind",
    "RouteType",
    "Rule",
    "SafetyLevel",
    "Step",
    "StepKind",
    "SubmitterRole",
    "TalkOutcome",
    "TriageResult",
    "aanspreekpunt_outcome",
    "age_between",
    "all_of",
    "any_of",
    "conditions_at_least",
    "domains_at_least",
    "echo",
    "flag",
    "get_model",
    "has_condition",
    "has_domain",
    "has_obstacle",
    "hookimpl",
    "load_case",
    "make_plugin_manager",
    "models",
    "negate",
    "open_register",
    "outbound",
    "read_settings",
    "requests_any_care",
    "requests_care",
    "requests_residential",
    "safety_at_least",
    "seed",
    "some_step_unresolved",
    "stuck",
    "submitted_by",
    "triage",
    "tried",
    "tried_without_result",
    "using_registry",
]

_RULE_BUILDERS = (
    "aanspreekpunt_outcome", "age_between", "all_of", "any_of", "conditions_at_least",
    "domains_at_least", "flag", "has_condition", "has_domain", "has_obstacle", "negate", "requests_any_care",
    "requests_care", "requests_residential", "safety_at_least", "some_step_unresolved",
    "stuck", "submitted_by", "tried", "tried_without_result",
)  # fmt: skip

_LAZY: dict[str, tuple[str, str]] = {
    # name: (module, attribute there)
    "AMSTERDAM": ("escalatie.clock", "AMSTERDAM"),
    "SUBMITTER_AUDIENCES": ("escalatie.organisation", "SUBMITTER_AUDIENCES"),
    "Audience": ("escalatie.organisation", "Audience"),
    "Cadence": ("escalatie.forum", "Cadence"),
    "CareKind": ("escalatie.case", "CareKind"),
    "Condition": ("escalatie.case", "Condition"),
    "ContactPoint": ("escalatie.organisation", "ContactPoint"),
    "EscalatieError": ("escalatie.errors", "EscalatieError"),
    "ExampleCase": ("escalatie.examples", "ExampleCase"),
    "Forum": ("escalatie.forum", "Forum"),
    "ForumKind": ("escalatie.forum", "ForumKind"),
    "ForumNoun": ("escalatie.forum", "ForumNoun"),
    "HolidayPolicy": ("escalatie.forum", "HolidayPolicy"),
    "InvitationParticipants": ("escalatie.participants", "InvitationParticipants"),
    "InvitationWording": ("escalatie.forum", "InvitationWording"),
    "Invited": ("escalatie.participants", "Invited"),
    "Kind": ("escalatie.kinds", "Kind"),
    "LifeDomainKind": ("escalatie.case", "LifeDomainKind"),
    "Mandate": ("escalatie.organisation", "Mandate"),
    "MeetingSeries": ("escalatie.forum", "MeetingSeries"),
    "ModelFiles": ("escalatie.modelfile.plugin", "ModelFiles"),
    "Obstacle": ("escalatie.case", "Obstacle"),
    "OnwardRoute": ("escalatie.routes", "OnwardRoute"),
    "ParticipantPolicy": ("escalatie.forum", "ParticipantPolicy"),
    "Party": ("escalatie.case", "Party"),
    "PartyRole": ("escalatie.case", "PartyRole"),
    "PluginConflict": ("escalatie.errors", "PluginConflict"),
    "Power": ("escalatie.organisation", "Power"),
    "Predicate": ("escalatie.predicates", "Predicate"),
    "ProcessSupport": ("escalatie.forum", "ProcessSupport"),
    "Reason": ("escalatie.triaging", "Reason"),
    "Registry": ("escalatie.plugins", "Registry"),
    "RouteKind": ("escalatie.routes", "RouteKind"),
    "RouteType": ("escalatie.triaging", "RouteType"),
    "Rule": ("escalatie.rules", "Rule"),
    "SafetyLevel": ("escalatie.case", "SafetyLevel"),
    "Step": ("escalatie.model", "Step"),
    "StepKind": ("escalatie.case", "StepKind"),
    "SubmitterRole": ("escalatie.case", "SubmitterRole"),
    "TalkOutcome": ("escalatie.case", "TalkOutcome"),
    "hookimpl": ("escalatie.hookspecs", "hookimpl"),
    "Choice": ("escalatie.options", "Choice"),
    "echo": ("escalatie.cli.common", "echo"),
    "make_plugin_manager": ("escalatie.plugins", "make_plugin_manager"),
    "open_register": ("escalatie.cli.register", "opened"),
    "outbound": ("escalatie.privacy", "outbound"),
    "read_settings": ("escalatie.settings", "read"),
    "seed": ("escalatie.sources", "seed"),
    "using_registry": ("escalatie.plugins", "using_registry"),
    **{name: ("escalatie.rules", name) for name in _RULE_BUILDERS},
}

if TYPE_CHECKING:
    import pathlib  # the path parameters' type only: start-up imports no pathlib

    from escalatie.case import (
        CareKind,
        Condition,
        LifeDomainKind,
        Obstacle,
        Party,
        PartyRole,
        SafetyLevel,
        StepKind,
        SubmitterRole,
        TalkOutcome,
    )
    from escalatie.cli.common import echo
    from escalatie.cli.register import opened as open_register
    from escalatie.clock import AMSTERDAM
    from escalatie.errors import EscalatieError, PluginConflict
    from escalatie.examples import ExampleCase
    from escalatie.forum import (
        Cadence,
        Forum,
        ForumKind,
        ForumNoun,
        HolidayPolicy,
        InvitationWording,
        MeetingSeries,
        ParticipantPolicy,
        ProcessSupport,
    )
    from escalatie.hookspecs import hookimpl
    from escalatie.kinds import Kind
    from escalatie.model import Step
    from escalatie.modelfile.plugin import ModelFiles
    from escalatie.options import Choice
    from escalatie.organisation import SUBMITTER_AUDIENCES, Audience, ContactPoint, Mandate, Power
    from escalatie.participants import InvitationParticipants, Invited
    from escalatie.plugins import Registry, make_plugin_manager, using_registry
    from escalatie.predicates import Predicate
    from escalatie.privacy import outbound
    from escalatie.routes import OnwardRoute, RouteKind
    from escalatie.rules import (
        Rule,
        aanspreekpunt_outcome,
        age_between,
        all_of,
        any_of,
        conditions_at_least,
        domains_at_least,
        flag,
        has_condition,
        has_domain,
        has_obstacle,
        negate,
        requests_any_care,
        requests_care,
        requests_residential,
        safety_at_least,
        some_step_unresolved,
        stuck,
        submitted_by,
        tried,
        tried_without_result,
    )
    from escalatie.settings import read as read_settings
    from escalatie.sources import seed
    from escalatie.triaging import Reason, RouteType


def get_model(name_or_path: str | pathlib.Path) -> EscalationModel:
    """An installed model by name (``"helmond-escalatieteam"``), or the model of a model file
    (a path ending in ``.toml``); an unknown name raises :class:`~escalatie.errors.UnknownModel`
    naming what is installed, a missing file one with the CLI's "did you mean" hint."""
    return _model(str(name_or_path), "name_or_path")


def _model(name: str, argument: str) -> EscalationModel:
    """The model ``name`` names; an error names ``argument``, the API's own argument, not the
    CLI's ``-m``, and keeps the CLI's hints."""
    from escalatie.errors import UnknownModel
    from escalatie.naming import is_model_path
    from escalatie.plugins import default_registry

    registry = default_registry()
    try:
        if is_model_path(name):
            return registry.model_file(name, argument)
        return registry.model(name)
    except UnknownModel:
        from escalatie.cli.common import model_named  # the CLI's hints, only on this path

        model_named(registry, name, argument)
        raise


def models() -> list[EscalationModel]:
    """The installed models (Python plugins' and model files'), sorted by ``name``."""
    from escalatie.plugins import default_registry

    return list(default_registry().models.values())


def load_case(path_or_mapping: str | pathlib.Path | Mapping[str, Any]) -> Case:
    """A case from a JSON file or from a mapping shaped like one (``docs/case-format``).

    Errors raise :class:`~escalatie.errors.InvalidDocument`, one line per problem, each naming
    the JSON path (and the file, for a path)."""
    from escalatie import documents

    if isinstance(path_or_mapping, Mapping):
        return documents.structure(dict(path_or_mapping), Case)
    return documents.load_case(path_or_mapping)


def triage(case: Case, model: EscalationModel | str, at: datetime | str) -> TriageResult:
    """The route ``case`` is eligible for in ``model`` (a model, its name or a model file's
    path) at moment ``at`` (timezone-aware, or ISO 8601 text read as the CLI reads ``--at``:
    without an offset, Amsterdam's wall clock), with every reason cited. The case is used as
    given: pseudonymise it first (:func:`escalatie.privacy.pseudonymise`) before the result
    leaves your system."""
    from escalatie.clock import parse_moment
    from escalatie.errors import EscalatieError
    from escalatie.plugins import default_registry

    if isinstance(at, str):  # a one-line error for a bad moment, not an AttributeError
        at = parse_moment(at, "at")
    elif not isinstance(at, datetime):
        raise EscalatieError(
            f"at: expected a timezone-aware datetime or ISO 8601 text such as "
            f"'2026-03-02T10:00', got {type(at).__name__}"
        )
    registry = default_registry()
    chosen = _model(model, "model") if isinstance(model, str) else model
    return Triager(registry, chosen, at)(case)


if not TYPE_CHECKING:  # checkers see the imports above: a misspelt name is an error, not Any

    def __getattr__(name: str) -> Any:
        """Load a name of the surface on first use and keep it (PEP 562)."""
        target = _LAZY.get(name)
        if target is None:
            raise AttributeError(f"module 'escalatie.api' has no attribute {name!r}")
        import importlib

        value = getattr(importlib.import_module(target[0]), target[1])
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
