"""New-user review 7 (a Zeewolde model file from the starter): ``compare --models``."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Run


def test_compare_names_every_unknown_model_in_one_line(run: Run) -> None:
    """``--models helmond,rotterdam`` named only the first."""
    code, out, err = run("compare", "--examples", "--models", "helmond,rotterdam")
    assert (code, out) == (1, "")
    (line,) = err.splitlines()
    assert line.startswith(
        "error: --models: unknown models 'helmond' (did you mean 'helmond-trajectregie'?), "
        "'rotterdam' (did you mean 'rotterdam-zorgconsulaat'?); installed: "
    ), line


def test_the_same_model_by_path_and_by_name_is_compared_once(
    run: Run, starter_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--models ./zeewolde.toml,zeewolde-tafel`` ran the same model twice (36 rows)."""
    monkeypatch.chdir(starter_file.parent)
    code, once, _ = run("compare", "--examples", "--models", "./zeewolde.toml", "--format", "csv")
    assert code == 0
    code, twice, err = run(
        "compare", "--examples", "--models", "./zeewolde.toml,zeewolde-tafel", "--format", "csv"
    )
    assert code == 0 and twice == once
    assert err == (
        "note: --models: ./zeewolde.toml and zeewolde-tafel are the same model zeewolde-tafel; "
        "it is compared once\n"
    )
