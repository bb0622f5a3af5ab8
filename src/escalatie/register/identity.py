"""A case's identity, kept apart from the event log.

A submitted case is split in two: its :class:`~escalatie.case.Identity` block (and the
submitter's own reference, which links back to their file) goes to the identity table; the
rest goes into the event payload, built from :func:`escalatie.privacy.pseudonymise`, which
scrubs *every* free-text field, because people type names into the oddest places (an
organisation field, a provider). Text added later (agreements, insights, reasons) is scrubbed
with the same case's identifiers (:func:`escalatie.privacy.identifier_pattern`) before it is
written.
"""

from __future__ import annotations

from typing import Any

from attrs import frozen

from escalatie.case import Case, Identity
from escalatie.documents import unstructure
from escalatie.privacy import pseudonymise


@frozen
class StoredIdentity:
    """What the identity table holds for one case.

    ``reference`` is the submitter's own reference: it links back to their file, so it stays
    here; the event log knows the case only by its register id.
    """

    identity: Identity | None
    reference: str


def split(case: Case, case_id: str) -> tuple[dict[str, Any], StoredIdentity]:
    """The pseudonymous case document for the event log, and what goes to the identity table."""
    document = unstructure(pseudonymise(case))  # every free-text field scrubbed
    document["reference"] = case_id
    document.pop("identity", None)
    return document, StoredIdentity(case.identity, case.reference)
