"""The bodies a model's learning outputs go to, by their Dutch key (issue 12).

Seeds 000, 001 and 002 each feed what the cases reveal back to the system, each to its own
body: learning lines to the field (seed 000, step 6), Rotterdam's advice to the college and
the knelpuntenzorg adviser's short lines to the board (seed 002), Hillegom-Lisse-Teylingen's
findings to the Transformatietafel (seed 002). ``learn report --audience KEY`` and
``signal add --to KEY`` take these keys; a model names the ones it serves through
:attr:`escalatie.learning.LearningOutput.audience_key`.
"""

from __future__ import annotations

import re

from escalatie.errors import EscalatieError, shown
from escalatie.learning import LearningOutput
from escalatie.model import EscalationModel

TITLES: dict[str, str] = {
    "veld": "het veld",
    "bestuur": "het college en de wethouder",
    "transformatietafel": "de Transformatietafel",
    "klankbordgroep": "de klankbordgroep van contractpartners",
    "inkoop": "de regionale inkoop",
    "professionals": "de professionals aan de voorkant",
    "organisaties": "de eigen organisaties van de deelnemers",
    "werkafspraken": "de partijen bij de werkafspraken",
    "verwijzers-en-aanbieders": "de verwijzers en aanbieders",
    "gemeente": "de gemeente en haar partners",
}
"""How a Dutch report names each known body ("Voor het college en de wethouder")."""

OWN_ORGANISATIONS = "organisaties"
"""The participants' own organisations: the one audience whose report asks its readers to
share the lines within their organisation (seed 000 stap 6: "verspreiden de aanwezigen de
opgedane kennis binnen de eigen organisatie"); the field is told, not asked to spread."""

_KEY = re.compile(r"[a-z][a-z-]*\Z")
"""What a model file may give as ``audience_key`` (:class:`escalatie.learning_policy.LearningOutput`)."""

BOARD = frozenset({"bestuur", "transformatietafel"})
"""Bodies that get the board's report: signals per obstacle, overrides, time to breakthrough."""


def title(key: str, output: LearningOutput | None = None) -> str:
    """The Dutch name of a body: the known title, else the output's own audience text."""
    if key in TITLES:
        return TITLES[key]
    return output.audience if output is not None else key


def audiences(model: EscalationModel) -> dict[str, LearningOutput]:
    """The keys ``model`` names, each with the first learning output that goes there."""
    out: dict[str, LearningOutput] = {}
    for output in model.learning:
        if output.audience_key:
            out.setdefault(output.audience_key, output)
    return out


def audience(model: EscalationModel, key: str, option: str) -> LearningOutput:
    """The learning output of ``model`` for ``key``, or a one-line error listing the keys."""
    known = audiences(model)
    if key not in known:
        names = ", ".join(sorted(known))
        # A model without any names how to add one ("it names: none" helps no one).
        # The key is put into the hint only when a model file could name it (lower-case
        # letters and '-', learning_policy.LearningOutput.audience_key): an e-mail address or
        # text with escapes is shown once, escaped, and never offered as TOML.
        example = key if _KEY.match(key) else "bestuur"
        listed = (
            f"it names: {names}"
            if names
            else "it names none; a model file adds one with a [[learning]] output that has "
            f"audience_key = \"{example}\" (lower-case letters and '-'; docs/model-files.md)"
        )
        raise EscalatieError(
            f"{option}: model {model.name} names no audience {shown(key)}; {listed}"
        )
    return known[key]
