"""What an aanspreekpunt's override of triage goes against, read by Utrecht's policy (seed 000).

Seed 000 (stap 2) has the submitter discuss the question with their own aanspreekpunt, one per
organisation in its contact table, and (stap 3) organises a maatwerktafel only when that talk
judged it passend. An override is the aanspreekpunt's to make and is never refused; its audit
line and the command say when it goes against either. The core asks this module through the
``escalatie_override_remarks`` hook, for this plugin's models only; the core's own reading of a
model's contact points (:func:`escalatie.route_decision.contact_point_remarks`) cites no seed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from escalatie.api import Case, EscalationModel


def override_remarks(model: EscalationModel, case: Case, decided_by: str) -> tuple[str, ...]:
    """What an override by ``decided_by`` goes against, each remark citing the words of seed
    000 it rests on: the recorded talk judged a table niet passend (stap 3, "Indien de uitkomst
    van je gesprek met je aanspreekpunt is dat het passend is"); the deciding aanspreekpunt is
    not the one seed 000's contact table gives the submitter's organisation (contact points'
    ``submitters``; stap 2, "bespreek je dit met je aanspreekpunt"). Only roles, keys and the
    outcome: nothing that identifies the case."""
    from escalatie.route_decision import contact_point_remarks

    return contact_point_remarks(
        model,
        case,
        decided_by,
        not_suitable=(
            "the recorded talk with the aanspreekpunt judged a table niet passend "
            "(outcome not_suitable; seed 000 stap 3 organises one only when it is passend)"
        ),
        not_own_source="seed 000 stap 2: 'bespreek je dit met je aanspreekpunt'",
    )
