"""A model file's ``name`` is a key (attacker review): invisible characters, list and formula
characters and path characters reached compare's CSV/JSON ``model`` cell, schedule's summary
line, calendar UIDs, and ``compare --models`` read such a name as a path. ``model check`` and
every use of the file refuse it with one line naming ``name`` and the expected form, as
``model new`` does."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from escalatie.validation import is_model_name

from .conftest import Run

BAD = (
    "zee\u202ewolde\u200b",  # a right-to-left override and a zero-width space
    "A=B",
    "x;y",
    '=1+2;=HYPERLINK("http://x.example")',
    "zee wolde",
    "Zeewolde",
    "zee/wolde",
    "zee.toml",
    "zee\twolde",
    "z",
)


def _file(run: Run, tmp_path: Path, name: str) -> Path:
    path = tmp_path / "zee.toml"
    assert run("model", "new", "zee-tafel", "-o", str(path)).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert 'name = "zee-tafel"\n' in text
    quoted = json.dumps(name, ensure_ascii=False)  # a TOML basic string
    path.write_text(text.replace('name = "zee-tafel"\n', f"name = {quoted}\n", 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", BAD)
def test_model_check_refuses_a_name_that_is_no_key(run: Run, tmp_path: Path, name: str) -> None:
    path = _file(run, tmp_path, name)
    result = run("model", "check", str(path))
    assert result.exit_code == 1, result.output
    errors = result.stderr.splitlines()
    assert len(errors) == 1, errors
    assert "name: expected lower-case letters, digits and '-' (such as zeewolde-tafel)" in errors[0]
    assert name.isprintable() or name not in errors[0]  # shown escaped (repr), never raw
    for command in (["describe"], ["compare", "--examples", "--format", "csv"]):
        used = run("-m", str(path), *command)
        assert used.exit_code == 1, used.output
        assert "name: expected lower-case letters" in used.stderr


def test_a_good_name_passes(run: Run, tmp_path: Path) -> None:
    """Not too strict: the form ``model new`` writes."""
    assert run("model", "check", str(_file(run, tmp_path, "zee-wolde-2"))).exit_code == 0


def test_every_bundled_and_documented_model_name_keeps_the_form() -> None:
    """No model file the project ships, and no example in the docs, breaks."""
    root = Path(__file__).parents[2]
    files = [*root.glob("src/*/models/*.toml"), *root.glob("examples/**/*.toml")]
    names = []
    for path in files:
        found = re.search(r'^name = "([^"]*)"', path.read_text(encoding="utf-8"), re.MULTILINE)
        if found and "[[" not in path.read_text(encoding="utf-8").split(found.group(0))[0]:
            names.append(found.group(1))
    for page in root.glob("docs/*.md"):
        names += re.findall(r'```toml\nname = "([^"]*)"', page.read_text(encoding="utf-8"))
    if not names:
        pytest.skip("the model files are not installed beside the tests")
    assert [n for n in names if not is_model_name(n)] == []
    assert "utrecht-maatwerktafel" in names


@pytest.mark.parametrize("name", BAD)
def test_the_schema_flags_what_the_loader_refuses(name: str) -> None:
    """An editor reading ``escalatie schema model`` marks the name as ``model check`` does."""
    import jsonschema

    from escalatie.modelfile.schema import model_schema

    schema = model_schema({})["properties"]["name"]
    assert not jsonschema.Draft202012Validator(schema).is_valid(name)
    assert jsonschema.Draft202012Validator(schema).is_valid("zee-wolde-2")
