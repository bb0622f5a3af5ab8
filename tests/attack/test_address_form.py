"""A functional address in the settings or a model file (attacker review): a Unicode domain
(``tafel@bücher.example``) failed at every invitation with a codec error blaming the
organiser's name; it is written as ``xn--`` when the settings are read. And
``validation.EMAIL_ADDRESS`` keeps what its description promises: one address, so no list,
display name, quote or bracket gets through."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from escalatie.calendar.attendees import AddressBook
from escalatie.settings import SettingsError
from escalatie.validation import ascii_address, is_email_address

from .conftest import Run

REFUSED = (
    "a@x.example, evil@y.example",
    "a@x.example,evil@y.example",
    "<a@x.example>",
    "Team <a@x.example>",
    '"Team"@x.example',
    "a;b@x.example",
    "a@x.example;evil@y.example",
    "a b@x.example",
    "a@x",
    "a@-x.example",
    "a@x-.example",
    "a@x..example",
    ".a@x.example",
    "a.@x.example",
    "=?utf-8?q?a?=@x.example",
    "a\\@x.example",
    "a:b@x.example",
    "a@[127.0.0.1]",
    "zoë@x.example",  # a non-ASCII local part has no ASCII form
)
KEPT = (
    "team@org.example",
    "o'brien+jeugd@sub.org.example",
    "tafel_2@gemeente-zee.nl",
    "a@xn--bcher-kva.example",
    "a@x.xn--p1ai",
)


@pytest.mark.parametrize("address", REFUSED)
def test_the_pattern_takes_one_address_only(address: str) -> None:
    assert not is_email_address(ascii_address(address))


@pytest.mark.parametrize("address", KEPT)
def test_ordinary_addresses_pass(address: str) -> None:
    assert is_email_address(address)


def test_a_unicode_domain_is_written_as_xn() -> None:
    assert ascii_address("tafel@bücher.example") == "tafel@xn--bcher-kva.example"
    assert ascii_address("tafel@BÜCHER.example") == "tafel@xn--bcher-kva.example"
    assert ascii_address("team@org.example") == "team@org.example"
    book = AddressBook.from_settings(
        {"addresses": {"Buurtteam": "team@bücher.example"}, "organisers": {"tafel": "t@bü.nl"}}
    )
    assert book.lookup("Buurtteam") == ("team@xn--bcher-kva.example", False)
    assert book.organisers == {"tafel": "t@xn--b-eha.nl"}


@pytest.mark.parametrize("address", ["a@x.example, evil@y.example", "Team <a@x.example>"])
def test_settings_refuse_a_list_or_a_display_name_when_read(address: str) -> None:
    with pytest.raises(SettingsError) as err:
        AddressBook.from_settings({"organisers": {"tafel": address}})
    (problem,) = err.value.problems
    assert problem.startswith(
        "settings [calendar.organisers] tafel: expected an e-mail address such as team@org.example (one address"
    )


def test_invitations_carry_the_xn_domain(run: Run, tmp_path: Path) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text(
        '[calendar.organisers]\nmaatwerktafel = "tafel@bücher.example"\n'
        '[calendar.addresses]\n"Buurtteam Noordwest" = "team@bücher.example"\n',
        encoding="utf-8",
    )
    case = tmp_path / "case.json"
    assert run("examples", "buurtteam-maatwerktafel", "-o", str(case)).exit_code == 0
    json.loads(case.read_text(encoding="utf-8"))
    shared, mail = tmp_path / "sh.ics", tmp_path / "mail"
    result = run(
        "invite", "--slot", "2026-12-07T09:15", "--at", "2026-12-01T09:00", str(case),
        "-o", str(shared), "--mail", str(mail), env={"ESCALATIE_CONFIG": str(settings)},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    calendar = shared.read_text(encoding="utf-8").replace("\r\n ", "")
    assert 'ORGANIZER;CN="Gemeente Utrecht":mailto:tafel@xn--bcher-kva.example' in calendar
    assert "mailto:team@xn--bcher-kva.example" in calendar
    messages = [p.read_text(encoding="utf-8") for p in mail.iterdir()]
    assert messages and all(
        "From: Gemeente Utrecht <tafel@xn--bcher-kva.example>" in m for m in messages
    )
    assert "bücher" not in calendar and not any("bücher" in m for m in messages)


def test_a_model_files_organiser_with_a_unicode_domain_is_written_as_xn(
    run: Run, tmp_path: Path
) -> None:
    path = tmp_path / "zee.toml"
    assert run("model", "new", "zee-tafel", "-o", str(path)).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert 'address = "' in text
    start = text.index('address = "') + len('address = "')
    text = text[:start] + "tafel@bücher.example" + text[text.index('"', start) :]
    path.write_text(text, encoding="utf-8")
    assert run("model", "check", str(path)).exit_code == 0
    described = run("-m", str(path), "describe")
    assert described.exit_code == 0, described.stderr
    bad = text.replace("tafel@bücher.example", "Team <tafel@x.example>")
    path.write_text(bad, encoding="utf-8")
    refused = run("model", "check", str(path))
    assert refused.exit_code == 1
    assert (
        "organiser.address: expected an e-mail address such as team@org.example (one address"
        in refused.stderr
    )
