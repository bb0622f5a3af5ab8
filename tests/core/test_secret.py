"""The municipality's pseudonym key: from the environment or an owner-only key file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from escalatie.errors import EscalatieError
from escalatie.privacy import pseudonym
from escalatie.secret import KEY_ENV, KEY_FILE_NAME, derived_key, municipality_key

KEY_A = "a1" * 32
KEY_B = "b2" * 32


def test_the_key_comes_from_the_environment_as_hex() -> None:
    assert municipality_key({KEY_ENV: KEY_A}) == bytes.fromhex(KEY_A)
    assert municipality_key({KEY_ENV: f"  {KEY_A[:32]} {KEY_A[32:]}\n"}) == bytes.fromhex(KEY_A)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a1" * 31, "too short"),
        ("zz" * 32, "hexadecimal"),
        ("a1" * 32 + "a", "hexadecimal"),
    ],
)
def test_a_bad_key_is_one_line_naming_the_variable(value: str, expected: str) -> None:
    with pytest.raises(EscalatieError) as caught:
        municipality_key({KEY_ENV: value})
    message = str(caught.value)
    assert message.startswith(f"{KEY_ENV}: ") and expected in message and "\n" not in message
    assert value not in message  # never the key itself


def test_the_key_file_is_created_owner_only_once_and_then_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(KEY_ENV)
    old = os.umask(0o022)
    try:
        config = tmp_path / "config" / "escalatie"
        first = municipality_key({}, config)
        path = config / KEY_FILE_NAME
        assert len(first) == 32 and path.read_text().strip() == first.hex()
        if os.name == "posix":
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
            assert stat.S_IMODE(config.stat().st_mode) == 0o700
        assert municipality_key({}, config) == first
        assert list(config.iterdir()) == [path]  # no temporary file left behind
    finally:
        os.umask(old)


def test_a_key_file_others_may_read_warns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / KEY_FILE_NAME
    path.write_text(KEY_A + "\n")
    os.chmod(path, 0o644)
    assert municipality_key({}, tmp_path) == bytes.fromhex(KEY_A)
    if os.name == "posix":
        (line,) = capsys.readouterr().err.splitlines()
        assert line.startswith(f"warning: {path}: ") and "0644" in line


def test_a_broken_key_file_names_the_file(tmp_path: Path) -> None:
    (tmp_path / KEY_FILE_NAME).write_text("not a key")
    with pytest.raises(EscalatieError, match=f"{KEY_FILE_NAME} \\(or set {KEY_ENV}\\)"):
        municipality_key({}, tmp_path)


def test_the_environment_wins_over_the_file(tmp_path: Path) -> None:
    (tmp_path / KEY_FILE_NAME).write_text(KEY_B)
    assert municipality_key({KEY_ENV: KEY_A}, tmp_path) == bytes.fromhex(KEY_A)


def test_derived_keys_differ_per_purpose_and_per_municipality() -> None:
    a = {KEY_ENV: KEY_A}
    assert derived_key("pseudonym", a) == derived_key("pseudonym", a)
    assert derived_key("pseudonym", a) != derived_key("audit-chain", a)
    assert derived_key("pseudonym", a) != derived_key("pseudonym", {KEY_ENV: KEY_B})
    assert bytes.fromhex(KEY_A) not in (derived_key("pseudonym", a), derived_key("audit-chain", a))


def test_one_key_one_pseudonym_two_keys_two(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 17: the pseudonym is keyed, stable per municipality, different between them."""
    monkeypatch.setenv(KEY_ENV, KEY_A)
    first = pseudonym("Pietersma-2026")
    assert pseudonym("Pietersma-2026") == first and first.startswith("casus-")
    monkeypatch.setenv(KEY_ENV, KEY_B)
    assert pseudonym("Pietersma-2026") != first
    # Without the key, the old unkeyed hash of the reference no longer finds it.
    import hashlib

    assert first != "casus-" + hashlib.sha256(b"Pietersma-2026").hexdigest()[:12]


def test_the_first_compare_says_where_it_created_the_key_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """New-user review: the pseudonym key was created silently on the first compare; losing
    it changes every pseudonym, and docs/register.md says to back it up apart from the
    register. One note, when it is created, never again."""
    import sys

    from escalatie.cli import main
    from escalatie.plugins import using_registry

    if not sys.platform.startswith("linux"):
        pytest.skip("the configuration folder follows XDG_CONFIG_HOME on Linux only")
    monkeypatch.delenv(KEY_ENV)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    settings = tmp_path / "escalatie.toml"
    settings.write_text("", encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_CONFIG", str(settings))
    path = tmp_path / "config" / "escalatie" / KEY_FILE_NAME
    errors = []
    for _ in range(2):
        with using_registry(), pytest.raises(SystemExit) as done:
            main(["compare", "--examples", "--at", "2026-03-02T10:00", "--format", "csv"])
            raise SystemExit(0)
        assert done.value.code in (0, None)
        errors.append(capsys.readouterr().err)
    assert path.is_file()
    assert errors == [
        f"note: created the pseudonym key {path}; back it up apart from the register"
        " (docs/register.md)\n",
        "",
    ]
    doc = (Path(__file__).resolve().parents[2] / "docs" / "register.md").read_text("utf-8")
    assert "Back the key up apart from the\nregister" in doc
