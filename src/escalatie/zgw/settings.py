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

import attrs
from attrs import field, frozen

from escalatie.errors import EscalatieError
from escalatie.validation import FieldError

EXAMPLE_CATALOGUE = "https://catalogi.example.nl/catalogi/api/v1"
STATUSES = ("submitted", "planned", "in_progress", "closed")
ROLES = ("zaakcoordinator", "initiator", "belanghebbende", "behandelaar", "adviseur")
OUTCOMES = ("resolved", "partly_resolved", "not_resolved", "referred")
CONFIDENTIALITY = (
    "openbaar", "beperkt_openbaar", "intern", "zaakvertrouwelijk",
    "vertrouwelijk", "confidentieel", "geheim", "zeer_geheim",
)  # fmt: skip
_URL = re.compile(r"^https?://\S{1,990}\Z")


def example_url(kind: str, name: str) -> str:
    """A stable example URL such as ``…/statustypen/<uuid5>`` for a documented default."""
    return (
        f"{EXAMPLE_CATALOGUE}/{kind}/{uuid.uuid5(uuid.NAMESPACE_URL, f'escalatie:{kind}:{name}')}"
    )


SECRET_ENV = "ESCALATIE_ZGW_SECRET"
_SECRET_KEYS = frozenset({"secret", "client_secret", "password", "token"})
_CLIENT_ID = re.compile(r"^[A-Za-z0-9._@:-]{1,255}\Z")


def _url(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if not _URL.match(value):
        raise FieldError(attribute.name, f"expected an http(s) URL, got {value!r}")


def _rsin(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    """An RSIN: 9 digits that pass the 11-check, as Open Zaak validates ``bronorganisatie``.

    The RSIN takes the same 11-check as the BSN (weights 9 … 2 and -1), so python-stdnum's
    ``nl.bsn`` checks it (it has no separate RSIN module).
    """
    from stdnum.nl import bsn

    if not re.fullmatch(r"[0-9]{9}", value):
        raise FieldError(attribute.name, f"expected an RSIN of 9 digits, got {value!r}")
    if not bsn.is_valid(value):
        raise FieldError(
            attribute.name, f"expected an RSIN that passes the 11-check, got {value!r}"
        )


def _client_id(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if not _CLIENT_ID.match(value):
        raise FieldError(
            attribute.name,
            "expected the client id the zaaksysteem issued (letters, digits, . _ @ : -), "
            f"got {value!r}",
        )


def _confidentiality(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in CONFIDENTIALITY:
        raise FieldError(
            attribute.name, f"expected one of {', '.join(CONFIDENTIALITY)}, got {value!r}"
        )


def _no_slash(value: str) -> str:
    return value.rstrip("/") if isinstance(value, str) else value


def _types(kind: str, names: tuple[str, ...]) -> Any:
    """A ``[zgw.KIND]`` table: one URL per name, each defaulting to its example URL."""

    def fill(value: Mapping[str, str]) -> dict[str, str]:
        given = dict(value)
        unknown = sorted(set(given) - set(names))
        if unknown:
            raise FieldError(
                f"{kind}.{unknown[0]}", f"unknown key; expected one of {', '.join(names)}"
            )
        for name, url in given.items():
            if not _URL.match(url):
                raise FieldError(f"{kind}.{name}", f"expected an http(s) URL, got {url!r}")
        return {n: given.get(n, example_url(kind, n)).rstrip("/") for n in names}

    return field(factory=dict, converter=fill)


@frozen
class ZgwSettings:
    """The ``[zgw]`` table: catalogue URLs and organisation numbers used in an export, each
    with its documented example default (``docs/settings.md``, ``docs/zgw.md``)."""

    zaken_api: str = field(
        default="https://zaken.example.nl/zaken/api/v1", validator=_url, converter=_no_slash
    )
    zaaktype: str = field(
        default=example_url("zaaktypen", "vastgelopen-casus"), validator=_url, converter=_no_slash
    )
    bronorganisatie: str = field(default="123456782", validator=_rsin)
    verantwoordelijke_organisatie: str = field(default="123456782", validator=_rsin)
    vertrouwelijkheidaanduiding: str = field(default="vertrouwelijk", validator=_confidentiality)
    statustypen: Mapping[str, str] = _types("statustypen", STATUSES)
    roltypen: Mapping[str, str] = _types("roltypen", ROLES)
    resultaattypen: Mapping[str, str] = _types("resultaattypen", OUTCOMES)
    client_id: str = field(default="escalatie", validator=_client_id)
    zaaktype_document: str = ""
    """A saved copy of the zaaktype as the Catalogi API returns it (``GET …/zaaktypen/<uuid>``),
    to check that the configured types belong to it; empty: not checked."""


def from_table(table: Mapping[str, Any]) -> ZgwSettings:
    """Settings from a ``[zgw]`` table through the settings converter; missing keys take the
    documented example defaults. A secret is refused with the variable to use instead."""
    from escalatie.settings import structure

    for key in table:
        if key in _SECRET_KEYS:
            raise EscalatieError(
                f"settings [zgw] {key}: a secret does not belong in a settings file; "
                f"set the environment variable {SECRET_ENV}"
            )
    return structure(table, ZgwSettings, "zgw")


def load() -> ZgwSettings:
    """The ``[zgw]`` table of the settings file; a key that is not a setting is refused."""
    from escalatie.settings import section

    return from_table(section("zgw"))
