"""What a model declares about learning and agreements: its learning outputs and the policy its
agreements are checked against (seeds 000, 001).

Part of every :class:`~escalatie.model.EscalationModel`, so triage imports it; the records the
register keeps (agreements, insights, learning lines) are in :mod:`escalatie.learning`, which
triage does not import (issue 16). Both are importable from :mod:`escalatie.learning`.
"""

from __future__ import annotations

from attrs import field, frozen, validators

from escalatie.rules import Rule
from escalatie.sources import Source


def closing_source(agreements: AgreementsPolicy, model_source: Source) -> Source:
    """Where a model's closing rule (``required_to_close``) comes from: the source of its first
    agreements rule, else the model's own source. Never another municipality's seed (a Zeewolde
    model file's refusal would cite Utrecht's seed 000)."""
    return agreements.rules[0].source if agreements.rules else model_source


@frozen
class LearningOutput:
    """What a model produces to learn from cases: learning lines, workshops, leeronderzoek …

    ``audience_key`` is the Dutch key of the body it goes to (``veld``, ``bestuur``,
    ``transformatietafel`` …, see :mod:`escalatie.audiences`): ``learn report --audience`` and
    ``signal add --to`` take these keys. ``collector`` is the role that gathers and writes it,
    in Dutch with its article ("de procesondersteuner", "de jeugdconsul"), as reports name it.
    An output without a key (one a role keeps for itself) is no report audience.

    ``answers``: the body answers what it is sent and says by when it acts (the board, the
    Transformatietafel, purchasing), so ``signal add --to`` may address it and its report
    lists signals with an answer deadline. False by default: a group that is told what the
    cases teach (seed 000, stap 6: "verspreiden de aanwezigen de opgedane kennis binnen de
    eigen organisatie"; seed 001's workshops) gets the learning-lines report instead.
    """

    kind: str
    description: str
    audience: str
    source: Source
    period: str = ""
    audience_key: str = field(default="", validator=validators.matches_re(r"^([a-z][a-z-]*)?$"))
    collector: str = ""
    answers: bool = False


@frozen
class AgreementsPolicy:
    """What the agreements of a forum are checked against (``rules``), and what happens with them
    after the meeting (``after_the_meeting``, in Dutch for the participants; seed 000, step 5).

    ``required_to_close``: the forum records agreements with a lead, so a case of the model is
    closed as resolved or partly resolved only when it has them (seed 000, stap 5: "worden de
    gemaakte afspraken … genoteerd door de procesondersteuner"). True by default, the
    maatwerktafel's rule; a model whose source describes no recorded agreements (a commission's
    budget decision, seed 001; knelpuntenzorg's "géén vaste procedure", seed 002) sets it false.
    """

    rules: tuple[Rule, ...] = ()
    after_the_meeting: tuple[str, ...] = ()
    required_to_close: bool = True
    aligned_before_sharing: bool = False
    """The agreements are aligned with the submitter (``agreement aligned``) before they are
    shared (``case share --what agreements``): seed 000, stap 5, "Na afloop van de maatwerktafel
    worden de gemaakte afspraken door de procesondersteuner afgestemd met de indiener van de
    casus. De indiener van de casus deelt de afspraken vervolgens". False by default: only a
    source that names the step sets it (the maatwerktafel)."""
