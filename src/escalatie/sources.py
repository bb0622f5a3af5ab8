"""Where each rule comes from: the seed documents, and documents a model declares itself.

The seeds are the bundled models' documents. A municipality's model file (or Python plugin)
declares its own :class:`Document` (title, publisher, year, URL or identifier) and its rules
cite it, so the core is not limited to the documents it was built from.
"""

from __future__ import annotations

from attrs import field, frozen, validators

from escalatie.validation import non_empty

SEEDS: dict[str, str] = {
    "000": "Handreiking maatwerktafels Utrecht Stad",
    "001": "Gemeente Utrecht: City Deal overleg en Commissie Passend Alternatief",
    "002": "VNG informatiekaart: Gemeentelijke escalatiemodellen bij vastlopende jeugdcasuïstiek",
    "003": "Utrechtse model: leidende principes en de aanvullende zorg",
    "004": "Ontwikkeling expertisenetwerken Flevoland – Utrecht",
    "law": "Wet maatschappelijke ondersteuning 2015 and related statutes",
}
"""The seeds by number, and ``law``: the statutes a rule rests on, cited as ``wet: …`` (not a
seed, but kept under this key so existing sources still read)."""

LAW = "law"


@frozen
class Document:
    """A document rules cite: a policy rule, a covenant, a council decision, a seed.

    ``url`` or ``identifier`` (a CVDR number, a decision number) lets a reader find it.
    """

    key: str = field(validator=non_empty)
    title: str = field(validator=non_empty)
    publisher: str = field(validator=non_empty)
    year: int | None = field(
        default=None, validator=validators.optional([validators.ge(1800), validators.le(2200)])
    )
    url: str = ""
    identifier: str = ""

    def describe(self) -> str:
        """``title (publisher, year)``, then where to find it."""
        made = f"{self.publisher}, {self.year}" if self.year else self.publisher
        where = self.url or self.identifier
        return f"{self.title} ({made})" + (f", {where}" if where else "")


@frozen
class Source:
    """A place in a document: a seed's number (``seed``) or a declared :class:`Document`, and
    the section that states the rule; ``also``, other places the rule rests on too (a seed and
    the service's own description, say), each cited after it."""

    seed: str
    section: str = ""
    document: Document | None = None
    also: tuple[Source, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.document is None and self.seed not in SEEDS:
            raise ValueError(
                f"source.seed: expected one of {sorted(SEEDS)} or a declared document, "
                f"got {self.seed!r}"
            )
        if self.document is not None and self.document.key != self.seed:
            raise ValueError(
                f"source.seed: {self.seed!r} differs from its document's key {self.document.key!r}"
            )

    @property
    def title(self) -> str:
        """The cited document's title."""
        return self.document.title if self.document is not None else SEEDS[self.seed]

    def cite(self) -> str:
        """A short citation such as ``seed 000, §2 Route naar een maatwerktafel``, or for a
        declared document ``Beleidsregels escalatie (Gemeente Zuiderveen 2025), art. 3``."""
        if self.document is None and self.seed == LAW:
            # Law is no seed: "wet: BW 7:457", not "seed law, …".
            return ("wet: " + self.section if self.section else "wet") + "".join(
                f"; {other.cite()}" for other in self.also
            )
        if self.document is None:
            head = f"seed {self.seed}"
        else:
            doc = self.document
            head = f"{doc.title} ({doc.publisher}{f' {doc.year}' if doc.year else ''})"
        return (
            head
            + (f", {self.section}" if self.section else "")
            + "".join(f"; {other.cite()}" for other in self.also)
        )


def seed(number: str, section: str = "") -> Source:
    """Shorthand used by the rule tables of the models."""
    return Source(number, section)


def cite_document(document: Document, section: str = "") -> Source:
    """A place in a declared document."""
    return Source(document.key, section, document)
