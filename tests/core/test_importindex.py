"""Where the CLI's modules were found, kept between runs (``escalatie.importindex``).

Every test asks the same question: with the index in front of ``PathFinder``, does an import
get what plain Python gives? The index either answers as ``PathFinder`` would or steps aside.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import escalatie_examples
from escalatie import importindex
from escalatie.importindex import ImportIndex
from escalatie.sealedstore import read, unpack

KEY = b"k" * 32
PAST = 1_700_000_000_000_000_000
"""When the test's folders were last changed, as far as the index can tell (a folder changed
within seconds of being stamped is not kept)."""


@pytest.fixture
def folders(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """Two folders first on :data:`sys.path` (``a`` before ``b``); what the test imported
    from them is forgotten afterwards."""
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    saved = list(sys.path)
    sys.path[:0] = [str(a), str(b)]
    try:
        yield a, b
    finally:
        sys.path[:] = saved
        for name in [n for n in sys.modules if n.split(".")[0] in ("idx_m", "idx_p")]:
            del sys.modules[name]
        importindex.uninstall()
        sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, ImportIndex)]
        importlib.invalidate_caches()


def _write(path: Path, text: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _age(*roots: Path) -> None:
    """Set every folder under ``roots`` back to :data:`PAST` (its change time stays now)."""
    for root in roots:
        for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
            os.utime(folder, ns=(PAST, PAST))


def _recorded(file: Path, *names: str) -> ImportIndex:
    """An index that saw ``names`` imported the plain way and was saved, read back."""
    index = ImportIndex(file, KEY, {}, list(sys.path))
    for name in names:
        importlib.import_module(name)
    index.save()
    for name in [n for n in sys.modules if n.split(".")[0] in ("idx_m", "idx_p")]:
        del sys.modules[name]
    kept = ImportIndex(file, KEY, unpack(read(file)), list(sys.path))
    kept.insert()
    return kept


def _plain(name: str, path: list[str] | None = None) -> Any:
    from importlib.machinery import PathFinder

    importlib.invalidate_caches()
    return PathFinder.find_spec(name, path)


def _with_index(index: ImportIndex, name: str, path: list[str] | None = None) -> Any:
    """What an import gets with ``index`` before ``PathFinder``."""
    return index.find_spec(name, path) or _plain(name, path)


def _shape(spec: Any) -> Any:
    if spec is None:
        return None
    return (spec.name, spec.origin, type(spec.loader), spec.submodule_search_locations)


def _same_as_plain(index: ImportIndex, name: str, path: list[str] | None = None) -> None:
    assert _shape(_with_index(index, name, path)) == _shape(_plain(name, path))


def test_a_known_module_comes_from_the_index_as_python_finds_it(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = folders
    _write(b / "idx_m.py", "VALUE = 1\n")
    _write(b / "idx_p" / "__init__.py")
    _write(b / "idx_p" / "sub.py", "VALUE = 2\n")
    _age(a, b)
    index = _recorded(tmp_path / "index.bin", "idx_m", "idx_p.sub")
    assert set(index.entries) >= {"idx_m", "idx_p", "idx_p.sub"}
    for name, path in (("idx_m", None), ("idx_p", None), ("idx_p.sub", [str(b / "idx_p")])):
        assert index.find_spec(name, path) is not None
        _same_as_plain(index, name, path)
    assert importlib.import_module("idx_p.sub").VALUE == 2
    assert importlib.import_module("idx_m").VALUE == 1
    assert {"idx_m", "idx_p", "idx_p.sub"} <= index.served


def test_a_file_earlier_on_the_path_shadows_a_known_module(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = folders
    _write(b / "idx_m.py")
    _age(a, b)
    index = _recorded(tmp_path / "index.bin", "idx_m")
    _write(a / "idx_m.py")
    os.utime(a, ns=(PAST, PAST))  # even with the folder's modification time set back
    assert index.find_spec("idx_m") is None
    _same_as_plain(index, "idx_m")
    assert _plain("idx_m").origin == str(a / "idx_m.py")


def test_a_package_beside_a_known_module_takes_its_place(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    """Python prefers a package folder to a module file of the same name."""
    a, b = folders
    _write(b / "idx_m.py")
    _age(a, b)
    index = _recorded(tmp_path / "index.bin", "idx_m")
    _write(b / "idx_m" / "__init__.py")
    _age(a, b)
    _same_as_plain(index, "idx_m")
    assert _plain("idx_m").origin == str(b / "idx_m" / "__init__.py")


def test_a_deleted_or_moved_module_is_not_found_where_it_was(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = folders
    _write(b / "idx_m.py")
    _write(b / "idx_p" / "__init__.py")
    _write(b / "idx_p" / "sub.py")
    _age(a, b)
    index = _recorded(tmp_path / "index.bin", "idx_m", "idx_p.sub")
    (b / "idx_m.py").rename(a / "idx_m.py")
    (b / "idx_p" / "sub.py").unlink()
    _age(a, b)
    _same_as_plain(index, "idx_m")
    assert _plain("idx_m").origin == str(a / "idx_m.py")
    _same_as_plain(index, "idx_p.sub", [str(b / "idx_p")])
    assert index.find_spec("idx_p.sub", [str(b / "idx_p")]) is None


def test_a_changed_search_path_is_searched(folders: tuple[Path, Path], tmp_path: Path) -> None:
    a, b = folders
    _write(b / "idx_m.py")
    _write(b / "idx_p" / "__init__.py")
    _write(b / "idx_p" / "sub.py")
    _age(a, b)
    index = _recorded(tmp_path / "index.bin", "idx_m", "idx_p.sub")
    elsewhere = tmp_path / "elsewhere"
    _write(elsewhere / "idx_m.py")
    _age(elsewhere)
    sys.path.insert(0, str(elsewhere))
    assert index.find_spec("idx_m") is None
    _same_as_plain(index, "idx_m")
    assert index.find_spec("idx_p.sub", [str(elsewhere), str(b / "idx_p")]) is None


def test_a_reinstalled_package_is_searched_again(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    """A package replaced by another version, its folders' modification times as before:
    only their inodes and change times tell."""
    a, b = folders
    _write(b / "idx_p" / "__init__.py")
    _write(b / "idx_p" / "sub.py")
    _age(a, b)
    index = _recorded(tmp_path / "index.bin", "idx_p.sub")
    shutil.rmtree(b / "idx_p")
    _write(b / "idx_p" / "__init__.py")
    _write(b / "idx_p" / "sub" / "__init__.py")  # sub is a package now
    _age(a, b)
    assert index.find_spec("idx_p") is None
    assert index.find_spec("idx_p.sub", [str(b / "idx_p")]) is None
    _same_as_plain(index, "idx_p.sub", [str(b / "idx_p")])
    assert _plain("idx_p.sub", [str(b / "idx_p")]).submodule_search_locations == [
        str(b / "idx_p" / "sub")
    ]


def test_a_folder_changed_moments_ago_is_not_kept(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    """A second change within the file system's clock step could leave its stamp unchanged."""
    b = folders[1]
    _write(b / "idx_m.py")  # b is modified now
    index = _recorded(tmp_path / "index.bin", "idx_m")
    assert "idx_m" not in index.entries and "idx_m" not in index.skip


def test_built_in_frozen_and_foreign_finders_answer_first(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = folders
    _write(b / "idx_m.py")
    _age(a, b)
    index = _recorded(tmp_path / "index.bin", "idx_m")
    entry = index.entries["idx_m"]
    index.entries["os"] = index.entries["sys"] = entry  # as if once found on the path
    assert index.find_spec("os") is None  # frozen
    assert index.find_spec("sys") is None  # built in
    assert index.find_spec("idx_m") is not None

    class Foreign:
        answers: frozenset[str] = frozenset({"idx_m"})

        def find_spec(self, *args: Any) -> None:
            return None

    foreign = Foreign()
    sys.meta_path.insert(sys.meta_path.index(index) + 1, foreign)
    try:
        assert index.find_spec("idx_m") is None  # the foreign finder may answer for it
        foreign.answers = frozenset({"other"})
        assert index.find_spec("idx_m") is not None
        del foreign.answers, Foreign.answers
        assert index.find_spec("idx_m") is None  # it does not say what it answers
    finally:
        sys.meta_path.remove(foreign)
    index.path_finder = type(None)  # as if no PathFinder came after
    assert index.find_spec("idx_m") is None


def test_a_record_sealed_with_another_key_is_not_used(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = folders
    _write(b / "idx_m.py")
    _age(a, b)
    file = tmp_path / "index.bin"
    assert _recorded(file, "idx_m").entries
    assert ImportIndex(file, b"x" * 32, unpack(read(file)), list(sys.path)).entries == {}


def test_a_namespace_package_is_remembered_as_not_kept(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = folders
    _write(b / "idx_p" / "sub.py")  # no __init__.py: a namespace package
    _age(a, b)
    index = _recorded(tmp_path / "index.bin", "idx_p.sub")
    assert "idx_p" in index.skip
    assert index.find_spec("idx_p") is None


def test_nothing_is_installed_without_a_key_or_with_caching_off(tmp_path: Path) -> None:
    no_key = {"ESCALATIE_CACHE_DIR": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "none")}
    importindex.install(no_key)
    assert importindex.installed() is None
    importindex.install({"ESCALATIE_CACHE_DIR": "", "ESCALATIE_PSEUDONYM_KEY": "ab" * 32})
    assert importindex.installed() is None


def test_nothing_is_installed_where_python_moved_its_spec_builder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index builds specs with a private function of importlib; a Python without it
    imports as usual, with no index, rather than failing every command."""
    import importlib._bootstrap_external as bootstrap

    env = {"ESCALATIE_CACHE_DIR": str(tmp_path), "ESCALATIE_PSEUDONYM_KEY": "ab" * 32}
    importindex.install(env)  # with it: installed
    assert importindex.installed() is not None
    importindex.uninstall()
    monkeypatch.delattr(bootstrap, "spec_from_file_location")
    importindex.install(env)
    assert importindex.installed() is None
    assert not any(isinstance(f, ImportIndex) for f in sys.meta_path)


def test_main_called_by_a_program_installs_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    from escalatie.cli import main

    main(["models"])
    capsys.readouterr()
    assert importindex.installed() is None
    assert not any(isinstance(f, ImportIndex) for f in sys.meta_path)


def test_the_command_gives_the_same_answer_and_a_warm_run_writes_no_index(
    tmp_path: Path,
) -> None:
    case = Path(escalatie_examples.__file__).parent / "cases" / "buurtteam-maatwerktafel.json"
    command = [sys.executable, "-m", "escalatie", "-m", "utrecht-maatwerktafel", "triage"]
    command += [str(case), "--at", "2026-03-02T08:00", "--json"]

    def run(cache_dir: str) -> str:
        env = {**os.environ, "ESCALATIE_CACHE_DIR": cache_dir}
        return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout

    folder = tmp_path / "cache"
    cold = run(str(folder))
    path = folder / importindex.file_name()
    assert path.is_file()
    written = path.stat().st_mtime_ns, path.read_bytes()
    warm = run(str(folder))
    assert (path.stat().st_mtime_ns, path.read_bytes()) == written
    assert cold == warm == run("")
