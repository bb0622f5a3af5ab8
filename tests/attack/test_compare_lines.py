"""compare's ``.jsonl`` edge under hostile lines (attacker review): one line per problem naming
the file and line, and exit 1; never a traceback, whatever the nesting or the length of a line."""

from __future__ import annotations

from pathlib import Path

import pytest

from escalatie.cli import main
from escalatie.documents import MAX_DOCUMENT_CHARS
from escalatie.research.cases import case_from_line


def _refused(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main(["compare", str(path), "--jobs", "1"])
    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert lines and all(line.startswith(f"error: {path}:1") for line in lines), captured.err
    return captured.err


@pytest.mark.parametrize("depth", [200, 254, 255, 300, 1023, 1024, 3000])
@pytest.mark.parametrize("shape", ["list", "object"])
def test_a_deeply_nested_line_is_one_line(
    tmp_path: Path, depth: int, shape: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """orjson reads nesting up to 1023 deep but writes only 254: the fast path leaves such a
    line to the standard reader, whose refusal names the line (a TypeError before)."""
    text = "[" * depth + "]" * depth if shape == "list" else '{"a":' * depth + "1" + "}" * depth
    path = tmp_path / "deep.jsonl"
    path.write_text(text + "\n", encoding="utf-8")
    _refused(path, capsys)


def test_a_line_longer_than_a_document_is_refused_before_it_is_read_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "long.jsonl"
    path.write_text('{"x": "' + "a" * (MAX_DOCUMENT_CHARS + 10) + '"}\n', encoding="utf-8")
    assert f"{MAX_DOCUMENT_CHARS:,}" in _refused(path, capsys)


def test_an_endless_line_is_one_error_not_all_memory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    zero = Path("/dev/zero")
    if not zero.exists():
        pytest.skip("no /dev/zero on this system")
    link = tmp_path / "zero.jsonl"
    link.symlink_to(zero)
    assert f"{MAX_DOCUMENT_CHARS:,}" in _refused(link, capsys)


def test_a_line_of_exactly_the_limit_still_reaches_the_reader(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The cap refuses only what is longer than a document may be: a line at the limit goes on
    to the reader (which refuses it for what it holds, not for its length)."""
    body = '{"x": "' + "a" * (MAX_DOCUMENT_CHARS - 10) + '"}'
    assert len(body) == MAX_DOCUMENT_CHARS - 1
    path = tmp_path / "edge.jsonl"
    path.write_text(body + "\n", encoding="utf-8")
    assert "characters; this one is longer" not in _refused(path, capsys)


def test_case_from_line_reads_a_deep_line_the_standard_way() -> None:
    with pytest.raises(Exception) as caught:
        case_from_line("[" * 300 + "]" * 300, "x.jsonl:1")
    assert type(caught.value).__name__ in {"EscalatieError", "InvalidDocument"}
