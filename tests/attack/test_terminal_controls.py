"""Model-file text printed to a terminal (attacker review): bidirectional controls in a model
file pass ``model check`` (they are text, not line breaks) and ``describe`` printed them raw,
so a rule could read differently from what it says. Every text output goes through
``escalatie.neutralise.terminal``. And ``signal add --to`` with an e-mail address (or escapes)
echoed it unescaped as a TOML hint."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from escalatie.case import Identity
from escalatie.neutralise.terminal import terminal_text
from escalatie.privacy import case_patterns, contains, scrub

Run = Callable[..., Result]
BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]")


@pytest.fixture
def bidi_model(run: Run, tmp_path: Path) -> Path:
    (tmp_path / "models").mkdir()
    path = tmp_path / "models" / "tafel.toml"
    assert run("model", "new", "bidi-tafel", "-o", str(path)).exit_code == 0
    text = path.read_text(encoding="utf-8")
    text = text.replace('name = "Escalatietafel"', 'name = "Escalatie\u202etafel\u202c"', 1)
    text = text.replace('municipality = "Bidi"', 'municipality = "Bi\u2066d\u2067i\u2069"', 1)
    path.write_text(text, encoding="utf-8")
    assert BIDI.search(text)
    return path


def test_describe_and_models_print_no_bidirectional_controls(run: Run, bidi_model: Path) -> None:
    result = run("-m", str(bidi_model), "describe")
    assert result.exit_code == 0, result.output
    assert "Escalatietafel" in result.stdout
    assert not BIDI.search(result.stdout)
    result = run("-m", str(bidi_model), "describe", "--json")
    assert result.exit_code == 0 and not BIDI.search(result.stdout)
    listed = subprocess.run(
        [sys.executable, "-m", "escalatie", "models"],
        env={**os.environ, "ESCALATIE_MODEL_PATH": str(bidi_model.parent)},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert listed.returncode == 0, listed.stderr
    assert re.search(r"^bidi-tafel +Bidi: ", listed.stdout, re.M)
    assert not BIDI.search(listed.stdout)


def test_signal_add_to_an_unknown_body_never_offers_it_as_a_key(run: Run, tmp_path: Path) -> None:
    """The hint offers ``audience_key = "…"`` only for a key a model file may hold."""
    from escalatie.audiences import audience
    from escalatie.cli.common import registry
    from escalatie.errors import EscalatieError

    path = tmp_path / "hint.toml"
    assert run("model", "new", "hint-tafel", "-o", str(path)).exit_code == 0
    model = registry().model(str(path))
    for key in ("bestuur@gemeente.example", "x\x1b]8;;https://evil.example\x07y", 'a"b'):
        with pytest.raises(EscalatieError) as raised:
            audience(model, key, "--to")
        line = str(raised.value)
        assert line.isprintable(), line
        assert f"audience_key = {json.dumps(key)}" not in line
        assert line.count(key) == 0 or key.isprintable()


# --- what the terminal shows is what the identifier check read ----------------------------------

IDENTITY = Identity(name="Qorvath Wyndrel", bsn="111222333", phone="06-98765432")
PATTERNS = case_patterns(IDENTITY, "")
SPLIT = {
    "CSI colour": "06\x1b[31m98765432",
    "CSI without parameters": "06\x1b[m98765432",
    "8-bit CSI": "06\x9b31m98765432",
    "OSC title": "06\x1b]0;x\x0798765432",
    "BSN": "111\x1b[0m222\x1b[0m333",
    "a lone ESC before a letter": "Qorvath\x1bxWyndrel",
}
"""Identifiers split by an escape sequence (attacker review, closing note 6): removed whole, the
sequence joined what the check had read apart (``06[31m98765432`` is no phone number)."""


@pytest.mark.parametrize("text", SPLIT.values(), ids=list(SPLIT))
def test_the_terminal_shows_what_the_identifier_check_read(text: str) -> None:
    shown = terminal_text(scrub(f"Bel {text} vandaag.", PATTERNS))
    assert not contains(shown, PATTERNS), shown
    assert not re.search(r"0698765432|111222333|QorvathWyndrel", shown), shown


PIECES = ["06", "98765432", "111", "222", "333", "Qorvath", "Wyndrel", " ", "x", "-",
          "\x1b[31m", "\x1b", "\x9b1m", "\x1b]0;t\x07", "\x07", "\x1b\\", "\r", "\x00"]  # fmt: skip


@given(st.lists(st.sampled_from(PIECES), max_size=8))
def test_no_identifier_appears_once_neutralised(pieces: list[str]) -> None:
    """Whatever the check left in the text, the neutralised text holds no identifier either."""
    assert not contains(terminal_text(scrub("".join(pieces), PATTERNS)), PATTERNS)
