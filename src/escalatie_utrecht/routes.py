"""Utrecht's own onward routes: the knelpuntenzorg mailbox and the board (seed 002).

Seed 002 ("Utrechtse aanpak") describes one mail address for stuck cases of every kind, open to
every party in youth care, and one senior adviser who sets out actions and follows progress
"met korte lijnen naar het bestuur". So the other Utrecht models point to the mailbox before
the resident's own routes (seed 002 wants early escalation so that council, ombudsman and
objection are not needed), and the board is reached through the senior adviser, never straight
from a conversation with an aanspreekpunt.
"""

from __future__ import annotations

from datetime import datetime

from escalatie.builtin.national_routes import NATIONAL_ROUTE_KEYS, RESIDENT_ROUTE_KEYS
from escalatie.case import Case, Obstacle, StepKind
from escalatie.organisation import Audience
from escalatie.routes import VEILIG_THUIS, OnwardRoute, RouteKind
from escalatie.rules import Rule, all_of, has_obstacle, negate, tried_without_result
from escalatie.sources import seed
from escalatie_utrecht.common import S002_UTRECHT

KNELPUNTENZORG_ROUTE = "utrecht-knelpuntenzorg"
BOARD_ROUTE = "utrecht-bestuur"

EVERYONE = frozenset(
    {
        Audience.PROFESSIONALS,
        Audience.DISTRICT_TEAMS,
        Audience.PROVIDERS,
        Audience.HOUSING_CORPORATIONS,
        Audience.POLICE,
        Audience.CLIENT_SUPPORTERS,
        Audience.CLIENT_ORGANISATIONS,
        Audience.PARENTS,
        Audience.YOUNG_PEOPLE,
        Audience.RESIDENTS,
        Audience.MUNICIPALITY,
    }
)
"""Every party in youth care, from housing corporations to the police, from providers to
client (supporters) (seed 002, Utrechtse aanpak)."""


adviser_did_not_resolve = tried_without_result(StepKind.CONTACT_POINT_PUSH)
"""The senior adviser handled the case and it is still not resolved: a prior step of kind
``contact_point_push`` with ``resolved: false``. In Utrecht the senior adviser of the
knelpuntenzorg mailbox is the one contact point that pushes cases through (seed 002); an
aanspreekpunt of the maatwerktafels (kind ``aanspreekpunt``) only decides whether a table fits."""


def _stuck(case: Case, at: datetime) -> bool:
    return bool(case.obstacles)


STUCK_CASE = Rule(
    "utrecht.knelpunt.route.stuck-case",
    "Any party may mail a stuck case of any kind to the knelpuntenzorg mailbox, unless the "
    "senior adviser already handled it without result (then the board is next).",
    seed("002", S002_UTRECHT),
    all_of(_stuck, negate(adviser_did_not_resolve)),
)

ADVISER_DID_NOT_RESOLVE = Rule(
    "utrecht.bestuur.adviser-did-not-resolve",
    "The knelpuntenzorg senior adviser handled the case without result: the adviser's short "
    'lines to the board ("met korte lijnen naar het bestuur") are the next step. That the '
    "lines are used when the adviser's own actions did not resolve the case is this library's "
    "reading; the seed names only the short lines.",
    seed("002", S002_UTRECHT),
    adviser_did_not_resolve,
)

FORUM_DID_NOT_RESOLVE = Rule(
    "utrecht.bestuur.forum-did-not-resolve",
    "Assumption (not in the seeds): a case that a Utrecht forum (maatwerktafel, City Deal "
    "overleg, Commissie Passend Alternatief; a prior step of kind table) did not resolve and "
    "that is blocked by laws and regulations or by nobody taking charge may be taken to the "
    "board by the senior adviser, through the short lines seed 002 names.",
    seed("002", S002_UTRECHT),
    all_of(
        tried_without_result(StepKind.TABLE),
        has_obstacle(Obstacle.LAWS_AND_REGULATIONS, Obstacle.NOBODY_TAKES_CHARGE),
    ),
)

KNELPUNTENZORG = OnwardRoute(
    key=KNELPUNTENZORG_ROUTE,
    name="Mailbox knelpuntenzorg (Utrecht)",
    kind=RouteKind.LOCAL,
    description="The municipality's mail address for stuck cases of every kind, open to every "
    "party in youth care, families included; one senior adviser sets out the actions and "
    "follows progress, without a fixed procedure (model utrecht-knelpuntenzorg; the address is "
    "the knelpuntenzorg_address setting).",
    entry=(STUCK_CASE,),
    applicants=EVERYONE,
    source=seed("002", S002_UTRECHT),
)

BOARD = OnwardRoute(
    key=BOARD_ROUTE,
    name="Bestuurlijk opschalen (Utrecht)",
    kind=RouteKind.BOARD,
    description="The senior adviser of the knelpuntenzorg mailbox takes a case that the "
    "adviser or a forum could not unblock to the municipal board (college, wethouder) through "
    "short lines.",
    entry=(ADVISER_DID_NOT_RESOLVE, FORUM_DID_NOT_RESOLVE),
    applicants=frozenset({Audience.MUNICIPALITY}),
    source=seed("002", S002_UTRECHT),
)

ROUTES: tuple[OnwardRoute, ...] = (KNELPUNTENZORG, BOARD)

KNELPUNTENZORG_ONWARD_ROUTES: tuple[str, ...] = (
    VEILIG_THUIS,
    BOARD_ROUTE,
    *NATIONAL_ROUTE_KEYS,
    *RESIDENT_ROUTE_KEYS,
)
"""The onward routes of the knelpuntenzorg model itself: safety (seed 003), the board through
the senior adviser, the national and regional routes (Utrecht lies in a youth region with
Integrale Vroeghulp and in the expertise network Flevoland–Utrecht, seed 004), then the
resident's own routes (seed 002)."""

ONWARD_ROUTES: tuple[str, ...] = (
    VEILIG_THUIS,
    KNELPUNTENZORG_ROUTE,
    BOARD_ROUTE,
    *NATIONAL_ROUTE_KEYS,
    *RESIDENT_ROUTE_KEYS,
)
"""The onward routes of the maatwerktafel, the City Deal overleg and the Commissie Passend
Alternatief, in the order triage offers them when no step fits: safety first (listed, never
the main route for a concern), then Utrecht's own mailbox (open to every party, seed 002), the
board through its senior adviser, the national and regional routes, and last the resident's
own routes, which seed 002 hopes early escalation makes unneeded."""
