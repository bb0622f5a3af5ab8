"""Do the configured catalogue types belong to the configured zaaktype?

Open Zaak refuses a Status, Rol or Resultaat whose type belongs to another zaaktype than the
Zaak's (its ``CorrectZaaktypeValidator``: code ``zaaktype-mismatch``). The same check runs here,
before anything is exported or sent, against the zaaktype as the Catalogi API 1.3.1 returns it:
its ``statustypen``, ``roltypen`` and ``resultaattypen`` list the types that belong to it.

* ``[zgw] zaaktype_document`` names a saved copy of that zaaktype (``GET …/zaaktypen/<uuid>``);
  every configured type must be listed in it.
* With the documented example defaults, the example zaaktype lists the example types, so the
  check passes, and a warning says the example catalogue is still in use.
* An example type beside a municipality's own zaaktype (or the reverse) cannot belong to it:
  refused, naming the setting.
* Own URLs without a zaaktype document cannot be checked here: a warning says so (the
  zaaksysteem still checks on receipt).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from escalatie.errors import EscalatieError
from escalatie.zgw.settings import EXAMPLE_CATALOGUE, ZgwSettings

_KINDS = (
    ("statustypen", "statustype"),
    ("roltypen", "roltype"),
    ("resultaattypen", "resultaattype"),
)


def _types(settings: ZgwSettings) -> Iterator[tuple[str, str, str, str]]:
    """``(table, key, url, singular)`` for every configured type."""
    for table, singular in _KINDS:
        for key, url in getattr(settings, table).items():
            yield table, key, url, singular


def _example(url: str) -> bool:
    return url.startswith(EXAMPLE_CATALOGUE + "/")


_MAX_BYTES = 4_000_000
"""A zaaktype as the Catalogi API returns it is a few kilobytes; parse_json refuses more than
a million characters, which this many bytes of UTF-8 always hold."""


def _read(path: Path, where: str) -> str:
    """The text of a regular file of at most :data:`_MAX_BYTES`, opened without waiting on a
    pipe and checked on the open file: a FIFO, ``/dev/zero`` or a folder is one line, not a hang
    or a MemoryError."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise EscalatieError(f"{where}: cannot read it ({exc.strerror or exc})") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise EscalatieError(
            f"{where}: not a regular file (a folder, device or pipe); expected the zaaktype "
            "as the Catalogi API returns it, saved as a file"
        )
    with os.fdopen(fd, "rb") as handle:
        try:
            raw = handle.read(_MAX_BYTES + 1)
        except OSError as exc:
            raise EscalatieError(f"{where}: cannot read it ({exc.strerror or exc})") from None
    if len(raw) > _MAX_BYTES:
        raise EscalatieError(f"{where}: larger than {_MAX_BYTES:,} bytes; expected a zaaktype")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise EscalatieError(f"{where}: not UTF-8 text; expected the zaaktype as JSON") from None


def _document(settings: ZgwSettings) -> dict[str, set[str]]:
    path = Path(settings.zaaktype_document).expanduser()
    where = f"settings [zgw] zaaktype_document: {path}"
    from escalatie.documents import parse_json

    data = parse_json(_read(path, where), where)  # too deep, too large, repeated keys: one line
    if not isinstance(data, dict) or not isinstance(data.get("url"), str):
        raise EscalatieError(f"{where}: expected a zaaktype object with its url")
    if data["url"].rstrip("/") != settings.zaaktype:
        raise EscalatieError(
            f"{where}: describes zaaktype {data['url']}, not the configured [zgw] zaaktype "
            f"{settings.zaaktype}"
        )
    out: dict[str, set[str]] = {}
    for table, _ in _KINDS:
        listed = data.get(table)
        if not isinstance(listed, list) or not all(isinstance(u, str) for u in listed):
            raise EscalatieError(f"{where}: expected {table} as a list of URLs")
        out[table] = {u.rstrip("/") for u in listed}
    return out


def check(settings: ZgwSettings) -> list[str]:
    """Refuse a type that does not belong to the zaaktype; the warnings to show (one line each)."""
    if settings.zaaktype_document:
        listed = _document(settings)
        for table, key, url, singular in _types(settings):
            if url not in listed[table]:
                raise EscalatieError(
                    f"settings [zgw.{table}] {key}: {url} is not a {singular} of zaaktype "
                    f"{settings.zaaktype} (per [zgw] zaaktype_document)"
                )
        return []
    own_zaaktype = not _example(settings.zaaktype)
    for table, key, url, singular in _types(settings):
        if _example(url) and own_zaaktype:
            raise EscalatieError(
                f"settings [zgw.{table}] {key}: still the example {singular}, which does not "
                f"belong to zaaktype {settings.zaaktype}; set the {singular} of your catalogue"
            )
        if not _example(url) and not own_zaaktype:
            raise EscalatieError(
                f"settings [zgw.{table}] {key}: {url} cannot belong to the example zaaktype; "
                "set [zgw] zaaktype to your own too"
            )
    if not own_zaaktype:
        return [
            "warning: [zgw] uses the example catalogue (catalogi.example.nl); set zaaktype, "
            "statustypen, roltypen and resultaattypen of your own catalogue before handing cases over"
        ]
    return [
        "warning: [zgw] zaaktype_document is not set, so the statustypen, roltypen and "
        "resultaattypen are not checked against the zaaktype here (the zaaksysteem checks them)"
    ]
