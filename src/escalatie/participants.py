"""What a plugin answers when asked who is invited for one case (``escalatie_invitation_participants``).

A frozen value, so the calendar reads typed fields instead of guessing attributes; see
``docs/hooks.md``. Organisations only: no person's name or address is ever part of it.
"""

from __future__ import annotations

from attrs import frozen


@frozen
class Invited:
    """One organisation to invite: ``required`` ones are expected at the table (REQ-PARTICIPANT),
    others are welcome (OPT-PARTICIPANT); ``reason`` says why, in a word (``expected``,
    ``rotation``)."""

    organisation: str
    required: bool = True
    reason: str = "expected"


@frozen
class InvitationParticipants:
    """Who is invited for one case at one meeting, as a plugin decides it.

    ``invited``: the organisations to invite, in order; ``not_needed``: organisations whose
    rotation turn it is but who are not needed for this case, to be told so (seed 000, step 3).
    The submitting organisation is invited in any case, by the core.
    """

    invited: tuple[Invited, ...]
    not_needed: tuple[str, ...] = ()

    @property
    def organisations(self) -> tuple[str, ...]:
        """The invited organisations' names, in order, without repeats."""
        return tuple(dict.fromkeys(i.organisation for i in self.invited))
