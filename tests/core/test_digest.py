"""The light SHA-256 and HMAC (``escalatie.digest``) give the standard library's bytes, with
CPython's own SHA-256 module and without it."""

from __future__ import annotations

import hashlib
import hmac
import subprocess
import sys

import pytest

from escalatie import digest

KEYS = [b"", b"k", bytes(range(32)), bytes(range(64)), bytes(range(65)), b"\xff" * 200]
MESSAGES = [b"", b"toml-cache", "één".encode(), bytes(range(256)) * 5]


@pytest.fixture(params=["builtin", "hashlib"])
def which(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "hashlib":
        monkeypatch.setattr(digest, "_SHA256", None)
    else:
        assert digest._SHA256 is not None, "this Python has its own SHA-256 module"
    return str(request.param)


def test_hmac_is_the_standard_one(which: str) -> None:
    for key in KEYS:
        for message in MESSAGES:
            expected = hmac.new(key, message, hashlib.sha256).digest()
            assert digest.hmac_sha256(key, message) == expected, (which, key, message)


def test_sha256_is_the_standard_one(which: str) -> None:
    for message in MESSAGES:
        assert digest.sha256(message).hexdigest() == hashlib.sha256(message).hexdigest()


def test_same() -> None:
    assert digest.same(b"abc", b"abc")
    assert not digest.same(b"abc", b"abd")
    assert not digest.same(b"abc", b"abcd")


def test_reading_the_cache_loads_no_openssl() -> None:
    """What the model-file cache and the key derivation import leaves OpenSSL unloaded."""
    code = (
        "import sys; from escalatie import tomlcache, secret; "
        "secret.derived_key('x', {'ESCALATIE_PSEUDONYM_KEY': '00' * 32}); "
        "tomlcache._key(b'x'); "
        "print(sorted({'hashlib', 'hmac', '_hashlib'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_blake2b_and_the_keyed_seal_are_the_standard_ones() -> None:
    """The caches' seal (:func:`digest.mac`) is keyed BLAKE2b-256 as ``hashlib`` computes it,
    a key longer than BLAKE2b takes hashed to 64 bytes first."""
    for message in MESSAGES:
        assert digest.blake2b(message) == hashlib.blake2b(message, digest_size=32).digest()
        assert digest.blake2b(message, 20) == hashlib.blake2b(message, digest_size=20).digest()
        for key in KEYS:
            short = key if len(key) <= 64 else hashlib.blake2b(key, digest_size=64).digest()
            expected = hashlib.blake2b(message, key=short, digest_size=32).digest()
            assert digest.mac(key, message) == expected, (key, message)
    assert digest.mac(b"k", b"m") != digest.mac(b"K", b"m")
