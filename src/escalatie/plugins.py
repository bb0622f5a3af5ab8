"""The plugin manager: internal plugins, entry points, and the registry of contributions.

Plugins load lazily: nothing is imported until a command asks for models or routes, so the CLI
starts fast. ``ESCALATIE_PLUGINS`` chooses which entry-point plugins load: unset loads all,
empty loads none, ``a,b`` loads only those, and ``-a`` blocks one.

Every hook is called through ``pm.hook`` (so ``wrapper=True`` implementations, ``tryfirst``
and ``trylast`` work as pluggy promises), by way of :class:`Hooks`, a typed facade that mypy
checks. Tests use their own registry with :func:`using_registry`.

Not part of the public surface (see ``docs/api.md``), except :func:`using_registry`,
:func:`make_plugin_manager` and :class:`Registry` for tests and tools.
"""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from types import (
    BuiltinFunctionType,
    ClassMethodDescriptorType,
    CodeType,
    FrameType,
    FunctionType,
    GetSetDescriptorType,
    MethodDescriptorType,
    MethodType,
    ModuleType,
    WrapperDescriptorType,
)
from typing import TYPE_CHECKING, Any, TypeVar

import pluggy

from escalatie import hookspecs
from escalatie.entrypoints import EntryPoint, entry_points
from escalatie.errors import (
    EscalatieError,
    InvalidDocument,
    PluginConflict,
    PluginError,
    UnknownModel,
    cut,
    shown,
)
from escalatie.naming import close_name, is_model_path, model_summary, unknown_message

if TYPE_CHECKING:
    import click

    from escalatie.case import Case
    from escalatie.examples import ExampleCase
    from escalatie.forum import Forum
    from escalatie.kinds import Kind
    from escalatie.model import EscalationModel
    from escalatie.modelfile.catalog import Catalog, ModelFile
    from escalatie.modelfile.load import LoadedModel, Readable, Vocabulary
    from escalatie.participants import InvitationParticipants
    from escalatie.predicates import Predicate
    from escalatie.routes import OnwardRoute
    from escalatie.triaging import TriageResult

T = TypeVar("T")

__all__ = [
    "Hooks",
    "PluginManager",
    "Registry",
    "default_registry",
    "make_plugin_manager",
    "using_registry",
]

ENTRY_POINT_GROUP = "escalatie"
PLUGINS_ENV = "ESCALATIE_PLUGINS"

INTERNAL_PLUGINS = (
    "escalatie.builtin.routes",
    "escalatie.builtin.national_routes",
)


def _wanted(env: Mapping[str, str]) -> tuple[set[str] | None, set[str]]:
    """Which entry-point names to load (None = all) and which to block."""
    raw = env.get(PLUGINS_ENV)
    if raw is None:
        return None, set()
    names = [n.strip() for n in raw.split(",") if n.strip()]
    blocked = {n[1:] for n in names if n.startswith("-")}
    allowed = {n for n in names if not n.startswith("-")}
    if blocked and not allowed:
        return None, blocked
    return allowed, blocked


class PluginManager(pluggy.PluginManager):
    """pluggy's manager that also remembers the entry point each plugin came from."""

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT)
        self.entry_points: dict[str, EntryPoint] = {}

    def parse_hookimpl_opts(self, plugin: object, name: str) -> Any:
        """pluggy's answer, after a quick "no" for a name that is certainly no hook
        implementation. pluggy looks every name of ``dir(plugin)`` up with
        ``inspect.getattr_static``; for the bundled plugins (modules that import much, and
        instances with every name of ``object``) that cost a tenth of
        ``import click, pluggy`` on every command (issue 16). Anything that might be one goes
        to pluggy unchanged; a test holds both to the same answer for every name."""
        value = _static_value(plugin, name)
        if value is not _MISSING and _no_hook(value, self.project_name + "_impl"):
            return None
        return super().parse_hookimpl_opts(plugin, name)


_MISSING = object()
_MODULE_NAMES = frozenset(dir(ModuleType))
_NEVER_HOOKS = (
    BuiltinFunctionType,
    ClassMethodDescriptorType,
    GetSetDescriptorType,
    MethodDescriptorType,
    WrapperDescriptorType,
)


def _static_value(plugin: object, name: str) -> object:
    """What ``inspect.getattr_static(plugin, name)`` finds, for the simple cases: a module's
    own name, and an instance's name that only its class defines; else ``_MISSING``."""
    if isinstance(plugin, ModuleType):
        return _MISSING if name in _MODULE_NAMES else plugin.__dict__.get(name, _MISSING)
    if isinstance(plugin, type):
        return _MISSING
    try:
        own = object.__getattribute__(plugin, "__dict__")
    except AttributeError:
        own = {}
    if not isinstance(own, dict) or name in own:
        return _MISSING
    for klass in type(plugin).__mro__:
        if name in klass.__dict__:
            return klass.__dict__[name]
    return _MISSING


def _no_hook(value: object, marker: str) -> bool:
    """Whether ``value`` is certainly no hook implementation, in every pluggy we support: a
    plain function without the marker, a built-in function or slot, or something that is
    neither a bound method nor a descriptor (data, a class, a callable object). Bound methods
    and descriptors (staticmethod, classmethod, property, slots) are left to pluggy."""
    kind = type(value)
    if kind is FunctionType:
        return not hasattr(value, marker)
    if isinstance(value, _NEVER_HOOKS):
        return True
    return kind is not MethodType and not hasattr(kind, "__get__")


def make_plugin_manager(
    env: Mapping[str, str] | None = None, load_entrypoints: bool = True
) -> PluginManager:
    """A fresh manager with the hookspecs, the internal plugins and the chosen entry points."""
    import importlib

    pm = PluginManager()
    pm.add_hookspecs(hookspecs)
    for name in INTERNAL_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
    if load_entrypoints:
        _load_entrypoints(pm, os.environ if env is None else env)
    pm.check_pending()
    return pm


def _load_entrypoints(pm: PluginManager, env: Mapping[str, str]) -> None:
    allowed, blocked = _wanted(env)
    installed = entry_points(ENTRY_POINT_GROUP)  # as importlib.metadata finds them, lighter
    unknown = sorted(((allowed or set()) | blocked) - {ep.name for ep in installed})
    if unknown:
        raise EscalatieError(
            unknown_message("plugin", unknown[0], sorted(ep.name for ep in installed))
            + f" (from {PLUGINS_ENV})"
        )
    for ep in installed:
        if ep.name in blocked or (allowed is not None and ep.name not in allowed):
            continue
        if pm.get_plugin(ep.name) is not None or pm.is_blocked(ep.name):
            continue
        try:
            plugin = ep.load()
        except Exception as exc:  # a broken third-party plugin must not crash the CLI
            text = cut(" ".join(str(exc).split()), 200)
            raise PluginError(
                f"plugin {ep.name}: could not be loaded from {ep.value}: "
                f"{type(exc).__name__}: {text}"
            ) from exc
        pm.register(plugin, name=ep.name)
        pm.entry_points[ep.name] = ep


def _predicates_of(ep: EntryPoint) -> list[str]:
    """The names of the predicates the plugin of ``ep`` registers, in a manager of its own;
    none when it cannot be loaded or its hook fails (a hint is then not given)."""
    names: list[str] = []
    try:
        pm = PluginManager()
        pm.add_hookspecs(hookspecs)
        pm.register(ep.load(), name=ep.name)
        Hooks(pm).register_predicates(lambda p, _: names.append(p.name))
    except Exception:  # a broken plugin gives no hint, and no traceback
        return []
    return names


Implementations = Mapping[CodeType, list[tuple[object, str]]]
"""Per code object of a hook implementation: its bound instance (or None) and plugin name."""


def _owner(implementations: Implementations) -> str:
    """The plugin whose hook implementation is calling ``register`` now: the nearest frame on
    the stack that runs one of the hook's implementations (a wrapper's too). Instances of one
    class share their methods' code, so the frame's ``self`` tells them apart."""
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        candidates = implementations.get(frame.f_code)
        if candidates:
            if len(candidates) == 1:
                return candidates[0][1]
            this = frame.f_locals.get("self")
            return next((name for bound, name in candidates if bound is this), candidates[0][1])
        frame = frame.f_back
    return "unknown plugin"


def _blame(exc: BaseException, implementations: Implementations) -> str | None:
    """The plugin whose implementation is deepest in the traceback of ``exc``, if any."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        candidates = implementations.get(tb.tb_frame.f_code)
        if candidates:
            this = tb.tb_frame.f_locals.get("self")
            found = next((n for bound, n in candidates if bound is this), candidates[0][1])
        tb = tb.tb_next
    return found


def _implementations(caller: Any) -> dict[CodeType, list[tuple[object, str]]]:
    """Per code object of a hook's implementations: bound instance and plugin name."""
    out: dict[CodeType, list[tuple[object, str]]] = {}
    for impl in caller.get_hookimpls():
        code = getattr(inspect.unwrap(impl.function), "__code__", None)
        if code is not None:
            bound = getattr(impl.function, "__self__", None)
            out.setdefault(code, []).append((bound, impl.plugin_name))
    return out


def _broken(name: str, exc: Exception, implementations: Implementations) -> PluginError:
    """A plugin's failure as one line naming the plugin and the hook, for the user."""
    who = _blame(exc, implementations) or "a plugin"
    text = cut(" ".join(str(exc).split()), 200) or "no message"
    return PluginError(f"plugin {who}: {name} failed: {type(exc).__name__}: {text}")


class Hooks:
    """The hook calls of one manager, typed: every call goes through ``pm.hook``.

    Contribution hooks take a ``register(item, plugin)`` callback here: the facade tells it
    which plugin's implementation (or wrapper) made the call. The per-model hooks
    (:meth:`invitation_participants`, :meth:`agenda_text`) are asked of the plugin that
    contributed the model only (its ``plugin`` stamp), so a plugin never filters on model names.
    """

    def __init__(self, pm: pluggy.PluginManager) -> None:
        self.pm = pm

    def _contribute(self, name: str, register: Callable[[T, str], None]) -> None:
        caller = getattr(self.pm.hook, name)
        implementations = _implementations(caller)

        def register_one(item: T) -> None:
            register(item, _owner(implementations))

        self._call(name, caller, implementations, register=register_one)

    @staticmethod
    def _call(
        name: str, caller: Any, implementations: Implementations | None = None, **kwargs: Any
    ) -> Any:
        """``caller(**kwargs)``; an implementation that raises anything but an
        :class:`EscalatieError` (already one line for the user) becomes a :class:`PluginError`
        naming the plugin, so the CLI shows one line, never a traceback."""
        try:
            return caller(**kwargs)
        except EscalatieError:
            raise
        except Exception as exc:
            found = _implementations(caller) if implementations is None else implementations
            raise _broken(name, exc, found) from exc

    def register_models(self, register: Callable[[EscalationModel, str], None]) -> None:
        self._contribute("escalatie_register_models", register)

    def register_model_files(self, register: Callable[[Readable, str], None]) -> None:
        self._contribute("escalatie_register_model_files", register)

    def register_predicates(self, register: Callable[[Predicate, str], None]) -> None:
        self._contribute("escalatie_register_predicates", register)

    def register_step_kinds(self, register: Callable[[Kind, str], None]) -> None:
        self._contribute("escalatie_register_step_kinds", register)

    def register_forum_kinds(self, register: Callable[[Kind, str], None]) -> None:
        self._contribute("escalatie_register_forum_kinds", register)

    def register_routes(self, register: Callable[[OnwardRoute, str], None]) -> None:
        self._contribute("escalatie_register_routes", register)

    def register_example_cases(self, register: Callable[[ExampleCase, str], None]) -> None:
        self._contribute("escalatie_register_example_cases", register)

    def register_commands(self, register: Callable[[click.Command, str], None]) -> None:
        self._contribute("escalatie_register_commands", register)

    def answers(self, name: str) -> bool:
        """Whether any plugin implements hook ``name`` (so a hot path may skip the call)."""
        return bool(getattr(self.pm.hook, name).get_hookimpls())

    def preempt_triage(
        self, model: EscalationModel, case: Case, at: datetime
    ) -> TriageResult | None:
        caller = self.pm.hook.escalatie_preempt_triage
        result: TriageResult | None = self._call(
            "escalatie_preempt_triage", caller, model=model, case=case, at=at
        )
        return result

    def _of_model(self, name: str, model: EscalationModel) -> Any:
        """Hook ``name`` as the plugin that contributed ``model`` implements it (wrappers
        included), or None when that plugin does not."""
        owner = self.pm.get_plugin(model.plugin) if model.plugin else None
        if owner is None:
            return None
        if not any(i.plugin is owner for i in getattr(self.pm.hook, name).get_hookimpls()):
            return None
        others = [p for p in self.pm.get_plugins() if p is not owner]
        return self.pm.subset_hook_caller(name, remove_plugins=others)

    def answers_for(self, name: str, model: EscalationModel) -> bool:
        """Whether the plugin that contributed ``model`` implements hook ``name``."""
        return self._of_model(name, model) is not None

    def invitation_participants(
        self, model: EscalationModel, forum: Forum, case: Case, meeting_index: int
    ) -> InvitationParticipants | None:
        caller = self._of_model("escalatie_invitation_participants", model)
        if caller is None:
            return None
        result: InvitationParticipants | None = self._call(
            "escalatie_invitation_participants",
            caller,
            model=model,
            forum=forum,
            case=case,
            meeting_index=meeting_index,
        )
        return result

    def agenda_text(self, model: EscalationModel, case: Case) -> str | None:
        caller = self._of_model("escalatie_agenda_text", model)
        if caller is None:
            return None
        text: str | None = self._call("escalatie_agenda_text", caller, model=model, case=case)
        return text

    def override_remarks(
        self, model: EscalationModel, case: Case, decided_by: str
    ) -> tuple[str, ...] | None:
        caller = self._of_model("escalatie_override_remarks", model)
        if caller is None:
            return None
        remarks: Sequence[str] | None = self._call(
            "escalatie_override_remarks", caller, model=model, case=case, decided_by=decided_by
        )
        return None if remarks is None else tuple(remarks)


class Registry:
    """The models, routes and example cases that the plugins of one manager contribute.

    ``escalatie.api`` exports it for a plugin's tests and tools. What they may rely on
    (stable, ``docs/api.md``): ``Registry(pm)`` over a manager from ``make_plugin_manager``
    (``env=`` in place of the process environment for ``ESCALATIE_MODEL_PATH``); ``models``
    (name to model, sorted) and ``model(name)`` (a name, or a model file's path); ``routes``
    and ``route(key)``; ``examples`` and ``example(name)``; a name nothing contributes raises
    :class:`~escalatie.errors.EscalatieError` (``UnknownModel`` for a model) in one line, a
    name two plugins contribute :class:`~escalatie.errors.PluginConflict`. Every other
    attribute (``pm``, ``hooks``, ``contributors``, the model-file catalog, kinds and
    predicates, ``commands``, ``reserved_commands``, when a file is compiled and what is
    cached) serves the command line and may change without notice.
    """

    def __init__(
        self,
        pm: PluginManager,
        env: Mapping[str, str] | None = None,
        reserved_commands: frozenset[str] = frozenset(),
    ) -> None:
        self.pm = pm
        self.hooks = Hooks(pm)
        """The typed hook calls (:class:`Hooks`)."""
        self.env = env
        """The environment read for ``ESCALATIE_MODEL_PATH`` (None: ``os.environ``)."""
        self.reserved_commands = reserved_commands
        """Command names a plugin may not take (the CLI's own; it sets them)."""
        self._models: dict[str, EscalationModel] | None = None
        self._python_models: dict[str, EscalationModel] | None = None
        self._hook_routes: dict[str, OnwardRoute] | None = None
        self._routes: dict[str, OnwardRoute] | None = None
        self._files: list[ModelFile] | None = None
        self._file_routes: dict[str, OnwardRoute] = {}
        self._step_kinds: dict[str, Kind] | None = None
        self._forum_kinds: dict[str, Kind] | None = None
        self._predicates: dict[str, Predicate] | None = None
        self._raw_files: dict[str, dict[str, Any]] = {}
        self._facts: dict[str, dict[str, Any]] | None = None
        """Each model file's name and declared keys, by label (:meth:`_fact`)."""
        self._unreadable: dict[str, list[str]] = {}
        self._loaded: dict[str, LoadedModel] = {}
        """The model files compiled so far, by label (see :meth:`model`)."""
        self._given_at: dict[str, EscalationModel] = {}
        """The models of the files given with ``-m PATH`` in this run, by resolved path."""
        self._examples: dict[str, ExampleCase] | None = None
        self._commands: dict[str, click.Command] | None = None
        self.contributors: dict[str, dict[str, str]] = {}
        """Per kind ("model", "route", "example case", "command"): name -> plugin name."""

    def _collect(
        self,
        contribute: Callable[[Callable[[Any, str], None]], None],
        key: Callable[[Any], str],
        what: str,
        stamp: Callable[[Any, str], Any] | None = None,
    ) -> dict[str, Any]:
        """Call a contribution hook through the facade; ``stamp`` may mark each item with the
        plugin that contributed it."""
        found: dict[str, Any] = {}
        owners = self.contributors.setdefault(what, {})

        def register(item: Any, plugin: str) -> None:
            name = key(item)
            if name in found:
                raise PluginConflict(
                    f"{what} {name!r}: contributed by both {owners[name]} and {plugin}"
                )
            if stamp is not None:
                item = stamp(item, plugin)
            found[name] = item
            owners[name] = plugin

        contribute(register)
        return dict(sorted(found.items()))

    @property
    def python_models(self) -> dict[str, EscalationModel]:
        """The models Python plugins register (``escalatie_register_models``)."""
        if self._python_models is None:

            def stamp(model: EscalationModel, plugin: str) -> EscalationModel:
                import attrs  # only when a plugin registers a model

                from escalatie.validation import MODEL_NAME_EXPECTED, is_model_name

                if not is_model_name(model.name):  # a key, as a model file's name is
                    raise PluginError(
                        f"plugin {plugin}: escalatie_register_models: model name "
                        f"{shown(model.name)}: {MODEL_NAME_EXPECTED}, the rule for every "
                        "model's name (validation.MODEL_NAME)"
                    )
                return attrs.evolve(model, plugin=plugin)

            self._python_models = self._collect(
                self.hooks.register_models, lambda m: m.name, "model", stamp=stamp
            )
        return self._python_models

    @property
    def model_files(self) -> list[ModelFile]:
        """Model files from plugins, then from the search path (see :mod:`escalatie.modelfile`)."""
        if self._files is None:
            from escalatie.modelfile.catalog import ModelFile, files_in, search_path

            files: list[ModelFile] = []

            def register(source: Readable, plugin: str) -> None:
                name = getattr(source, "name", str(source))
                files.append(ModelFile(f"{name} (plugin {plugin})", source, plugin))

            self.hooks.register_model_files(register)
            self._files = files + files_in(search_path(self.env))
        return self._files

    def catalog(self, extra: list[ModelFile] | None = None) -> Catalog:
        """The model files (and ``extra`` ones) compiled against the Python models."""
        from escalatie.modelfile.catalog import Catalog
        from escalatie.settings import section

        return Catalog(
            [*self.model_files, *(extra or [])],
            self.python_models,
            self.vocabulary,
            lambda name, known: section(name, self.env, known=known),
            self._raw_files,
            self._unreadable,
        )

    def vocabulary(self, files: Any = None) -> Vocabulary:
        """What model files may name: installed kinds, predicates and routes."""
        from escalatie.kinds import core_forum_kinds, core_step_kinds
        from escalatie.modelfile.vocabulary import Vocabulary

        return Vocabulary(
            step_kinds=frozenset([*core_step_kinds(), *self.step_kinds]),
            forum_kinds=frozenset([*core_forum_kinds(), *self.forum_kinds]),
            predicates=self.predicates,
            routes=frozenset([*self.hook_routes, *self._declared("routes", "key")]),
            plugins=self.plugin_versions(),
            switched_off=self.predicate_switched_off,
        )

    def predicate_switched_off(self, name: str) -> str | None:
        """Which installed plugin provides predicate ``name`` though it is not loaded (switched
        off by ``ESCALATIE_PLUGINS``), in words for the error line; None if none does.

        Asked on the error path only: each plugin not loaded is imported and its predicates
        registered in a manager of its own, apart from this registry, so ``unknown
        predicate`` can say that the plugin that has it is switched off. A plugin
        that cannot be loaded or fails its hook is passed over: the error stays the plain one.
        """
        for ep in entry_points(ENTRY_POINT_GROUP):
            if self.pm.get_plugin(ep.name) is None and name in _predicates_of(ep):
                chosen = os.environ.get(PLUGINS_ENV)
                why = (
                    "not loaded" if chosen is None else f"switched off by {PLUGINS_ENV}={chosen!r}"
                )
                return f"plugin '{ep.name}' provides it, and is installed but {why}"
        return None

    def plugin_versions(self) -> tuple[str, ...]:
        """Each registered plugin's name with the distribution it was installed from
        (``name=dist-1.0.dist-info``; internal and test plugins by name and module), so the
        model cache (:mod:`escalatie.modelcache`) keys compiled models by the plugins."""
        out = []
        for name, plugin in self.pm.list_name_plugin():
            ep = self.pm.entry_points.get(name) if isinstance(self.pm, PluginManager) else None
            where = os.path.basename(ep.folder) if ep is not None else ""
            kind = getattr(plugin, "__name__", None) or type(plugin).__qualname__
            out.append(f"{name}={where}:{kind}")
        return tuple(sorted(out))

    def _declared(self, table: str, key: str | None = None) -> list[str]:
        """Keys a model file declares (``[step_kinds]``) or item keys (``[[routes]]``), read
        from the files without compiling them (a file that cannot be read declares nothing)."""
        out: list[str] = []
        for file in self.model_files:
            out += self._fact(file)[_FACT_FIELDS[table, key]]
        return out

    def _read(self, file: ModelFile) -> dict[str, Any]:
        """A model file's TOML, read once; empty when it cannot be read (see :meth:`problems`)."""
        from escalatie.modelfile.catalog import Catalog

        catalog = Catalog(
            [], {}, self.vocabulary, lambda n, k: {}, self._raw_files, self._unreadable
        )
        return catalog.read(file) or {}

    def _fact(self, file: ModelFile) -> dict[str, Any]:
        """A model file's name and the keys it declares (``step_kinds``, ``forum_kinds``,
        ``routes``), from the name index when it holds every file of :attr:`model_files`
        unchanged (:mod:`escalatie.modelfile.nameindex`), else read from the file."""
        from escalatie.modelfile import nameindex

        if self._facts is None:
            files = self.model_files
            if all(f.label in self._raw_files or f.label in self._unreadable for f in files):
                # every file was read already (``escalatie models`` checks them all first):
                # the index would only add its own cost
                self._facts = {f.label: nameindex.facts_of(self._read(f)) for f in files}
                return self._fact(file)
            index = nameindex.shared_index()
            found = index.get(files)
            if found is None:
                import time

                now = time.time_ns()  # before reading: a file changed meanwhile is not kept
                found = {f.label: nameindex.facts_of(self._read(f)) for f in files}
                if not any(f.label in self._unreadable for f in files):
                    index.put(files, found, now)
            self._facts = found
        facts = self._facts.get(file.label)
        if facts is None:  # not one of the installed files (-m PATH)
            facts = nameindex.facts_of(self._read(file))
        return facts

    def _kinds(
        self,
        hook: Callable[[Callable[[Any, str], None]], None],
        what: str,
        core: tuple[str, ...],
        table: str,
    ) -> dict[str, Kind]:
        from escalatie.kinds import Kind

        found: dict[str, Kind] = self._collect(hook, lambda k: k.key, what)
        for key in self._declared(table):
            found.setdefault(key, Kind(key, "declared by a model file"))
        for key in found:
            if key in core:
                raise PluginConflict(f"{what} {key!r}: the core has it already")
        return found

    @property
    def step_kinds(self) -> dict[str, Kind]:
        """Step kinds plugins and model files register, beyond the core's ``StepKind``."""
        if self._step_kinds is None:
            from escalatie.kinds import core_step_kinds

            self._step_kinds = self._kinds(
                self.hooks.register_step_kinds,
                "step kind",
                core_step_kinds(),
                "step_kinds",
            )
        return self._step_kinds

    @property
    def forum_kinds(self) -> dict[str, Kind]:
        """Forum kinds plugins and model files register, beyond the core's ``ForumKind``."""
        if self._forum_kinds is None:
            from escalatie.kinds import core_forum_kinds

            self._forum_kinds = self._kinds(
                self.hooks.register_forum_kinds,
                "forum kind",
                core_forum_kinds(),
                "forum_kinds",
            )
        return self._forum_kinds

    @property
    def predicates(self) -> dict[str, Predicate]:
        """Predicates plugins register for model files, beyond the core's."""
        if self._predicates is None:
            from escalatie.predicates import COMBINATORS, core_predicates

            found: dict[str, Predicate] = self._collect(
                self.hooks.register_predicates, lambda p: p.name, "predicate"
            )
            core = core_predicates(())
            for name in found:
                if name in COMBINATORS or name in core:
                    raise PluginConflict(f"predicate {name!r}: the core has it already")
            self._predicates = found
        return self._predicates

    # --- models, built when first asked for -----------------------------------------------------
    #
    # Selecting one model (``-m NAME``, :meth:`model`) reads every model file's TOML to learn the
    # names, but compiles only the chosen file (and what it extends); :meth:`route` compiles
    # only a file that declares the route asked for. :attr:`models` compiles everything. So a
    # broken file fails the commands that use it, and ``escalatie models`` lists the rest.

    def index(self) -> dict[str, list[str]]:
        """Every installed model name and where it comes from (``plugin NAME`` or a file's
        label), without compiling any file. A name with two sources is a conflict, reported
        when that name is used or every model is loaded."""
        out: dict[str, list[str]] = {
            name: [f"plugin {m.plugin}"] for name, m in self.python_models.items()
        }
        for file in self.model_files:
            name = self._fact(file)["name"]
            if isinstance(name, str):
                out.setdefault(name, []).append(file.label)
        return dict(sorted(out.items()))

    def _files_named(self, name: str) -> list[ModelFile]:
        return [f for f in self.model_files if self._fact(f)["name"] == name]

    def _conflict(self, name: str, sources: list[str]) -> PluginConflict:
        return PluginConflict(f"model {name!r}: contributed by both {sources[0]} and {sources[1]}")

    def problems(self) -> list[str]:
        """Model files that cannot be read, and names contributed twice: one line each, found
        without compiling any file (``escalatie model check`` compiles them all)."""
        from escalatie.modelfile.reading import ModelFileError

        lines: list[str] = []
        for file in self.model_files:
            data = self._read(file)
            if file.label in self._unreadable:
                lines += ModelFileError(self._unreadable[file.label]).summary()
            elif not isinstance(data.get("name"), str):
                lines.append(f"{file.label}: name: expected the model's name as text")
        for name, sources in self.index().items():
            if len(sources) > 1:
                lines.append(str(self._conflict(name, sources)))
        return lines

    def summaries(self) -> tuple[list[dict[str, str]], list[str]]:
        """Name, municipality, title, forum kind and plugin of each installed model, and the
        :meth:`problems` (plus files whose ``extends`` cannot be resolved), one line each.

        A model file is described from its TOML laid over what it extends, not compiled; only
        a file whose description depends on settings (``${...}``) is compiled. So a file with
        a mistake deeper inside is listed, and fails when used (``model check`` finds it)."""
        from escalatie.modelfile.reading import ModelFileError

        problems = self.problems()
        rows: list[dict[str, str]] = []
        catalog = self.catalog()
        for name, sources in self.index().items():
            if len(sources) > 1:
                continue
            model = self.python_models.get(name)
            if model is None:
                file = self._files_named(name)[0]
                try:
                    row = model_summary(catalog.data(file), file.plugin)
                    if row is None:
                        model = self._build(file)
                except ModelFileError as exc:
                    problems += exc.summary()
                    continue
            if model is not None:
                row = {
                    "name": model.name,
                    "municipality": model.municipality,
                    "title": model.title,
                    "forum_kind": str(model.forum_kind),
                    "plugin": model.plugin,
                }
            assert row is not None
            rows.append(row)
        return rows, list(dict.fromkeys(problems))

    def _build(self, file: ModelFile) -> EscalationModel:
        """Compile one installed file (once) and install the routes it declares."""
        if file.label not in self._loaded:
            self._install(self.catalog().load(file), file.label)
        return self._loaded[file.label].model

    def _install(self, loaded: LoadedModel, label: str) -> None:
        """Keep a compiled file's model and add its routes. A key a plugin or another installed
        file declares too is a conflict naming both, whichever file is compiled first: a route
        is found by its key, so one key must mean one route."""
        model = loaded.model
        for route in loaded.routes:
            owner = self.route_owner(route.key, besides=label)
            if owner is None and route.key in self._file_routes:  # taken by a later file
                owner = next(
                    (
                        n
                        for n, f in self._loaded.items()
                        if any(r.key == route.key for r in f.routes)
                    ),
                    "another file",
                )
            if owner is not None:
                raise PluginConflict(route_conflict(route.key, owner, model.origin or label))
        for route in loaded.routes:
            self._file_routes[route.key] = route
        self._loaded[label] = loaded
        self.contributors.setdefault("model", {}).setdefault(model.name, model.plugin)

    def route_owner(self, key: str, besides: str | None = None) -> str | None:
        """Who owns onward route ``key`` before the model file labelled ``besides``:
        ``plugin NAME`` for a plugin's route (the core's ``veilig-thuis`` and ``crisis`` among
        them), else the first installed model file that declares it, in the order of
        :attr:`model_files` (plugins' files, then the model path's), before ``besides`` when
        that is installed, else any (a file given with ``-m PATH`` comes after them all).
        None when no one does. No file is compiled.

        The first one owns the key, as :meth:`route` compiles the first file declaring it;
        so a copy put on the model path is refused, not the plugin's file it copies."""
        if key in self.hook_routes:
            return f"plugin {self.contributors.get('route', {}).get(key, '?')}"
        for file in self.model_files:
            if file.label == besides:
                break
            if key in self._fact(file)["routes"]:
                return file.label
        installed = {f.label for f in self.model_files}
        if besides is not None and besides in installed:
            return None
        for label, loaded in self._loaded.items():  # files given with -m PATH
            if label not in installed | {besides} and any(r.key == key for r in loaded.routes):
                return label
        return None

    @property
    def models(self) -> dict[str, EscalationModel]:
        """Every model: Python plugins' and model files' (a name taken twice is a conflict);
        every file is compiled, and all their problems are raised together."""
        if self._models is None:
            from escalatie.modelfile.reading import ModelFileError

            found = dict(self.python_models)
            owners = self.contributors.setdefault("model", {})
            catalog = self.catalog()
            problems: list[str] = []
            vocabulary = None
            for file in self.model_files:
                try:
                    if file.label not in self._loaded:
                        vocabulary = vocabulary or self.vocabulary()
                        self._install(catalog.load(file, vocabulary), file.label)
                    self._add(found, self._loaded[file.label].model)
                except ModelFileError as exc:
                    problems += exc.problems
            if problems:
                raise ModelFileError(problems)
            for loaded in self._loaded.values():  # and the files given with -m PATH
                found.setdefault(loaded.model.name, loaded.model)
                owners.setdefault(loaded.model.name, loaded.model.plugin)
            self._models = dict(sorted(found.items()))
        return self._models

    def _add(self, found: dict[str, EscalationModel], model: EscalationModel) -> None:
        if model.name in found:
            other = found[model.name]
            raise PluginConflict(
                f"model {model.name!r}: contributed by both {other.origin or other.plugin} "
                f"and {model.origin}"
            )
        found[model.name] = model

    def model_file(self, path: str, option: str = "-m") -> EscalationModel:
        """The model of the file at ``path`` (``-m ./zeewolde.toml``), added to :attr:`models`.

        An installed file given by its path is that installed model; another file must not
        take the name of an installed model. A path that is no file is an error naming
        ``option``, the option that gave it (``--models`` too)."""
        from pathlib import Path

        from escalatie.modelfile.catalog import FILE_PLUGIN, ModelFile

        file = Path(path)
        if not file.is_file():
            if file.is_dir():
                raise UnknownModel(f"{option} {path}: a folder; expected the path of a model file")
            where = "" if file.is_absolute() else f" (looked for {file.absolute()})"
            raise UnknownModel(f"{option} {path}: no such model file{where}", missing_file=True)
        given = ModelFile(path, file, FILE_PLUGIN)
        for installed in self.model_files:
            if installed.path == given.path:
                return self.model(str(self.catalog().raw(installed).get("name")))
        if given.label in self._loaded:
            return self._given(given, self._loaded[given.label].model)
        catalog = self.catalog([given])
        name = catalog.raw(given).get("name")
        sources = self.index().get(name, []) if isinstance(name, str) else []
        if sources:
            from escalatie.modelfile.reading import ModelFileError

            owner = (
                self.python_models[name].plugin
                if name in self.python_models
                else self._files_named(str(name))[0].plugin
            )
            raise ModelFileError(
                [
                    f"{path}: name: '{name}' is already the name of an installed "
                    f"model (plugin {owner}); give the file a name of its own"
                ]
            )
        self._install(catalog.load(given), given.label)
        if self._models is not None:
            self._add(self._models, self._loaded[given.label].model)
        self._routes = None
        return self._given(given, self._loaded[given.label].model)

    def _given(self, file: ModelFile, model: EscalationModel) -> EscalationModel:
        if file.path is not None:
            self._given_at[str(file.path)] = model
        return model

    def recorded_model(self, name: str) -> EscalationModel:
        """The model a register recorded for a case: an installed model by its name (or a file
        given with ``-m PATH`` in this run that has it), or, for a path an older register
        recorded, the model of the file given with ``-m`` at that path in this run. A file is
        never read here from a recorded path: relative to wherever the command runs, or in a
        folder others can write, it need not be the case's model, and a register's contents
        must not decide which file is compiled (docs/register.md). :class:`UnknownModel` when
        there is no such model."""
        if not is_model_path(name):
            return self.model(name)
        import os

        found = self._given_at.get(os.path.realpath(name))
        if found is None:
            raise UnknownModel(f"model file {name} is not given with -m in this run")
        return found

    @property
    def hook_routes(self) -> dict[str, OnwardRoute]:
        """The routes plugins register (``escalatie_register_routes``)."""
        if self._hook_routes is None:
            self._hook_routes = self._collect(self.hooks.register_routes, lambda r: r.key, "route")
        return self._hook_routes

    @property
    def routes(self) -> dict[str, OnwardRoute]:
        """Every onward route: the plugins' and those model files declare (every model file is
        compiled; :meth:`route` and :meth:`has_route` compile only what they need)."""
        if self._routes is None:
            _ = self.models  # model files declare routes too
            self._routes = dict(sorted({**self.hook_routes, **self._file_routes}.items()))
        return self._routes

    def has_route(self, key: str) -> bool:
        """Whether a plugin registers route ``key`` or a model file declares it (no file is
        compiled to answer)."""
        if key in self.hook_routes or key in self._file_routes:
            return True
        return any(key in self._fact(f)["routes"] for f in self.model_files)

    @property
    def examples(self) -> dict[str, ExampleCase]:
        if self._examples is None:
            try:
                self._examples = self._collect(
                    self.hooks.register_example_cases, lambda e: e.name, "example case"
                )
            except InvalidDocument:
                # A prior step's kind is checked against the installed plugins and model
                # files, whose search path the settings give; the converter reports a settings
                # error as an invalid value of the example. Raise the settings' own error
                # (naming the file) where that is the cause.
                from escalatie.kinds import installed_step_kinds

                installed_step_kinds()
                raise
        return self._examples

    @property
    def commands(self) -> dict[str, click.Command]:
        """Sub-commands contributed by plugins; a name the core uses is a conflict."""
        if self._commands is None:
            found = self._collect(self.hooks.register_commands, lambda c: c.name, "command")
            for name in found:
                if name in self.reserved_commands:
                    raise PluginConflict(f"command {name!r}: a plugin may not replace the core's")
            self._commands = found
        return self._commands

    def model(self, name: str) -> EscalationModel:
        """The model by name or model-file path, or a one-line error listing what is installed.

        Only the chosen model is compiled (with what it extends); a name that a Python plugin
        and a model file, or two files, both give is a :class:`PluginConflict` naming both."""
        if is_model_path(name):
            return self.model_file(name)
        if self._models is not None and name in self._models:
            return self._models[name]
        index = self.index()
        sources = index.get(name, [])
        if len(sources) > 1:
            raise self._conflict(name, sources)
        if name in self.python_models:
            return self.python_models[name]
        files = self._files_named(name)
        given = [m.model for m in self._loaded.values() if m.model.name == name]
        if not files and given:  # a file given with -m PATH earlier
            return given[0]
        if not files:
            message = unknown_message("model", name, list(index))
            unread = [f for f in self.model_files if f.label in self._unreadable]
            clause = (
                f"{len(unread)} model file(s) could not be read ({unread[0].label}; "
                "escalatie model check lists the problems)"
                if unread
                else ""
            )
            if clause:
                message += f"; {clause}"
            raise UnknownModel(message, suggestion=close_name(name, list(index)), unreadable=clause)
        return self._build(files[0])

    def route(self, key: str) -> OnwardRoute:
        """The onward route ``key``: a plugin's, or one a model file declares (that file is
        compiled now, if it was not yet)."""
        if key in self.hook_routes:
            return self.hook_routes[key]
        if key not in self._file_routes:
            for file in self.model_files:
                if key in self._fact(file)["routes"]:
                    self._build(file)
                    break
        try:
            return self._file_routes[key]
        except KeyError:
            known = sorted({*self.hook_routes, *self._declared("routes", "key")})
            raise EscalatieError(unknown_message("route", key, known)) from None

    def example(self, name: str) -> ExampleCase:
        try:
            return self.examples[name]
        except KeyError:
            raise EscalatieError(
                unknown_message("example case", name, list(self.examples))
            ) from None


_FACT_FIELDS = {
    ("step_kinds", None): "step_kinds",
    ("forum_kinds", None): "forum_kinds",
    ("routes", "key"): "routes",
}
"""The declared keys the name index keeps (:mod:`escalatie.modelfile.nameindex`), by what
:meth:`Registry._declared` is asked for."""


_default: Registry | None = None


def route_conflict(key: str, first: str, second: str) -> str:
    """The one line for an onward route key two owners declare: a route is found by its key
    (a model's ``onward_routes``, triage's choice), so one key must mean one route."""
    return f"route {key!r}: declared by both {first} and {second}; give the route in {second} another key"


def default_registry() -> Registry:
    """The process-wide registry, built on first use (or the one :func:`using_registry` set)."""
    global _default
    if _default is None:
        _default = Registry(make_plugin_manager())
    return _default


@contextmanager
def using_registry(registry: Registry | None = None) -> Iterator[None]:
    """Make ``registry`` the process-wide one inside the block, then restore the previous one.

    For tests and tools: ``with using_registry(Registry(pm, env={})):`` runs the CLI and the
    front door (``escalatie.get_model`` …) against your plugins. ``None`` means a fresh
    registry over the installed plugins, built on first use inside the block (so it reads the
    environment as the block sets it).
    """
    global _default
    previous = _default
    _default = registry
    try:
        yield
    finally:
        _default = previous
