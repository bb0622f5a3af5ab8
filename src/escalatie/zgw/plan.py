"""The requests a push sends: from an export and what the register knows exists remotely.

The order is the one the Zaken API (as Open Zaak implements it) requires:

1. the **Zaak** (every other object points to it);
2. **Rollen**, removals first (Open Zaak allows one ``zaakcoordinator`` and one ``initiator``
   at a time, so an old coordinator goes before the new one comes);
3. the **Statussen** up to, not including, the final one, oldest first (the last one set is
   the current status);
4. the **Resultaat** (Open Zaak refuses the final status without one:
   ``resultaat-does-not-exist``);
5. the **final Status** (``closed``): it closes the zaak, after which Open Zaak accepts no
   change without the ``zaken.geforceerd-bijwerken`` scope, so it comes last.

Bodies hold only writable fields of the export (read-only ones are the server's to set); the
Rol, Status and Resultaat bodies point to the zaak through :data:`ZAAK`, replaced by the zaak's
remote URL when it is known. A digest of each body decides whether a recorded object changed.
Statussen are history: a recorded one is never sent again (the API has no update for them).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from attrs import frozen

from escalatie.zgw.remote import Remote
from escalatie.zgw.settings import ZgwSettings

ZAAK = "{zaak}"
"""Stands for the zaak's remote URL in bodies until the zaak exists."""

ZAAK_FIELDS = (
    "identificatie", "bronorganisatie", "omschrijving", "toelichting", "zaaktype",
    "registratiedatum", "verantwoordelijkeOrganisatie", "startdatum", "einddatumGepland",
    "uiterlijkeEinddatumAfdoening", "vertrouwelijkheidaanduiding", "opschorting", "kenmerken",
)  # fmt: skip
STATUS_FIELDS = ("statustype", "datumStatusGezet", "statustoelichting")
ROL_FIELDS = (
    "betrokkeneType", "roltype", "roltoelichting", "indicatieMachtiging",
    "betrokkeneIdentificatie",
)  # fmt: skip
RESULTAAT_FIELDS = ("resultaattype", "toelichting")
COLLECTIONS = {"zaak": "zaken", "status": "statussen", "rol": "rollen", "resultaat": "resultaten"}


@frozen
class Request:
    """One request of a push: what it does to which object, and the body it sends."""

    method: str
    kind: str
    key: str
    url: str
    """The collection (POST) or the recorded object (PUT, DELETE); may hold :data:`ZAAK`."""
    body: dict[str, Any] | None
    digest: str

    @property
    def label(self) -> str:
        return f"{self.kind} {self.key}"


def digest(body: Mapping[str, Any]) -> str:
    """A stable digest of a request body (keys sorted, no whitespace)."""
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _pick(resource: Mapping[str, Any], fields: tuple[str, ...], zaak: bool) -> dict[str, Any]:
    body = {f: resource[f] for f in fields if f in resource}
    return {"zaak": ZAAK, **body} if zaak else body


def rol_key(rol: Mapping[str, Any]) -> str:
    """A Rol's identity: its generic role, the kind of betrokkene and who it is."""
    who = json.dumps(rol["betrokkeneIdentificatie"], sort_keys=True, ensure_ascii=False)
    return f"{rol['omschrijvingGeneriek']}:{rol['betrokkeneType']}:{who}"


def bodies(
    export: Mapping[str, Any], settings: ZgwSettings
) -> list[tuple[str, str, dict[str, Any]]]:
    """``(kind, key, body)`` for every object of an export, in the order they are sent."""
    status_name = {url: name for name, url in settings.statustypen.items()}
    out: list[tuple[str, str, dict[str, Any]]] = [
        ("zaak", "zaak", _pick(export["zaak"], ZAAK_FIELDS, zaak=False))
    ]
    out += [("rol", rol_key(r), _pick(r, ROL_FIELDS, zaak=True)) for r in export["rollen"]]
    final: list[tuple[str, str, dict[str, Any]]] = []
    for status in export["statussen"]:
        name = status_name.get(status["statustype"], status["statustype"])
        item = (
            "status",
            f"{name}@{status['datumStatusGezet']}",
            _pick(status, STATUS_FIELDS, True),
        )
        (final if name == "closed" else out).append(item)
    if export["resultaat"] is not None:
        out.append(("resultaat", "resultaat", _pick(export["resultaat"], RESULTAAT_FIELDS, True)))
    return out + final


def plan(
    export: Mapping[str, Any], settings: ZgwSettings, known: Mapping[tuple[str, str], Remote]
) -> tuple[list[Request], int]:
    """The requests that bring the remote objects in line with the export; and how many
    objects are already up to date (skipped)."""
    api = settings.zaken_api
    wanted = bodies(export, settings)
    keys = {(kind, key) for kind, key, _ in wanted}
    requests: list[Request] = []
    unchanged = 0
    for (kind, key), gone in sorted(known.items()):
        if kind == "rol" and (kind, key) not in keys:
            requests.append(Request("DELETE", kind, key, gone.url, None, ""))
    for kind, key, body in wanted:
        sent = digest(body)
        remote = known.get((kind, key))
        collection = f"{api}/{COLLECTIONS[kind]}"
        if remote is None:
            requests.append(Request("POST", kind, key, collection, body, sent))
        elif remote.digest == sent or kind == "status":
            unchanged += 1
        elif kind == "rol":  # the Zaken API has no update for a Rol: replace it
            requests.append(Request("DELETE", kind, key, remote.url, None, ""))
            requests.append(Request("POST", kind, key, collection, body, sent))
        else:
            requests.append(Request("PUT", kind, key, remote.url, body, sent))
    deletes = [r for r in requests if r.method == "DELETE"]
    rest = [r for r in requests if r.method != "DELETE"]
    # Deletions of Rollen go right after the zaak (if the zaak itself is sent), before any POST.
    head = [r for r in rest[:1] if r.kind == "zaak"]
    return head + deletes + rest[len(head) :], unchanged
