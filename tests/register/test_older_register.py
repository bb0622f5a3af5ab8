"""A register written before the row seals (by commit 5e738bb, stored as data) still opens,
verifies and takes new work: the markers' wording (:mod:`escalatie.register.wording`) is what
that version wrote and this one reads.

``data/older-5e738bb.sqlite3`` holds one invented case, a signal to bestuur and an invitation,
written under the test key (``tests/conftest.py``) by ``case new``, ``signal add`` and
``invite`` of that commit; its audit log has an ``events_sealed`` marker without row counts.
``data/282db….head`` is the audit chain head that run left in its configuration folder.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from escalatie.register import chain, rowseal, wording

from .test_row_seals import CASE, SLOT, cli, ok, one_line, verify

DATA = Path(__file__).parent / "data" / "older-5e738bb.sqlite3"
HEAD = Path(__file__).parent / "data" / "282db10317fa37f4153761576fc859ac.head"
"""The chain head that version kept beside it (its register id's), as a machine that wrote it
would have it."""


def _env(tmp_path: Path) -> tuple[dict[str, str], Path]:
    db = tmp_path / "older.sqlite3"
    shutil.copyfile(DATA, db)
    db.chmod(0o600)
    heads = tmp_path / "xdg" / "escalatie" / "audit-heads"
    heads.mkdir(parents=True)
    shutil.copyfile(HEAD, heads / HEAD.name)
    settings = tmp_path / "escalatie.toml"
    settings.write_text("", encoding="utf-8")
    env = {"XDG_CONFIG_HOME": str(tmp_path / "xdg"),"ESCALATIE_DB": str(db), "ESCALATIE_ACTOR": "senior-adviseur",
           "ESCALATIE_CONFIG": str(settings), "ESCALATIE_MODEL": "utrecht-knelpuntenzorg"}  # fmt: skip
    return env, db


def _audit(db: Path) -> list[tuple[str, str]]:
    raw = sqlite3.connect(db)
    try:
        return [(str(a), str(d)) for a, d in raw.execute("SELECT action, detail FROM audit")]
    finally:
        raw.close()


def test_the_older_register_holds_the_older_wording() -> None:
    (first,) = [d for a, d in _audit(DATA) if a == chain.EVENTS_SEALED]
    assert chain.read_marker(first) == (0, 0)
    assert first == wording.EVENTS_MARKER.format(count=0, last=0)
    assert not any(wording.ROWS_MARKER_START in d for _, d in _audit(DATA))


def test_an_older_register_verifies_and_takes_new_sealed_rows(tmp_path: Path) -> None:
    env, db = _env(tmp_path)
    assert verify(env) == []
    ok(env, "signal", "respond", "1", "--answer", "Voorgelegd aan de regio", "--due",
       "2026-06-01", "--at", "2026-03-05T10:00")  # fmt: skip
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(CASE), encoding="utf-8")
    ok(env, "-m", "utrecht-maatwerktafel", "cancel", *SLOT, str(case_file), "-o",
       str(tmp_path / "cancel.ics"), "--at", "2026-03-05T11:00")  # fmt: skip
    (marker,) = [d for a, d in _audit(db) if a == rowseal.ROWS_SEALED]
    before = rowseal.read_marker(marker)
    assert before is not None
    assert (before["records"].count, before["calendar_messages"].count) == (1, 1)
    assert verify(env) == []
    assert [a for a, _ in _audit(db)].count("calendar_cancel") == 1
    raw = sqlite3.connect(db, isolation_level=None)
    raw.execute("DROP TRIGGER records_no_update")
    raw.execute("UPDATE records SET actor = 'iemand anders' WHERE seq = 1")
    raw.close()
    problems = verify(env)
    assert any("records rows before the seal: changed since audit entry" in p for p in problems)
    assert "records rows before the seal" in one_line(
        cli(env, "signals", "--overdue", "--json", "--at", "2026-05-04T09:00")
    )
