"""Consent: the Dutch age rules and the Veilig Thuis exemption."""

from __future__ import annotations

from datetime import datetime

import pytest

from escalatie.clock import AMSTERDAM
from escalatie.consent import (
    AGE_RULES,
    VEILIG_THUIS_EXEMPT,
    ConsentRecord,
    Giver,
    Shareable,
    decide,
    party_key,
    required_givers,
)

AT = datetime(2026, 3, 2, 10, 0, tzinfo=AMSTERDAM)
P, Y, R = Giver.PARENTS, Giver.YOUNG_PERSON, Giver.REPRESENTATIVE


@pytest.mark.parametrize(
    ("age", "capable", "needed"),
    [
        (0, True, {P}),
        (11, True, {P}),
        (12, True, {Y, P}),
        (15, True, {Y, P}),
        (16, True, {Y}),
        (17, True, {Y}),
        (22, True, {Y}),
        (10, False, {P}),
        (14, False, {P}),
        (17, False, {P}),
        (18, False, {R}),
        (21, False, {R}),
    ],
)
def test_whose_consent_counts(age: int, capable: bool, needed: set[Giver]) -> None:
    assert required_givers(age, capable) == needed


def record(
    giver: Giver, *parties: str, what: tuple[Shareable, ...] = (Shareable.PLAN,)
) -> ConsentRecord:
    return ConsentRecord(giver, parties, what, AT)


def test_consent_covers_only_its_parties_and_its_subjects() -> None:
    consents = [record(Y, "JGZ"), record(P, "jgz", "Lokalis")]
    assert decide(consents, "JGZ", Shareable.PLAN, 14, at=AT).allowed
    assert decide(consents, "  jgz ", Shareable.PLAN, 14, at=AT).rule is AGE_RULES
    missing = decide(consents, "Lokalis", Shareable.PLAN, 14, at=AT)
    assert not missing.allowed and missing.missing == {Y}
    assert "young_person" in missing.message and "seed 000" in missing.message
    assert not decide(consents, "JGZ", Shareable.AGREEMENTS, 14, at=AT).allowed


def test_sixteen_year_old_decides_alone_and_parents_alone_do_not_suffice() -> None:
    assert decide([record(Y, "JGZ")], "JGZ", Shareable.PLAN, 16, at=AT).allowed
    assert not decide([record(P, "JGZ")], "JGZ", Shareable.PLAN, 16, at=AT).allowed


def test_an_incapable_adult_is_represented() -> None:
    assert not decide([record(Y, "JGZ")], "JGZ", Shareable.PLAN, 19, capable=False, at=AT).allowed
    assert decide([record(R, "JGZ")], "JGZ", Shareable.PLAN, 19, capable=False, at=AT).allowed


@pytest.mark.parametrize("party", ["Veilig Thuis", "veilig_thuis", "VEILIG  THUIS", "veilig-thuis"])
def test_veilig_thuis_needs_no_consent(party: str) -> None:
    decision = decide([], party, Shareable.PLAN, 9, at=AT)
    assert decision.allowed and decision.rule is VEILIG_THUIS_EXEMPT
    assert "Wmo 2015, art. 5.2.6" in decision.message


def test_party_names_are_compared_loosely() -> None:
    assert party_key("Samen_Veilig ") == party_key("samen   veilig")


def test_a_record_needs_parties_and_subjects() -> None:
    with pytest.raises(ValueError, match="parties"):
        ConsentRecord(Y, (), (Shareable.PLAN,), AT)
    with pytest.raises(ValueError, match="what"):
        ConsentRecord(Y, ("JGZ",), (), AT)
