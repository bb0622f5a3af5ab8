"""Properties every escalation model must satisfy, as functions a test can call.

Each function triages (or takes a triage result) and raises :class:`PropertyViolation`, an
``AssertionError``, with a one-line message naming the model, the case reference and what went
wrong. :func:`check_all` runs them all. The project's own tests run them over every installed
model; a plugin author runs them over theirs (see ``docs/testing.md``).
"""

from __future__ import annotations

import re
from datetime import datetime

from escalatie.case import Case, SafetyLevel
from escalatie.model import EscalationModel
from escalatie.plugins import Registry
from escalatie.routes import CRISIS, VEILIG_THUIS
from escalatie.sources import SEEDS
from escalatie.triaging import Reason, TriageResult, triage


class PropertyViolation(AssertionError):
    """A model broke one of the documented properties."""


def _fail(result: TriageResult, message: str) -> PropertyViolation:
    return PropertyViolation(f"model {result.model}, case {result.case_reference}: {message}")


def safety_never_waits(
    registry: Registry, model: EscalationModel, case: Case, at: datetime
) -> TriageResult:
    """Acute danger never waits for a table: an acute mental-health crisis goes to the crisis
    service the same day (route ``crisis``; acute GGZ, Kamerstuk 25 424 nr. 273), an acute
    safety signal otherwise to Veilig Thuis (seeds 002, 003)."""
    result = triage(registry, model, case, at)
    if case.crisis.acute:
        wanted = CRISIS
    elif case.safety.level is SafetyLevel.ACUTE:
        wanted = VEILIG_THUIS
    else:
        return result
    if result.route != wanted:
        raise _fail(result, f"acute case routed to {result.route!r}, not {wanted}")
    if result.forum is not None or result.next_meeting is not None:
        raise _fail(result, f"acute case waits for forum {result.forum!r}")
    return result


def eligible_gets_forum_date(
    registry: Registry, model: EscalationModel, result: TriageResult
) -> None:
    """An eligible case routed to a forum that has meeting series gets a meeting date."""
    if not result.eligible or result.forum is None:
        return
    if not model.forum(result.forum).cadence.series:
        return
    if result.next_meeting is None:
        raise _fail(result, f"eligible for forum {result.forum!r} with series but no meeting date")
    if result.next_meeting < result.at:
        raise _fail(result, f"meeting {result.next_meeting.isoformat()} lies before the triage")


def deterministic(
    registry: Registry, model: EscalationModel, case: Case, at: datetime
) -> TriageResult:
    """Triage at the same moment gives the same result every time."""
    first = triage(registry, model, case, at)
    second = triage(registry, model, case, at)
    if first != second:
        raise _fail(first, f"two triages at {at.isoformat()} differ: {first!r} != {second!r}")
    return first


_DECLARED = re.compile(r"^[^()]+ \([^()]+\)(, .+)?$")
"""A declared document's citation: ``Title (Publisher YEAR)``, then the section."""


def cites_a_document(reason: Reason) -> bool:
    """The reason cites a seed, or a document a model file or plugin declares
    (:class:`~escalatie.sources.Document`)."""
    if not reason.source.startswith("seed "):
        return bool(_DECLARED.match(reason.source))
    number = reason.source[len("seed ") :].split(",", 1)[0].strip()
    return number in SEEDS


def reasons_name_a_seed(result: TriageResult) -> None:
    """Every reason, missing step, action and unmet rule cites a seed document, or a document
    the model declares (title, publisher)."""
    for group in (result.reasons, result.missing, result.actions, result.not_met):
        for reason in group:
            if not cites_a_document(reason):
                raise _fail(
                    result,
                    f"rule {reason.rule!r} cites {reason.source!r}, not a seed or a declared "
                    "document",
                )
    if result.eligible and not result.reasons:
        raise _fail(result, f"eligible for {result.route!r} without any reason")


def check_all(registry: Registry, model: EscalationModel, case: Case, at: datetime) -> TriageResult:
    """All properties for one case at one moment; returns the triage result."""
    result = deterministic(registry, model, case, at)
    safety_never_waits(registry, model, case, at)
    eligible_gets_forum_date(registry, model, result)
    reasons_name_a_seed(result)
    return result


__all__ = [
    "PropertyViolation",
    "check_all",
    "cites_a_document",
    "deterministic",
    "eligible_gets_forum_date",
    "reasons_name_a_seed",
    "safety_never_waits",
]
