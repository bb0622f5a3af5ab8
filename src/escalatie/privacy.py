"""Privacy by construction: what leaves the library is built from the pseudonymised case.

Direct identifiers live only in :class:`~escalatie.case.Identity`. :func:`pseudonymise` drops
that block and scrubs every identifier from every free-text field of the case (people type
names into the oddest places: a plan, an organisation, a provider, the reference itself), so an
invitation, calendar file, report, comparison or export cannot carry a name, BSN, address, phone
number, e-mail address or date of birth (seed 000, step 3: invitations carry an anonymised plan).

One set of spellings (:func:`identifier_pattern`, and :func:`find_identifier`, which names the
field that matched) serves every part of the library: the case document, the register's event
log, and the last check on a finished artifact. Text is first normalised (:func:`normalise`:
Unicode NFKC, no invisible characters) and folded (:func:`folded`: no accents, any dash a
hyphen, Cyrillic and Greek look-alikes Latin, spelled-out letters joined), then matched ignoring
case and runs of whitespace:
each whole identifier; a first name or each part of a (double) surname on its own as a word,
also with a possessive s; the date of birth in numeric and written Dutch spellings; a phone
number nationally or internationally and a BSN, with or without separators; the street and
house number without the town, and the postcode alone; the e-mail address also written out
(``[at]``); the case file's own reference (:func:`case_patterns`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from enum import Enum
from typing import Any

from escalatie.case import Case, Identity
from escalatie.validation import REDACTED as REDACTED
from escalatie.validation import pattern

PARTICLES = frozenset(
    {"van", "de", "der", "den", "het", "ter", "ten", "te", "op", "in", "la", "le", "du", "da"}
    | {"di", "del", "des", "von", "zu"}
)
"""Tussenvoegsels: parts of a name that are never matched on their own."""

_NOT_TEXT = frozenset(
    {"kind", "role", "level", "obstacles", "conditions", "submitted_at", "resolved", "age"}
)
"""Keys of a case document whose values are enums, numbers or dates, never free text."""


DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d"
"""Dashes people (and word processors) put where a hyphen belongs: hyphen, non-breaking hyphen,
figure dash, en and em dash, horizontal bar, minus sign, hyphen bullet, small and full-width
hyphen-minus. The folded text (:func:`folded`) writes every one of them, and every other
Unicode dash punctuation (category Pd), as ``-``."""

CONFUSABLES = dict(
    zip(
        "аеорсухіјѕԁһӏԛԝАВЕКМНОРСТХУІЈЅαονριυκΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
        "aeopcyxijsdhlqwABEKMHOPCTXYIJSaovpiukABEZHIKMNOPTYX",
        strict=True,
    )
)
"""Cyrillic and Greek letters that look like Latin ones (Unicode's confusables, the common
ones): ``Tеstkind`` with a Cyrillic ``е`` is read as ``Testkind``."""

LETTERS_WITHOUT_DECOMPOSITION = {
    "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d",
    "Ħ": "H", "ħ": "h", "Ŧ": "T", "ŧ": "t", "ı": "i", "Ɨ": "I", "ɨ": "i", "ƀ": "b",
    "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "ß": "ss", "ẞ": "SS", "Þ": "TH", "þ": "th",
}  # fmt: skip
"""Letters that Unicode does not decompose into a base letter and a mark, so taking accents
off leaves them as they are, written as people write them without the letter: ``Łukasz`` as
``Lukasz``, ``Søren`` as ``Soren``, ``Strauß`` as ``Strauss``, ``Æsa`` as ``Aesa``, ``Þóra``
as ``Thora``. A letter may become two (``ß``: ``ss``)."""

SEPARATOR = r"[\s.,\-_/·]{0,3}"
"""What people put between the digits of a number: spaces, dots, commas, dashes, slashes
(bounded). Matched on the folded text, so every Unicode dash and space counts."""

PHONE_SEPARATOR = r"[\s.\-_/·()]{0,3}"
"""Between the digits of a phone number also brackets: "(06) 98765432", "+31 (0)6 …"."""

POSSESSIVE = r"(?:['’‘`´]?s)?"
"""A name with a genitive s: "Sannes fiets", "Sanne's plan"."""

MONTH_NAMES = (
    ("januari", "january", "jan"), ("februari", "february", "feb"), ("maart", "march", "mrt", "mar"),
    ("april", "apr"), ("mei", "may"), ("juni", "june", "jun"), ("juli", "july", "jul"),
    ("augustus", "august", "aug"), ("september", "sept", "sep"), ("oktober", "october", "okt", "oct"),
    ("november", "nov"), ("december", "dec"),
)  # fmt: skip
"""Dutch and English month names and their abbreviations, as typed in a date of birth."""


@functools.cache
def postcode() -> re.Pattern[str]:
    """A Dutch postcode: four digits (not starting with 0), two letters.

    This module's patterns are compiled when first used, not at import: a triage of a case
    without an identity block uses none of them (issue 16, docs/benchmarks.md)."""
    return re.compile(r"(?<![0-9])([1-9][0-9]{3})[\s.\-]*([a-zA-Z]{2})(?![a-zA-Z])")


@functools.cache
def street_number() -> re.Pattern[str]:
    """The street and house number at the start of an address ("Teststraat 12a, Utrecht")."""
    return re.compile(r"([^\d,]*[^\W\d_][^\d,]*?)\s*(\d+)")


HOUSE_NUMBER_WORD = r"(?:(?:nr|no|nummer|huisnummer)\.?\s*)?"
"""A word some put before the house number: "Verzonnenstraat nr. 1"."""

AT_SIGN = r"\s*(?:@|[(\[{<]\s*(?:at|apenstaartje)\s*[)\]}>]|\s(?:at|apenstaartje)\s)\s*"
"""The ``@`` of an e-mail address, also written out to fool harvesters: ``(at)``, ``[at]``,
`` at ``. (URL-encoded or as an HTML character reference it is read as ``@`` in the folded
text: :func:`_encoded_at`.)"""


@functools.cache
def _encoded_at() -> re.Pattern[str]:
    """An ``@`` URL-encoded (``%40``, as in a ``mailto:`` link) or written as an HTML
    character reference (``&#64;``, ``&#x40;``, ``&commat;``), which :func:`folded` reads as
    ``@``: in the text, not in :data:`AT_SIGN`, whose
    every character every identity's pattern compiles again. ``%40`` only before a letter:
    its digits then begin no number (``%401234567`` may be a BSN written after a ``%``); a
    reference's digits are closed by its ``;``."""
    return re.compile(r"%40(?=[^\W\d_])|&#0*64;|&#[xX]0*40;|&commat;")


DOT = r"\s*(?:\.|[(\[{<]\s*(?:dot|punt)\s*[)\]}>]|\s(?:dot|punt)\s)\s*"
"""A dot in an e-mail address, also as ``(dot)``, ``[dot]``, `` dot ``, `` punt ``."""

LETTER_SEPARATORS = ".-_/*"
"""What people put between the letters of a name to spell it out (``S.a.n.n.e``,
``S-a-n-n-e``, ``S_a_n_n_e``, ``S/a/n/n/e``, ``S*a*n*n*e``), also with white space around it
(``S. a. n. n. e``); and a run of white space alone (``S  a  n  n  e``)."""


@functools.cache
def _spaced() -> re.Pattern[str]:
    """Three or more single letters, each apart from the next by the same separator: one or
    more spaces (``T e s t k i n d``, ``T  e  s  t``), or one of :data:`LETTER_SEPARATORS`
    with or without spaces around it. The same separator throughout, so a longer gap between
    spelled words stays a gap (``S a n n e   V r i e s``); ordinary abbreviations are joined
    only in the copy that is matched (``z.s.m.`` reads ``zsm.``), never in what is written."""
    return re.compile(
        r"(?<![^\W_])[^\W\d_](\s{1,8}|\s{0,3}[.\-_/*]\s{0,3})[^\W\d_](?:\1[^\W\d_])+(?![^\W_])"
    )


_SHAPES: list[bytes] = []
""":func:`_shapes`' table once built (a list read inline: a cached call costs more than the
look it saves, issue 16)."""


def _shapes() -> bytes:
    """A table for :meth:`bytes.translate` that writes each ASCII character as its kind for
    :func:`_spaced`: ``a`` a letter, ``s`` a separator, ``w`` another non-word character, ``0``
    a digit (each decided by the very character classes of :func:`_spaced`); built when first
    used."""
    if _SHAPES:
        return _SHAPES[0]
    table = bytearray(b"0" * 256)
    for code in range(128):
        char = chr(code)
        if re.fullmatch(r"[^\W\d_]", char):
            table[code] = ord("a")
        elif re.fullmatch(r"[\s.\-_/*]", char):
            table[code] = ord("s")
        elif re.fullmatch(r"[\W_]", char):
            table[code] = ord("w")
    _SHAPES.append(bytes(table))
    return _SHAPES[0]


def _may_be_spaced(text: str) -> bool:
    """Whether a run of :func:`_spaced` can start in the ASCII ``text``: a letter on its own
    (first, or after a non-word character) and a separator after it. Read from the text's
    shape (:func:`_shapes`) in a few C loops, where :func:`_spaced` tries its look-behind at
    every position: most texts have no such letter (issue 16). The shape is looked through
    as text: ``in`` on bytes takes each operand as a buffer, five times the cost."""
    table = _SHAPES[0] if _SHAPES else _shapes()
    shape = text.encode("ascii").translate(table).decode("ascii")
    return shape.startswith("as") or "sas" in shape or "was" in shape


INVISIBLE = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f\u2065\u2800\u3164\uffa0"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
    + "".join(map(chr, range(0xFFF0, 0xFFF9)))
    + "".join(map(chr, range(0x1BCA0, 0x1BCA4)))
)
"""Characters that show nothing and are not format characters (category Cf, removed too):
the combining grapheme joiner, the Hangul fillers, the Khmer inherent vowels, the Mongolian
and other variation selectors, the braille blank and the unassigned or shorthand ignorables,
i.e. Unicode's default-ignorable code points outside Cf (``S\u034fanne`` reads ``Sanne``);
with :data:`INVISIBLE_BLOCK`, tested as a range (:func:`invisible`)."""

INVISIBLE_BLOCK = ("\U000e0000", "\U000e0fff")
"""The first and last code point of the block of tags, variation selectors and reserved
ignorables, invisible as a whole. Tested as a range: a set of its 4,096 characters cost every
command that imports this module 6 M instructions to build (issue 16)."""


def invisible(char: str) -> bool:
    """Whether the one character ``char`` shows nothing and is not a format character:
    :data:`INVISIBLE` or :data:`INVISIBLE_BLOCK`."""
    return char in INVISIBLE or INVISIBLE_BLOCK[0] <= char <= INVISIBLE_BLOCK[1]


_CONTROL_CHARS = "control in text"
"""The pattern of :func:`escalatie.validation.pattern` (compiled when first used) that finds
control characters (Unicode's Cc but tab, line feed and a CRLF's carriage return) and the
line and paragraph separators (Zl, Zp): :func:`normalise` removes them as it removes format
characters, since an outbound writer removes them too (``Test\x00kind``, ``111\x7f222\x7f333``
read as one name and one BSN)."""


IDEOGRAPHIC_FULL_STOP = "\u3002"
"""``。``, read as ``.`` by :func:`normalise`: UTS #46 (IDNA) takes it, the half-width ``｡``
(U+FF61) and the full-width ``．`` (U+FF0E) as a label separator, so ``ouder@bücher。example``
is the address ``ouder@bücher.example``."""


def normalise(text: str) -> str:
    """The text as it is compared: Unicode NFKC (so a name in decomposed form, full-width
    digits or a non-breaking space are written one way; every full stop IDNA reads as a dot
    is ``.``: :data:`IDEOGRAPHIC_FULL_STOP`) without invisible characters
    (zero-width space, soft hyphen, Hangul filler, braille blank: category Cf and
    :func:`invisible`) and control characters (:data:`_CONTROL_CHARS`), which could otherwise
    split a name unseen."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isprintable():
        text = pattern(_CONTROL_CHARS).sub("", text)
    if text.isascii():
        return text
    if IDEOGRAPHIC_FULL_STOP in text:  # NFKC made U+FF61 this one; U+FF0E is "." already
        text = text.replace(IDEOGRAPHIC_FULL_STOP, ".")
    low, high = INVISIBLE_BLOCK
    return "".join(
        c
        for c in text
        if c not in INVISIBLE and not low <= c <= high and unicodedata.category(c) != "Cf"
    )


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character as matched: a Latin look-alike, a dash as ``-``, a letter without its
    accents or as written without its stroke (:data:`LETTERS_WITHOUT_DECOMPOSITION`: ``ß``
    reads ``ss``, the only way one character becomes two); a lone combining mark as
    nothing."""
    if char in CONFUSABLES:
        return CONFUSABLES[char]
    if char in LETTERS_WITHOUT_DECOMPOSITION:
        return LETTERS_WITHOUT_DECOMPOSITION[char]
    if char in DASHES or unicodedata.category(char) == "Pd":
        return "-"
    digit = unicodedata.decimal(char, None)
    if digit is not None:  # Arabic-Indic, Devanagari, ... digits: NFKC leaves them as they are
        return str(digit)
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return base if len(base) <= 1 else char


def folded(text: str) -> tuple[str, list[int] | None]:
    """The normalised ``text`` as the identifier patterns read it, and where each of its
    characters came from in ``text`` (None when they are the same).

    Folded: accents off (``Zoë`` and ``Zoe`` alike, in the text and in the identity), every
    dash a hyphen (:data:`DASHES`), Cyrillic and Greek look-alikes Latin (:data:`CONFUSABLES`),
    and single letters typed apart joined (``T e s t k i n d``, ``T.e.s.t``, ``T. e. s. t``,
    ``T-e-s-t``: :func:`_spaced`), an ``@`` encoded as ``%40`` or ``&#64;`` read as ``@``
    (:func:`_encoded_at`). A match in the folded text
    is mapped back, so the scrubbed text keeps everything else as typed.
    """
    if ("%" in text or "&" in text) and _encoded_at().search(text) is not None:
        return _with_at_signs(text)
    positions: Sequence[int]
    if text.isascii():
        if not _may_be_spaced(text):
            return text, None  # no letter on its own before a separator: no run
        if _spaced().search(text) is None:
            return text, None
        view, positions = text, range(len(text) + 1)
    else:
        chars: list[str] = []
        origins: list[int] = []
        wide = False
        for i, char in enumerate(text):
            fold = _fold_char(char)
            if len(fold) > 1:  # "ß": one letter while spelled-out letters are joined, then "ss"
                wide = True
                fold = char
            if fold:
                chars.append(fold)
                origins.append(i)
        origins.append(len(text))
        view, positions = "".join(chars), origins
        if wide:
            return _widened(*_joined(view, origins))
    return _joined(view, positions)


def _with_at_signs(text: str) -> tuple[str, list[int]]:
    """:func:`folded` of ``text`` with each encoded ``@`` (:func:`_encoded_at`) read as
    ``@``, mapped back to where it began. Replacing them makes no new one (``@`` is in none),
    so folding what is left does not come here again."""
    parts: list[str] = []
    origins: list[int] = []
    last = 0
    for found in _encoded_at().finditer(text):
        parts += [text[last : found.start()], "@"]
        origins += [*range(last, found.start()), found.start()]
        last = found.end()
    parts.append(text[last:])
    origins += range(last, len(text) + 1)
    view, positions = folded("".join(parts))
    return view, origins if positions is None else [origins[p] for p in positions]


def _widened(view: str, positions: list[int]) -> tuple[str, list[int]]:
    """``view`` with each letter that folds to two (:data:`LETTERS_WITHOUT_DECOMPOSITION`:
    ``ß`` to ``ss``) written so, each of them mapped to where the one letter came from."""
    chars: list[str] = []
    kept: list[int] = []
    for char, origin in zip(view, positions, strict=False):
        fold = LETTERS_WITHOUT_DECOMPOSITION.get(char, char)
        chars.append(fold)
        kept.extend([origin] * len(fold))
    kept.append(positions[-1])
    return "".join(chars), kept


def _joined(view: str, positions: Sequence[int]) -> tuple[str, list[int]]:
    """The folded ``view`` with the separators inside each run of spelled-out letters gone,
    and where each character came from."""
    # The separators inside each run of spelled-out letters go; the rest is copied in slices
    # (texts with abbreviations such as "z.s.m." come here, so no loop over every character).
    parts: list[str] = []
    kept: list[int] = []
    last = 0
    for run in _spaced().finditer(view):
        for j in range(run.start() + 1, run.end()):
            if view[j].isspace() or view[j] in LETTER_SEPARATORS:
                parts.append(view[last:j])
                kept.extend(positions[last:j])
                last = j + 1
    if not last:  # no run (only a non-ASCII text comes here without one)
        return view, positions if isinstance(positions, list) else list(positions)
    parts.append(view[last:])
    kept.extend(positions[last:])
    return "".join(parts), kept


def _fold(text: str) -> str:
    return folded(normalise(text))[0]


def _flexible(literal: str) -> str:
    """A regex for a folded ``literal``: any run of whitespace for its spaces, or none (a name
    spelled out letter by letter is read joined: ``S a n n e d e V r i e s``)."""
    return r"\s*".join(re.escape(part) for part in literal.split())


def _digits(value: str) -> str | None:
    """A number typed with or without separators between its digits."""
    digits = re.sub(r"\D", "", normalise(value))
    if len(digits) < 6:
        return None
    return r"(?<!\d)" + SEPARATOR.join(digits) + r"(?!\d)"


def _phone(value: str) -> str | None:
    """A Dutch phone number nationally (06-…) and internationally (+31 6 …, 0031 (0)6 …),
    also with the country code ``31`` written without ``+`` or ``00`` (``31698765432``,
    ``31 6 98765432``, ``3 1 6 98765432``). Only a
    digit before it makes it another number, as before a ``0``."""
    rest = _phone_rest(value)
    if rest is None:  # not a Dutch number: its digits, with or without separators
        return _digits(value)
    if len(rest) < 6:
        return None
    sep = PHONE_SEPARATOR
    prefix = rf"(?:(?:(?:\+|00){sep})?3{sep}1{sep}(?:\(0\){sep})?|\(?0)"
    return r"(?<![\d+])" + prefix + sep + sep.join(rest) + r"(?!\d)"


def _date_of_birth(born: date) -> str:
    """The date in the orders and spellings people write: day-month-year (19-7-2014,
    19.07.2014, 19 juli 2014, 19th July 2014), month-day-year (07/19/2014, July 19, 2014),
    year-month-day (2014-07-19, 2014 jul 19), with a two-digit year (19-7-14), and without
    separators (20140719, 19072014, 190714, 071914, 140719).

    Only a digit ends it, as for a BSN or a phone number: a letter, an underscore or the
    ``T`` of an ISO date-time touching it does not (``2014-07-19T08:30``,
    ``scan_20140719.pdf``, ``geb20140719``, ``19-07-2014x``)."""
    ordinal = r"(?:e|de|ste|st|nd|rd|th)?"
    day = rf"0?{born.day}{ordinal}" if born.day < 10 else rf"{born.day}{ordinal}"
    number = rf"0?{born.month}" if born.month < 10 else str(born.month)
    names = "(?:" + "|".join(MONTH_NAMES[born.month - 1]) + r")\.?"  # one optional dot
    month = rf"(?:{number}|{names})"
    year = rf"(?:{born.year}|'?{born.year % 100:02d})"
    sep = r"(?:\s*[.\-/,]\s*|\s+)"
    dd, mm, yyyy, yy = (
        f"{born.day:02d}",
        f"{born.month:02d}",
        str(born.year),
        f"{born.year % 100:02d}",
    )
    orders = ((dd, mm), (mm, dd))
    compact = "|".join(
        [*(d + m + y for d, m in orders for y in (yyyy, yy)), yyyy + mm + dd, yy + mm + dd]
    )
    return (
        rf"(?<!\d)(?:{day}{sep}{month}{sep}{year}|{month}{sep}{day}{sep}{year}"
        rf"|{born.year}{sep}{month}{sep}{day}|{compact})(?!\d)"
    )


STREET_ENDINGS = (
    "straat", "laan", "weg", "plein", "gracht", "kade", "singel", "dijk", "pad", "steeg",
    "dreef", "markt", "park", "plantsoen",
)  # fmt: skip
"""The common endings of a Dutch street name, which people also write apart from the rest
(``Klaverqx straat 17``, ``Klaverqx-straat 17``, and split over two lines at it:
``Klaverqx-\nstraat 17``) where the name has them together."""


@functools.cache
def street_ending() -> re.Pattern[str]:
    """A street name split into what comes before its ending (:data:`STREET_ENDINGS`, after
    at least three letters) and the ending; matched whole (``fullmatch``) on the folded
    street, the stem as long as it can be (``Marktplein``: ``Markt``, ``plein``)."""
    endings = "|".join(STREET_ENDINGS)
    return re.compile(rf"(.*[^\W\d_]{{3}})[\s-]*({endings})", re.IGNORECASE)


def _street(street: str) -> tuple[str, str]:
    """The regex of a folded ``street`` name and the part every match holds (its anchor:
    :func:`_anchors_of`). With an ending (:func:`street_ending`) the two parts may stand
    apart, joined by white space or a hyphen (so also over two lines: ``Klaverqx-\nstraat``);
    ``straat`` may be written ``str.`` or ``str``. The anchor is then the part before the
    ending, else the street without ``aat`` of a ``straat``."""
    split = street_ending().fullmatch(street)
    if split is None:
        kept = street[:-3] if street.lower().endswith("straat") else street
        pattern = re.sub(r"straat$", "str(?:aat|\\.)?", _flexible(street), flags=re.IGNORECASE)
        return pattern, kept
    stem, ending = split.groups()
    end = "str(?:aat|\\.)?" if ending.lower() == "straat" else re.escape(ending)
    return rf"{_flexible(stem)}[\s-]*{end}", stem


def _address(address: str) -> list[str]:
    """The street and house number without the town (also with ``nr.`` between, and its
    ending apart: :func:`_street`), and the postcode alone (also with a dash: ``9999-ZZ``;
    written together, also with a letter touching it: ``9999ZZx``)."""
    address = _fold(address)
    out: list[str] = []
    found = street_number().match(address)
    if found is not None and len(found.group(1).strip()) >= 3:
        street = _street(found.group(1).strip())[0]
        out.append(
            rf"(?<!\w){street}\s*{HOUSE_NUMBER_WORD}{found.group(2)}"
            r"(?:[\s-]?[a-zA-Z](?!\w))?(?!\d)"
        )
    for code in postcode().finditer(address):
        digits, letters = code.groups()
        # Apart, the letters must end there ("3511 ab" in "3511 abonnees" is not the
        # postcode); written together, digits and letters are no word, so a letter may
        # follow ("3511ABx").
        out.append(rf"(?<![0-9]){digits}(?:{letters}|[\s.\-]{{1,2}}{letters}(?![a-zA-Z]))")
    return out


def _email(email: str) -> str | None:
    """The address with its ``@`` and dots also written out (``ouder [at] voorbeeld [dot]
    example``), its domain also in its other IDNA spelling (:func:`_domain_spellings`)."""
    local, at, domain = _fold(email).strip().rpartition("@")
    if not at or not local or "." not in domain:
        return None
    local_part = DOT.join(re.escape(p) for p in local.split("."))
    domain_part = DOT.join(re.escape(p) for p in domain.split("."))
    labels = _domain_spellings(_domain(email))
    if labels is not None:  # each label in any of its spellings (also mixed in one domain)
        each = (f"(?:{'|'.join(map(re.escape, forms))})" for forms in labels)
        domain_part = f"(?:{domain_part}|{DOT.join(each)})"
    return r"(?<![\w.])" + local_part + AT_SIGN + domain_part + r"(?!\w)"


def _domain(email: str) -> str:
    """The domain of an e-mail address as typed (normalised, not folded: IDNA reads the
    letters with their accents), or ``""`` when it has no other IDNA spelling at all: ASCII
    without ``xn--``, told without normalising (the common address)."""
    if email.isascii() and ("--" not in email or "xn--" not in email.lower()):
        return ""
    return normalise(email).strip().rpartition("@")[2]


@functools.lru_cache(maxsize=256)
def _domain_spellings(domain: str) -> tuple[tuple[str, ...], ...] | None:
    """Each label of an e-mail address's ``domain`` (:func:`_domain`) in every IDNA spelling,
    folded (:func:`_fold`), or None when no label has a second one. ``bücher`` and
    ``xn--bcher-kva`` are one domain, so one identifier: a mail client shows the one and the
    message headers carry the other.

    A Unicode label is also written as IDNA 2008 writes it (the ``idna`` package, with UTS #46
    mapping: what browsers and mail software write today, ``straße`` as ``xn--strae-oqa``) and
    as IDNA 2003 writes it (the standard library's ``encodings.idna``: ``straße`` as
    ``strasse``, ``ς`` as ``σ``, and a symbol IDNA 2008 refuses, such as ``☃``, still
    converted), so neither generation's spelling is missed. Each is converted as typed,
    lower-cased and with a final sigma (``ΣΑΣ``, ``σας`` and ``σασ`` are one label to the
    reader, but IDNA 2008 keeps ``ς``: ``xn--mxa8ab``). An ``xn--`` label (in any case) is
    also read as the Unicode it encodes (Punycode, RFC 3492), which folding then reads as any
    text (``BÜCHER`` and ``bucher`` match ``bücher``). A label that cannot be converted keeps
    its one spelling. The local part has one: IDNA does not touch it (RFC 6531 carries it as
    UTF-8, without an ASCII form). Computed once per domain, not per text."""
    if not domain:
        return None
    import encodings.idna

    import idna

    def from_punycode(label: str) -> str:
        return label[4:].lower().encode("ascii").decode("punycode")

    def idna2008(label: str) -> str:
        return idna.encode(label, uts46=True).decode("ascii")  # idna.IDNAError: a UnicodeError

    def idna2003(label: str) -> str:
        return encodings.idna.ToASCII(label).decode("ascii")

    labels: list[tuple[str, ...]] = []
    other = False
    for label in domain.split("."):
        forms = [label]
        typed = [label]
        if label[:4].lower() == "xn--":
            converters: tuple[Callable[[str], str], ...] = (from_punycode,)
        else:
            converters = () if label.isascii() else (idna2008, idna2003)
            lower = label.lower()  # "ΣΑΣ" as "σας": str.lower writes a final sigma as "ς"
            typed += [lower, re.sub(r"σ(?![^\W\d_])", "ς", lower)]
        for convert in converters:
            for source in dict.fromkeys(typed):
                try:
                    forms.append(convert(source))
                except UnicodeError:
                    continue  # cannot be converted: the label keeps the spellings it has
        folded_forms = tuple(dict.fromkeys(_fold(f).lower() for f in forms if f))
        other = other or len(folded_forms) > 1
        labels.append(folded_forms)
    return tuple(labels) if other else None


def _reference(reference: str) -> str | None:
    """The case file's own reference in free text ("Zie dossier JT-2026-0417"), with any
    separators between its parts. Too short a reference (under four letters and digits) is
    not looked for: it would match ordinary words.

    Where it begins or ends with a digit, only a digit next to it makes it another number, as
    for a BSN: a letter may touch it (``VB000-01x``). Where it begins or ends with a letter, a
    letter next to it makes it part of a longer word (``AB-2026`` in ``lab 2026``), unless the
    reference holds at least :data:`REFERENCE_DIGITS` digits, too many to meet by chance
    (``dossierVB-000-01``)."""
    parts = re.findall(r"[^\W_]+", _fold(reference))
    joined = "".join(parts)
    if len(joined) < 4:
        return None
    separator = r"[\s.\-_/]{0,3}"
    many = sum(c.isdigit() for c in joined) >= REFERENCE_DIGITS
    before = r"(?<!\d)" if many or joined[0].isdigit() else r"(?<![^\W_])"
    after = r"(?!\d)" if many or joined[-1].isdigit() else r"(?![^\W_])"
    return before + separator.join(re.escape(p) for p in parts) + after


REFERENCE_DIGITS = 5
"""A case reference with this many digits is found with a letter touching it on either side
(:func:`_reference`)."""


def identifier_texts(identity: Identity) -> dict[str, list[str]]:
    """Per field of the identity, the literal spellings to look for (folded: :func:`folded`)."""
    out: dict[str, list[str]] = {
        "name": [identity.name],
        "bsn": [identity.bsn],
        "address": [identity.address],
        "phone": [identity.phone],
        "email": [identity.email],
    }
    return {k: [_fold(v).strip() for v in vs if len(v.strip()) >= 3] for k, vs in out.items()}


def _name_parts(name: str) -> list[str]:
    """The parts of a name folded already: a first name or surname on its own identifies too
    ("bij Sanne thuis"), and so does each part of a double surname ("Verbeek-Jansen"). A
    part longer than every particle is none (case folding never shortens a text), so only
    the short ones are looked up."""
    parts = []
    for p in _name_words(name):  # a loop: a comprehension is a call of its own (issue 16)
        if len(p) > _LONGEST_PARTICLE or (len(p) >= 3 and p.casefold() not in PARTICLES):
            parts.append(p)
    return parts


_LONGEST_PARTICLE = max(map(len, PARTICLES))


def _name_words(name: str) -> list[str]:
    """The words of a name: apart at white space, commas and hyphens (``[\\s,\\-]+``; ``str.split``
    reads as white space exactly what ``\\s`` matches, a third of the regular expression's
    cost: a property test compares them on any text)."""
    return name.replace(",", " ").replace("-", " ").split()


NOT_AFTER_LETTER = r"(?<![^\W\d_])"
NOT_BEFORE_LETTER = r"(?![^\W\d_])"
"""A name's part is a word of its own when no letter touches it: a digit, an underscore or
any other character is a boundary (``Sanne2014``, ``Sanne_de_Vries_plan.pdf``,
``DeVries_Sanne``), a letter is not (``Sanneke``, ``materiaal`` for ``Ria``)."""

JOINER = r"[\s\-_.]*"
"""What may stand between two parts of a name typed together: nothing (``QorvathWyndrel``,
or a soft hyphen or zero-width space, removed by :func:`normalise`), spaces, a hyphen, an
underscore or a dot."""


def _parts_pattern(name: str, taken: set[str]) -> str | None:
    """One pattern for the parts of the folded ``name`` on their own (:func:`_name_parts`,
    but not one that is a whole identifier already: ``taken``), each a word of its own
    (:data:`NOT_AFTER_LETTER`), with a possessive s; with its tussenvoegsels joined to it
    (``devries``, ``de_vries``, ``vanderberg``) and the name's other parts run on after it,
    with or without the tussenvoegsels between (``SanneQorvath``, ``QorvathWyndrel``,
    ``sanne_devries``, ``DeVries_Sanne``).

    One option for all parts, not one per part or per joined pair: compiling an identity's
    pattern is most of its cost, and an option per joined pair made it a third dearer."""
    words = _name_words(name)
    own = {p for p in _name_parts(name) if p.casefold() not in taken}
    if not own:
        return None
    every = "|".join(_flexible(p) for p in sorted(set(_name_parts(name)), key=len, reverse=True))
    first = "|".join(_flexible(p) for p in sorted(own, key=len, reverse=True))
    particles = sorted({re.escape(w) for w in words if w.casefold() in PARTICLES}, key=len)
    tussen = f"(?:(?:{'|'.join(particles)}){JOINER}){{0,3}}" if particles else ""
    return (
        f"{NOT_AFTER_LETTER}{tussen}(?:{first})(?:{JOINER}{tussen}(?:{every}))*"
        f"{POSSESSIVE}{NOT_BEFORE_LETTER}"
    )


def _options(identity: Identity | None, reference: str = "") -> list[tuple[str, str]]:
    """(field, regex) pairs, longest literal first, for every identifier of the identity and
    the case's own reference (field ``reference``)."""
    options: list[tuple[str, str]] = []
    if identity is not None:
        literal = [(f, v) for f, vs in identifier_texts(identity).items() for v in vs]
        literal.sort(key=lambda fv: len(fv[1]), reverse=True)
        options += [(f, _flexible(v)) for f, v in literal]
        if identity.date_of_birth is not None:
            options.append(("date_of_birth", _date_of_birth(identity.date_of_birth)))
        bsn = _digits(identity.bsn)
        if bsn is not None:
            options.append(("bsn", bsn))
        phone = _phone(identity.phone)
        if phone is not None:
            options.append(("phone", phone))
        email = _email(identity.email)
        if email is not None:
            options.append(("email", email))
        options += [("address", a) for a in _address(identity.address)]
        taken = {v.casefold() for _, v in literal}
        parts = _parts_pattern(_fold(identity.name), taken)
        if parts is not None:
            options.append(("name", parts))
    found = _reference(reference) if reference else None
    if found is not None:
        options.append(("reference", found))
    return options


Anchors = tuple[Sequence[str], Sequence[str], date | None, str]
"""What every match of an identity's patterns contains (:func:`may_name`): ``(letters,
digits, born, year)``. Each match of each option holds one of the strings of ``letters``
(lower case, runs of printable ASCII without white space: of the literal spellings and the
name's parts) in the text read as :func:`_letters_key` reads it (or lower-cased, for ASCII:
a run without white space is in the text as it is in the match), or among the text's ASCII
digits (:func:`_digits_key`) one of ``digits`` or of the date of birth ``born``'s
(:func:`_date_digits`, computed only for a text that holds ``year``, the year's last two
digits, which each of them holds; ``""`` for a year before 1000)."""


def _ascii_run(literal: str) -> str | None:
    """The longest run of printable ASCII in a folded ``literal`` matched by :func:`_flexible`
    (ignoring case), lower-cased: every match holds it, in the text read by
    :func:`_letters_key`. None when the literal has no ASCII at all (then no anchor)."""
    if literal.isascii() and literal.isprintable():  # the common case: runs between spaces
        run = max(literal.split(" "), key=len)
        return run.lower() if run else None
    runs = re.findall(r"[!-~]+", literal)
    return max(runs, key=len).lower() if runs else None


_NOT_DIGIT_BYTES = bytes(b for b in range(128) if not (b == 0 or 0x30 <= b <= 0x39))
"""The ASCII bytes that are neither a digit nor NUL (:func:`_digits_key` drops them)."""
_NOT_A_DIGIT_BYTES = _NOT_DIGIT_BYTES + b"\x00"


def _number_digits(value: str) -> str:
    """``value``'s digits (``\\D`` removed) after :func:`normalise`: for ASCII text by deleting
    every other byte, a fraction of the regular expression's work."""
    if value.isascii():
        return value.encode("ascii").translate(None, _NOT_A_DIGIT_BYTES).decode("ascii")
    return re.sub(r"\D", "", normalise(value))


@functools.lru_cache(maxsize=8192)  # dates of birth repeat across a batch of cases
def _date_digits(born: date) -> frozenset[str]:
    """The digits of every spelling :func:`_date_of_birth` matches, in the orders it knows
    (day-month-year, month-day-year, year-month-day, also compact), each part with and
    without its leading zero, the month also as a name (no digits), the year in four or two
    digits: a superset, so no spelling is missed."""
    days = (str(born.day), f"{born.day:02d}")
    months = (str(born.month), f"{born.month:02d}", "")
    years = (str(born.year), f"{born.year % 100:02d}")
    found: set[str] = set()
    for d in days:
        for m in months:
            dm, md = d + m, m + d
            for y in years:
                found.update((dm + y, md + y, y + md))
    return frozenset(found)


_LAST_ANCHORS: list[tuple[Identity | None, Anchors | None]] = [(None, None)]
"""The last identity :func:`_anchors` read and its anchors: ``pseudonymise`` asks for them
twice (:func:`may_name`, :func:`_may_hide_in_pseudonym`), and each case of a batch is another
person, so a cache keyed by the identity's value paid for hashing it (an attrs ``__hash__``
over every field, 2.6 k instructions) twice for every case and found nothing (issue 16)."""


def _anchors(identity: Identity) -> Anchors | None:
    """The anchors of every option :func:`_options` builds for ``identity``, or None when one
    option has none (then the identity's pattern is always built): :func:`_folded_anchors`,
    without folding the texts of an identity that folding leaves as they are (most:
    :func:`_folds_to_itself`). The same identity asked again in a row is answered at once
    (:data:`_LAST_ANCHORS`)."""
    last = _LAST_ANCHORS[0]
    if last[0] is identity:
        return last[1]
    name, email, address = identity.name, identity.email, identity.address
    if _folds_to_itself(name, email, address):
        found = _anchors_of(identity, name, email, address)
    else:
        found = _anchors_of(identity, _fold(name), _fold(email), _fold(address))
    _LAST_ANCHORS[0] = (identity, found)
    return found


def _folds_to_itself(*texts: str) -> bool:
    """Whether :func:`_fold` gives each of ``texts`` back as it is, told without folding: ASCII
    (which NFKC and the look-alike, dash and accent folding leave alone) without a letter on its
    own before a separator (:func:`_may_be_spaced`: no spelled-out letters to join). Read from
    the texts joined by ``#``, a non-word character that is no separator (as NUL, or any
    punctuation), so it adds no spelled run and hides none (a property test compares this with
    folding, on any Unicode text). Printable too: :func:`normalise` removes control
    characters, so a text holding one does not fold to itself; ``#`` is printable, so the
    joined text is printable exactly when each text is (one test, no loop: issue 16). Nor
    does a text holding an encoded ``@`` (:func:`_encoded_at`; ``#`` can only make one more
    seem to be there, which takes the long way for nothing)."""
    every = "#".join(texts)
    return (
        every.isascii()
        and every.isprintable()
        and not _may_be_spaced(every)
        and (("%" not in every and "&" not in every) or _encoded_at().search(every) is None)
    )


def _folded_anchors(identity: Identity) -> Anchors | None:
    """The anchors of every option :func:`_options` builds for ``identity``, every text folded
    first, or None when one option has none (then the identity's pattern is always built)."""
    return _anchors_of(
        identity, _fold(identity.name), _fold(identity.email), _fold(identity.address)
    )


PHONE_ANCHOR_DIGITS = 6
"""A phone number's anchor is its last six digits: :func:`_phone` matches the digits after
its prefix (``0``, ``31``, ``0031``, with or without ``(0)``), at least six, and a number it
reads as plain digits (:func:`_digits`) whole, so every spelling holds the number's last six
digits one after the other. Taken by slicing, where finding the prefix (:func:`_rest`) cost
five string calls of every identity read (issue 16)."""


def _anchors_of(identity: Identity, name: str, email: str, address: str) -> Anchors | None:
    """The anchors of ``identity`` whose name, e-mail address and address, folded
    (:func:`_fold`), are ``name``, ``email`` and ``address``; its numbers are read as
    :func:`_digits` and :func:`_phone` read them. Kept in step with :func:`_options`: an
    option added there needs its anchor here, and the property tests in
    ``tests/core/test_pseudonymise_fast_path.py`` check every documented spelling.

    Computed for every identity read (each case is another person: issue 16), so a literal
    spelling whose every match also holds another option's anchor adds none of its own: the
    BSN and the phone number typed as given hold their digits, the address its street, the
    e-mail address its local part, the whole name its longest part. Printable ASCII, the
    common text, takes the shortest way at each step (each step was measured: a call into C
    costs about a thousand instructions, so the common way makes few). Every letter anchor is
    a run without white space that each match holds as it is (:func:`may_name` looks for it
    in the lower-cased text)."""
    letters: list[str] = []  # lists: a set cost 2 k more, and a repeat harms nothing
    digits: list[str] = []
    for number, phone in ((identity.bsn, False), (identity.phone, True)):
        value = number.strip()
        if len(value) < 3:
            continue  # no literal spelling (identifier_texts), and too short for digits
        ascii = value.isascii()
        # What _digits and _phone read (a BSN is read as nine ASCII digits: the fast way).
        if ascii and value.isdigit():
            found = value
        elif phone and ascii and value[-PHONE_ANCHOR_DIGITS:].isdigit():
            found = value  # its last six characters are its last six digits, all it needs
        else:
            found = _number_digits(number)
        if len(found) >= 6:  # every match holds these digits (a phone's last six)
            if not found.isascii():  # digits of another script: only the pattern can tell
                return None
            anchor = found[-PHONE_ANCHOR_DIGITS:] if phone else found
            digits.append(anchor)
            # The literal holds them too: the anchor is the end of the digits found, which
            # are an ASCII text's own digits (folding leaves ASCII digits as they are).
            if ascii and "\x00" not in value:
                continue
            if anchor in _digits_key(value if ascii else _fold(value)):
                continue
        run = _ascii_run(_fold(value).strip())
        if run is None:
            return None
        letters.append(run)
    email = email.strip()
    local, at, domain = email.rpartition("@")
    if at and local and "." in domain:  # _email: the parts apart, "@" and dots written out
        if email.isascii() and email.isprintable() and " " not in email:  # each its own run
            # Every match holds each part (the local part's pieces and the domain's labels,
            # between "." or a dot written out): the local part when it is one piece as long
            # as a name's part, the common address, else the first longest piece.
            if len(local) >= _LOCAL_ANCHOR and "." not in local:
                best = local
            else:
                best = ""
                for piece in (*local.split("."), *domain.split(".")):
                    if len(piece) > len(best):
                        best = piece
                if not best:
                    return None
            letters.append(best.lower())  # the literal address holds it too
        else:
            pieces = (*local.split("."), *domain.split("."))
            runs = [run for p in pieces if (run := _ascii_run(p))]
            if not runs:
                return None
            letters.append(max(runs, key=len))
        raw = identity.email  # _domain's test inline: most addresses have no other spelling
        if not raw.isascii() or ("--" in raw and "xn--" in raw.lower()):
            labels = _domain_spellings(_domain(raw))
            if labels is not None:  # _email's other way: each label in any of its spellings
                best_runs = _spelling_anchor(local.split("."), labels)
                if best_runs is None:
                    return None
                letters.extend(best_runs)
    elif len(identity.email.strip()) >= 3:
        run = _ascii_run(email)
        if run is None:
            return None
        letters.append(run)
    if address:
        street = street_number().match(address)
        if street is not None and len(street.group(1).strip()) >= 3:
            found = _street(street.group(1).strip())[1]  # the part every match holds
            run = _ascii_run(found)  # a run of it between white space: each match holds it
            if run is None:
                return None
            letters.append(run)  # the literal address holds it too (before its house number)
        elif len(identity.address.strip()) >= 3:
            run = _ascii_run(address.strip())
            if run is None:
                return None
            letters.append(run)
        digits.extend(code.group(1) for code in postcode().finditer(address))
    elif len(identity.address.strip()) >= 3:  # folded to nothing: no run, always built
        return None
    if name.isascii() and name.isprintable():  # its parts are: lower case as they are
        parts = _name_parts(name.lower())
        letters.extend(parts)
    else:
        parts = _name_parts(name)
        for part in parts:
            if part.isascii() and part.isprintable():  # a part holds no white space
                letters.append(part.lower())
                continue
            run = _ascii_run(part)
            if run is None:
                return None
            letters.append(run)
    # The whole name typed as given holds each of its parts (a part is a piece of one of its
    # words, and _flexible matches each word as it is): its own run only for a name of none.
    if not parts and len(identity.name.strip()) >= 3:
        run = _ascii_run(name.strip())
        if run is None:
            return None
        letters.append(run)
    born = identity.date_of_birth
    return letters, digits, born, "" if born is None else _last_two_digits(born.year)


@functools.lru_cache(maxsize=256)
def _last_two_digits(year: int) -> str:
    """A year's last two digits, as every spelling of a date in it holds them (``""`` before
    the year 1000, whose spellings may not: then every date anchor is looked for). Kept per
    year: formatting them cost 3 k instructions of every identity read (issue 16)."""
    return "" if year < 1000 else f"{year % 100:02d}"


_LOCAL_ANCHOR = 5
"""An e-mail address's local part of one piece (no ``.``) this long or longer is its anchor
(:func:`_anchors_of`): as selective as a name's part, without finding the longest piece."""


def _spelling_anchor(
    local: list[str], labels: tuple[tuple[str, ...], ...]
) -> tuple[str, ...] | None:
    """The anchors of an e-mail address matched with each label of its domain in any of its
    IDNA spellings (:func:`_email`): the runs of every spelling of one part (a piece of the
    local part has one), the part whose shortest run is longest, so every match holds one of
    them; None when no part has a run in each of its spellings."""
    best: tuple[str, ...] | None = None
    for forms in (*((p,) for p in local), *labels):
        runs = tuple(run for f in forms if (run := _ascii_run(f)))
        if len(runs) == len(forms) and (best is None or min(map(len, runs)) > min(map(len, best))):
            best = runs
    return best


def _phone_rest(value: str) -> str | None:
    """The digits of a Dutch phone number after its national or international prefix, as
    :func:`_phone` matches them; None for a number :func:`_phone` reads as plain digits."""
    value = normalise(value).strip()
    return _rest(value, _number_digits(value))


def _rest(value: str, digits: str) -> str | None:
    """:func:`_phone_rest` of the normalised, stripped ``value`` whose digits are ``digits``."""
    if value.startswith("+"):
        if not digits.startswith("31"):
            return None
        rest = digits[2:]
    elif digits.startswith("0031"):
        rest = digits[4:]
    elif digits.startswith("0") and not digits.startswith("00"):
        rest = digits[1:]
    else:
        return None
    return rest.removeprefix("0")  # "+31 (0)6…" written with its national 0


@functools.lru_cache(maxsize=1024)
def _ascii_equivalent(char: str) -> str:
    """The ASCII letter a non-ASCII ``char`` matches ignoring case (``re.IGNORECASE``: the
    dotless ``ı`` and dotted ``İ`` match ``i``, the long ``ſ`` matches ``s``), else ``char``."""
    for letter in "abcdefghijklmnopqrstuvwxyz":
        if re.fullmatch(letter, char, re.IGNORECASE):
            return letter
    return char


def _letters_key(view: str) -> str:
    """The folded text as letter anchors are looked for in it: white space removed, every
    character that matches an ASCII letter ignoring case written as that letter, lower case."""
    text = "".join(view.split())
    if not text.isascii():
        text = "".join(c if c.isascii() else _ascii_equivalent(c) for c in text)
    return text.lower()


def _digits_key(view: str) -> str:
    """The folded text's ASCII digits in order (the NUL between texts kept): the text as
    ASCII bytes (other characters dropped) with every byte but a digit or NUL deleted, which
    is a tenth of a regular expression's work on a case's text."""
    return view.encode("ascii", "ignore").translate(None, _NOT_DIGIT_BYTES).decode("ascii")


def may_name(identity: Identity, view: str) -> bool:
    """Whether an identifier of ``identity`` may occur in the folded text ``view``: False only
    when none can, because no anchor (:func:`_anchors`) of any of its options is in it. Then
    the identity's pattern need not be built (compiling it costs milliseconds, more than
    comparing the case through every model: issue 16)."""
    anchors = _anchors(identity)
    if anchors is None:
        return True
    letters, digits, born, year = anchors
    if view.isascii():
        if letters:  # each a run without white space, lower case: in the text as it is
            key = view.lower()
            for anchor in letters:
                if anchor in key:
                    return True
        if not digits and born is None:
            return False
        # _digits_key of the ASCII text, without its test
        key = view.encode("ascii").translate(None, _NOT_DIGIT_BYTES).decode("ascii")
    else:
        if letters:
            key = _letters_key(view)
            for anchor in letters:
                if anchor in key:
                    return True
        if not digits and born is None:
            return False
        key = _digits_key(view)
    for anchor in digits:
        if anchor in key:
            return True
    # Every spelling of the date holds its year's last two digits: look for them first.
    if born is not None and year in key:
        for anchor in _date_digits(born):
            if anchor in key:
                return True
    return False


@functools.lru_cache(maxsize=256)
def _compiled(identity: Identity | None, reference: str) -> re.Pattern[str] | None:
    """One pattern for all options, compiled once per identity (or reference)."""
    options = _options(identity, reference)
    if not options:
        return None
    return re.compile("|".join(f"(?:{o})" for _, o in options), re.IGNORECASE)


@functools.lru_cache(maxsize=256)
def _each(identity: Identity | None, reference: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each option on its own with the field it is of (:func:`find_identifier`), compiled
    once per identity (or reference) and only when asked: scrubbing needs the one pattern
    alone, and compiling both doubled the cost of every identity whose pattern is built."""
    return tuple((f, re.compile(o, re.IGNORECASE)) for f, o in _options(identity, reference))


Patterns = re.Pattern[str] | tuple[re.Pattern[str], ...] | None
"""What :func:`scrub` and :func:`contains` look for: :func:`identifier_pattern`, or
:func:`case_patterns` (the identity's and the reference's)."""


def identifier_pattern(identity: Identity | None) -> re.Pattern[str] | None:
    """One pattern matching any identifier of ``identity`` (case-insensitive), or None. It
    matches the folded text (:func:`folded`): use :func:`scrub` or :func:`contains`, which fold
    first."""
    return _compiled(identity, "")


def case_patterns(identity: Identity | None, reference: str) -> tuple[re.Pattern[str], ...]:
    """The patterns of a case's identifiers: :func:`identifier_pattern` of its identity and
    one for the case file's own ``reference`` typed into free text. Kept apart, so the
    identity's large pattern is compiled once per identity, not once per reference."""
    own = _compiled(None, reference) if reference else None
    return tuple(p for p in (identifier_pattern(identity), own) if p is not None)


def _spans(view: str, patterns: Patterns) -> list[tuple[int, int]]:
    """Where the patterns match in the folded text, overlapping matches merged."""
    if patterns is None:
        return []
    found = sorted(
        (m.start(), m.end())
        for p in (patterns if isinstance(patterns, tuple) else (patterns,))
        for m in p.finditer(view)
        if m.end() > m.start()
    )
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_SCRUB_PASSES = 4
"""How often :func:`scrub` reads its own result again at most (see there)."""


def scrub(text: str, pattern: Patterns) -> str:
    """``text`` with every identifier replaced by ``[verwijderd]``, normalised
    (:func:`normalise`) when something was replaced; as given when nothing was (so text of
    invisible characters only is not emptied).

    What was replaced is read again until nothing more is found: a part of a name that touched
    a longer match stands alone once that match is ``[verwijderd]``, so
    ``QorvathWyndrelQorvath`` became ``[verwijderd]Qorvath``, which names the person (found by
    the property test of :mod:`tests.attack.test_terminal_controls`). The passes are bounded,
    for a name that ``[verwijderd]`` itself would match."""
    out = _scrub_once(text, pattern)
    for _ in range(_SCRUB_PASSES - 1):
        if out is text:
            break
        text, out = out, _scrub_once(out, pattern)
    return out


def _scrub_once(text: str, pattern: Patterns) -> str:
    """One pass of :func:`scrub`: ``text`` itself when nothing was replaced."""
    if not pattern or not text:
        return text
    typed = text
    text = normalise(text)
    view, positions = folded(text)
    if isinstance(pattern, re.Pattern) and positions is None:
        scrubbed, count = pattern.subn(REDACTED, text)
        return scrubbed if count else typed
    spans = _spans(view, pattern)
    if not spans:
        return typed
    out: list[str] = []
    last = 0
    for start, end in spans:
        if positions is not None:
            # A match that ends inside what one character became (the first "s" of the "ss"
            # of "ß") takes that character whole.
            start, end = positions[start], max(positions[end], positions[end - 1] + 1)
        out += [text[last:start], REDACTED]
        last = end
    return "".join(out) + text[last:]


def contains(text: str, pattern: Patterns) -> bool:
    """Whether ``text`` holds an identifier that ``pattern`` matches, read as :func:`scrub`
    reads it."""
    if not pattern:
        return False
    view = folded(normalise(text))[0]
    return any(p.search(view) for p in (pattern if isinstance(pattern, tuple) else (pattern,)))


def find_identifier(
    text: str, identities: Iterable[Identity | None], references: Iterable[str] = ()
) -> str | None:
    """The name of the identity field that occurs in ``text`` (never its value), ``reference``
    for one of ``references`` (a case file's own reference), or None."""
    view = folded(normalise(text))[0]
    for identity in identities:
        for field, option in _each(identity, ""):
            if option.search(view):
                return field
    for reference in references:
        for field, option in _each(None, reference):
            if option.search(view):
                return field
    return None


def scrub_document(value: Any, pattern: Patterns, key: str = "") -> Any:
    """Every free-text string of a JSON-ready document scrubbed; enums and dates kept."""
    if key in _NOT_TEXT:
        return value
    if isinstance(value, str):
        return scrub(value, pattern)
    if isinstance(value, list):
        return [scrub_document(v, pattern, key) for v in value]
    if isinstance(value, dict):
        return {k: scrub_document(v, pattern, k) for k, v in value.items()}
    return value


def pseudonym(reference: str, key: bytes | None = None) -> str:
    """A stable stand-in for a case reference: ``casus-`` and 12 hex digits of its HMAC-SHA256.

    Keyed with the municipality's pseudonym key (:func:`escalatie.secret.derived_key` for
    ``"pseudonym"``) unless ``key`` is given, so the same reference gives the same pseudonym in
    one municipality, another one elsewhere, and cannot be found by hashing guesses.
    """
    if key is None:
        from escalatie.secret import derived_key

        key = derived_key("pseudonym")
    from escalatie.digest import hmac_sha256

    return "casus-" + hmac_sha256(key, normalise(reference).encode("utf-8")).hex()[:12]


@functools.cache
def pseudonym_shape() -> re.Pattern[str]:
    """What :func:`pseudonym` returns; compiled when first used, not at import: a triage of a
    case without an identity block never asks (issue 16)."""
    return re.compile("casus-[0-9a-f]{12}")


def pseudonymise(case: Case, *, reference: str | None = None) -> Case:
    """The case without its identity block and with identifiers removed from all free text:
    those of the identity block and the case file's own reference typed into the text.

    A reference that contains an identifier is replaced by :func:`pseudonym` of it, so the
    same case keeps the same pseudonymous reference across artifacts. So is a reference shaped
    like a pseudonym that holds one of the identity's numbers (``casus-111222333abc`` holds a
    BSN; a phone number, a postcode): a name of the letters a to f (``Abe``)
    in its hex digits is chance, and left alone.

    ``reference``, a :func:`pseudonym` the caller made of the case's own reference, names the
    result instead, read exactly as if the case carried it (``compare`` names every case by
    its pseudonym): the same result as ``pseudonymise`` of the case renamed first, in one copy
    of the case instead of two (issue 16).
    """
    texts: list[str] = []
    _free_texts(case, texts, skip=("identity", "reference"))
    view = folded("\x00".join(map(normalise, texts)))[0]  # NUL: normalise removes it
    own = None
    identity = case.identity
    renamed = reference is not None and reference != case.reference
    if reference is None:
        reference = case.reference
    shaped = (identity is not None or renamed) and pseudonym_shape().fullmatch(
        reference
    ) is not None
    if renamed and not shaped:
        raise ValueError(
            f"reference: expected a pseudonym (casus- and 12 hex digits), got {reference!r}"
        )
    # Most cases name no one in their text: then the identity's pattern is not even built.
    if identity is not None and (
        may_name(identity, view)
        or (_may_hide_in_pseudonym(identity, reference) if shaped
            else may_name(identity, _fold(reference)))
    ):  # fmt: skip
        own = identifier_pattern(identity)
    patterns = tuple(p for p in (own, _reference_in(view, reference)) if p is not None)
    if not patterns:  # nothing to scrub: the identity block goes, a pseudonym names it
        if identity is None:
            return copy_with("reference")(case, reference) if renamed else case
        if renamed:  # no validator to run: the case's own texts, validated when it was read
            return copy_with("identity", "reference")(case, None, reference)
        return copy_with("identity")(case, None)
    import attrs

    changes: dict[str, Any] = {}
    if any(p.search(view) for p in patterns):  # else nothing to scrub, and no object rebuilt
        changes = _scrubbed_fields(case, patterns, skip=("identity", "reference"))
    if not changes.get("question", case.question).strip():
        changes["question"] = REDACTED
    domains = changes.get("domains", case.domains)
    if any(not d.question.strip() for d in domains):
        changes["domains"] = tuple(
            d if d.question.strip() else attrs.evolve(d, question=REDACTED) for d in domains
        )
    if own is not None and (
        _digit_identifier(reference, own) if shaped else contains(reference, own)
    ):
        reference = pseudonym(reference)
        renamed = True
    if not changes:  # the identity block goes, a pseudonym names it: no validator to run
        if renamed:
            return copy_with("identity", "reference")(case, None, reference)
        return case if identity is None else copy_with("identity")(case, None)
    if renamed:
        changes["reference"] = reference
    return attrs.evolve(case, identity=None, **changes)


def _may_hide_in_pseudonym(identity: Identity, reference: str) -> bool:
    """Whether a number of ``identity`` may stand in ``reference``, which is shaped like a
    pseudonym: ``casus-`` and 12 hex digits, no separator among them. So a number's digits
    stand there one after the other (the BSN, the phone number after its prefix, the
    postcode's), and a date of birth cannot match at all (its spellings need a separator, or
    six or eight digits on their own). Neither the dates' short digit anchors nor the letter
    anchors are looked at: a pseudonym's hex digits often hold three of them by chance
    (``489`` of a test name ``Voorbeeld-489``), and each would build the identity's pattern
    for nothing (issue 16)."""
    anchors = _anchors(identity)  # what may_name read a moment ago: not read again
    if anchors is None:
        return True
    for anchor in anchors[1]:  # noqa: SIM110 (a loop: any() of a generator costs 3 k more)
        if anchor in reference:
            return True
    return False


def _digit_identifier(reference: str, pattern: re.Pattern[str] | None) -> bool:
    """Whether an identifier with a digit in it occurs in the pseudonym-shaped ``reference``."""
    if pattern is None:
        return False
    return any(any(c.isdigit() for c in m.group()) for m in pattern.finditer(folded(reference)[0]))


# Twin: attrs.evolve(case, ...), which pseudonymise uses where a validator must run. A field
# of Case given a converter, or a value a validator must see, goes through evolve instead;
# tests/core/test_pseudonymise_fast_path.py::test_dropping_the_identity_block_is_evolve
# fails when the copy and evolve differ.
@functools.cache
def copy_with(*names: str) -> Callable[..., Case]:
    """A function that copies a case with its fields ``names`` set to the values given after
    it, in that order, its other fields as they are, and no validator run: one generated
    statement per field (as attrs generates its own methods), each through its slot's own
    descriptor. Only for values that are valid for the field: no identity block, a
    :func:`pseudonym` as the reference."""
    import attrs

    fields = [a.name for a in attrs.fields(Case)]
    scope: dict[str, Any] = {"_new": object.__new__, "Case": Case}
    lines = [f"def copy(case, {', '.join(names)}):", "    new = _new(Case)"]
    for i, name in enumerate(fields):
        scope[f"_set{i}"] = Case.__dict__[name].__set__
        lines.append(f"    _set{i}(new, {name if name in names else 'case.' + name})")
    lines.append("    return new")
    source = "\n".join(lines)
    from escalatie.generated import define

    return define(source, f"<copy of Case with {', '.join(names)}>", scope, "copy")  # type: ignore[no-any-return]


def outbound(case: Case, key: bytes | None = None) -> Case:
    """The case as an artifact for others may carry it: pseudonymised (:func:`pseudonymise`)
    and named by the keyed :func:`pseudonym` of its reference, always.

    A case file's own reference (``DOSSIER-JANSEN-4711``) links back to the submitter's file
    and may hold a name the identity block does not list, so no invitation, cancellation,
    e-mail or comparison carries it; the register keeps it inside (docs/privacy.md).
    """
    import attrs

    return attrs.evolve(pseudonymise(case), reference=pseudonym(case.reference, key))


def _reference_in(view: str, reference: str) -> re.Pattern[str] | None:
    """The pattern of the case's own reference if its longest part occurs in the folded text
    at all (a substring test, so a case whose text never mentions it compiles nothing)."""
    parts = re.findall(r"[^\W_]+", _fold(reference))
    if not parts or max(parts, key=len).casefold() not in view.casefold():
        return None
    return _compiled(None, reference)


_TEXT_FIELDS: dict[type, tuple[tuple[str, str], ...]] = {}


def _text_fields(cls: type) -> tuple[tuple[str, str], ...]:
    """(attribute, key) of each init field of an attrs class that may hold free text."""
    found = _TEXT_FIELDS.get(cls)
    if found is None:
        import attrs

        found = _TEXT_FIELDS[cls] = tuple(
            (a.name, a.alias or a.name)
            for a in attrs.fields(cls)
            if a.init and (a.alias or a.name) not in _NOT_TEXT
        )
    return found


def _free_texts(value: Any, out: list[str], key: str = "", skip: tuple[str, ...] = ()) -> None:
    """Every free-text string that :func:`scrub_value` would scrub, collected into ``out``."""
    fields = _TEXT_FIELDS.get(type(value))
    if fields is not None and key not in _NOT_TEXT:  # an attrs instance: the common case first
        for name, alias in fields:
            if alias in skip:
                continue
            item = getattr(value, name)
            if type(item) is str:
                out.append(item)
            elif item is not None and type(item) is not bool:  # a flag is never text
                _free_texts(item, out, alias)
        return
    if type(value) is tuple and key not in _NOT_TEXT:
        for item in value:
            if type(item) is str:
                out.append(item)
            else:
                _free_texts(item, out, key)
        return
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, Enum) or key in _NOT_TEXT or value is None:
        return
    elif isinstance(value, tuple | list | frozenset):
        for v in value:
            _free_texts(v, out, key)
    elif isinstance(value, dict):
        for k, v in value.items():
            _free_texts(v, out, k)
    elif hasattr(type(value), "__attrs_attrs__"):
        for name, alias in _text_fields(type(value)):
            if alias not in skip:
                _free_texts(getattr(value, name), out, alias)


def _scrubbed_fields(value: Any, pattern: Patterns, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The init arguments of an attrs instance whose scrubbed value differs."""
    import attrs

    changes: dict[str, Any] = {}
    for a in attrs.fields(type(value)):
        name = a.alias or a.name
        if not a.init or name in skip:
            continue
        old = getattr(value, a.name)
        new = scrub_value(old, pattern, name)
        if new is not old and new != old:
            changes[name] = new
    return changes


def scrub_value(value: Any, pattern: Patterns, key: str = "") -> Any:
    """:func:`scrub_document` on the domain objects themselves: every free-text string of an
    attrs instance scrubbed, the same fields as in its JSON document, without unstructuring and
    structuring the case again (issue 16: that round trip nearly doubled ``compare``'s time on
    cases with an identity block). Validators still run: each changed object is rebuilt."""
    if key in _NOT_TEXT or isinstance(value, Enum):
        return value
    if isinstance(value, str):
        return scrub(value, pattern)
    if isinstance(value, tuple):
        return tuple(scrub_value(v, pattern, key) for v in value)
    if isinstance(value, frozenset):
        return frozenset(scrub_value(v, pattern, key) for v in value)
    if isinstance(value, list):
        return [scrub_value(v, pattern, key) for v in value]
    if isinstance(value, dict):
        return {k: scrub_value(v, pattern, k) for k, v in value.items()}
    import attrs

    if attrs.has(type(value)):
        changes = _scrubbed_fields(value, pattern)
        return attrs.evolve(value, **changes) if changes else value
    return value
