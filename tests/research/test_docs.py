"""The docs show working code: the researcher's test file in docs/testing.md is a real test."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_testing_docs_show_the_researcher_example_verbatim() -> None:
    example = (ROOT / "tests" / "research" / "test_researcher_example.py").read_text(
        encoding="utf-8"
    )
    docs = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    assert f"```python\n{example}```" in docs


def test_research_docs_name_every_command_option() -> None:
    from escalatie.cli.research import compare, simulate

    docs = (ROOT / "docs" / "research.md").read_text(encoding="utf-8")
    for command in (compare, simulate):
        for param in command.params:
            for option in getattr(param, "opts", []):
                if option.startswith("--"):
                    assert option in docs, f"{command.name} {option} is not documented"


def test_research_docs_make_a_jsonl_of_synthetic_cases_that_compare_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """New-user review: research.md did not say how to make a .jsonl for compare from
    synthetic_cases. The snippet and the command it shows run as written."""
    import csv
    import re
    import shlex

    from escalatie.cli import main
    from escalatie.plugins import default_registry, using_registry

    docs = (ROOT / "docs" / "research.md").read_text(encoding="utf-8")
    section = docs[docs.index("## Synthetic cases\n") :]
    snippet = re.search(r"```python\n(.*?)```", section, re.S)
    command = re.search(r"```sh\n(escalatie compare [^\n]*)\n```", section)
    assert snippet is not None and command is not None
    settings = tmp_path / "escalatie.toml"
    settings.write_text("", encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_CONFIG", str(settings))
    monkeypatch.delenv("ESCALATIE_MODEL_PATH", raising=False)
    monkeypatch.chdir(tmp_path)
    exec(compile(snippet.group(1), "research.md", "exec"), {})  # the docs' own code
    lines = (tmp_path / "synthetic.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 200
    with using_registry(), pytest.raises(SystemExit) as done:
        main(shlex.split(command.group(1))[1:])
        raise SystemExit(0)
    assert done.value.code in (0, None), capsys.readouterr().err
    with (tmp_path / "synthetic.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with using_registry():
        models = len(default_registry().models)
    assert len(rows) == 200 * models and models > 0


def test_testing_docs_show_the_model_file_example_verbatim() -> None:
    """New-user review 6, item 4: the page shows how to keep compiling out of @given."""
    example = (ROOT / "tests" / "research" / "test_model_file_under_hypothesis.py").read_text(
        encoding="utf-8"
    )
    docs = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    assert f"```python\n{example}```" in docs


def test_the_loaded_profile_the_testing_docs_name_is_registered() -> None:
    """New-user review 8, finding 1: under load the documented examples failed hypothesis's
    too_slow health check, and the page said nothing about it. Installing escalatie registers
    the profile the page names, with the two settings it says."""
    from hypothesis import HealthCheck, settings

    from escalatie.testing.hypothesis_hook import LOADED_PROFILE

    profile = settings.get_profile(LOADED_PROFILE)
    assert profile.deadline is None
    assert HealthCheck.too_slow in profile.suppress_health_check
    docs = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    assert f"pytest --hypothesis-profile={LOADED_PROFILE}" in docs
