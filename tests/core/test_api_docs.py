"""docs/api.md: its examples run, and every field of ``TriageResult`` and ``Case`` is documented."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import attrs
import pytest

import escalatie
from escalatie.case import Case
from escalatie.plugins import using_registry
from escalatie.triaging import TriageResult

API = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", API.read_text(encoding="utf-8"), re.S)


def test_the_examples_of_docs_api_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    if "helmond-trajectregie" not in {m.name for m in escalatie.models()}:
        pytest.skip("the example models are not installed")
    settings = tmp_path / "escalatie.toml"
    settings.write_text("", encoding="utf-8")
    monkeypatch.setenv("ESCALATIE_CONFIG", str(settings))
    monkeypatch.delenv("ESCALATIE_MODEL_PATH", raising=False)
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    globs: dict[str, object] = {}
    found = blocks()
    assert len(found) >= 4
    with using_registry():
        for number, text in enumerate(found):
            test = parser.get_doctest(text, globs, f"docs/api.md block {number}", str(API), 0)
            runner.run(test, clear_globs=False)
            globs = test.globs  # one session: later blocks use earlier names
    assert runner.failures == 0, f"{runner.failures} docs/api.md example(s) failed (see above)"


@pytest.mark.parametrize("cls", [TriageResult, Case])
def test_every_field_is_documented(cls: type) -> None:
    text = API.read_text(encoding="utf-8")
    table = text.split(
        f"## The fields of `{cls.__name__}`"
        if cls is TriageResult
        else f"### The fields of `{cls.__name__}`"
    )[1].split("\n## ")[0]
    documented = set(re.findall(r"^\| `(\w+)` \|", table, re.M))
    fields = {f.name for f in attrs.fields(cls)}
    properties = {n for n, v in vars(cls).items() if isinstance(v, property)}
    wanted = fields | (properties if cls is TriageResult else set())
    assert wanted - documented == set(), f"undocumented fields of {cls.__name__}"
    assert documented - wanted == set(), f"docs/api.md documents fields {cls.__name__} lacks"


def test_the_front_door_names_are_the_documented_ones() -> None:
    text = API.read_text(encoding="utf-8")
    for name in escalatie.__all__:
        if name != "__version__":
            assert f"`escalatie.{name}" in text, name
