"""New-user review 8, finding 8: typo hints are even. A mistyped power gets "did you mean" as a
mistyped forum kind does, and ``model new`` suggests the name it cannot take as given."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_a_mistyped_power_gets_did_you_mean(run, starter_file: Path) -> None:
    text = starter_file.read_text(encoding="utf-8")
    starter_file.write_text(
        text.replace('powers = ["push_through", "escalate_to_board"]', 'powers = ["budgett"]'),
        encoding="utf-8",
    )
    code, _, err = run("model", "check", str(starter_file))
    assert code == 1
    (line,) = [x for x in err.splitlines() if ".mandate.powers[0]" in x]
    assert line.endswith('; got "budgett" (did you mean budget?)'), line


@pytest.mark.parametrize(
    ("given", "meant"), [("Zeewolde-Tafel", "zeewolde-tafel"), ("Zeewolde tafel", "zeewolde-tafel")]
)
def test_model_new_suggests_the_name_it_means(run, tmp_path: Path, given: str, meant: str) -> None:
    code, _, err = run("model", "new", given, "-o", str(tmp_path / "z.toml"))
    assert code == 2 and not (tmp_path / "z.toml").exists()
    assert err.rstrip().endswith(f"got {given!r}; did you mean {meant}?"), err


def test_no_suggestion_where_no_name_is_near(run, tmp_path: Path) -> None:
    code, _, err = run("model", "new", "zee/wolde", "-o", str(tmp_path / "z.toml"))
    assert code == 2 and "did you mean" not in err


def test_describe_writes_a_budget_ceiling_with_a_thousands_separator(
    run, starter_file: Path
) -> None:
    """Finding 10: describe printed "budget up to EUR 25000"."""
    text = starter_file.read_text(encoding="utf-8").replace(
        'powers = ["push_through", "escalate_to_board"]',
        'powers = ["push_through", "escalate_to_board", "budget"]\nbudget_ceiling_eur = 25000',
    )
    starter_file.write_text(text, encoding="utf-8")
    code, out, err = run("-m", str(starter_file), "describe")
    assert code == 0, err
    assert "budget up to EUR 25,000" in out
