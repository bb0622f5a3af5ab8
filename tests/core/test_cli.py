"""The command line: listing, describing, triage, schema, exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from escalatie import __version__
from escalatie.cli import cli, main
from escalatie.plugins import Registry, using_registry
from escalatie.privacy import pseudonym


def run(args: list[str], env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, args, env=env)


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(args)
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


@pytest.fixture(autouse=True)
def fresh_default_registry() -> Iterator[None]:
    """Each test builds the CLI's registry anew (the env switch is read then)."""
    with using_registry():
        yield


@pytest.fixture
def with_test_model(bare_registry: Registry) -> Iterator[str]:
    """The CLI sees only the internal plugins and the throwaway model ``test-tafel``."""
    with using_registry(bare_registry):
        yield "test-tafel"


@pytest.fixture
def case_file(tmp_path: Path, case_data: dict[str, Any]) -> Path:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case_data), encoding="utf-8")
    return path


def test_version() -> None:
    result = run(["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_python_dash_m() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "escalatie", "--version"], capture_output=True, text=True, check=True
    )
    assert __version__ in out.stdout


def test_plugins_json_lists_hooks_distribution_and_entry_point() -> None:
    result = run(["plugins", "--json"])
    assert result.exit_code == 0
    rows = {r["name"]: r for r in json.loads(result.output)}
    assert rows["escalatie.builtin.routes"]["hooks"] == ["escalatie_register_routes"]
    assert rows["escalatie.builtin.routes"]["internal"] is True
    utrecht = rows["utrecht"]
    assert utrecht["distribution"] == "escalatie"
    assert utrecht["entry_point"] == "utrecht = escalatie_utrecht.plugin"


def test_plugins_text() -> None:
    result = run(["plugins"])
    assert result.exit_code == 0
    assert "escalatie.builtin.routes" in result.output


def test_models_json_lists_every_model_with_its_plugin() -> None:
    result = run(["models", "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert rows, "no models installed"
    for row in rows:
        assert set(row) == {"name", "municipality", "title", "forum_kind", "plugin"}
        assert row["plugin"] in {"utrecht", "helmond", "rotterdam", "groningen", "hlt"}


def test_env_switch_empty_loads_no_models() -> None:
    result = run(["models", "--json"], env={"ESCALATIE_PLUGINS": ""})
    assert json.loads(result.output) == []


def test_no_model_selected_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(["describe"], capsys)
    assert code == 2
    assert "no model selected: use -m MODEL" in err


def test_unknown_model_is_one_line_with_closest_match(
    with_test_model: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(["-m", "test-tafl", "describe"], capsys)
    assert code == 1
    assert err.count("\n") == 1
    assert "unknown model 'test-tafl' (did you mean 'test-tafel'?); installed: test-tafel" in err
    assert "Traceback" not in err + out


def test_model_from_environment_variable(with_test_model: str) -> None:
    name = with_test_model
    result = run(["describe", "--json"], env={"ESCALATIE_MODEL": name})
    assert result.exit_code == 0
    assert json.loads(result.output)["name"] == name


def test_describe_text_and_json(with_test_model: str) -> None:
    for row in json.loads(run(["models", "--json"]).output):
        text = run(["-m", row["name"], "describe"])
        assert text.exit_code == 0, text.output
        assert "Ladder" in text.output and "seed " in text.output
        data = json.loads(run(["-m", row["name"], "describe", "--json"]).output)
        assert data["ladder"] and all(
            r["source"].startswith("seed ") for s in data["ladder"] for r in s["entry"]
        )
        # Acute danger never waits for a table, in every model (issue 11): both routes listed.
        routes = [r["key"] for r in data["onward_routes"]]
        assert {"crisis", "veilig-thuis"} <= set(routes), (row["name"], routes)


def test_triage_json_and_text(with_test_model: str, case_file: Path) -> None:
    name = with_test_model
    result = run(["-m", name, "triage", str(case_file), "--at", "2026-03-02T08:00", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["case"] == pseudonym("T-1")  # the reference may link back to a person's file
    assert data["at"] == "2026-03-02T08:00:00+01:00"
    text = run(["-m", name, "triage", str(case_file), "--at", "2026-03-02T08:00"])
    assert text.exit_code == 0
    assert f"Case {pseudonym('T-1')} in test-tafel at 2026-03-02 08:00 CET: eligible" in text.output
    assert "T-1" not in text.output
    shown = run(
        ["-m", name, "triage", str(case_file), "--at", "2026-03-02T08:00", "--show-reference"]
    )
    assert "Case T-1 in test-tafel at 2026-03-02 08:00 CET: eligible" in shown.output
    assert "Next meeting: Monday 2026-03-09 09:15 CET" in text.output
    assert data["route"] == "tafel" and data["reasons"][0]["source"].startswith("seed 000")


def test_triage_pseudonym_is_keyed_per_municipality(
    with_test_model: str,
    case_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 17: one key gives one pseudonym, two keys two; the reference is never printed."""
    args = ["-m", with_test_model, "triage", str(case_file), "--at", "2026-03-02T08:00", "--json"]
    seen = []
    for key in ("a1" * 32, "a1" * 32, "b2" * 32):
        result = run(args, env={"ESCALATIE_PSEUDONYM_KEY": key})
        assert result.exit_code == 0 and "T-1" not in result.output, result.output
        seen.append(json.loads(result.output)["case"])
    assert seen[0] == seen[1] != seen[2]
    monkeypatch.setenv("ESCALATIE_PSEUDONYM_KEY", "1234")
    code, out, err = run_main(args, capsys)
    assert code == 1 and not out
    assert err.startswith("error: ESCALATIE_PSEUDONYM_KEY: key too short") and err.count("\n") == 1


def test_triage_bad_document_gives_one_line_per_problem_and_exit_1(
    with_test_model: str,
    tmp_path: Path,
    case_data: dict[str, Any],
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = {**case_data, "age": "15", "domains": [{"kind": "carex", "question": "x"}]}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    name = with_test_model
    code, _, err = run_main(["-m", name, "triage", str(path)], capsys)
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"error: {path}: $.age: expected a whole number")
    assert lines[1].startswith(f"error: {path}: $.domains[0].kind: expected one of")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "$: expected a JSON object"),
        ("[" * 5000 + "]" * 5000, "JSON nested too deeply"),
    ],
)
def test_triage_broken_json(
    with_test_model: str,
    tmp_path: Path,
    content: str,
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    name = with_test_model
    code, _, err = run_main(["-m", name, "triage", str(path)], capsys)
    assert code == 1
    assert message in err and "Traceback" not in err


def test_triage_missing_file_and_bad_moment(
    with_test_model: str, case_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = with_test_model
    code, _, err = run_main(["-m", name, "triage", "nope.json"], capsys)
    assert (code, err.strip()) == (1, "error: nope.json: file not found")
    code, _, err = run_main(["-m", name, "triage", str(case_file), "--at", "next week"], capsys)
    assert code == 1
    assert "--at: expected an ISO 8601 date or date-time" in err


def test_unknown_command_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(["frobnicate"], capsys)
    assert code == 2
    assert "No such command" in err
    assert "Did you mean" not in err


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["triag"], "Error: No such command 'triag'. Did you mean 'triage'?"),
        (["case", "lst"], "Error: No such command 'lst'. Did you mean 'list'?"),
    ],
)
def test_a_mistyped_command_gets_the_closest_one(
    args: list[str], line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """New-user review: ``escalatie triag`` said only "No such command"."""
    code, _, err = run_main(args, capsys)
    assert code == 2 and err.splitlines()[-1] == line, err


def test_schema_case_prints_draft_2020_12_schema() -> None:
    result = run(["schema", "case"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "domains" in schema["properties"]


def test_help_does_not_import_the_domain() -> None:
    code = (
        "import sys; from escalatie.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('escalatie.case', 'icalendar', 'holidays', 'cattrs', 'attrs') if m in sys.modules]\n"
        "print('HEAVY:' + ','.join(heavy), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Commands:" in out.stdout
    assert out.stderr.strip() == "HEAVY:"


def test_help_lists_each_command_by_its_own_docstring() -> None:
    """Command help is written once, in the command's docstring: --help reads the first
    paragraph from the source text without importing the command, and it is what click
    shows on top of the command's own --help. No command module is imported for --help."""
    import importlib

    from escalatie.cli import COMMANDS, summaries

    code = (
        "import sys; from escalatie.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('escalatie.cli.'))\n"
        "print('LOADED:' + ','.join(loaded), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip() == "LOADED:"
    found = summaries()
    assert sorted(found) == sorted(COMMANDS)
    for name, target in COMMANDS.items():
        module, _, attr = target.partition(":")
        command = getattr(importlib.import_module(module), attr)
        first = " ".join((command.help or "").split("\n\n")[0].split())
        assert first and found[name] == first, name
        words = found[name].split()
        assert " ".join(words[:4]) in " ".join(out.stdout.split()), name


def test_a_command_whose_source_is_missing_is_imported_for_its_summary(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without the source text (an installation of bytecode only), the summary comes from the
    imported command instead of being left out."""
    import builtins

    from escalatie import cli as cli_module

    original = builtins.open

    def unreadable(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith("triage.py"):
            raise FileNotFoundError(file)
        return original(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", unreadable)
    found = cli_module.summaries()
    assert found["triage"] == "Route CASE.json ('-' for standard input) through the selected model."


def test_triage_text_shows_why_an_earlier_step_was_not_open(
    with_test_model: str, tmp_path: Path, case_data: dict[str, Any]
) -> None:
    path = tmp_path / "older.json"
    path.write_text(
        json.dumps({**case_data, "age": 30, "submitter": {"role": "provider"}}), encoding="utf-8"
    )
    result = run(["-m", with_test_model, "triage", str(path), "--at", "2026-03-02T08:00"])
    assert result.exit_code == 0
    assert "Route: Loket (loket)" in result.output
    assert "Not met:\n  - Age up to 23.  [t.age; seed 000]" in result.output
