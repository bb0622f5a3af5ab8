"""Where the modules a command imports were found, kept between runs of the CLI.

Internal: not part of the API (docs/api.md); only the ``escalatie`` command uses it.

Python finds a module by asking each import finder in turn; for a module on disk that is
:class:`importlib.machinery.PathFinder`, which asks a :class:`~importlib.machinery.FileFinder`
per folder of the search path, tries every suffix there, and only then builds the module's
spec. That search, in Python code, is about 45 K instructions a module of the 0.34 M importlib
spends on one beyond running it; ``triage`` imports about 100 modules after the command is
chosen (issue 16; docs/benchmarks.md, "The import machinery").

:func:`install` (called where :mod:`escalatie.codecache` is, by the console script only) puts an
:class:`ImportIndex` in :data:`sys.meta_path` before Python's own finders (built-in, frozen,
path). For a module ``PathFinder`` found in an earlier run, it gives the spec that search gave,
without searching, when no finder before ``PathFinder`` would answer (:meth:`ImportIndex.first`)
and the search could not have a different answer now. ``PathFinder``'s answer depends on:

- the folders searched: :data:`sys.path` for a top-level module, the package's ``__path__``
  for a submodule (an entry holds the list, compared as a whole);
- what each folder searched *up to the one that held the module* lists, and for a package what
  its own folder lists: an entry holds each folder's stamp (modification and change times in
  nanoseconds and inode; a missing folder as missing), taken with :func:`os.stat` on every use.
  A file added, removed or renamed in a folder changes the folder's times; a folder replaced
  (a reinstalled package) changes its inode. This is what ``FileFinder`` checks too (the
  folder's modification time, in seconds), and more;
- the path hooks that make a folder's finder: an entry is used only while they are Python's own
  two, and is kept only for folders whose finder is a ``FileFinder`` (or none: missing).

A file edited in place changes no folder, and need not: the spec names the file, and its
loader checks the ``.pyc`` against the source as always. A folder changed within
:data:`RACY_NS` of being stamped is not kept, since a second change within the file system's
clock step could leave the stamp unchanged.

Entries are written when the process ends, for the modules imported since :func:`install` that
the index did not serve: each is looked up again with ``PathFinder`` after its folders are
stamped, and kept only if it is found as the same file, by a plain file loader. A module found
otherwise (a namespace package, another finder, an alias in :data:`sys.modules`) is remembered
as not to be kept, so a command that imports one does not search again at every exit.

The index is one sealed record per search path (:mod:`escalatie.sealedstore`, under
``derived_key("import-index")``), at most :data:`MAX_PATHS` of them, in a file per Python
version in the cache folder: a record without the municipality's key is not used, and without a
key or with caching off there is no index.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

    from escalatie.sealedstore import Records

    Stamp = tuple[int, int, int] | None
    Entry = tuple[list[str], str, int, list[str] | None, tuple[tuple[str, Stamp], ...]]
    """Folders searched, the module's file, its loader (:data:`_LOADERS`), the package's
    folders (None for a module), and the folders whose listing decided, with their stamps."""

MAX_PATHS = 8
"""Search paths kept (records), this run's first: a few virtual environments sharing one cache
folder each keep theirs."""

MAX_ENTRIES = 2048
"""Modules kept per search path, this run's first (``triage`` imports about 160)."""

RACY_NS = 2_000_000_000
"""A folder modified this recently (nanoseconds) when stamped is not kept (see above)."""

_LATER = object()
"""What :meth:`ImportIndex.entry` gives for a module to try again in a later run."""

_HOOKS = ("zipimporter", "FileFinder.path_hook.<locals>.path_hook_for_FileFinder")
"""Python's own path hooks, by qualified name: the only ones the index is used under."""


def _loaders() -> tuple[type, ...]:
    from importlib.machinery import ExtensionFileLoader, SourceFileLoader, SourcelessFileLoader

    return (SourceFileLoader, ExtensionFileLoader, SourcelessFileLoader)


def stamp(folder: str) -> Stamp:
    """A folder's stamp (see the module's docstring), or None when it cannot be read."""
    try:
        info = os.stat(folder)
    except (OSError, ValueError):
        return None
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def standard_hooks() -> bool:
    """Whether :data:`sys.path_hooks` are Python's own two and no others."""
    return tuple(getattr(hook, "__qualname__", None) for hook in sys.path_hooks) == _HOOKS


class ImportIndex:
    """An import finder answering from the index what ``PathFinder`` answered before (see the
    module's docstring); a module it does not know, or whose folders changed, goes on to
    ``PathFinder`` as if the index were not there."""

    def __init__(self, path: str, key: bytes, records: Any, search: list[str]) -> None:
        self.path = path
        self.key = key
        self.records = records
        self.record_key = _record_key(search)
        self.entries: dict[str, Entry] = {}
        self.skip: set[str] = set()
        self.loaders = _loaders()
        # What FileFinder builds its specs with (importlib.util, which re-exports it, is a
        # module more to import).
        from importlib._bootstrap_external import spec_from_file_location

        self.spec = spec_from_file_location
        import _imp
        from importlib.machinery import BuiltinImporter, FrozenImporter, PathFinder

        self.builtin = frozenset(sys.builtin_module_names)
        self.frozen = _imp.is_frozen
        self.own = (BuiltinImporter, FrozenImporter)
        self.path_finder = PathFinder
        self.hooks = list(sys.path_hooks)
        self.before = set(sys.modules)
        self.served: set[str] = set()
        found = records.get(self.record_key)
        if found is not None:
            from escalatie.sealedstore import record_intact

            if record_intact(key, self.record_key, found):
                self.entries, self.skip = _decode(found[1])

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        entry = self.entries.get(name)
        if entry is None or target is not None or not self.first(name):
            return None
        searched, origin, kind, locations, stamps = entry
        if searched != (sys.path if path is None else path) or sys.path_hooks != self.hooks:
            return None
        for folder, kept in stamps:
            if stamp(folder) != kept:
                return None
        self.served.add(name)
        loader = self.loaders[kind](name, origin)
        return self.spec(
            name,
            origin,
            loader=loader,
            submodule_search_locations=None if locations is None else list(locations),
        )

    def first(self, name: str) -> bool:
        """Whether ``PathFinder`` would be the first finder after this one to answer for
        ``name``: the finders between are Python's own for built-in and frozen modules and
        ``name`` is neither, or finders that say which names they answer (``answers``) and
        ``name`` is not one of them. Finders before this one were asked already."""
        if name in self.builtin or self.frozen(name):
            return False
        after = False
        for finder in sys.meta_path:
            if finder is self:
                after = True
            elif finder is self.path_finder:
                return after
            elif after and finder not in self.own and name in getattr(finder, "answers", (name,)):
                return False
        return False

    def insert(self) -> None:
        """Put the index in :data:`sys.meta_path` before Python's own finders (it says when
        they would answer, :meth:`first`) and after any other."""
        finders = sys.meta_path
        at = finders.index(self.path_finder)
        while at and finders[at - 1] in self.own:
            at -= 1
        finders.insert(at, self)

    def invalidate_caches(self) -> None:
        """Nothing to drop: every use checks the folders' stamps."""

    def record(self) -> bool:
        """Look up again the modules imported since :meth:`__init__` that the index did not
        serve, and keep each that ``PathFinder`` finds as the same file; whether anything
        changed."""
        changed = False
        for name in list(sys.modules):
            if name in self.before or name in self.served or name in self.skip:
                continue
            if self.current(name):  # found by another finder first (codecache's watcher)
                continue
            entry = self.entry(name)
            if entry is None:
                if name not in self.entries:
                    self.skip.add(name)
                    changed = True
            elif entry is _LATER:
                continue
            elif isinstance(entry, tuple) and self.entries.get(name) != entry:
                self.entries[name] = entry
                changed = True
        return changed

    def current(self, name: str) -> bool:
        """Whether the index's entry for ``name`` names the file it was imported from, and
        its folders are as stamped."""
        known = self.entries.get(name)
        spec = getattr(sys.modules.get(name), "__spec__", None)
        if known is None or getattr(spec, "origin", None) != known[1]:
            return False
        return all(stamp(folder) == kept for folder, kept in known[4])

    def entry(self, name: str) -> Entry | object | None:
        """What the index keeps for ``name`` as imported now; None for a module not found as
        the index can keep, :data:`_LATER` for one whose folder changed too recently."""
        module = sys.modules.get(name)
        spec = getattr(module, "__spec__", None)
        if spec is None or spec.name != name or type(spec.loader) not in self.loaders:
            return None
        parent = name.rpartition(".")[0]
        searched = getattr(sys.modules.get(parent), "__path__", None) if parent else sys.path
        if type(searched) is not list or not standard_hooks():
            return None
        searched = list(searched)
        locations = spec.submodule_search_locations
        holder = os.path.dirname(spec.origin or "")
        if locations is not None:
            holder = os.path.dirname(holder)
        if holder not in searched:
            return None
        consulted = searched[: searched.index(holder) + 1]
        if locations is not None:
            consulted.append(os.path.dirname(spec.origin))
        if not all(isinstance(f, str) and os.path.isabs(f) for f in consulted):
            return None
        import time

        stamps = tuple((folder, stamp(folder)) for folder in consulted)
        now = time.time_ns()
        if any(s is not None and now - s[0] < RACY_NS for _, s in stamps):
            return _LATER
        from importlib.machinery import FileFinder, PathFinder

        fresh = PathFinder.find_spec(name, None if not parent else searched)
        if (
            fresh is None
            or fresh.origin != spec.origin
            or type(fresh.loader) is not type(spec.loader)
            or fresh.submodule_search_locations != locations
        ):
            return None
        cache = sys.path_importer_cache
        folders = stamps[: len(stamps) - (locations is not None)]  # not the package's own
        if not all(isinstance(cache.get(f), FileFinder) for f, s in folders if s is not None):
            return None
        kind = self.loaders.index(type(spec.loader))
        kept_locations = None if locations is None else list(locations)
        return (searched, str(spec.origin), kind, kept_locations, stamps)

    def save(self) -> None:
        """Write this run's record first, then the other search paths' (at most
        :data:`MAX_PATHS`), if anything changed; a folder that cannot be written is left."""
        if not self.record():
            return
        import marshal

        from escalatie.sealedstore import pack, record_seal, write

        names = [n for n in sys.modules if n in self.entries][:MAX_ENTRIES]
        names += [n for n in self.entries if n not in sys.modules][: MAX_ENTRIES - len(names)]
        data = marshal.dumps((_shared(self.entries, names), sorted(self.skip)[:MAX_ENTRIES]))
        kept: Records = {self.record_key: (record_seal(self.key, self.record_key, data), data)}
        for key, found in self.records.items():
            if len(kept) >= MAX_PATHS:
                break
            kept.setdefault(key, found)
        write(self.path, pack(kept))


def _shared(entries: dict[str, Entry], names: list[str]) -> dict[str, Entry]:
    """The entries of ``names``, each equal list or tuple one object, which :mod:`marshal`
    writes once and reads back once (most modules share the search path and its stamps)."""
    seen: dict[Any, Any] = {}

    def one(value: Any) -> Any:
        key = (type(value), tuple(value)) if isinstance(value, list) else value
        return seen.setdefault(key, value)

    out: dict[str, Entry] = {}
    for name in names:
        searched, origin, kind, locations, stamps = entries[name]
        stamps = one(tuple(one(pair) for pair in stamps))
        out[name] = (one(searched), origin, kind, locations, stamps)
    return out


def _record_key(search: list[str]) -> bytes:
    from escalatie.digest import blake2b

    return blake2b("\0".join(search).encode("utf-8", "surrogatepass"), 20)


def _decode(data: Any) -> tuple[dict[str, Entry], set[str]]:
    """A record's entries and names not to keep; nothing for data not in that shape."""
    import marshal

    try:
        entries, skip = marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return {}, set()
    if type(entries) is not dict or type(skip) is not list:
        return {}, set()
    return entries, set(skip)


def file_name() -> str:
    """The index's file in the cache folder: one per Python (its module search differs)."""
    return f"import-index-v1-{sys.implementation.cache_tag or 'python'}.bin"


_installed: ImportIndex | None = None


def install(env: Mapping[str, str] | None = None) -> None:
    """Answer imports from the index for the rest of this process, and keep what it did not
    know when the process ends. Nothing changes when caching is off, there is no key yet, the
    path hooks are not Python's own, there is no ``PathFinder`` in :data:`sys.meta_path`, or
    ``importlib._bootstrap_external.spec_from_file_location`` (private) is not where it was."""
    global _installed
    if _installed is not None or not standard_hooks():
        return
    from importlib.machinery import PathFinder

    if PathFinder not in sys.meta_path:
        return
    try:  # FileFinder's own spec builder, private: a Python that moves it gets no index
        import importlib._bootstrap_external as bootstrap

        bootstrap.spec_from_file_location  # noqa: B018
    except (ImportError, AttributeError):
        return
    from escalatie.sealedstore import opened, read, unpack

    folder, key = opened("import-index", env)
    if folder is None or key is None:
        return
    path = os.path.join(folder, file_name())
    index = ImportIndex(path, key, unpack(read(path)), list(sys.path))
    index.insert()
    import atexit

    atexit.register(index.save)
    _installed = index


def installed() -> ImportIndex | None:
    """The index serving imports in this process, if any."""
    return _installed


def uninstall() -> None:
    """Take the index out of :data:`sys.meta_path` without writing it (for tests)."""
    global _installed
    if _installed is None:
        return
    import atexit

    atexit.unregister(_installed.save)
    sys.meta_path[:] = [f for f in sys.meta_path if f is not _installed]
    _installed = None


__all__ = ["ImportIndex", "file_name", "install", "installed", "stamp", "uninstall"]
