"""``escalatie.userdirs`` gives the folders ``platformdirs`` gives, for every environment."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from escalatie import userdirs

HOMES = ["/home/anna", "/home/anna/", "relative/home", "", None]
GIVEN = ["/srv/xdg", "", "relative/xdg", None]


@pytest.mark.parametrize("kind", ["config", "cache", "data"])
@pytest.mark.parametrize("home", HOMES)
@pytest.mark.parametrize("given", GIVEN)
def test_same_folder_as_platformdirs(
    monkeypatch: pytest.MonkeyPatch, kind: str, home: str | None, given: str | None
) -> None:
    variable = userdirs._XDG[kind][0]
    for name, value in (("HOME", home), (variable, given)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    ours = getattr(userdirs, f"user_{kind}_path")()
    theirs = getattr(platformdirs, f"user_{kind}_path")("escalatie")
    assert ours == Path(theirs)
    as_text = getattr(userdirs, f"user_{kind}_dir")()
    assert isinstance(as_text, str) and Path(as_text) == Path(theirs)


def test_the_settings_file_and_the_key_live_in_the_configuration_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from escalatie import secret, settings

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv(settings.CONFIG_ENV, raising=False)
    assert Path(settings.config_path({})) == tmp_path / "escalatie" / "escalatie.toml"
    assert Path(secret.key_path()) == tmp_path / "escalatie" / secret.KEY_FILE_NAME


def test_escalatie_cache_dir_moves_the_caches_only_and_the_xdg_folders_the_rest(
    tmp_path: Path,
) -> None:
    """New-user review: ESCALATIE_CACHE_DIR did not isolate the key or the audit heads. As
    docs/settings.md says, it holds the two cache files only; the key and the audit chain heads
    live in the configuration folder (XDG_CONFIG_HOME on Linux), the register in the data
    folder (XDG_DATA_HOME). Run as a user runs it: the command, in a process of its own."""
    import os
    import subprocess
    import sys

    if not sys.platform.startswith("linux"):
        pytest.skip("the XDG variables move the folders on Linux only")
    cache, config, data = (tmp_path / name for name in ("cache", "config", "data"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ESCALATIE_", "XDG_"))}
    env.update(
        HOME=str(tmp_path / "home"),
        ESCALATIE_CACHE_DIR=str(cache),
        XDG_CONFIG_HOME=str(config),
        XDG_DATA_HOME=str(data),
        ESCALATIE_ACTOR="tester",
    )

    def run(*args: str) -> str:
        command = [sys.executable, "-m", "escalatie", *args]
        done = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("examples", "buurtteam-maatwerktafel", "-o", "case.json")
    run("-m", "utrecht-maatwerktafel", "triage", "case.json", "--at", "2026-03-02T10:00")
    run("case", "new", "case.json", "--at", "2026-03-02T10:00")
    run("-m", "utrecht-maatwerktafel", "triage", "case.json", "--at", "2026-03-02T10:00")
    assert (config / "escalatie" / "pseudonym.key").is_file()
    assert len(list((config / "escalatie" / "audit-heads").glob("*.head"))) == 1
    assert (data / "escalatie" / "register.sqlite3").is_file()
    kept = sorted(p.name for p in cache.iterdir())
    cached = ("toml-v3.bin", "models-v3.bin", "names-v3.bin", "tzpath-v3.bin")
    own = ("attrs-code-", "import-index-")
    assert kept and all(n in cached or n.startswith(own) for n in kept), kept
    assert not (tmp_path / "home").exists()  # nothing in the home folder's defaults
    doc = (Path(__file__).parents[2] / "docs" / "settings.md").read_text(encoding="utf-8")
    assert "## Where escalatie keeps its files" in doc
