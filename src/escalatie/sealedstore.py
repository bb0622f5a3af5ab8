"""Sealed cache files: how every cache of escalatie keeps entries between runs.

Internal: not part of the API (docs/api.md). The parsed model files (:mod:`escalatie.tomlcache`),
the compiled models (:mod:`escalatie.modelcache`), the model files' names
(:mod:`escalatie.modelfile.nameindex`) and attrs' generated code (:mod:`escalatie.codecache`)
each keep a file in the cache folder (:func:`cache_folder`). What they share lives here, once:

- **a seal** per entry, a keyed BLAKE2b (:func:`escalatie.digest.mac`) under a key derived
  from the municipality's secret for each cache (:func:`opened`), checked in constant time
  before an entry is used, so whoever can write the cache folder without that key cannot
  change what a command does. (Earlier versions sealed with HMAC-SHA256, three times the cost
  per byte; the files' names carry a version, ``-v2``, so a file of the older seal is ignored.)
- **reading only what is the user's own**: a file that is a link or a pipe, belongs to another
  user or is writable by others is not read at all (:func:`escalatie.owner_only.read_own`);
- **bounded entries**, the newest kept, so a file does not grow without end;
- **an atomic save**: a new 0600 file replaces the old one in one step, and a folder that
  cannot be written leaves the cache as it was (:func:`escalatie.owner_only.replace_own`).

:class:`SealedEntries` is a cache file of text entries by text key, in the JSON shape
``{"entries": {KEY: {"seal": HEX, FIELD: TEXT}}}``; ``codecache`` keeps binary records of its
own shape and uses the seal, bound and file functions directly.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from typing import TypeVar

from escalatie.digest import mac, same

CACHE_ENV = "ESCALATIE_CACHE_DIR"

K = TypeVar("K")
V = TypeVar("V")


def cache_folder(env: Mapping[str, str] | None = None) -> Path | None:
    """Where the caches live, or None when ``ESCALATIE_CACHE_DIR`` is set empty (off)."""
    env = os.environ if env is None else env
    if CACHE_ENV in env:
        value = env[CACHE_ENV]
        return Path(value) if value else None
    from escalatie.userdirs import user_cache_path

    return user_cache_path()


def opened(
    purpose: str, env: Mapping[str, str] | None = None
) -> tuple[Path | None, bytes | None]:
    """The cache folder (:func:`cache_folder`, None when caching is off) and the key sealing
    one cache's entries (``derived_key(purpose)``, None when there is no municipality key yet:
    a cache never makes the key file, :func:`escalatie.secret.existing_key`). Every cache
    opens its file through this."""
    folder = cache_folder(env)
    if folder is None:
        return None, None
    from escalatie.secret import existing_key

    return folder, existing_key(purpose, env)


def stamp(info: os.stat_result) -> str:
    """A file as the file system gives it, for a cache's key or check: size, modification and
    change times in nanoseconds, inode, device and mode. An edit, a replacement (another
    inode), a touch or a change of mode gives another stamp; the change time cannot be set
    back by a user (``os.utime`` sets only the other two)."""
    return (
        f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}:{info.st_dev}:"
        f"{info.st_mode}"
    )


def seal(key: bytes, message: bytes) -> bytes:
    """The seal of ``message`` under ``key`` (keyed BLAKE2b, 32 bytes)."""
    return mac(key, message)


def intact(key: bytes, message: bytes, found: bytes) -> bool:
    """Whether ``found`` is the seal of ``message`` under ``key`` (compared in constant time)."""
    return same(found, mac(key, message))


def read(path: Path | None) -> bytes | None:
    """The bytes of a cache file, or None when there is none the user may trust: missing, a
    link or a pipe, not the user's own, or writable by others."""
    if path is None:
        return None
    from escalatie.owner_only import read_own

    return read_own(path)


def write(path: Path, data: bytes) -> bool:
    """Replace a cache file with ``data`` in one atomic step (a new 0600 file, the folder made
    0700 if missing); False, and nothing changed, when the folder cannot be written."""
    from escalatie.owner_only import replace_own

    return replace_own(path, data)


def bounded(entries: MutableMapping[K, V], limit: int) -> MutableMapping[K, V]:
    """``entries`` with the oldest (first) dropped until at most ``limit`` are left."""
    while len(entries) > limit:
        del entries[next(iter(entries))]
    return entries


def text_seal(key: bytes, entry_key: str, text: str) -> str:
    """The seal of a text entry, over its key and its text, as hex."""
    return seal(key, f"{entry_key}\n{text}".encode("utf-8", "surrogatepass")).hex()


def read_entries(path: Path | None, field: str) -> dict[str, tuple[str, str]]:
    """A JSON cache file's entries, ``(seal, entry[field])`` by key, unchecked (see
    :meth:`SealedEntries.get`); empty when there is no usable file (:func:`read`) or it is
    damaged."""
    import json

    raw = read(path)
    if raw is None:
        return {}
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return {}
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        return {}
    out: dict[str, tuple[str, str]] = {}
    for key, entry in entries.items():
        if isinstance(entry, dict):
            found, text = entry.get("seal"), entry.get(field)
            if isinstance(key, str) and isinstance(found, str) and isinstance(text, str):
                out[key] = (found, text)
    return out


class SealedEntries:
    """The text entries of one JSON cache file, read when first asked for.

    ``path`` None (caching off, or no key yet) keeps nothing. :meth:`get` gives an entry's text
    only when its seal holds; :meth:`put` keeps one, newest last; :meth:`save` writes the
    newest ``limit`` entries if anything was put since the file was read."""

    def __init__(self, path: Path | None, key: bytes, field: str, limit: int) -> None:
        self.path = path
        self.key = key
        self.field = field
        self.limit = limit
        self._entries: dict[str, tuple[str, str]] | None = None
        self.pending = False

    @property
    def entries(self) -> dict[str, tuple[str, str]]:
        """Seal and text by key, as read (and put since), unchecked."""
        if self._entries is None:
            self._entries = read_entries(self.path, self.field)
        return self._entries

    def seal(self, entry_key: str, text: str) -> str:
        return text_seal(self.key, entry_key, text)

    def get(self, entry_key: str) -> str | None:
        """The text kept under ``entry_key`` if its seal holds, else None."""
        if self.path is None:
            return None
        found = self.entries.get(entry_key)
        if found is None:
            return None
        stored, text = found
        if not same(stored.encode("utf-8", "replace"), self.seal(entry_key, text).encode()):
            return None
        return text

    def put(self, entry_key: str, text: str) -> None:
        """Keep ``text`` under ``entry_key``, as the newest entry."""
        if self.path is None:
            return
        entries = self.entries
        entries.pop(entry_key, None)
        entries[entry_key] = (self.seal(entry_key, text), text)
        self.pending = True

    def save(self) -> bool:
        """Write the newest :attr:`limit` entries in one atomic replace (see :func:`write`)."""
        if self.path is None or self._entries is None:
            return False
        import json

        self.pending = False
        entries = bounded(self._entries, self.limit)
        out = {k: {"seal": s, self.field: text} for k, (s, text) in entries.items()}
        return write(self.path, json.dumps({"entries": out}, separators=(",", ":")).encode())


__all__ = [
    "CACHE_ENV",
    "SealedEntries",
    "bounded",
    "cache_folder",
    "intact",
    "opened",
    "read",
    "read_entries",
    "seal",
    "stamp",
    "text_seal",
    "write",
]
