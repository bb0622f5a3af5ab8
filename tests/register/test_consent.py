"""Consent: the Dutch age rules, the Veilig Thuis exemption, and consent that follows time."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from escalatie.clock import AMSTERDAM
from escalatie.consent import (
    AGE_RULES,
    CONSENT_BEFOREHAND,
    CONSENT_WITHDRAWN,
    VEILIG_THUIS_EXEMPT,
    ConsentRecord,
    Giver,
    Shareable,
    age_at,
    decide,
    full_years,
    in_force,
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
def test_veilig_thuis_needs_no_consent_where_safety_is_at_stake(party: str) -> None:
    decision = decide([], party, Shareable.PLAN, 9, at=AT, safety_at_stake=True)
    assert decision.allowed and decision.rule is VEILIG_THUIS_EXEMPT
    assert "Wmo 2015, art. 5.2.6 (meldrecht)" in decision.message
    # Without a safety signal Veilig Thuis is a party like any other (policy review).
    assert not decide([], party, Shareable.PLAN, 9, at=AT).allowed


def test_party_names_are_compared_loosely() -> None:
    assert party_key("Samen_Veilig ") == party_key("samen   veilig")


def test_a_record_needs_parties_and_subjects() -> None:
    with pytest.raises(ValueError, match="parties"):
        ConsentRecord(Y, (), (Shareable.PLAN,), AT)
    with pytest.raises(ValueError, match="what"):
        ConsentRecord(Y, ("JGZ",), (), AT)


# --- consent follows time ---------------------------------------------------------------

MARCH_10 = datetime(2026, 3, 10, 10, 0, tzinfo=AMSTERDAM)
MARCH_20 = datetime(2026, 3, 20, 10, 0, tzinfo=AMSTERDAM)


def given(giver: Giver, at: datetime, *parties: str, withdrawn: bool = False) -> ConsentRecord:
    return ConsentRecord(giver, parties or ("JGZ",), (Shareable.PLAN,), at, withdrawn)


def test_consent_recorded_after_the_share_does_not_cover_it() -> None:
    """Consent recorded on 20 March does not authorise a share dated 10 March."""
    consents = [given(P, MARCH_20)]
    early = decide(consents, "JGZ", Shareable.PLAN, 9, at=MARCH_10)
    assert not early.allowed and early.rule is CONSENT_BEFOREHAND
    assert "the consent of parents holds only from 2026-03-20 10:00 CET, after this share" in (
        early.message
    )
    assert (
        "[consent.beforehand; wet: AVG art. 6(1)(a), 7(1) and 9(2)(a)] [consent.age;"
        in early.message
    )
    assert "\n" not in early.message
    assert decide(consents, "JGZ", Shareable.PLAN, 9, at=MARCH_20).allowed  # from its moment on


def test_a_withdrawal_ends_consent_from_its_moment_on() -> None:
    consents = [given(P, AT), given(P, MARCH_10, withdrawn=True)]
    assert decide(consents, "JGZ", Shareable.PLAN, 9, at=MARCH_10 - timedelta(minutes=1)).allowed
    after = decide(consents, "JGZ", Shareable.PLAN, 9, at=MARCH_10)
    assert not after.allowed and after.rule is CONSENT_WITHDRAWN
    assert "the consent of parents was withdrawn at 2026-03-10 10:00" in after.message
    assert "consent.withdrawn" in after.message and "AVG art. 7(3)" in after.message
    # Given again later, it counts again from then.
    again = [*consents, given(P, MARCH_20)]
    assert not decide(again, "JGZ", Shareable.PLAN, 9, at=MARCH_20 - timedelta(seconds=1)).allowed
    assert decide(again, "JGZ", Shareable.PLAN, 9, at=MARCH_20).allowed


def test_a_withdrawal_covers_only_what_it_names() -> None:
    both = ConsentRecord(P, ("JGZ", "Lokalis"), (Shareable.PLAN, Shareable.AGREEMENTS), AT)
    gone = ConsentRecord(P, ("jgz",), (Shareable.PLAN,), MARCH_10, withdrawn=True)
    consents = [both, gone]
    assert not decide(consents, "JGZ", Shareable.PLAN, 9, at=MARCH_20).allowed
    assert decide(consents, "JGZ", Shareable.AGREEMENTS, 9, at=MARCH_20).allowed
    assert decide(consents, "Lokalis", Shareable.PLAN, 9, at=MARCH_20).allowed


def test_at_the_same_moment_the_later_record_decides() -> None:
    assert not decide(
        [given(P, AT), given(P, AT, withdrawn=True)], "JGZ", Shareable.PLAN, 9, at=AT
    ).allowed
    assert decide(
        [given(P, AT, withdrawn=True), given(P, AT)], "JGZ", Shareable.PLAN, 9, at=AT
    ).allowed
    assert in_force([given(P, AT)], Y, "JGZ", Shareable.PLAN, AT) is None


def test_each_giver_is_judged_on_its_own_and_the_message_says_why() -> None:
    consents = [given(Y, MARCH_20), given(P, AT), given(P, MARCH_10, withdrawn=True)]
    decision = decide(consents, "JGZ", Shareable.PLAN, 13, at=MARCH_10)
    assert decision.missing == {Y, P}
    assert {(m.giver, m.rule) for m in decision.why} == {
        (Y, CONSENT_BEFOREHAND),
        (P, CONSENT_WITHDRAWN),
    }
    assert "the young person is 13 at this moment" in decision.message


SUBMITTED = datetime(2026, 3, 2, 10, 0, tzinfo=AMSTERDAM)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (SUBMITTED, 11),
        (datetime(2027, 3, 1, 23, 0, tzinfo=AMSTERDAM), 11),
        (datetime(2027, 3, 2, 0, 0, tzinfo=AMSTERDAM), 12),
        (datetime(2031, 6, 1, 0, 0, tzinfo=AMSTERDAM), 16),
    ],
)
def test_without_a_date_of_birth_the_age_advances_from_submission(
    moment: datetime, expected: int
) -> None:
    assert age_at(moment, born=None, age_at_submission=11, submitted=SUBMITTED) == expected


def test_a_date_of_birth_decides_the_age_when_known() -> None:
    born = date(2014, 3, 5)
    assert age_at(SUBMITTED, born=born, age_at_submission=99, submitted=SUBMITTED) == 11
    assert (
        age_at(SUBMITTED.replace(day=5), born=born, age_at_submission=99, submitted=SUBMITTED) == 12
    )
    assert full_years(date(2012, 2, 29), date(2013, 2, 28)) == 0
    assert full_years(date(2012, 2, 29), date(2013, 3, 1)) == 1


def test_a_child_of_eleven_needs_their_own_consent_a_year_later() -> None:
    consents = [given(P, SUBMITTED)]
    month = SUBMITTED + timedelta(days=30)
    year = SUBMITTED + timedelta(days=366)
    for moment, allowed in ((month, True), (year, False)):
        age = age_at(moment, born=None, age_at_submission=11, submitted=SUBMITTED)
        decision = decide(consents, "JGZ", Shareable.PLAN, age, at=moment)
        assert decision.allowed is allowed
    assert decision.missing == {Y} and "the young person is 12" in decision.message


def test_the_age_rule_cites_the_secrecy_articles_not_consent_to_treatment() -> None:
    """Sharing rests on BW 7:457 (and its ages, 7:465) and Jeugdwet 7.3.11; BW 7:450 is
    consent to treatment. The seeds give no ages, so the citation asks for a lawyer's check."""
    from escalatie.consent import AGE_RULES

    cited = AGE_RULES.source.cite()
    assert "7:457" in cited and "7:465" in cited and "Jeugdwet 7.3.11" in cited
    assert "7:450" not in cited and "lawyer" in cited
