"""The name index (``escalatie.modelfile.nameindex``): every model file's name and declared
keys kept between runs, giving the same answers as reading the files, never stale."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from escalatie.api import hookimpl
from escalatie.modelfile import nameindex
from escalatie.modelfile.starter import starter
from escalatie.plugins import Registry, make_plugin_manager
from escalatie.sealedstore import pack, unpack


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A model path with two files, a cache folder of its own, and files that count as
    settled at once (the racy-edit guard has its own test)."""
    models = tmp_path / "models"
    models.mkdir()
    write(models / "a.toml", "zeewolde-a")
    write(models / "b.toml", "zeewolde-b")
    monkeypatch.setenv("ESCALATIE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(nameindex, "SETTLED_NS", -(10**12))
    return models


def write(path: Path, name: str, *, shift: int = 0) -> None:
    path.write_text(starter(name), encoding="utf-8")
    if shift:  # another modification time, as a later edit has
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + shift))


def registry(models: Path, *plugins: tuple[object, str]) -> Registry:
    pm = make_plugin_manager(load_entrypoints=False)
    for plugin, name in plugins:
        pm.register(plugin, name=name)
    return Registry(pm, env={"ESCALATIE_MODEL_PATH": str(models)})


def answers(reg: Registry) -> tuple[Any, ...]:
    """What selecting a model reads of the files: names, kinds, routes."""
    return (
        reg.index(),
        sorted(reg.step_kinds),
        sorted(reg.forum_kinds),
        reg._declared("routes", "key"),
    )


def cold(
    models: Path, monkeypatch: pytest.MonkeyPatch, *plugins: tuple[object, str]
) -> tuple[Any, ...]:
    with monkeypatch.context() as m:
        m.setenv("ESCALATIE_CACHE_DIR", "")
        return answers(registry(models, *plugins))


def index_file(models: Path) -> Path:
    return models.parent / "cache" / nameindex.FILE_NAME


def test_a_second_registry_answers_from_the_index_without_reading_a_file(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = answers(registry(folder))
    assert index_file(folder).exists()
    second = registry(folder)
    assert answers(second) == first == cold(folder, monkeypatch)
    assert second._raw_files == {}  # no file was read
    assert second.model("zeewolde-a").name == "zeewolde-a"  # the chosen file is read to compile


def test_a_file_added_removed_or_edited_gives_what_reading_gives(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers(registry(folder))
    write(folder / "c.toml", "zeewolde-c")
    assert answers(registry(folder)) == cold(folder, monkeypatch)
    assert "zeewolde-c" in registry(folder).index()
    (folder / "a.toml").unlink()
    assert answers(registry(folder)) == cold(folder, monkeypatch)
    assert "zeewolde-a" not in registry(folder).index()
    write(folder / "b.toml", "zeewolde-x", shift=1_000_000)  # same size, another name
    assert answers(registry(folder)) == cold(folder, monkeypatch)
    assert "zeewolde-x" in registry(folder).index()


def test_a_plugin_installed_removed_or_upgraded_gives_what_reading_gives(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = tmp_path / "plugin" / "tafel.toml"
    shipped.parent.mkdir()
    write(shipped, "plugin-tafel")

    class Files:
        @hookimpl
        def escalatie_register_model_files(self, register: Callable[[Path], None]) -> None:
            register(shipped)

    plugin = (Files(), "zeewolde")
    answers(registry(folder))
    assert answers(registry(folder, plugin)) == cold(folder, monkeypatch, plugin)
    assert "plugin-tafel" in registry(folder, plugin).index()
    write(shipped, "plugin-tafel-2", shift=1_000_000)  # the plugin upgraded
    assert answers(registry(folder, plugin)) == cold(folder, monkeypatch, plugin)
    assert "plugin-tafel-2" in registry(folder, plugin).index()
    assert answers(registry(folder)) == cold(folder, monkeypatch)  # removed
    assert "plugin-tafel-2" not in registry(folder).index()


def test_files_changed_just_now_are_not_kept(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nameindex, "SETTLED_NS", 60 * 10**9)
    assert answers(registry(folder)) == cold(folder, monkeypatch)
    assert not index_file(folder).exists()


def test_an_unreadable_file_is_never_kept(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "broken.toml").write_text("name = \n", encoding="utf-8")
    reg = registry(folder)
    assert answers(reg) == cold(folder, monkeypatch)
    assert not index_file(folder).exists()
    assert any("broken.toml" in line for line in reg.problems())


def test_an_empty_cache_dir_turns_it_off(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ESCALATIE_CACHE_DIR", "")
    answers(registry(folder))
    assert not index_file(folder).exists()


Record = tuple[bytes, Any]


def forge(path: Path, change: Callable[[Record], Record]) -> None:
    data = unpack(path.read_bytes())
    for key, record in data.items():
        data[key] = change(record)
    path.write_bytes(pack(data))
    os.chmod(path, 0o600)


@pytest.mark.parametrize(
    "change",
    [
        lambda r: (r[0], bytes(r[1]).replace(b"zeewolde-a", b"zeewolde-q")),
        lambda r: (b"\x00" * 32, r[1]),
    ],
    ids=["forged facts", "forged seal"],
)
def test_a_forged_entry_is_ignored(
    folder: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[Record], Record]
) -> None:
    answers(registry(folder))
    forge(index_file(folder), change)
    second = registry(folder)
    assert answers(second) == cold(folder, monkeypatch)
    assert "zeewolde-q" not in second.index()


@pytest.mark.parametrize("cut", [0, 10, -2])
def test_a_truncated_index_is_ignored(
    folder: Path, monkeypatch: pytest.MonkeyPatch, cut: int
) -> None:
    answers(registry(folder))
    path = index_file(folder)
    path.write_bytes(path.read_bytes()[:cut])
    assert answers(registry(folder)) == cold(folder, monkeypatch)


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_an_index_others_may_write_is_not_read(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers(registry(folder))
    os.chmod(index_file(folder), 0o666)  # a well-sealed entry, in a file others may write
    second = registry(folder)
    assert answers(second) == cold(folder, monkeypatch)
    assert second._raw_files  # the files were read, not the index


def test_well_formed_facts_only() -> None:
    assert not nameindex._well_formed([{"name": 3}], [object()])  # type: ignore[list-item]
    assert not nameindex._well_formed({}, [])  # type: ignore[arg-type]
