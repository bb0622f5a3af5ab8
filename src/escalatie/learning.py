"""Agreements made at a forum, and the learning collected from cases over time (seeds 000, 001).

A model's own part (:class:`LearningOutput`, :class:`AgreementsPolicy`) lives in
:mod:`escalatie.learning_policy`, so triage does not build the classes of the records below;
both are importable from here.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from attrs import field, frozen, validators

from escalatie.learning_policy import AgreementsPolicy, LearningOutput
from escalatie.validation import aware, non_empty

__all__ = [
    "Agreement",
    "AgreementsPolicy",
    "Insight",
    "LearningLine",
    "LearningOutput",
    "LearningTheme",
]


class LearningTheme(StrEnum):
    """Themes the process support groups insights by (seeds 000, 001)."""

    LAWS_AND_REGULATIONS = "laws_and_regulations"
    SUPPLY_AND_PURCHASING = "supply_and_purchasing"
    COOPERATION = "cooperation"
    PROFESSIONAL_MINDSET = "professional_mindset"
    PROCESS = "process"


@frozen
class Agreement:
    """An afspraak: an action with an owner, a due date and the regiehouder (seed 000, step 5).

    ``audience`` is whom the family agreed the agreements may be shared with.
    """

    action: str = field(validator=non_empty)
    owner: str = field(validator=non_empty)
    due: date = field()
    lead: str = field(validator=non_empty)
    audience: tuple[str, ...] = ()
    done_at: datetime | None = field(default=None, validator=validators.optional(aware))

    def overdue(self, at: datetime) -> bool:
        return self.done_at is None and at.date() > self.due


@frozen
class Insight:
    """One thing learned from a case, collected by the process support (seed 000, step 6)."""

    theme: LearningTheme
    text: str = field(validator=non_empty)
    recorded_at: datetime = field(validator=aware)
    case_reference: str = ""


@frozen
class LearningLine:
    """Insights of one theme over a period, as shared periodically with the field."""

    theme: LearningTheme
    since: date
    until: date
    insight_count: int
    texts: tuple[str, ...] = ()
