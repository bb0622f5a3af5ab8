"""The sealed store every cache keeps its file through (``escalatie.sealedstore``): entries come
back only when sealed under the key, from the user's own file, bounded, saved atomically."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from escalatie.sealedstore import SealedEntries, bounded, intact, read, seal, write

KEY = b"s" * 32


def store(tmp_path: Path, limit: int = 8, key: bytes = KEY) -> SealedEntries:
    return SealedEntries(tmp_path / "cache.json", key, "text", limit)


def test_an_entry_put_and_saved_comes_back_in_another_store(tmp_path: Path) -> None:
    first = store(tmp_path)
    first.put("a", "alpha")
    assert first.save()
    assert store(tmp_path).get("a") == "alpha"
    assert os.stat(tmp_path / "cache.json").st_mode & 0o777 == 0o600


def test_an_entry_sealed_under_another_key_is_not_given(tmp_path: Path) -> None:
    other = store(tmp_path, key=b"o" * 32)
    other.put("a", "forged")
    other.save()
    assert store(tmp_path).get("a") is None


def test_a_changed_text_or_seal_is_not_given(tmp_path: Path) -> None:
    first = store(tmp_path)
    first.put("a", "alpha")
    first.put("b", "beta")
    first.save()
    data = json.loads((tmp_path / "cache.json").read_text())
    data["entries"]["a"]["text"] = "changed"
    data["entries"]["b"]["seal"] = "00" * 32
    (tmp_path / "cache.json").write_text(json.dumps(data))
    os.chmod(tmp_path / "cache.json", 0o600)
    again = store(tmp_path)
    assert again.get("a") is None
    assert again.get("b") is None


@pytest.mark.parametrize("cut", [0, 1, 20, -1])
def test_a_truncated_file_gives_nothing(tmp_path: Path, cut: int) -> None:
    first = store(tmp_path)
    first.put("a", "alpha")
    first.save()
    raw = (tmp_path / "cache.json").read_bytes()
    (tmp_path / "cache.json").write_bytes(raw[:cut])
    assert store(tmp_path).get("a") is None


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_file_others_may_write_is_not_read(tmp_path: Path) -> None:
    first = store(tmp_path)
    first.put("a", "alpha")
    first.save()
    os.chmod(tmp_path / "cache.json", 0o622)
    assert read(tmp_path / "cache.json") is None
    assert store(tmp_path).get("a") is None


@pytest.mark.skipif(os.name != "posix", reason="POSIX links")
def test_a_link_in_place_of_the_file_is_not_followed(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.json"
    target.write_text("{}")
    os.chmod(target, 0o600)
    (tmp_path / "cache.json").symlink_to(target)
    assert read(tmp_path / "cache.json") is None


def test_entries_are_bounded_newest_kept(tmp_path: Path) -> None:
    first = store(tmp_path, limit=3)
    for n in range(6):
        first.put(f"k{n}", f"v{n}")
    first.save()
    again = store(tmp_path, limit=3)
    assert list(again.entries) == ["k3", "k4", "k5"]
    assert bounded({1: 1, 2: 2, 3: 3}, 1) == {3: 3}


def test_off_keeps_nothing(tmp_path: Path) -> None:
    off = SealedEntries(None, KEY, "text", 4)
    off.put("a", "alpha")
    assert off.get("a") is None
    assert not off.save()


def test_an_unwritable_folder_leaves_nothing_behind(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    assert not write(blocked / "cache.json", b"data")
    assert list(tmp_path.iterdir()) == [blocked]


def test_seal_and_intact_agree() -> None:
    assert intact(KEY, b"message", seal(KEY, b"message"))
    assert not intact(KEY, b"message!", seal(KEY, b"message"))


def test_the_seal_is_keyed_blake2b() -> None:
    """Keyed BLAKE2b-256 (a MAC on its own, a third of HMAC-SHA256's cost per byte)."""
    import hashlib

    assert seal(KEY, b"message") == hashlib.blake2b(b"message", key=KEY, digest_size=32).digest()
