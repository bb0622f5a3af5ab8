"""The models' feature matrix: what each model offers, side by side.

The features are the questions families and researchers ask of an escalation model (seed 002,
"Wat vragen gezinnen?"): who may submit, whether a family reaches it directly, what powers its
mandate holds (deploy help, budget, assign a provider, board escalation), whether the family
sits at the table, how long a case gets, how often the forum meets, how the model learns,
whether it is temporary and where it escalates to.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

from escalatie.model import EscalationModel
from escalatie.organisation import FAMILY_AUDIENCES, Audience, Power
from escalatie.plugins import Registry
from escalatie.research.columns import Column, Kind, RowDescription
from escalatie.routes import RouteKind
from escalatie.schedule import slots

FEATURE_ROW = RowDescription(
    "feature-row",
    "escalatie compare --features: one model's features",
    (
        Column("model", Kind.TEXT, "The escalation model's name."),
        Column("municipality", Kind.TEXT, "The municipality (or region) of the model."),
        Column("submitters", Kind.TEXT_LIST, "Who may bring a case in."),
        Column("family_direct", Kind.BOOLEAN, "A family may bring a case in itself."),
        Column("powers", Kind.TEXT_LIST, "Powers in the model's mandates."),
        Column("budget", Kind.BOOLEAN, "A mandate holds a budget."),
        Column("budget_ceiling_eur", Kind.INTEGER, "The highest budget ceiling, euro.", True),
        Column("board_escalation", Kind.BOOLEAN, "The case can go to the board."),
        Column("family_at_table", Kind.BOOLEAN, "A forum seats the family."),
        Column("time_box_minutes", Kind.INTEGER_LIST, "Minutes per case its forums state."),
        Column("cadence_per_month", Kind.NUMBER, "Meetings in the year after --at, per month."),
        Column("on_request", Kind.BOOLEAN, "A forum meets on request (or there is none)."),
        Column("learning", Kind.TEXT_LIST, "The model's learning outputs."),
        Column("temporary", Kind.BOOLEAN, "The model is temporary."),
        Column("onward_routes", Kind.TEXT_LIST, "The onward routes of the model."),
    ),
)
"""The columns of a :class:`FeatureRow`."""

FEATURE_COLUMNS: tuple[str, ...] = FEATURE_ROW.names


class FeatureRow(NamedTuple):
    """One model's features; ``cadence_per_month`` counts real meetings in the coming year / 12."""

    model: str
    municipality: str
    submitters: tuple[str, ...]
    family_direct: bool
    powers: tuple[str, ...]
    budget: bool
    budget_ceiling_eur: int | None
    board_escalation: bool
    family_at_table: bool
    time_box_minutes: tuple[int, ...]
    cadence_per_month: float
    on_request: bool
    learning: tuple[str, ...]
    temporary: bool
    onward_routes: tuple[str, ...]


def submitters(model: EscalationModel) -> frozenset[Audience]:
    """Everyone who may bring a case in: step applicants and who reaches a contact point."""
    out: set[Audience] = set()
    for step in model.ladder:
        out |= step.applicants
    for point in model.contact_points:
        out |= point.reachable_by
    return frozenset(out)


def cadence_per_month(model: EscalationModel, at: datetime) -> float:
    """Meetings of all the model's forums in the year from ``at``, holidays taken out, per month."""
    until = at + timedelta(days=365)
    count = sum(len(slots(f.cadence, at, until)) for f in model.forums if f.cadence.series)
    return round(count / 12, 2)


def features(registry: Registry, model: EscalationModel, at: datetime) -> FeatureRow:
    """The feature row of one model at a moment (the moment only matters for the cadence)."""
    powers = model.powers()
    ceilings = [
        m.budget_ceiling_eur
        for m in [p.mandate for p in model.contact_points] + [f.mandate for f in model.forums]
        if m.budget_ceiling_eur is not None
    ]
    routes = [registry.routes[k] for k in model.onward_routes if k in registry.routes]
    who = submitters(model)
    return FeatureRow(
        model=model.name,
        municipality=model.municipality,
        submitters=tuple(a.value for a in Audience if a in who),
        family_direct=not FAMILY_AUDIENCES.isdisjoint(who),
        powers=tuple(p.value for p in Power if p in powers),
        budget=Power.BUDGET in powers or bool(ceilings),
        budget_ceiling_eur=max(ceilings) if ceilings else None,
        board_escalation=Power.ESCALATE_TO_BOARD in powers
        or any(r.kind is RouteKind.BOARD for r in routes),
        family_at_table=any(f.participants.family_at_table is True for f in model.forums),
        time_box_minutes=tuple(
            sorted({f.minutes_per_case for f in model.forums if f.minutes_per_case is not None})
        ),
        cadence_per_month=cadence_per_month(model, at),
        on_request=any(not f.cadence.series for f in model.forums) or not model.forums,
        learning=tuple(lo.kind for lo in model.learning),
        temporary=model.temporary,
        onward_routes=tuple(model.onward_routes),
    )


def feature_matrix(
    registry: Registry, models: list[EscalationModel], at: datetime
) -> list[FeatureRow]:
    return [features(registry, m, at) for m in models]
