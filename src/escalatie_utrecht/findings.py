"""A way a proposed solution departs from a leading principle (:class:`Finding`), as
:func:`escalatie_utrecht.principles.check_solution` reports it.

A module of its own so that a triage, which runs the principles' predicates but never checks a
solution, does not define the class: an attrs class costs about 1.2 M instructions to define,
even with its generated code cached (issue 16). ``escalatie_utrecht.principles.Finding`` still
names it.
"""

from __future__ import annotations

from attrs import frozen


@frozen
class Finding:
    """One way a proposed solution departs from a leading principle, with the rule's citation."""

    rule: str
    text: str
    source: str
