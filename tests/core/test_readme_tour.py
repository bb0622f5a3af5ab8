"""The README's tour runs as written, line by line, in an empty folder, and each line shows
what the README promises (its comment, or what the command is for).

A line that needs an optional extra the environment lacks (Parquet without pyarrow) is
skipped; every other line must exit 0 and show its promise. Volatile parts (pseudonyms,
counts, dates the clock decides) are not compared; what the reader is told to expect is.
A line added to the tour without a promise here fails the test.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from escalatie.cli import cli
from escalatie.plugins import default_registry, using_registry

README = Path(__file__).resolve().parents[2] / "README.md"

Promise = Callable[[Result, Path], None]


def tour() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## A tour\n") :]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, "README.md: no sh block under ## A tour"
    lines = [shlex.split(line, comments=True) for line in block.group(1).splitlines()]
    return [words for words in lines if words]


def test_the_tour_says_to_activate_the_environment_the_fresh_machine_commands_made() -> None:
    """The fresh-machine commands install into a virtual environment and never activate it,
    and the tour calls plain ``escalatie``: the README must say to activate it first (new-user
    review: ``escalatie: command not found``)."""
    text = README.read_text(encoding="utf-8")
    fresh = text[text.index("## On a fresh machine\n") : text.index("## A tour\n")]
    assert set(re.findall(r"python3 -m venv (\S+)", fresh)) == {".venv"}
    intro = text[text.index("## A tour\n") :].split("```sh", 1)[0]
    assert "`. .venv/bin/activate`" in intro and "`.venv/bin/escalatie`" in intro


def _models(result: Result, _: Path) -> None:
    """installed models: one line per model, name first."""
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert "utrecht-maatwerktafel" in names and names == sorted(names)


def _plugins(result: Result, _: Path) -> None:
    """plugins, versions, hooks."""
    rows = json.loads(result.stdout)
    utrecht = next(row for row in rows if row["name"] == "utrecht")
    assert utrecht["version"] and "escalatie_register_model_files" in utrecht["hooks"]


def _describe(result: Result, _: Path) -> None:
    """ladder, mandates, cadence, rules + sources."""
    out = result.stdout
    assert out.startswith("Maatwerktafel (utrecht-maatwerktafel)\n")
    for heading in ("Contact points", "Forums", "Ladder", "Onward routes"):
        assert f"\n{heading}" in out, heading
    assert "    mandate: " in out  # each contact point's mandate
    assert "meets every three weeks on Monday, 09:15–10:45" in out  # the cadence, seed 000 stap 4
    assert "  [utrecht.maatwerktafel.entry.other-help; seed 000, stap 2: route naar een " in out


def _examples(result: Result, _: Path) -> None:
    """bundled example cases (invented details), with their references."""
    assert re.search(r"^thuiszitter-zonder-contract +VB-\d+-\d+ +age \d+", result.stdout, re.M)


def _example_out(result: Result, folder: Path) -> None:
    """the example case written to case.json, a case document."""
    import escalatie

    assert escalatie.load_case(str(folder / "case.json")).reference
    assert result.stderr == "wrote case.json\n"


def _triage(result: Result, _: Path) -> None:
    """a route, and why, each reason with its rule id and source."""
    out = result.stdout
    assert re.match(r"Case \S+ in utrecht-maatwerktafel at 2026-03-02 10:00 CET: ", out)
    assert (
        "\nRoute: Maatwerktafel (maatwerktafel)\n" in out and "\nWhy:\n" in out
    )  # so invite takes it
    assert re.search(r"  - .+  \[utrecht\.[\w.-]+; seed 00\d", out)


def _schema(title: str) -> Promise:
    def check(result: Result, _: Path) -> None:
        schema = json.loads(result.stdout)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["title"] == title

    return check


def _model_new(result: Result, folder: Path) -> None:
    """a starter model file (an example monthly table, to make your own)."""
    text = (folder / "zeewolde.toml").read_text(encoding="utf-8")
    assert 'name = "zeewolde-tafel"' in text and 'rrule = "FREQ=MONTHLY;BYDAY=2TU"' in text
    assert 'title = "VOORBEELD – vervang door uw eigen beleidsdocument"' in text


def _check_file(result: Result, _: Path) -> None:
    """every problem, one line each, with its path: none here, so the file is ok; one warning
    that the starter still cites its placeholder document."""
    assert result.stdout == "zeewolde.toml: ok\n"
    assert result.stderr.startswith("warning: zeewolde.toml: documents.beleid: identifier")


def _check_installed(result: Result, _: Path) -> None:
    """every installed model file: each one ok."""
    lines = result.stdout.splitlines()
    assert "maatwerktafel.toml (plugin utrecht): ok" in lines
    assert "helmond.toml (plugin helmond): ok" in lines
    assert all(line.endswith(": ok") for line in lines) and result.stderr == ""


def _describe_file(result: Result, _: Path) -> None:
    """a model file, used without installing it."""
    assert result.stdout.startswith("Escalatietafel (zeewolde-tafel)\n")
    assert "Plugin: file" in result.stdout


def _triage_file(result: Result, _: Path) -> None:
    """the case goes to its table."""
    assert (
        ": eligible\nRoute: Escalatietafel (tafel)\nNext meeting: Tuesday 2026-03-10 09:30 CET\n"
        in (result.stdout)
    )


def _schedule(result: Result, folder: Path) -> None:
    """the forum's meetings for a year, an iCalendar file to subscribe to."""
    ics = (folder / "tafels.ics").read_bytes().decode("utf-8")  # CRLF kept (RFC 5545)
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and "METHOD:PUBLISH\r\n" in ics
    assert "RRULE:FREQ=WEEKLY;INTERVAL=3;BYDAY=MO;" in ics  # seed 000 stap 4
    assert "RRULE:FREQ=WEEKLY;INTERVAL=3;BYDAY=TH;" in ics


def _invite(result: Result, folder: Path) -> None:
    """an invitation for the meeting, an e-mail per attendee in uit/, logged in the register."""
    assert result.stdout == ""  # with --mail, no .ics on standard output (docs/calendar.md)
    assert "\nREQUEST maandag@maatwerktafel.utrecht-maatwerktafel.escalatie " in result.stderr
    mails = sorted((folder / "uit").glob("*.eml"))
    assert mails and all('text/calendar; method="REQUEST"' in m.read_text("utf-8") for m in mails)
    assert (folder / "register.sqlite3").is_file()


def _compare_markdown(result: Result, _: Path) -> None:
    """every example case through every model, as a Markdown table."""
    header, rule, *rows = result.stdout.splitlines()
    assert header.startswith("| case | model | eligible | ready | route |")
    assert set(rule) == {"|", "-"}
    assert {row.split(" | ")[1] for row in rows} >= {
        "utrecht-maatwerktafel",
        "helmond-trajectregie",
    }


def _compare_references(result: Result, _: Path) -> None:
    """rows named by the references examples lists."""
    header, rule, *rows = result.stdout.splitlines()
    assert header.split()[:2] == ["case", "model"] and set(rule) <= {"-", " "}
    assert rows and all(re.match(r"VB-\d+-\d+ ", row) for row in rows)


def _compare_parquet(result: Result, folder: Path) -> None:
    """the same rows as a Parquet file."""
    assert (folder / "compare.parquet").read_bytes()[:4] == b"PAR1"


def _simulate(result: Result, _: Path) -> None:
    """how the cases queue for each model's forum."""
    header = result.stdout.splitlines()[0].split()
    assert header[:3] == ["model", "forum", "meetings"] and "wait_median_days" in header
    assert "\nutrecht-maatwerktafel " in result.stdout


PROMISES: dict[str, Promise] = {
    "models": _models,
    "plugins --json": _plugins,
    "-m utrecht-maatwerktafel describe": _describe,
    "examples": _examples,
    "examples buurtteam-maatwerktafel -o case.json": _example_out,
    "-m utrecht-maatwerktafel triage case.json": _triage,
    "schema case": _schema("escalatie case document"),
    "model new zeewolde-tafel -o zeewolde.toml": _model_new,
    "model check zeewolde.toml": _check_file,
    "model check": _check_installed,
    "-m ./zeewolde.toml describe": _describe_file,
    "-m ./zeewolde.toml triage case.json": _triage_file,
    "schema model": _schema("escalatie model file"),
    "-m utrecht-maatwerktafel schedule": _schedule,
    "-m utrecht-maatwerktafel invite": _invite,
    "compare --examples --format markdown": _compare_markdown,
    "compare --examples --format parquet": _compare_parquet,
    "compare --examples --show-reference": _compare_references,
    "schema compare-row": _schema("escalatie compare: one case in one model"),
    "simulate": _simulate,
}


def promise(words: list[str]) -> Promise:
    """The promise of a tour line: the longest key its words start with."""
    line = " ".join(words[1:])
    keys = [key for key in PROMISES if line == key or line.startswith(key + " ")]
    assert keys, f"README tour line without a promise in {__name__}: {line}"
    return PROMISES[max(keys, key=len)]


def test_the_readme_tour_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = tmp_path / "escalatie.toml"
    settings.write_text("", encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_CONFIG", str(settings))
    for name in ("ESCALATIE_DB", "ESCALATIE_MODEL", "ESCALATIE_ACTOR", "ESCALATIE_MODEL_PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    parquet = importlib.util.find_spec("pyarrow") is not None
    ran = 0
    with using_registry():
        if "utrecht-maatwerktafel" not in default_registry().models:
            pytest.skip("the Utrecht plugin is not installed")
        for words in tour():
            assert words[0] == "escalatie", words
            check = promise(words)
            if "parquet" in words and not parquet:
                continue
            result = CliRunner().invoke(cli, words[1:])
            assert result.exit_code == 0, (words, result.output)
            check(result, tmp_path)
            ran += 1
    assert ran >= 18
