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


def test_the_settings_file_and_the_key_live_in_the_configuration_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from escalatie import secret, settings

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv(settings.CONFIG_ENV, raising=False)
    assert settings.config_path({}) == tmp_path / "escalatie" / "escalatie.toml"
    assert secret.key_path() == tmp_path / "escalatie" / secret.KEY_FILE_NAME
