"""Who is invited to a maatwerktafel for a case, and the Dutch agenda text (seed 000, step 3).

The calendar output uses :func:`participants_for` for the ATTENDEEs of an invitation and
:func:`agenda_text` for its description. Both work on organisations and the pseudonymised case
only: no person's name, phone number or e-mail address ever leaves this module.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from attrs import frozen

from escalatie.api import Cadence, Case, Forum, InvitationParticipants, Invited, PartyRole
from escalatie.clock import local
from escalatie.errors import EscalatieError
from escalatie.privacy import pseudonymise
from escalatie_utrecht.principles import CONSULTATIONS, rotation_needed

INVITED_ROLES: tuple[PartyRole, ...] = (
    PartyRole.SOCIAL_BASE,
    PartyRole.EDUCATION,
    PartyRole.BASIC_CARE,
    PartyRole.ADDITIONAL_CARE_YOUTH,
    PartyRole.ADDITIONAL_CARE_WMO,
)
"""Roles from which professionals or volunteers who may play a part are invited."""

ROTATION_SIZE = 2
"""How many of the larger providers take their turn at each table (an assumption: the seed
says only that they rotate so that some always have time)."""

FAMILY_ROLES = frozenset({PartyRole.FAMILY, PartyRole.KEY_SUPPORT_FIGURE})


@frozen
class Invitee:
    """One invitation: an organisation (or the family), its role, and why it is invited."""

    name: str
    role: PartyRole
    reason: str
    expected: bool


@frozen
class Participants:
    """The invitation list of one case at one table.

    ``invited``: the family, a key support figure, currently involved parties and parties that
    already thought along on the plan (expected) and other parties that may play a role; ``rotation``: larger providers whose turn it is and who
    are needed for this case; ``not_needed``: those whose turn it is but who are not needed, to
    be told so; ``open_roles``: invited roles nobody fills yet, for the procesondersteuner to
    suggest participants for.
    """

    invited: tuple[Invitee, ...]
    rotation: tuple[str, ...]
    not_needed: tuple[str, ...]
    open_roles: tuple[PartyRole, ...]

    @property
    def organisations(self) -> tuple[str, ...]:
        """Every organisation to invite (the family excluded), rotation included."""
        names = [i.name for i in self.invited if i.role not in FAMILY_ROLES]
        return tuple(dict.fromkeys([*names, *self.rotation]))

    def invitation(self) -> InvitationParticipants:
        """The answer to ``escalatie_invitation_participants``: organisations only, expected
        ones required. The family and a key support figure are people, invited in person
        rather than by calendar file, so their addresses stay out of it. Who sends the
        organisations' invitations is the library's choice, not the seed's: seed 000 stap 3
        has the submitter send them once the date and participants are agreed with the
        procesondersteuner; the model has the procesondersteuner send them "namens de
        indiener" (``organiser.on_behalf_of``; docs/privacy.md, open question 4)."""
        invited = [
            Invited(i.name, i.expected, "expected")
            for i in self.invited
            if i.role not in FAMILY_ROLES
        ]
        invited += [Invited(name, True, "rotation") for name in self.rotation]
        unique = {i.organisation: i for i in reversed(invited)}
        return InvitationParticipants(
            tuple(i for i in invited if unique[i.organisation] is i), self.not_needed
        )


def _consulted(case: Case) -> frozenset[str]:
    """The parties that already thought along on the plan, casefolded: the ``by`` of each
    consultation (ASK, telephone or participating consult, home visit). Seed 000 stap 3 expects
    them at the table with the currently involved ("De partijen die al hebben meegedacht op het
    plan worden verwacht om aanwezig te zijn"). A ``by`` is matched to a party of the case by
    name, as :func:`~escalatie_utrecht.principles.consultation_tracks` reads it; one that names
    no party is not invited, since a ``by`` may name a role rather than an organisation."""
    return frozenset(s.by.strip().casefold() for s in case.prior_steps if s.kind in CONSULTATIONS)


def rotation_pick(
    pool: tuple[str, ...], meeting_index: int, size: int = ROTATION_SIZE
) -> tuple[str, ...]:
    """The providers whose turn it is at the ``meeting_index``-th table: a window of ``size``
    moving through the pool, so each provider takes its turn in order."""
    if meeting_index < 0:
        raise EscalatieError(f"meeting_index: expected 0 or more, got {meeting_index}")
    if not pool:
        return ()
    size = min(size, len(pool))
    return tuple(pool[(meeting_index * size + i) % len(pool)] for i in range(size))


def participants_for(case: Case, forum: Forum, meeting_index: int) -> Participants:
    """Whom to invite for ``case`` at the ``meeting_index``-th table of ``forum``."""
    policy = forum.participants
    invited: list[Invitee] = []
    if policy.family_at_table:
        invited.append(Invitee("het gezin", PartyRole.FAMILY, "het gezin zit aan tafel", True))
    if policy.key_support_figure and any(
        p.role is PartyRole.KEY_SUPPORT_FIGURE for p in case.parties
    ):
        invited.append(
            Invitee(
                "belangrijke steunfiguur van het gezin",
                PartyRole.KEY_SUPPORT_FIGURE,
                "als het gezin dat wil",
                False,
            )
        )
    consulted = _consulted(case)
    seen: set[str] = set()
    for party in case.parties:
        if party.role in FAMILY_ROLES or party.organisation in seen:
            continue
        if party.currently_involved and policy.currently_involved_expected:
            seen.add(party.organisation)
            invited.append(
                Invitee(party.organisation, party.role, "huidige betrokkene: verwacht", True)
            )
        elif (
            party.organisation.strip().casefold() in consulted
            and policy.currently_involved_expected
        ):
            seen.add(party.organisation)
            invited.append(
                Invitee(party.organisation, party.role, "heeft meegedacht: verwacht", True)
            )
        elif party.role in policy.invited_roles:
            seen.add(party.organisation)
            invited.append(
                Invitee(party.organisation, party.role, "kan mogelijk een rol spelen", False)
            )
    turn = [p for p in rotation_pick(policy.rotation_pool, meeting_index) if p not in seen]
    needed = rotation_needed(case) or not policy.check_need_per_case
    filled = {i.role for i in invited}
    if turn and needed:
        filled.add(PartyRole.ADDITIONAL_CARE_YOUTH)
    return Participants(
        invited=tuple(invited),
        rotation=tuple(turn) if needed else (),
        not_needed=() if needed or not policy.notify_not_needed else tuple(turn),
        open_roles=tuple(r for r in policy.invited_roles if r not in filled),
    )


def meeting_index(cadence: Cadence, start: datetime) -> int:
    """The number of the table starting at ``start`` among all dates of the cadence's series,
    counted from the earliest ``runs_from`` (tables on days off count too, so the rotation does
    not shift when a table is cancelled)."""
    if not cadence.series:
        raise EscalatieError("cadence: expected meeting series; a forum on request has no index")
    day = local(start).date()
    first = min(s.runs_from for s in cadence.series)
    dates = sorted(
        {d for s in cadence.series for d in s.occurrences(first, day + timedelta(days=1))}
    )
    if not dates or dates[-1] != day:
        raise EscalatieError(f"start: {day.isoformat()} is not a date of this forum's series")
    return len(dates) - 1


def agenda_text(case: Case) -> str:
    """The Dutch agenda text for an invitation: the anonymised plan plus the question only.

    Built from :func:`~escalatie.privacy.pseudonymise`, so identifiers typed into the plan or
    the question are removed. A case without a plan cannot be invited (seed 000, step 3).
    """
    safe = pseudonymise(case)
    if not safe.plan.strip():
        raise EscalatieError(
            f"case {safe.reference}: plan: expected the anonymised plan made with the family, "
            "which an invitation carries (seed 000, stap 3); write it into the case document's "
            '"plan" field and invite again'
        )
    return (
        f"Kenmerk: {safe.reference}\n\n"
        f"Vraag aan de maatwerktafel:\n{safe.question.strip()}\n\n"
        f"Geanonimiseerd plan:\n{safe.plan.strip()}\n"
    )
