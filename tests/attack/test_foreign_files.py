"""Files of instructions another user may change (attacker review): a model file or settings
file of mode 0666 in a shared folder, or owned by someone else, was read silently, so whoever
could write it decided the rules and where invitations went. They are refused now, one line
naming the file, its owner or mode and the fix (``escalatie.owner_only.untrusted``); a cache of
someone else's is ignored instead (it has a fallback, a file of instructions has none)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from escalatie.owner_only import untrusted

Run = Callable[..., Result]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX owners and modes")


@pytest.fixture
def model_file(run: Run, tmp_path: Path) -> Path:
    (tmp_path / "shared").mkdir()
    path = tmp_path / "shared" / "tafel.toml"
    assert run("model", "new", "gedeelde-tafel", "-o", str(path)).exit_code == 0
    return path


def test_a_model_file_everyone_may_write_is_refused(
    run: Run, model_file: Path, cli_env: dict[str, str]
) -> None:
    model_file.chmod(0o666)
    for args in (
        ("-m", str(model_file), "describe"),
        ("model", "check", str(model_file)),
    ):
        result = run(*args)
        assert result.exit_code == 1, result.output
        assert result.stderr.splitlines() == [
            f"error: {model_file}: writable by everyone (mode 0666), who could change it; "
            f"expected a file only you can change: chmod go-w {model_file}"
        ]
    # On the model path (a fresh process: the suite's registry is built once): `models` names
    # the file and why, selecting it by name says it could not be read.
    env = {**os.environ, **cli_env, "ESCALATIE_MODEL_PATH": str(model_file.parent)}
    for args, expected in (
        (["models"], f"error: {model_file}: writable by everyone (mode 0666)"),
        (["-m", "gedeelde-tafel", "describe"], f"could not be read ({model_file};"),
    ):
        found = subprocess.run(
            [sys.executable, "-m", "escalatie", *args],
            env=env, cwd=model_file.parent, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert found.returncode == 1 and expected in found.stderr, found.stderr


def test_a_settings_file_everyone_may_write_is_refused(
    run: Run, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    settings = Path(cli_env["ESCALATIE_CONFIG"])
    settings.chmod(0o666)
    result = run("-m", "utrecht-maatwerktafel", "schedule", "--from", "2026-01-01", "--to", "2026-02-01")  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: settings file {settings} is writable by everyone (mode 0666), who could change "
        f"it; expected a file only you can change: chmod go-w {settings}"
    ]


def _info(mode: int, uid: int, gid: int) -> os.stat_result:
    return os.stat_result((stat.S_IFREG | mode, 1, 1, 1, uid, gid, 10, 0, 0, 0))


def test_the_owner_and_mode_rules() -> None:
    me, path = os.getuid(), Path("/srv/gedeeld/tafel.toml")
    assert untrusted(_info(0o644, me, os.getgid()), path) == ""
    assert untrusted(_info(0o644, 0, 0), path) == ""  # installed by the system
    other = 4321 if me != 4321 else 4322
    assert untrusted(_info(0o600, other, other), path) == (
        f"is owned by another user (uid {other}, mode 0600), who could change it; expected a "
        f"file of your own: copy it (cp {path} ~/) and use the copy"
    )
    assert "writable by everyone (mode 0646)" in untrusted(_info(0o646, me, os.getgid()), path)
    # a group that is not the user's private group (no such group: not the user's own)
    assert untrusted(_info(0o664, me, 4321), path) == (
        f"is writable by group 4321 (mode 0664), who could change it; expected a file only you "
        f"can change: chmod go-w {path}"
    )


def test_a_group_writable_file_of_the_users_private_group_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Umask 002 (Debian's and Fedora's user private groups) makes every new file 0664."""
    import grp
    import pwd

    me = pwd.getpwuid(os.getuid())
    private = grp.struct_group((me.pw_name, "x", me.pw_gid, []))
    shared = grp.struct_group(("team", "x", me.pw_gid, ["collega"]))
    info, path = _info(0o664, os.getuid(), me.pw_gid), Path("tafel.toml")
    monkeypatch.setattr(grp, "getgrgid", lambda gid: private)
    assert untrusted(info, path) == ""
    monkeypatch.setattr(grp, "getgrgid", lambda gid: shared)
    assert "writable by group" in untrusted(info, path)


def test_a_model_file_in_a_folder_everyone_may_write_is_refused(run: Run, model_file: Path) -> None:
    """A file of one's own in a folder anyone may write (not sticky) could be replaced by
    anyone: refused as OpenSSH's StrictModes refuses it (attacker review of 1a5abc1). The
    session runs as root, which gets no exception."""
    folder = model_file.parent
    folder.chmod(0o777)
    result = run("model", "check", str(model_file))
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        f"error: {model_file}: in folder {folder}, writable by everyone (mode 0777), who "
        f"could replace it; expected folders only you can change: chmod go-w {folder}"
    ]
    folder.chmod(0o1777)  # sticky, as /tmp: nobody may replace another's file there
    assert run("model", "check", str(model_file)).exit_code == 0
    folder.chmod(0o755)
    assert run("model", "check", str(model_file)).exit_code == 0


def test_the_folder_rules_with_another_user() -> None:
    """The folder rules for a user who is not root (a fake uid), folder by folder."""
    from escalatie.owner_only import loose_folder

    me = 4321
    path = Path("/srv/gedeeld/tafel.toml")
    real = Path(os.path.realpath(path)).parent

    def folders(**modes: tuple[int, int]) -> Callable[[str], os.stat_result]:
        def stat_folder(folder: str) -> os.stat_result:
            mode, uid = modes.get("own" if folder == str(real) else "up", (0o755, 0))
            return os.stat_result((stat.S_IFDIR | mode, 1, 1, 1, uid, 0, 10, 0, 0, 0))

        return stat_folder

    assert loose_folder(path, me, folders(own=(0o755, me))) == ""
    assert loose_folder(path, me, folders(own=(0o1777, 0))) == ""  # sticky
    assert "owned by another user (uid 99, mode 0755)" in loose_folder(
        path, me, folders(own=(0o755, 99))
    )
    assert "writable by group 0 (mode 0775)" in loose_folder(path, me, folders(own=(0o775, me)))
    assert f"is in folder {real.parent}, writable by everyone (mode 0757)" in loose_folder(
        path, me, folders(own=(0o700, me), up=(0o757, 0))
    )
