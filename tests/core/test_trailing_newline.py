"""A value that must be one token is refused with a trailing newline too.

``re.match`` with a pattern ending in ``$`` lets ``"VB-1\\n"`` through: ``$`` also matches
before a final newline. The validators end their patterns with ``\\Z`` instead; each case
below passed before that change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from click.testing import CliRunner

import escalatie
from escalatie.errors import EscalatieError, InvalidDocument
from escalatie.validation import FieldError

CASE: dict[str, Any] = {
    "reference": "VB-1",
    "age": 15,
    "question": "Welke school past?",
    "domains": [{"kind": "education", "question": "Hij zit thuis."}],
    "submitter": {"role": "parent"},
}


def test_a_case_reference_with_a_newline_is_refused() -> None:
    assert escalatie.load_case(CASE).reference == "VB-1"
    with pytest.raises(InvalidDocument, match=r"^\$\.reference: expected 1 to 64 letters"):
        escalatie.load_case({**CASE, "reference": "VB-1\n"})


def _kind(value: str) -> object:
    from escalatie.kinds import Kind

    return Kind(value, "a kind of step")


def _address(value: str) -> object:
    from escalatie.calendar.attendees import check_address

    return check_address(value, "--organiser")


def _actor(value: str) -> object:
    from escalatie.register.session import check_actor

    return check_actor(value)


def _url(value: str) -> object:
    from escalatie.zgw.settings import _URL

    if not _URL.match(value):
        raise FieldError("url", "expected an http(s) URL")
    return value


def _client_id(value: str) -> object:
    from escalatie.zgw.settings import _CLIENT_ID

    if not _CLIENT_ID.match(value):
        raise FieldError("client_id", "expected a client id")
    return value


@pytest.mark.parametrize(
    ("check", "good"),
    [
        (_kind, "maatwerk_telefoon"),
        (_address, "tafel@gemeente.example"),
        (_actor, "a.jansen"),
        (_url, "https://zaken.example/api/v1"),
        (_client_id, "escalatie-client"),
    ],
)
def test_each_validator_refuses_a_trailing_newline(
    check: Callable[[str], object], good: str
) -> None:
    check(good)
    with pytest.raises((EscalatieError, ValueError)):
        check(good + "\n")


def test_model_new_refuses_a_name_with_a_newline() -> None:
    from escalatie.cli import cli

    result = CliRunner().invoke(cli, ["model", "new", "zeewolde\n"])
    assert result.exit_code == 2 and "expected lower-case letters" in result.output
    assert result.stdout == ""


def test_an_odd_key_in_an_error_path_is_quoted_not_printed_raw() -> None:
    """A key with a newline is shown JSON-quoted, so the error stays one line."""
    with pytest.raises(InvalidDocument) as info:
        escalatie.load_case({**CASE, "colour\n": 1})
    assert '$["colour\\n"]: unknown field' in str(info.value)
    assert "\n" not in str(info.value)
