"""The sealed store every cache keeps its file through (``escalatie.sealedstore``): entries come
back only when sealed under the key, from the user's own file, bounded, saved atomically."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from escalatie.sealedstore import (
    MAGIC,
    SealedEntries,
    bounded,
    intact,
    pack,
    read,
    record_seal,
    seal,
    unpack,
    write,
)

KEY = b"s" * 32


def store(tmp_path: Path, limit: int = 8, key: bytes = KEY) -> SealedEntries:
    return SealedEntries(tmp_path / "cache.bin", key, limit)


def test_an_entry_put_and_saved_comes_back_in_another_store(tmp_path: Path) -> None:
    first = store(tmp_path)
    first.put("a", "alpha")
    assert first.save()
    assert store(tmp_path).get("a") == "alpha"
    assert os.stat(tmp_path / "cache.bin").st_mode & 0o777 == 0o600


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
    records = unpack((tmp_path / "cache.bin").read_bytes())
    records[b"a"] = (records[b"a"][0], b"changed")
    records[b"b"] = (b"\x00" * 32, records[b"b"][1])
    (tmp_path / "cache.bin").write_bytes(pack(records))
    os.chmod(tmp_path / "cache.bin", 0o600)
    again = store(tmp_path)
    assert again.get("a") is None
    assert again.get("b") is None


@pytest.mark.parametrize("cut", [0, 1, 20, -1])
def test_a_truncated_file_gives_nothing(tmp_path: Path, cut: int) -> None:
    first = store(tmp_path)
    first.put("a", "alpha")
    first.save()
    raw = (tmp_path / "cache.bin").read_bytes()
    (tmp_path / "cache.bin").write_bytes(raw[:cut])
    assert store(tmp_path).get("a") is None


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_file_others_may_write_is_not_read(tmp_path: Path) -> None:
    first = store(tmp_path)
    first.put("a", "alpha")
    first.save()
    os.chmod(tmp_path / "cache.bin", 0o622)
    assert read(tmp_path / "cache.bin") is None
    assert store(tmp_path).get("a") is None


@pytest.mark.skipif(os.name != "posix", reason="POSIX links")
def test_a_link_in_place_of_the_file_is_not_followed(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.json"
    target.write_text("{}")
    os.chmod(target, 0o600)
    (tmp_path / "cache.bin").symlink_to(target)
    assert read(tmp_path / "cache.bin") is None


def test_entries_are_bounded_newest_kept(tmp_path: Path) -> None:
    first = store(tmp_path, limit=3)
    for n in range(6):
        first.put(f"k{n}", f"v{n}")
    first.save()
    again = store(tmp_path, limit=3)
    assert list(again.entries) == [b"k3", b"k4", b"k5"]
    assert bounded({1: 1, 2: 2, 3: 3}, 1) == {3: 3}


def test_off_keeps_nothing(tmp_path: Path) -> None:
    off = SealedEntries(None, KEY, 4)
    off.put("a", "alpha")
    assert off.get("a") is None
    assert not off.save()


def test_an_unwritable_folder_leaves_nothing_behind(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    assert not write(blocked / "cache.bin", b"data")
    assert list(tmp_path.iterdir()) == [blocked]


def test_seal_and_intact_agree() -> None:
    assert intact(KEY, b"message", seal(KEY, b"message"))
    assert not intact(KEY, b"message!", seal(KEY, b"message"))


def test_the_seal_is_keyed_blake2b() -> None:
    """Keyed BLAKE2b-256 (a MAC on its own, a third of HMAC-SHA256's cost per byte)."""
    import hashlib

    assert seal(KEY, b"message") == hashlib.blake2b(b"message", key=KEY, digest_size=32).digest()


def test_records_come_back_as_packed_and_only_from_a_file_that_starts_right() -> None:
    records = {
        b"a": (b"s" * 32, b"alpha"),
        b"": (b"t" * 32, b""),
        b"k" * 300: (b"u" * 32, b"x" * 70000),
    }
    raw = pack(records)  # type: ignore[arg-type]
    assert raw.startswith(MAGIC)
    assert {k: (s, bytes(d)) for k, (s, d) in unpack(raw).items()} == records
    assert unpack(raw[len(MAGIC) :]) == {}
    assert unpack(b"") == unpack(None) == {}
    assert list(unpack(raw[:-1])) == [b"a", b""]  # a cut record is left out


def test_a_record_moved_under_another_key_is_not_given(tmp_path: Path) -> None:
    """The seal covers the key: an entry's text cannot be served for another key."""
    first = store(tmp_path)
    first.put("a", "alpha")
    first.save()
    records = unpack((tmp_path / "cache.bin").read_bytes())
    records[b"b"] = records.pop(b"a")
    (tmp_path / "cache.bin").write_bytes(pack(records))
    assert store(tmp_path).get("b") is None
    assert record_seal(KEY, b"a", b"x") != record_seal(KEY, b"ax", b"")


def test_only_the_entry_asked_for_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading one entry of a file that keeps many checks one seal (issue 16: start-up)."""
    from escalatie import sealedstore

    first = store(tmp_path, limit=100)
    for n in range(50):
        first.put(f"k{n}", f"v{n}" * 100)
    first.save()
    calls: list[bytes] = []
    original = sealedstore.record_seal

    def counting(key: bytes, entry_key: bytes, data: bytes | memoryview) -> bytes:
        calls.append(entry_key)
        return original(key, entry_key, data)

    monkeypatch.setattr(sealedstore, "record_seal", counting)
    assert store(tmp_path, limit=100).get("k7") == "v7" * 100
    assert calls == [b"k7"]
