"""Reading a TOML file that may not be what its name says: the settings file and model files.

Both come from places a user (or someone else) controls (``$ESCALATIE_CONFIG``,
``$ESCALATIE_MODEL_PATH``). Without care a named pipe there hangs every command, a link to
``/dev/zero`` reads until memory runs out, and deep nesting stops the parser with a traceback.
Here: regular files only (and the null device, an empty file), at most :data:`MAX_TOML_BYTES`, UTF-8, nesting within the parser's
reach; every refusal is one line naming the file.
"""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from escalatie.owner_only import StrPath

MAX_TOML_BYTES = 1_000_000
"""A settings or model file is a few kilobytes; a megabyte is far beyond any real one."""


class TomlFileError(ValueError):
    """Why a TOML file cannot be read, in words that follow its name (``not valid TOML …``)."""


def read_toml_bytes(path: StrPath, *, guard: bool = True) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_TOML_BYTES`; ``FileNotFoundError``
    when there is none, :class:`TomlFileError` for anything else that is not such a file.

    With ``guard`` (the settings file, a model file a user points to), a file another user
    owns or may write is refused (:func:`escalatie.owner_only.untrusted`), checked on the
    file opened, so it cannot be swapped after the check."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise TomlFileError(f"cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISCHR(info.st_mode) and _is_null_device(info):
        return b""  # ``ESCALATIE_CONFIG=/dev/null``: no settings, on purpose
    if not stat.S_ISREG(info.st_mode):
        raise TomlFileError("is not a regular file (a folder, device or pipe); expected a file")
    if info.st_size > MAX_TOML_BYTES:
        raise TomlFileError(f"is larger than {MAX_TOML_BYTES:,} bytes; expected a TOML file")
    try:
        with open(path, "rb") as handle:
            if guard:
                _trusted(os.fstat(handle.fileno()), info, path)
            raw = handle.read(MAX_TOML_BYTES + 1)
    except OSError as exc:
        raise TomlFileError(f"cannot be read ({exc.strerror or exc})") from None
    if len(raw) > MAX_TOML_BYTES:  # it grew after the check
        raise TomlFileError(f"is larger than {MAX_TOML_BYTES:,} bytes; expected a TOML file")
    return raw


def _trusted(opened: os.stat_result, checked: os.stat_result, path: StrPath) -> None:
    """Refuse the open file when it is not the one examined, or not one of the user's own."""
    from escalatie.owner_only import untrusted

    if (opened.st_dev, opened.st_ino) != (checked.st_dev, checked.st_ino) or not stat.S_ISREG(
        opened.st_mode
    ):
        raise TomlFileError("changed while it was read; expected a file that stays put")
    problem = untrusted(opened, path)
    if problem:
        raise TomlFileError(problem)


def _is_null_device(info: os.stat_result) -> bool:
    try:
        null = os.stat(os.devnull)
    except OSError:
        return False
    return (info.st_dev, info.st_ino, info.st_rdev) == (null.st_dev, null.st_ino, null.st_rdev)


def parse_toml(raw: bytes) -> dict[str, Any]:
    """The TOML table of ``raw``; :class:`TomlFileError` when it is not UTF-8 or not TOML.
    (``tomllib`` is imported here: a model file found in :mod:`escalatie.tomlcache` needs no
    parser.)"""
    if not raw.strip():
        return {}  # an empty settings file (or /dev/null) needs no parser
    import tomllib

    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise TomlFileError("is not a TOML file (not UTF-8 text)") from None
    except tomllib.TOMLDecodeError as exc:
        raise TomlFileError(f"is not valid TOML ({exc})") from None
    except RecursionError:
        raise TomlFileError("is not a TOML file we read (nested too deeply)") from None
