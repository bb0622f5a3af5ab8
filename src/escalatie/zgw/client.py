"""A small client for a Zaken API: ZGW's JWT authentication, CRS headers, one-line errors.

Authentication follows the ZGW autorisatie standard ("Authenticatie en autorisatie" of the VNG
API's): every request carries ``Authorization: Bearer <JWT>``, a token signed with HS256 with
the client secret the zaaksysteem issued, with the claims ``iss`` and ``client_id`` (the client
id), ``iat`` (now: Open Zaak refuses tokens outside its leeway), ``user_id`` and
``user_representation`` (who works, for the zaaksysteem's audit trail: the ``--actor``).

Zaak endpoints require ``Accept-Crs`` and ``Content-Crs`` (``EPSG:4326``, WGS84, the only CRS
the Zaken API offers). httpx and PyJWT are imported only here, when a push runs.

Every failure becomes one :class:`~escalatie.errors.EscalatieError` line naming the setting:
an unreachable API, a refused token (401/403), or any other 4xx/5xx, shown with the API's own
error fields (``title``, ``detail``, ``invalidParams``).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from escalatie.errors import EscalatieError
from escalatie.zgw.settings import SECRET_ENV

if TYPE_CHECKING:
    import httpx

CRS = "EPSG:4326"
TIMEOUT_SECONDS = 15.0


class ZgwError(EscalatieError):
    """A request to the Zaken API failed; the message is one line."""


def _one_line(text: str, limit: int = 300) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def describe_answer(status: int, reason: str, text: str) -> str:
    """``400 Bad Request: <title>: <detail>; invalid: name (code): reason, …`` on one line."""
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        body = _one_line(text, 200)
        return f"{status} {reason}" + (f": {body}" if body else "")
    parts = [str(data.get("title") or reason)]
    if data.get("detail") and data.get("detail") != data.get("title"):
        parts.append(str(data["detail"]))
    line = f"{status} " + ": ".join(parts)
    params = data.get("invalidParams")
    if isinstance(params, list) and params:
        shown = [
            f"{p.get('name', '?')} ({p.get('code', '?')}): {p.get('reason', '')}"
            for p in params
            if isinstance(p, dict)
        ]
        line += "; invalidParams: " + ", ".join(shown)
    return _one_line(line, 600)


class ZakenClient:
    """Requests to one Zaken API, authenticated as ``client_id`` on behalf of ``actor``."""

    def __init__(
        self,
        api: str,
        client_id: str,
        secret: str,
        actor: str,
        clock: Callable[[], datetime],
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        import httpx

        self.api = api.rstrip("/")
        self.client_id = client_id
        self._secret = secret
        self.actor = actor
        self.clock = clock
        self._http = httpx.Client(timeout=TIMEOUT_SECONDS, transport=transport)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ZakenClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def token(self) -> str:
        """A fresh JWT (HS256) with the claims the ZGW standard names."""
        import jwt

        claims = {
            "iss": self.client_id,
            "iat": int(self.clock().timestamp()),
            "client_id": self.client_id,
            "user_id": self.actor,
            "user_representation": self.actor,
        }
        with warnings.catch_warnings():
            # PyJWT warns (over several lines) about a secret shorter than 32 bytes; the
            # zaaksysteem issued the secret, so its length is not the client's to refuse.
            warnings.simplefilter("ignore")
            return jwt.encode(claims, self._secret, algorithm="HS256")

    def headers(self, url: str, body: bool) -> dict[str, str]:
        """The headers of a request to ``url`` (without the token)."""
        headers = {"Accept": "application/json"}
        if body:
            headers["Content-Type"] = "application/json"
        if url.startswith(f"{self.api}/zaken"):
            headers["Accept-Crs"] = CRS
            headers["Content-Crs"] = CRS
        return headers

    def request(
        self,
        method: str,
        url: str,
        body: Mapping[str, Any] | None = None,
        params: Mapping[str, str] | None = None,
    ) -> Any:
        """Send one request; the decoded JSON answer (None for 204), or a one-line ZgwError."""
        import httpx

        if not url.startswith(self.api + "/"):
            # A URL from an answer or the register must not take the token to another host.
            raise ZgwError(
                f"zaken_api: refusing to send to {url}: it is not under the configured "
                f"[zgw] zaken_api {self.api}"
            )
        headers = self.headers(url, body is not None)
        headers["Authorization"] = f"Bearer {self.token()}"
        path = url[len(self.api) :] or "/"
        try:
            answer = self._http.request(
                method,
                url,
                headers=headers,
                params=dict(params or {}),
                content=None if body is None else json.dumps(body, ensure_ascii=False).encode(),
            )
        except httpx.HTTPError as exc:
            raise ZgwError(
                f"zaken_api: cannot reach {self.api} ({type(exc).__name__}: {_one_line(str(exc), 200)})"
            ) from None
        if answer.status_code in (401, 403):
            raise ZgwError(
                f"zaken_api: the Zaken API refused the token for {method} {path} "
                f"({describe_answer(answer.status_code, answer.reason_phrase, answer.text)}); "
                f"check [zgw] client_id ({self.client_id}) and {SECRET_ENV}"
            )
        if answer.status_code >= 400:
            raise ZgwError(
                f"zaken_api: {method} {path} was refused: "
                f"{describe_answer(answer.status_code, answer.reason_phrase, answer.text)}"
            )
        if answer.status_code == 204 or not answer.content:
            return None
        try:
            return answer.json()
        except ValueError:
            raise ZgwError(
                f"zaken_api: {method} {path} answered {answer.status_code} without JSON"
            ) from None

    def list(self, collection: str, params: Mapping[str, str], limit: int = 50) -> list[Any]:
        """Every item of a (paginated) list, following ``next`` for at most ``limit`` pages."""
        url: str | None = f"{self.api}/{collection}"
        items: list[Any] = []
        query: Mapping[str, str] | None = params
        for _ in range(limit):
            if url is None:
                return items
            page = self.request("GET", url, params=query)
            if isinstance(page, list):
                return items + page
            if not isinstance(page, dict) or not isinstance(page.get("results"), list):
                raise ZgwError(f"zaken_api: GET /{collection} answered without a list of results")
            items += page["results"]
            url, query = page.get("next"), None
        raise ZgwError(f"zaken_api: GET /{collection} has more than {limit} pages")
