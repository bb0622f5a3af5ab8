"""The shortcuts that make a case with an identity block cheap give what the long way gives.

Issue 16 asks that cases with identity blocks cost at most 1.2 times cases without. The cuts
behind that (docs/benchmarks.md) each skip work only where it provably changes nothing; these
tests hold them to it:

- folding is skipped for the texts of an identity that folding leaves as they are
  (``privacy._folds_to_itself``), checked on any Unicode text and on every code point;
- a name's words are split by ``str.split`` instead of the regular expression ``[\\s,\\-]+``,
  the same on any text and every code point;
- ``pseudonymise(case, reference=pseudonym)`` (compare renames and pseudonymises in one copy)
  is what pseudonymising the renamed case gives;
- the BSN's elfproef on the digits' ASCII codes is the elfproef (``test_bsn_check.py`` compares
  it with python-stdnum too).
"""

from __future__ import annotations

import re
import sys
from datetime import date

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from escalatie import privacy
from escalatie.case import Case, Identity
from escalatie.privacy import pseudonym, pseudonym_shape, pseudonymise
from escalatie.research.cases import named_by_pseudonym
from escalatie.testing.strategies import cases

KEY = b"k" * 32

SPELLED = st.lists(
    st.sampled_from([*"abcSVZ019 .-_/*,\x00\t%&", "%40", "&#64;", "&#x40;", "&commat;"])
    | st.characters(),
    max_size=24,
).map("".join)
"""Texts with the separators of spelled-out letters (``S a n n e``, ``S.a.n``) and encoded
``@`` signs (``%40``, ``&#64;``) among any character of Unicode."""


@given(st.lists(SPELLED, min_size=1, max_size=3))
def test_texts_that_fold_to_themselves_do(texts: list[str]) -> None:
    if privacy._folds_to_itself(*texts):
        assert [privacy._fold(t) for t in texts] == texts


def test_no_other_character_is_said_to_fold_to_itself() -> None:
    """Every code point: what the shortcut skips folding for, folding leaves as it is, alone
    and after a letter and a separator (where a spelled-out run could start)."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        for text in (char, f"a {char}", f"{char}.b.c"):
            if privacy._folds_to_itself(text):
                assert privacy._fold(text) == text, (hex(code), text)


def test_spelled_out_letters_are_folded() -> None:
    """Not vacuous: a spelled-out name in any of the three texts takes the long way."""
    assert privacy._folds_to_itself("Sanne Voorbeeld", "ouder@voorbeeld.example", "")
    for spelled in ("S a n n e", "S.a.n.n.e", "x S-a-n"):
        assert not privacy._folds_to_itself("Sanne", spelled, "")
        assert not privacy._folds_to_itself(spelled, "", "")
    assert not privacy._folds_to_itself("Zoë Testkind", "", "")
    assert not privacy._folds_to_itself("Sanne", "ouder&#64;voorbeeld.example", "")
    assert not privacy._folds_to_itself("Sanne", "ouder%40voorbeeld.example", "")
    assert privacy._folds_to_itself("Sanne & Co", "100%", "")  # no encoded @: as it is


NAME_SPLIT = re.compile(r"[\s,\-]+")


@given(st.text(st.sampled_from(" ,-\t\u00a0\u2003\x1c\x85ab") | st.characters(), max_size=30))
def test_name_words_are_the_regular_expressions(name: str) -> None:
    assert privacy._name_words(name) == [w for w in NAME_SPLIT.split(name) if w]


def test_white_space_is_the_same_for_split_and_the_regular_expression() -> None:
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert char.isspace() == (re.fullmatch(r"\s", char) is not None), hex(code)


def test_only_short_parts_can_be_particles() -> None:
    """``_name_parts`` looks up only parts as short as the longest particle: folding the
    case of a longer part never gives a particle."""
    assert max(len(p) for p in privacy.PARTICLES) == privacy._LONGEST_PARTICLE
    assert privacy._name_parts("Daan van der Berg-ter Straat") == ["Daan", "Berg", "Straat"]
    assert privacy._name_parts("VAN DER Vries") == ["Vries"]


IDENTITIES = st.builds(
    Identity,
    name=st.sampled_from(["Sanne Voorbeeld", "Zoë van Testkind", "Ad Bo", "S a n n e Proef"]),
    bsn=st.sampled_from(["", "111222333", "100000009"]),
    phone=st.sampled_from(["", "06-98765432", "+31 6 12345678"]),
    email=st.sampled_from(["", "ouder@voorbeeld.example"]),
    address=st.sampled_from(["", "Verzonnenstraat 1, 9999 ZZ Nergenshuizen"]),
    date_of_birth=st.none() | st.dates(date(1990, 1, 1), date(2025, 12, 31)),
)


@settings(deadline=None, max_examples=60)
@given(case=cases(with_identity=None), identity=st.none() | IDENTITIES, data=st.data())
def test_pseudonymised_under_a_pseudonym_is_pseudonymised_renamed(
    case: Case, identity: Identity | None, data: st.DataObject
) -> None:
    texts = data.draw(st.sampled_from(["", "Sanne", "111222333", "ouder@voorbeeld.example"]))
    case = attrs.evolve(case, identity=identity, question=f"{case.question} {texts}".strip())
    name = pseudonym(case.reference, KEY)
    once = pseudonymise(case, reference=name)
    assert once == pseudonymise(named_by_pseudonym(case, KEY))
    assert once.identity is None and pseudonym_shape().fullmatch(once.reference)
    attrs.validate(once)  # the copy holds nothing a validator would refuse


def test_a_pseudonym_holding_a_number_is_replaced_either_way() -> None:
    identity = Identity(name="Sanne Voorbeeld", bsn="111222333")
    case = attrs.evolve(_case(), identity=identity, reference="casus-111222333abc")
    renamed = pseudonymise(case, reference="casus-111222333abc")
    assert renamed == pseudonymise(case)
    assert renamed.reference == pseudonym("casus-111222333abc")


def test_only_a_pseudonym_names_a_pseudonymised_case() -> None:
    case = attrs.evolve(_case(), identity=Identity(name="Sanne Voorbeeld"))
    with pytest.raises(ValueError, match="reference: expected a pseudonym"):
        pseudonymise(case, reference="Sanne-2026")
    assert pseudonymise(case, reference=case.reference) == pseudonymise(case)


def _case() -> Case:
    from escalatie.research.synthetic import synthetic_cases

    return next(iter(synthetic_cases(1, seed=3)))
