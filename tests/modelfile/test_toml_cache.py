"""The cache of parsed model files (``escalatie.tomlcache``): same tables, never stale, never
trusted beyond the user's own file."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from escalatie.sealedstore import pack, record_seal, unpack
from escalatie.tomlcache import CACHE_ENV, FILE_NAME, TomlCache, cache_folder
from escalatie.tomlfile import TomlFileError, parse_toml

TOML = b"""
name = "zeewolde"
runs_from = 2026-01-05
starts = 09:15:00
stamp = 2026-01-05T09:15:00+01:00
local = 2026-01-05T09:15:00
ratio = 1.5
on = true
[[forums]]
key = "tafel"
days = [2026-03-02, 2026-03-03]
[forums.cadence]
every_weeks = 3
"""


KEY = b"k" * 32


class Counting:
    """``parse_toml`` that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, raw: bytes) -> dict[str, Any]:
        self.calls += 1
        return parse_toml(raw)


def test_a_second_process_reads_the_same_table_without_parsing(tmp_path: Path) -> None:
    parse = Counting()
    first = TomlCache(tmp_path, KEY).parse(TOML, parse)
    again = TomlCache(tmp_path, KEY).parse(TOML, parse)  # a new cache object: the next command
    assert parse.calls == 1
    assert again == first == parse_toml(TOML)
    assert again["stamp"].utcoffset() == timedelta(hours=1)
    assert isinstance(again["local"], datetime) and again["local"].tzinfo is None
    assert isinstance(again["runs_from"], date) and not isinstance(again["runs_from"], datetime)
    assert isinstance(again["starts"], time)


def test_changed_bytes_are_parsed_again(tmp_path: Path) -> None:
    parse = Counting()
    TomlCache(tmp_path, KEY).parse(TOML, parse)
    changed = TomlCache(tmp_path, KEY).parse(TOML.replace(b"zeewolde", b"lelystad"), parse)
    assert parse.calls == 2
    assert changed["name"] == "lelystad"


def test_each_caller_gets_its_own_table(tmp_path: Path) -> None:
    cache = TomlCache(tmp_path, KEY)
    cache.parse(TOML, parse_toml)
    later = TomlCache(tmp_path, KEY)
    one = later.parse(TOML, parse_toml)
    one["forums"][0]["key"] = "changed by a caller"
    assert later.parse(TOML, parse_toml)["forums"][0]["key"] == "tafel"


def test_invalid_toml_is_an_error_and_is_not_kept(tmp_path: Path) -> None:
    with pytest.raises(TomlFileError, match="not valid TOML"):
        TomlCache(tmp_path, KEY).parse(b"name = ", parse_toml)
    assert not (tmp_path / FILE_NAME).exists()


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b"[1, 2]",
        b'{"entries": 3}',
        b'{"entries": {"k": 1}}',
        b"escalatie sealed entries 1\n\x00",
    ],
)
def test_a_damaged_cache_file_is_ignored_and_replaced(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / FILE_NAME
    path.write_bytes(content)
    path.chmod(0o600)
    parse = Counting()
    assert TomlCache(tmp_path, KEY).parse(TOML, parse) == parse_toml(TOML)
    assert parse.calls == 1
    assert TomlCache(tmp_path, KEY).parse(TOML, parse) == parse_toml(TOML)
    assert parse.calls == 1  # rewritten, usable again


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_cache_others_may_write_is_not_trusted(tmp_path: Path) -> None:
    """Another user able to write the file could hand us a model of their making."""
    cache = TomlCache(tmp_path, KEY)
    cache.parse(TOML, parse_toml)
    path = tmp_path / FILE_NAME
    forged = unpack(path.read_bytes())
    for key, (_, data) in forged.items():  # sealed right: only the mode gives it away
        text = bytes(data).replace(b"zeewolde", b"forged")
        forged[key] = (record_seal(KEY, key, text), text)
    path.write_bytes(pack(forged))
    path.chmod(0o666)
    assert TomlCache(tmp_path, KEY).parse(TOML, parse_toml)["name"] == "zeewolde"
    path.chmod(0o600)
    tmp_path.chmod(0o777)
    try:
        assert TomlCache(tmp_path, KEY).parse(TOML, parse_toml)["name"] == "zeewolde"
    finally:
        tmp_path.chmod(0o700)


def test_the_cache_file_is_the_users_alone(tmp_path: Path) -> None:
    folder = tmp_path / "made" / "escalatie"
    TomlCache(folder, KEY).parse(TOML, parse_toml)
    if os.name == "posix":
        assert (folder / FILE_NAME).stat().st_mode & 0o777 == 0o600
        assert folder.stat().st_mode & 0o777 == 0o700
    assert [p.name for p in folder.iterdir()] == [FILE_NAME]  # no temporary file left


def test_an_unwritable_folder_still_gives_the_table(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    assert TomlCache(blocker / "escalatie", KEY).parse(TOML, parse_toml) == parse_toml(TOML)


def test_a_table_that_would_not_come_back_unchanged_is_not_kept(tmp_path: Path) -> None:
    raw = b'x = nan\n["\\u0000"]\ny = 1\n'
    parse = Counting()
    table = TomlCache(tmp_path, KEY).parse(raw, parse)
    assert math.isnan(table["x"])
    TomlCache(tmp_path, KEY).parse(raw, parse)
    assert parse.calls == 2


def test_an_empty_cache_dir_turns_it_off(tmp_path: Path) -> None:
    assert cache_folder({CACHE_ENV: ""}) is None
    assert cache_folder({CACHE_ENV: str(tmp_path)}) == str(tmp_path)
    parse = Counting()
    TomlCache(None, KEY).parse(TOML, parse)
    TomlCache(None, KEY).parse(TOML, parse)
    assert parse.calls == 2


def test_the_cache_keeps_a_bounded_number_of_files(tmp_path: Path) -> None:
    from escalatie import tomlcache

    for n in range(tomlcache.MAX_ENTRIES + 5):
        TomlCache(tmp_path, KEY).parse(f"n = {n}\n".encode(), parse_toml)
    kept = unpack((tmp_path / FILE_NAME).read_bytes())
    assert len(kept) == tomlcache.MAX_ENTRIES
    parse = Counting()
    TomlCache(tmp_path, KEY).parse(f"n = {tomlcache.MAX_ENTRIES + 4}\n".encode(), parse)
    TomlCache(tmp_path, KEY).parse(b"n = 0\n", parse)
    assert parse.calls == 1  # the newest kept, the oldest dropped


_keys = st.text(st.characters(blacklist_characters="\x00"), max_size=5)
_values = st.recursive(
    st.one_of(
        st.text(max_size=8),
        st.integers(),
        st.booleans(),
        st.floats(allow_nan=False),
        st.dates(),
        st.times(),
        st.datetimes(timezones=st.one_of(st.none(), st.just(timezone(timedelta(hours=2))))),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_keys, inner, max_size=3),
    max_leaves=12,
)


@given(st.dictionaries(_keys, _values, max_size=4))
def test_what_comes_back_is_what_went_in(table: dict[str, Any]) -> None:
    from escalatie.tomlcache import _decode, _encode

    text = _encode(table)
    assert text is not None  # no NaN, no tagged key: every such table is kept
    assert _decode(text) == table


def test_two_commands_list_the_same_models_the_second_from_the_cache(tmp_path: Path) -> None:
    env = {**os.environ, CACHE_ENV: str(tmp_path)}
    command = [sys.executable, "-m", "escalatie", "models", "--json"]
    first = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    kept = (tmp_path / FILE_NAME).read_bytes()
    assert len(unpack(kept)) >= 1
    second = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert second.stdout == first.stdout
    assert (tmp_path / FILE_NAME).read_bytes() == kept


def test_an_entry_changed_without_the_key_is_parsed_again(tmp_path: Path) -> None:
    """Whatever can write the cache folder, without the municipality's key, cannot change a
    model through it (attacker review: a forged title, rules or addresses)."""
    TomlCache(tmp_path, KEY).parse(TOML, parse_toml)
    path = tmp_path / FILE_NAME
    data = unpack(path.read_bytes())
    for key, (found, text) in data.items():
        data[key] = (found, bytes(text).replace(b"zeewolde", b"FORGED"))
    path.write_bytes(pack(data))
    parse = Counting()
    assert TomlCache(tmp_path, KEY).parse(TOML, parse)["name"] == "zeewolde"
    assert parse.calls == 1
    assert TomlCache(tmp_path, b"another key" * 3).parse(TOML, parse)["name"] == "zeewolde"
    assert parse.calls == 2  # sealed under another key: not trusted either


def test_without_a_key_there_is_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``escalatie models`` on a fresh installation does not make a key file for the cache."""
    from escalatie import tomlcache

    monkeypatch.delenv("ESCALATIE_PSEUDONYM_KEY")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(tomlcache, "_shared", None)
    cache = tomlcache.shared_cache()
    assert cache.path is None
    cache.parse(TOML, parse_toml)
    assert not (tmp_path / "cache").exists()
    assert not (tmp_path / "config").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_pipe_in_place_of_the_cache_file_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / FILE_NAME, 0o600)
    assert TomlCache(tmp_path, KEY).parse(TOML, parse_toml)["name"] == "zeewolde"


def test_package_data_from_a_folder_is_a_path_and_from_a_zip_a_resource(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``package_data`` gives plain paths for a package on disk (no ``importlib.resources``
    at start-up) and still finds the files of a package inside a zip file."""
    import zipfile

    from escalatie.modelfile.plugin import package_data

    on_disk = package_data("escalatie.builtin", "national_routes.toml")[0]
    assert isinstance(on_disk, Path) and on_disk.is_file()
    archive = tmp_path / "zipped.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("zipped_models/__init__.py", "")
        z.writestr("zipped_models/models/z.toml", 'name = "zipped"\n')
    monkeypatch.syspath_prepend(str(archive))
    (zipped,) = package_data("zipped_models", "models/z.toml")
    assert not isinstance(zipped, Path)
    assert zipped.read_bytes() == b'name = "zipped"\n'


def test_package_files_read_as_the_paths_of_package_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``package_files`` (what the bundled plugins register, no ``pathlib`` at start-up) gives
    the files of ``package_data``: the same path, name and bytes; a zip's as resources."""
    import os
    import zipfile

    from escalatie.modelfile.plugin import package_data, package_files
    from escalatie.modelfile.reading import FileOnDisk

    names = ("national_routes.toml", "__init__.py")
    for file, path in zip(
        package_files("escalatie.builtin", *names),
        package_data("escalatie.builtin", *names),
        strict=True,
    ):
        assert isinstance(file, FileOnDisk) and isinstance(path, Path)
        assert (str(file), os.fspath(file), file.name) == (str(path), str(path), path.name)
        assert file.read_bytes() == path.read_bytes()
        assert file.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")
        assert Path(file) == path and file == FileOnDisk(str(path))
    archive = tmp_path / "zipped.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("zipped_models/__init__.py", "")
        z.writestr("zipped_models/models/z.toml", 'name = "zipped"\n')
    monkeypatch.syspath_prepend(str(archive))
    (zipped,) = package_files("zipped_models", "models/z.toml")
    assert not isinstance(zipped, FileOnDisk | os.PathLike)
    assert zipped.read_bytes() == b'name = "zipped"\n'
