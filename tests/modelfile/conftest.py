"""Fixtures for model files: the CLI as a user runs it, a fresh default registry, the starter."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from escalatie.cli import main
from escalatie.modelfile.starter import starter
from escalatie.plugins import using_registry

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(autouse=True)
def fresh_default_registry(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """Each test builds the CLI's registry anew, with an empty settings file."""
    empty = tmp_path_factory.getbasetemp() / "empty-model-settings.toml"
    if not empty.exists():
        empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_CONFIG", str(empty))
    monkeypatch.delenv("ESCALATIE_MODEL_PATH", raising=False)
    monkeypatch.delenv("ESCALATIE_MODEL", raising=False)
    with using_registry():
        yield


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """``run("model", "check", path)``: exit code, standard output and standard error."""

    def invoke(*args: str) -> tuple[int, str, str]:
        with using_registry(), pytest.raises(SystemExit) as info:
            main(list(args))
            raise SystemExit(0)
        out, err = capsys.readouterr()
        return int(info.value.code or 0), out, err

    return invoke


@pytest.fixture
def starter_file(tmp_path: Path) -> Path:
    """``escalatie model new zeewolde-tafel`` as a file."""
    path = tmp_path / "zeewolde.toml"
    path.write_text(starter("zeewolde-tafel"), encoding="utf-8")
    return path
