"""The two routes every model has: the crisis service and Veilig Thuis (seeds 002, 003).

They are defined in :mod:`escalatie.builtin.safety_routes`, imported when the hook runs, so
commands that need no route (``escalatie models``) do not pay for the domain classes. The
national, regional and resident routes are in :mod:`escalatie.builtin.national_routes`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from escalatie.hookspecs import hookimpl

if TYPE_CHECKING:
    from escalatie.routes import OnwardRoute


@hookimpl(trylast=True)
def escalatie_register_routes(register: Callable[[OnwardRoute], None]) -> None:
    from escalatie.builtin.safety_routes import CRISIS_ROUTE, VEILIG_THUIS_ROUTE

    register(CRISIS_ROUTE)
    register(VEILIG_THUIS_ROUTE)
