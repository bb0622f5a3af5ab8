"""The methods attrs generates for each class, compiled once and kept between runs of the CLI.

attrs writes every class's ``__init__``, ``__eq__``, ``__repr__`` and ``__hash__`` as source
text and ``compile()``\\ s it when the class is defined, at import. Python keeps ``.pyc`` files
for modules, so their code is not compiled again; attrs' generated code is compiled again in
every process (attrs issue #575, open since 2019). For ``escalatie triage`` that was about
150 M instructions of 800 M, three quarters of ``import click, pluggy`` (issue 16).

:func:`install` (called once :func:`escalatie.cli.main` has a command to run, so only in the
command's own process, never in a program that imports the library) waits for attrs to be
imported, then wraps attrs' ``_compile_and_eval`` so that a
script compiled before comes from the cache instead. A script is keyed by the file name attrs
gives it and its text, so any change to a class, to attrs or to Python gives another key: the
cache cannot go stale. Code objects are what Python's own ``.pyc`` files hold (``marshal``);
loading one runs nothing until attrs evaluates it, as it would have evaluated its own.

The one part of a script that differs between processes is the number a class's ``__hash__``
mixes in, ``hash()`` of the class's generated file name, which string hash randomisation
changes in every process. It is left out of the key, and the code kept is that of the process
that compiled it: within a process every instance of a class hashes with the same number, which
is all ``__hash__`` needs (hash values are not stable between processes anyway).

The cache is one file per Python version in the cache folder of
:mod:`escalatie.tomlcache` (``ESCALATIE_CACHE_DIR=""`` turns both off). Loading a code object
means running it, so the file is sealed with an HMAC under ``derived_key("attrs-code")``: a file
whoever can write the cache folder made, without the municipality's key, is ignored, as is a
damaged, foreign or loose one. Without a key (before the first command that makes one) there is
no cache. If attrs no longer has the function this wraps, nothing is installed.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

    Evaluate = Callable[..., None]

MAX_ENTRIES = 4096
"""Kept code objects: the scripts of this run first, then older ones, so edits to the classes
over months do not grow the file without end (a run of every command creates a few hundred)."""

_SEAL = 32
"""Bytes of the HMAC-SHA256 seal that starts the file."""


class CodeCache:
    """Code objects of attrs' scripts, by key; loaded when installed, written when the process
    ends if anything was compiled."""

    def __init__(self, path: Path, key: bytes) -> None:
        self.path = path
        self.key = key
        self.stored: dict[bytes, bytes] = _read(path, key)
        """Each script's code, marshalled on its own: only the classes a command defines are
        unmarshalled."""
        self.used: dict[bytes, bytes] = {}
        self.compiled = 0

    def compile(self, script: str, filename: str) -> Any:
        """The code of ``script``: from the cache, or compiled as attrs would and kept."""
        import marshal

        key = _key(script, filename)
        kept = self.stored.get(key)
        code = _code(kept) if kept is not None else None
        if code is None or kept is None:
            code = compile(script, filename, "exec", flags=_flags(), dont_inherit=True)
            kept = self.stored[key] = marshal.dumps(code)
            self.compiled += 1
        self.used[key] = kept
        return code

    def save(self) -> None:
        """Write this run's scripts and older ones (at most :data:`MAX_ENTRIES`) in one atomic
        replace, if anything was compiled; a folder that cannot be written is left as it was."""
        import marshal

        if not self.compiled:
            return
        kept = dict(self.used)
        for key, stored in self.stored.items():
            if len(kept) >= MAX_ENTRIES:
                break
            kept.setdefault(key, stored)
        data = marshal.dumps(kept)
        _write(self.path, _seal(self.key, data) + data)


def _flags() -> int:
    """attrs compiles its scripts in a module under ``from __future__ import annotations``, so
    its code carries that flag; the cache compiles them the same way."""
    import __future__

    return __future__.annotations.compiler_flag


def _key(script: str, filename: str) -> bytes:
    """The script's key: its file name and text, without the number ``__hash__`` mixes in."""
    if filename.startswith("<attrs generated methods "):
        number = hash("<attrs generated hash " + filename[len("<attrs generated methods ") :])
        script = script.replace(f" {number},\n", " TYPE_HASH,\n")
    import hashlib

    return hashlib.blake2b(f"{filename}\n{script}".encode(), digest_size=20).digest()


def _read(path: Path, key: bytes) -> dict[bytes, bytes]:
    """The file's entries; empty for a missing, foreign, loose, damaged or forged file."""
    import marshal

    from escalatie.owner_only import read_own

    raw = read_own(path)
    if raw is None or len(raw) <= _SEAL:
        return {}
    seal, data = raw[:_SEAL], raw[_SEAL:]
    import hmac

    if not hmac.compare_digest(seal, _seal(key, data)):
        return {}
    try:
        entries = marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return {}
    if not isinstance(entries, dict):
        return {}
    return {k: v for k, v in entries.items() if isinstance(k, bytes) and isinstance(v, bytes)}


def _seal(key: bytes, data: bytes) -> bytes:
    import hashlib
    import hmac

    return hmac.new(key, data, hashlib.sha256).digest()


def _code(stored: bytes) -> Any:
    """An entry's code object, or None for one that is not (never written so: sealed)."""
    import marshal

    try:
        code = marshal.loads(stored)
    except (ValueError, EOFError, TypeError):
        return None
    return code if type(code).__name__ == "code" else None


def _write(path: Path, data: bytes) -> None:
    from escalatie.owner_only import replace_own

    replace_own(path, data)


def cache_path(env: Mapping[str, str] | None = None) -> Path | None:
    """The cache file for this Python and ``-O`` level (whose bytecode it holds), or None when
    caching is off.

    attrs' version is not part of it: the code depends only on the script, which is the key."""
    from escalatie.tomlcache import cache_folder

    folder = cache_folder(env)
    if folder is None:
        return None
    level = f"-opt-{sys.flags.optimize}" if sys.flags.optimize else ""  # -O drops asserts
    return folder / f"attrs-code-{sys.implementation.cache_tag or 'python'}{level}.bin"


_installed: CodeCache | None = None
_original: Evaluate | None = None


def install(env: Mapping[str, str] | None = None) -> None:
    """Serve attrs' generated code from the cache for the rest of this process, from when attrs
    is first imported (a command that defines no attrs class pays nothing). Nothing changes
    when caching is off, there is no key yet, or attrs has no function to wrap."""
    if _installed is not None or any(isinstance(f, _AttrsWatcher) for f in sys.meta_path):
        return
    make = sys.modules.get("attr._make")
    if make is not None:
        _wrap(make, env)
    else:
        sys.meta_path.insert(0, _AttrsWatcher(env))


class _AttrsWatcher:
    """An import finder that only waits for ``attr._make`` to be loaded, then wraps it."""

    def __init__(self, env: Mapping[str, str] | None) -> None:
        self.env = env

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != "attr._make":
            return None
        sys.meta_path.remove(self)
        from importlib.machinery import PathFinder

        spec = PathFinder.find_spec(name, path)
        loader = getattr(spec, "loader", None)
        run = getattr(loader, "exec_module", None)
        if run is None:  # not a module on disk: attrs imports as usual, uncached
            return spec
        env = self.env

        def exec_module(module: Any) -> None:
            run(module)
            _wrap(module, env)

        loader.exec_module = exec_module  # type: ignore[union-attr]
        return spec


def _wrap(make: Any, env: Mapping[str, str] | None) -> None:
    global _installed, _original
    original = getattr(make, "_compile_and_eval", None)
    if not callable(original):
        return
    from escalatie.secret import existing_key

    path = cache_path(env)
    key = existing_key("attrs-code", env) if path is not None else None
    if path is None or key is None:
        return
    cache = CodeCache(path, key)
    import atexit

    _original = serve(make, cache)
    atexit.register(cache.save)
    _installed = cache


def serve(make: Any, cache: CodeCache) -> Evaluate:
    """Make attrs (its ``_make`` module) compile through ``cache``; attrs' own function back."""
    original: Evaluate = make._compile_and_eval

    def compile_and_eval(
        script: str,
        globs: dict[str, Any] | None,
        locs: Mapping[str, object] | None = None,
        filename: str = "",
    ) -> None:
        eval(cache.compile(script, filename), globs, locs)

    make._compile_and_eval = compile_and_eval
    return original


def installed() -> CodeCache | None:
    """The cache serving attrs in this process, if any."""
    return _installed


def uninstall() -> None:
    """Give attrs its own function back, without writing the cache (for tests)."""
    global _installed, _original
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _AttrsWatcher)]
    if _installed is None:
        return
    import atexit

    import attr._make as make

    atexit.unregister(_installed.save)
    if _original is not None:
        make._compile_and_eval = _original
    _installed = _original = None


__all__ = ["CodeCache", "cache_path", "install", "installed", "serve", "uninstall"]
