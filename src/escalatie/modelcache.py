"""Compiled model files kept between runs, so selecting a model does not compile it again.

Compiling a model file (structuring it through cattrs into the spec classes, compiling its
rules, building the domain objects) and importing the compiler cost ``escalatie -m NAME
triage`` about 120 M instructions, more than half of ``import click, pluggy`` (issue 16). This
cache keeps what the compiler gave, a :class:`~escalatie.modelfile.vocabulary.LoadedModel` (or
a route file's routes), as plain data, and builds the same objects from it without the
compiler: no cattrs, no spec classes.

**What is kept.** Every value of the compiled objects: text, numbers, dates and times,
tuples, sets, enums, and the project's attrs classes (their fields set as compiling left them,
without running ``__init__`` again: the values passed its validators when compiled, under the
same code, which the key names; an object holding more than its fields is not kept). A rule's test is a Python function and is not kept: the rule keeps
the predicate table the file wrote (``{has_obstacle = "waiting_list"}``), and loading builds
the test again through the *live* predicates of the installed plugins
(:class:`escalatie.predicates.Compiler`), as compiling does. A plugin that changes what a
predicate tests is therefore never hidden by the cache; a predicate that now refuses its
parameter makes the entry a miss, and the file is compiled, with the compiler's message. A
compiled file holding anything else (a rule of a Python model it extends, a function, a
time zone) is not kept.

**The key** is the BLAKE2b of everything the compiler reads: the file's bytes (their digest),
its label and plugin, the vocabulary (step and forum kinds, route keys, each predicate's
name, description, parameter schema and code location), every installed plugin with its
distribution folder (``name=dist-1.0.dist-info``), escalatie's version with the stat
(:func:`escalatie.sealedstore.stamp`: size, times, inode) of each module of its top folder,
``modelfile/`` and ``builtin/`` (an edited compiler in a development install), the
distribution folders of attrs and cattrs, and Python's version (and so ``tomllib``'s). A
change to any of them is another key. So a warm command finds a compiled file without
parsing its TOML (:meth:`escalatie.modelfile.catalog.Catalog.load`). What the bytes decide and
the compiler reads besides is recorded in the entry and checked before it is used: the
municipality's settings table the file declares settings for (the table given now must be
the one kept, or the entry is a miss) and the step kinds it declares. A file that extends
another is keyed instead by its data laid over the other's (so the bytes of each, as
parsed, in the file's order: a reordered table is compiled again) and that settings table.
Thawing skips ``__init__``, so each entry also records the stat of every other module whose
code its classes run (the class, its bases, its fields' validators and converters: a
plugin's class in an editable install, say), sealed with it; a changed module makes the
entry a miss. A model file that extends a Python model is not kept (a Python model is code,
not data).

**Where.** One file, ``models-v3.bin``, in the cache folder of :mod:`escalatie.tomlcache`
(``$ESCALATIE_CACHE_DIR``, else the user's cache folder); ``ESCALATIE_CACHE_DIR=""`` turns it
off. Each entry is sealed (keyed BLAKE2b, :mod:`escalatie.sealedstore`) under ``derived_key("model-cache")`` over its key and
text and checked before anything of it is used (loading names classes, which imports their
modules); a forged, truncated or foreign entry, or a file that is not the user's own or is
writable by others (:func:`escalatie.owner_only.read_own`), is ignored and the file compiled.
Without the municipality's key there is no cache. Delete the file to clear it.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import TYPE_CHECKING, Any

from escalatie.digest import blake2b
from escalatie.sealedstore import SealedEntries

if TYPE_CHECKING:
    from escalatie.modelfile.vocabulary import Vocabulary
    from escalatie.owner_only import StrPath

FILE_NAME = "models-v3.bin"
FORMAT = "escalatie-model-cache-3"
MAX_ENTRIES = 64
"""Kept entries, newest last: every model of an installation several times over, bounded so
edits over months do not grow the file without end."""


class Uncacheable(Exception):
    """A compiled value the cache does not keep (the model is then compiled every time)."""


class Miss(Exception):
    """An entry that cannot be loaded as it was kept (it is then compiled afresh)."""


# --- freezing: compiled objects to plain data ---------------------------------------------------
#
# Scalars stay as they are; every other value is a list whose first item says what it is, so a
# list of text is never mistaken for one. An attrs object met a second time is a reference to
# the first, so objects the compiler shared (a named rule used twice) stay one object.


class Freezer:
    """Compiled objects as JSON data; ``expressions`` gives each compiled rule's predicate
    table (see :class:`~escalatie.modelfile.rules.RuleCompiler`)."""

    def __init__(self, expressions: Mapping[int, Any]) -> None:
        self.expressions = expressions
        self.classes: dict[type, int] = {}
        self.table: list[list[Any]] = []
        self.seen: dict[int, int] = {}
        self.kept: list[Any] = []  # the objects numbered, so no id is reused meanwhile
        self.sources: dict[str, str] = {}
        """Module -> the stat of its file (:func:`escalatie.sealedstore.stamp`), for each module outside what the
        key names (:func:`code_text`) whose code the kept classes run: checked when loading."""

    def freeze(self, value: Any) -> Any:
        kind = type(value)
        if value is None or kind in (str, int, bool):
            return value
        if kind is float:
            if value != value or value in (float("inf"), float("-inf")):
                raise Uncacheable("not a finite number")
            return value
        if kind is tuple:
            return ["T", *map(self.freeze, value)]
        if kind is list:
            return ["L", *map(self.freeze, value)]
        if kind is frozenset:
            return ["F", *map(self.freeze, value)]
        if kind is dict:
            out: list[Any] = ["D"]
            for k, v in value.items():
                out += [self.freeze(k), self.freeze(v)]
            return out
        if isinstance(value, Enum):
            return ["E", self._class(kind, ()), self.freeze(value.value)]
        if kind is datetime or kind is time:
            if value.tzinfo is not None:
                raise Uncacheable("a time with a time zone")
            return ["dt" if kind is datetime else "t", value.isoformat()]
        if kind is date:
            return ["d", value.isoformat()]
        if kind is timedelta:
            return ["td", value.days, value.seconds, value.microseconds]
        if id(value) in self.seen:
            return ["@", self.seen[id(value)]]
        fields = getattr(kind, "__attrs_attrs__", None)
        if fields is None:
            raise Uncacheable(f"a {kind.__name__}")
        names = tuple(a.name for a in fields)
        if _more_state(value, names):
            raise Uncacheable(f"{kind.__name__} holds more than its fields")
        from escalatie.rules import Rule

        if kind is Rule:
            frozen = self._rule(value)
        else:
            frozen = [
                "O",
                self._class(kind, names),
                *(self.freeze(getattr(value, n)) for n in names),
            ]
        self.seen[id(value)] = len(self.kept)
        self.kept.append(value)
        return frozen

    def _rule(self, rule: Any) -> list[Any]:
        head = [self.freeze(rule.id), self.freeze(rule.text), self.freeze(rule.source)]
        if not rule.enforced:
            return ["R", *head, None]
        found = self.expressions.get(id(rule))
        if found is None or found[0] is not rule:
            raise Uncacheable(f"rule {rule.id}: its test was not compiled from a predicate table")
        return ["R", *head, self.freeze(found[1])]

    def _class(self, kind: type, names: tuple[str, ...]) -> int:
        if kind not in self.classes:
            if "<" in kind.__qualname__:
                raise Uncacheable(f"a class defined inside a function ({kind.__qualname__})")
            for module_name in sorted(_modules(kind)):
                found = _fingerprint(module_name)
                if found is not None:
                    self.sources[module_name] = found
            self.classes[kind] = len(self.table)
            self.table.append([kind.__module__, kind.__qualname__, list(names)])
        return self.classes[kind]


class Thawer:
    """Plain data back into objects; each rule's test built by ``compile(table)``."""

    def __init__(self, table: list[Any], compile: Callable[[Mapping[str, Any]], Any]) -> None:
        self.compile = compile
        self.made: list[Any] = []
        self.classes: list[tuple[type, tuple[str, ...]]] = [_resolve(entry) for entry in table]

    def thaw(self, value: Any) -> Any:
        if type(value) is not list:
            return value
        tag = value[0]
        if tag == "T":
            # A plain value (text, number, None: most items) is itself, without a call.
            return tuple([v if type(v) is not list else self.thaw(v) for v in value[1:]])
        if tag == "L":
            return [self.thaw(v) for v in value[1:]]
        if tag == "F":
            return frozenset([self.thaw(v) for v in value[1:]])
        if tag == "D":
            return {
                self.thaw(k): self.thaw(v) for k, v in zip(value[1::2], value[2::2], strict=True)
            }
        if tag == "E":
            kind: Any = self.classes[value[1]][0]
            raw = value[2]
            # The member by value as Enum's own call finds it first, without that call's
            # Python frames (80 members in a triage's model, issue 16); anything else calls it.
            if type(raw) is str or type(raw) is int:
                member = kind._value2member_map_.get(raw)
                if member is not None:
                    return member
            return kind(self.thaw(raw))
        if tag == "@":
            return self.made[value[1]]
        made: Any
        if tag == "O":
            kind, names = self.classes[value[1]]
            if len(names) != len(value) - 2:
                raise Miss("a field too many or too few")
            made = object.__new__(kind)
            for name, item in zip(names, value[2:], strict=True):
                object.__setattr__(made, name, item if type(item) is not list else self.thaw(item))
        elif tag == "R":
            made = self._rule(value)
        elif tag == "d":
            return date.fromisoformat(value[1])
        elif tag == "t":
            return time.fromisoformat(value[1])
        elif tag == "dt":
            return datetime.fromisoformat(value[1])
        elif tag == "td":
            return timedelta(days=value[1], seconds=value[2], microseconds=value[3])
        else:
            raise Miss(f"unknown tag {tag!r}")
        self.made.append(made)
        return made

    def _rule(self, value: list[Any]) -> Any:
        from escalatie.rules import Rule

        rule_id, text, source = [self.thaw(v) for v in value[1:4]]
        if value[4] is None:
            return Rule(rule_id, text, source, enforced=False)
        return Rule(rule_id, text, source, self.compile(self.thaw(value[4])))


def _resolve(entry: Any) -> tuple[type, tuple[str, ...]]:
    """A class of the table (module, qualified name, field names): an enum, or an attrs
    class whose fields are still the ones kept (a changed class is a miss)."""
    module_name, qualname, names = entry
    import importlib

    found: Any = importlib.import_module(module_name)
    for part in qualname.split("."):
        found = getattr(found, part, None)
    if not isinstance(found, type):
        raise Miss(f"{module_name}.{qualname} is not a class")
    if issubclass(found, Enum):
        return found, ()
    fields = getattr(found, "__attrs_attrs__", None)
    if fields is None or tuple(a.name for a in fields) != tuple(names):
        raise Miss(f"{module_name}.{qualname} has other fields now")
    return found, tuple(names)


def _modules(kind: type) -> set[str]:
    """The modules whose code decides what a thawed object of ``kind`` is, which thawing does
    not run again (it skips ``__init__``): the class and its bases, and each field's validator
    and converter (attrs' composed validators looked into)."""
    out = {klass.__module__ for klass in kind.__mro__}
    for field in getattr(kind, "__attrs_attrs__", ()):
        _callable_modules(field.validator, out, 4)
        _callable_modules(field.converter, out, 4)
    return out


def _callable_modules(found: Any, out: set[str], depth: int) -> None:
    if found is None or depth == 0:
        return
    if isinstance(found, (tuple, list)):
        for item in found:
            _callable_modules(item, out, depth - 1)
        return
    module = getattr(found, "__module__", None)
    if isinstance(module, str):
        out.add(module)
    for field in getattr(type(found), "__attrs_attrs__", ()):  # and_(), optional(), ...
        _callable_modules(getattr(found, field.name, None), out, depth - 1)


_VERSIONED = frozenset({"attr", "attrs", "cattrs"})
"""Packages the key names by version (:func:`code_text`), as it names Python's."""


def _fingerprint(module_name: str) -> str | None:
    """The stat of a module's file (:func:`escalatie.sealedstore.stamp`; an edited module in a development
    or editable install keeps its version); None for a module the key already names: the
    standard library, attrs, cattrs, and escalatie's folders of :func:`code_text`."""
    top = module_name.partition(".")[0]
    if top in sys.stdlib_module_names or top in _VERSIONED:
        return None
    import importlib

    module = sys.modules.get(module_name) or importlib.import_module(module_name)
    file = getattr(module, "__file__", None)
    if not file:
        return ""
    if os.path.normpath(os.path.dirname(file)) in _covered_folders():
        return None
    from escalatie.sealedstore import stamp

    return stamp(os.stat(file))


def _unchanged(sources: Any) -> None:
    """Raise :class:`Miss` when a module an entry's classes run has changed since it was kept."""
    for module_name, kept in sources.items():
        if _fingerprint(module_name) != kept:
            raise Miss(f"{module_name} changed since the entry was kept")


def _more_state(value: Any, names: tuple[str, ...]) -> bool:
    """Whether an attrs object holds anything beside its fields (set in its
    ``__attrs_post_init__``, say), which setting the fields alone would not give back."""
    own = getattr(value, "__dict__", None)
    if own and set(own) - set(names):
        return True
    for klass in type(value).__mro__:
        for slot in getattr(klass, "__slots__", ()):
            if slot not in names and slot != "__weakref__" and hasattr(value, slot):
                return True
    return False


# --- keys ---------------------------------------------------------------------------------------


def data_text(data: Any) -> str | None:
    """Model-file data (TOML values: tables, arrays, text, numbers, dates) as JSON in the
    file's order, for a key; None when it holds anything else (a Python model's rules)."""
    from escalatie.tomlcache import to_json

    try:
        # Not sorted: TOML tables keep their order and the compiler keeps it (a [step_kinds]
        # table gives its kinds in the file's order), so two orders are two keys.
        return json.dumps(to_json(data), separators=(",", ":"))
    except Exception:  # a value JSON does not hold (a Rule, a function), or nested too deep
        return None


def vocabulary_text(vocabulary: Vocabulary) -> str:
    """Everything of the vocabulary compiling reads, as canonical JSON: kinds, route keys,
    plugins, and each predicate's name, description, schema and code location."""
    predicates = []
    for name in sorted(vocabulary.predicates):
        p = vocabulary.predicates[name]
        code = f"{getattr(p.build, '__module__', '')}:{getattr(p.build, '__qualname__', '')}"
        schema = json.dumps(p.schema, sort_keys=True, default=repr)
        predicates.append([name, p.description, schema, code])
    return json.dumps(
        [
            sorted(vocabulary.step_kinds),
            sorted(vocabulary.forum_kinds),
            sorted(vocabulary.routes),
            list(vocabulary.plugins),
            predicates,
        ],
        separators=(",", ":"),
    )


_CODE: str | None = None


def code_text() -> str:
    """escalatie's version, and each of its modules' stat (the compiler
    and the domain classes; a development install keeps one version while its code changes),
    with Python's version."""
    global _CODE
    if _CODE is None:
        import escalatie
        from escalatie.sealedstore import stamp

        parts = [escalatie.__version__, sys.version, sys.implementation.cache_tag or ""]
        parts += _distributions(("attrs", "attr"), ("cattrs", "cattrs"))
        for folder in _covered_folders():
            with os.scandir(folder) as entries:
                for entry in sorted(entries, key=lambda e: e.name):
                    if entry.name.endswith((".py", ".toml")):
                        name = os.path.basename(folder)
                        parts.append(f"{name}/{entry.name}:{stamp(entry.stat())}")
        _CODE = "\n".join(parts)
    return _CODE


_COVERED: tuple[str, ...] = ()


def _covered_folders() -> tuple[str, ...]:
    """The folders whose modules :func:`code_text` names (the compiler and the core's
    classes), each written as :func:`os.path.normpath` writes it."""
    global _COVERED
    if not _COVERED:
        import escalatie

        root = os.path.normpath(os.path.dirname(escalatie.__file__))
        _COVERED = (root, os.path.join(root, "modelfile"), os.path.join(root, "builtin"))
    return _COVERED


def _distributions(*wanted: tuple[str, str]) -> list[str]:
    """The metadata folders (``attrs-25.1.0.dist-info``) of the distributions that build and
    thaw the objects (attrs: validators, ``__attrs_post_init__``; cattrs: structuring), found
    beside each one's package without importing it; ``name=?`` when none is found. When the
    command read its plugins' entry points itself (:mod:`escalatie.entrypoints`, which lists
    every folder of ``sys.path`` once), the folder it found first for the name, as
    ``importlib.metadata`` would, is taken from there."""
    from escalatie.entrypoints import distribution_folder

    out = []
    for dist, package in wanted:
        found = "?"
        listed = distribution_folder(dist)
        if listed is not None:
            out.append(f"{dist}={os.path.basename(listed)}")
            continue
        import importlib.util  # only here: a command that read the entry points needs none

        try:
            spec = importlib.util.find_spec(package)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin:
            site = os.path.dirname(os.path.dirname(spec.origin))
            with os.scandir(site) as entries:
                names = sorted(
                    e.name
                    for e in entries
                    if e.name.startswith(f"{dist}-")
                    and e.name.endswith((".dist-info", ".egg-info"))
                )
            found = ",".join(names) or "?"
        out.append(f"{dist}={found}")
    return out


def make_key(*parts: str) -> str:
    """The entry's key: BLAKE2b over the format, the code and the given parts."""
    text = "\x00".join((FORMAT, code_text(), *parts))
    return blake2b(text.encode("utf-8", "surrogatepass")).hex()


def content_digest(raw: bytes) -> str:
    """A file's bytes as a part of a key (BLAKE2b)."""
    return blake2b(raw).hex()


# --- the cache file -----------------------------------------------------------------------------


class ModelCache:
    """The entries of one cache file, read when first asked for, written when the process
    ends if anything was added (sealing, reading, bounding and saving:
    :class:`~escalatie.sealedstore.SealedEntries`)."""

    def __init__(self, folder: StrPath | None, key: bytes | None) -> None:
        self.wanted = folder
        self.path = None if folder is None or key is None else os.path.join(folder, FILE_NAME)
        self.key = key or b""
        self.store = SealedEntries(self.path, self.key, MAX_ENTRIES)

    @property
    def on(self) -> bool:
        return self.path is not None

    def get(self, key: str, compile: Callable[[Mapping[str, Any]], Any]) -> Any:
        """The objects kept under ``key``, rules' tests built by ``compile``; None when there
        is no usable entry."""
        entry = self.entry(key)
        return None if entry is None else self.thaw(entry, compile)

    def entry(self, key: str) -> dict[str, Any] | None:
        """The entry kept under ``key``, its seal checked, not yet thawed (its ``facts`` are
        what its caller kept to check it by: :meth:`put`); None when there is none."""
        text = self.store.get(key)
        if text is None:
            return None
        try:
            entry = json.loads(text)
        except (ValueError, RecursionError):
            return None
        return entry if isinstance(entry, dict) else None

    def thaw(self, entry: Mapping[str, Any], compile: Callable[[Mapping[str, Any]], Any]) -> Any:
        """An entry's objects, rules' tests built by ``compile``; None when it cannot be."""
        try:
            _unchanged(entry["sources"])
            return Thawer(entry["classes"], compile).thaw(entry["value"])
        except Exception:  # anything an entry that is not what we wrote does: compile instead
            return None

    def put(self, key: str, value: Any, expressions: Mapping[int, Any], facts: Any = None) -> None:
        """Keep ``value`` under ``key`` (nothing when it holds what the cache does not keep),
        with ``facts`` (JSON data) its caller checks before using it (:meth:`entry`)."""
        if self.path is None:
            return
        try:
            freezer = Freezer(expressions)
            frozen = freezer.freeze(value)
            data = {"classes": freezer.table, "sources": freezer.sources, "value": frozen}
            if facts is not None:
                data["facts"] = facts
            text = json.dumps(data, separators=(",", ":"))
        except (Uncacheable, RecursionError, ValueError, TypeError, ImportError, OSError):
            return
        self.store.put(key, text)

    def save(self) -> None:
        """Write the entries (at most :data:`MAX_ENTRIES`, newest kept) in one atomic replace;
        a folder that cannot be written leaves the cache as it was."""
        if self.store.pending:
            self.store.save()


_shared: ModelCache | None = None


def shared_cache() -> ModelCache:
    """The process's cache, in the folder :func:`escalatie.sealedstore.cache_folder` names."""
    global _shared
    from escalatie.sealedstore import cache_folder, opened

    folder = cache_folder()
    if _shared is None or _shared.wanted != folder:
        _shared = ModelCache(*opened("model-cache"))
        atexit.register(_shared.save)
    return _shared


# --- what the compiler's callers use ------------------------------------------------------------


def rule_compiler(
    vocabulary: Vocabulary, step_kinds: frozenset[str]
) -> Callable[[Mapping[str, Any]], Any]:
    """Builds a kept rule's test from its predicate table with the live predicates, as
    :class:`~escalatie.modelfile.rules.RuleCompiler` does; a table they refuse is a miss."""
    from escalatie.predicates import Compiler, core_predicates

    compiler = Compiler({**core_predicates(step_kinds), **vocabulary.predicates})

    def compile(table: Mapping[str, Any]) -> Any:
        ((name, value),) = table.items()
        test = compiler.call(name, value, "(cached rule)")
        if test is None or compiler.problems:
            raise Miss("; ".join(compiler.problems))
        return test

    return compile


def own_step_kinds(data: Mapping[str, Any], vocabulary: Vocabulary) -> frozenset[str]:
    """The step kinds a file's rules may name: the vocabulary's and its own (as compiling)."""
    own = data.get("step_kinds", {})
    return vocabulary.step_kinds | (frozenset(own) if isinstance(own, dict) else frozenset())


def core_vocabulary() -> Vocabulary:
    """The core's kinds only (what a route file of the core may name), without the compiler."""
    from escalatie.kinds import core_forum_kinds, core_step_kinds
    from escalatie.modelfile.vocabulary import Vocabulary

    return Vocabulary(frozenset(core_step_kinds()), frozenset(core_forum_kinds()), {}, frozenset())


def route_file(source: Any, label: str) -> list[Any]:
    """The routes of a core route file (``national_routes.toml``): kept, or compiled.

    Keyed by the file's bytes (a route file extends nothing): a warm command reads no TOML.
    The entry records the step kinds the file declares, which its rules may name."""
    from escalatie.modelfile.reading import read_bytes

    cache = shared_cache()
    key = None
    if cache.on:
        vocabulary = core_vocabulary()
        raw = read_bytes(source, label)
        key = make_key("route file bytes", label, content_digest(raw), vocabulary_text(vocabulary))
        entry = cache.entry(key)
        try:
            steps = frozenset(entry["facts"]["steps"]) if entry is not None else None
        except (KeyError, TypeError):
            steps = None
        if entry is not None and steps is not None:
            found = cache.thaw(entry, rule_compiler(vocabulary, vocabulary.step_kinds | steps))
            if isinstance(found, list):
                return found
    from escalatie.modelfile.load import load_route_file
    from escalatie.modelfile.reading import read_toml

    expressions: dict[int, Any] = {}
    routes = load_route_file(source, label, expressions)
    if key is not None:
        own = read_toml(source, label).get("step_kinds", {})
        facts = {"steps": list(own) if isinstance(own, dict) else []}
        cache.put(key, routes, expressions, facts)
    return routes
