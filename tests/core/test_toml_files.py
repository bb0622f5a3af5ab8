"""The settings file read with care (attack review): a pipe, a device, a huge, deeply nested or
non-UTF-8 file gives one line naming the file, never a hang, a memory blow-up or a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from escalatie.tomlfile import MAX_TOML_BYTES


def models_with_settings(path: Path | str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ESCALATIE_CONFIG": str(path)}
    return subprocess.run(
        [sys.executable, "-m", "escalatie", "models"],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip


def refused(path: Path | str, why: str) -> None:
    result = models_with_settings(path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"error: settings file {path} {why}"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "escalatie.toml"
    os.mkfifo(pipe)
    refused(pipe, "is not a regular file (a folder, device or pipe); expected a file")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_link_to_an_endless_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "escalatie.toml"
    link.symlink_to("/dev/zero")
    refused(link, "is not a regular file (a folder, device or pipe); expected a file")


def test_huge_deep_and_binary_files_are_refused(tmp_path: Path) -> None:
    huge = tmp_path / "huge.toml"
    huge.write_text("# " + "x" * MAX_TOML_BYTES + "\n", encoding="utf-8")
    refused(huge, f"is larger than {MAX_TOML_BYTES:,} bytes; expected a TOML file")
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    refused(deep, "is not a TOML file we read (nested too deeply)")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b'a = "\xff"\n')
    refused(binary, "is not a TOML file (not UTF-8 text)")


def test_the_null_device_is_no_settings_at_all() -> None:
    result = models_with_settings(os.devnull)
    assert result.returncode == 0 and "utrecht-maatwerktafel" in result.stdout


def unknown_model_here(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``escalatie ARGS`` run in ``folder`` (a hang fails the test through the timeout)."""
    return subprocess.run(
        [sys.executable, "-m", "escalatie", *args],
        capture_output=True, text=True, cwd=folder, timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    "args", [("-m", "typo", "describe"), ("compare", "--examples", "--models", "typo")]
)
def test_an_unknown_model_passes_over_hostile_toml_files_here(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """``-m typo`` looks in the current folder for a model file called so; a named pipe, a
    link to an endless device or a deeply nested file there is passed over (attacker review):
    the error stays the one line "unknown model", no hang, no memory blow-up, no traceback."""
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "evil.toml")
    if Path("/dev/zero").exists():
        (tmp_path / "z.toml").symlink_to("/dev/zero")
    (tmp_path / "deep.toml").write_text(
        'name = "x"\nall = ' + "[{all = " * 400 + "1" + "}]" * 400 + "\n", encoding="utf-8"
    )
    result = unknown_model_here(tmp_path, *args)
    assert result.returncode == 1, result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "unknown model 'typo'" in result.stderr
    assert "Traceback" not in result.stderr
