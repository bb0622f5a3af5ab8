"""``pseudonymise`` builds an identity's pattern only when the case's text may hold an identifier.

:func:`escalatie.privacy.may_name` says False only when no anchor of the identity (the letters
of each spelling, the digits of each number and date) is in the folded text. These tests check
that it never says False where the full pattern finds an identifier, for identifiers written
in every way docs/privacy.md lists (and disguised as an attacker would), and that
``pseudonymise`` with the fast path gives exactly what it gives with the full matching.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import date

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from escalatie import privacy
from escalatie.case import Case, Identity
from escalatie.privacy import (
    MONTH_NAMES,
    PARTICLES,
    REDACTED,
    folded,
    identifier_pattern,
    may_name,
    normalise,
    pseudonymise,
)
from escalatie.research.synthetic import random_case
from escalatie.testing.strategies import bsns, cases

NAMES = (
    "Zoë Testkind",
    "Sanne Voorbeeld",
    "Daan van Qorvath-Wyndrel",
    "Noor ter Proefhuis",
    "Jörg Straußberg",
    "Bjørn Øverfiktief",
    "Iris Ijsselfictief",
    "Ad Bo",
)
"""Invented names: accents, particles, a double surname, letters that do not fold to ASCII
(ß, ø), parts too short to look for."""

ADDRESSES = (
    "Verzonnenstraat 1, 9999 ZZ Nergenshuizen",
    "Lange Proefstraat 12a, 3511 AB Utrecht",
    "Proeflaan 22, Helmond",
    "St. Fictiefplein 3, 1234AB Nergens",
    "Øverweg 7, 5611 XY Eindhoven",
)
PHONES = ("06-98765432", "+31 6 12345678", "030-1234567", "0031 20 1234567", "+32 470 12 34 56")
EMAILS = (
    "ouder@voorbeeld.example",
    "z.testkind@mail.example.org",
    "jörg@straußberg.example",
    "ouder@bücher.example",
    "ouder@xn--bcher-kva.example",
)
OTHER_IDNA = {
    "jörg@straußberg.example": ["jörg@xn--strauberg-k1a.example", "jörg@straussberg.example"],
    "ouder@bücher.example": ["ouder@xn--bcher-kva.example", "ouder@XN--BCHER-KVA.example"],
    "ouder@xn--bcher-kva.example": ["ouder@bücher.example", "ouder@BÜCHER.example"],
}
"""Each address's domain in its other IDNA spellings (docs/privacy.md: one identifier)."""


def identities() -> st.SearchStrategy[Identity]:
    return st.builds(
        Identity,
        name=st.sampled_from(NAMES),
        bsn=bsns(),
        address=st.sampled_from(ADDRESSES),
        phone=st.sampled_from(PHONES),
        email=st.sampled_from(EMAILS),
        date_of_birth=st.none() | st.dates(date(1990, 1, 1), date(2025, 12, 31)),
    )


def _dates(born: date) -> list[str]:
    """The date of birth in every order and form docs/privacy.md lists."""
    d, m, y, yy = born.day, born.month, born.year, born.year % 100
    names = MONTH_NAMES[m - 1]
    out = [
        f"{born:%Y-%m-%d}",
        f"{d}-{m}-{y}",
        f"{d:02d}.{m:02d}.{y}",
        f"{d:02d}/{m:02d}/{yy:02d}",
        f"{m:02d}/{d:02d}/{y}",
        f"{d}-{m}-{yy:02d}",
        f"{born:%Y%m%d}",
        f"{born:%d%m%Y}",
        f"{born:%m%d%Y}",
        f"{born:%d%m%y}",
        f"{born:%m%d%y}",
        f"{born:%y%m%d}",
        f"{y} {names[-1]} {d}",
        f"{y}/{m}/{d}",
    ]
    for name in names:
        out += [f"{d} {name} {y}", f"{d} {name}. '{yy:02d}", f"{name.title()} {d}th, {y}"]
    return out


def spellings(identity: Identity) -> list[str]:
    """Every way docs/privacy.md says an identifier of ``identity`` is written and caught."""
    out = [identity.name, identity.bsn, identity.phone, identity.email, identity.address]
    parts = [
        p for p in identity.name.replace("-", " ").split() if len(p) >= 3 and p not in PARTICLES
    ]
    out += parts + [f"{p}s" for p in parts] + [f"{p}'s" for p in parts]
    out += [" ".join(p) for p in parts]  # spaced letters
    bsn = identity.bsn
    for sep in (" ", ".", ",", "-", "\u2013", ". "):
        out.append(sep.join([bsn[:3], bsn[3:6], bsn[6:]]))
    digits = "".join(c for c in identity.phone if c.isdigit())
    if identity.phone.startswith("+") and not digits.startswith("31"):  # abroad: its digits
        out += [digits, " ".join(digits), "-".join([digits[:4], digits[4:]])]
    else:
        rest = digits.removeprefix("0031").removeprefix("31").removeprefix("0")
        national = f"0{rest}"
        out += [
            national,
            f"+31 {rest}",
            f"0031 (0){rest}",
            f"(0{rest[:1]}) {rest[1:]}",
            f"0{rest[:1]}\u2013{rest[1:]}",
            " ".join(national),
            f"31{rest}",
            f"31 {rest[:1]} {rest[1:]}",
        ]
    street, _, rest_of_address = identity.address.partition(",")
    out += [street, street.replace("straat", "str."), street.replace("straat", "str")]
    name, _, number = street.rpartition(" ")
    out += [f"{name} nr. {number}", f"{name} nummer {number}", street.replace(" ", "\n")]
    split = privacy.street_ending().fullmatch(_view(name))
    if split is not None:  # its ending written apart, also over two lines
        stem, ending = split.groups()
        out += [f"{stem} {ending} {number}", f"{stem}-\n{ending} {number}"]
    for word in rest_of_address.replace("-", " ").split():
        if word.isdigit():  # the postcode alone, in its forms
            letters = rest_of_address.replace("-", " ").split()[1][:2]
            out += [f"{word}{letters}", f"{word} {letters.lower()}", f"{word}-{letters}"]
            out.append(f"{word}{letters}x")
    local, _, domain = identity.email.partition("@")
    out += [
        f"{local}(at){domain}",
        f"{local} [at] {domain.replace('.', ' [dot] ')}",
        f"{local} at {domain.replace('.', ' punt ')}",
        *(f"{local}{at}{domain}" for at in ("%40", "&#64;", "&#x40;", "&commat;")),
        *OTHER_IDNA.get(identity.email, []),
    ]
    if identity.date_of_birth is not None:
        out += _dates(identity.date_of_birth)
    return [s for s in out if s.strip()]


LOOK_ALIKES = {"e": "\u0435", "o": "\u043e", "a": "\u0430", "T": "\u03a4"}
CASE_EQUIVALENTS = {"i": "\u0131", "s": "\u017f", "k": "\u212a", "I": "\u0130"}


def disguised(draw: st.DrawFn, text: str) -> str:
    """``text`` as an attacker or a word processor might write it."""
    chars = [c.upper() if draw(st.booleans()) else c.lower() for c in text]
    text = "".join(c + " " * draw(st.integers(0, 2)) if c == " " else c for c in chars)
    form = draw(
        st.sampled_from(
            (
                "as is",
                "NFD",
                "accented",
                "dashes",
                "look-alikes",
                "case equivalents",
                "full-width digits",
                "invisible",
                "no-break spaces",
            )
        )
    )
    if form == "NFD":
        return unicodedata.normalize("NFD", text)
    if form == "accented":
        return text.replace("e", "ë").replace("a", "á").replace("o", "ö")
    if form == "dashes":
        return text.replace("-", draw(st.sampled_from("\u2010\u2013\u2014\u2212\uff0d")))
    if form == "look-alikes":
        return "".join(LOOK_ALIKES.get(c, c) for c in text)
    if form == "case equivalents":
        return "".join(CASE_EQUIVALENTS.get(c, c) for c in text)
    if form == "full-width digits":
        return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)
    if form == "invisible":
        return "\u200b".join(text[i : i + 3] for i in range(0, len(text), 3))
    if form == "no-break spaces":
        return text.replace(" ", "\u00a0")
    return text


@st.composite
def texts_about(draw: st.DrawFn, identity: Identity) -> str:
    pieces = draw(st.lists(st.sampled_from(spellings(identity)), max_size=3))
    filler = st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")), max_size=12)
    words = [draw(filler)]
    for piece in pieces:
        words += [disguised(draw, piece), draw(filler)]
    return " ".join(words)


def _view(text: str) -> str:
    return folded(normalise(text))[0]


@settings(deadline=None)
@given(data=st.data(), identity=identities())
def test_never_false_where_the_pattern_finds_an_identifier(
    data: st.DataObject, identity: Identity
) -> None:
    text = data.draw(texts_about(identity))
    pattern = identifier_pattern(identity)
    assert pattern is not None
    view = _view(f"Een andere tekst.\x00{text}")
    if pattern.search(view):
        assert may_name(identity, view)


@pytest.mark.parametrize("name", NAMES)
def test_every_documented_spelling_is_found_by_both(name: str) -> None:
    """Not vacuous: each spelling above is caught by the pattern, and may_name lets it through."""
    for address, phone, email in zip(ADDRESSES, PHONES, EMAILS * 2, strict=False):
        identity = Identity(
            name=name,
            bsn="111222333",
            address=address,
            phone=phone,
            email=email,
            date_of_birth=date(2012, 9, 1),
        )
        pattern = identifier_pattern(identity)
        assert pattern is not None
        for spelling in spellings(identity):
            view = _view(f"Gesprek over {spelling} vandaag.")
            assert pattern.search(view), spelling
            assert may_name(identity, view), spelling


def _with_texts(draw: st.DrawFn, case: Case) -> Case:
    """``case`` with spellings of its identity typed into its free-text fields."""
    assert case.identity is not None
    about = texts_about(case.identity)
    domains = tuple(
        attrs.evolve(d, question=draw(about) or "Vraag.", need=draw(about)) for d in case.domains
    )
    return attrs.evolve(
        case,
        question=draw(about) or "Vraag.",
        plan=draw(about),
        perspective=draw(about),
        domains=domains,
    )


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), case=cases(with_identity=True), identity=identities())
def test_pseudonymise_is_what_the_full_matching_gives(
    data: st.DataObject, case: Case, identity: Identity, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = attrs.evolve(case, identity=identity)
    if data.draw(st.booleans()):
        case = _with_texts(data.draw, case)
    fast = pseudonymise(case)
    with monkeypatch.context() as always:  # undone after every example
        always.setattr(privacy, "may_name", lambda identity, view: True)
        full = pseudonymise(case)
    assert fast == full


def test_a_case_that_names_no_one_builds_no_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    identity = Identity(name="Sanne Voorbeeld", bsn="111222333", date_of_birth=date(2011, 5, 17))
    built: list[Identity] = []
    real = privacy.identifier_pattern

    def spy(found: Identity | None) -> object:
        assert found is not None
        built.append(found)
        return real(found)

    monkeypatch.setattr(privacy, "identifier_pattern", spy)
    quiet = attrs.evolve(random_case(random.Random(1), "R-1"), identity=identity)
    assert pseudonymise(quiet).identity is None
    assert built == []
    loud = attrs.evolve(quiet, question="Hoe gaat het met Sanne?")
    assert pseudonymise(loud).question == f"Hoe gaat het met {REDACTED}?"
    assert built == [identity]
    named = attrs.evolve(quiet, reference="Voorbeeld-2026")  # the reference is read too
    assert pseudonymise(named).reference.startswith("casus-")


def test_letters_that_match_ascii_ignoring_case_are_read_as_it() -> None:
    identity = Identity(name="Iris Voorbeeld")
    assert may_name(identity, _view("Gesprek met \u0131r\u0131s"))  # dotless ı matches i
    assert identifier_pattern(identity).search(_view("Gesprek met \u0131r\u0131s"))  # type: ignore[union-attr]
    assert not may_name(identity, _view("Gesprek met de school."))


def test_a_date_of_birth_in_a_pseudonym_builds_no_pattern() -> None:
    """``1 jan 05`` has the digits 105, which a pseudonym's hex digits often hold; a reference
    that is a pseudonym is not looked at, so no pattern is built for it (issue 16)."""
    identity = Identity(name="Sanne Voorbeeld", date_of_birth=date(2005, 1, 1))
    reference = "casus-4c2c40c1f05d"
    assert may_name(identity, _view(reference))  # the plain anchors would build the pattern
    pattern = identifier_pattern(identity)
    assert pattern is not None and not pattern.search(_view(reference))
    case = attrs.evolve(random_case(random.Random(2), reference), identity=identity)
    assert pseudonymise(case).reference == reference  # a pseudonym is kept, never looked at


@given(text=st.text(st.characters(max_codepoint=127), max_size=40))
def test_the_spaced_letters_precheck_misses_no_run(text: str) -> None:
    """``folded`` skips the look for spelled-out letters when no letter stands alone before a
    separator: only where there can be no run."""
    if privacy._spaced().search(text):
        assert privacy._may_be_spaced(text)


@given(text=st.text(max_size=40))
def test_the_digits_key_is_the_texts_ascii_digits(text: str) -> None:
    import re

    assert privacy._digits_key(text) == re.sub(r"[^0-9\x00]", "", text)


@given(case=cases(with_identity=True))
def test_dropping_the_identity_block_is_evolve(case: Case) -> None:
    """Nothing to scrub: the identity block goes by a copy, equal to ``attrs.evolve``."""
    assert case.identity is not None
    plain = attrs.evolve(case, identity=Identity(name="Qwyzx Vrtlmp"))  # named nowhere
    result = pseudonymise(plain)
    if result.question == plain.question and result.domains == plain.domains:
        assert result == attrs.evolve(plain, identity=None)
        assert attrs.asdict(result) == attrs.asdict(attrs.evolve(plain, identity=None))


ASCII_WORDS = st.text(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=9
)


@st.composite
def ascii_identities(draw: st.DrawFn) -> Identity:
    """Identities of printable ASCII, as most are typed: the ones ``_anchors`` reads without folding."""
    words = draw(st.lists(ASCII_WORDS | st.sampled_from(sorted(PARTICLES)), max_size=5))
    name = "".join(w + draw(st.sampled_from([" ", "-", ", ", "  "])) for w in words)
    phone = draw(
        st.sampled_from(
            ["", "06-98765432", "+31 6 12345678", "0031 20 1234567", "12", "+32 470 12 34 56"]
        )
        | st.from_regex(r"\+?[0-9 ()-]{0,14}", fullmatch=True)
    )
    email = draw(
        st.sampled_from(
            [
                "",
                "ouder@voorbeeld.example",
                "a.b@c.d",
                ".@x.y",
                "ab",
                "a b@c.d",
                "a&#64;b@c.d",
                "o@xn--bcher-kva.nl",
            ]
        )
        | st.builds("{}@{}.{}".format, ASCII_WORDS, ASCII_WORDS, ASCII_WORDS)
    )
    address = draw(st.sampled_from(["", *[a for a in ADDRESSES if a.isascii()], "Straat 1", "ab"]))
    return Identity(
        name=draw(st.sampled_from([name, name.strip(), "S a n n e Voorbeeld", "Ad"])),
        bsn=draw(st.just("") | bsns()),
        phone=phone,
        email=email,
        address=address,
        date_of_birth=draw(st.none() | st.dates(date(1990, 1, 1), date(2025, 12, 31))),
    )


@given(identity=ascii_identities())
def test_the_plain_anchors_are_the_folded_ones(identity: Identity) -> None:
    """The anchors of a printable ASCII identity, read without folding where folding leaves its
    texts as they are, are exactly those of the general way, which folds every text first."""
    assert privacy._anchors(identity) == privacy._folded_anchors(identity)


def test_most_identities_take_the_plain_anchors() -> None:
    """Not vacuous: the common identity is read the straight way."""
    identity = Identity(
        name="Sanne van Voorbeeld-Proef", bsn="111222333", phone="06-98765432",
        email="ouder@voorbeeld.example", address="Lange Proefstraat 12a, 3511 AB Utrecht",
        date_of_birth=date(2014, 7, 19),
    )  # fmt: skip
    assert privacy._folds_to_itself(identity.name, identity.email, identity.address)
    assert privacy._anchors(identity) == privacy._folded_anchors(identity) is not None
