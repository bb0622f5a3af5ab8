"""Functions escalatie writes at run time show their code to a maintainer (escalatie.generated):
``inspect.getsource`` and a traceback read the generated source, as for attrs' own methods."""

from __future__ import annotations

import inspect
import traceback
from datetime import datetime

import pytest

from escalatie import documents, privacy
from escalatie.case import Case
from escalatie.clock import AMSTERDAM
from escalatie.plugins import Registry, make_plugin_manager
from escalatie.triaging import Triager


def test_a_fast_reader_shows_its_source() -> None:
    read = documents._fast_attrs(Case)
    source = inspect.getsource(read)
    assert source.startswith("def read(")
    assert inspect.getsourcefile(read) == "<fast structuring of Case>"


def test_a_renaming_copy_shows_its_source() -> None:
    copy = privacy.copy_with("reference")
    assert inspect.getsource(copy).startswith("def copy(case, reference):")


def test_compare_s_deciders_show_their_source() -> None:
    registry = Registry(make_plugin_manager())
    at = datetime(2026, 3, 2, 8, tzinfo=AMSTERDAM)
    triager = Triager(registry, registry.model("utrecht-maatwerktafel"), at)
    decide = triager.decider()
    assert inspect.getsource(decide).startswith("def decide(")


def test_a_traceback_through_generated_code_shows_the_line() -> None:
    read = documents._fast_attrs(Case)
    with pytest.raises(Exception) as caught:
        read(None)  # not a document: the generated reader gives up on its first test
    lines = "".join(traceback.format_exception(caught.value))
    assert 'File "<fast structuring of Case>"' in lines
    assert "    raise _Slow" in lines  # the generated line itself, read through linecache
