"""The wording of the audit entries escalatie reads back: the markers from where events and
rows are sealed.

The register's audit log is written in English and kept for years; a later version reads the
markers an older one wrote (how many events and rows came before their seal). The writer
(:func:`escalatie.register.chain.marker_detail`, :func:`escalatie.register.rowseal.marker_text`)
and the readers (their patterns, and the SQL that finds the rows marker) take the text from
here, so it is worded in one place. Rewording one of these breaks every register written
before: change them only together with a reader for the old wording (``tests/register/data``
holds an older register that must keep verifying).
"""

from __future__ import annotations

import re

EVENTS_MARKER = "{count} events, up to number {last}, were written before events were sealed"
"""The ``events_sealed`` entry's text (then ``; `` and the rows marker, where written together)."""

ROWS_MARKER_START = "rows before their seal"
"""How the rows marker starts; an ``events_sealed`` entry with it carries the rows' counts."""

ROWS_MARKER = ROWS_MARKER_START + ": {tables}, {remote} ZGW objects sealed as found"
"""The rows marker: one :data:`ROWS_MARKER_TABLE` per sealed table, then the ZGW objects."""

ROWS_MARKER_TABLE = "{count} {plural} up to number {last} #{digest}"


def pattern(template: str, **groups: str) -> str:
    """A regular expression for ``template``: its text literal, each ``{name}`` replaced by
    ``groups[name]``."""
    parts = re.split(r"\{(\w+)\}", template)
    return "".join(groups[p] if i % 2 else re.escape(p) for i, p in enumerate(parts))
