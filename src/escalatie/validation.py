"""Reusable attrs validators; each message names the field and what was expected."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sized
from datetime import datetime
from typing import Any

import attrs

from escalatie.errors import shown

ONE_LINE = "expected one line of text without control characters"
ENCODED_WORD = "=?"
"""The start of an RFC 2047 encoded word (``=?utf-8?q?...?=``). The ``email`` package decodes
one in a header it is given, so a name holding ``=?utf-8?q?Team_=3Cevil=40x=2Eexample=3E?=``
would write ``Team <evil@x.example>`` into ``To:`` and ``=0D=0A`` a new ``Bcc:`` line:
one-line text, which names organisations and forums in e-mail headers,
refuses it."""
NO_ENCODED_WORD = "expected text without '=?' (it would be read as an e-mail encoded word)"
LINES = "expected text without control characters (line breaks and tabs are allowed)"

DISPLAY_SPECIALS = '<>,;:"\\()[]@'
"""Characters a name that becomes an e-mail display name (``To: Basisschool De Wilg
<...>``) may not hold: RFC 5322's specials (section 3.2.3) but the dot. CPython's ``email``
package, refolding a header whose name holds a non-ASCII letter or a no-break space for
``as_bytes(policy=SMTP)``, encodes only that word and writes ``<``, ``>``, ``,`` and ``"``
unquoted, so ``Basisschool Dé Wilg <evil@x.example>`` wrote a second address into the
``To:`` header: an organisation that names a party, a submitter, a forum's
organiser or a rotation turn refuses them where it is read, and composing refuses them again."""
NO_DISPLAY_SPECIALS = (
    "expected a name without any of "
    + " ".join(DISPLAY_SPECIALS)
    + " (it becomes an e-mail display name)"
)
REDACTED = "[verwijderd]"
"""What :mod:`escalatie.privacy` writes for an identifier it scrubs (``privacy.REDACTED``).
A pseudonymised organisation may hold it: such a name is never invited under it
(``calendar.attendees.merge`` refuses it), so its brackets are not refused here."""


MODEL_NAME = r"^[a-z0-9][a-z0-9-]{1,62}\Z"
"""A model's name: lower-case letters, digits and '-', such as ``zeewolde-tafel``. A name is a
key: ``-m``, ``--models`` and the settings file's table name it, it reaches ``compare``'s
``model`` cell and calendar UIDs, so it may hold no invisible character, no list or formula
character (``;`` ``=``) and nothing a path holds (``/``, ``.``):
:func:`is_model_name`."""
MODEL_NAME_EXPECTED = "expected lower-case letters, digits and '-' (such as zeewolde-tafel)"

_ATOM = r"[A-Za-z0-9!#$%&'*+/^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL_ADDRESS = rf"^{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+{_LABEL}\Z"
"""One functional e-mail address (no list, no display name): it becomes a ``From:``/``To:``
header and a calendar ORGANIZER/ATTENDEE, where a comma or a second ``@`` would add someone.
So exactly RFC 5322's dot-atom address in ASCII: a local part of letters, digits and
``! # $ % & ' * + / ^ _ ` { | } ~ -`` (not ``=`` and ``?``, which could start an encoded word)
in dot-separated runs, and a domain of two or more labels of letters, digits and inner hyphens
(RFC 1035; an IDNA domain as its ``xn--`` labels: :func:`ascii_address`). No space, comma,
``<``, ``>``, ``"``, ``;``, ``:``, brackets or second ``@``:
:func:`is_email_address`."""
EMAIL_EXPECTED = (
    "expected an e-mail address such as team@org.example (one address: letters, digits and "
    ". _ + - before the @, a domain of letters, digits and -)"
)


def ascii_address(value: str) -> str:
    """``value`` with a Unicode domain written as IDNA 2008 writes it (the ``idna`` package,
    UTS #46): ``tafel@bücher.example`` as ``tafel@xn--bcher-kva.example``. Headers and calendar
    files carry the ASCII form (the Unicode one needs SMTPUTF8, RFC 6531, and the ``email``
    package failed on it with a codec error). As given when its domain is
    ASCII or cannot be converted (then :func:`is_email_address` refuses it); a non-ASCII local
    part has no ASCII form."""
    local, at, domain = value.rpartition("@")
    if not at or domain.isascii():
        return value
    import idna

    try:
        return f"{local}@{idna.encode(domain, uts46=True).decode('ascii')}"
    except UnicodeError:  # idna.IDNAError is one
        return value


_PATTERNS = {
    "reference": r"^[A-Za-z0-9._-]{1,64}\Z",
    "model name": MODEL_NAME,
    "email address": EMAIL_ADDRESS,
    "control": r"[\x00-\x1f\x7f-\x9f\u2028\u2029]",
    "control in lines": r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]",
    "control in text": r"\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]",
    "display specials": "[" + re.escape(DISPLAY_SPECIALS) + "]",
}
"""This module's patterns by name, compiled when first used (:func:`pattern`):

- ``model name``: :data:`MODEL_NAME`.
- ``email address``: :data:`EMAIL_ADDRESS`.
- ``control``: control characters (C0 with tab, CR and LF; DEL; C1) and the Unicode line and
  paragraph separators: a CR/LF in a name reaching an iCalendar parameter or an e-mail header
  would start a new line there (``ATTENDEE:mailto:…``, ``Bcc:``), so one-line text refuses
  them (:func:`has_control`).
- ``control in lines``: the same without tab, LF and CR, for text documented as multi-line.
- ``control in text``: ``control in lines`` and a carriage return that does not end a line
  (``\r\n``), for a case's free text (:func:`lines`): an outbound writer removes a control,
  so one between the letters of a name or the digits of a BSN hid it from a check that read
  them apart.
- ``display specials``: one of :data:`DISPLAY_SPECIALS` (:func:`display_name_problem`).
"""


@functools.cache
def pattern(name: str) -> re.Pattern[str]:
    """The pattern :data:`_PATTERNS` names, compiled when first used: the three control
    patterns' ranges beyond U+00FF make Python's compiler build a table for each, 6.7 M
    instructions of every command's start-up when they were compiled at import (issue 16),
    and a text without an unprintable character needs none of them (:func:`has_control`)."""
    return re.compile(_PATTERNS[name])


def has_control(text: str) -> bool:
    """Whether ``text`` holds a character of the ``control`` pattern (:data:`_PATTERNS`). Each
    such character is one ``str.isprintable`` refuses, so printable text is not searched."""
    return not text.isprintable() and pattern("control").search(text) is not None


def is_email_address(text: str) -> bool:
    """Whether ``text`` is one functional e-mail address (the ``email address`` pattern of
    :data:`_PATTERNS`)."""
    return pattern("email address").match(text) is not None


def is_model_name(text: str) -> bool:
    """Whether ``text`` is a model's name (:data:`MODEL_NAME`)."""
    return pattern("model name").match(text) is not None


def display_name_problem(value: str) -> str | None:
    """:data:`NO_DISPLAY_SPECIALS` when ``value`` holds one of :data:`DISPLAY_SPECIALS`
    (outside :data:`REDACTED`), also as a character whose NFKC form is one: the full-width
    and small forms (``＜evil＠x.example＞``, ``﹤﹫﹥``) show a second address in a mail
    client as well."""
    if not value.isascii():
        import unicodedata

        value = unicodedata.normalize("NFKC", value)
    special = pattern("display specials")
    if special.search(value) is None:
        return None
    if REDACTED in value and special.search(value.replace(REDACTED, "")) is None:
        return None
    return NO_DISPLAY_SPECIALS


def one_line(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    """Text of one line: no control character, no line break, no encoded word's ``=?``
    (an organisation with CR/LF, or with an encoded word, would reach the e-mail's To:
    header)."""
    if isinstance(value, str) and has_control(value):
        raise FieldError(attribute.name, ONE_LINE)
    if isinstance(value, str) and ENCODED_WORD in value:
        raise FieldError(attribute.name, NO_ENCODED_WORD)


def lines(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    """A case's free text: line feeds, tabs and CRLF line ends, but no other control character
    (the ``control in text`` pattern of :data:`_PATTERNS`) and no line or paragraph separator
    (a NUL, DEL, ESC or backspace between the letters of a name or the digits of a BSN would
    reach ``case share``, its ``-o`` file and ``case export``). A case is refused where it is
    read: from a file, from standard input and from the register."""
    if (
        isinstance(value, str)
        and not value.isprintable()
        and pattern("control in text").search(value)
    ):
        raise FieldError(attribute.name, LINES)


def control_problems(
    data: Any, path: str = "", multi_line: frozenset[str] = frozenset()
) -> list[str]:
    """One problem per text (and table key) in ``data`` holding a control character (or, in
    one-line text, an encoded word's ``=?``: :data:`ENCODED_WORD`), with its path (``forums[0].name: expected one line of text without control characters``). A key in
    ``multi_line`` may hold tabs and line breaks."""
    out: list[str] = []
    if isinstance(data, str):
        name = path.rpartition(".")[2].partition("[")[0]
        lines = name in multi_line
        if pattern("control in lines" if lines else "control").search(data):
            out.append(f"{path or '(top level)'}: {LINES if lines else ONE_LINE}")
        elif not lines and ENCODED_WORD in data:
            out.append(f"{path or '(top level)'}: {NO_ENCODED_WORD}")
    elif isinstance(data, dict):
        for key, value in data.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and has_control(key):
                out.append(f"{path or '(top level)'}: expected keys without control characters")
                continue
            out += control_problems(value, where, multi_line)
    elif isinstance(data, list | tuple):
        for i, value in enumerate(data):
            out += control_problems(value, f"{path}[{i}]", multi_line)
    return out


class FieldError(ValueError):
    """A field's value broke an invariant; ``field`` lets the converter name the JSON path."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


def between(low: int, high: int) -> Callable[[Any, attrs.Attribute[Any], int], None]:
    """A whole number from ``low`` to ``high`` inclusive (not a bool)."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise FieldError(
                attribute.name, f"expected a whole number from {low} to {high}, got {shown(value)}"
            )

    return check


def non_empty(instance: Any, attribute: attrs.Attribute[Any], value: Sized) -> None:
    if len(value) == 0 or (isinstance(value, str) and not value.strip()):
        raise FieldError(attribute.name, "expected a non-empty value")


def reference_text(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not pattern("reference").match(value):
        raise FieldError(
            attribute.name, f"expected 1 to 64 letters, digits, '.', '_' or '-', got {shown(value)}"
        )


def aware(instance: Any, attribute: attrs.Attribute[Any], value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise FieldError(
            attribute.name,
            "expected a timezone-aware date-time (tzinfo=AMSTERDAM, from escalatie.api import "
            "AMSTERDAM, or an offset such as +01:00)",
        )


def no_duplicates(
    key: Callable[[Any], Any], name: str, what: str = "value"
) -> Callable[[Any, attrs.Attribute[Any], tuple[Any, ...]], None]:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        seen: set[Any] = set()
        for item in value:
            k = key(item)
            if k in seen:
                raise FieldError(name, f"{what} {k!s} appears more than once; expected each once")
            seen.add(k)

    return check
