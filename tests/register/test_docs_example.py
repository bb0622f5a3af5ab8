"""The example in docs/register.md, run line by line, with its outputs checked.

The lines are parsed from the Markdown code block, so a change to the example that breaks it
(a past meeting, an insight outside the report's period) fails here.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from escalatie.plugins import using_registry

DOC = Path(__file__).resolve().parents[2] / "docs" / "register.md"


def example_lines(heading: str = "### Example") -> list[str]:
    """The shell lines of the block under ``heading``, continuation lines joined."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index(heading + "\n") :]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, f"docs/register.md: no sh block under {heading}"
    return [line for line in block.group(1).replace("\\\n", " ").splitlines() if line.strip()]


def run_example(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    through_main: click.Command,
    heading: str = "### Example",
) -> dict[str, str]:
    """Run every line in ``tmp_path``; the output of each command by its first words."""
    from escalatie.plugins import default_registry

    settings = tmp_path / "escalatie.toml"
    settings.write_text("", encoding="utf-8")
    with using_registry():
        monkeypatch.chdir(tmp_path)
        if "utrecht-maatwerktafel" not in default_registry().models:
            pytest.skip("the Utrecht plugin is not installed")
        env = {"ESCALATIE_CONFIG": str(settings)}
        variables: dict[str, str] = {}
        outputs: dict[str, str] = {}

        def escalatie(words: list[str]) -> str:
            assert words[0] == "escalatie", words
            result = CliRunner().invoke(through_main, words[1:], env=env)
            assert result.exit_code == 0, (words, result.output)
            return result.stdout

        for line in example_lines(heading):
            for name, value in variables.items():
                line = line.replace(f"${name}", value)
            words = shlex.split(line)
            if words[0] == "export":
                env.update(dict(w.split("=", 1) for w in words[1:]))
                continue
            assigned = re.fullmatch(r"(\w+)=\$\((.*)\)", line.strip())
            if assigned:
                variables[assigned.group(1)] = escalatie(shlex.split(assigned.group(2))).strip()
                outputs[f"{assigned.group(1)}="] = variables[assigned.group(1)]
                continue
            key = " ".join(w for w in words[1:3])
            outputs[key] = escalatie(words)
        return outputs


def test_the_documented_example_runs_and_says_what_the_doc_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli_command: click.Command
) -> None:
    outputs = run_example(tmp_path, monkeypatch, cli_command)
    case_id = outputs["ID="]
    assert re.fullmatch(r"ESC-[0-9A-Z]{4}-[0-9A-Z]{4}", case_id)
    assert (
        outputs["case plan"].strip()
        == f"{case_id}: on the agenda of Maatwerktafel at 2026-03-09 09:15 CET"
    )
    assert "Start ambulante gezinsbegeleiding" in outputs["agreements --overdue"]
    assert outputs["case close"].strip() == f"{case_id}: closed (resolved)"
    report = (tmp_path / "leerlijnen.md").read_text(encoding="utf-8")
    assert "is door de procesondersteuner één inzicht uit één casus verzameld." in report
    assert "## Aanbod en inkoop (1)" in report and "Geen ambulant aanbod in de wijk" in report
    assert case_id not in report
    zaak = json.loads((tmp_path / "zaak.json").read_text(encoding="utf-8"))
    assert zaak["zaak"]["startdatum"] == "2026-03-02" and zaak["zaak"]["einddatum"] == "2026-04-02"
    doc = DOC.read_text(encoding="utf-8")
    assert (
        "`is door de procesondersteuner één inzicht uit één casus verzameld`" in doc
        and "on the agenda of Maatwerktafel at 2026-03-09 09:15 CET" in doc
    )


def test_the_signals_example_lists_the_overdue_and_reports_to_the_board(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli_command: click.Command
) -> None:
    outputs = run_example(tmp_path, monkeypatch, cli_command, "### Signals example")
    overdue = outputs["signals --overdue"]
    assert "#1 to bestuur [rule] OVERDUE: past due" in overdue
    assert "#2 to werkafspraken [arrangement] OVERDUE: no answer" in overdue
    report = (tmp_path / "bestuur.md").read_text(encoding="utf-8")
    assert "In deze periode heeft u één signaal ontvangen" in report
    assert "| Wet- en regelgeving | 1 | 2 |" in report
    assert (
        "Van de signalen uit deze periode is er één later dan de termijn van 28 dagen "
        "(een instelling van de gemeente) beantwoord."
    ) in report
    assert "toegezegd voor uiterlijk 1 mei 2026" in report
    # The override was the maatwerktafel's, not knelpuntenzorg's (policy review, finding 5).
    assert "In deze periode week het aanspreekpunt niet af" in report
    for case_id in (outputs["A="], outputs["B="]):
        assert case_id not in report
    doc = DOC.read_text(encoding="utf-8")
    assert "`In deze periode heeft u één signaal ontvangen`" in doc
