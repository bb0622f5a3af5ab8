"""The agenda of an invitation: the anonymised plan and the question of each case, in Dutch.

Seed 000, step 3: invitations carry an anonymised version of the plan plus the question for
the table, so participants can arrange their mandate beforehand; extra information is shared
only with consent of the young person and/or parents. Only :func:`escalatie.privacy.pseudonymise`
d cases reach this module, and of those only the reference (a pseudonym), the question and the
plan are used. A plugin may word a case's block itself (``agenda_text``, see
:mod:`escalatie.calendar.plugin`); it receives the pseudonymised case.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from escalatie.case import Case
from escalatie.dutch import ASSUMED_RHYTHM, day_and_time_range
from escalatie.forum import Forum
from escalatie.schedule import Slot

AgendaFunction = Callable[[Case], str]


def case_block(case: Case) -> str:
    """The default Dutch block for one (pseudonymised) case: question and plan only."""
    plan = case.plan.strip() or "(nog geen plan gedeeld)"
    return f"Casus {case.reference}\nVraag aan de tafel: {case.question.strip()}\nPlan: {plan}"


def agenda(
    forum: Forum,
    slot: Slot,
    cases: Sequence[Case],
    block: AgendaFunction = case_block,
) -> str:
    """The DESCRIPTION of an invitation for ``slot`` discussing ``cases`` (pseudonymised)."""
    parts = [f"Agenda {forum.name}, {day_and_time_range(slot.start, slot.end)}."]
    if forum.location:
        parts.append(f"Locatie: {forum.location}")
    if cases:
        parts.append(
            "Per casus de vraag aan de tafel en het geanonimiseerde plan, zodat u vooraf "
            "kunt nadenken over uw inbreng."
        )
        parts.extend(block(case).strip() for case in cases)
    else:
        parts.append("De casussen volgen.")
    if forum.participants.family_at_table:
        parts.append(
            "Het gezin neemt zelf deel aan het gesprek: de jongere en/of de ouders zitten aan "
            "tafel."
        )
    if forum.mandate_required:
        parts.append("Kom met mandaat, zodat aan tafel direct besloten kan worden.")
    if forum.cadence.assumption:
        parts.append(ASSUMED_RHYTHM)
    parts.append(
        "Aanvullende informatie wordt alleen gedeeld met toestemming van de jongere en/of "
        "de ouders."
    )
    return "\n\n".join(parts)
