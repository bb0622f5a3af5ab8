"""The examples of docs/calendar.md run as written, in order, in an empty folder.

Every ``sh`` line is run through the CLI (``export`` lines set the environment), except those
that need a server (``--send``, ``--publish``: ``test_mail.py`` and ``test_caldav.py`` run
those against real servers on 127.0.0.1); then the ``python`` blocks run in one namespace.
A change that breaks an example (a date in the past without ``--at``, a file no line makes)
fails here.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from escalatie.cli import cli
from escalatie.plugins import default_registry, using_registry

DOC = Path(__file__).resolve().parents[2] / "docs" / "calendar.md"
NEEDS_A_SERVER = ("--send", "--publish")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_every_example_of_the_calendar_docs_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "escalatie.toml"
    settings.write_text("", encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_CONFIG", str(settings))
    monkeypatch.delenv("ESCALATIE_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    env: dict[str, str] = {}
    ran = []
    with using_registry():
        if "utrecht-maatwerktafel" not in default_registry().models:
            pytest.skip("the Utrecht plugin is not installed")
        for block in blocks("sh"):
            for line in block.splitlines():
                words = shlex.split(line, comments=True)
                if not words or any(w in NEEDS_A_SERVER for w in words):
                    continue
                if words[0] == "export":
                    env.update(w.split("=", 1) for w in words[1:])
                    monkeypatch.setenv("ESCALATIE_DB", env.get("ESCALATIE_DB", ""))
                    continue
                assert words[0] == "escalatie", line
                result = CliRunner().invoke(cli, words[1:], env=env)
                assert result.exit_code == 0, (line, result.output)
                ran.append(words[1:4])
        assert len(ran) >= 8
        for name in ("maatwerktafel.ics", "uitnodiging.ics", "annulering.ics", "opnieuw.ics"):
            assert (tmp_path / name).read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
        assert list((tmp_path / "uit").glob("*.eml"))
        assert "SEQUENCE:2" in (tmp_path / "opnieuw.ics").read_text(encoding="utf-8")
        namespace: dict[str, object] = {}
        for block in blocks("python"):
            exec(compile(block, str(DOC), "exec"), namespace)  # the doc's own code
    assert "METHOD:REQUEST" in str(getattr(namespace["request"], "text", ""))
    assert namespace["plan"] is not None
