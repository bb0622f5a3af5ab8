"""Hypothesis strategies for broken documents: valid ones, then damaged the way input gets damaged.

:func:`mutated_documents` takes a strategy of valid JSON-ready documents (for example
:func:`escalatie.testing.strategies.case_documents`) and yields JSON *text* with one to three
mutations: a value replaced by a hostile one (a lone surrogate, a number of 5,000 digits, a
float, a deep list, a 100,000-character string, control characters, an impossible date), a
field removed or added, a key repeated, the text cut short or given a byte-order mark. A
reader of such text must answer with a value or one line per problem, never a traceback; the
project's own attack suite (``tests/attack``) runs them through every model and every register
command, and a plugin author can run them through their own code the same way.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from escalatie.errors import is_text

BIG_NUMBER = "\x00big-number\x00"
"""Placeholder replaced in the JSON text by a number of 5,000 digits (``json.dumps`` cannot
write one: Python refuses to turn so long an integer into text)."""

HOSTILE_TEXT = (
    "\udc80",  # a lone surrogate: valid JSON as "\udc80", not Unicode text
    "a\ud800b",
    "\x00",
    "line\nbreak\r\nEND:VEVENT\r\nBEGIN:VEVENT",  # iCalendar structure
    "'; DROP TABLE events; --",  # SQL
    "%s%n{0}{x}",  # format strings
    "\u202e\u200b\ufeff",  # bidi override, zero-width space, BOM
    "2026-02-30",
    "2026-03-29T02:30",  # the hour the Amsterdam clock skips, without an offset
    "2026-10-25T02:30",  # the hour it repeats
    "9999-12-31T23:59:59+14:00",
    "0001-01-01",
    "111 222 333",  # a BSN with spaces
    "１１１222333",  # full-width digits
    "111222333\n",
    "../../etc/passwd",
    "",
    " ",
)


def hostile_values() -> st.SearchStrategy[Any]:
    """Values no field of a case document expects, or only just."""
    return st.one_of(
        st.sampled_from(HOSTILE_TEXT),
        st.just(BIG_NUMBER),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.sampled_from([0, -1, 121, 10**300, True, False, None, 1.5, -0.0, 1e308]),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=20),
        st.just("x" * 100_000),
        st.recursive(
            st.none() | st.integers(), lambda inner: st.lists(inner, max_size=2), max_leaves=8
        ),
        st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
        st.just(json.loads("[" * 40 + '"x"' + "]" * 40)),
    )


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every position in a JSON-ready value, the root included."""
    out = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            out.extend(_paths(item, (*path, key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out.extend(_paths(item, (*path, i)))
    return out


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        value = value[key]
    return value


@st.composite
def _mutate(draw: st.DrawFn, document: Any) -> Any:
    """One structural mutation of a JSON-ready value (copied, never changed in place)."""
    document = json.loads(json.dumps(document))
    paths = _paths(document)
    path = draw(st.sampled_from(paths))
    action = draw(st.sampled_from(["replace", "replace", "delete", "add", "wrap", "unwrap"]))
    if not path:
        return draw(hostile_values()) if action == "replace" else document
    parent, key = _get(document, path[:-1]), path[-1]
    if action == "replace":
        parent[key] = draw(hostile_values())
    elif action == "delete":
        del parent[key]
    elif action == "add":
        target = parent if isinstance(parent, dict) else parent[key]
        if isinstance(target, dict):
            target[draw(st.sampled_from(["extra", "Reference", "age ", "\udc80", ""]))] = 1
        else:
            parent[key] = draw(hostile_values())
    elif action == "wrap":
        parent[key] = [parent[key]]
    elif isinstance(parent[key], list):
        parent[key] = parent[key][0] if parent[key] else {}
    else:
        parent[key] = {"value": parent[key]}
    return document


@st.composite
def _text_mutation(draw: st.DrawFn, text: str) -> str:
    """Damage at the level of the text: a repeated key, a cut, a BOM, trailing junk."""
    action = draw(st.sampled_from(["none", "none", "repeat", "cut", "bom", "trail", "deep"]))
    if action == "repeat" and text.startswith("{") and len(text) > 2:
        return '{"reference": "repeated", ' + text[1:]
    if action == "cut":
        return text[: draw(st.integers(0, max(0, len(text) - 1)))]
    if action == "bom":
        return "\ufeff" + text
    if action == "trail":
        return text + draw(st.sampled_from(["}", " x", "\x00", ",", "\n{}"]))
    if action == "deep":
        depth = draw(st.sampled_from([50, 5_000, 200_000]))
        return (
            text[:-1] + ', "deep": ' + "[" * depth + "]" * depth + "}"
            if text.endswith("}")
            else text
        )
    return text


def mutated_documents(
    valid: st.SearchStrategy[Any], max_mutations: int = 3
) -> st.SearchStrategy[str]:
    """JSON text of documents from ``valid`` with 1 to ``max_mutations`` mutations."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        document = draw(valid)
        for _ in range(draw(st.integers(1, max_mutations))):
            document = draw(_mutate(document))
        text = json.dumps(document, ensure_ascii=False, allow_nan=True)
        if draw(st.booleans()) or not is_text(text):  # a lone surrogate only as an escape
            text = json.dumps(document, ensure_ascii=True, allow_nan=True)
        text = text.replace(json.dumps(BIG_NUMBER), "7" * 5000)
        return str(draw(_text_mutation(text)))

    return build()
