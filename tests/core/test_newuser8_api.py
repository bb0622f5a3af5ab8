"""New-user review 8, findings 2 and 7: the front door's errors, as a Python user meets them."""

from __future__ import annotations

from pathlib import Path

import pytest

import escalatie
from escalatie.errors import EscalatieError, UnknownModel

CASE = {
    "reference": "NU-8",
    "age": 11,
    "question": "Welke hulp past bij het gezin?",
    "domains": [{"kind": "care", "question": "Geen passende hulp beschikbaar"}],
    "submitter": {"role": "district_team"},
    "obstacles": ["supply_unavailable"],
}


def test_triage_reads_text_as_the_cli_reads_at() -> None:
    """Finding 2: a string gave a bare AttributeError ('str' object has no attribute 'tzinfo')."""
    case = escalatie.load_case(CASE)
    from datetime import datetime

    from escalatie.clock import AMSTERDAM

    by_text = escalatie.triage(case, "utrecht-maatwerktafel", "2026-03-02T10:00")
    aware = datetime(2026, 3, 2, 10, 0, tzinfo=AMSTERDAM)
    assert by_text == escalatie.triage(case, "utrecht-maatwerktafel", aware)


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2026-03-29T02:30", "at: '2026-03-29T02:30' does not exist in Europe/Amsterdam"),
        (20260302, "at: expected a timezone-aware datetime or ISO 8601 text"),
    ],
)
def test_triage_refuses_a_bad_at_in_one_line(at: object, expected: str) -> None:
    case = escalatie.load_case(CASE)
    with pytest.raises(EscalatieError) as refused:
        escalatie.triage(case, "utrecht-maatwerktafel", at)  # type: ignore[arg-type]
    assert str(refused.value).startswith(expected)
    assert "\n" not in str(refused.value)


def test_a_missing_model_file_names_the_api_argument_and_keeps_the_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding 7: get_model said "-m ./zeewold.toml" and dropped "did you mean"."""
    from escalatie.modelfile.starter import starter
    from escalatie.plugins import using_registry

    monkeypatch.chdir(tmp_path)
    Path("zeewolde.toml").write_text(starter("zeewolde-tafel"), encoding="utf-8")
    with using_registry(), pytest.raises(UnknownModel) as missing:
        escalatie.get_model("./zeewold.toml")
    message = str(missing.value)
    assert message.startswith("name_or_path ./zeewold.toml: no such model file")
    assert message.endswith("; did you mean ./zeewolde.toml?")
    assert "-m" not in message
    case = escalatie.load_case(CASE)
    with using_registry(), pytest.raises(UnknownModel) as through_triage:
        escalatie.triage(case, "./zeewold.toml", "2026-03-02T10:00")
    assert str(through_triage.value).startswith("model ./zeewold.toml: no such model file")
    assert str(through_triage.value).endswith("did you mean ./zeewolde.toml?")
