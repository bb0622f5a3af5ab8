"""Output that cannot be turned against its reader (issue 17, point 4): each neutraliser on
hostile input, and properties that hold for any text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from escalatie.neutralise.calendar_text import calendar_file, calendar_text
from escalatie.neutralise.markdown import markdown_text
from escalatie.neutralise.spreadsheet import FORMULA_START, csv_cell
from escalatie.neutralise.terminal import terminal_text

HOSTILE = [
    "-2-3",
    '=HYPERLINK("http://evil.example","klik")',
    "+1+1",
    "@SUM(A1:A9)",
    "\tTAB",
    "\rCR",
    "\x1b[31mrood\x1b[0m",
    "\x1b]0;titel\x07",
    "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "\x9b31m",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "![img](http://evil.example/p.png)",
    "<img src=x onerror=alert(1)>",
    "a\x00b\x0bc\x0cd\x07e\x7ff",
    "abc\u202egnp.exe",
]

RFC5545_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("-2-3", "'-2-3"),
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+31", "'+31"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("ESC-7K3M", "ESC-7K3M"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_csv_cells_that_start_a_formula_get_a_quote(cell: str, expected: str) -> None:
    assert csv_cell(cell) == expected


@given(st.text())
def test_no_csv_cell_starts_a_formula(text: str) -> None:
    out = csv_cell(text)
    assert not out or out[0] not in FORMULA_START
    assert out in (text, "'" + text)


@given(st.text())
def test_calendar_text_and_file_carry_no_forbidden_control(text: str) -> None:
    assert not RFC5545_FORBIDDEN.search(calendar_text(text))
    cleaned = calendar_file(text)
    assert not RFC5545_FORBIDDEN.search(cleaned)
    assert not re.search(r"\r(?!\n)|(?<!\r)\n", cleaned)


def test_calendar_file_keeps_crlf_and_escaped_text() -> None:
    text = "BEGIN:VEVENT\r\nDESCRIPTION:a\\nb\x00\x0b\x0c\x1b[31m\x07c\r\n lang\r\nEND:VEVENT\r\n"
    assert (
        calendar_file(text) == "BEGIN:VEVENT\r\nDESCRIPTION:a\\nb[31mc\r\n lang\r\nEND:VEVENT\r\n"
    )
    assert calendar_text("regel 1\r\nregel 2\rregel 3\x00") == "regel 1\nregel 2\nregel 3"


@pytest.mark.parametrize("text", HOSTILE)
def test_terminal_text_has_no_escape_sequence(text: str) -> None:
    out = terminal_text(text)
    assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
    assert "\u202e" not in out and "\r" not in out


def test_terminal_text_keeps_what_a_reader_should_see() -> None:
    """An escape sequence loses its control characters; its printable rest stays visible."""
    assert terminal_text("\x1b[31mrood\x1b[0m en\tgewoon\n") == "[31mrood[0m en\tgewoon\n"
    assert terminal_text("\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\") == (
        "]8;;http://evil.example\\link]8;;\\"
    )
    assert terminal_text("ok\r\n") == "ok\r\n"  # a calendar file written to standard output
    assert terminal_text("Zoë à 12:00") == "Zoë à 12:00"


@given(st.text())
def test_terminal_text_never_leaves_a_control(text: str) -> None:
    out = terminal_text(text)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out)
    assert not re.search(r"\r(?!\n)", out)


def test_markdown_text_shows_html_and_links_as_text() -> None:
    assert markdown_text("<script>alert(1)</script>") == "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"
    assert markdown_text("[x](javascript:alert(1))") == "\\[x\\]\\(javascript:alert\\(1\\)\\)"
    assert (
        markdown_text("![img](http://e.example/p.png)")
        == "\\!\\[img\\]\\(http://e.example/p.png\\)"
    )
    assert markdown_text("- lijst\n# kop") == "\\- lijst # kop"  # one line: only its start
    assert markdown_text("1. punt") == "1\\. punt"
    assert markdown_text("a | b *c* _d_ `e`") == "a \\| b \\*c\\* \\_d\\_ \\`e\\`"
    assert markdown_text("Wachtlijst te lang.") == "Wachtlijst te lang."


@given(st.text())
def test_markdown_text_has_no_raw_html_or_link(text: str) -> None:
    out = markdown_text(text)
    assert "<" not in out and ">" not in out and "\n" not in out
    assert not re.search(r"(?<!\\)[\[\]()]", out)


def _removed_by_the_patterns(text: str) -> str:
    from escalatie.neutralise.terminal import _control

    return _control().sub("", text)


@pytest.mark.parametrize("point", [*range(0x0, 0x250), *range(0x2000, 0x2070), 0x061C, 0xFEFF])
def test_terminal_text_skips_the_patterns_only_where_they_remove_nothing(point: int) -> None:
    """The fast path (issue 16: a report is returned without compiling the patterns) is taken
    only for text the patterns leave as it is: every character they remove is one
    ``isprintable`` refuses, beside line feeds and tabs."""
    for text in (f"a{chr(point)}b", f"regel\n\ta{chr(point)}[31mb\r\n"):
        assert terminal_text(text) == _removed_by_the_patterns(text)


@given(st.text())
def test_terminal_text_is_the_patterns_for_any_text(text: str) -> None:
    assert terminal_text(text) == _removed_by_the_patterns(text)
