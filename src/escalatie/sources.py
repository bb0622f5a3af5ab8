"""Where each rule comes from: the seed documents a policy adviser can check a rule against."""

from __future__ import annotations

from attrs import frozen

SEEDS: dict[str, str] = {
    "000": "Handreiking maatwerktafels Utrecht Stad",
    "001": "Gemeente Utrecht: City Deal overleg en Commissie Passend Alternatief",
    "002": "VNG informatiekaart: Gemeentelijke escalatiemodellen bij vastlopende jeugdcasuïstiek",
    "003": "Utrechtse model: leidende principes en de aanvullende zorg",
    "004": "Ontwikkeling expertisenetwerken Flevoland – Utrecht",
    "law": "Wet maatschappelijke ondersteuning 2015 and related statutes",
    "acute-ggz": "Brief van de minister van VWS over de acute ggz (Kamerstuk 25 424, nr. 273, 2015)",
}


@frozen
class Source:
    """A place in a seed document: the seed's number and the section that states the rule."""

    seed: str
    section: str = ""

    def __attrs_post_init__(self) -> None:
        if self.seed not in SEEDS:
            raise ValueError(f"source.seed: expected one of {sorted(SEEDS)}, got {self.seed!r}")

    def cite(self) -> str:
        """A short citation such as ``seed 000 §2 Route naar een maatwerktafel``."""
        return f"seed {self.seed}" + (f", {self.section}" if self.section else "")


def seed(number: str, section: str = "") -> Source:
    """Shorthand used by the rule tables of the models."""
    return Source(number, section)
