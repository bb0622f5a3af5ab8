"""Agreements of a maatwerktafel: schedule, lead and an audience agreed with the family."""

from __future__ import annotations

from datetime import date

import pytest

from escalatie.learning import Agreement
from escalatie.plugins import Registry
from escalatie_utrecht.agreements import agreement_findings


def test_complete_agreements_have_no_findings() -> None:
    agreement = Agreement(
        "Dagbesteding regelen", "Lokalis", date(2026, 4, 1), "Lokalis", ("gezin", "school")
    )
    assert agreement_findings([agreement]) == []


def test_an_audience_must_be_agreed_with_the_family() -> None:
    agreement = Agreement("Woning zoeken", "Woningcorporatie", date(2026, 4, 1), "Lokalis")
    (finding,) = agreement_findings([agreement])
    assert finding.startswith("agreement 1 (Woning zoeken): audience: expected")
    assert "utrecht.maatwerktafel.agreements; seed 000, stap 5" in finding


def test_a_table_without_agreements_is_flagged() -> None:
    assert "no agreements recorded" in agreement_findings([])[0]


def test_schedule_and_lead_are_required_by_the_agreement_itself() -> None:
    with pytest.raises(ValueError, match="lead"):
        Agreement("Actie", "Lokalis", date(2026, 4, 1), "")


def test_the_steps_after_the_table_end_with_the_submitter_sharing(registry: Registry) -> None:
    policy = registry.model("utrecht-maatwerktafel").agreements
    steps = policy.after_the_meeting
    assert "indiener" in steps[-1] and "procesondersteuner" in steps[-2]
    assert [r.id for r in policy.rules] == ["utrecht.maatwerktafel.agreements"]
