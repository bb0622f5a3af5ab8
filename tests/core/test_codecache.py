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


def _cache(folder: Path, key: bytes = KEY) -> CodeCache:
    import attr._make as make

    flags = codecache.future_flags(make._compile_and_eval)
    return CodeCache(folder / "attrs-code.bin", key, flags)


@contextlib.contextmanager
def _with(cache: CodeCache) -> Iterator[CodeCache]:
    """``cache`` serving attrs' scripts in this process for the ``with`` block."""
    import attr._make as make

    original = codecache.serve(make, cache)
    try:
        yield cache
    finally:
        make._compile_and_eval = original


def _saved(folder: Path, *names: str) -> Path:
    cache = _cache(folder)
    with _with(cache):
        for name in names or ("Point",):
            _define(name)
    cache.save()
    return folder / "attrs-code.bin"


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
    _saved(tmp_path, "Point")
    second = _cache(tmp_path)
    with _with(second):
        _define("Other")
    assert second.compiled > 0


_KEYS_OF_A_CLASS = """
import attr._make as make
from escalatie import codecache
keys = []
original = make._compile_and_eval
def spy(script, globs, locs=None, filename=""):
    keys.append(codecache._key(script, filename).hex())
    original(script, globs, locs, filename)
make._compile_and_eval = spy
import attrs
@attrs.frozen
class Point:
    x: int
print(keys, hash(Point(1)) == hash(Point(1)))
"""


def test_the_hash_number_does_not_change_the_key() -> None:
    """``__hash__`` mixes in ``hash()`` of a file name, which differs with every hash seed: the
    same class in two processes has the same key."""

    def keys(seed: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-c", _KEYS_OF_A_CLASS]
        out = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        assert out.returncode == 0, out.stderr
        return out.stdout

    first = keys("1")
    assert first.startswith("['") and first.endswith(" True\n")
    assert keys("2") == first


def test_an_entry_changed_or_sealed_with_another_key_is_compiled_again(tmp_path: Path) -> None:
    expected = _exercise(_define())
    path = _saved(tmp_path)
    raw = path.read_bytes()
    path.write_bytes(raw[:-1] + bytes([raw[-1] ^ 1]))  # a byte of the code changed
    changed = _cache(tmp_path)
    with _with(changed):
        assert _exercise(_define()) == expected
    assert changed.compiled == 1
    path.write_bytes(raw)
    other = _cache(tmp_path, b"o" * 32)
    with _with(other):
        assert _exercise(_define()) == expected
    assert other.compiled == 1


@pytest.mark.parametrize("cut", [1, 10, 60])
def test_a_cut_file_loses_its_last_entry_only(tmp_path: Path, cut: int) -> None:
    path = _saved(tmp_path, "A", "B")
    path.write_bytes(path.read_bytes()[:-cut])
    assert len(_cache(tmp_path).stored) == 1


@pytest.mark.parametrize("content", [b"", b"x", b"\xff" * 100, bytes(range(256)) * 3])
def test_any_file_is_read_without_error(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "attrs-code.bin").write_bytes(content)
    cache = _cache(tmp_path)
    with _with(cache):
        assert _exercise(_define()) == _exercise(_define())


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_file_others_may_write_is_not_read(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    os.chmod(path, 0o666)
    assert _cache(tmp_path).stored == {}
    os.chmod(path, 0o600)
    assert _cache(tmp_path).stored


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_the_cache_file_is_the_users_alone(tmp_path: Path) -> None:
    _saved(tmp_path / "new")
    assert (tmp_path / "new" / "attrs-code.bin").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o700


def test_one_file_per_python_and_optimisation_level() -> None:
    path = cache_path({"ESCALATIE_CACHE_DIR": "/c"})
    assert path == f"/c/attrs-code-v3-{sys.implementation.cache_tag}.bin"
    assert cache_path({"ESCALATIE_CACHE_DIR": ""}) is None


def test_nothing_is_installed_without_a_key_or_without_the_function(tmp_path: Path) -> None:
    env = {"ESCALATIE_CACHE_DIR": str(tmp_path), "ESCALATIE_PSEUDONYM_KEY": "ab" * 32}
    codecache._wrap(SimpleNamespace(), env)  # an attrs without _compile_and_eval
    assert codecache.installed() is None
    no_key = {"ESCALATIE_CACHE_DIR": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "none")}
    codecache._wrap(SimpleNamespace(_compile_and_eval=print), no_key)
    assert codecache.installed() is None


def test_a_call_in_another_shape_goes_to_attrs(tmp_path: Path) -> None:
    calls: list[tuple[object, ...]] = []
    make = SimpleNamespace(_compile_and_eval=lambda *a, **k: calls.append((a, k)))
    codecache.serve(make, _cache(tmp_path))
    make._compile_and_eval("x = 1", {}, None, "<f>", "more")
    make._compile_and_eval("x = 1", {}, None, filename="<f>", flags=1)
    assert calls == [
        (("x = 1", {}, None, "<f>", "more"), {}),
        (("x = 1", {}, None, "<f>"), {"flags": 1}),
    ]
    globs: dict[str, object] = {}
    make._compile_and_eval("x = 1", globs, None, "<f>")
    assert globs["x"] == 1 and len(calls) == 2


def test_attrs_gets_back_what_its_function_returns(tmp_path: Path) -> None:
    """A call the cache does not serve returns what attrs' own function returns (a later attrs
    may return something from it); one it serves returns what attrs up to 26 returns, None."""
    make = SimpleNamespace(_compile_and_eval=lambda *a, **k: ("attrs's own", a, k))
    codecache.serve(make, _cache(tmp_path))
    assert make._compile_and_eval("x = 1", {}, None, "<f>", "more") == (
        "attrs's own",
        ("x = 1", {}, None, "<f>", "more"),
        {},
    )
    assert make._compile_and_eval("x = 1", {}, None, "<f>") is None


def test_the_future_flags_are_attrs_own() -> None:
    import __future__

    import attr._make as make

    flags = codecache.future_flags(make._compile_and_eval)
    assert flags & __future__.annotations.compiler_flag  # attrs' module has the import
    assert codecache.future_flags(print) == 0


def test_main_called_by_a_program_installs_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    from escalatie.cli import main

    main(["models"])
    capsys.readouterr()
    assert codecache.installed() is None
    assert not any(type(f).__name__ == "_AttrsWatcher" for f in sys.meta_path)


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
    env = {**os.environ, "ESCALATIE_CACHE_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout == "C(x=1) True True\n"
    path = cache_path({"ESCALATIE_CACHE_DIR": str(tmp_path)})
    assert path is not None and Path(path).is_file()


def test_the_command_gives_the_same_answer_and_a_warm_run_compiles_nothing(
    tmp_path: Path,
) -> None:
    """Two runs of ``triage`` under different hash seeds: the second writes no cache (every
    script came from it), and both print what the command prints without a cache."""
    case = Path(escalatie_examples.__file__).parent / "cases" / "buurtteam-maatwerktafel.json"
    command = [sys.executable, "-m", "escalatie", "-m", "utrecht-maatwerktafel", "triage"]
    command += [str(case), "--at", "2026-03-02T08:00", "--json"]

    def run(cache_dir: str, seed: str) -> str:
        env = {**os.environ, "ESCALATIE_CACHE_DIR": cache_dir, "PYTHONHASHSEED": seed}
        return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout

    folder = tmp_path / "cache"
    cold = run(str(folder), "1")
    found = cache_path({"ESCALATIE_CACHE_DIR": str(folder)})
    assert found is not None
    path = Path(found)
    written = path.stat().st_mtime_ns, path.read_bytes()
    warm = run(str(folder), "2")
    assert (path.stat().st_mtime_ns, path.read_bytes()) == written
    assert cold == warm == run("", "3")


def test_attrs_own_classes_come_from_the_cache_too(tmp_path: Path) -> None:
    """attrs compiles its own classes' methods while ``attr._make`` runs, before its function
    can be wrapped: the module's ``compile`` is the cache's until then (issue 16), and only
    until then."""
    script = (
        "import builtins, sys\n"
        "from escalatie import codecache\n"
        "codecache.install()\n"
        "import attr._make as make\n"
        "assert 'compile' not in vars(make)\n"
        "used = codecache.installed().used\n"
        "print(len(used), codecache.installed().compiled)\n"
        "print(make.Attribute.__repr__.__code__.co_filename)\n"
    )
    env = {**os.environ, "ESCALATIE_CACHE_DIR": str(tmp_path)}

    def run() -> list[str]:
        return subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        ).stdout.split("\n")

    cold, warm = run(), run()
    assert cold[0] == f"{cold[0].split()[0]} {cold[0].split()[0]}"  # every script compiled
    used = int(warm[0].split()[0])
    assert used >= 14 and warm[0] == f"{used} 0"  # attr._make's own among them, none compiled
    assert cold[1] == warm[1] == "<attrs generated __repr__ attr._make.Attribute>"


def test_the_module_s_compile_answers_another_shape_with_the_builtin(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    own = codecache._compile_through(cache)
    assert own("1 + 1", "<e>", "eval").co_filename == "<e>"
    assert own(b"x = 1", "<b>", "exec").co_filename == "<b>"
    assert own("x = 1", "<f>", "exec", 0, True).co_filename == "<f>"
    assert cache.compiled == 0 and not cache.used
    first = own("x = 1", "<attrs generated methods T>", "exec")
    again = own("x = 1", "<attrs generated methods T>", "exec")
    assert first.co_filename == again.co_filename == "<attrs generated methods T>"
    assert cache.compiled == 1 and len(cache.used) == 1
