"""What a push created in a Zaken API, kept in the register (table ``zgw_remote``, migration 6).

One row per object of a case in one API: the remote URL the zaaksysteem gave it and a digest
of the request body last sent. The next push compares digests: unchanged objects are skipped,
changed ones updated, and nothing is created twice. Rows are written one by one, each in its
own transaction right after the zaaksysteem answered, so a push that stops half-way leaves a
register that says exactly what exists remotely.

Each row written or removed is named by a ``zgw_remote`` audit entry in the same transaction
(the digest of the row's key and of the row, :mod:`escalatie.register.rowseal`): a row slipped
in or changed with ``sqlite3`` (another URL to send a case's updates to) is refused before a
push reads it, and ``audit --verify`` names it.
"""

from __future__ import annotations

from attrs import frozen

import escalatie.register.rowseal as rowseal
from escalatie.register.register import Register
from escalatie.register.session import Session


@frozen
class Remote:
    """One pushed object: what it is (``kind``, ``key``), where it lives, what was sent."""

    kind: str
    key: str
    url: str
    digest: str


def recorded(reg: Register, api: str, case_id: str) -> dict[tuple[str, str], Remote]:
    """The objects of ``case_id`` recorded for the Zaken API at ``api``, by (kind, key);
    refused (one line) when a row of the case does not match the sealed entry that wrote it."""
    reg.row_seals.require_rows_sealed(rowseal.REMOTE, case_id)
    rows = reg.store.query(
        "SELECT kind, key, url, digest FROM zgw_remote WHERE api = ? AND case_id = ?",
        (api, case_id),
    )
    return {(r[0], r[1]): Remote(*r) for r in rows}


def record(s: Session, api: str, case_id: str, remote: Remote) -> None:
    """Record (or replace) one object, in the caller's transaction (an upsert both SQLite and
    PostgreSQL understand), and the audit entry that names it."""
    reg, at = s.register, s.recorded
    reg.seal_events(s.actor, s.at, s.recorded, s.os_user)  # the marker comes before the row
    row = (api, case_id, remote.kind, remote.key, remote.url, remote.digest, at.isoformat())
    reg.store.execute(
        "INSERT INTO zgw_remote (api, case_id, kind, key, url, digest, at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (api, case_id, kind, key) "
        "DO UPDATE SET url = excluded.url, digest = excluded.digest, at = excluded.at",
        row,
    )
    s.log(rowseal.REMOTE, case_id, reference=rowseal.remote_reference(row, row[:4]))


def forget(s: Session, api: str, case_id: str, kind: str, key: str) -> None:
    """Drop the record of an object deleted remotely, in the caller's transaction, and say so
    in the audit entry that names it."""
    s.register.seal_events(s.actor, s.at, s.recorded, s.os_user)
    s.register.store.execute(
        "DELETE FROM zgw_remote WHERE api = ? AND case_id = ? AND kind = ? AND key = ?",
        (api, case_id, kind, key),
    )
    s.log(
        rowseal.REMOTE, case_id, reference=rowseal.remote_reference(None, (api, case_id, kind, key))
    )
