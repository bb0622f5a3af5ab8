"""Where model files come from, and compiling them together: ``extends`` and names resolved
across every file and every Python model of a registry.

Model files come from plugins (``escalatie_register_model_files``), from the directories in
``ESCALATIE_MODEL_PATH`` (separated by ``os.pathsep``) and the ``model_path`` setting of the
``[escalatie]`` table of the settings file, and from ``-m PATH``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from escalatie.modelfile.merge import merge
from escalatie.modelfile.reading import ModelFileError, Readable, parse_bytes, read_bytes

if TYPE_CHECKING:
    from pathlib import Path

    from escalatie.model import EscalationModel
    from escalatie.modelfile.load import LoadedModel, Vocabulary

MODEL_PATH_ENV = "ESCALATIE_MODEL_PATH"
SEARCH_PLUGIN = "model-path"
"""The plugin name of models found in the search path."""
FILE_PLUGIN = "file"
"""The plugin name of a model given with ``-m PATH`` or checked with ``model check``."""


class ModelFile(NamedTuple):
    """A model file and who provides it (a plain tuple: listing models imports no attrs)."""

    label: str
    """How messages name the file: its path, or its name and plugin."""
    source: Readable
    plugin: str

    @property
    def path(self) -> Path | None:
        """The resolved path on disk, to tell a file from another with the same model name."""
        from pathlib import Path

        try:
            return Path(str(self.source)).resolve()
        except (OSError, ValueError):
            return None


def search_path(env: Mapping[str, str] | None = None) -> list[Path]:
    """The directories searched for ``*.toml`` models: the environment's, then the setting's."""
    from escalatie.settings import section

    env = os.environ if env is None else env
    given = [p for p in env.get(MODEL_PATH_ENV, "").split(os.pathsep) if p]
    table = dict(section("escalatie", env))
    items: list[str] = []
    if table:  # no [escalatie] table: nothing to structure (and no converter to build)
        from escalatie.settings import EscalatieSettings, structure

        if isinstance(table.get("model_path"), str):  # one directory, or a list of them
            table["model_path"] = [table["model_path"]]
        items = list(structure(table, EscalatieSettings, "escalatie").model_path)
    if not given and not items:
        return []  # the usual case: no pathlib to import (issue 16)
    from pathlib import Path

    return [Path(p) for p in given] + [Path(p).expanduser() for p in items]


def files_in(dirs: Iterable[Path]) -> list[ModelFile]:
    out = []
    for folder in dirs:
        if not folder.is_dir():
            from escalatie.errors import EscalatieError

            raise EscalatieError(f"{MODEL_PATH_ENV}: {folder} is not a directory")
        out += [ModelFile(str(p), p, SEARCH_PLUGIN) for p in sorted(folder.glob("*.toml"))]
    return out


class Catalog:
    """Compiles a set of model files against the Python models and the installed vocabulary."""

    def __init__(
        self,
        files: list[ModelFile],
        python_models: Mapping[str, EscalationModel],
        vocabulary: Callable[[Iterable[ModelFile]], Vocabulary],
        settings_table: Callable[[str, Iterable[str]], Mapping[str, Any]],
        raw: dict[str, dict[str, Any]] | None = None,
        unreadable: dict[str, list[str]] | None = None,
    ) -> None:
        self.files = files
        self.python_models = python_models
        self._vocabulary = vocabulary
        self.settings_table = settings_table
        self._raw: dict[str, dict[str, Any]] = {} if raw is None else raw
        """Each file's TOML by label, read once (a registry shares it between catalogs)."""
        self.unreadable: dict[str, list[str]] = {} if unreadable is None else unreadable
        """The problems of each file that could not be read as TOML, by label (shared too)."""
        self._bytes: dict[str, bytes] = {}

    def raw(self, file: ModelFile) -> dict[str, Any]:
        """The file's TOML table, or :class:`ModelFileError` naming the file."""
        found = self.read(file)
        if found is None:
            raise ModelFileError(self.unreadable[file.label])
        return found

    def read(self, file: ModelFile) -> dict[str, Any] | None:
        """The file's TOML table, or None when it cannot be read (its problem is kept in
        :attr:`unreadable`): listing and selecting models skip a broken file, so it fails only
        the commands that use it."""
        if file.label not in self._raw:
            if file.label in self.unreadable:
                return None
            try:
                self._raw[file.label] = parse_bytes(self.read_bytes(file), file.label)
            except ModelFileError as exc:
                self.unreadable[file.label] = exc.problems
                return None
        return self._raw[file.label]

    def read_bytes(self, file: ModelFile) -> bytes:
        """The file's bytes, read once (:func:`~escalatie.modelfile.reading.read_bytes`: a
        user's file another user owns or may write is refused); :class:`ModelFileError`."""
        found = self._bytes.get(file.label)
        if found is None:
            guard = file.plugin in (SEARCH_PLUGIN, FILE_PLUGIN)  # a user's, not a package's
            found = self._bytes[file.label] = read_bytes(file.source, file.label, guard=guard)
        return found

    def by_name(self) -> dict[str, ModelFile]:
        """The first file of each model name; files that cannot be read are left out."""
        out: dict[str, ModelFile] = {}
        for file in self.files:
            name = (self.read(file) or {}).get("name")
            if isinstance(name, str) and name not in out:
                out[name] = file
        return out

    def data(self, file: ModelFile, chain: tuple[str, ...] = ()) -> dict[str, Any]:
        """The file's data laid over what it extends; problems name the file."""
        raw = self.raw(file)
        parent = raw.get("extends")
        if parent is None:
            return raw
        if not isinstance(parent, str):
            raise ModelFileError([f"{file.label}: extends: expected a model name, got {parent!r}"])
        files = self.by_name()
        trail = (*chain, file.label)
        if parent in files:
            target = files[parent]
            if target.label in trail:
                cycle = " -> ".join([*trail, target.label])
                raise ModelFileError(
                    [
                        f"{file.label}: extends: '{parent}' extends this file in "
                        f"turn ({cycle}); a model cannot extend itself"
                    ]
                )
            base = dict(self.data(target, trail))
        elif parent in self.python_models:
            from escalatie.modelfile.pymodel import model_data

            base = model_data(self.python_models[parent])
        else:
            from escalatie.naming import unknown_message

            known = sorted({*files, *self.python_models} - {raw.get("name")})
            broken = [p for f in self.files for p in self.unreadable.get(f.label, [])[:1]]
            raise ModelFileError(
                [f"{file.label}: extends: " + unknown_message("model", parent, known), *broken]
            )
        base.pop("name", None)
        base.pop("extends", None)
        base.pop("routes", None)  # installed with the parent; a variant names them by key
        merged: dict[str, Any] = merge(base, {k: v for k, v in raw.items() if k != "extends"})
        return merged

    def load(self, file: ModelFile, vocabulary: Vocabulary | None = None) -> LoadedModel:
        """The file compiled (what it extends laid under it); every problem names the file.

        A file that extends nothing is looked up in the model cache by its bytes' digest
        before it is parsed (:meth:`_kept`): a warm ``-m NAME triage`` reads no TOML, parsed or
        cached. A file that extends another is keyed by its data laid over the other's."""
        from escalatie import modelcache

        vocabulary = vocabulary or self._vocabulary(self.files)
        cache = modelcache.shared_cache()
        own_key = None
        if cache.on:
            own_key, found = self._kept(file, vocabulary, cache)
            if found is not None:
                return found
        data = self.data(file)
        from escalatie.settings import SettingsError

        unknown: SettingsError | None = None
        try:
            table = self._settings(data)
        except SettingsError as exc:  # unknown keys: reported with the table's other problems
            if exc.table is None:
                raise
            table, unknown = exc.table, exc
        own = own_key is not None and "extends" not in self.raw(file) and unknown is None
        key = None
        if cache.on and not own and unknown is None:
            text = modelcache.data_text(data)
            if text is not None:
                key = modelcache.make_key(
                    "model file",
                    file.label,
                    file.plugin,
                    text,
                    modelcache.data_text(table) or "",
                    modelcache.vocabulary_text(vocabulary),
                )
                steps = modelcache.own_step_kinds(data, vocabulary)
                found = cache.get(key, modelcache.rule_compiler(vocabulary, steps))
                from escalatie.modelfile.vocabulary import LoadedModel

                if isinstance(found, LoadedModel):
                    return found
        from escalatie.modelfile.build import build_model

        def settings_table(name: str, known: Iterable[str]) -> Mapping[str, Any]:
            if unknown is not None:
                raise unknown
            return table

        expressions: dict[int, Any] = {}
        try:
            loaded = build_model(data, vocabulary, settings_table, expressions)
        except ModelFileError as exc:
            raise ModelFileError([f"{file.label}: {p}" for p in exc.problems]) from None
        import attrs

        model = attrs.evolve(loaded.model, plugin=file.plugin, origin=file.label)
        loaded = attrs.evolve(loaded, model=model)
        settings = self._settings_used(data, table) if own else None
        if own_key is not None and settings is not None:
            steps = data.get("step_kinds", {})
            facts = {"settings": settings, "steps": list(steps) if isinstance(steps, dict) else []}
            cache.put(own_key, loaded, expressions, facts)
        elif key is not None:
            cache.put(key, loaded, expressions)
        return loaded

    def _kept(
        self, file: ModelFile, vocabulary: Vocabulary, cache: Any
    ) -> tuple[str | None, LoadedModel | None]:
        """The key of the file's bytes in the model cache, and what it keeps under it.

        The bytes decide the file's data (it extends nothing: an entry is only kept for such
        a file), and so which settings it reads and which step kinds it declares: the entry
        records both, and is used only when the settings file gives the same table now."""
        from escalatie import modelcache
        from escalatie.settings import SettingsError

        try:
            raw = self.read_bytes(file)
        except ModelFileError:
            return None, None  # reading it again below gives the message
        key = modelcache.make_key(
            "model file bytes",
            file.label,
            file.plugin,
            modelcache.content_digest(raw),
            modelcache.vocabulary_text(vocabulary),
        )
        entry = cache.entry(key)
        if entry is None:
            return key, None
        try:
            name, declared, kept = entry["facts"]["settings"]
            steps = frozenset(entry["facts"]["steps"])
            if not (isinstance(name, str) and isinstance(kept, str)):
                return key, None
            table = self.settings_table(name, list(declared)) if name and declared else {}
        except (KeyError, TypeError, ValueError):
            return key, None
        except SettingsError:  # an unknown key: compiled, so every problem is reported
            return key, None
        if modelcache.data_text(table) != kept:
            return key, None
        found = cache.thaw(
            entry, modelcache.rule_compiler(vocabulary, vocabulary.step_kinds | steps)
        )
        from escalatie.modelfile.vocabulary import LoadedModel

        return key, found if isinstance(found, LoadedModel) else None

    def _settings_used(self, data: Mapping[str, Any], table: Mapping[str, Any]) -> list[Any] | None:
        """What :meth:`_settings` read for ``data`` (the table's name, the declared settings)
        and what it gave, for the cache to check; None when the table is not kept as text."""
        from escalatie import modelcache

        declared = list(self._declared(data))
        name = data.get("settings_table") or data.get("name") or ""
        text = modelcache.data_text(table)
        if text is None or not isinstance(name, str):
            return None
        return [name if declared else "", declared, text]

    def _settings(self, data: Mapping[str, Any]) -> Mapping[str, Any]:
        """The municipality's settings table of a file that declares settings (what compiling
        reads of the settings file, so part of the cache's key); empty for one that does not."""
        declared = self._declared(data)
        if not declared:
            return {}
        name = data.get("settings_table") or data.get("name") or ""
        return self.settings_table(str(name), list(declared)) if name else {}

    @staticmethod
    def _declared(data: Mapping[str, Any]) -> dict[str, Any]:
        declared = data.get("settings", {})
        return declared if isinstance(declared, dict) else {}
