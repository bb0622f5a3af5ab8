"""What the command line builds a model hint from is in UnknownModel's fields, not its words.

Maintainer finding: ``cli/common.py`` looked for "no such model file" and "(did you mean " in
the message, so rewording a message changed which hint a user got; and whether ``-m NAME`` is
a path was decided in three places. Now: ``UnknownModel.missing_file``, ``.suggestion`` and one
:func:`escalatie.naming.is_model_path`.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from escalatie.errors import UnknownModel
from escalatie.naming import is_model_path
from escalatie.plugins import Registry


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("zeewolde.toml", True),
        ("Zeewolde.TOML", True),
        ("./zeewolde", True),
        ("models/zeewolde", True),
        (f"models{os.sep}zeewolde", True),
        ("utrecht-maatwerktafel", False),
        ("zeewolde.tom", False),
    ],
)
def test_a_path_ends_in_toml_or_holds_a_separator(name: str, path: bool) -> None:
    assert is_model_path(name) is path


def test_a_close_installed_name_is_the_suggestion(registry: Registry) -> None:
    with pytest.raises(UnknownModel) as caught:
        registry.model("utrecht-maatwerktafl")
    assert caught.value.suggestion == "utrecht-maatwerktafel"
    assert caught.value.missing_file is False
    assert "did you mean 'utrecht-maatwerktafel'?" in str(caught.value)


def test_a_name_close_to_nothing_has_no_suggestion(registry: Registry) -> None:
    with pytest.raises(UnknownModel) as caught:
        registry.model("qqqqqqqqqqqqqqqqqqqq")
    assert caught.value.suggestion is None
    assert "did you mean" not in str(caught.value)


def test_a_path_with_no_file_is_a_missing_file(registry: Registry, tmp_path: Path) -> None:
    with pytest.raises(UnknownModel) as caught:
        registry.model(str(tmp_path / "nowhere.toml"))
    assert caught.value.missing_file is True
    with pytest.raises(UnknownModel) as folder:
        registry.model_file(str(tmp_path))
    assert folder.value.missing_file is False  # a folder is there: not a missing file


def test_the_fields_survive_a_worker_process() -> None:
    """``compare --jobs`` sends errors back pickled."""
    error = UnknownModel("unknown model 'x'", missing_file=True, suggestion="y")
    back = pickle.loads(pickle.dumps(error))
    assert (str(back), back.missing_file, back.suggestion) == ("unknown model 'x'", True, "y")
