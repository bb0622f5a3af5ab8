"""``case push --zgw`` against a local Zaken API that checks every exchange against the spec.

The server (:mod:`zaken_server`) runs on 127.0.0.1, validates each request and answer with
openapi-core against the vendored part of the Zaken API 1.5.1 file (and against the full file
when it is present), and enforces what Open Zaak adds: the JWT, one zaakcoordinator and one
initiator, betrokkene(Identificatie) on every Rol, types of the zaak's zaaktype.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jwt
import pytest
from click.testing import Result
from openapi_core import Config, OpenAPI

from escalatie.register.register import Register
from .zaken_server import ZakenServer, serving
from .zgw_spec import extract, vendored

FULL_SPEC = Path(
    os.environ.get("ZAKEN_API_SPEC")
    or Path(__file__).resolve().parents[3] / "shared" / "specs" / "zaken-api-1.5.1.openapi.yaml"
)
CATALOGUE = "https://catalogi.teststad.example/catalogi/api/v1"
ZAAKTYPE = f"{CATALOGUE}/zaaktypen/0b1e7a53-6f7e-4c5e-9d0e-3e2c1f0a9b01"
STATUSES = ("submitted", "planned", "in_progress", "closed")
ROLES = ("zaakcoordinator", "initiator", "belanghebbende", "behandelaar", "adviseur")
OUTCOMES = ("resolved", "partly_resolved", "not_resolved", "referred")
SECRET = "een-geheim-van-de-tests-0123456789abcdef"
CLIENT = "escalatie-tests"


def type_url(kind: str, name: str) -> str:
    return f"{CATALOGUE}/{kind}/{name}"


@lru_cache(maxsize=2)
def openapi(which: str) -> OpenAPI:
    """The spec as openapi-core reads it (built once: checking the spec takes seconds)."""
    config = Config(extra_format_validators={"uri": is_uri}, extra_format_unmarshallers={"uri": str})
    if which == "vendored":
        return OpenAPI.from_dict(vendored(), config=config)
    import yaml

    return OpenAPI.from_dict(yaml.safe_load(FULL_SPEC.read_text(encoding="utf-8")), config=config)


def is_uri(value: object) -> bool:
    """``format: uri``: an absolute http(s) URL (openapi-core has no checker of its own)."""
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def make_server(which: str = "vendored") -> ZakenServer:
    return ZakenServer(
        openapi(which), CLIENT, SECRET, ZAAKTYPE,
        roltypen={type_url("roltypen", r): r for r in ROLES},
        statustypen=[type_url("statustypen", s) for s in STATUSES],
        resultaattypen=[type_url("resultaattypen", o) for o in OUTCOMES],
    )  # fmt: skip


def write_settings(path: Path, api: str) -> Path:
    document = path.parent / "zaaktype.json"
    document.write_text(
        json.dumps(
            {
                "url": ZAAKTYPE,
                "statustypen": [type_url("statustypen", s) for s in STATUSES],
                "roltypen": [type_url("roltypen", r) for r in ROLES],
                "resultaattypen": [type_url("resultaattypen", o) for o in OUTCOMES],
            }
        ),
        encoding="utf-8",
    )
    tables = "\n".join(
        f"[zgw.{kind}]\n" + "".join(f'{n} = "{type_url(kind, n)}"\n' for n in names)
        for kind, names in (("statustypen", STATUSES), ("roltypen", ROLES), ("resultaattypen", OUTCOMES))
    )
    path.write_text(
        f'[zgw]\nzaken_api = "{api}"\nzaaktype = "{ZAAKTYPE}"\nbronorganisatie = "002220647"\n'
        f'verantwoordelijke_organisatie = "002220647"\nclient_id = "{CLIENT}"\n'
        f'zaaktype_document = "{document}"\n\n{tables}',
        encoding="utf-8",
    )
    return path


@pytest.fixture
def server() -> Iterator[ZakenServer]:
    app = make_server()
    with serving(app):
        yield app
    assert app.violations == [], app.violations


@pytest.fixture
def push(run: Callable[..., Result], server: ZakenServer, tmp_path: Path) -> Callable[..., Result]:
    """``case push ID --zgw`` with settings pointing at the local server and the secret set."""
    settings = write_settings(tmp_path / "zgw.toml", server.base)

    def invoke(*args: str, env: dict[str, str | None] | None = None) -> Result:
        base = {"ESCALATIE_CONFIG": str(settings), "ESCALATIE_ZGW_SECRET": SECRET}
        return run("case", "push", *args, env={**base, **(env or {})})

    return invoke


def closed_case(run: Callable[..., Result], case_file: Path) -> str:
    """A case taken through the table to its end, with two agreements under different leads."""
    case_id = run("case", "new", str(case_file), "--at", "2026-03-02T10:00").stdout.strip()
    steps = [
        ("case", "plan", case_id, "--slot", "2026-03-16T09:15", "--at", "2026-03-02T11:00"),
        ("agreement", "add", case_id, "--action", "Gezinsbegeleiding starten", "--owner", "Lokalis",
         "--due", "2026-03-30", "--lead", "Lokalis buurtteam", "--at", "2026-03-16T10:30"),
        ("agreement", "add", case_id, "--action", "Schoolplek zoeken", "--owner", "Samen Veilig",
         "--due", "2026-04-10", "--lead", "Samen Veilig", "--at", "2026-03-16T10:40"),
        ("case", "close", case_id, "--outcome", "partly_resolved", "--at", "2026-04-03T09:00"),
    ]  # fmt: skip
    for step in steps:
        result = run(*step)
        assert result.exit_code == 0, result.output
    return case_id


def counts(server: ZakenServer) -> dict[str, int]:
    return {c: server.count(c) for c in ("zaken", "statussen", "rollen", "resultaten")}


def test_push_twice_creates_each_object_once(
    run: Callable[..., Result], push: Callable[..., Result], server: ZakenServer,
    case_file: Path, db: Path,
) -> None:  # fmt: skip
    case_id = closed_case(run, case_file)
    first = push(case_id, "--zgw", "--at", "2026-04-03T10:00")
    assert first.exit_code == 0, first.output
    assert counts(server) == {"zaken": 1, "statussen": 4, "rollen": 6, "resultaten": 1}
    assert "12 created, 0 updated, 0 deleted, 0 unchanged" in first.stdout
    second = push(case_id, "--zgw", "--at", "2026-04-03T10:05")
    assert second.exit_code == 0, second.output
    assert counts(server) == {"zaken": 1, "statussen": 4, "rollen": 6, "resultaten": 1}
    assert "0 created, 0 updated, 0 deleted, 12 unchanged" in second.stdout
