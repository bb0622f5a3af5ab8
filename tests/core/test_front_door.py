"""The package root: five names triage a bundled case, nothing heavy loads before use, and
its errors (a bad ``at``, a missing model file) are one line in the Python caller's terms."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from importlib.resources import files
from pathlib import Path

import pytest

import escalatie
from escalatie.clock import AMSTERDAM
from escalatie.errors import EscalatieError, UnknownModel
from escalatie.plugins import using_registry


def run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.strip()


def test_import_escalatie_loads_neither_attrs_nor_cattrs_nor_pluggy() -> None:
    out = run(
        "import sys, escalatie; "
        "print(sorted(m for m in ('attrs', 'cattrs', 'pluggy', 'escalatie.plugins') "
        "if m in sys.modules))"
    )
    assert out == "[]"


def test_a_name_loads_what_it_needs_on_first_use() -> None:
    out = run(
        "import sys, escalatie; escalatie.Case; "
        "print('attrs' in sys.modules, 'escalatie.plugins' in sys.modules)"
    )
    assert out == "True False"


def test_the_attribute_triage_is_the_function_even_after_importing_every_module() -> None:
    import escalatie.api
    import escalatie.triaging

    assert escalatie.triage is escalatie.api.triage
    assert callable(escalatie.triage)
    assert set(escalatie.__all__) <= set(dir(escalatie))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = escalatie.nope  # type: ignore[attr-defined]


def test_five_names_triage_a_bundled_example_case() -> None:
    if "helmond-trajectregie" not in {m.name for m in escalatie.models()}:
        pytest.skip("the example models are not installed")
    path = files("escalatie_examples") / "cases" / "thuiszitter-zonder-contract.json"
    case = escalatie.load_case(str(path))
    assert isinstance(case, escalatie.Case)
    at = datetime(2026, 3, 2, 9, 0, tzinfo=AMSTERDAM)
    model = escalatie.get_model("helmond-trajectregie")
    result = escalatie.triage(case, model, at)
    assert isinstance(result, escalatie.TriageResult)
    assert (result.route, result.forum, result.ready) == ("ronde-tafel", "ronde-tafel", True)
    assert escalatie.triage(case, "helmond-trajectregie", at) == result


def test_get_model_reads_a_model_file_by_path() -> None:
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "examples" / "model-files" / "noorderhaven.toml"
    if not path.exists():
        pytest.skip("examples/model-files is not in this checkout")
    with using_registry():  # the file joins this registry's models, not the process-wide one
        model = escalatie.get_model(path)
    assert model.origin and Path(model.origin).resolve() == path


def test_an_unknown_model_is_one_line_naming_what_is_installed() -> None:
    with pytest.raises(UnknownModel, match=r"^unknown model 'nope'.*; installed: "):
        escalatie.get_model("nope")


def test_hookimpl_at_the_root_is_the_plugin_marker() -> None:
    from escalatie.hookspecs import hookimpl

    assert escalatie.hookimpl is hookimpl


# The front door's errors, as a Python user meets them.

NEW_USER_CASE = {
    "reference": "NU-8",
    "age": 11,
    "question": "Welke hulp past bij het gezin?",
    "domains": [{"kind": "care", "question": "Geen passende hulp beschikbaar"}],
    "submitter": {"role": "district_team"},
    "obstacles": ["supply_unavailable"],
}


def test_triage_reads_text_as_the_cli_reads_at() -> None:
    """``at`` may be ISO 8601 text, read as the CLI reads ``--at``, not only a datetime."""
    case = escalatie.load_case(NEW_USER_CASE)
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
    """An hour the Amsterdam clock skips, or a value that is no moment, is one line."""
    case = escalatie.load_case(NEW_USER_CASE)
    with pytest.raises(EscalatieError) as refused:
        escalatie.triage(case, "utrecht-maatwerktafel", at)  # type: ignore[arg-type]
    assert str(refused.value).startswith(expected)
    assert "\n" not in str(refused.value)


def test_a_missing_model_file_names_the_api_argument_and_keeps_the_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The error names the Python argument (not the CLI's ``-m``) and keeps "did you mean"."""
    from escalatie.modelfile.starter import starter

    monkeypatch.chdir(tmp_path)
    Path("zeewolde.toml").write_text(starter("zeewolde-tafel"), encoding="utf-8")
    with using_registry(), pytest.raises(UnknownModel) as missing:
        escalatie.get_model("./zeewold.toml")
    message = str(missing.value)
    assert message.startswith("name_or_path ./zeewold.toml: no such model file")
    assert message.endswith("; did you mean ./zeewolde.toml?")
    assert "-m" not in message
    case = escalatie.load_case(NEW_USER_CASE)
    with using_registry(), pytest.raises(UnknownModel) as through_triage:
        escalatie.triage(case, "./zeewold.toml", "2026-03-02T10:00")
    assert str(through_triage.value).startswith("model ./zeewold.toml: no such model file")
    assert str(through_triage.value).endswith("did you mean ./zeewolde.toml?")
