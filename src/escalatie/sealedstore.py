"""Sealed cache files: how every cache of escalatie keeps entries between runs.

Internal: not part of the API (docs/api.md). The parsed model files (:mod:`escalatie.tomlcache`),
the compiled models (:mod:`escalatie.modelcache`), the model files' names
(:mod:`escalatie.modelfile.nameindex`) and attrs' generated code (:mod:`escalatie.codecache`)
each keep a file in the cache folder (:func:`cache_folder`). What they share lives here, once:

- **one record per entry**, found without reading any other (:func:`unpack`, :func:`pack`):
  the file starts with :data:`MAGIC`, then each record gives its key, its seal and its data
  with their lengths, so a command checks and decodes only the entries it uses, however many
  the file keeps;
- **a seal** per entry, a keyed BLAKE2b (:func:`escalatie.digest.mac`) over its key and data
  under a key derived from the municipality's secret for each cache (:func:`opened`),
  checked in constant time before an entry is used, so whoever can write the cache folder
  without that key cannot change what a command does. (Earlier versions kept JSON files
  sealed with HMAC-SHA256, three times the cost per byte; the files' names carry a version,
  ``-v3``, so an older file is simply ignored, and may be deleted.)
- **reading only what is the user's own**: a file that is a link or a pipe, belongs to another
  user or is writable by others is not read at all (:func:`escalatie.owner_only.read_own`);
- **bounded entries**, the newest kept, so a file does not grow without end;
- **an atomic save**: a new 0600 file replaces the old one in one step, and a folder that
  cannot be written leaves the cache as it was (:func:`escalatie.owner_only.replace_own`).

:class:`SealedEntries` is a cache file of text entries by text key; ``codecache`` keeps code
objects in records of the same shape through the same functions.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, MutableMapping
from typing import TYPE_CHECKING, TypeVar

from escalatie.digest import mac, same

if TYPE_CHECKING:
    from escalatie.owner_only import StrPath

CACHE_ENV = "ESCALATIE_CACHE_DIR"

K = TypeVar("K")
V = TypeVar("V")


def cache_folder(env: Mapping[str, str] | None = None) -> str | None:
    """Where the caches live, or None when ``ESCALATIE_CACHE_DIR`` is set empty (off). Text,
    not a path object: the commands' start-up imports no :mod:`pathlib` (issue 16)."""
    env = os.environ if env is None else env
    if CACHE_ENV in env:
        value = env[CACHE_ENV]
        return value if value else None
    from escalatie.userdirs import user_cache_dir

    return user_cache_dir()


def opened(purpose: str, env: Mapping[str, str] | None = None) -> tuple[str | None, bytes | None]:
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


def read(path: StrPath | None) -> bytes | None:
    """The bytes of a cache file, or None when there is none the user may trust: missing, a
    link or a pipe, not the user's own, or writable by others."""
    if path is None:
        return None
    from escalatie.owner_only import read_own

    return read_own(path)


def write(path: StrPath, data: bytes) -> bool:
    """Replace a cache file with ``data`` in one atomic step (a new 0600 file, the folder made
    0700 if missing); False, and nothing changed, when the folder cannot be written."""
    from escalatie.owner_only import replace_own

    return replace_own(path, data)


def bounded(entries: MutableMapping[K, V], limit: int) -> MutableMapping[K, V]:
    """``entries`` with the oldest (first) dropped until at most ``limit`` are left."""
    while len(entries) > limit:
        del entries[next(iter(entries))]
    return entries


MAGIC = b"escalatie sealed entries 1\n"
"""How a cache file of sealed records starts; a file that does not is not read."""

_KEY_SIZE, _SEAL, _SIZE = 2, 32, 4
"""A record: the length of its key, its key, its seal, the length of its data, its data."""

Records = dict[bytes, tuple[bytes, bytes | memoryview]]
"""A cache file's records: seal and data by key, newest last."""


def record_seal(key: bytes, entry_key: bytes, data: bytes | memoryview) -> bytes:
    """The seal of a record, over its key (its length first) and its data."""
    return seal(key, len(entry_key).to_bytes(_KEY_SIZE, "big") + entry_key + data)


def record_intact(key: bytes, entry_key: bytes, record: tuple[bytes, bytes | memoryview]) -> bool:
    """Whether a record (seal, data) kept under ``entry_key`` is sealed under ``key``."""
    return same(record[0], record_seal(key, entry_key, record[1]))


def unpack(raw: bytes | None) -> Records:
    """A cache file's records, unchecked (each is checked when used, so a command pays only
    for the entries it uses); none for a file without :data:`MAGIC`, and what follows a
    damaged record is left out. The data are views of ``raw``: nothing is copied."""
    records: Records = {}
    if raw is None or not raw.startswith(MAGIC):
        return records
    view, at, end = memoryview(raw), len(MAGIC), len(raw)
    while at + _KEY_SIZE <= end:
        start = at + _KEY_SIZE
        head = start + int.from_bytes(view[at:start], "big") + _SEAL + _SIZE
        if head > end:
            break
        size = int.from_bytes(view[head - _SIZE : head], "big")
        if head + size > end:
            break
        records[bytes(view[start : head - _SEAL - _SIZE])] = (
            bytes(view[head - _SEAL - _SIZE : head - _SIZE]),
            view[head : head + size],
        )
        at = head + size
    return records


def pack(records: Records) -> bytes:
    """The bytes of a cache file holding ``records`` (what :func:`unpack` reads)."""
    parts: list[bytes | memoryview] = [MAGIC]
    for entry_key, (found, data) in records.items():
        parts += [len(entry_key).to_bytes(_KEY_SIZE, "big"), entry_key, found]
        parts += [len(data).to_bytes(_SIZE, "big"), data]
    return b"".join(parts)


class SealedEntries:
    """The text entries of one cache file, by text key, read when first asked for.

    The file is a sequence of sealed records (:func:`unpack`): finding one entry reads no
    other, so a file that has kept many costs a command little more than one that keeps a
    few. ``path`` None (caching off, or no key yet) keeps nothing. :meth:`get` gives an
    entry's text only when its seal holds; :meth:`put` keeps one, newest last; :meth:`save`
    writes the newest ``limit`` entries if anything was put since the file was read."""

    def __init__(self, path: StrPath | None, key: bytes, limit: int) -> None:
        self.path = path
        self.key = key
        self.limit = limit
        self._records: Records | None = None
        self.pending = False

    @property
    def entries(self) -> Records:
        """Seal and data by key, as read (and put since), unchecked."""
        if self._records is None:
            self._records = unpack(read(self.path))
        return self._records

    def get(self, entry_key: str) -> str | None:
        """The text kept under ``entry_key`` if its seal holds, else None."""
        if self.path is None:
            return None
        key = entry_key.encode("utf-8", "surrogatepass")
        found = self.entries.get(key)
        if found is None or not record_intact(self.key, key, found):
            return None
        try:
            return str(found[1], "utf-8")
        except UnicodeDecodeError:
            return None

    def put(self, entry_key: str, text: str) -> None:
        """Keep ``text`` under ``entry_key``, as the newest entry."""
        if self.path is None:
            return
        key = entry_key.encode("utf-8", "surrogatepass")
        data = text.encode("utf-8", "surrogatepass")
        entries = self.entries
        entries.pop(key, None)
        entries[key] = (record_seal(self.key, key, data), data)
        self.pending = True

    def save(self) -> bool:
        """Write the newest :attr:`limit` entries in one atomic replace (see :func:`write`)."""
        if self.path is None or self._records is None:
            return False
        self.pending = False
        return write(self.path, pack(dict(bounded(self._records, self.limit))))


__all__ = [
    "CACHE_ENV",
    "MAGIC",
    "SealedEntries",
    "bounded",
    "cache_folder",
    "intact",
    "opened",
    "pack",
    "read",
    "record_intact",
    "record_seal",
    "seal",
    "stamp",
    "unpack",
    "write",
]
