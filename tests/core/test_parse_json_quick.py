"""``parse_json(..., many=True)`` (compare's lines) tries orjson first: it must give exactly
what the standard reader gives, data or error, repeated keys above all."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from escalatie.documents import _UNPROVEN, _quickly, parse_json

KEYS = st.sampled_from(["a", "b", "kind", "a:b", 'q"uo', "ë", ""])
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
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


def _outcome(text: str, many: bool) -> object:
    try:
        return ("data", parse_json(text, "cases.jsonl:1", many=many))
    except Exception as exc:  # the error line is what a user sees
        return ("error", type(exc).__name__, str(exc))


@settings(max_examples=400, deadline=None)
@given(texts())
def test_many_reads_what_the_standard_reader_reads(text: str) -> None:
    assert _outcome(text, many=True) == _outcome(text, many=False)


def test_a_repeated_key_is_never_taken_quickly() -> None:
    for text in ('{"a":1,"a":2}', '{"x":{"k":"v:w","k":1}}', '[{"a":1,"a":1}]'):
        assert _quickly(text) is _UNPROVEN
        assert _outcome(text, many=True)[0] == "error"


def test_a_plain_document_is_taken_quickly() -> None:
    document: dict[str, Any] = {"reference": "R-1", "question": "Wat: nu?", "domains": []}
    assert _quickly(json.dumps(document)) == document
