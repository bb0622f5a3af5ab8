"""The docs show working code: the researcher's test file in docs/testing.md is a real test."""

from __future__ import annotations

from pathlib import Path

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
