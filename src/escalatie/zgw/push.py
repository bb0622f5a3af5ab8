"""``case push ID --zgw``: send a case to a Zaken API, idempotently.

The export (:func:`escalatie.zgw.export.export_case`, built from the pseudonymised case) is
turned into requests (:mod:`escalatie.zgw.plan`) against what the register recorded for this
API (:mod:`escalatie.zgw.remote`). Each answer is recorded in its own transaction before the
next request goes out, so:

* a second push updates what changed and skips the rest instead of creating duplicates;
* a push that stops half-way (an error, a lost connection, a killed process) is finished by the
  next push: what was created is recorded and not sent again;
* an object created remotely whose answer never arrived is found again: before creating, the
  push looks the zaak up by ``identificatie`` and ``bronorganisatie`` (unique in the Zaken API)
  and lists its Rollen, Statussen and Resultaat, adopting what matches.

The push is audited as ``zgw_push`` only when something was sent; as ``zgw_push_unchanged``
when everything was up to date, ``zgw_push_incomplete`` when a request carrying case data
had gone out before an error (even if the zaaksysteem did not keep it), and
``zgw_push_failed`` when an error came before any such request.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from attrs import frozen

from escalatie.deadlines import Norms
from escalatie.errors import EscalatieError
from escalatie.model import EscalationModel
from escalatie.register.register import Register
from escalatie.register.session import Session
from escalatie.zgw.export import export_case
from escalatie.zgw.plan import ZAAK, Request, bodies, digest, plan
from escalatie.zgw.remote import Remote, forget, record, recorded
from escalatie.zgw.settings import ZgwSettings

if TYPE_CHECKING:
    from escalatie.zgw.client import ZakenClient

EXAMPLE_API = "https://zaken.example.nl/zaken/api/v1"


@frozen
class Pushed:
    """What a push did."""

    zaak: str
    created: int
    updated: int
    deleted: int
    unchanged: int
    adopted: int

    def summary(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.deleted} deleted, "
            f"{self.unchanged} unchanged"
            + (f", {self.adopted} found remotely" if self.adopted else "")
        )


def require_api(settings: ZgwSettings) -> None:
    """A push needs the municipality's own Zaken API, never the documented example."""
    if settings.zaken_api == EXAMPLE_API:
        raise EscalatieError(
            f"settings [zgw] zaken_api: still the example {EXAMPLE_API}; "
            "set the Zaken API of your zaaksysteem"
        )


def prepare(
    reg: Register,
    case_id: str,
    settings: ZgwSettings,
    norms: Norms,
    at: datetime,
    model: EscalationModel | None,
) -> tuple[dict[str, Any], dict[tuple[str, str], Remote]]:
    """The export of the case and what is recorded remotely for it (one read transaction)."""
    with reg.transaction():
        state = reg.state(case_id)
        export = export_case(state, settings, norms, at, model)
        return export, recorded(reg, settings.zaken_api, case_id)


def fill(body: Mapping[str, Any] | None, zaak: str) -> dict[str, Any] | None:
    """A body with :data:`ZAAK` replaced by the zaak's URL."""
    if body is None:
        return None
    return {k: (zaak if v == ZAAK else v) for k, v in body.items()}


def _same_moment(a: Any, b: Any) -> bool:
    try:
        return datetime.fromisoformat(str(a)) == datetime.fromisoformat(str(b))
    except ValueError:
        return bool(a == b)


def _matches(kind: str, body: Mapping[str, Any], found: Mapping[str, Any]) -> bool:
    """Whether a remote object is the one ``body`` would create (by its identifying fields)."""
    if kind == "status":
        return found.get("statustype") == body["statustype"] and _same_moment(
            found.get("datumStatusGezet"), body["datumStatusGezet"]
        )
    if kind == "rol":
        who = found.get("betrokkeneIdentificatie") or {}
        return (
            found.get("roltype") == body["roltype"]
            and found.get("betrokkeneType") == body["betrokkeneType"]
            and all(who.get(k) == v for k, v in body["betrokkeneIdentificatie"].items())
        )
    return True  # one resultaat per zaak


def _same(kind: str, body: Mapping[str, Any], found: Mapping[str, Any]) -> bool:
    """Whether a matching remote object also carries what ``body`` would send."""
    fields = {"rol": ("roltoelichting",), "resultaat": ("resultaattype", "toelichting")}
    return all(found.get(f) == body.get(f) for f in fields.get(kind, ()))


class _Push:
    def __init__(
        self,
        reg: Register,
        case_id: str,
        settings: ZgwSettings,
        client: ZakenClient,
        session: Callable[[], Session],
    ) -> None:
        self.reg, self.case_id, self.settings, self.client = reg, case_id, settings, client
        self.session = session
        self.api = settings.zaken_api
        self.counts = {"POST": 0, "PUT": 0, "DELETE": 0, "adopted": 0}
        self.attempted = 0

    def keep(self, remote: Remote) -> None:
        with self.reg.transaction():
            record(self.session(), self.api, self.case_id, remote)

    def reconcile(
        self, export: Mapping[str, Any], known: dict[tuple[str, str], Remote]
    ) -> dict[tuple[str, str], Remote]:
        """Adopt objects that exist remotely but are not recorded (a lost answer)."""
        known = dict(known)
        if ("zaak", "zaak") not in known:
            zaak = export["zaak"]
            found = self.client.list(
                "zaken",
                {
                    "identificatie": zaak["identificatie"],
                    "bronorganisatie": zaak["bronorganisatie"],
                },
            )
            if not found:
                return known  # a new zaak: nothing of it can exist remotely
            known[("zaak", "zaak")] = Remote("zaak", "zaak", str(found[0]["url"]), "")
            self.keep(known[("zaak", "zaak")])
            self.counts["adopted"] += 1
        zaak_url = known[("zaak", "zaak")].url
        missing = [
            (k, key, b) for k, key, b in bodies(export, self.settings) if (k, key) not in known
        ]
        collections = {"rol": "rollen", "status": "statussen", "resultaat": "resultaten"}
        for kind in sorted({k for k, _, _ in missing if k != "zaak"}):
            remote_items = self.client.list(collections[kind], {"zaak": zaak_url})
            taken = {r.url for r in known.values()}
            for _, key, body in (m for m in missing if m[0] == kind):
                for item in remote_items:
                    if item.get("url") in taken or not _matches(kind, body, item):
                        continue
                    same = _same(kind, body, item)
                    known[(kind, key)] = Remote(
                        kind, key, str(item["url"]), digest(body) if same else ""
                    )
                    self.keep(known[(kind, key)])
                    taken.add(str(item["url"]))
                    self.counts["adopted"] += 1
                    break
        return known

    def send(self, request: Request, zaak: str) -> str:
        """Send one request and record its result; the zaak's URL (new after a zaak POST)."""
        self.attempted += 1  # from here on, case data may have reached the zaaksysteem
        answer = self.client.request(request.method, request.url, fill(request.body, zaak))
        if request.method == "DELETE":
            with self.reg.transaction():
                forget(self.session(), self.api, self.case_id, request.kind, request.key)
        else:
            url = answer.get("url") if isinstance(answer, dict) else None
            if request.method == "PUT":
                url = request.url
            if not isinstance(url, str) or not url:
                raise EscalatieError(
                    f"zaken_api: {request.method} /{request.url.rsplit('/', 1)[-1]} answered without the url of the {request.kind}"
                )
            self.keep(Remote(request.kind, request.key, url, request.digest))
            if request.kind == "zaak":
                zaak = url
        self.counts[request.method] += 1
        return zaak

    def sent(self) -> int:
        return self.counts["POST"] + self.counts["PUT"] + self.counts["DELETE"]


def push(
    reg: Register,
    case_id: str,
    settings: ZgwSettings,
    norms: Norms,
    model: EscalationModel | None,
    client: ZakenClient,
    session: Callable[[], Session],
) -> Pushed:
    """Push one case; ``session()`` gives the audited session (actor, ``at``, recorded time)."""
    require_api(settings)
    at = session().at
    export, known = prepare(reg, case_id, settings, norms, at, model)
    job = _Push(reg, case_id, settings, client, session)
    unchanged = 0
    try:
        known = job.reconcile(export, known)
        requests, unchanged = plan(export, settings, known)
        zaak = known[("zaak", "zaak")].url if ("zaak", "zaak") in known else ZAAK
        for request in requests:
            zaak = job.send(request, zaak)
    except EscalatieError as exc:
        action = "zgw_push_incomplete" if job.attempted else "zgw_push_failed"
        with reg.transaction():
            session().log(
                action,
                case_id,
                detail=f"to {settings.zaken_api}: {job.sent()} of {job.attempted} requests "
                f"answered, then: {exc}",
            )
        raise
    result = Pushed(
        zaak,
        job.counts["POST"],
        job.counts["PUT"],
        job.counts["DELETE"],
        unchanged,
        job.counts["adopted"],
    )
    action = "zgw_push" if job.sent() else "zgw_push_unchanged"  # nothing sent: not a push
    with reg.transaction():
        session().log(action, case_id, detail=f"to {settings.zaken_api}: {result.summary()}")
    return result


def render(requests: list[Request], known: Mapping[tuple[str, str], Remote], client_id: str) -> str:
    """``--dry-run``: the requests as they would be sent, without the token or its secret.

    Bodies are what the export allows (pseudonymous); the zaak's URL stands in angle brackets
    while the zaak does not exist yet. Nothing is looked up remotely for a dry run.
    """
    from escalatie.zgw.client import CRS

    zaak = known[("zaak", "zaak")].url if ("zaak", "zaak") in known else "<url of the new zaak>"
    blocks = []
    for request in requests:
        lines = [f"{request.method} {request.url}"]
        lines.append(f"Authorization: Bearer <JWT, HS256, client_id {client_id}; not shown>")
        if "/zaken" in request.url and request.kind == "zaak":
            lines += [f"Accept-Crs: {CRS}", f"Content-Crs: {CRS}"]
        body = fill(request.body, zaak)
        if body is not None:
            import json

            lines.append("Content-Type: application/json")
            lines.append(json.dumps(body, ensure_ascii=False, indent=2))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")
