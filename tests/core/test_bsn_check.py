"""The BSN's elfproef, written out in escalatie.case, agrees with python-stdnum's."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.nl import bsn

from escalatie.case import Identity
from escalatie.testing.strategies import bsns
from escalatie.validation import FieldError

NINE_DIGITS = st.text(st.sampled_from("0123456789"), min_size=9, max_size=9)


def accepted(number: str) -> bool:
    try:
        Identity(bsn=number)
    except FieldError:
        return False
    return True


@settings(deadline=None)
@given(NINE_DIGITS | bsns())
def test_the_elfproef_is_stdnums(number: str) -> None:
    assert accepted(number) == bsn.is_valid(number)


@pytest.mark.parametrize(
    "number",
    ["000000000", "111 222 333", "11122233", "1112223333", "１１１２２２３３３", "111222333\n"],
)
def test_only_nine_ascii_digits_that_pass(number: str) -> None:
    assert not accepted(number)
    assert accepted("111222333")
    assert attrs.evolve(Identity(), bsn="").bsn == ""
