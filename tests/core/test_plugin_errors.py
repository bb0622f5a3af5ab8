"""One user-facing error: a broken plugin, a model that fails validation, an invalid model file.

Each gives one line on stderr naming the plugin or the file, and exit code 1, never a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
import pytest

from escalatie.case import Case
from escalatie.cli import main
from escalatie.hookspecs import hookimpl
from escalatie.model import EscalationModel
from escalatie.plugins import Registry, make_plugin_manager, using_registry


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(args)
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


def registry_with(plugin: object, name: str) -> Registry:
    pm = make_plugin_manager(load_entrypoints=False)
    pm.register(plugin, name=name)
    return Registry(pm, env={})


def one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_a_plugin_whose_model_fails_validation(
    test_model: EscalationModel, capsys: pytest.CaptureFixture[str]
) -> None:
    class Invalid:
        @hookimpl
        def escalatie_register_models(self, register: Callable[[EscalationModel], None]) -> None:
            register(attrs.evolve(test_model, ladder=()))  # the model refuses an empty ladder

    with using_registry(registry_with(Invalid(), "kapotte-gemeente")):
        code, out, err = run_main(["models"], capsys)
    assert code == 1 and out == ""
    assert one_line(err) == (
        "error: plugin kapotte-gemeente: escalatie_register_models failed: ValueError: "
        "model test-tafel: expected at least one step in the ladder"
    )


def test_a_hook_that_raises_while_triaging(
    test_model: EscalationModel,
    case_data: dict[str, Any],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    class Raising:
        @hookimpl
        def escalatie_register_models(self, register: Callable[[EscalationModel], None]) -> None:
            register(test_model)

        @hookimpl
        def escalatie_preempt_triage(
            self, model: EscalationModel, case: Case, at: datetime
        ) -> None:
            raise KeyError("vergeten sleutel")

    case = tmp_path / "case.json"
    case.write_text(json.dumps(case_data), encoding="utf-8")
    with using_registry(registry_with(Raising(), "wankel")):
        code, _, err = run_main(
            ["-m", "test-tafel", "triage", str(case), "--at", "2026-03-02T09:00"], capsys
        )
    assert code == 1
    assert one_line(err) == (
        "error: plugin wankel: escalatie_preempt_triage failed: KeyError: 'vergeten sleutel'"
    )


def test_an_invalid_model_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "half.toml").write_text('name = "half-model"\n', encoding="utf-8")
    pm = make_plugin_manager(load_entrypoints=False)
    with using_registry(Registry(pm, env={"ESCALATIE_MODEL_PATH": str(tmp_path)})):
        code, _, err = run_main(["models"], capsys)
    assert code == 1
    line = one_line(err)
    assert line.startswith(f"error: {tmp_path / 'half.toml'}: ")
    assert line.endswith("more; escalatie model check lists them all)")


def test_a_plugin_that_cannot_be_imported(tmp_path: Path) -> None:
    """A real distribution on the path whose entry point fails to import."""
    (tmp_path / "kapot_plugin.py").write_text("import bestaat_niet\n", encoding="utf-8")
    info = tmp_path / "kapot_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: kapot-plugin\nVersion: 0.1\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text("[escalatie]\nkapot = kapot_plugin\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "ESCALATIE_PLUGINS": "kapot"}
    done = subprocess.run(
        [sys.executable, "-m", "escalatie", "models"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert one_line(done.stderr) == (
        "error: plugin kapot: could not be loaded from kapot_plugin: "
        "ModuleNotFoundError: No module named 'bestaat_niet'"
    )


@pytest.mark.parametrize(
    "name",
    [
        "=1+2;cmd",
        "evil\r\nATTENDEE:mailto:x@evil.example",
        "zee/wolde",
        "Zee-Tafel",
        "zee\u202etafel",
    ],
)
def test_a_plugin_model_whose_name_is_no_key(
    test_model: EscalationModel, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """Attacker review of 437494c, finding 5: a name a plugin registers is checked as a model
    file's is (``validation.MODEL_NAME``); it reached ``models``, compare's cells and UIDs."""

    class Named:
        @hookimpl
        def escalatie_register_models(self, register: Callable[[EscalationModel], None]) -> None:
            register(attrs.evolve(test_model, name=name))

    for command in (["models"], ["compare", "--examples", "--format", "csv"]):
        with using_registry(registry_with(Named(), "vreemde-naam")):
            code, out, err = run_main(command, capsys)
        assert code == 1 and out == ""
        line = one_line(err)
        assert line.startswith("error: plugin vreemde-naam: escalatie_register_models: model name ")
        assert "expected lower-case letters, digits and '-'" in line and "MODEL_NAME" in line
        assert name not in line or name.isprintable()  # shown escaped, never raw
