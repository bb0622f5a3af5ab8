"""``-m MODEL model check`` checks the selected model's file (new-user review: it checked every
installed file and said nothing of ``-m``), refuses ``-m`` beside FILE and a model written in
Python; ``compare --models FILE`` names ``--models`` in its errors, not ``-m``."""

from __future__ import annotations

from pathlib import Path

import pytest

from escalatie.cli import main
from escalatie.plugins import Registry, make_plugin_manager, using_registry
from escalatie.testing.inline import inline_plugin
from escalatie.testing.synthetic import synthetic_model


def test_m_with_a_file_checks_that_file_only(run, starter_file: Path, tmp_path: Path) -> None:
    code, out, err = run("-m", str(starter_file), "model", "check")
    assert (code, out) == (0, f"{starter_file}: ok\n")
    assert err.startswith(f"warning: {starter_file}: documents.beleid: ") and err.count("\n") == 2
    broken = tmp_path / "kapot.toml"
    broken.write_text('name = "kapot"\nladder = 3\n', encoding="utf-8")
    code, out, err = run("-m", str(broken), "model", "check")
    assert code == 1 and out == ""
    assert f"error: {broken}: ladder: expected a list of tables, [[ladder]]\n" in err
    assert "maatwerktafel" not in out + err  # no other file was checked


def test_m_with_an_installed_name_checks_its_file_only(run) -> None:
    code, out, err = run("-m", "utrecht-citydeal", "model", "check")
    assert (code, err) == (0, "")
    assert out == "citydeal.toml (plugin utrecht): ok\n"


def test_m_beside_file_is_refused_in_one_usage_line(run, starter_file: Path) -> None:
    code, out, err = run("-m", "utrecht-citydeal", "model", "check", str(starter_file))
    assert code == 2 and out == ""
    line = err.strip().splitlines()[-1]
    assert line.startswith("Error: -m utrecht-citydeal selects the model file to check")
    assert f"escalatie model check {starter_file}" in line


def test_m_naming_a_python_model_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    pm = make_plugin_manager(load_entrypoints=False)
    pm.register(inline_plugin(models=[synthetic_model("python-tafel")]), name="inline")
    with using_registry(Registry(pm, env={})), pytest.raises(SystemExit) as info:
        main(["-m", "python-tafel", "model", "check"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "-m python-tafel: a model written in Python (plugin inline), not a model file" in err


def test_m_naming_no_model_gets_the_unknown_model_line(run) -> None:
    code, out, err = run("-m", "nergens-tafel", "model", "check")
    assert code == 1 and out == ""
    assert err.startswith("error: unknown model 'nergens-tafel'")


def test_compare_models_names_its_own_option(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run("compare", "--examples", "--models", "./geen.toml")
    assert code == 1
    assert err.startswith("error: --models ./geen.toml: no such model file"), err
    Path("zeewolde.toml").write_text("", encoding="utf-8")
    code, _, err = run("compare", "--examples", "--models", "./zeewolde")
    assert code == 1
    assert "use --models ./zeewolde.toml" in err and "-m " not in err
    code, _, err = run("compare", "--examples", "--models", str(tmp_path))
    assert err.startswith(f"error: --models {tmp_path}: a folder"), err
    code, _, err = run("-m", "./geen.toml", "describe")  # -m keeps its own name
    assert err.startswith("error: -m ./geen.toml: no such model file"), err


def test_escalatie_model_does_not_narrow_model_check(
    run, starter_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model selected for every command through the environment is no -m typed: FILE is
    checked, and without FILE every installed file."""
    monkeypatch.setenv("ESCALATIE_MODEL", "utrecht-citydeal")
    assert run("model", "check", str(starter_file))[:2] == (0, f"{starter_file}: ok\n")
    code, out, _ = run("model", "check")
    assert code == 0 and "maatwerktafel.toml (plugin utrecht): ok\n" in out
