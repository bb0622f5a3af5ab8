"""attrs' generated methods kept between runs of the command (``escalatie.codecache``)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import attrs
import pytest

import escalatie_examples
from escalatie import codecache
from escalatie.codecache import CodeCache, cache_path

KEY = b"k" * 32


@pytest.fixture(autouse=True)
def _no_cache_left_installed() -> Iterator[None]:
    yield
    codecache.uninstall()


def _define(name: str = "Point") -> type:
    """A class whose generated methods cover what attrs writes: init, eq, repr, a hash."""
    return attrs.frozen(
        type(name, (), {"__annotations__": {"x": "int", "y": "str"}, "y": attrs.field(default="")})
    )


def _exercise(cls: type) -> tuple[object, ...]:
    a, b, c = cls(1, "a"), cls(1, "a"), cls(2)
    return (repr(a), a == b, a != c, hash(a) == hash(b), len({a, b, c}))


def _cache(tmp_path: Path) -> CodeCache:
    return CodeCache(tmp_path / "attrs-code.bin", KEY)


def test_a_class_from_the_cache_behaves_as_one_attrs_compiled(tmp_path: Path) -> None:
    expected = _exercise(_define())
    first = _cache(tmp_path)
    with _with(first):
        assert _exercise(_define()) == expected
    first.save()
    second = _cache(tmp_path)
    with _with(second):
        assert _exercise(_define()) == expected
    assert first.compiled > 0
    assert second.compiled == 0, "the second process compiled a script the first had kept"


def test_a_changed_class_is_compiled_again(tmp_path: Path) -> None:
    first = _cache(tmp_path)
    with _with(first):
        _define("Point")
    first.save()
    second = _cache(tmp_path)
    with _with(second):
        _define("Other")
    assert second.compiled > 0


def test_the_hash_number_does_not_change_the_key() -> None:
    """``__hash__`` mixes in ``hash()`` of a file name, which differs in every process."""
    name = "<attrs generated methods m.C>"
    number = hash("<attrs generated hash m.C>")
    script = f"def __hash__(self):\n    return hash((\n        {number},\n        self.x,\n    ))"
    other = script.replace(str(number), "12345")
    assert codecache._key(script, name) == codecache._key(other.replace("12345", str(number)), name)
    assert codecache._key(script, name) != codecache._key(script, "<attrs generated methods m.D>")


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]), id="a changed byte"),
        pytest.param(lambda raw: b"x" * 32 + raw[32:], id="another seal"),
        pytest.param(lambda raw: raw[:10], id="cut short"),
        pytest.param(lambda raw: b"", id="empty"),
    ],
)
def test_a_forged_or_damaged_file_is_ignored(tmp_path: Path, damage: object) -> None:
    first = _cache(tmp_path)
    with _with(first):
        _define()
    first.save()
    path = tmp_path / "attrs-code.bin"
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert _cache(tmp_path).stored == {}


def test_a_file_sealed_with_another_key_is_ignored(tmp_path: Path) -> None:
    first = _cache(tmp_path)
    with _with(first):
        _define()
    first.save()
    assert first.stored
    assert CodeCache(tmp_path / "attrs-code.bin", b"o" * 32).stored == {}


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_file_others_may_write_is_not_trusted(tmp_path: Path) -> None:
    first = _cache(tmp_path)
    with _with(first):
        _define()
    first.save()
    path = tmp_path / "attrs-code.bin"
    os.chmod(path, 0o666)
    assert _cache(tmp_path).stored == {}
    os.chmod(path, 0o600)
    assert _cache(tmp_path).stored


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_the_cache_file_is_the_users_alone(tmp_path: Path) -> None:
    first = CodeCache(tmp_path / "new" / "attrs-code.bin", KEY)
    with _with(first):
        _define()
    first.save()
    assert (tmp_path / "new" / "attrs-code.bin").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o700


def test_an_empty_cache_dir_turns_it_off() -> None:
    assert cache_path({"ESCALATIE_CACHE_DIR": ""}) is None


def test_nothing_is_installed_without_a_key_or_without_the_function(tmp_path: Path) -> None:
    env = {"ESCALATIE_CACHE_DIR": str(tmp_path), "ESCALATIE_PSEUDONYM_KEY": "ab" * 32}
    codecache._wrap(SimpleNamespace(), env)  # an attrs without _compile_and_eval
    assert codecache.installed() is None
    no_key = {"ESCALATIE_CACHE_DIR": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "none")}
    codecache._wrap(SimpleNamespace(_compile_and_eval=print), no_key)
    assert codecache.installed() is None


def test_install_waits_for_attrs_and_wraps_it_once_loaded(tmp_path: Path) -> None:
    """In a process that has not imported attrs, installing costs nothing until it is."""
    script = (
        "import sys\n"
        "from escalatie import codecache\n"
        "codecache.install()\n"
        "assert 'attr._make' not in sys.modules\n"
        "import attrs\n"
        "assert codecache.installed() is not None\n"
        "@attrs.frozen\n"
        "class C:\n"
        "    x: int\n"
        "print(C(1), C(1) == C(1), hash(C(1)) == hash(C(1)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "ESCALATIE_CACHE_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout == "C(x=1) True True\n"
    assert cache_path({"ESCALATIE_CACHE_DIR": str(tmp_path)}) is not None
    assert (tmp_path / cache_path({"ESCALATIE_CACHE_DIR": str(tmp_path)}).name).is_file()  # type: ignore[union-attr]


def test_the_command_gives_the_same_answer_and_a_warm_run_compiles_nothing(
    tmp_path: Path,
) -> None:
    """Two runs of ``triage`` under different hash seeds: the second writes no cache (every
    script came from it), and both print what the command prints without a cache."""
    case = Path(escalatie_examples.__file__).parent / "cases" / "buurtteam-maatwerktafel.json"
    command = [
        sys.executable,
        "-m",
        "escalatie",
        "-m",
        "utrecht-maatwerktafel",
        "triage",
        str(case),
        "--at",
        "2026-03-02T08:00",
        "--json",
    ]

    def run(cache_dir: str, seed: str) -> str:
        env = {**os.environ, "ESCALATIE_CACHE_DIR": cache_dir, "PYTHONHASHSEED": seed}
        return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout

    folder = tmp_path / "cache"
    cold = run(str(folder), "1")
    path = folder / cache_path({"ESCALATIE_CACHE_DIR": str(folder)}).name  # type: ignore[union-attr]
    written = path.stat().st_mtime_ns, path.read_bytes()
    warm = run(str(folder), "2")
    assert (path.stat().st_mtime_ns, path.read_bytes()) == written
    assert cold == warm == run("", "3")


@contextlib.contextmanager
def _with(cache: CodeCache) -> Iterator[CodeCache]:
    """``cache`` serving attrs' scripts in this process for the ``with`` block."""
    import attr._make as make

    original = codecache.serve(make, cache)
    try:
        yield cache
    finally:
        make._compile_and_eval = original
