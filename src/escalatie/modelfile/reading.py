"""Reading a model file's TOML, and the error every model-file problem is: nothing heavier.

Listing models (``escalatie models``) and selecting one by name read every file's TOML to learn
the names; this module lets them do so without importing the compiler (attrs, cattrs and the
domain model), which :mod:`escalatie.modelfile.load` needs.
"""

from __future__ import annotations

import os
from typing import Any, Protocol

from escalatie.errors import InvalidDocument


class ModelFileError(InvalidDocument):
    """One or more problems in model files, one line each: ``FILE: path: message``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(list(dict.fromkeys(problems)))  # a problem found twice is said once

    def summary(self) -> list[str]:
        """One line per file, for commands that only load models: the file's first problem and
        how many more ``escalatie model check FILE`` lists. A problem that suggests a fix
        (``did you mean municipality?``) comes first: a typo in a key is also a required key
        missing, and the hint is what the user needs."""
        by_file: dict[str, list[str]] = {}
        for problem in self.problems:
            by_file.setdefault(problem.split(": ", 1)[0], []).append(problem)
        lines = []
        for found in by_file.values():
            more = len(found) - 1
            extra = f" (and {more} more; escalatie model check lists them all)" if more else ""
            first = next((p for p in found if "did you mean " in p), found[0])
            lines.append(first + extra)
        return lines or ["invalid model file"]


class Readable(Protocol):
    """A file on disk or in a package (``importlib.resources``)."""

    def read_bytes(self) -> bytes: ...


class FileOnDisk:
    """A model file on disk by its path as text, read as a :class:`pathlib.Path` is (``name``,
    ``read_bytes``, ``str`` and ``os.fspath`` give what the path's would): what the bundled
    plugins and :class:`~escalatie.modelfile.plugin.ModelFiles` register, so that selecting a
    model imports no :mod:`pathlib` (with ``urllib.parse`` and ``ipaddress``, 14 M
    instructions of every command's start-up, issue 16)."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path

    @property
    def name(self) -> str:
        return os.path.basename(self.path)

    def read_bytes(self) -> bytes:
        with open(self.path, "rb") as handle:
            return handle.read()

    def read_text(self, encoding: str | None = None) -> str:
        with open(self.path, encoding=encoding) as handle:
            return handle.read()

    def __fspath__(self) -> str:
        return self.path

    def __str__(self) -> str:
        return self.path

    def __repr__(self) -> str:
        return f"FileOnDisk({self.path!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FileOnDisk) and other.path == self.path

    def __hash__(self) -> int:
        return hash(self.path)


def read_toml(source: Readable, label: str, *, guard: bool = False) -> dict[str, Any]:
    """The TOML table of a file, or a one-line error naming it.

    A file on disk is read with :mod:`escalatie.tomlfile`'s care: a model path may hold a
    named pipe, a link to a device, a huge or deeply nested file, and none of them may hang
    or stop every command (a package's own files are what the package shipped). With
    ``guard`` (a file of a model path or given with ``-m``), a file another user owns or may
    write is refused (:func:`escalatie.owner_only.untrusted`); a package's files are as
    trustworthy as its code beside them, and are not checked.
    """
    return parse_bytes(read_bytes(source, label, guard=guard), label)


def read_bytes(source: Readable, label: str, *, guard: bool = False) -> bytes:
    """A model file's bytes, read as :func:`read_toml` reads them (the same care, the same
    one-line errors): what the model cache keys a compiled file by. A file on disk (a path:
    :class:`pathlib.Path`, :class:`FileOnDisk`) is read with :mod:`escalatie.tomlfile`'s care."""
    from escalatie.tomlfile import TomlFileError, read_toml_bytes

    try:
        return (
            read_toml_bytes(source, guard=guard)
            if isinstance(source, os.PathLike)
            else source.read_bytes()
        )
    except FileNotFoundError:
        raise ModelFileError([f"{label}: no such file"]) from None
    except OSError as exc:
        raise ModelFileError([f"{label}: cannot be read ({exc.strerror or exc})"]) from None
    except TomlFileError as exc:
        raise ModelFileError([f"{label}: {str(exc).removeprefix('is ')}"]) from None


def parse_bytes(raw: bytes, label: str) -> dict[str, Any]:
    """The TOML table of a file's bytes (through :mod:`escalatie.tomlcache`), or a one-line
    error naming the file."""
    from escalatie.tomlcache import shared_cache
    from escalatie.tomlfile import TomlFileError, parse_toml

    try:
        return shared_cache().parse(raw, parse_toml)
    except TomlFileError as exc:
        raise ModelFileError([f"{label}: {str(exc).removeprefix('is ')}"]) from None
