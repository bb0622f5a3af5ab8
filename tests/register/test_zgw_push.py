"""``case push --zgw`` against a local Zaken API that checks every exchange against the spec.

The server (:mod:`zaken_server`) runs on 127.0.0.1, validates each request and answer with
openapi-core against the vendored part of the Zaken API 1.5.1 file (and against the full file
when it is present), and enforces what Open Zaak adds: the JWT, one zaakcoordinator and one
initiator, betrokkene(Identificatie) on every Rol, types of the zaak's zaaktype.
"""

from __future__ import annotations

import json
import os
import re
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
    config = Config(
        extra_format_validators={"uri": is_uri},
        extra_format_unmarshallers={"uri": str},
        extra_media_type_deserializers={"application/problem+json": json.loads},
    )
    if which == "vendored":
        return OpenAPI.from_dict(vendored(), config=config)
    import yaml

    full = yaml.safe_load(FULL_SPEC.read_text(encoding="utf-8"))
    full["servers"] = [{"url": "/zaken/api/v1"}]  # where the local server serves it
    return OpenAPI.from_dict(full, config=config)


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
        for kind, names in (
            ("statustypen", STATUSES),
            ("roltypen", ROLES),
            ("resultaattypen", OUTCOMES),
        )
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


def recorded_urls(db: Path) -> set[str]:
    with Register.open(db, create=False) as reg:
        return {row[0] for row in reg.db.execute("SELECT url FROM zgw_remote")}


def remote_urls(server: ZakenServer) -> set[str]:
    return {o["url"] for objects in server.objects.values() for o in objects.values()}


def test_the_push_authenticates_and_sends_the_crs_headers(
    run: Callable[..., Result],
    push: Callable[..., Result],
    server: ZakenServer,
    case_file: Path,
    db: Path,
) -> None:
    case_id = closed_case(run, case_file)
    assert push(case_id, "--zgw", "--at", "2026-04-03T10:00").exit_code == 0
    assert server.claims and all(
        c["iss"] == CLIENT and c["client_id"] == CLIENT and c["user_id"] == "tester"
        and c["user_representation"] == "tester" and isinstance(c["iat"], int)
        for c in server.claims
    )  # fmt: skip
    zaak_requests = [
        h
        for h, (_, path, _) in zip(server.headers, server.log, strict=True)
        if path.split("/")[4] == "zaken"
    ]
    assert zaak_requests and all(
        h["Accept-Crs"] == "EPSG:4326" and h["Content-Crs"] == "EPSG:4326" for h in zaak_requests
    )
    # The register knows exactly what exists remotely.
    assert recorded_urls(db) == remote_urls(server)
    # Order: the zaak, the Rollen, the Statussen, the Resultaat, the final Status.
    writes = [path.split("/")[4] for method, path, _ in server.log if method == "POST"]
    assert writes == ["zaken"] + ["rollen"] * 6 + ["statussen"] * 3 + ["resultaten", "statussen"]
    zaak = next(iter(server.objects["zaken"].values()))
    assert zaak["einddatum"] == "2026-04-03" and "zaakgeometrie" not in zaak
    coordinators = [
        r
        for r in server.objects["rollen"].values()
        if r["omschrijvingGeneriek"] == "zaakcoordinator"
    ]
    assert len(coordinators) == 1
    assert coordinators[0]["betrokkeneIdentificatie"]["statutaireNaam"] == "Samen Veilig"
    audit = json.loads(run("audit", "--case", case_id, "--json").stdout)["entries"]
    pushes = [e for e in audit if e["action"].startswith("zgw_push")]
    assert [e["action"] for e in pushes] == ["zgw_push"]
    assert "12 created" in pushes[0]["detail"]


def test_a_second_push_updates_what_changed(
    run: Callable[..., Result],
    push: Callable[..., Result],
    server: ZakenServer,
    case_file: Path,
    db: Path,
) -> None:
    case_id = run("case", "new", str(case_file), "--at", "2026-03-02T10:00").stdout.strip()
    first = push(case_id, "--zgw", "--at", "2026-03-02T10:30")
    assert first.exit_code == 0, first.output
    assert counts(server) == {"zaken": 1, "statussen": 1, "rollen": 3, "resultaten": 0}
    steps = [
        ("case", "plan", case_id, "--slot", "2026-03-16T09:15", "--at", "2026-03-02T11:00"),
        ("case", "suspend", case_id, "--reason", "wacht op indicatie", "--at", "2026-03-03T09:00"),
    ]
    for step in steps:
        assert run(*step).exit_code == 0
    second = push(case_id, "--zgw", "--at", "2026-03-04T10:00")
    assert second.exit_code == 0, second.output
    # The planned status and the forum's behandelaar are new; the zaak is suspended (updated).
    assert "2 created, 1 updated, 0 deleted" in second.stdout
    zaak = next(iter(server.objects["zaken"].values()))
    assert zaak["opschorting"] == {"indicatie": True, "reden": "wacht op indicatie"}
    for step in [
        ("case", "resume", case_id, "--at", "2026-03-10T09:00"),
        ("agreement", "add", case_id, "--action", "Gezinsbegeleiding starten", "--owner", "Lokalis",
         "--due", "2026-03-30", "--lead", "Lokalis buurtteam", "--at", "2026-03-16T10:30"),
    ]:  # fmt: skip
        assert run(*step).exit_code == 0
    third = push(case_id, "--zgw", "--at", "2026-03-16T11:00")
    assert third.exit_code == 0, third.output
    coordinator = [
        r
        for r in server.objects["rollen"].values()
        if r["omschrijvingGeneriek"] == "zaakcoordinator"
    ]
    assert [r["betrokkeneIdentificatie"]["statutaireNaam"] for r in coordinator] == [
        "Lokalis buurtteam"
    ]
    # The regie moves: the old coordinator is removed before the new one is added.
    add = ("agreement", "add", case_id, "--action", "Schoolplek zoeken", "--owner", "Samen Veilig",
           "--due", "2026-04-10", "--lead", "Samen Veilig", "--at", "2026-03-17T10:40")  # fmt: skip
    assert run(*add).exit_code == 0
    fourth = push(case_id, "--zgw", "--at", "2026-03-17T11:00")
    assert fourth.exit_code == 0, fourth.output
    coordinator = [
        r
        for r in server.objects["rollen"].values()
        if r["omschrijvingGeneriek"] == "zaakcoordinator"
    ]
    assert [r["betrokkeneIdentificatie"]["statutaireNaam"] for r in coordinator] == ["Samen Veilig"]
    assert recorded_urls(db) == remote_urls(server)
    assert counts(server)["zaken"] == 1
    # Every object kept, replaced (PUT) and forgotten (DELETE) is accounted for in the seal.
    verified = run("audit", "--verify", "--at", "2026-03-17T12:00")
    assert verified.exit_code == 0, verified.output


def test_a_changed_remote_row_is_named_and_refused(
    run: Callable[..., Result],
    push: Callable[..., Result],
    server: ZakenServer,
    case_file: Path,
    db: Path | str,
) -> None:
    """A zgw_remote row pointed elsewhere with sqlite3 (the next update would go to that URL,
    or a deleted object be left standing) is named by verify and stops the push before any
    request goes out."""
    case_id = closed_case(run, case_file)
    assert push(case_id, "--zgw", "--at", "2026-04-03T10:00").exit_code == 0
    audit = json.loads(run("audit", "--case", case_id, "--json").stdout)["entries"]
    kept = [e["detail"] for e in audit if e["action"] == "zgw_remote"]
    assert len(kept) == 12 and all(
        re.fullmatch(r"zgw_remote #[0-9a-f]{16} #[0-9a-f]{16}: (zaak|rol|status|resultaat)", d)
        for d in kept
    )
    evil = "UPDATE zgw_remote SET url = 'http://127.0.0.1:9/evil' WHERE kind = 'zaak'"
    if isinstance(db, str):
        import psycopg

        with psycopg.connect(db, autocommit=True) as conn:
            conn.execute(evil)
    else:
        import sqlite3

        with sqlite3.connect(db) as conn:
            conn.execute(evil)
    verified = run("audit", "--verify", "--json", "--at", "2026-04-03T10:05")
    assert verified.exit_code == 1
    (problem,) = json.loads(verified.stdout)["problems"]
    assert re.fullmatch(
        rf"zgw_remote row of case {case_id} \(zaak\): changed since audit entry \d+ recorded it",
        problem,
    )
    sent = len(server.log)
    for extra in ((), ("--dry-run",)):
        again = push(case_id, "--zgw", *extra, "--at", "2026-04-03T10:10")
        assert again.exit_code == 1
        assert f"register is damaged: zgw_remote row of case {case_id} (zaak): changed" in (
            again.stderr
        )
        assert "127.0.0.1:9" not in again.output
    assert len(server.log) == sent


@pytest.mark.parametrize(
    ("method", "collection", "nth", "when"),
    [
        ("POST", "statussen", 2, "before"),  # the server fails, nothing made
        ("POST", "rollen", 3, "after"),  # the rol exists, the answer is lost
        ("POST", "zaken", 1, "after"),  # the zaak exists, the answer is lost
        ("POST", "resultaten", 1, "before"),
    ],
)
def test_an_interrupted_push_is_finished_by_the_next(
    run: Callable[..., Result], push: Callable[..., Result], server: ZakenServer,
    case_file: Path, db: Path, method: str, collection: str, nth: int, when: str,
) -> None:  # fmt: skip
    case_id = closed_case(run, case_file)
    server.fail(method, collection, nth, when)
    broken = push(case_id, "--zgw", "--at", "2026-04-03T10:00")
    assert broken.exit_code == 1
    lines = broken.stderr.strip().splitlines()
    assert len(lines) == 1, broken.stderr
    assert (
        f"zaken_api: {method} /{collection} was refused: 500 Er is een serverfout opgetreden."
        in lines[0]
    )
    recorded = recorded_urls(db)
    assert recorded <= remote_urls(server)  # the register never claims what does not exist
    if when == "before":
        assert recorded == remote_urls(server)
    again = push(case_id, "--zgw", "--at", "2026-04-03T10:05")
    assert again.exit_code == 0, again.output
    assert counts(server) == {"zaken": 1, "statussen": 4, "rollen": 6, "resultaten": 1}
    assert recorded_urls(db) == remote_urls(server)
    assert (
        "0 created, 0 updated, 0 deleted, 12 unchanged"
        in push(case_id, "--zgw", "--at", "2026-04-03T10:10").stdout
    )
    audit = json.loads(run("audit", "--case", case_id, "--json").stdout)["entries"]
    actions = [e["action"] for e in audit if e["action"].startswith("zgw_push")]
    assert actions == ["zgw_push_incomplete", "zgw_push", "zgw_push_unchanged"]


def test_refusals_are_one_line_with_the_apis_own_fields(
    run: Callable[..., Result], push: Callable[..., Result], server: ZakenServer,
    case_file: Path, db: Path, tmp_path: Path,
) -> None:  # fmt: skip
    case_id = closed_case(run, case_file)
    # A roltype the zaaksysteem's catalogue does not know: 400 with invalidParams.
    server.roltypen.pop(type_url("roltypen", "adviseur"))
    refused = push(case_id, "--zgw", "--at", "2026-04-03T10:00")
    assert refused.exit_code == 1
    assert refused.stderr.count("\n") == 1
    assert (
        "zaken_api: POST /rollen was refused: 400 Invalid input.: Ongeldige invoer.; "
        "invalidParams: nonFieldErrors (zaaktype-mismatch): De referentie hoort niet bij het "
        "zaaktype van de zaak."
    ) in refused.stderr
    assert recorded_urls(db) == remote_urls(server)
    # A wrong secret: the token is refused.
    wrong = push(case_id, "--zgw", env={"ESCALATIE_ZGW_SECRET": "niet-het-geheim-0123456789abcdef"})
    assert wrong.exit_code == 1 and wrong.stderr.count("\n") == 1
    assert (
        "zaken_api: the Zaken API refused the token for GET /resultaten (403 Ongeldige JWT"
        in wrong.stderr
    )
    assert f"check [zgw] client_id ({CLIENT}) and ESCALATIE_ZGW_SECRET" in wrong.stderr
    assert "niet-het-geheim" not in wrong.stderr
    # No secret at all: refused before anything is sent.
    before = len(server.log)
    missing = push(case_id, "--zgw", env={"ESCALATIE_ZGW_SECRET": None})
    assert missing.exit_code == 1 and len(server.log) == before
    assert missing.stderr.strip() == (
        "error: ESCALATIE_ZGW_SECRET: not set; expected the client secret the zaaksysteem issued for [zgw] client_id escalatie-tests"
    )
    # An API that does not answer: a port nothing listens on.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = write_settings(tmp_path / "gone.toml", f"http://127.0.0.1:{port}/zaken/api/v1")
    gone = push(case_id, "--zgw", env={"ESCALATIE_CONFIG": str(settings)})
    assert gone.exit_code == 1 and gone.stderr.count("\n") == 1
    assert (
        f"zaken_api: cannot reach http://127.0.0.1:{port}/zaken/api/v1 (ConnectError" in gone.stderr
    )
    # Usage: a target is required.
    assert push(case_id).exit_code == 2
    audit = json.loads(run("audit", "--case", case_id, "--json").stdout)["entries"]
    assert [e["action"] for e in audit if e["action"].startswith("zgw_push")] == [
        "zgw_push_incomplete", "zgw_push_failed", "zgw_push_failed",
    ]  # fmt: skip


def test_dry_run_prints_the_requests_and_sends_nothing(
    run: Callable[..., Result], push: Callable[..., Result], server: ZakenServer, case_file: Path
) -> None:
    case_id = closed_case(run, case_file)
    dry = push(case_id, "--zgw", "--dry-run", "--at", "2026-04-03T10:00",
               env={"ESCALATIE_ZGW_SECRET": None})  # fmt: skip
    assert dry.exit_code == 0, dry.output
    assert server.log == []
    out = dry.stdout
    assert out.count("POST ") == 12 and f"POST {server.base}/zaken\n" in out
    assert "Accept-Crs: EPSG:4326" in out and "<url of the new zaak>" in out
    assert "Authorization: Bearer <JWT, HS256, client_id escalatie-tests; not shown>" in out
    for canary in (SECRET, "Sanne", "Verbeek", "111222333", "98765432", "sanne@example.org",
                   "Teststraat", "2011-05-04", "BT-2026-17"):  # fmt: skip
        assert canary not in out
    assert "12 requests" in dry.stderr
    assert push(case_id, "--zgw", "--at", "2026-04-03T10:00").exit_code == 0
    again = push(case_id, "--zgw", "--dry-run", "--at", "2026-04-03T10:05")
    assert again.stdout == "" and "0 requests, 12 unchanged" in again.stderr


def test_the_server_enforces_what_open_zaak_adds(server: ZakenServer) -> None:
    """The local server refuses what Open Zaak refuses, so the push tests can trust it."""
    import httpx

    def token(secret: str = SECRET, **claims: Any) -> dict[str, str]:
        base = {"iss": CLIENT, "client_id": CLIENT, "user_id": "t", "user_representation": "t",
                "iat": int(__import__("time").time())}  # fmt: skip
        return {
            "Authorization": "Bearer " + jwt.encode({**base, **claims}, secret, algorithm="HS256")
        }

    crs = {"Accept-Crs": "EPSG:4326", "Content-Crs": "EPSG:4326"}
    zaak = {"bronorganisatie": "002220647", "verantwoordelijkeOrganisatie": "002220647",
            "zaaktype": ZAAKTYPE, "startdatum": "2026-03-02", "identificatie": "Z-1"}  # fmt: skip
    with httpx.Client(base_url=server.base) as http:
        assert (
            http.post(
                "/zaken",
                json=zaak,
                headers={**crs, **token("een-ander-geheim-dan-dat-van-de-tests-0123")},
            ).status_code
            == 403
        )
        assert http.post("/zaken", json=zaak, headers={**crs, **token(iat=1)}).status_code == 403
        assert http.post("/zaken", json=zaak, headers=crs).status_code == 401
        assert http.post("/zaken", json=zaak, headers=token()).status_code == 400  # no CRS
        made = http.post("/zaken", json=zaak, headers={**crs, **token()})
        assert made.status_code == 201, made.text
        assert http.post("/zaken", json=zaak, headers={**crs, **token()}).status_code == 400
        rol = {"zaak": made.json()["url"], "betrokkeneType": "niet_natuurlijk_persoon",
               "roltype": type_url("roltypen", "zaakcoordinator"), "roltoelichting": "x"}  # fmt: skip
        bare = http.post("/rollen", json=rol, headers=token())
        assert (
            bare.status_code == 400
            and bare.json()["invalidParams"][0]["code"] == "invalid-betrokkene"
        )
        rol["betrokkeneIdentificatie"] = {"statutaireNaam": "A"}
        assert http.post("/rollen", json=rol, headers=token()).status_code == 201
        second = http.post("/rollen", json=rol, headers=token())
        assert (
            second.status_code == 400
            and second.json()["invalidParams"][0]["code"] == "max-occurences"
        )
        wrong = http.post("/rollen", json={**rol, "betrokkeneType": "robot"}, headers=token())
        assert wrong.status_code == 400
    assert len(server.violations) == 2  # the missing CRS header and the unknown betrokkeneType
    assert "Accept-Crs" in server.violations[0] and "robot" in server.violations[1]
    server.violations.clear()


def test_the_vendored_spec_is_the_official_one() -> None:
    if not FULL_SPEC.exists():
        pytest.skip("the full Zaken API spec is not present (../shared/specs)")
    import yaml

    full = yaml.safe_load(FULL_SPEC.read_text(encoding="utf-8"))
    assert extract(full) == vendored()


@pytest.mark.skipif(not FULL_SPEC.exists(), reason="the full Zaken API spec is not present")
def test_push_against_the_full_spec(
    run: Callable[..., Result], case_file: Path, tmp_path: Path
) -> None:
    app = make_server("full")
    with serving(app):
        settings = write_settings(tmp_path / "full.toml", app.base)
        env = {"ESCALATIE_CONFIG": str(settings), "ESCALATIE_ZGW_SECRET": SECRET}
        case_id = closed_case(run, case_file)
        for _ in range(2):
            pushed = run("case", "push", case_id, "--zgw", env=env)
            assert pushed.exit_code == 0, pushed.output
    assert counts(app) == {"zaken": 1, "statussen": 4, "rollen": 6, "resultaten": 1}
    assert app.violations == []
