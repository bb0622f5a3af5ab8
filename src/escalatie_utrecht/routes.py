"""Utrecht's board route: bestuurlijk opschalen through the senior adviser's short lines (seed 002)."""

from __future__ import annotations

from escalatie.builtin.national_routes import NATIONAL_ROUTE_KEYS, RESIDENT_ROUTE_KEYS
from escalatie.case import Obstacle, StepKind
from escalatie.organisation import Audience
from escalatie.routes import VEILIG_THUIS, OnwardRoute, RouteKind
from escalatie.rules import Rule, all_of, has_obstacle, tried_without_result
from escalatie.sources import seed
from escalatie_utrecht.common import S002_UTRECHT

BOARD_ROUTE = "utrecht-bestuur"

ONWARD_ROUTES: tuple[str, ...] = (
    VEILIG_THUIS,
    BOARD_ROUTE,
    *NATIONAL_ROUTE_KEYS,
    *RESIDENT_ROUTE_KEYS,
)
"""The onward routes of every Utrecht model, in the order triage offers them when no step
fits: safety first (seed 003), then the board, the national and regional routes (Utrecht lies
in a youth region with Integrale Vroeghulp and in the expertise network Flevoland–Utrecht,
seed 004), then the resident's own routes (seed 002)."""

TABLE_DID_NOT_RESOLVE = Rule(
    "utrecht.bestuur.table-did-not-resolve",
    "A table, round table or the aanspreekpunt did not resolve the case and it is blocked by "
    "rules or nobody takes charge: the senior adviser's short lines to the board are the "
    "next step.",
    seed("002", S002_UTRECHT),
    all_of(
        tried_without_result(StepKind.TABLE, StepKind.ROUND_TABLE, StepKind.AANSPREEKPUNT),
        has_obstacle(Obstacle.LAWS_AND_REGULATIONS, Obstacle.NOBODY_TAKES_CHARGE),
    ),
)

BOARD = OnwardRoute(
    key=BOARD_ROUTE,
    name="Bestuurlijk opschalen (Utrecht)",
    kind=RouteKind.BOARD,
    description="The senior adviser of the knelpuntenzorg mailbox takes a case that the "
    "regular routes could not unblock to the municipal board (college, wethouder) through "
    "short lines.",
    entry=(TABLE_DID_NOT_RESOLVE,),
    applicants=frozenset({Audience.PROFESSIONALS, Audience.DISTRICT_TEAMS, Audience.MUNICIPALITY}),
    source=seed("002", S002_UTRECHT),
    family_can_apply=False,
)
