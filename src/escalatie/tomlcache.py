"""Parsed model files kept between runs, so a command does not parse every TOML file again.

Selecting a model by name, and ``escalatie models``, read every installed model file to learn
the names (see :mod:`escalatie.plugins`). ``tomllib`` is written in Python: the nine bundled
files cost about 70 ms to parse, more than ``import click, pluggy`` (issue 16). This cache maps
the SHA-256 of a file's bytes to its parsed table, stored as JSON, which the C decoder reads
in about a millisecond. Keyed by content, it cannot go stale: a changed file has another key.

The cache is one file, ``toml-v3.bin``, in ``$ESCALATIE_CACHE_DIR`` or else the user's cache
folder (``platformdirs.user_cache_path("escalatie")``, see :mod:`escalatie.userdirs`, e.g. ``~/.cache/escalatie``);
``ESCALATIE_CACHE_DIR=""`` turns it off. It is a cache, never a source of truth: a missing,
unreadable, malformed or foreign file (not the user's own, or writable by others) is ignored and
the TOML parsed as before, and a cache that cannot be written is left unwritten. What it returns
goes through the same checks as freshly parsed TOML, since the compiler validates the table,
not the text.

Each entry is sealed (keyed BLAKE2b, :mod:`escalatie.sealedstore`) under ``derived_key("toml-cache")`` over its key and its
table, so whatever can write the cache folder but does not hold the municipality's key cannot
change a model (its rules, organiser, addresses) through it: an entry whose seal does not match
is parsed again from the file. Without a key (a fresh installation before its first command
that makes one), there is no cache.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
from collections.abc import Callable
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from escalatie.digest import sha256
from escalatie.sealedstore import CACHE_ENV, SealedEntries, cache_folder, opened

if TYPE_CHECKING:
    from escalatie.owner_only import StrPath

FILE_NAME = "toml-v3.bin"
MAX_ENTRIES = 256
"""Kept entries, newest last: far more model files than any installation has, bounded so
edits over months do not grow the file without end."""

_TAG = "\x00"
"""The key marking an encoded date or time: TOML keys may not hold a raw control character
(and a parsed table that did hold one would simply not be cached)."""
_KINDS: dict[str, Callable[[str], Any]] = {
    "datetime": datetime.fromisoformat,
    "date": date.fromisoformat,
    "time": time.fromisoformat,
}


class TomlCache:
    """The parsed tables of one cache file, loaded when first asked for.

    Each entry is kept as its own JSON text and decoded when asked for, so every caller gets a
    table of its own, and what is written back is what was parsed, whatever a caller did to
    its table. Sealing, reading, bounding and saving are :class:`~escalatie.sealedstore.SealedEntries`'."""

    def __init__(self, folder: StrPath | None, key: bytes | None) -> None:
        self.wanted: StrPath | None = folder
        self.folder = folder if key is not None else None
        self.key = key or b""
        self.store = SealedEntries(self.path, self.key, MAX_ENTRIES)
        self.deferred = False

    @property
    def path(self) -> str | None:
        return None if self.folder is None else os.path.join(self.folder, FILE_NAME)

    def parse(self, raw: bytes, parse: Callable[[bytes], dict[str, Any]]) -> dict[str, Any]:
        """The table of ``raw``: from the cache, or ``parse(raw)`` kept for the next run.
        Errors of ``parse`` pass through unchanged and nothing is kept for them."""
        if self.path is None:
            return parse(raw)
        key = _key(raw)
        text = self.store.get(key)
        if text is not None:
            found = _decode(text)
            if found is not None:
                return found
        table = parse(raw)
        encoded = _encode(table)
        if encoded is not None:
            self.store.put(key, encoded)
            if not self.deferred:
                self.save()
        return table

    def save(self) -> None:
        """Write what was parsed since the cache was read (the shared cache does so once, when
        the process ends, however many files it parsed)."""
        self.store.save()


def _key(raw: bytes) -> str:
    """The entry's key: the content's digest, with the parser's Python version (a newer
    ``tomllib`` may read the same text differently)."""
    version = f"{sys.version_info[0]}.{sys.version_info[1]}".encode()
    return str(sha256(version + b"\n" + raw).hexdigest())


def _decode(text: str) -> dict[str, Any] | None:
    """A table from its entry; None for an entry that is not what :func:`_encode` writes."""
    try:
        table = json.loads(text, object_hook=_tagged)
    except (ValueError, TypeError, KeyError, RecursionError):
        return None
    return table if isinstance(table, dict) else None


def _tagged(value: dict[str, Any]) -> Any:
    """A date or time :func:`_encode` tagged, back; any other object as it is."""
    if _TAG in value:
        return _KINDS[value[_TAG]](value["v"])
    return value


def _encode(table: dict[str, Any]) -> str | None:
    """``table`` as JSON text, dates and times tagged; None when it does not survive the trip
    back unchanged (a NaN, a key with the tag), so such a file is simply parsed each time."""
    try:
        text = json.dumps(to_json(table), separators=(",", ":"))
    except (_Uncacheable, ValueError, TypeError):
        return None
    return text if _decode(text) == table else None


class _Uncacheable(Exception):
    pass


_TYPES = (("datetime", datetime), ("date", date), ("time", time))  # datetime is a date too


def to_json(value: Any) -> Any:
    """TOML values (tables, arrays, text, numbers, dates and times) as JSON values, dates and
    times tagged; raises for a table that holds the tag itself."""
    if isinstance(value, dict):
        if _TAG in value:
            raise _Uncacheable
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    for kind, kind_type in _TYPES:
        if isinstance(value, kind_type):
            return {_TAG: kind, "v": value.isoformat()}
    return value


_shared: TomlCache | None = None


def shared_cache() -> TomlCache:
    """The process's cache, in the folder :func:`cache_folder` names when first used."""
    global _shared
    folder = cache_folder()
    if _shared is None or _shared.wanted != folder:
        _shared = TomlCache(*opened("toml-cache"))
        _shared.deferred = True
        atexit.register(_save_shared)
    return _shared


def _save_shared() -> None:
    if _shared is not None and _shared.store.pending:
        _shared.save()


__all__ = [
    "CACHE_ENV",
    "FILE_NAME",
    "MAX_ENTRIES",
    "TomlCache",
    "cache_folder",
    "shared_cache",
    "to_json",
]
