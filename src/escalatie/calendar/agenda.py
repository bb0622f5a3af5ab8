"""The agenda of an invitation: the anonymised plan and the question of each case, in Dutch.

Seed 000, step 3: invitations carry an anonymised version of the plan plus the question for
the table, so participants can arrange their mandate beforehand; extra information is shared
only with consent of the young person and/or parents. Only :func:`escalatie.privacy.pseudonymise`
d cases reach this module, and of those only the reference (a pseudonym), the question and the
plan are used. A plugin may word a case's block itself (``agenda_text``, see
:mod:`escalatie.calendar.plugin`); it receives the pseudonymised case.

The seed has the submitter send the invitations for their own case, so a party receives the
question and plan of only the cases it is invited for (data minimisation, AVG art. 5(1)(c)):
``shown`` says which; the other cases on the agenda are named by their keyed pseudonym only.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from escalatie.case import Case
from escalatie.dutch import ASSUMED_RHYTHM, day_and_time_range
from escalatie.forum import Forum, ForumNoun
from escalatie.schedule import Slot

AgendaFunction = Callable[[Case], str | None]
"""Words one case's block of the agenda; None leaves it to :func:`case_block` for the forum."""

_ASKED = {
    ForumNoun.TABLE: "aan de tafel",
    ForumNoun.COMMISSION: "aan de commissie",
    ForumNoun.MEETING: "voor het overleg",
}
"""The question "aan de tafel", "aan de commissie", "voor het overleg": one asks a table or a
commission, one brings a question to a meeting."""

_THERE = {
    ForumNoun.TABLE: "aan tafel",
    ForumNoun.COMMISSION: "in de commissie",
    ForumNoun.MEETING: "in het overleg",
}
"""Where solutions are thought of: "aan tafel", "in de commissie", "in het overleg"."""


def noun(forum: Forum | None) -> ForumNoun:
    """How the texts name ``forum`` (:attr:`escalatie.forum.Forum.noun`); the table without
    a forum."""
    return ForumNoun.TABLE if forum is None else forum.noun


def asked(forum: Forum | None) -> str:
    """The label of a case's question: "Vraag aan de tafel", "Vraag voor het overleg", …"""
    return f"Vraag {_ASKED[noun(forum)]}"


def asks_for_plan(forum: Forum | None) -> bool:
    """Whether the invitation carries the anonymised plan (``[forums.invitation]``): only where
    the model says its source asks for it; a forum whose source is silent gets the question only
    (data minimisation, AVG art. 5(1)(c))."""
    return forum is None or forum.invitation.asks_for_plan is True


KENMERK = "Kenmerk:"
"""How a case's block names it: ``Kenmerk: casus-…`` (the reference a Dutch letter gives)."""


def case_block(case: Case, forum: Forum | None = None) -> str:
    """The default Dutch block for one (pseudonymised) case: question and plan only, laid out
    as the maatwerktafel's (each label on its own line, blank lines between). A forum whose
    invitation asks for no plan (seed 001's City Deal overleg) gets the question only.

    The case is named by ``Kenmerk:`` and its pseudonym, which already says ``casus-`` (not
    "Casus casus-…")."""
    block = f"{KENMERK} {case.reference}\n\n{asked(forum)}:\n{case.question.strip()}"
    if not asks_for_plan(forum):
        return block
    plan = case.plan.strip() or "(nog geen plan gedeeld)"
    return f"{block}\n\nGeanonimiseerd plan:\n{plan}"


def _intro(count: int, others: bool, forum: Forum) -> str:
    """The sentence before the cases' blocks: a full sentence, singular or plural ("Per casus
    waarvoor u bent uitgenodigd de vraag …" has no verb); the plan only
    where the forum's invitation asks for it. One case without a plan: "de vraag van de casus
    voor het overleg" (or ", van de casus waarvoor u bent uitgenodigd, de vraag voor het
    overleg"), never "de vraag voor het overleg van de casus"."""
    question = f"de vraag {_ASKED[noun(forum)]}"
    plan = " en het geanonimiseerde plan" if asks_for_plan(forum) else ""
    invited = " waarvoor u bent uitgenodigd" if others else ""
    if count > 1:
        what = f" per casus{invited} {question}{plan}"
    elif plan:
        what = f" {question}{plan} van de casus{invited}"
    elif invited:
        what = f", van de casus{invited}, {question}"
    else:
        # "de vraag voor het overleg van de casus" reads as "the meeting of the case": the
        # question is the case's, brought to the meeting.
        what = f" de vraag van de casus {_ASKED[noun(forum)]}"
    return f"Hieronder vindt u{what}, zodat u vooraf kunt nadenken over uw inbreng."


ONLY_INVITED = (
    "De vraag en het geanonimiseerde plan van een casus ontvangen alleen de deelnemers die "
    "voor die casus zijn uitgenodigd, in hun eigen uitnodiging."
)
"""Why a copy names some cases by pseudonym only (seed 000, step 3; AVG art. 5(1)(c))."""

ONLY_INVITED_QUESTION = (
    "De vraag van een casus ontvangen alleen de deelnemers die voor die casus zijn "
    "uitgenodigd, in hun eigen uitnodiging."
)
""":data:`ONLY_INVITED` for a forum whose invitation carries no plan."""


def agenda(
    forum: Forum,
    slot: Slot,
    cases: Sequence[Case],
    block: AgendaFunction | None = None,
    shown: Collection[str] | None = None,
) -> str:
    """The DESCRIPTION of an invitation for ``slot`` discussing ``cases`` (pseudonymised);
    ``block`` words each case (where it gives None or is absent: :func:`case_block` for this
    forum, so a forum that is not a table reads "Vraag voor het overleg", and one whose
    invitation asks for no plan carries the question only).

    ``shown``: the references of the cases whose question and plan this copy carries (an
    attendee's own copy: the cases it is invited for; the shared copy: none); the others are
    named by reference only. None shows every case. Every case's block is worded all the same,
    so a plugin's check of each case (Utrecht refuses a case without a plan) always runs.
    """
    parts = [f"Agenda {forum.name}, {day_and_time_range(slot.start, slot.end)}."]
    if forum.location:
        parts.append(f"Locatie: {forum.location}")
    blocks: dict[str, str] = {}
    for case in cases:
        text = block(case) if block is not None else None
        blocks[case.reference] = (text if text is not None else case_block(case, forum)).strip()
    own = [c for c in cases if shown is None or c.reference in shown]
    mine = {c.reference for c in own}
    others = [c.reference for c in cases if c.reference not in mine]
    if own:
        parts.append(_intro(len(own), bool(others), forum))
        parts += [blocks[c.reference] for c in own]
    if others:
        parts.append(
            f"{'Verder op de agenda' if own else 'Op de agenda'}: {', '.join(others)}. "
            + (ONLY_INVITED if asks_for_plan(forum) else ONLY_INVITED_QUESTION)
        )
    if not cases:
        parts.append("De casussen volgen.")
    if forum.participants.family_at_table is True:
        parts.append(
            "Het gezin neemt zelf deel aan het gesprek: de jongere en/of de ouders zijn erbij."
        )
    if forum.mandate_required is True:
        # Seed 000, step 3: participants arrange their mandate beforehand where needed ("om waar
        # nodig vooraf mandaat te regelen"), so that answers
        # thought of at the table can be decided on at once. Only an explicit yes: not where
        # the source says no (seed 001, City Deal) or says nothing.
        parts.append(
            "Wij vragen u waar nodig vooraf uw mandaat te regelen en met mandaat deel te nemen, "
            f"zodat over de oplossingen die {_THERE[noun(forum)]} worden bedacht, "
            "direct een besluit kan worden genomen."
        )
    if forum.cadence.assumption:
        parts.append(ASSUMED_RHYTHM)
    parts.append(consent_sentence(own, slot))
    return "\n\n".join(parts)


_WHO = {
    "parents": "van de ouders met gezag of de voogd",
    # 12 to 15: the rules for the age, not the library's stricter reading (both) stated to
    # outside parties as fact, until a lawyer answers the question in docs/privacy.md. The
    # register itself still asks both (escalatie.consent).
    "both": "volgens de regels die gelden voor een jongere van 12 tot en met 15 jaar",
    "young_person": "van de jongere",
}


def _whose_consent(case: Case, slot: Slot) -> str:
    """``parents``, ``both`` or ``young_person`` for the case's age at the meeting."""
    from escalatie.consent import Giver, age_at, required_givers

    age = (
        age_at(slot.start, born=None, age_at_submission=case.age, submitted=case.submitted_at)
        if case.submitted_at is not None
        else case.age
    )
    givers = required_givers(age)
    if givers == {Giver.PARENTS}:
        return "parents"
    return "both" if Giver.PARENTS in givers else "young_person"


def consent_sentence(cases: Sequence[Case], slot: Slot) -> str:
    """Whose consent sharing extra information needs, by each case's age at the meeting.

    Seed 000, step 3 shares extra information only "met toestemming van de jongere en/of diens
    ouders"; who that is by age is the library's consent table (:mod:`escalatie.consent`: under
    12 the parents, 12 to 15 both, from 16 the young person), worded here for the invitation.
    For 12 to 15 the invitation refers to the rules for the age rather than naming whom:
    whether a capable young person of that age decides alone (BW 7:465 lid 2 with 7:457) is
    an open question for a lawyer (docs/privacy.md), not a fact to state to outside parties.
    """
    head = "Aanvullende informatie wordt alleen gedeeld met toestemming"
    if not cases:
        return (
            f"{head}: onder de 12 jaar {_WHO['parents']}; van 12 tot en met 15 jaar volgens de "
            f"regels voor die leeftijd; vanaf 16 jaar {_WHO['young_person']}."
        )
    who = {case.reference: _whose_consent(case, slot) for case in cases}
    if len(set(who.values())) == 1:
        return f"{head} {_WHO[next(iter(who.values()))]}."
    each = "; ".join(f"voor {ref} {_WHO[w]}" for ref, w in who.items())  # ref: casus-…
    return f"{head}: {each}."
