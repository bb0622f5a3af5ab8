"""Case text in a Markdown report, shown as text: no HTML, no links, no structure of its own.

A Markdown viewer renders ``<script>``, ``<img onerror=...>`` and ``[click](javascript:...)``
from the source; text typed into a case could so put a link or active HTML in a report that
is "shared with the field" (seed 000, step 6). :func:`markdown_text` escapes HTML as character
references (``&lt;``) and puts a backslash before every character CommonMark gives a meaning
inline (links, images, emphasis, code, table cells), and before list, heading and quote
markers at the start, so the reader sees exactly the characters typed. Line breaks become
spaces: case text is one paragraph, list item or table cell. A bare ``https://`` address stays
visible text; GitHub-style viewers may still make it clickable, showing its real target.
"""

from __future__ import annotations

import re

from escalatie.neutralise.terminal import terminal_text

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_INLINE = re.compile(r"([\\`*_\[\]()!|~{}])")
_LINE_START = re.compile(r"^([#+\-=]|\d+(?=\.))")


def markdown_text(text: str) -> str:
    """``text`` as literal Markdown inline text (one line)."""
    text = " ".join(terminal_text(text).split())
    text = "".join(_HTML.get(c, c) for c in text)
    text = _INLINE.sub(r"\\\1", text)
    # "- x" would start a list, "# x" a heading, "1. x" a numbered list.
    return _LINE_START.sub(
        lambda m: m.group(1) + "\\" if m.group(1)[0].isdigit() else "\\" + m.group(1), text
    )
