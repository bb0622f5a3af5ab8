"""The package root: five names triage a bundled case, and nothing heavy loads before use."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from importlib.resources import files

import pytest

import escalatie
from escalatie.clock import AMSTERDAM
from escalatie.errors import UnknownModel
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
