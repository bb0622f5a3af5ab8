"""The municipality's secret key, and the sub-keys derived from it for one purpose each.

A pseudonym that is a plain hash of a case reference can be reversed by hashing guesses (a
dictionary of name-and-year references); a keyed one (HMAC-SHA256) cannot without the key.
The key never sits in the register: it comes from ``ESCALATIE_PSEUDONYM_KEY`` or from the file
``pseudonym.key`` in the user's configuration folder, which is created (0600, 32 random bytes
written as 64 hexadecimal digits) the first time a key is needed. Every command reads the same
key, with or without a register, so one municipality's pseudonyms are stable and another
municipality's differ. Each use gets its own sub-key (:func:`derived_key`), so a pseudonym
reveals nothing about, say, the audit chain's key.

The environment variable takes the same form as the file: at least 64 hexadecimal digits
(32 bytes), e.g. from ``python -c "import secrets; print(secrets.token_hex(32))"``.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

from escalatie.digest import hmac_sha256
from escalatie.errors import EscalatieError
from escalatie.owner_only import shown

if TYPE_CHECKING:
    from escalatie.owner_only import StrPath

KEY_ENV = "ESCALATIE_PSEUDONYM_KEY"
KEY_FILE_NAME = "pseudonym.key"
_KEY_BYTES = 32
"""Key length: the HMAC-SHA256 block of security, 256 bits."""


def key_path(config_dir: StrPath | None = None) -> str:
    """Where the key file is: ``pseudonym.key`` in ``config_dir`` or the user's config folder
    (text: every command reads the key, and its start-up imports no :mod:`pathlib`)."""
    if config_dir is None:
        from escalatie.userdirs import user_config_dir

        config_dir = user_config_dir()
    return os.path.join(config_dir, KEY_FILE_NAME)


def _parse_key(text: str, source: str, *, file: bool = False) -> bytes:
    """The key written as hexadecimal digits (spaces and a line end ignored), at least 32 bytes.

    The error names ``source`` (the variable, or with ``file`` the key file) and never shows
    the key itself.
    """
    digits = "".join(text.split())
    try:
        key = bytes.fromhex(digits)
    except ValueError:
        raise EscalatieError(
            f"{_where(source, file)}: expected the key as hexadecimal digits (0-9, a-f), "
            f"e.g. from secrets.token_hex({_KEY_BYTES})"
        ) from None
    if len(key) < _KEY_BYTES:
        raise EscalatieError(
            f"{_where(source, file)}: key too short: expected at least {2 * _KEY_BYTES} "
            f"hexadecimal digits ({_KEY_BYTES} bytes), got {len(digits)}"
        )
    return key


def _where(source: str, file: bool) -> str:
    """The variable, or the key file as messages show a path."""
    if not file:
        return source
    return f"{shown(source)} (or set {KEY_ENV})"


def municipality_key(
    env: Mapping[str, str] | None = None, config_dir: StrPath | None = None
) -> bytes:
    """The municipality's secret: from ESCALATIE_PSEUDONYM_KEY, else the key file in the user's
    configuration folder (platformdirs.user_config_path('escalatie')), created 0600 with 32
    random bytes on first use."""
    env = os.environ if env is None else env
    if env.get(KEY_ENV, "").strip():
        return _parse_key(env[KEY_ENV], KEY_ENV)
    path = key_path(config_dir)
    text = _read(path)
    if text is None:
        if _create(path):
            # Once, when this command made it, never silently: losing the key changes every
            # pseudonym from then on.
            sys.stderr.write(
                f"note: created the pseudonym key {shown(path)}; back it up apart from the register"
                " (docs/register.md)\n"
            )
        text = _read(path)
        if text is None:
            raise EscalatieError(
                f"{shown(path)}: the pseudonym key file could not be created; set {KEY_ENV}"
            )
    _warn_if_loose(path)
    return _parse_key(text, path, file=True)


def existing_key(purpose: str, env: Mapping[str, str] | None = None) -> bytes | None:
    """The sub-key for ``purpose`` if the municipality's key exists already (the variable or a
    readable key file), else None: for what may go without, such as the model-file cache,
    which must not make a key file as a side effect of ``escalatie models``."""
    env = os.environ if env is None else env
    try:
        if env.get(KEY_ENV, "").strip():
            return derived_key(purpose, env)
        path = key_path()
        text = _read(
            path
        )  # read for each purpose asked (six caches): a stat-keyed memo would save little
        if text is None:
            return None
        _warn_if_loose(path)
        return hmac_sha256(_parse_key(text, path, file=True), purpose.encode())
    except EscalatieError:
        return None


_WARNED: set[str] = set()
"""Key files warned about in this process: each cache asks for a key of its own, and one
line says it (a triage printed it five times)."""


def _warn_if_loose(path: str) -> None:
    from escalatie.owner_only import loose, warn_if_loose

    if path not in _WARNED and loose(path) is not None:
        _WARNED.add(path)
        warn_if_loose([path], "the pseudonym key")


def derived_key(
    purpose: str, env: Mapping[str, str] | None = None, config_dir: StrPath | None = None
) -> bytes:
    """A sub-key for one purpose (e.g. 'pseudonym', 'audit-chain'): HMAC(municipality_key,
    purpose), computed without loading OpenSSL (:mod:`escalatie.digest`)."""
    key = municipality_key(env, config_dir)
    return hmac_sha256(key, purpose.encode("utf-8"))


def _read(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return handle.read().decode("ascii")  # no text codec module to import (start-up)
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not hexadecimal text"
        raise EscalatieError(
            f"{shown(path)}: cannot read the pseudonym key ({reason}); set {KEY_ENV}"
        ) from None


def _create(path: str) -> bool:
    """Write a new random key beside ``path`` and link it into place unless one appeared;
    whether this call put it there.

    ``os.link`` never replaces, so two commands starting at once end up with the same key.
    """
    from escalatie.owner_only import create_file, make_folder

    try:
        folder, name = os.path.split(path)
        make_folder(folder)
        import secrets  # only when a key is made: it imports random, which nothing else needs

        temp = os.path.join(folder, f".{name}.{os.getpid()}.{secrets.token_hex(4)}.new")
        fd = create_file(temp)
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_hex(_KEY_BYTES) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(temp, path)
            except FileExistsError:
                return False
            except OSError:  # no hard links here: rename (replaces nothing on Windows)
                try:
                    os.rename(temp, path)
                except FileExistsError:
                    return False
            return True
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temp)
    except OSError as exc:
        raise EscalatieError(
            f"{shown(path)}: cannot create the pseudonym key file ({exc.strerror}); set {KEY_ENV}"
        ) from None
