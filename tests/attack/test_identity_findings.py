"""The attacker review's findings on the identity path (issue 16): a name of absurdly many
parts is refused in one line, letters that Unicode does not decompose are folded (``Łukasz``
written ``Lukasz``), and a reference shaped like a pseudonym that holds an identifier's digits
does not keep them (docs/privacy.md)."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from click.testing import Result

from escalatie.case import MAX_NAME_CHARS, MAX_NAME_PARTS, Identity
from escalatie.documents import structure
from escalatie.errors import InvalidDocument
from escalatie.privacy import (
    LETTERS_WITHOUT_DECOMPOSITION,
    REDACTED,
    identifier_pattern,
    pseudonym_shape,
    pseudonymise,
    scrub,
)
from escalatie.research.synthetic import random_case

Run = Callable[..., Result]
AT = "2026-03-02T10:00"


def _case_file(run: Run, tmp_path: Path, identity: dict[str, str]) -> Path:
    run("examples", "buurtteam-maatwerktafel", "-o", str(tmp_path / "example.json"))
    document = json.loads((tmp_path / "example.json").read_text("utf-8"))
    document["identity"] = identity
    document["plan"] = "Gesprek met Lukasz, Soren en Strauss; LUKASZ STRAUSS belt terug."
    path = tmp_path / "case.json"
    path.write_text(json.dumps(document), "utf-8")
    return path


def test_a_name_of_too_many_parts_is_one_line(run: Run, tmp_path: Path) -> None:
    name = " ".join(f"Q{chr(97 + i % 26)}{chr(97 + i // 26)}" for i in range(100))  # 399
    case = _case_file(run, tmp_path, {"name": name})
    result = run("triage", str(case), "--at", AT)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "$.identity.name" in result.stderr
    assert f"at most {MAX_NAME_PARTS} words" in result.stderr
    assert "Qaa" not in result.stderr  # the value is not echoed


def test_a_name_too_long_is_refused_and_says_the_limit() -> None:
    with pytest.raises(InvalidDocument) as refused:
        structure({"name": "x" * (MAX_NAME_CHARS + 1)}, Identity)
    assert f"at most {MAX_NAME_CHARS} characters" in str(refused.value)


def test_real_names_are_accepted() -> None:
    for name in (
        "Willem-Alexander Claus George Ferdinand van Oranje-Nassau van Amsberg",
        "Maria Johanna Wilhelmina Catharina Theodora van den Bergh-van der Heijden",
        "A" * 200 + " van der " + "B" * 200,
    ):
        assert structure({"name": name}, Identity).name == name


def test_letters_without_decomposition_are_scrubbed_both_ways(run: Run, tmp_path: Path) -> None:
    case = _case_file(run, tmp_path, {"name": "Łukasz Søren Strauß"})
    result = run("triage", str(case), "--at", AT, "--json")
    assert result.exit_code == 0, result.output
    for written in ("Lukasz", "LUKASZ", "Soren", "Strauss", "STRAUSS"):
        assert written not in result.output
    pattern = identifier_pattern(Identity(name="Lukasz Soren Strauss"))
    assert scrub("Met Łukasz, Søren en Strauß.", pattern) == (
        f"Met {REDACTED}, {REDACTED} en {REDACTED}."
    )


@pytest.mark.parametrize("letter", sorted(LETTERS_WITHOUT_DECOMPOSITION))
def test_each_letter_without_decomposition_is_folded(letter: str) -> None:
    written = LETTERS_WITHOUT_DECOMPOSITION[letter]
    typed, plain = f"Qor{letter}vath", f"Qor{written}vath"
    assert scrub(f"Zie {plain}.", identifier_pattern(Identity(name=typed))) == f"Zie {REDACTED}."
    assert scrub(f"Zie {typed}.", identifier_pattern(Identity(name=plain))) == f"Zie {REDACTED}."


def test_a_spelled_out_sharp_s_is_one_letter() -> None:
    pattern = identifier_pattern(Identity(name="Jörg Straußberg"))
    assert scrub("over S t r a u ß b e r g nu", pattern) == f"over {REDACTED} nu"
    assert scrub("Strauß.", identifier_pattern(Identity(name="Jörg Strauss"))) == f"{REDACTED}."


IDENTITY = Identity(
    name="Sanne Voorbeeld", bsn="111222333", phone="06-98765432",
    address="Lange Proefstraat 12a, 3511 AB Utrecht",
)  # fmt: skip


@pytest.mark.parametrize(
    "reference", ["casus-111222333abc", "casus-a0698765432a", "casus-f3511ab00000"]
)
def test_a_pseudonym_shaped_reference_with_an_identifiers_digits_is_replaced(
    reference: str,
) -> None:
    assert pseudonym_shape().fullmatch(reference)
    case = attrs.evolve(random_case(random.Random(3), reference), identity=IDENTITY)
    shown = pseudonymise(case).reference
    assert shown != reference and pseudonym_shape().fullmatch(shown)


def test_a_pseudonym_shaped_reference_with_a_hex_name_is_kept() -> None:
    """A name of the letters a to f in a pseudonym's hex digits is chance: kept."""
    reference = "casus-00abe0000000"
    case = attrs.evolve(random_case(random.Random(3), reference), identity=Identity(name="Abe Ka"))
    assert pseudonymise(case).reference == reference
