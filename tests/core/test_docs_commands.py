"""Every ``escalatie COMMAND`` the docs show names a command that exists (new-user review:
docs/api.md pointed to ``escalatie routes``, which there never was)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from escalatie.cli import COMMANDS
from escalatie.plugins import Registry, make_plugin_manager

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
INLINE = re.compile(r"`(escalatie [^`]+)`")
FENCE = re.compile(r"^```.*?^```", re.M | re.S)
SKIPPED_WITH_VALUE = frozenset({"-m", "--model"})


def shown_commands(text: str) -> list[str]:
    """``escalatie ...`` in inline code, and lines of code blocks that run it."""
    found = INLINE.findall(text)
    for block in FENCE.findall(text):
        for line in block.splitlines():
            line = line.strip().removeprefix("$ ")
            if line.startswith("escalatie "):
                found.append(line)
    return found


def command_of(shown: str) -> str | None:
    """The command word of ``escalatie [-m MODEL] COMMAND ...``; None for a placeholder."""
    try:
        words = shlex.split(shown, comments=True)[1:]
    except ValueError:
        words = shown.split()[1:]
    while words and words[0].startswith("-"):
        words = words[2:] if words[0] in SKIPPED_WITH_VALUE else words[1:]
    if not words or not re.fullmatch(r"[a-z][a-z-]*", words[0]):
        return None  # COMMAND, ..., or options only (escalatie --version)
    return words[0]


def test_every_command_the_docs_show_exists() -> None:
    plugin_commands = set(Registry(make_plugin_manager()).commands)
    known = set(COMMANDS) | plugin_commands
    unknown = []
    for page in PAGES:
        for shown in shown_commands(page.read_text(encoding="utf-8")):
            command = command_of(shown)
            if command is not None and command not in known:
                unknown.append(f"{page.relative_to(ROOT)}: {shown}")
    assert unknown == []


def test_the_check_finds_a_command_that_does_not_exist() -> None:
    text = "List them with `escalatie routes`.\n\n```sh\n$ escalatie -m x describe\n```\n"
    assert [command_of(s) for s in shown_commands(text)] == ["routes", "describe"]
