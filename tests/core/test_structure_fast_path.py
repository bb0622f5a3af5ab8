"""Reading a case takes a fast path for well-formed documents; it must build what the converter
builds, and a broken document must get the converter's every problem, line for line."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from escalatie.case import Case
from escalatie.documents import _converted, _fast_attrs, structure
from escalatie.errors import InvalidDocument
from escalatie.testing.strategies import case_documents


@settings(deadline=None)
@given(case_documents(with_identity=None))
def test_a_well_formed_document_takes_the_fast_path_to_the_same_case(
    document: dict[str, Any],
) -> None:
    document = json.loads(json.dumps(document))  # as read from a file
    fast = _fast_attrs(Case)(copy.deepcopy(document))  # raises if it did not take it
    assert fast == _converted(document, Case)
    assert structure(document, Case) == fast


BROKEN_VALUES = (None, 7, -1, 1.5, True, "", " ", "\udc80", "nonsense", [], ["x"], {}, {"x": 1})
TEXTS = ("a\x00b", "een =?utf-8?", "regel\r", "twee\nregels", "\r\n", "a\u2028b", "\t", " \n ")
"""Texts each fast check in line lets through or sends to its validator (``lines``,
``one_line``, ``non_empty``): some fields take them, others refuse them."""


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _paths(item, (*path, i))
    return out


@st.composite
def broken_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid case document with one to three things changed: a value replaced by another of
    any type, a key dropped, or a key added."""
    document = json.loads(json.dumps(draw(case_documents(with_identity=None))))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(document)))
        *parents, last = path
        holder: Any = document
        for step in parents:
            holder = holder[step]
        change = draw(st.sampled_from(("replace", "drop", "add")))
        if change == "replace":
            holder[last] = draw(st.sampled_from(BROKEN_VALUES + TEXTS))
        elif change == "drop" and isinstance(holder, dict):
            del holder[last]
        elif isinstance(holder, dict):
            holder[draw(st.sampled_from(("extra", "questoin", "Kind")))] = "x"
    return document


def _outcome(read: Any, document: dict[str, Any]) -> object:
    try:
        return read(copy.deepcopy(document), Case)
    except InvalidDocument as exc:
        return ("problems", exc.problems)


@settings(deadline=None)
@given(broken_documents())
def test_a_broken_document_gets_the_converters_problems(document: dict[str, Any]) -> None:
    assert _outcome(structure, document) == _outcome(_converted, document)


OPTIONAL_CASE_KEYS = tuple(
    a.alias or a.name for a in attrs.fields(Case) if a.default is not attrs.NOTHING
)


@settings(deadline=None)
@given(case_documents(with_identity=None), st.sets(st.sampled_from(OPTIONAL_CASE_KEYS)))
def test_a_document_that_leaves_fields_to_their_defaults_takes_the_fast_path_too(
    document: dict[str, Any], dropped: set[str]
) -> None:
    """The generated reader reads a document that gives every field in one call, and one that
    leaves some to their defaults field by field: both build what the converter builds."""
    document = json.loads(json.dumps(document))
    for key in dropped:
        document.pop(key, None)
    fast = _fast_attrs(Case)(copy.deepcopy(document))  # raises if it did not take it
    assert fast == _converted(document, Case)


DATE_LIKE = st.text(
    st.sampled_from("0123456789-٣²T ") | st.characters(), max_size=12
) | st.dates().map(date.isoformat)


@given(DATE_LIKE)
def test_a_date_is_read_fast_exactly_as_the_hook_reads_it(text: str) -> None:
    """The fast path reads a date (a date of birth in every identity block) only where the
    converter's hook reads the same date; anything else it leaves to the hook, for its error."""
    from escalatie.documents import _fast_date, _Slow, _structure_date

    try:
        fast = _fast_date(text)
    except _Slow:
        return
    assert fast == _structure_date(text, date)


def test_the_fast_date_path_is_taken() -> None:
    """Not vacuous: a well-formed date is read fast; a non-date is not."""
    from escalatie.documents import _fast_date, _Slow

    assert _fast_date("2014-07-19") == date(2014, 7, 19)
    for refused in ("2014-02-30", "2014-7-19", "20140719", "2014-07-1\u0669", 20140719):
        try:
            _fast_date(refused)
        except _Slow:
            continue
        raise AssertionError(refused)


@settings(deadline=None, max_examples=10)
@given(case_documents(with_identity=None))
def test_every_text_of_a_case_is_checked_as_the_converter_checks_it(
    document: dict[str, Any],
) -> None:
    """The fast path calls a text's validator only when a test in line shows it could refuse
    the text: every text field, given each of :data:`TEXTS`, is built or refused as the
    converter does it, and a text a field takes is built on the fast path."""
    document = json.loads(json.dumps(document))
    for path in _paths(document):
        *parents, last = path
        holder: Any = document
        for step in parents:
            holder = holder[step]
        if not isinstance(holder[last], str) or last == "reference":
            continue
        for text in TEXTS:
            changed = copy.deepcopy(document)
            target: Any = changed
            for step in parents:
                target = target[step]
            target[last] = text
            expected = _outcome(_converted, changed)
            assert _outcome(structure, changed) == expected
            if isinstance(expected, Case):
                assert _fast_attrs(Case)(copy.deepcopy(changed)) == expected
