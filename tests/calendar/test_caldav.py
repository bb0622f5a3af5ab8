"""Publishing into a real CalDAV server: Radicale on 127.0.0.1, storage in a temporary folder.

What the server holds is read back with plain HTTP (a calendar-query REPORT with
``<C:expand>``, RFC 4791 9.6.5), so the server expands the series and overrides itself; the
client we publish with is not used to check its own work.
"""

from __future__ import annotations

import base64
import http.client
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from escalatie.clock import AMSTERDAM
from escalatie.documents import dump_json
from escalatie.plugins import Registry

from .conftest import EXPECTED, fail, free_port, plans_in, run, two_cases

pytest.importorskip("radicale")
pytest.importorskip("caldav")

USER, PASSWORD = "escalatie", "radicale-test"
COLLECTION = f"/{USER}/tafel/"
NS = {"D": "DAV:", "C": "urn:ietf:params:xml:ns:caldav"}


class Radicale:
    """A Radicale process with one user (htpasswd, plain) and a helper for raw requests."""

    def __init__(self, folder: Path) -> None:
        users = folder / "users"
        users.write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "radicale",
                "--config",
                "",
                "--server-hosts",
                f"127.0.0.1:{self.port}",
                "--auth-type",
                "htpasswd",
                "--auth-htpasswd-filename",
                str(users),
                "--auth-htpasswd-encryption",
                "plain",
                "--auth-delay",
                "0",
                "--storage-filesystem-folder",
                str(folder / "store"),
                "--logging-level",
                "error",
            ],
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"radicale exited with {self.process.returncode}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("radicale did not start listening within 30 s")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{COLLECTION}"

    def request(self, method: str, path: str, body: str = "", depth: str = "1") -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        headers = {
            "Authorization": f"Basic {token}",
            "Content-Type": "application/xml; charset=utf-8",
            "Depth": depth,
        }
        try:
            conn.request(method, path, body.encode("utf-8"), headers)
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8")
        finally:
            conn.close()

    def stop(self) -> None:
        self.process.terminate()  # the server we started, by its process
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    server = Radicale(tmp_path_factory.mktemp("radicale"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def collection(radicale: Radicale) -> Iterator[str]:
    """An empty calendar collection (MKCALENDAR), removed afterwards."""
    status, text = radicale.request("MKCALENDAR", COLLECTION, depth="0")
    assert status == 201, text
    try:
        yield radicale.url
    finally:
        radicale.request("DELETE", COLLECTION, depth="0")


@pytest.fixture
def credentials(settings_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings_file.write_text(f'[calendar.caldav]\nuser = "{USER}"\n', encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_CALDAV_PASSWORD", PASSWORD)


def expanded(server: Radicale, start: str, end: str) -> list[Any]:
    """The VEVENT instances the server returns for a REPORT with expand (RFC 4791 9.6.5)."""
    body = f"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><C:calendar-data><C:expand start="{start}" end="{end}"/></C:calendar-data></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="{start}" end="{end}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>"""
    status, text = server.request("REPORT", COLLECTION, body)
    assert status == 207, text
    events = []
    for data in ET.fromstring(text).iterfind(".//C:calendar-data", NS):
        events.extend(Calendar.from_ical(data.text or "").walk("VEVENT"))
    return sorted(events, key=lambda e: e["DTSTART"].dt)


def resources(server: Radicale) -> list[str]:
    body = '<D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>'
    status, text = server.request("PROPFIND", COLLECTION, body)
    assert status == 207, text
    hrefs = [h.text or "" for h in ET.fromstring(text).iterfind(".//D:href", NS)]
    return sorted(h for h in hrefs if h.endswith(".ics"))


def test_schedule_published_twice_holds_each_meeting_once(
    cli_registry: Registry,
    radicale: Radicale,
    collection: str,
    credentials: None,
    tmp_path: Path,
    ical: Any,
) -> None:
    out = tmp_path / "tafel.ics"
    for at in ("2026-01-02T09:00", "2026-01-03T09:00"):
        result = run(
            "schedule",
            "--from",
            "2026-01-01",
            "--to",
            "2026-06-30",
            "--at",
            at,
            "-o",
            str(out),
            "--publish",
            collection,
        )
        assert result.exit_code == 0, result.output
        assert f"published maandag@tafel.test-tafel.escalatie to {collection}" in result.stderr
    assert len(resources(radicale)) == 2  # one resource per UID (two series)
    served = expanded(radicale, "20260101T000000Z", "20260701T000000Z")
    ours = sorted(
        moment for event in ical.events(out.read_bytes().decode()) for moment in ical.expand(event)
    )
    assert [e["DTSTART"].dt for e in served] == ours  # each meeting once, none extra


def test_invite_and_cancel_published_as_overrides_of_the_series(
    cli_registry: Registry,
    radicale: Radicale,
    collection: str,
    credentials: None,
    tmp_path: Path,
    make_case: Any,
) -> None:
    case_file = tmp_path / "casus.json"
    case_file.write_text(dump_json(make_case("casus-dav")), encoding="utf-8")
    assert (
        run(
            "schedule",
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-31",
            "--at",
            "2026-01-02T09:00",
            "--publish",
            collection,
            "-o",
            str(tmp_path / "s.ics"),
        ).exit_code
        == 0
    )
    slot = "2026-03-09T09:15"
    result = run(
        "invite",
        "--slot",
        slot,
        str(case_file),
        "--at",
        "2026-03-01T10:00",
        "--publish",
        collection,
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # with --publish and no -o, no file on standard output
    # Invited twice (the second a higher SEQUENCE): still one override, not two.
    db = ["--db", str(tmp_path / "r.sqlite3"), "--actor", "tester"]
    assert (
        run(
            "invite",
            "--slot",
            slot,
            str(case_file),
            "--at",
            "2026-03-01T11:00",
            "--publish",
            collection,
            *db,
        ).exit_code
        == 0
    )
    assert (
        run(
            "cancel", "--slot", slot, "--at", "2026-03-02T10:00", "--publish", collection, *db
        ).exit_code
        == 0
    )
    assert len(resources(radicale)) == 2
    served = expanded(radicale, "20260301T000000Z", "20260401T000000Z")
    meeting = datetime(2026, 3, 9, 9, 15, tzinfo=AMSTERDAM)
    on_day = [e for e in served if e["DTSTART"].dt == meeting]
    assert len(on_day) == 1
    assert str(on_day[0]["STATUS"]) == "CANCELLED" and int(on_day[0]["SEQUENCE"]) == 1
    others = [e for e in served if e["DTSTART"].dt != meeting]
    assert others and {str(e["STATUS"]) for e in others} == {"CONFIRMED"}


def test_unreachable_server_and_refused_credentials(
    cli_registry: Registry,
    radicale: Radicale,
    collection: str,
    settings_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    make_case: Any,
) -> None:
    settings_file.write_text(f'[calendar.caldav]\nuser = "{USER}"\n', encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_CALDAV_PASSWORD", "wrong")
    code, err = fail(
        capsys, "schedule", "--from", "2026-03-01", "--to", "2026-03-31", "--publish", collection
    )
    assert (code, err) == (
        1,
        f"error: --publish: {collection} refused the credentials of user '{USER}'\n",
    )
    nowhere = f"http://127.0.0.1:{free_port()}/escalatie/tafel/"
    code, err = fail(
        capsys, "schedule", "--from", "2026-03-01", "--to", "2026-03-31", "--publish", nowhere
    )
    assert code == 1 and err.count("\n") == 1
    assert err.startswith(f"error: --publish: cannot reach {nowhere} (")
    # An invitation whose only channel failed is not recorded as sent.
    case_file = tmp_path / "casus.json"
    case_file.write_text(dump_json(make_case("casus-dav")), encoding="utf-8")
    db = tmp_path / "r.sqlite3"
    code, err = fail(
        capsys,
        "invite",
        "--slot",
        "2026-03-09T09:15",
        str(case_file),
        "--at",
        "2026-03-01T10:00",
        "--publish",
        nowhere,
        "--db",
        str(db),
        "--actor",
        "t",
    )
    assert code == 1 and f"error: --publish: cannot reach {nowhere}" in err
    import sqlite3

    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM calendar_messages").fetchone() == (0,)
    assert resources(radicale) == []


@pytest.mark.parametrize(
    ("url", "refused"),
    [
        ("http://agenda.gemeente.example/cal/", True),
        ("http://10.0.0.8:5232/cal/", True),
        ("http://127.0.0.1:9/cal/", False),
        ("http://localhost:9/cal/", False),
    ],
)
def test_a_password_goes_only_over_https_or_to_this_machine(url: str, refused: bool) -> None:
    """Refused before any connection is made. With nothing to publish no connection is made at
    all, so the loopback cases pass the check and return (no traffic in this test)."""
    from escalatie.calendar.publish import CaldavSettings, publish
    from escalatie.errors import EscalatieError

    env = {"ESCALATIE_CALDAV_PASSWORD": "geheim"}
    if refused:
        with pytest.raises(EscalatieError, match="only sent over an encrypted connection"):
            publish(url, [], CaldavSettings(user="tafel"), env)
    else:
        assert publish(url, [], CaldavSettings(user="tafel"), env) == []


def test_the_published_meeting_carries_no_case_plan(
    cli_registry: Registry,
    radicale: Radicale,
    collection: str,
    credentials: None,
    tmp_path: Path,
) -> None:
    """Every subscriber of the forum's calendar sees the published object: it is the shared
    copy, naming the cases by pseudonym only (seed 000 step 3; AVG art. 5(1)(c)), while each
    attendee's own copy, written beside it, holds its own cases' plans."""
    from escalatie.privacy import pseudonym

    copies = tmp_path / "kopieen"
    result = run("invite", "--slot", "2026-03-09T09:15", *two_cases(tmp_path),
                 "--at", "2026-03-01T10:00", "--publish", collection,
                 "--copies", str(copies))  # fmt: skip
    assert result.exit_code == 0, result.output
    status, text = radicale.request("REPORT", COLLECTION, CALENDAR_DATA)
    assert status == 207, text
    held = "".join(d.text or "" for d in ET.fromstring(text).iterfind(".//C:calendar-data", NS))
    assert "BEGIN:VEVENT" in held and plans_in(held) == set()
    assert pseudonym("casus-a") in held.replace("\r\n ", "")
    own = [plans_in(p.read_bytes().decode()) for p in copies.glob("*.ics")]
    assert sorted(map(sorted, own)) == sorted(map(sorted, EXPECTED.values()))


CALENDAR_DATA = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"/></C:filter>
</C:calendar-query>"""
