"""Encoded words (RFC 2047) in text bound for an e-mail header are refused where the text is
read, through the real CLI (attacker review, finding 1; the composing side is tested in
``tests/calendar/test_mail_headers.py``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import Run

TO_EVIL = "=?utf-8?q?Team_=3Cevil=40attacker=2Eexample=3E=2C?="
LINE_BREAK = "=?utf-8?q?A=0D=0ABcc=3A_evil=40attacker=2Eexample?="


@pytest.mark.parametrize("name", [TO_EVIL, LINE_BREAK])
def test_a_case_with_an_encoded_word_in_an_organisation_is_refused(
    run: Run, tmp_path: Path, name: str
) -> None:
    path = tmp_path / "c.json"
    assert run("examples", "buurtteam-maatwerktafel", "-o", str(path)).exit_code == 0
    case = json.loads(path.read_text(encoding="utf-8"))
    case["parties"][1]["organisation"] = name
    path.write_text(json.dumps(case), encoding="utf-8")
    mail = tmp_path / "mail"
    result = run("invite", "--slot", "2026-03-09T09:15", str(path), "--at", "2026-03-02T10:00",
                 "--mail", str(mail))  # fmt: skip
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "parties[1].organisation" in errors[0] and "'=?'" in errors[0]
    assert not mail.exists()


def test_model_check_refuses_an_encoded_word_in_one_line_text(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "zee.toml"
    assert run("model", "new", "zee-tafel", "-o", str(path)).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert 'name = "Escalatietafel"' in text
    path.write_text(text.replace('name = "Escalatietafel"', f'name = "{LINE_BREAK}"', 1))
    result = run("model", "check", str(path))
    assert result.exit_code == 1
    assert "forums[0].name: expected text without '=?'" in result.stderr
