"""compare reads its lines with orjson when it can (``structured_quickly``): it must give exactly
the case ``structure(parse_json(...))`` gives, and leave everything else, repeated keys above
all, to the standard way and its errors."""

from __future__ import annotations

import json
import typing
from collections.abc import Iterator
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from escalatie.case import Case
from escalatie.documents import (
    _UNPROVEN,
    _quickly,
    parse_json,
    structure,
    structured_quickly,
    unstructure,
)
from escalatie.errors import EscalatieError, InvalidDocument
from escalatie.research.cases import case_from_line
from escalatie.research.synthetic import synthetic_cases
from escalatie.testing.strategies import case_documents

KEYS = st.sampled_from(["a", "b", "kind", "a:b", 'q"uo', "ë", ""])
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.text(alphabet=st.sampled_from(list('ab:"\\\t é\u2028𝄞')), max_size=8)
)


@st.composite
def texts(draw: st.DrawFn, depth: int = 2) -> str:
    """JSON text, objects written pair by pair so a key may come twice, escapes or not."""
    ascii_only = draw(st.booleans())
    space = st.sampled_from(["", " ", "\n"])

    def value(level: int) -> str:
        kind = draw(st.sampled_from(["scalar", "list", "object"] if level else ["scalar"]))
        if kind == "scalar":
            return json.dumps(draw(SCALARS), ensure_ascii=ascii_only)
        if kind == "list":
            items = [value(level - 1) for _ in range(draw(st.integers(0, 3)))]
            return "[" + ",".join(items) + "]"
        pairs = [
            f"{json.dumps(draw(KEYS), ensure_ascii=ascii_only)}{draw(space)}:{draw(space)}"
            f"{value(level - 1)}"
            for _ in range(draw(st.integers(0, 4)))
        ]
        return "{" + ",".join(pairs) + "}"

    return value(depth)


# 400, not the profile's 40: a text is a few short values, about 25 ms an example under load
# (11 s for 400), and the texts where the two readers could part (a key given twice inside a
# nested object, with escapes or not) are a small share of what is drawn.
@settings(max_examples=400, deadline=None)
@given(texts())
def test_orjson_data_is_taken_only_when_the_standard_reader_reads_the_same(text: str) -> None:
    quick = _quickly(text)
    if quick is not _UNPROVEN:
        assert quick == parse_json(text, "cases.jsonl:1")


def _outcome(line: str) -> object:
    try:
        return ("case", case_from_line(line, "cases.jsonl:1"))
    except EscalatieError as exc:  # the error line is what a user sees
        return ("error", type(exc).__name__, str(exc))


def _standard(line: str) -> object:
    """What case_from_line gave before it read lines with orjson."""
    where = "cases.jsonl:1"
    try:
        data = parse_json(line, where)
    except EscalatieError as exc:
        return ("error", type(exc).__name__, str(exc))
    try:
        return ("case", structure(data, Case))
    except InvalidDocument as exc:
        again = InvalidDocument([f"{where}: {p}" for p in exc.problems])
        return ("error", type(again).__name__, str(again))


@st.composite
def lines(draw: st.DrawFn) -> str:
    """A case document as a line: as written, with a key given twice, a big number or a float."""
    document: dict[str, Any] = json.loads(json.dumps(draw(case_documents(with_identity=None))))
    line = json.dumps(document, ensure_ascii=draw(st.booleans()))
    change = draw(st.sampled_from(["none", "repeat", "big", "float", "nan"]))
    if change == "repeat":
        key = draw(st.sampled_from(sorted(document)))
        line = line[:-1] + f", {json.dumps(key)}: {json.dumps(document[key])}}}"
    elif change == "big":
        line = line.replace(f'"age": {document["age"]}', '"age": 123456789012345678901234567890')
    elif change == "float":
        line = line.replace(f'"age": {document["age"]}', f'"age": {document["age"]}.0')
    elif change == "nan":
        line = line.replace(f'"age": {document["age"]}', '"age": NaN')
    return line


@settings(deadline=None)  # the profile's examples: a whole case document each (68 s for 200)
@given(lines())
def test_a_line_gives_the_case_or_the_error_of_the_standard_way(line: str) -> None:
    assert _outcome(line) == _standard(line)


def test_a_repeated_key_is_never_taken_quickly() -> None:
    for text in ('{"a":1,"a":2}', '{"x":{"k":"v:w","k":1}}', '[{"a":1,"a":1}]'):
        assert _quickly(text) is _UNPROVEN
    document = unstructure(next(iter(synthetic_cases(1, seed=1))))
    twice = json.dumps(document)[:-1] + f', "age": {json.dumps(document["age"])}}}'
    assert structured_quickly(twice, Case) is None
    assert "key given more than once" in str(_outcome(twice))


def test_a_plain_document_is_taken_quickly() -> None:
    document: dict[str, Any] = {"reference": "R-1", "question": "Wat: nu?", "domains": []}
    assert _quickly(json.dumps(document)) == document


def test_well_formed_lines_are_structured_quickly_to_the_same_case() -> None:
    """The fast path is taken, not only harmless: a test of equal outcomes alone would pass if
    ``structured_quickly`` always declined (maintainer review)."""
    taken = 0
    for case in synthetic_cases(200, seed=3):
        line = json.dumps(unstructure(case), ensure_ascii=False)
        quick = structured_quickly(line, Case)
        if quick is not None:
            taken += 1
            assert quick == structure(parse_json(line, "line"), Case)
    assert taken >= 190, taken


def _types_in(hint: Any, seen: set[type]) -> Iterator[Any]:
    """Every type a field of an attrs class can hold, through unions, containers and classes."""
    yield hint
    if isinstance(hint, type) and attrs.has(hint) and hint not in seen:
        seen.add(hint)
        for field_hint in typing.get_type_hints(hint).values():
            yield from _types_in(field_hint, seen)
    for argument in typing.get_args(hint):
        yield from _types_in(argument, seen)


def test_no_field_of_a_case_holds_a_float() -> None:
    """The fast path rests on this: orjson reads an integer beyond 64 bits as a float, and a
    case refuses floats, so such a line goes the standard way and gets its error. A float field
    added to the case tree must come with another guard in ``structured_quickly``."""
    hints = list(_types_in(Case, set()))
    assert float not in hints
    assert any(isinstance(h, type) and attrs.has(h) and h is not Case for h in hints)  # walked
