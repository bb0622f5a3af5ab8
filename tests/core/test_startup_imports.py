"""What ``triage`` imports (issue 16, point 1: nothing the command does not use). Reading a
well-formed case needs no cattrs: the fast path reads it, and the converter is built only for a
document with a problem (whose messages the converter words, as before) or another type."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from escalatie.research.synthetic import synthetic_cases

CONVERTER = {"cattrs", "typing_extensions", "dataclasses"}
"""cattrs and what only it imports here."""


def _imported(code: str, env: dict[str, str] | None = None) -> set[str]:
    """The top-level and escalatie modules a fresh interpreter holds after running ``code``."""
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            f"{code}\nimport sys\nprint(' '.join(sys.modules), file=sys.stderr)",
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    )
    return set(out.stderr.split())


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    from escalatie.documents import unstructure

    case = next(iter(synthetic_cases(1, seed=5)))
    path = tmp_path / "casus.json"
    path.write_text(json.dumps(unstructure(case)), encoding="utf-8")
    return path


def test_reading_a_well_formed_case_imports_no_converter(case_file: Path) -> None:
    found = _imported(f"from escalatie.documents import load_case; load_case({str(case_file)!r})")
    assert "escalatie.case" in found
    assert found & CONVERTER == set()


def test_a_case_with_a_problem_is_read_by_the_converter(case_file: Path) -> None:
    data = json.loads(case_file.read_text(encoding="utf-8"))
    data["age"] = "twelve"
    case_file.write_text(json.dumps(data), encoding="utf-8")
    code = (
        "from escalatie.documents import load_case\nfrom escalatie.errors import InvalidDocument\n"
        f"try:\n    load_case({str(case_file)!r})\nexcept InvalidDocument as exc:\n"
        "    print(exc.problems)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == repr(
        [f'{case_file}: $.age: expected a whole number, got "twelve"']
    )


def test_the_modules_triage_imports_import_no_converter() -> None:
    """The command's own modules: the case, reading it, privacy, triage and the report."""
    found = _imported(
        "import escalatie.cli.triage, escalatie.documents, escalatie.privacy, "
        "escalatie.report, escalatie.triaging"
    )
    assert "escalatie.triaging" in found
    assert found & CONVERTER == set()


def test_triage_builds_no_register_or_invitation_classes(tmp_path: Path) -> None:
    """A warm ``triage`` of the maatwerktafel example in Utrecht's model (its predicates run):
    the register's agreements and insights and the invitation lists stay unimported."""
    settings = tmp_path / "escalatie.toml"
    settings.touch()
    env = {"ESCALATIE_CONFIG": str(settings)}
    case_file = tmp_path / "casus.json"
    example = ["examples", "buurtteam-maatwerktafel", "-o", str(case_file)]
    _imported(f"from escalatie.cli import main\nmain({example!r})", env)
    argv = ["-m", "utrecht-maatwerktafel", "triage", str(case_file), "--at", "2026-03-02T08:00"]
    code = f"from escalatie.cli import main\ntry:\n    main({argv!r})\nexcept SystemExit:\n    pass"
    _imported(code, env)  # fills the cache of parsed model files, as any earlier run would
    found = _imported(code, env)
    assert {"escalatie.triaging", "escalatie_utrecht.principles"} <= found  # predicates ran
    unused = {"escalatie.learning", "escalatie.participants", "escalatie_utrecht.participants"}
    assert found & unused == set()
    # Classes a triage never builds, each in a module of its own (about 1.1 M instructions each).
    never_built = {
        "escalatie.recurrence_pattern",  # a rule put into words
        "escalatie.skipped_slot",  # a meeting a holiday takes out
        "escalatie_utrecht.findings",  # a solution checked against the principles
    }
    assert found & never_built == set()
    assert "difflib" not in found  # -m NAME is parsed without a "no such option" error
    assert found & {"dateutil", "dateutil.rrule", "six", "calendar"} == set()  # the next meeting
    # The model cache finds attrs' and cattrs' folders from the entry points' reading.
    assert "importlib.util" not in found


def test_the_classes_moved_off_triage_s_path_keep_their_names() -> None:
    """Each still importable from the module that named it before, as the same class."""
    from escalatie import recurrence, schedule
    from escalatie.recurrence_pattern import Pattern
    from escalatie.skipped_slot import SkippedSlot
    from escalatie_utrecht import principles
    from escalatie_utrecht.findings import Finding

    assert recurrence.Pattern is Pattern
    assert schedule.SkippedSlot is SkippedSlot
    assert principles.Finding is Finding
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        recurrence.Nothing  # noqa: B018
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        schedule.Nothing  # noqa: B018
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        principles.Nothing  # noqa: B018


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-m", "x", "triage", "c.json"], ["--model", "x", "triage", "c.json"]),
        (["--model", "x", "-m", "y", "triage"], ["--model", "x", "--model", "y", "triage"]),
        (["-m"], ["-m"]),  # no value: click's own message names -m as typed
        (["triage", "-m", "x"], ["triage", "-m", "x"]),  # the command's arguments: untouched
        (["--model=x", "-m", "y"], ["--model=x", "-m", "y"]),
        (["-mx", "triage"], ["-mx", "triage"]),
    ],
)
def test_only_a_leading_model_option_is_written_long(args: list[str], expected: list[str]) -> None:
    from escalatie.cli import long_model_option

    assert long_model_option(args) == expected


def test_the_selected_model_and_the_start_up_are_frozen_in_the_command_s_own_process(
    tmp_path: Path,
) -> None:
    """``escalatie.cli.run`` (the console script) freezes what start-up built once the model is
    selected, so the collector stops walking it (issue 16); :func:`escalatie.cli.main`, which a
    program may call, leaves the program's collector as it was."""
    settings = tmp_path / "escalatie.toml"
    settings.touch()
    env = {**os.environ, "ESCALATIE_CONFIG": str(settings)}
    case_file = tmp_path / "casus.json"
    argv = ["-m", "utrecht-maatwerktafel", "triage", str(case_file), "--at", "2026-03-02T08:00"]
    frozen = {}
    for entry, call in (("run", "run()"), ("main", f"main({argv!r})")):
        example = ["examples", "buurtteam-maatwerktafel", "-o", str(case_file)]
        code = (  # read by an exit handler: triage ends its process in run() (end_quickly)
            "import atexit, gc, sys\nfrom escalatie.cli import main, run\n"
            "atexit.register(lambda: print(gc.get_freeze_count(), file=sys.stderr))\n"
            f"main({example!r})\nsys.argv[1:] = {argv!r}\n"
            f"try:\n    {call}\n"
            "except SystemExit:\n    pass\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        )
        assert "eligible" in out.stdout
        frozen[entry] = int(out.stderr.split()[-1])
    assert frozen["run"] > 10_000
    assert frozen["main"] == 0


def test_the_command_s_modules_compile_no_unused_pattern_at_import() -> None:
    """The control, e-mail and display-name patterns of :mod:`escalatie.validation` are
    compiled when first used (6.7 M instructions of start-up for the three control patterns
    alone, issue 16): importing triage's modules compiles none of them. Nor a name's word
    separators, a pseudonym's shape or a recurrence rule's UNTIL (0.7 M together)."""
    code = (
        "import re\nimport escalatie.cli.triage, escalatie.documents, escalatie.privacy, "
        "escalatie.report, escalatie.triaging\nfrom escalatie.validation import _PATTERNS\n"
        "from escalatie.case import _NAME_PART_SEPARATORS\n"
        "from escalatie.recurrence import _UNTIL\n"
        "patterns = {**_PATTERNS, 'name parts': _NAME_PART_SEPARATORS, 'until': _UNTIL, "
        "'pseudonym': 'casus-[0-9a-f]{12}'}\n"
        "compiled = {key[1] for key in re._cache}\n"
        "print(sorted(n for n, p in patterns.items() if p in compiled), file=sys.stderr)"
    )
    out = subprocess.run(
        [sys.executable, "-c", f"import sys\n{code}"], capture_output=True, text=True, check=True
    )
    assert out.stderr.strip() == "[]"


def test_has_control_is_the_control_pattern_for_every_code_point() -> None:
    """:func:`escalatie.validation.has_control` skips printable text: every character the
    ``control`` pattern finds is one ``str.isprintable`` refuses."""
    from escalatie.validation import has_control, pattern

    control = pattern("control")
    for code in range(0x110000):
        text = f"a{chr(code)}b"
        assert has_control(text) == (control.search(text) is not None), f"U+{code:04X}"
