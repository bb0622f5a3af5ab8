"""National and regional onward routes, and the resident's own routes (seeds 002, 004).

The routes are data: ``national_routes.toml`` beside this module, a route file in the model
file format (``docs/model-files.md``) that states how each route's entry criteria read the
seeds. Veilig Thuis lives in :mod:`escalatie.builtin.routes`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from escalatie.hookspecs import hookimpl
from escalatie.modelfile.plugin import package_files

if TYPE_CHECKING:
    from escalatie.routes import OnwardRoute

INTEGRALE_VROEGHULP = "integrale-vroeghulp"
CCE = "cce"
MELDPUNT_JUISTE_LOKET = "meldpunt-juiste-loket"
EXPERTISENETWERK = "expertisenetwerk"
RAAD_EN_COLLEGE = "raad-en-college"
OMBUDSMAN = "ombudsman"
BEZWAAR_EN_KLACHT = "bezwaar-en-klacht"

NATIONAL_ROUTE_KEYS = (INTEGRALE_VROEGHULP, CCE, MELDPUNT_JUISTE_LOKET, EXPERTISENETWERK)
RESIDENT_ROUTE_KEYS = (RAAD_EN_COLLEGE, OMBUDSMAN, BEZWAAR_EN_KLACHT)

ROUTE_FILE = package_files("escalatie.builtin", "national_routes.toml")[0]


@lru_cache(maxsize=1)
def routes() -> tuple[OnwardRoute, ...]:
    """The routes of the route file, compiled once (kept between runs by
    :mod:`escalatie.modelcache`)."""
    from escalatie.modelcache import route_file

    return tuple(route_file(ROUTE_FILE, "national_routes.toml"))


@hookimpl(trylast=True)
def escalatie_register_routes(register: Callable[[OnwardRoute], None]) -> None:
    for route in routes():
        register(route)
