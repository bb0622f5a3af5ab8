"""Shared text and JSON documents without control characters.

``case share`` (to standard output or a file), ``case export`` (JSON and ZGW) and ``case show``
write case text typed by people. A terminal is protected by :mod:`.terminal`, but a file is
read later by anyone's tools, and JSON escapes a C0 control (``\\u0000``) that its reader then
decodes back. So each of these documents loses the characters of :data:`.controls.CONTROLS`
(and a carriage return that does not end a line) before it is written: the text the identifier
check read (:func:`escalatie.privacy.normalise` removes the same characters) is the text that
leaves (``Test\\x00kind`` in a plan would reach the ``-o`` file of ``case share`` byte for
byte).
"""

from __future__ import annotations

import re
from typing import Any

_CONTROL: re.Pattern[str] | None = None


def plain_text(text: str) -> str:
    """``text`` without control characters; line feeds, tabs and CRLF line ends kept.

    Text that cannot hold one (:func:`.controls.may_hold_controls`) is returned as it is."""
    global _CONTROL
    from escalatie.neutralise.controls import may_hold_controls

    if not may_hold_controls(text):
        return text
    if _CONTROL is None:
        from escalatie.neutralise.controls import CONTROLS

        _CONTROL = re.compile(rf"\r(?!\n)|[{CONTROLS}]")
    return _CONTROL.sub("", text)


def plain_document(value: Any) -> Any:
    """A JSON-ready document with :func:`plain_text` applied to every text and key in it."""
    if isinstance(value, str):
        return plain_text(value)
    if isinstance(value, dict):
        return {plain_document(k): plain_document(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_document(v) for v in value]
    return value
