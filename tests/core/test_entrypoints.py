"""The light entry-point reader finds what importlib.metadata finds, in the same order."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from escalatie import entrypoints
from escalatie.entrypoints import EntryPoint, entry_points


def _both(group: str) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    ours = [(e.name, e.value, e.dist.name) for e in entry_points(group)]
    theirs = [(e.name, e.value, e.dist.name) for e in metadata.entry_points(group=group)]
    return ours, theirs


@pytest.mark.parametrize("group", ["escalatie", "pytest11", "console_scripts", "absent-group"])
def test_the_same_entry_points_as_importlib_metadata(group: str) -> None:
    ours, theirs = _both(group)
    assert ours == theirs


def test_a_distribution_on_the_path_twice_counts_once_and_the_first_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder, target in (("eerst", "eerste_module"), ("later", "tweede_module")):
        info = tmp_path / folder / "Dubbel_Plugin-1.0.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(
            "Metadata-Version: 2.1\nName: dubbel-plugin\nVersion: 1.0\n", encoding="utf-8"
        )
        (info / "entry_points.txt").write_text(
            f"# comment\n[other]\nx = y\n\n[escalatie]\ndubbel = {target}:plugin [extra]\n",
            encoding="utf-8",
        )
    monkeypatch.syspath_prepend(str(tmp_path / "later"))
    monkeypatch.syspath_prepend(str(tmp_path / "eerst"))
    ours, theirs = _both("escalatie")
    assert ours == theirs
    assert ("dubbel", "eerste_module:plugin [extra]", "dubbel-plugin") in ours


def test_a_distribution_without_entry_points_still_hides_a_later_one_of_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first distribution of a name wins even when it declares no entry points (its
    ``entry_points.txt`` is looked for with ``os.access``, not a failed open); an ``.egg-info``
    that is a file, not a folder, has none."""
    for folder in ("eerst", "later"):
        info = tmp_path / folder / "Stil_Plugin-1.0.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(
            "Metadata-Version: 2.1\nName: stil-plugin\nVersion: 1.0\n", encoding="utf-8"
        )
    (tmp_path / "later" / "Stil_Plugin-1.0.dist-info" / "entry_points.txt").write_text(
        "[escalatie]\nstil = stil_module:plugin\n", encoding="utf-8"
    )
    (tmp_path / "eerst" / "oud_pakket-0.1.egg-info").write_text(
        "Metadata-Version: 1.0\nName: oud-pakket\nVersion: 0.1\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path / "later"))
    monkeypatch.syspath_prepend(str(tmp_path / "eerst"))
    ours, theirs = _both("escalatie")
    assert ours == theirs
    assert not any(name == "stil" for name, _, _ in ours)


def test_a_zip_on_the_path_is_left_to_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "plugins.zip"
    archive.write_bytes(b"")
    monkeypatch.syspath_prepend(str(archive))
    assert not entrypoints._own_reading_applies()
    ours, theirs = _both("escalatie")
    assert ours == theirs


def test_load_imports_the_object_the_value_names() -> None:
    point = EntryPoint("x", "escalatie.entrypoints:EntryPoint.load", "g", "")
    assert point.load() is EntryPoint.load
    assert EntryPoint("x", "escalatie.entrypoints", "g", "").load() is entrypoints
    with pytest.raises(ValueError, match="is not module:attribute"):
        EntryPoint("x", "not a value!", "g", "").load()


def test_starting_the_cli_does_not_import_importlib_metadata() -> None:
    code = (
        "import sys; from escalatie.cli import main\n"
        "try:\n    main(['models'])\nexcept SystemExit:\n    pass\n"
        "print('importlib.metadata' in sys.modules, file=sys.stderr)"
    )
    env_code = "import os; os.environ['ESCALATIE_PLUGINS'] = 'helmond'\n"
    out = subprocess.run(
        [sys.executable, "-c", env_code + code], capture_output=True, text=True, check=True
    )
    assert "helmond-trajectregie" in out.stdout
    assert out.stderr.strip().splitlines()[-1] == "False"


_VALUE_TEXT = st.text(alphabet="ab_.:- [],é\t", max_size=12)


@given(_VALUE_TEXT)
def test_a_value_is_split_as_the_pattern_splits_it(value: str) -> None:
    """The plain split (no pattern compiled, at every command) agrees with the pattern."""
    match = re.match(entrypoints._VALUE, value)
    expected = None if match is None else (match.group("module"), match.group("attr") or "")
    assert entrypoints._module_and_attr(value) == expected


@given(st.text(alphabet="aB1_.-", max_size=12))
def test_a_distribution_name_is_normalised_as_the_pattern_does(name: str) -> None:
    folder = f"{name}-1.0.dist-info"
    expected = re.sub(r"[-_.]+", "_", folder.lower().rpartition(".")[0].partition("-")[0])
    assert entrypoints._normalised(folder) == expected
