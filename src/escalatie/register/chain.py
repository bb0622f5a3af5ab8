"""The audit log's seal: each entry carries an HMAC chained to the one before it.

The key is derived from the municipality's secret (:func:`escalatie.secret.derived_key` with
purpose ``audit-chain``), which is not in the register: someone who can write the SQLite file
but does not hold the key cannot seal a changed, inserted or reordered entry, nor re-seal the
entries after a deleted one.

Deleting the *last* entries leaves a shorter chain that still seals correctly, so the chain's
**head** (the sequence number and seal of the last entry sealed) is also kept outside the file:
``audit-heads/REGISTER_ID.head`` in the same configuration folder as the key. The register's id
is random, stored in the file's ``audit_chain`` table and sealed into every entry.

On a PostgreSQL server many machines write one chain. Writers serialise on the server (an
advisory lock taken before the last entry is read; the entry number is the primary key), so
the chain stays one sequence. Each machine keeps its own head, a witness of the entries it
wrote or saw, which only moves forward; a machine without one starts it at the log's end with
its first write, once its key seals the log (another key is refused, see
:meth:`~escalatie.register.register.Register.audit`).

What this protects against, and what not, is in ``docs/privacy.md`` ("Tamper-evident audit").
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
import secrets
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from attrs import frozen

import escalatie.register.wording as wording
from escalatie.errors import EscalatieError, RegisterError

if TYPE_CHECKING:
    from escalatie.register.backend import Store

PURPOSE = "audit-chain"
"""The purpose the chain's key is derived for (:func:`escalatie.secret.derived_key`)."""
HEADS_FOLDER = "audit-heads"
_REGISTER_ID = re.compile(r"[0-9a-f]{32}")

SEALED_COLUMNS = ("at", "recorded", "actor", "os_user", "action", "case_id", "detail", "reason")
"""The audit columns a seal covers, besides the register's id, the entry's number and the seal
of the entry before it."""

APPEND_ONLY = ("events", "audit", "audit_chain", "records", "calendar_messages")
"""Tables no role may change or delete from: both stores guard each with UPDATE and DELETE
triggers (the SQLite migrations, PostgreSQL's schema), which ``audit --verify`` requires,
unchanged. ``zgw_remote`` is not one: a row is replaced when its object is updated."""

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def chain_key() -> bytes:
    """The chain's key, from ``ESCALATIE_PSEUDONYM_KEY`` or the key file (see :mod:`escalatie.secret`)."""
    from escalatie.secret import derived_key

    return derived_key(PURPOSE)


def key_id(key: bytes) -> str:
    """A short fingerprint of the key (not the key): tells 'another key' from 'changed'."""
    return hmac.digest(key, b"key-id", "sha256").hex()[:16]


def seal(key: bytes, register_id: str, seq: int, fields: Sequence[object], previous: str) -> str:
    """The seal of entry ``seq``: HMAC-SHA256 over the register, the entry and the seal before."""
    message = _encode([register_id, seq, *fields, previous]).encode("utf-8")
    return hmac.digest(key, message, "sha256").hex()


@frozen
class Head:
    """The last entry sealed: its number and seal, the key's fingerprint, and the head's own
    seal (so the head cannot be rewritten to an earlier entry without the key)."""

    seq: int
    mac: str
    key_id: str
    seal: str

    @classmethod
    def make(cls, key: bytes, register_id: str, seq: int, mac: str) -> Head:
        return cls(seq, mac, key_id(key), _head_seal(key, register_id, seq, mac))

    def holds(self, key: bytes, register_id: str) -> bool:
        """Whether this head was written with ``key`` for this register."""
        expected = _head_seal(key, register_id, self.seq, self.mac)
        return self.key_id == key_id(key) and hmac.compare_digest(expected, self.seal)


def _head_seal(key: bytes, register_id: str, seq: int, mac: str) -> str:
    message = _encode(["head", register_id, seq, mac]).encode("utf-8")
    return hmac.digest(key, message, "sha256").hex()


def head_path(register_id: str, config_dir: Path | None = None) -> Path:
    """``audit-heads/REGISTER_ID.head`` in ``config_dir``, else in the user's configuration
    folder, beside the key file (:mod:`escalatie.secret`)."""
    if not _REGISTER_ID.fullmatch(register_id):
        # Read from the register file: a crafted id must not lead the head out of its folder.
        raise RegisterError(
            f"register is damaged: its audit chain id {register_id[:40]!r} is not 32 "
            "hexadecimal digits"
        )
    if config_dir is None:
        from escalatie.userdirs import user_config_path

        config_dir = user_config_path()
    return config_dir / HEADS_FOLDER / f"{register_id}.head"


def read_head(path: Path) -> Head | None:
    """The head kept at ``path``; None if there is none; an error if it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise EscalatieError(f"{path}: cannot read the audit chain head ({exc.strerror})") from None
    try:
        data = json.loads(text)
        return Head(int(data["seq"]), str(data["mac"]), str(data["key_id"]), str(data["seal"]))
    except (ValueError, KeyError, TypeError):
        raise EscalatieError(f"{path}: the audit chain head is damaged") from None


def write_head(path: Path, head: Head) -> None:
    """Move the head forward (never back), atomically: a temporary file renamed into place."""
    current = read_head(path)
    if current is not None and current.seq >= head.seq:
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    data = {"seq": head.seq, "mac": head.mac, "key_id": head.key_id, "seal": head.seal}
    try:
        descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(data) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()


Row = tuple[int, Sequence[object], str]
"""An audit row as the chain sees it: ``(seq, sealed column values, seal)``."""


def select_rows(db: sqlite3.Connection | Store, since: int = 0) -> Iterable[Row]:
    """Audit rows from ``since`` on, in order (from a store, or a migrating SQLite file)."""
    columns = ", ".join(SEALED_COLUMNS)
    sql = f"SELECT seq, {columns}, mac FROM audit WHERE seq >= ? ORDER BY seq"
    rows = (
        db.execute(sql, (since,)) if isinstance(db, sqlite3.Connection) else db.rows(sql, (since,))
    )
    for row in rows:
        yield row[0], row[1:-1], row[-1]


def follows(key: bytes, register_id: str, rows: Iterable[Row], head: Head) -> bool:
    """Whether ``rows`` (from the head's entry on) start at the head and each seals correctly.

    Only then may the head move forward: after a deletion at the end, or a changed entry after
    the head, the head stays where it is and ``audit --verify`` keeps reporting it.
    """
    if not head.holds(key, register_id):
        return False
    previous: str | None = None
    for seq, fields, mac in rows:
        if previous is None:
            if seq != head.seq or not hmac.compare_digest(mac, head.mac):
                return False
        elif not hmac.compare_digest(seal(key, register_id, seq, fields, previous), mac):
            return False
        previous = mac
    return previous is not None


SHOWN = 5
"""At most this many broken seals are named one by one (a wrong key breaks every one)."""


def check(
    key: bytes,
    register_id: str,
    rows: Iterable[Row],
    head: Head | None,
    where: Path,
    shared: bool = False,
) -> list[str]:
    """Problems in the chain, the first bad entry first; empty when every seal holds.

    ``shared``: a register on a server that many machines write to, each keeping its own head
    (see ``docs/register.md``). One that has no head yet has witnessed nothing: that is no
    problem there, as the server refuses deletion to every role but the owner.
    """
    if head is not None and head.key_id != key_id(key):
        # Every seal would differ: name the cause once instead of every entry.
        return [
            f"audit chain head: written with another key (key id {head.key_id}; this key "
            f"{key_id(key)}); set ESCALATIE_PSEUDONYM_KEY or the key file to the register's key"
        ]
    problems: list[str] = []
    broken = 0
    previous_seq, previous, last = 0, "", 0
    at_head: str | None = None
    for seq, fields, mac in rows:
        if not hmac.compare_digest(seal(key, register_id, seq, fields, previous), mac):
            broken += 1
            if broken <= SHOWN:
                problems.append(_broken(seq, previous_seq))
        previous_seq, previous, last = seq, mac, seq
        if head is not None and seq == head.seq:
            at_head = mac
    if broken > SHOWN:
        problems.append(f"audit log: {broken - SHOWN} more entries whose seal does not match")
    if head is None:
        if last and not shared:
            problems.append(
                f"audit chain head: none at {where}; deleted entries at the end of the log "
                "cannot be ruled out"
            )
        return problems
    if not head.holds(key, register_id):
        problems.append(f"audit chain head: its seal does not match; {where} was changed")
    elif at_head is None:
        problems.append(
            f"audit entry {head.seq}: missing (deleted); the chain head at {where} names it "
            f"as sealed, the log ends at entry {last or 'none'}"
        )
    elif not hmac.compare_digest(at_head, head.mac):
        problems.append(f"audit entry {head.seq}: replaced; it differs from the chain head")
    return problems


def _broken(seq: int, previous_seq: int) -> str:
    if seq > previous_seq + 1:
        gone = (
            str(previous_seq + 1) if seq == previous_seq + 2 else f"{previous_seq + 1} to {seq - 1}"
        )
        return f"audit entry {gone}: missing (deleted); entry {seq} does not follow entry {previous_seq}"
    return (
        f"audit entry {seq}: its seal does not match: the entry was changed or inserted, or "
        "the one before it deleted (or it was sealed with another key)"
    )


# --- events, accounted for in the sealed log --------------------------------------------

EVENTS_SEALED = "events_sealed"
"""The audit action that marks where events start to be sealed: the first command of a
register of version 4 or later writes it, naming how many events were there before."""

_MARKER = re.compile(
    "^" + wording.pattern(wording.EVENTS_MARKER, count=r"(\d+)", last=r"(\d+)") + "(?:; |$)"
)
_REFERENCE = re.compile(r"^event (\d+) #([0-9a-f]{16})(?:: |$)")


def read_marker(detail: str) -> tuple[int, int] | None:
    """``(count, last)`` from an ``events_sealed`` entry's detail; None if it cannot be read."""
    found = _MARKER.match(detail)
    return (int(found[1]), int(found[2])) if found else None


def named_event(detail: str) -> tuple[int, str] | None:
    """``(event number, digest)`` an audit entry's detail names, if any."""
    found = _REFERENCE.match(detail)
    return (int(found[1]), found[2]) if found else None


def marker_detail(count: int, last: int) -> str:
    return wording.EVENTS_MARKER.format(count=count, last=last)


def event_digest(row: Sequence[object]) -> str:
    """A digest of an event as stored (``case_id, kind, at, actor, payload, recorded``)."""
    return hashlib.sha256(_encode(list(row)).encode("utf-8")).hexdigest()[:16]


def event_reference(seq: int, digest: str) -> str:
    """How an audit entry names the event it wrote: ``event 12 #0123456789abcdef``."""
    return f"event {seq} #{digest}"


# --- identities, accounted for in the sealed log ---------------------------------------

_IDENTITY = re.compile(r"^event \d+ #[0-9a-f]{16}: identity #([0-9a-f]{16})(?:: |$)")


DIGEST_KEY = "digest_key"
"""The identity row's own random key (:func:`identity_digest`), kept in the row's payload."""
_DIGEST_KEY = re.compile(r"[0-9a-f]{32}")


def identity_digest(case_id: str, payload: str) -> str:
    """A digest of a case's identity row as stored (``case_id, payload``), which the audit
    entry that records the case names and seals.

    Keyed (HMAC-SHA256) with the random key the row itself holds (:data:`DIGEST_KEY`): the
    audit log is readable by ``escalatie_read``, the identity table is not, so a reader cannot
    confirm a guessed identity (a BSN, ~9e7 valid ones) by rebuilding the row and comparing
    its digest (docs/register.md). Whoever may read the
    row (and so check it) knows the identity already; a changed row, its key included, no
    longer matches the sealed digest. A row stored before identities were keyed holds no key:
    its digest is the plain SHA-256 it was sealed with, so older registers still verify."""
    message = _encode(["identity", case_id, payload]).encode("utf-8")
    key = _row_key(payload)
    if key is None:
        return hashlib.sha256(message).hexdigest()[:16]
    return hmac.new(bytes.fromhex(key), message, hashlib.sha256).hexdigest()[:16]


def _row_key(payload: str) -> str | None:
    """The identity row's :data:`DIGEST_KEY`, or None for a row stored without one."""
    if DIGEST_KEY not in payload:  # an older row: no JSON read
        return None
    try:
        data = json.loads(payload)
    except ValueError:
        return None
    key = data.get(DIGEST_KEY) if isinstance(data, dict) else None
    return key if isinstance(key, str) and _DIGEST_KEY.fullmatch(key) else None


def identity_reference(event: str, digest: str) -> str:
    """How the audit entry that records a case names its event and identity:
    ``event 12 #0123456789abcdef: identity #fedcba9876543210``."""
    return f"{event}: identity #{digest}"


def named_identity(detail: str) -> str | None:
    """The identity digest a ``submitted`` audit entry's detail names, if any."""
    found = _IDENTITY.match(detail)
    return found[1] if found else None


def check_identities(
    submitted: Iterable[tuple[str | None, str]], identities: Iterable[tuple[str, str]]
) -> list[str]:
    """Problems with identity rows: each case whose ``submitted`` entry names an identity
    digest must have that identity, unchanged. Cases recorded before identities were sealed
    name none: they are counted by :meth:`~escalatie.register.register.Register.unsealed_identities`.
    The entries' own seals are checked by :func:`check`."""
    expected: dict[str, str] = {}
    for case_id, detail in submitted:
        digest = named_identity(detail)
        if case_id is not None and digest is not None:
            expected.setdefault(case_id, digest)
    problems: list[str] = []
    for case_id, payload in identities:
        digest = expected.pop(case_id, None)
        if digest is not None and identity_digest(case_id, payload) != digest:
            problems.append(
                f"identity of case {case_id}: does not match its sealed digest (changed "
                "outside escalatie)"
            )
    problems += [
        f"identity of case {case_id}: missing (deleted); its sealed audit entry names it"
        for case_id in sorted(expected)
    ]
    if len(problems) > SHOWN:
        problems[SHOWN:] = [f"identities: {len(problems) - SHOWN} more problems"]
    return problems


AuditRow = tuple[int, str, str | None, str, str]
"""``(seq, action, case_id, at, detail)`` of an audit entry."""
EventRow = tuple[int, str, str, str, str, str, str]
"""``(seq, case_id, kind, at, actor, payload, recorded)`` of an event."""


def check_events(
    audit: Iterable[AuditRow], events: Iterable[EventRow], kinds: frozenset[str]
) -> list[str]:
    """Problems with events after the marker: each must be named, unchanged, by the audit
    entry that wrote it; the events before it must be as many as the marker says."""
    entries = list(audit)
    marker = next((e for e in entries if e[1] == EVENTS_SEALED), None)
    if marker is None:
        return []
    found = _MARKER.match(marker[4])
    if found is None:
        return [f"audit entry {marker[0]}: an {EVENTS_SEALED} entry that cannot be read"]
    count, last = int(found[1]), int(found[2])
    problems: list[str] = []
    named: dict[int, tuple[int, str | None, str, str, str]] = {}
    for seq, action, case_id, at, detail in entries:
        if seq <= marker[0] or action not in kinds:
            continue
        reference = _REFERENCE.match(detail)
        if reference is None:
            problems.append(f"audit entry {seq}: records {action} but names no event")
        else:
            named[int(reference[1])] = (seq, case_id, action, at, reference[2])
    before = 0
    for seq, case_id, kind, at, *rest in events:
        if seq <= last:
            before += 1
            continue
        entry = named.pop(seq, None)
        if entry is None:
            problems.append(
                f"event {seq} ({kind} of {case_id}): in no audit entry; written outside escalatie"
            )
        elif entry[1:] != (case_id, kind, at, event_digest([case_id, kind, at, *rest])):
            problems.append(f"event {seq}: changed since audit entry {entry[0]} recorded it")
    problems += [
        f"event {seq}: missing (deleted); audit entry {entry[0]} recorded it"
        for seq, entry in sorted(named.items())
    ]
    if before != count:
        problems.append(
            f"events before the seal: audit entry {marker[0]} counted {count}, there are {before}"
        )
    if len(problems) > SHOWN:
        problems[SHOWN:] = [f"events: {len(problems) - SHOWN} more problems"]
    return problems


def new_register_id() -> str:
    return secrets.token_hex(16)
