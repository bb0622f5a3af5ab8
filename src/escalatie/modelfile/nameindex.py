"""What selecting a model reads of every model file, kept between runs: the name index.

``-m NAME`` needs, of every installed model file, only its ``name`` and the keys it declares
(``[step_kinds]``, ``[forum_kinds]``, the ``key`` of each ``[[routes]]``): the names to find the
file, the keys for the vocabulary the chosen file is compiled against. Reading the nine
bundled files for that (their bytes hashed, their parsed tables unsealed and decoded from the
cache of :mod:`escalatie.tomlcache`) cost a warm triage about 15 M instructions (issue 16,
docs/benchmarks.md). This index keeps those facts in one small sealed entry.

**The key** names every file as the registry lists it (label, plugin) with its ``os.stat``
(size, modification and change times in nanoseconds, inode and device) and the same of the
folder holding it, so a file added, removed, renamed, edited or made unreadable in any folder
of the model path, or a plugin installed, removed or upgraded (its files are other paths, or
other times), gives another key. It also names escalatie's code (:func:`escalatie.modelcache.code_text`,
which names Python's version, and so ``tomllib``'s). A file that is not a plain path on disk
(a plugin's file inside a zip) has no stat to key by: then there is no index, and every file
is read as before.

**Racy edits.** File times move in steps of a few milliseconds, so an edit right after a
run could keep the size and both times of the file it replaced. As git does for its index,
facts are only kept when every file and folder was last changed more than
:data:`SETTLED_NS` before they were read; a file changed since has a later time.

**Only readable files.** When a file cannot be read (its problem is reported when the name is
used), nothing is kept, so the messages come from reading as before.

The index is one file, ``names-v3.bin``, in the cache folder (:mod:`escalatie.sealedstore`:
sealed under ``derived_key("model-names")``, read only when it is the user's own, bounded,
saved in one atomic step); ``ESCALATIE_CACHE_DIR=`` turns it off; delete the file to clear it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from escalatie.naming import declared_in

if TYPE_CHECKING:
    from escalatie.modelfile.catalog import ModelFile
    from escalatie.sealedstore import SealedEntries

FILE_NAME = "names-v3.bin"
FORMAT = "escalatie-model-names-1"
MAX_ENTRIES = 32
"""Kept indexes, newest last: a few installations (or model paths) per user."""

SETTLED_NS = 2_000_000_000
"""How long ago (nanoseconds) every file must have changed for its facts to be kept."""

Facts = dict[str, Any]
"""A file's ``name`` (text or None) and its declared ``step_kinds``, ``forum_kinds`` and
``routes`` (lists of text)."""


def facts_of(data: Mapping[str, Any]) -> Facts:
    """What the registry needs of a file without compiling it, from its TOML table."""
    name = data.get("name")
    return {
        "name": name if isinstance(name, str) else None,
        "step_kinds": declared_in(data, "step_kinds"),
        "forum_kinds": declared_in(data, "forum_kinds"),
        "routes": declared_in(data, "routes", "key"),
    }


def stamp(files: Sequence[ModelFile]) -> tuple[str, int] | None:
    """The files' identity as the file system gives it, and the latest change among them;
    None when a file is not a plain path on disk or cannot be looked at."""
    lines = [FORMAT]
    latest = 0
    folders: dict[str, str] = {}
    for file in files:
        if not isinstance(file.source, os.PathLike):  # a pathlib.Path, a FileOnDisk
            return None
        try:
            info = os.stat(file.source)
            folder = os.path.dirname(os.path.abspath(file.source))
            if folder not in folders:
                seen = os.stat(folder)
                folders[folder] = _line(seen)
                latest = max(latest, seen.st_mtime_ns, seen.st_ctime_ns)
        except (OSError, ValueError):
            return None
        latest = max(latest, info.st_mtime_ns, info.st_ctime_ns)
        lines.append(f"{file.label}\x00{file.plugin}\x00{file.source}\x00{_line(info)}")
    lines += [f"{folder}\x00{line}" for folder, line in sorted(folders.items())]
    return "\n".join(lines), latest


def _line(info: os.stat_result) -> str:
    from escalatie.sealedstore import stamp

    return stamp(info)


class NameIndex:
    """The facts of a list of model files, from the index when it holds them."""

    def __init__(self, store: SealedEntries | None) -> None:
        self.store = store

    def get(self, files: Sequence[ModelFile]) -> dict[str, Facts] | None:
        """Each file's facts by label, or None when the index does not hold these files."""
        if self.store is None or self.store.path is None:
            return None
        found = stamp(files)
        if found is None:
            return None
        text = self.store.get(_key(found[0]))
        if text is None:
            return None
        import json

        try:
            facts = json.loads(text)
        except (ValueError, RecursionError):
            return None
        if not _well_formed(facts, files):
            return None
        return {file.label: facts[n] for n, file in enumerate(files)}

    def put(self, files: Sequence[ModelFile], facts: Mapping[str, Facts], now_ns: int) -> None:
        """Keep the files' facts when every file and folder settled before ``now_ns``."""
        if self.store is None or self.store.path is None:
            return
        found = stamp(files)
        if found is None or found[1] > now_ns - SETTLED_NS:
            return
        import json

        text = json.dumps([facts[file.label] for file in files], separators=(",", ":"))
        self.store.put(_key(found[0]), text)
        self.store.save()


def _key(identity: str) -> str:
    from escalatie.digest import blake2b
    from escalatie.modelcache import code_text

    text = f"{identity}\n{code_text()}"
    return blake2b(text.encode("utf-8", "surrogatepass")).hex()


def _well_formed(facts: Any, files: Sequence[ModelFile]) -> bool:
    if not isinstance(facts, list) or len(facts) != len(files):
        return False
    for item in facts:
        if not isinstance(item, dict) or set(item) != {
            "name",
            "step_kinds",
            "forum_kinds",
            "routes",
        }:
            return False
        if not (item["name"] is None or isinstance(item["name"], str)):
            return False
        for field in ("step_kinds", "forum_kinds", "routes"):
            value = item[field]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return False
    return True


def shared_index() -> NameIndex:
    """The index in the cache folder (:func:`escalatie.sealedstore.cache_folder`), or one
    that keeps nothing when caching is off or there is no key yet."""
    from escalatie.sealedstore import SealedEntries, opened

    folder, key = opened("model-names")
    if folder is None or key is None:
        return NameIndex(None)
    return NameIndex(SealedEntries(os.path.join(folder, FILE_NAME), key, MAX_ENTRIES))
