"""Example case documents that plugins contribute (invented names and details)."""

from __future__ import annotations

from attrs import frozen

from escalatie.case import Case
from escalatie.sources import Source


@frozen
class ExampleCase:
    """A named example case and the seed it was drawn from."""

    name: str
    title: str
    case: Case
    source: Source
