"""The user's configuration, cache and data folders, as ``platformdirs`` gives them.

On Linux these follow the XDG Base Directory rules, which take a few lines; importing
``platformdirs`` costs about a fifth of ``import click, pluggy`` (issue 16: start-up), and
every command reads the settings file from the configuration folder. So on Linux, with an
absolute ``$HOME`` (and any ``$XDG_*_HOME`` absolute or unset, as the rules ask), the folder is
computed here; everywhere else, and for anything unusual, ``platformdirs`` answers. A test
holds both to the same answer.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

APP = "escalatie"

_XDG = {
    "config": ("XDG_CONFIG_HOME", ".config"),
    "cache": ("XDG_CACHE_HOME", ".cache"),
    "data": ("XDG_DATA_HOME", ".local/share"),
}


def user_config_dir() -> str:
    """``~/.config/escalatie`` on Linux (``$XDG_CONFIG_HOME``), the platform's folder elsewhere.

    The ``_dir`` functions give text, as ``platformdirs``' do: the commands' start-up imports
    no :mod:`pathlib` (with ``urllib.parse`` and ``ipaddress``, 14 M instructions, issue 16).
    The ``_path`` functions give the same folder as a :class:`~pathlib.Path`."""
    return _folder("config")


def user_cache_dir() -> str:
    """``~/.cache/escalatie`` on Linux (``$XDG_CACHE_HOME``)."""
    return _folder("cache")


def user_data_dir() -> str:
    """``~/.local/share/escalatie`` on Linux (``$XDG_DATA_HOME``)."""
    return _folder("data")


def user_config_path() -> Path:
    """:func:`user_config_dir` as a path."""
    from pathlib import Path

    return Path(user_config_dir())


def user_cache_path() -> Path:
    """:func:`user_cache_dir` as a path."""
    from pathlib import Path

    return Path(user_cache_dir())


def user_data_path() -> Path:
    """:func:`user_data_dir` as a path."""
    from pathlib import Path

    return Path(user_data_dir())


def _folder(kind: str) -> str:
    variable, default = _XDG[kind]
    home = os.environ.get("HOME", "")
    given = os.environ.get(variable, "")
    if (
        sys.platform.startswith("linux")
        and os.path.isabs(home)
        and (not given or os.path.isabs(given))
    ):
        base = given if os.path.isabs(given) else os.path.join(home.rstrip("/") or "/", default)
        return os.path.join(base, APP)
    import platformdirs

    found: str = getattr(platformdirs, f"user_{kind}_dir")(APP)
    return found
