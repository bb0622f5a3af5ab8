"""The ``[zgw]`` settings: where the zaaksysteem lives and the catalogue's type URLs.

Every key has an example default under ``example.nl`` (see ``docs/zgw.md``), so an export
works out of the box; a municipality sets its own catalogue URLs before handing cases over
(:func:`escalatie.zgw.catalogue.check` warns while the examples are in use). The client
secret of ``case push --zgw`` is never a setting: it comes from ``ESCALATIE_ZGW_SECRET``.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from typing import Any

from attrs import frozen

from escalatie.errors import EscalatieError

EXAMPLE_CATALOGUE = "https://catalogi.example.nl/catalogi/api/v1"
STATUSES = ("submitted", "planned", "in_progress", "closed")
ROLES = ("zaakcoordinator", "initiator", "belanghebbende", "behandelaar", "adviseur")
OUTCOMES = ("resolved", "partly_resolved", "not_resolved", "referred")
CONFIDENTIALITY = (
    "openbaar", "beperkt_openbaar", "intern", "zaakvertrouwelijk",
    "vertrouwelijk", "confidentieel", "geheim", "zeer_geheim",
)  # fmt: skip
_URL = re.compile(r"^https?://\S{1,990}$")


def example_url(kind: str, name: str) -> str:
    """A stable example URL such as ``…/statustypen/<uuid5>`` for a documented default."""
    return (
        f"{EXAMPLE_CATALOGUE}/{kind}/{uuid.uuid5(uuid.NAMESPACE_URL, f'escalatie:{kind}:{name}')}"
    )


@frozen
class ZgwSettings:
    """Catalogue URLs and organisation numbers used in an export."""

    zaken_api: str
    zaaktype: str
    bronorganisatie: str
    verantwoordelijke_organisatie: str
    vertrouwelijkheidaanduiding: str
    statustypen: Mapping[str, str]
    roltypen: Mapping[str, str]
    resultaattypen: Mapping[str, str]
    client_id: str = "escalatie"
    zaaktype_document: str = ""
    """A saved copy of the zaaktype as the Catalogi API returns it (``GET …/zaaktypen/<uuid>``),
    to check that the configured types belong to it; empty: not checked."""


def _url(table: Mapping[str, Any], key: str, default: str, where: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not _URL.match(value):
        raise EscalatieError(f"settings [{where}] {key}: expected an http(s) URL, got {value!r}")
    return value.rstrip("/")


def _rsin(table: Mapping[str, Any], key: str, default: str) -> str:
    """An RSIN: 9 digits that pass the 11-check, as Open Zaak validates ``bronorganisatie``.

    The RSIN takes the same 11-check as the BSN (weights 9 … 2 and -1), so python-stdnum's
    ``nl.bsn`` checks it (it has no separate RSIN module).
    """
    from stdnum.nl import bsn

    value = table.get(key, default)
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{9}", value):
        raise EscalatieError(f"settings [zgw] {key}: expected an RSIN of 9 digits, got {value!r}")
    if not bsn.is_valid(value):
        raise EscalatieError(
            f"settings [zgw] {key}: expected an RSIN that passes the 11-check, got {value!r}"
        )
    return value


SECRET_ENV = "ESCALATIE_ZGW_SECRET"
_SECRET_KEYS = frozenset({"secret", "client_secret", "password", "token"})
_CLIENT_ID = re.compile(r"^[A-Za-z0-9._@:-]{1,255}$")


def _client_id(table: Mapping[str, Any]) -> str:
    value = table.get("client_id", "escalatie")
    if not isinstance(value, str) or not _CLIENT_ID.match(value):
        raise EscalatieError(
            "settings [zgw] client_id: expected the client id the zaaksysteem issued "
            f"(letters, digits, . _ @ : -), got {value!r}"
        )
    return value


def _urls(table: Mapping[str, Any], key: str, names: tuple[str, ...]) -> dict[str, str]:
    sub = table.get(key, {})
    if not isinstance(sub, Mapping):
        raise EscalatieError(f"settings [zgw] {key}: expected a table")
    unknown = sorted(set(sub) - set(names))
    if unknown:
        raise EscalatieError(
            f"settings [zgw.{key}] {unknown[0]}: unknown key; expected one of {', '.join(names)}"
        )
    return {n: _url(sub, n, example_url(key, n), f"zgw.{key}") for n in names}


def from_table(table: Mapping[str, Any]) -> ZgwSettings:
    """Settings from a ``[zgw]`` table; missing keys take the documented example defaults."""
    for key in table:
        if key in _SECRET_KEYS:
            raise EscalatieError(
                f"settings [zgw] {key}: a secret does not belong in a settings file; "
                f"set the environment variable {SECRET_ENV}"
            )
    document = table.get("zaaktype_document", "")
    if not isinstance(document, str):
        raise EscalatieError(
            f"settings [zgw] zaaktype_document: expected a file path, got {document!r}"
        )
    confidentiality = table.get("vertrouwelijkheidaanduiding", "vertrouwelijk")
    if confidentiality not in CONFIDENTIALITY:
        raise EscalatieError(
            "settings [zgw] vertrouwelijkheidaanduiding: expected one of "
            f"{', '.join(CONFIDENTIALITY)}, got {confidentiality!r}"
        )
    return ZgwSettings(
        zaken_api=_url(table, "zaken_api", "https://zaken.example.nl/zaken/api/v1", "zgw"),
        zaaktype=_url(table, "zaaktype", example_url("zaaktypen", "vastgelopen-casus"), "zgw"),
        bronorganisatie=_rsin(table, "bronorganisatie", "123456782"),
        verantwoordelijke_organisatie=_rsin(table, "verantwoordelijke_organisatie", "123456782"),
        vertrouwelijkheidaanduiding=str(confidentiality),
        statustypen=_urls(table, "statustypen", STATUSES),
        roltypen=_urls(table, "roltypen", ROLES),
        resultaattypen=_urls(table, "resultaattypen", OUTCOMES),
        client_id=_client_id(table),
        zaaktype_document=document,
    )


KEYS = (
    "zaken_api", "zaaktype", "bronorganisatie", "verantwoordelijke_organisatie",
    "vertrouwelijkheidaanduiding", "statustypen", "roltypen", "resultaattypen",
    "client_id", "zaaktype_document", *_SECRET_KEYS,
)  # fmt: skip
"""Keys ``load`` accepts; the secret-like ones only to refuse them with a message naming the
environment variable instead of "unknown setting"."""


def load() -> ZgwSettings:
    """The ``[zgw]`` table of the settings file; a key that is not a setting is refused."""
    from escalatie.settings import section

    return from_table(section("zgw", known=KEYS))
