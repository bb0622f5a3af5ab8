"""A local Zaken API 1.5.1 for the push tests: checks every exchange against the OpenAPI file.

A small WSGI app (werkzeug request/response objects, served by the standard library's
``wsgiref`` on 127.0.0.1 in a thread) that

* validates every request and every response it gives with ``openapi-core`` against the
  vendored part of the official spec (:mod:`zgw_spec`; the full file when it is present);
  a request or answer that breaks the spec is kept in :attr:`ZakenServer.violations` (and a
  bad request is answered 400 with a ``ValidatieFout``, as a real server would);
* enforces what Open Zaak enforces beyond the spec (``openzaak/components/zaken/api``):
  ZGW JWT authentication (HS256 with the client's secret; claims ``iss``, ``iat``,
  ``client_id``, ``user_id``, ``user_representation``), one ``initiator`` and one
  ``zaakcoordinator`` per zaak (``RolOccurenceValidator``), ``betrokkene`` or
  ``betrokkeneIdentificatie`` on every Rol, types that belong to the zaak's zaaktype
  (``CorrectZaaktypeValidator``), RSINs that pass the 11-check, a unique identificatie per
  bronorganisatie, one status per moment, a resultaat before the final status, and no change
  to a closed zaak;
* keeps the objects it creates (:attr:`ZakenServer.objects`), so a test can count them;
* fails on request when told to (:meth:`ZakenServer.fail`), before or after doing the work.

It is not Open Zaak: see ``docs/zgw.md`` for what a municipality should check on a real one.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import jwt
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from stdnum.nl import bsn
from werkzeug.wrappers import Request, Response

PREFIX = "/zaken/api/v1"
COLLECTIONS = ("zaken", "statussen", "rollen", "resultaten")
LEEWAY_SECONDS = 300


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class Refusal(Exception):
    """An answer other than success: status and a ZGW error body."""

    def __init__(
        self, status: int, code: str, title: str, params: list[dict[str, str]] | None = None
    ) -> None:
        super().__init__(title)
        self.status, self.code, self.title, self.params = status, code, title, params


def _invalid(name: str, code: str, reason: str) -> Refusal:
    return Refusal(
        400, "invalid", "Invalid input.", [{"name": name, "code": code, "reason": reason}]
    )


class ZakenServer:
    """The app and its state. ``catalogue`` maps roltype URLs to their generic role, and names
    the zaaktype, its statustypen (with the final one) and resultaattypen."""

    def __init__(
        self,
        api: OpenAPI,
        client_id: str,
        secret: str,
        zaaktype: str,
        roltypen: dict[str, str],
        statustypen: list[str],
        resultaattypen: list[str],
    ) -> None:
        self.api = api
        self.client_id, self.secret = client_id, secret
        self.zaaktype, self.roltypen = zaaktype, roltypen
        self.statustypen, self.resultaattypen = statustypen, resultaattypen
        self.objects: dict[str, dict[str, dict[str, Any]]] = {c: {} for c in COLLECTIONS}
        self.violations: list[str] = []
        self.log: list[tuple[str, str, int]] = []
        self.claims: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._failures: list[tuple[str, str, int, str]] = []
        self._counts: dict[tuple[str, str], int] = {}
        self.base = ""
        self._lock = threading.Lock()

    # --- test controls ------------------------------------------------------------------

    def fail(self, method: str, collection: str, nth: int = 1, when: str = "before") -> None:
        """Answer 500 to the ``nth`` ``method`` on ``collection`` from now on, ``before`` or
        ``after`` doing the work (after: the object exists, the answer is lost)."""
        self._failures.append((method, collection, nth, when))
        self._counts[(method, collection)] = 0

    def count(self, collection: str) -> int:
        return len(self.objects[collection])

    # --- WSGI ---------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        with self._lock:
            response = self.handle(request)
        self.log.append((request.method, request.path, response.status_code))
        result = self.api.unmarshal_response(
            WerkzeugOpenAPIRequest(request), WerkzeugOpenAPIResponse(response)
        )
        for error in result.errors:
            self.violations.append(
                f"response {response.status_code} to {request.method} {request.path}: {_why(error)}"
            )
        return response(environ, start_response)

    def handle(self, request: Request) -> Response:
        self.headers.append(dict(request.headers))
        try:
            parts = request.path.removeprefix(PREFIX).strip("/").split("/")
            if not request.path.startswith(PREFIX + "/") or parts[0] not in COLLECTIONS:
                raise Refusal(404, "not_found", "Niet gevonden.")
            self.authenticate(request)
            checked = self.api.unmarshal_request(WerkzeugOpenAPIRequest(request))
            if checked.errors:
                reasons = "; ".join(_why(e) for e in checked.errors)
                self.violations.append(f"request {request.method} {request.path}: {reasons}")
                raise _invalid("nonFieldErrors", "invalid", reasons[:500])
            collection, ident = parts[0], (parts[1] if len(parts) > 1 else None)
            body = request.get_json(silent=True) if request.data else None
            fail = self._failure(request.method, collection)
            if fail == "before":
                raise Refusal(500, "error", "Er is een serverfout opgetreden.")
            status, answer = self.dispatch(request, collection, ident, body)
            if fail == "after":
                raise Refusal(500, "error", "Er is een serverfout opgetreden.")
        except Refusal as refusal:
            return self.refusal(request, refusal)
        headers = {"API-version": "1.5.1"}
        if collection == "zaken":
            headers["Content-Crs"] = "EPSG:4326"
        if status == 201 and isinstance(answer, dict):
            headers["Location"] = answer["url"]
        if answer is None:
            return Response(status=status, headers=headers)
        return Response(
            json.dumps(answer), status=status, headers=headers, content_type="application/json"
        )

    def refusal(self, request: Request, refusal: Refusal) -> Response:
        body: dict[str, Any] = {
            "type": f"https://example.invalid/fouten/{refusal.code}",
            "code": refusal.code,
            "title": refusal.title,
            "status": refusal.status,
            "detail": refusal.title if refusal.params is None else "Ongeldige invoer.",
            "instance": f"urn:uuid:{uuid.uuid4()}",
        }
        if refusal.params is not None:
            body["invalidParams"] = refusal.params
        return Response(
            json.dumps(body), status=refusal.status, headers={"API-version": "1.5.1"},
            content_type="application/problem+json",
        )  # fmt: skip

    def _failure(self, method: str, collection: str) -> str | None:
        for m, c, nth, when in self._failures:
            if (m, c) == (method, collection):
                self._counts[(m, c)] += 1
                if self._counts[(m, c)] == nth:
                    self._failures.remove((m, c, nth, when))
                    return when
        return None

    # --- authentication (ZGW: JWT, HS256, the claims Open Zaak reads) -------------------

    def authenticate(self, request: Request) -> None:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            raise Refusal(401, "not_authenticated", "Authenticatiegegevens zijn niet opgegeven.")
        try:
            claims = jwt.decode(
                header.removeprefix("Bearer "), self.secret, algorithms=["HS256"],
                options={"require": ["iat", "iss", "client_id"], "verify_iat": True},
            )  # fmt: skip
        except jwt.PyJWTError as exc:
            raise Refusal(403, "permission_denied", f"Ongeldige JWT: {exc}") from None
        if claims["client_id"] != self.client_id or claims["iss"] != self.client_id:
            raise Refusal(403, "permission_denied", "Client identifier bestaat niet")
        if not claims.get("user_id") or not claims.get("user_representation"):
            raise Refusal(403, "permission_denied", "user_id en user_representation ontbreken")
        age = datetime.now(UTC).timestamp() - float(claims["iat"])
        if abs(age) > LEEWAY_SECONDS:
            raise Refusal(403, "permission_denied", "De JWT is verlopen (iat)")
        self.claims.append(claims)

    # --- the resources ------------------------------------------------------------------

    def url(self, collection: str, ident: str) -> str:
        return f"{self.base}/{collection}/{ident}"

    def _zaak(self, url: str, name: str = "zaak") -> dict[str, Any]:
        ident = url.rstrip("/").rsplit("/", 1)[-1]
        zaak = self.objects["zaken"].get(ident) if url.startswith(self.base + "/zaken/") else None
        if zaak is None:
            raise _invalid(name, "does_not_exist", "Ongeldige hyperlink - Object bestaat niet.")
        return zaak

    def _open(self, zaak: dict[str, Any]) -> None:
        if zaak["einddatum"] is not None:
            raise Refusal(
                403,
                "permission_denied",
                "De zaak is afgesloten; wijzigen vereist zaken.geforceerd-bijwerken",
            )

    def _children(self, collection: str, zaak_url: str) -> list[dict[str, Any]]:
        return [o for o in self.objects[collection].values() if o["zaak"] == zaak_url]

    def dispatch(
        self, request: Request, collection: str, ident: str | None, body: Any
    ) -> tuple[int, Any]:
        method = request.method
        if method == "GET" and ident is None:
            items = list(self.objects[collection].values())
            for key, value in request.args.items():
                items = [i for i in items if str(i.get(key)) == value]
            return 200, {"count": len(items), "next": None, "previous": None, "results": items}
        if ident is not None and ident not in self.objects[collection]:
            raise Refusal(404, "not_found", "Niet gevonden.")
        if method == "DELETE":
            rol = self.objects[collection][ident]
            self._open(self._zaak(rol["zaak"]))
            del self.objects[collection][ident]
            return 204, None
        assert isinstance(body, dict)
        handler = getattr(self, f"_{method.lower()}_{collection}")
        result: tuple[int, Any] = handler(body, ident)
        return result

    def _post_zaken(self, body: dict[str, Any], _: None) -> tuple[int, Any]:
        for key in ("bronorganisatie", "verantwoordelijkeOrganisatie"):
            if not bsn.is_valid(body[key]):  # Open Zaak's RSINField: the 11-check
                raise _invalid(key, "invalid", "Onjuist RSIN nummer.")
        if body["zaaktype"] != self.zaaktype:
            raise _invalid(
                "zaaktype", "does_not_exist", "Het zaaktype bestaat niet in de catalogus."
            )
        for other in self.objects["zaken"].values():
            if (other["identificatie"], other["bronorganisatie"]) == (
                body.get("identificatie"),
                body["bronorganisatie"],
            ):
                raise _invalid(
                    "identificatie",
                    "identificatie-niet-uniek",
                    "Deze identificatie bestaat al voor deze bronorganisatie",
                )
        ident = str(uuid.uuid4())
        zaak = {
            **body, "url": self.url("zaken", ident), "uuid": ident, "einddatum": None,
            "betalingsindicatieWeergave": "", "deelzaken": [], "eigenschappen": [], "rollen": [],
            "status": None, "zaakinformatieobjecten": [], "zaakobjecten": [], "resultaat": None,
        }  # fmt: skip
        self.objects["zaken"][ident] = zaak
        return 201, zaak

    def _put_zaken(self, body: dict[str, Any], ident: str) -> tuple[int, Any]:
        zaak = self.objects["zaken"][ident]
        self._open(zaak)
        if (
            body["zaaktype"] != zaak["zaaktype"]
            or body.get("identificatie") != zaak["identificatie"]
        ):
            raise _invalid(
                "zaaktype", "wijzigen-niet-toegelopen", "Dit veld mag niet gewijzigd worden."
            )
        zaak.update(body)
        return 200, zaak

    def _post_rollen(self, body: dict[str, Any], _: None) -> tuple[int, Any]:
        zaak = self._zaak(body["zaak"])
        self._open(zaak)
        if not body.get("betrokkene") and not body.get("betrokkeneIdentificatie"):
            raise _invalid(
                "nonFieldErrors",
                "invalid-betrokkene",
                "betrokkene or betrokkeneIdentificatie must be provided",
            )
        generic = self.roltypen.get(body["roltype"])
        if generic is None:
            raise _invalid(
                "nonFieldErrors",
                "zaaktype-mismatch",
                "De referentie hoort niet bij het zaaktype van de zaak.",
            )
        if generic in ("initiator", "zaakcoordinator"):
            existing = [
                r
                for r in self._children("rollen", zaak["url"])
                if r["omschrijvingGeneriek"] == generic
            ]
            if existing:
                raise _invalid(
                    "roltype",
                    "max-occurences",
                    f"There are already {len(existing)} `{generic}` occurences",
                )
        ident = str(uuid.uuid4())
        rol = {
            **body, "url": self.url("rollen", ident), "uuid": ident,
            "omschrijving": generic.capitalize(), "omschrijvingGeneriek": generic,
            "registratiedatum": datetime.now(UTC).isoformat(), "statussen": [],
        }  # fmt: skip
        self.objects["rollen"][ident] = rol
        zaak["rollen"] = [r["url"] for r in self._children("rollen", zaak["url"])]
        return 201, rol

    def _post_statussen(self, body: dict[str, Any], _: None) -> tuple[int, Any]:
        zaak = self._zaak(body["zaak"])
        self._open(zaak)
        if body["statustype"] not in self.statustypen:
            raise _invalid(
                "nonFieldErrors",
                "zaaktype-mismatch",
                "De referentie hoort niet bij het zaaktype van de zaak.",
            )
        moment = datetime.fromisoformat(body["datumStatusGezet"])
        siblings = self._children("statussen", zaak["url"])
        if any(datetime.fromisoformat(s["datumStatusGezet"]) == moment for s in siblings):
            raise _invalid(
                "nonFieldErrors",
                "unique",
                "De velden zaak, datum_status_gezet moeten een unieke set zijn.",
            )
        final = body["statustype"] == self.statustypen[-1]
        if final and zaak["resultaat"] is None:
            raise _invalid(
                "nonFieldErrors", "resultaat-does-not-exist", "Zaak heeft geen resultaat."
            )
        ident = str(uuid.uuid4())
        status = {
            **body,
            "url": self.url("statussen", ident),
            "uuid": ident,
            "zaakinformatieobjecten": [],
        }
        self.objects["statussen"][ident] = status
        latest = max(
            [*siblings, status], key=lambda s: datetime.fromisoformat(s["datumStatusGezet"])
        )
        for s in [*siblings, status]:
            s["indicatieLaatstGezetteStatus"] = s is latest
        zaak["status"] = latest["url"]
        if final:
            zaak["einddatum"] = moment.date().isoformat()
        return 201, status

    def _post_resultaten(self, body: dict[str, Any], _: None) -> tuple[int, Any]:
        zaak = self._zaak(body["zaak"])
        self._open(zaak)
        self._resultaattype(body)
        if zaak["resultaat"] is not None:
            raise _invalid("zaak", "unique", "Resultaat met deze zaak bestaat al.")
        ident = str(uuid.uuid4())
        resultaat = {**body, "url": self.url("resultaten", ident), "uuid": ident}
        self.objects["resultaten"][ident] = resultaat
        zaak["resultaat"] = resultaat["url"]
        return 201, resultaat

    def _put_resultaten(self, body: dict[str, Any], ident: str) -> tuple[int, Any]:
        resultaat = self.objects["resultaten"][ident]
        self._open(self._zaak(resultaat["zaak"]))
        self._resultaattype(body)
        resultaat.update(body)
        return 200, resultaat

    def _resultaattype(self, body: dict[str, Any]) -> None:
        if body["resultaattype"] not in self.resultaattypen:
            raise _invalid(
                "nonFieldErrors",
                "zaaktype-mismatch",
                "De referentie hoort niet bij het zaaktype van de zaak.",
            )


def _why(error: Exception) -> str:
    causes = [str(error)]
    inner = getattr(error, "__cause__", None)
    for sub in getattr(inner, "schema_errors", []) or []:
        causes.append(f"{list(sub.absolute_path)}: {sub.message}")
    return " | ".join(causes)[:1000]


@contextmanager
def serving(server: ZakenServer) -> Iterator[str]:
    """Serve ``server`` on 127.0.0.1 (a free port) in a thread; yields the API's base URL."""
    httpd: WSGIServer = make_server("127.0.0.1", 0, server, handler_class=_Quiet)
    server.base = f"http://127.0.0.1:{httpd.server_port}{PREFIX}"
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield server.base
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
