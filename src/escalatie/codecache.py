"""The methods attrs generates for each class, compiled once and kept between runs of the CLI.

Internal: not part of the API (docs/api.md); only the ``escalatie`` command uses it.

attrs writes every class's ``__init__``, ``__eq__``, ``__repr__`` and ``__hash__`` as source
text and ``compile()``\\ s it when the class is defined, at import. Python keeps ``.pyc`` files
for modules, so their code is not compiled again; attrs' generated code is compiled again in
every process (attrs issue #575, open since 2019). For ``escalatie triage`` that was about
150 M instructions of 800 M, three quarters of ``import click, pluggy`` (issue 16).

:func:`install` (called by the console script :func:`escalatie.cli.run` and by
``python -m escalatie``, never by :func:`escalatie.cli.main` or a program that imports the
library) waits for attrs to be imported, then wraps its ``_compile_and_eval`` so that a script
compiled before comes from the cache instead; while ``attr._make`` itself runs, which defines
attrs' own classes before that function can be wrapped, the cache is the module's ``compile``. A script is keyed by the file name attrs gives it
and its text, so any change to a class, to attrs or to Python gives another key: the cache
cannot go stale. Code objects are what Python's own ``.pyc`` files hold (``marshal``); loading
one runs nothing until attrs evaluates it, as it would have evaluated its own. A call to attrs'
function in a shape this module does not know (a later attrs) goes to attrs unchanged.

The one part of a script that differs between processes is the number a class's ``__hash__``
mixes in, ``hash()`` of a file name, which string hash randomisation changes in every process.
It is left out of the key, and the code kept is that of the process that compiled it: within a
process every instance of a class hashes with the same number, which is all ``__hash__`` needs
(hash values are not stable between processes anyway).

The cache is one file per Python version and ``-O`` level in the cache folder of
:mod:`escalatie.tomlcache` (``ESCALATIE_CACHE_DIR=""`` turns both off). Loading a code object
means running it, so each entry is sealed (keyed BLAKE2b) under ``derived_key("attrs-code")`` and
checked before it is unmarshalled: an entry whoever can write the cache folder made, without
the municipality's key, is compiled afresh, and a foreign or loose file is not read at all.
Without a key (before the first command that makes one) there is no cache.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from escalatie.owner_only import StrPath
    from escalatie.sealedstore import Records

    Evaluate = Callable[..., Any]

MAX_ENTRIES = 1024
"""Kept scripts: this run's first, then older ones, so edits to the classes over months do not
grow the file without end (a run of every command uses a few hundred, about 2.5 KB each)."""

_KEY = 20
"""The length of a script's key (BLAKE2b of its file name and text)."""

_HASH_NUMBER = None
"""The pattern of the number a ``__hash__`` script mixes in (compiled when first needed)."""


class CodeCache:
    """Code objects of attrs' scripts, by key; read when attrs is imported, written when the
    process ends if anything was compiled. Each entry is sealed on its own and checked when a
    class asks for it, so a command pays only for the classes it defines."""

    def __init__(self, path: StrPath, key: bytes, flags: int = 0) -> None:
        self.path = path
        self.key = key
        self.flags = flags
        """The ``from __future__`` flags attrs compiles its scripts under (its own module's)."""
        from escalatie.sealedstore import read, unpack

        self.stored: Records = unpack(read(path))
        self.used: Records = {}
        self.compiled = 0

    def compile(self, script: str, filename: str, flags: int | None = None) -> Any:
        """The code of ``script``: from the cache, or compiled as attrs would (under ``flags``,
        by default :attr:`flags`) and kept."""
        import marshal

        key = _key(script, filename)
        entry = self.stored.get(key)
        code = None
        if entry is not None and _intact(self.key, key, entry):
            code = _code(entry[1])
        if code is None or entry is None:
            flags = self.flags if flags is None else flags
            code = compile(script, filename, "exec", flags=flags, dont_inherit=True)
            data = marshal.dumps(code)
            entry = self.stored[key] = (_seal(self.key, key, data), data)
            self.compiled += 1
        self.used[key] = entry
        return code

    def save(self) -> None:
        """Write this run's scripts and older ones (at most :data:`MAX_ENTRIES`) in one atomic
        replace, if anything was compiled; a folder that cannot be written is left as it was."""
        if not self.compiled:
            return
        kept = dict(self.used)
        for key, entry in self.stored.items():
            if len(kept) >= MAX_ENTRIES:
                break
            kept.setdefault(key, entry)
        from escalatie.sealedstore import pack, write

        write(self.path, pack(kept))


def _key(script: str, filename: str) -> bytes:
    """The script's key: its file name and text, without the number ``__hash__`` mixes in."""
    global _HASH_NUMBER
    if "hash((" in script:
        if _HASH_NUMBER is None:
            import re

            _HASH_NUMBER = re.compile(r"(hash\(\(\n[ \t]+)-?[0-9]+(,\n)")
        script = _HASH_NUMBER.sub(r"\1TYPE_HASH\2", script)
    from escalatie.digest import blake2b

    return blake2b(f"{filename}\n{script}".encode(), _KEY)


def _seal(key: bytes, script_key: bytes, data: bytes) -> bytes:
    from escalatie.sealedstore import record_seal

    return record_seal(key, script_key, data)


def _intact(key: bytes, script_key: bytes, entry: tuple[bytes, bytes | memoryview]) -> bool:
    from escalatie.sealedstore import record_intact

    return record_intact(key, script_key, entry)


def _code(stored: bytes | memoryview) -> Any:
    """An entry's code object, or None for one that is not one."""
    import marshal

    try:
        code = marshal.loads(stored)
    except (ValueError, EOFError, TypeError):
        return None
    return code if type(code).__name__ == "code" else None


def future_flags(function: Any) -> int:
    """The ``from __future__`` flags ``function``'s module (or a code object) was compiled
    under: what a ``compile()`` called from it inherits."""
    import __future__

    mask = 0
    for name in __future__.all_feature_names:
        mask |= getattr(__future__, name).compiler_flag
    code = function if type(function).__name__ == "code" else getattr(function, "__code__", None)
    return int(getattr(code, "co_flags", 0)) & mask


def cache_path(env: Mapping[str, str] | None = None) -> str | None:
    """The cache file for this Python and ``-O`` level (whose bytecode it holds), or None when
    caching is off.

    attrs' version is not part of it: the code depends only on the script, which is the key."""
    import os

    from escalatie.sealedstore import cache_folder

    folder = cache_folder(env)
    return None if folder is None else os.path.join(folder, file_name())


def file_name() -> str:
    """The cache file's name: the Python whose bytecode it holds, and the ``-O`` level."""
    level = f"-opt-{sys.flags.optimize}" if sys.flags.optimize else ""  # -O drops asserts
    return f"attrs-code-v3-{sys.implementation.cache_tag or 'python'}{level}.bin"


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
            # attrs defines classes of its own while this module runs (Attribute, Factory,
            # ...: 14 scripts, 7 M instructions), before its function can be wrapped: until
            # then, the cache answers the module's calls of ``compile`` itself.
            cache = _open(env)
            if cache is not None:
                module.__dict__["compile"] = _compile_through(cache)
            try:
                run(module)
            finally:
                module.__dict__.pop("compile", None)
            _wrap(module, env, cache)

        loader.exec_module = exec_module  # type: ignore[union-attr]
        return spec


def _open(env: Mapping[str, str] | None) -> CodeCache | None:
    """The cache, or None when caching is off or there is no key yet."""
    import os

    from escalatie.sealedstore import opened

    folder, key = opened("attrs-code", env)
    if folder is None or key is None:
        return None
    return CodeCache(os.path.join(folder, file_name()), key)


def _compile_through(cache: CodeCache) -> Callable[..., Any]:
    """A ``compile`` for attrs' module while it runs: a call in attrs' shape,
    ``compile(script, filename, "exec")``, is served by ``cache`` under the future flags the
    builtin would inherit from its caller; any other call goes to the builtin as it is."""
    import builtins

    def compile(source: Any, filename: Any, mode: Any, *more: Any, **named: Any) -> Any:
        texts = isinstance(source, str) and isinstance(filename, str)
        if more or named or mode != "exec" or not texts:
            return builtins.compile(source, filename, mode, *more, **named)
        caller = sys._getframe(1).f_code
        return cache.compile(source, filename, future_flags(caller))

    return compile


def _wrap(make: Any, env: Mapping[str, str] | None, cache: CodeCache | None = None) -> None:
    global _installed, _original
    original = getattr(make, "_compile_and_eval", None)
    if not callable(original):
        return
    cache = cache if cache is not None else _open(env)
    if cache is None:
        return
    cache.flags = future_flags(original)
    import atexit

    _original = serve(make, cache)
    atexit.register(cache.save)
    _installed = cache


def serve(make: Any, cache: CodeCache) -> Evaluate:
    """Make attrs (its ``_make`` module) compile through ``cache``; attrs' own function back.

    A call in another shape than attrs 25.3 to 26 make (a later attrs may add an argument) goes
    to attrs' own function, so an attrs upgrade costs the cache, never the command; its caller
    gets what that function returns. A script served from the cache returns what attrs 25.3 to
    26's own function returns for it, ``eval``'s ``None``; pyproject caps attrs below 27 so that
    a release which changes that is tested before it is installed."""
    original: Evaluate = make._compile_and_eval

    def compile_and_eval(
        script: Any,
        globs: Any = None,
        locs: Any = None,
        filename: Any = "",
        *more: Any,
        **named: Any,
    ) -> Any:
        if more or named or not (isinstance(script, str) and isinstance(filename, str)):
            return original(script, globs, locs, filename, *more, **named)
        return eval(cache.compile(script, filename), globs, locs)

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
