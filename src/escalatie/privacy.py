"""Privacy by construction: what leaves the library is built from the pseudonymised case.

Direct identifiers live only in :class:`~escalatie.case.Identity`. :func:`pseudonymise` drops
that block and scrubs any identifier that was also typed into free text, so an invitation,
calendar file, report, comparison or export can never carry a name, BSN, address, phone number,
e-mail address or date of birth (seed 000, step 3: invitations carry an anonymised plan).
"""

from __future__ import annotations

import re

import attrs

from escalatie.case import Case, DomainQuestion, PriorStep

REDACTED = "[verwijderd]"


def _scrubber(values: tuple[str, ...]) -> re.Pattern[str] | None:
    words = sorted({v.strip() for v in values if len(v.strip()) >= 3}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def scrub(text: str, pattern: re.Pattern[str] | None) -> str:
    return pattern.sub(REDACTED, text) if pattern is not None and text else text


def pseudonymise(case: Case) -> Case:
    """The case without its identity block and with identifiers removed from free text."""
    if case.identity is None:
        return case
    pattern = _scrubber(case.identity.values())

    def clean(text: str) -> str:
        return scrub(text, pattern)

    return attrs.evolve(
        case,
        identity=None,
        question=clean(case.question) or REDACTED,
        perspective=clean(case.perspective),
        plan=clean(case.plan),
        domains=tuple(
            DomainQuestion(d.kind, clean(d.question) or REDACTED, clean(d.need))
            for d in case.domains
        ),
        prior_steps=tuple(
            PriorStep(s.kind, clean(s.by) or REDACTED, clean(s.tried), s.resolved)
            for s in case.prior_steps
        ),
        safety=attrs.evolve(case.safety, description=clean(case.safety.description)),
        requested_care=tuple(
            attrs.evolve(r, description=clean(r.description)) for r in case.requested_care
        ),
    )
