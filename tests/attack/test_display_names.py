"""A name that becomes an e-mail display name refuses RFC 5322's specials, through the real
CLI (attacker review, finding 1): a model file's organiser where the model is read, a case's
organisation when the e-mail is composed (a case may hold such a text in an organisation,
scrubbed before it goes out, so reading it stays open; composing and the check of the bytes
written are tested in ``tests/calendar/test_display_names.py``).

``Basisschool Dé Wilg <evil@x.example>`` as a party's organisation, or as a model file's
organiser, wrote ``evil@x.example`` into the ``.eml``'s ``To:`` or ``From:``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import Run

REPROS = (
    "Basisschool Dé Wilg <evil@x.example>",
    "Basisschool Dé\u00a0Wilg <evil@x.example>",
    "Dé, evil@x.example",
    'Dé "x" <evil@x.example>',
    "Basisschool De Wilg <evil@x.example>",
    "Gemeente \uff1cevil\uff20x.example\uff1e",  # full-width look-alikes (attacker review)
    "Gemeente \ufe64evil\ufe6bx.example\ufe65",  # small forms
    "Gemeente Zee\uff0c evil",  # a full-width comma
)


@pytest.mark.parametrize("name", REPROS)
@pytest.mark.parametrize("where", ["parties[2].organisation", "submitter.organisation"])
def test_an_e_mail_naming_an_address_in_an_organisation_is_refused(
    run: Run, tmp_path: Path, name: str, where: str
) -> None:
    path = tmp_path / "inj.json"
    assert run("examples", "buurtteam-maatwerktafel", "-o", str(path)).exit_code == 0
    case = json.loads(path.read_text(encoding="utf-8"))
    if where == "submitter.organisation":
        case["submitter"]["organisation"] = name
    else:
        case["parties"][2]["organisation"] = name
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    mail = tmp_path / "uit"
    result = run("invite", "--slot", "2026-03-09T09:15", str(path), "--at", "2026-03-02T10:00",
                 "--mail", str(mail), "-o", str(tmp_path / "out.ics"))  # fmt: skip
    assert result.exit_code == 1, result.output
    errors = result.stderr.splitlines()
    assert len(errors) == 1 and errors[0].startswith("error: e-mail "), errors
    assert "(it becomes an e-mail display name)" in errors[0]
    assert "evil@x.example" not in errors[0]  # the value is not echoed
    assert not mail.exists() or not any(mail.iterdir())


@pytest.mark.parametrize("name", REPROS)
def test_model_check_refuses_an_address_in_the_organiser_or_a_rotation_turn(
    run: Run, tmp_path: Path, name: str
) -> None:
    path = tmp_path / "zee.toml"
    assert run("model", "new", "zee-tafel", "-o", str(path)).exit_code == 0
    text = path.read_text(encoding="utf-8")
    organiser = 'title = "Procesregisseur", organisation = "'
    assert organiser in text and "[forums.participants]\n" in text
    quoted = json.dumps(name, ensure_ascii=False)  # a TOML basic string
    text = text.replace(organiser + "Gemeente ", organiser + name.replace('"', '\\"') + " ", 1)
    text = text.replace(
        "[forums.participants]\n", f"[forums.participants]\nrotation_pool = [{quoted}]\n", 1
    )
    path.write_text(text, encoding="utf-8")
    result = run("model", "check", str(path))
    assert result.exit_code == 1, result.output
    assert "forums[0].organiser.organisation: expected a name without any of" in result.stderr
    assert "forums[0].participants.rotation_pool[0]: expected a name without" in result.stderr
    assert run("-m", str(path), "describe").exit_code == 1
