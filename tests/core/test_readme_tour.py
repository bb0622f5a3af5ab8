"""The README's tour runs as written, line by line, in an empty folder.

A line that needs an optional extra the environment lacks (Parquet without pyarrow) is
skipped; every other line must exit 0.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from escalatie.cli import cli
from escalatie.plugins import default_registry, using_registry

README = Path(__file__).resolve().parents[2] / "README.md"


def tour() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## A tour\n") :]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, "README.md: no sh block under ## A tour"
    lines = [shlex.split(line, comments=True) for line in block.group(1).splitlines()]
    return [words for words in lines if words]


def test_the_readme_tour_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = tmp_path / "escalatie.toml"
    settings.write_text("", encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_CONFIG", str(settings))
    for name in ("ESCALATIE_DB", "ESCALATIE_MODEL", "ESCALATIE_ACTOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    parquet = importlib.util.find_spec("pyarrow") is not None
    ran = 0
    with using_registry():
        if "utrecht-maatwerktafel" not in default_registry().models:
            pytest.skip("the Utrecht plugin is not installed")
        for words in tour():
            assert words[0] == "escalatie", words
            if "parquet" in words and not parquet:
                continue
            result = CliRunner().invoke(cli, words[1:])
            assert result.exit_code == 0, (words, result.output)
            ran += 1
    assert ran >= 18
    assert list((tmp_path / "uit").glob("*.eml"))
