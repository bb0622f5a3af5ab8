"""Pseudonymisation: no identifier survives in any field, however it was typed."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from escalatie.case import Case, Identity
from escalatie.documents import dump_json, structure
from escalatie.privacy import (
    REDACTED,
    find_identifier,
    identifier_pattern,
    outbound,
    pseudonym,
    pseudonym_shape,
    pseudonymise,
    scrub,
)

IDENTITY = {
    "name": "Jantje van der Pietersma",
    "bsn": "111222333",
    "address": "Dorpsstraat 1, Testdorp",
    "phone": "06-12345678",
    "email": "ouders@voorbeeld.example",
    "date_of_birth": "2012-09-01",
}

SPELLINGS = [
    "Jantje",
    "Pietersma",
    "jantje van der pietersma",
    "111 222 333",
    "111.222.333",
    "0612345678",
    "06 12 34 56 78",
    "01-09-2012",
    "1-9-2012",
    "20120901",
    "dorpsstraat 1, testdorp",
    "OUDERS@voorbeeld.example",
]


def test_every_spelling_is_scrubbed_everywhere(case_data: dict[str, Any]) -> None:
    text = " en ".join(SPELLINGS)
    doc = {
        **case_data,
        "reference": "Pietersma-2026",
        "question": f"Kan {text} starten?",
        "plan": text,
        "perspective": text,
        "parties": [{"organisation": "Pleeggezin Pietersma", "role": "other"}],
        "submitter": {"role": "professional", "organisation": "Buurtteam van Jantje"},
        "prior_steps": [{"kind": "home_visit", "by": "Buurtteam", "tried": text}],
        "requested_care": [
            {"kind": "ambulant", "description": text, "provider": "Praktijk Pietersma"}
        ],
        "identity": IDENTITY,
    }
    clean = pseudonymise(structure(doc, Case))
    out = dump_json(clean)
    assert clean.identity is None
    assert find_identifier(out, [structure(doc, Case).identity]) is None
    for spelling in SPELLINGS:
        assert spelling.casefold() not in out.casefold()
    assert clean.reference == pseudonym("Pietersma-2026")
    assert clean.parties[0].organisation == f"Pleeggezin {REDACTED}"
    # Ordinary words that happen to be name particles survive.
    assert " en " in clean.plan


def _round_trip(case: Case) -> Case:
    """Pseudonymisation as it was before issue 16: unstructure, scrub the document, structure."""
    from escalatie.documents import unstructure
    from escalatie.privacy import normalise, scrub_document

    pattern = identifier_pattern(case.identity)
    assert pattern is not None
    document = unstructure(case)
    document.pop("identity")
    document = scrub_document(document, pattern)
    ref = case.reference
    document["reference"] = pseudonym(ref) if pattern.search(normalise(ref)) else ref
    if not document["question"].strip():
        document["question"] = REDACTED
    for domain in document["domains"]:
        if not domain["question"].strip():
            domain["question"] = REDACTED
    return structure(document, Case)


@pytest.mark.parametrize("reference", ["Pietersma-2026", "zaak-17"])
@pytest.mark.parametrize("question", ["Jantje", "Waar kan Jantje heen?"])
def test_pseudonymise_on_objects_equals_the_document_round_trip(
    case_data: dict[str, Any], reference: str, question: str
) -> None:
    """Issue 16: scrubbing the objects in place gives the very case the round trip gave."""
    text = " en ".join(SPELLINGS)
    doc = {
        **case_data,
        "reference": reference,
        "question": question,
        "plan": text,
        "domains": [{"kind": "education", "question": "Jantje", "need": text}],
        "parties": [{"organisation": "Pleeggezin Pietersma", "role": "other"}],
        "identity": IDENTITY,
    }
    case = structure(doc, Case)
    assert pseudonymise(case) == _round_trip(case)


def test_a_case_without_identity_is_returned_as_is(case_data: dict[str, Any]) -> None:
    case = structure(case_data, Case)
    assert pseudonymise(case) is case


def test_outbound_names_a_case_by_its_keyed_pseudonym_whatever_its_reference_holds(
    case_data: dict[str, Any],
) -> None:
    """A reference such as DOSSIER-JANSEN-4711 holds a name no identity block lists: only the
    pseudonym leaves; the key decides it, so another municipality gets another one."""
    case = structure({**case_data, "reference": "DOSSIER-JANSEN-4711", "identity": IDENTITY}, Case)
    sent = outbound(case)
    assert sent.reference == pseudonym("DOSSIER-JANSEN-4711") and sent.identity is None
    assert sent == attrs.evolve(pseudonymise(case), reference=sent.reference)
    other = outbound(case, key=b"another municipality's key, 32 b")
    assert other.reference != sent.reference and pseudonym_shape().fullmatch(other.reference)


def test_find_identifier_names_the_field_not_the_value() -> None:
    identity = Identity(name="Sanne Verzonnen", date_of_birth=date(2010, 5, 4))
    assert find_identifier("bij Sanne thuis", [identity]) == "name"
    assert find_identifier("geboren 04-05-2010", [identity]) == "date_of_birth"
    assert find_identifier("materiaal, Sanneke, verzonnenheid", [identity]) is None


WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", max_size=20)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # case_data is read-only
@given(
    before=WORDS,
    after=WORDS,
    canary=st.sampled_from(SPELLINGS),
    field=st.sampled_from(["question", "plan", "perspective"]),
)
def test_planted_canaries_never_survive(
    case_data: dict[str, Any], before: str, after: str, canary: str, field: str
) -> None:
    doc = {**case_data, field: f"{before} {canary} {after}", "identity": IDENTITY}
    clean = pseudonymise(structure(doc, Case))
    dumped = json.dumps(dump_json(clean))
    assert (
        find_identifier(dumped, [Identity(**{**IDENTITY, "date_of_birth": date(2012, 9, 1)})])
        is None
    )


VARIANT_IDENTITY = Identity(
    name="Zqxanne Zoë de Vries-Qorvath",
    bsn="111222333",
    address="Klaverqxstraat 17, 3511 AB Utrecht",
    phone="06-98765432",
    email="zqxanne@example.org",
    date_of_birth=date(2014, 7, 19),
)


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ("+31 6 98765432", "phone"),
        ("0031 (0)6-987 654 32", "phone"),
        ("+31698765432", "phone"),
        ("(06) 98765432", "phone"),
        ("Klaverqxstraat 17", "address"),
        ("klaverqxstr. 17a", "address"),
        ("3511AB", "address"),
        ("3511 ab", "address"),
        ("19 juli 2014", "date_of_birth"),
        ("19 jul. 2014", "date_of_birth"),
        ("19.07.2014", "date_of_birth"),
        ("19-7-2014", "date_of_birth"),
        ("19/07/14", "date_of_birth"),
        ("2014-07-19", "date_of_birth"),
        ("19072014", "date_of_birth"),
        ("111-22 2.333", "bsn"),
        ("111 222 333", "bsn"),
        ("１１１２２２３３３", "bsn"),  # full-width digits
        ("١١١٢٢٢٣٣٣", "bsn"),  # Arabic-Indic digits (attacker review)
        ("१११२२२३३३", "bsn"),  # Devanagari digits
        ("٠٦-٩٨٧٦٥٤٣٢", "phone"),
        ("١٩-٧-٢٠١٤", "date_of_birth"),
        ("٣٥١١ AB", "address"),
        ("Zqxannes", "name"),
        ("Zqxanne's", "name"),
        ("Zqxanne’s", "name"),
        ("Vries", "name"),
        ("Qorvath", "name"),
        (unicodedata.normalize("NFD", "Zoë"), "name"),
        ("Zoe", "name"),  # the accent left out
        ("Zqx\u200banne", "name"),  # a zero-width space inside
        ("ZQXANNE@EXAMPLE.ORG", "email"),
    ],
)
def test_identifiers_written_differently_are_caught(typed: str, field: str) -> None:
    """Issue 17, point 3: normalise, then match the variants."""
    text = f"Overleg: {typed} komt dinsdag."
    assert find_identifier(text, [VARIANT_IDENTITY]) == field
    scrubbed = scrub(text, identifier_pattern(VARIANT_IDENTITY))
    assert scrubbed.startswith("Overleg: [verwijderd]") and scrubbed.endswith(" komt dinsdag.")


@pytest.mark.parametrize(
    "text",
    [
        "Zqxanneke gaat naar Utrecht",  # a longer word, the town alone
        "huisnummer 17, juli 2014, postcode 3511",  # parts of a date and postcode
        "19 juli 2015 en 20-7-2014",  # other dates
        "bel 06-98765433",  # another number
        "de Vriesland-weg",  # "Vries" inside a longer word
        "Klaverqxstraat",  # a street without its house number
    ],
)
def test_ordinary_text_near_an_identifier_is_kept(text: str) -> None:
    assert find_identifier(text, [VARIANT_IDENTITY]) is None
    assert scrub(text, identifier_pattern(VARIANT_IDENTITY)) == text


def test_a_postcode_written_with_a_dash_in_the_identity_is_still_the_postcode() -> None:
    """The identity's address with ``3511-AB``: the postcode alone in free text is found."""
    identity = attrs.evolve(VARIANT_IDENTITY, address="Klaverqxstraat 17, 3511-AB Utrecht")
    for typed in ("3511 AB", "3511AB", "3511-ab"):
        assert find_identifier(f"Post: {typed}.", [identity]) == "address"


@given(
    reference=st.text(st.characters(exclude_categories=["Cs"]), max_size=80),
    key=st.binary(min_size=0, max_size=150),
)
def test_pseudonym_is_the_hmac_sha256_of_the_reference(reference: str, key: bytes) -> None:
    """The pads prepared once per key give HMAC-SHA256 itself (keys longer than a block too)."""
    import hashlib
    import hmac

    from escalatie.privacy import normalise, pseudonym

    expected = hmac.new(key, normalise(reference).encode("utf-8"), hashlib.sha256).hexdigest()
    assert pseudonym(reference, key) == "casus-" + expected[:12]
