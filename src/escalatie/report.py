"""Triage results as JSON-ready data and as text; both carry only the pseudonymous reference."""

from __future__ import annotations

from typing import Any

from escalatie.clock import local, printed
from escalatie.plugins import Registry
from escalatie.triaging import Reason, TriageResult


def _reasons(reasons: tuple[Reason, ...]) -> list[dict[str, str]]:
    return [{"rule": r.rule, "text": r.text, "source": r.source} for r in reasons]


def triage_data(result: TriageResult) -> dict[str, Any]:
    return {
        "model": result.model,
        "case": result.case_reference,
        "at": result.at.isoformat(),
        "eligible": result.eligible,
        "ready": result.ready,
        "route": result.route,
        "route_name": result.route_name,
        "route_type": result.route_type.value,
        "forum": result.forum,
        "next_meeting": result.next_meeting.isoformat() if result.next_meeting else None,
        "reasons": _reasons(result.reasons),
        "missing": _reasons(result.missing),
        "actions": _reasons(result.actions),
        "not_met": _reasons(result.not_met),
        "onward": list(result.onward),
    }


def render_triage(registry: Registry, result: TriageResult) -> str:
    if result.eligible:
        verdict = "eligible"
    elif result.route is not None:  # a route of kind no_next_step: named, but nothing to take
        verdict = "not eligible: no next step"
    else:
        verdict = "not eligible for an escalation route"
    lines = [
        f"Case {result.case_reference} in {result.model} at {printed(result.at)}: {verdict}",
        f"Route: {result.route_name}" + (f" ({result.route})" if result.route else ""),
    ]
    if result.next_meeting is not None:
        meeting = result.next_meeting
        lines.append(f"Next meeting: {local(meeting):%A} {printed(meeting)}")
    sections = [
        ("Why", result.reasons),
        ("Missing first", result.missing),
        ("Also do", result.actions),
        # Also for an eligible case: why an earlier rung of the ladder was not open to it.
        ("Not met", result.not_met),
    ]
    for title, reasons in sections:
        if reasons:
            lines.append(f"{title}:")
            lines += [f"  - {r.text}  [{r.rule}; {r.source}]" for r in reasons]
    if result.onward:
        names = [registry.route(k).name for k in result.onward if registry.has_route(k)]
        lines.append("Other open routes: " + ", ".join(names))
    return "\n".join(lines) + "\n"
