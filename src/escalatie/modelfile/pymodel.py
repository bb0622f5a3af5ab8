"""A Python model written out as model-file data, so a model file can ``extend`` it.

Rules stay the compiled :class:`~escalatie.rules.Rule` objects they are (a Python test has no
data form); everything else becomes the tables a model file would hold, so the merge rules of
:mod:`escalatie.modelfile.merge` apply to it as to a file.
"""

from __future__ import annotations

from typing import Any

import attrs

from escalatie.forum import Cadence, Forum, HolidayPolicy
from escalatie.model import EscalationModel, Step
from escalatie.organisation import ContactPoint, Mandate
from escalatie.sources import Source


def _table(value: Any) -> dict[str, Any]:
    """An attrs instance that the file format uses as it is, as the table a file holds: tuples
    as lists, enum members as their values; a value left unstated (None, such as a
    ``family_at_table`` the source does not give) is left out, as a file leaves it out."""
    return {
        k: [getattr(x, "value", x) for x in v] if isinstance(v, tuple) else v
        for k, v in attrs.asdict(value).items()
        if v is not None
    }


class _Writer:
    def __init__(self) -> None:
        self.documents: dict[str, Any] = {}

    def source(self, source: Source | None) -> Any:
        if source is None:
            return None
        if source.document is not None:
            d = source.document
            self.documents[d.key] = _drop_none(
                {
                    "title": d.title,
                    "publisher": d.publisher,
                    "year": d.year,
                    "url": d.url,
                    "identifier": d.identifier,
                }
            )
        out: dict[str, Any] = {"document": source.seed, "section": source.section}
        if source.also:
            out["also"] = [self.source(other) for other in source.also]
        return out

    def mandate(self, m: Mandate) -> dict[str, Any]:
        return _drop_none(
            {
                "powers": sorted(p.value for p in m.powers),
                "budget_ceiling_eur": m.budget_ceiling_eur,
                "domains": sorted(d.value for d in m.domains),
                "formal": m.formal,
                "note": m.note,
            }
        )

    def contact(self, c: ContactPoint) -> dict[str, Any]:
        return {
            "key": c.key,
            "title": c.title,
            "organisation": c.organisation,
            "reachable_by": sorted(a.value for a in c.reachable_by),
            "channel": c.channel,
            "mandate": self.mandate(c.mandate),
            "source": self.source(c.source),
            "per_organisation": c.per_organisation,
            **({"submitters": sorted(r.value for r in c.submitters)} if c.submitters else {}),
        }

    def holidays(self, h: HolidayPolicy) -> dict[str, Any]:
        return _drop_none(
            {
                "country": h.country,
                "subdivision": h.subdivision,
                "national": h.national,
                "good_friday": h.good_friday,
                "fixed_days_off": [
                    {"month": d.month, "day": d.day, "name": d.name} for d in h.fixed_days_off
                ],
                "closing_days": [{"date": d, "reason": r} for d, r in h.closing_days],
                "source": self.source(h.source),
            }
        )

    def cadence(self, c: Cadence) -> dict[str, Any]:
        return _drop_none(
            {
                "series": [
                    {
                        "key": s.key,
                        "rrule": s.rrule,
                        "start": s.start,
                        "minutes": s.minutes,
                        "runs_from": s.runs_from,
                        "dates": list(s.dates),
                        "excluded": list(s.excluded),
                    }
                    for s in c.series
                ],
                "on_request": c.on_request,
                "other_moments_by_agreement": c.other_moments_by_agreement,
                "holidays": self.holidays(c.holidays),
                "cancellation_notice_days": c.cancellation_notice_days,
                "source": self.source(c.source),
                "cancellation_source": self.source(c.cancellation_source),
                # An assumed rhythm stays one in a variant (it was dropped before: the
                # starter's example rhythm, written out from a Python model, lost it).
                "assumption": c.assumption or None,
            }
        )

    def forum(self, f: Forum) -> dict[str, Any]:
        return _drop_none(
            {
                "key": f.key,
                "name": f.name,
                "kind": str(f.kind),
                "organiser": _table(f.organiser),
                "source": self.source(f.source),
                "cadence": self.cadence(f.cadence),
                "participants": _table(f.participants),
                "minutes_per_case": f.minutes_per_case,
                "minutes_per_case_source": self.source(f.minutes_per_case_source),
                "mandate_required": f.mandate_required,
                "mandate": self.mandate(f.mandate),
                "chair": f.chair,
                "description": f.description,
                "invitation": _table(f.invitation) or None,
            }
        )

    def step(self, s: Step) -> dict[str, Any]:
        return _drop_none(
            {
                "key": s.key,
                "name": s.name,
                "description": s.description,
                "entry": list(s.entry),
                "forum": s.forum,
                "contact_point": s.contact_point,
                "conditions": list(s.conditions),
                "prerequisites": list(s.prerequisites),
                "checks": list(s.checks),
                "applicants": sorted(a.value for a in s.applicants),
                "applicants_source": self.source(s.applicants_source),
            }
        )


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


def model_data(model: EscalationModel) -> dict[str, Any]:
    """The model as model-file data (rules as :class:`Rule` objects)."""
    w = _Writer()
    data: dict[str, Any] = {
        "name": model.name,
        "municipality": model.municipality,
        "title": model.title,
        "summary": model.summary,
        "source": w.source(model.source),
        "contact_points": [w.contact(c) for c in model.contact_points],
        "forums": [w.forum(f) for f in model.forums],
        "ladder": [w.step(s) for s in model.ladder],
        "onward_routes": list(model.onward_routes),
        "learning": [
            _drop_none(
                {
                    "kind": lo.kind,
                    "description": lo.description,
                    "audience": lo.audience,
                    "source": w.source(lo.source),
                    "period": lo.period,
                    "audience_key": lo.audience_key,
                    "collector": lo.collector,
                    "answers": lo.answers,
                }
            )
            for lo in model.learning
        ],
        "principles": list(model.principles),
        "agreements": {
            "rules": list(model.agreements.rules),
            "after_the_meeting": list(model.agreements.after_the_meeting),
            "required_to_close": model.agreements.required_to_close,
            "aligned_before_sharing": model.agreements.aligned_before_sharing,
        },
        "temporary": model.temporary,
    }
    if model.settings_table:
        data["settings_table"] = model.settings_table
    data["documents"] = w.documents
    return data
