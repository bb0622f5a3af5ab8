"""The worked consent example of docs/privacy.md runs as written, with the outputs it names.

Lines are taken from the ``sh`` block under "### A worked example"; a line whose comment says
``exit 1`` must be refused with exactly one error line.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from escalatie.plugins import default_registry, using_registry

DOC = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"


def example_lines() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("### A worked example\n") :]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, "docs/privacy.md: no sh block under ### A worked example"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_worked_consent_example_records_checks_shares_and_withdraws(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli_command: click.Command
) -> None:
    settings = tmp_path / "escalatie.toml"
    settings.write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    env = {"ESCALATIE_CONFIG": str(settings)}
    variables: dict[str, str] = {}
    out: list[tuple[str, int, str]] = []
    with using_registry():
        if "utrecht-maatwerktafel" not in default_registry().models:
            pytest.skip("the Utrecht plugin is not installed")
        for line in example_lines():
            for name, value in variables.items():
                line = line.replace(f"${name}", value)
            assigned = re.fullmatch(r"(\w+)=\$\((.*)\)", line.strip())
            words = shlex.split(assigned.group(2) if assigned else line, comments=True)
            if words[0] == "export":
                env.update(w.split("=", 1) for w in words[1:])
                continue
            result = CliRunner().invoke(cli_command, words[1:], env=env)
            expected = 1 if "exit 1" in line else 0
            assert result.exit_code == expected, (line, result.output)
            if assigned:
                variables[assigned.group(1)] = result.stdout.strip()
            out.append((" ".join(words[1:3]), result.exit_code, result.stdout + result.stderr))
    case_id = variables["ID"]
    said = {(command, code): text for command, code, text in out}
    assert f"{case_id}: consent of parents and young_person recorded" in said[("consent add", 0)]
    assert said[("consent check", 0)].startswith("allowed: ")
    assert (
        "consent of parents withdrawn from 2026-03-10 09:00 CET on (AVG art. 7(3))"
        in (said[("consent withdraw", 0)])
    )
    refused = said[("consent check", 1)]
    assert refused.startswith("error: --with: sharing the plan with JGZ is refused: the consent")
    assert "of parents was withdrawn at 2026-03-10 09:00 CET [consent.withdrawn;" in refused
    plan = (tmp_path / "plan-jgz.txt").read_text(encoding="utf-8")
    assert plan.startswith(f"Geanonimiseerd plan, casus {case_id}\nGedeeld met: JGZ")
    doc = " ".join(DOC.read_text(encoding="utf-8").split())
    assert "`ESC-…: consent of parents and young_person recorded`" in doc
    assert "the young person is 13 at this moment" in refused
    remedy = (  # who must agree, named (new-user review: "they" read as the child)
        f"; once the parents with gezag (or the voogd) agree: escalatie consent add {case_id} "
        "--giver parents"
    )
    assert refused.rstrip().endswith(f"{remedy} --with JGZ --what plan")
    assert (
        "once the parents with gezag (or the voogd) agree: escalatie consent add ESC-… --giver "
        "parents" in doc
    )
    assert "`error: --with: sharing the plan with JGZ is refused: the consent of parents was" in doc
