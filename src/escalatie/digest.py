"""SHA-256, HMAC-SHA256 (RFC 2104) and BLAKE2b without loading OpenSSL, for start-up.

``hashlib`` and ``hmac`` load OpenSSL's ``_hashlib`` when imported: about 13 M instructions,
6 % of ``import click, pluggy``, paid by every command that reads the model-file cache
(``escalatie models``, issue 16). CPython's own SHA-256 module (``_sha2``, ``_sha256`` before
3.12) computes the same digests; HMAC over it is RFC 2104's two nested hashes. Where neither
module exists, ``hashlib`` and ``hmac`` answer. A test holds both paths to ``hmac.new``.

The caches seal their entries with keyed BLAKE2b (:func:`mac`, RFC 7693's keyed mode, a MAC on
its own) and key them with plain BLAKE2b (:func:`blake2b`): about a third of SHA-256's
instructions per byte, and the interpreter's own ``_blake2`` module loads no OpenSSL either.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

_BLOCK = 64
"""SHA-256's block size in bytes (RFC 2104's B)."""


def _builtin_sha256() -> Callable[..., Any] | None:
    try:
        from _sha2 import sha256  # type: ignore[import-not-found, unused-ignore]  # 3.12+
    except ImportError:
        try:
            from _sha256 import sha256  # type: ignore[import-not-found, no-redef, unused-ignore]
        except ImportError:
            return None
    return sha256  # type: ignore[no-any-return, unused-ignore]


_SHA256 = _builtin_sha256()


def sha256(data: bytes) -> Any:
    """A SHA-256 hash object over ``data`` (``.digest()``, ``.hexdigest()``, ``.update()``)."""
    if _SHA256 is None:
        import hashlib

        return hashlib.sha256(data)
    return _SHA256(data)


def hmac_sha256(key: bytes, message: bytes) -> bytes:
    """HMAC-SHA256 of ``message`` under ``key``, the same bytes as
    ``hmac.new(key, message, hashlib.sha256).digest()``."""
    inner, outer = _pads(key)
    digest = inner.copy()
    digest.update(message)
    final = outer.copy()
    final.update(digest.digest())
    return final.digest()  # type: ignore[no-any-return]


@functools.lru_cache(maxsize=16)
def _pads(key: bytes) -> tuple[Any, Any]:
    """The inner and outer hashes with the padded key already absorbed (RFC 2104, section 4),
    prepared once per key: a key is used for many messages (a pseudonym per case in
    ``compare``, a seal per cached entry), and each then only copies them."""
    if len(key) > _BLOCK:
        key = sha256(key).digest()
    key = key.ljust(_BLOCK, b"\x00")
    return sha256(bytes(b ^ 0x36 for b in key)), sha256(bytes(b ^ 0x5C for b in key))


def _builtin_blake2b() -> Callable[..., Any]:
    try:
        from _blake2 import blake2b  # the interpreter's own: no OpenSSL to load
    except ImportError:  # pragma: no cover - CPython has it
        from hashlib import blake2b
    return blake2b  # type: ignore[no-any-return, unused-ignore]


_BLAKE2B = _builtin_blake2b()


def blake2b(data: bytes, size: int = 32) -> bytes:
    """The BLAKE2b digest of ``data``, ``size`` bytes long (``hashlib.blake2b``'s bytes)."""
    return _BLAKE2B(data, digest_size=size).digest()  # type: ignore[no-any-return]


def mac(key: bytes, message: bytes) -> bytes:
    """The 32-byte keyed BLAKE2b of ``message`` under ``key`` (at most 64 bytes; a longer key
    is hashed to 64 first): ``hashlib.blake2b(message, key=key, digest_size=32)``'s bytes."""
    if len(key) > 64:
        key = blake2b(key, 64)
    return _BLAKE2B(message, key=key, digest_size=32).digest()  # type: ignore[no-any-return]


def same(a: bytes, b: bytes) -> bool:
    """``a == b`` in time that does not depend on where they differ (``hmac.compare_digest``)."""
    try:
        from _operator import _compare_digest
    except ImportError:  # another Python: the public name, whatever it loads
        from hmac import compare_digest as _compare_digest  # type: ignore[no-redef]
    return bool(_compare_digest(a, b))
