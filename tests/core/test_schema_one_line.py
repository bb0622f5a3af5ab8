"""The JSON Schema says what the reader does about one-line text (attacker review): the
schema's one-line pattern accepted ``=?``, the start of an RFC 2047 encoded word, which the
reader refuses (``escalatie.validation.ENCODED_WORD``), so an editor showed a document as valid
that every command refused. Both are asked about the same tricky strings and must agree."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from escalatie.case import Case
from escalatie.documents import structure
from escalatie.errors import InvalidDocument
from escalatie.schema import case_schema

TRICKY = [
    "Buurtteam Oost", "", " ", "\t", "=", "==", "a=b", "a==b", "x=", "?=", "a?b", "=x?",
    "=?", "a=?b", "a==?b", "=?utf-8?q?Team_=3Cevil=40x=2Eexample=3E?=", "  =?", "x=?=",
    "a=\u00a0?", "Team\u2028Oost", "Team\u2029", "a\x85b", "a\x1b[31m", "a\x7f", "a\tb",
    "a\rb", "Zo\u00eb & Co", "\u00a0", "\u202eesrever", "Gemeente =", "= Gemeente",
]  # fmt: skip
"""Plain names, '=' where it is harmless, '=?' anywhere, control characters, white space.
(A string ending in a line feed is left out: Python's ``re.search``, which the ``jsonschema``
package uses, lets ``$`` match before it; ECMA-262, the schema's regex dialect, does not.)"""

SCHEMA = case_schema()
VALIDATOR = Draft202012Validator(SCHEMA)


def _reader_accepts(doc: dict[str, Any]) -> bool:
    try:
        structure(doc, Case)
    except InvalidDocument:
        return False
    return True


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("where", ["party", "submitter"])
def test_schema_and_reader_agree_on_one_line_text(
    case_data: dict[str, Any], text: str, where: str
) -> None:
    doc = copy.deepcopy(case_data)
    if where == "party":
        doc["parties"] = [{"organisation": text, "role": "education"}]
    else:
        doc["submitter"]["organisation"] = text
    schema_says = VALIDATOR.is_valid(doc)
    assert schema_says == _reader_accepts(doc), (where, text, schema_says)


def test_the_schema_refuses_an_encoded_word() -> None:
    party = SCHEMA["$defs"]["Party"]["properties"]["organisation"]["pattern"]
    import re

    assert re.fullmatch(party, "Team =?utf-8?q?x?=") is None
    assert re.fullmatch(party, "Team = Oost") is not None
