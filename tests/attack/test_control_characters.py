"""Control characters in model-file and case text (attacker review): a forum name with CR/LF
passed ``model check`` and made ``schedule`` die with icalendar's AssertionError (under
``python -O`` the lines were injected into the file), and a party's organisation with CR/LF
made ``invite --mail`` die with a ValueError. Model files and case documents refuse them on
reading, one line per problem with its path; the calendar writer refuses them too."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, time
from pathlib import Path

import pytest
from click.testing import Result

from escalatie.errors import EscalatieError

Run = Callable[..., Result]
INJECTED = "X\r\nATTENDEE:mailto:evil@attacker.example\r\nX-INJ:1"
ONE_LINE = "expected one line of text without control characters"


def check(path: Path) -> tuple[int, list[str]]:
    """``escalatie model check``: its exit code and problem lines (on standard error, one
    ``error:`` line per problem; nothing on standard output when the file has a problem)."""
    from click.testing import CliRunner

    from escalatie.cli import cli

    result = CliRunner().invoke(cli, ["model", "check", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    if result.exit_code:
        assert result.stdout == "", result.stdout
    return result.exit_code, result.stderr.splitlines()


def _toml(text: str) -> str:
    """``text`` as a TOML basic string."""
    return json.dumps(text)


@pytest.fixture
def model_file(run: Run, tmp_path: Path) -> Path:
    path = tmp_path / "tafel.toml"
    assert run("model", "new", "testtafel", "-o", str(path)).exit_code == 0
    return path


def _replace(path: Path, old: str, new: str) -> None:
    """The first line starting with ``old`` (a line or its beginning) replaced by ``new``."""
    text = path.read_text(encoding="utf-8")
    found = re.search(rf"^{re.escape(old)}.*$", text, re.MULTILINE)
    assert found is not None, old
    path.write_text(text[: found.start()] + new + text[found.end() :], encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('name = "Escalatietafel"', "name = " + _toml(INJECTED), "forums[0].name"),
        (
            'municipality = "Testtafel"',
            "municipality = " + _toml("Test\u2028tafel"),
            "municipality",
        ),
        (
            'organiser = {title = "Procesregisseur", organisation = "Gemeente Testtafel"',
            'organiser = {title = "Procesregisseur", organisation = '
            + _toml("Gemeente\u0085X")
            + "}",
            "forums[0].organiser.organisation",
        ),
        (
            'text = "The case is stuck on laws and regulations',
            "text = " + _toml("Stuck\x1b[2J on supply."),
            "rules.stuck.text",
        ),
        ('chair = "Procesregisseur"', "chair = " + _toml("Proces\x7fregisseur"), "forums[0].chair"),
    ],
)
def test_model_check_refuses_control_characters_with_their_path(
    run: Run, model_file: Path, old: str, new: str, where: str
) -> None:
    _replace(model_file, old, new)
    code, lines = check(model_file)
    assert code == 1 and f"error: {model_file}: {where}: {ONE_LINE}" in lines, lines
    scheduled = run(
        "-m", str(model_file), "schedule", "--from", "2026-01-01", "--to", "2026-03-01",
        "-o", str(model_file.with_suffix(".ics")),
    )  # fmt: skip
    assert scheduled.exit_code == 1 and not model_file.with_suffix(".ics").exists()


def test_a_description_may_run_over_lines(run: Run, model_file: Path) -> None:
    """Text documented as multi-line keeps its line breaks and tabs; its other controls not."""
    old = 'description = "The parties a stuck case needs look for a solution together."'
    lines = "description = " + _toml("Samen zoeken.\n\tMet het gezin.")
    _replace(model_file, old, lines)
    assert check(model_file)[0] == 0
    _replace(model_file, lines, "description = " + _toml("Samen\x00zoeken."))
    code, out = check(model_file)
    assert code == 1
    assert (
        f"error: {model_file}: forums[0].description: expected text without control characters "
        "(line breaks and tabs are allowed)" in out
    )


def test_the_calendar_writer_refuses_a_line_break_in_a_parameter() -> None:
    """Defence in depth: whatever reaches the writer, a CR/LF in a parameter or an address is
    refused with one line, never icalendar's assertion."""
    from icalendar import Event, vCalAddress

    from escalatie.calendar.ics import calendar, to_text

    event = Event()
    event.add("SUMMARY", "Tafel")
    event.add("DTSTART", date(2026, 3, 10))
    attendee = vCalAddress("mailto:tafel@gemeente.example")
    attendee.params["CN"] = INJECTED
    event.add("ATTENDEE", attendee)
    with pytest.raises(EscalatieError) as info:
        to_text(calendar("REQUEST", [event], [2026]))
    assert str(info.value) == (
        f"calendar file: VEVENT ATTENDEE;CN: {ONE_LINE} (check the model file's names and the "
        "case's organisations)"
    )
    event = Event()
    event.add("SUMMARY", "Tafel\r\nmet regels")  # TEXT: escaped, never a new line
    event.add("DTSTART", date(2026, 3, 10))
    text = to_text(calendar("REQUEST", [event], [2026]))
    assert "SUMMARY:Tafel\\nmet regels\r\n" in text
    assert not re.search(r"\r\n(?![ A-Z])", text.rstrip("\r\n"))


@pytest.mark.parametrize(
    ("field", "path"),
    [("parties", "$.parties[0].organisation"), ("submitter", "$.submitter.organisation")],
)
def test_a_case_organisation_with_a_line_break_is_refused(
    run: Run, tmp_path: Path, field: str, path: str
) -> None:
    case_file = tmp_path / "case.json"
    assert run("examples", "thuiszitter-zonder-contract", "-o", str(case_file)).exit_code == 0
    case = json.loads(case_file.read_text(encoding="utf-8"))
    target = case["parties"][0] if field == "parties" else case["submitter"]
    target["organisation"] = "School\r\nBcc: evil@attacker.example"
    case_file.write_text(json.dumps(case), encoding="utf-8")
    triaged = run("triage", str(case_file), "--at", "2026-03-02T10:00")
    assert triaged.exit_code == 1
    assert f"error: {case_file}: {path}: {ONE_LINE}" in triaged.stderr.splitlines()
    mail = tmp_path / "uit"
    invited = run(
        "invite", "--slot", "2026-03-09T09:15", str(case_file), "--at", "2026-03-02T10:00",
        "--mail", str(mail),
    )  # fmt: skip
    assert invited.exit_code == 1 and path in invited.stderr
    assert not mail.exists() or not any(mail.iterdir())


def test_a_model_has_at_most_fifty_forums() -> None:
    import attrs

    from escalatie.forum import Cadence, MeetingSeries
    from escalatie.model import MAX_FORUMS
    from escalatie.plugins import Registry, make_plugin_manager

    model = Registry(make_plugin_manager()).models["utrecht-maatwerktafel"]
    forum = model.forums[0]
    weekly = MeetingSeries("s", "FREQ=WEEKLY", time(9, 0), 60, date(2026, 1, 1))
    forum = attrs.evolve(forum, cadence=Cadence(series=(weekly,)))
    many = tuple(attrs.evolve(forum, key=f"f{i}") for i in range(MAX_FORUMS + 1))
    with pytest.raises(ValueError, match=f"forums: expected at most {MAX_FORUMS} forums, got 51"):
        attrs.evolve(model, forums=many)
