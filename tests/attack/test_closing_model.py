"""The closing rule follows every model a case was submitted to or planned under (attacker
review of main 437494c, finding 4).

A case submitted to and planned on the maatwerktafel was refused `case close --outcome
resolved` without agreements (seed 000, stap 5), until a triage under
utrecht-passend-alternatief made that model the case's: then it closed as resolved without an
agreement or a lead, and `case show` said it was submitted under the other model.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

Run = Callable[..., Result]
TAFEL = ("-m", "utrecht-maatwerktafel")
COMMISSIE = ("-m", "utrecht-passend-alternatief")
AT = ("--at", "2026-11-29T09:00")


def _planned_case(run: Run, tmp_path: Path) -> str:
    path = tmp_path / "c.json"
    assert run("examples", "buurtteam-maatwerktafel", "-o", str(path)).exit_code == 0
    new = run(*TAFEL, "case", "new", str(path), "--json", *AT)
    assert new.exit_code == 0, new.stderr
    case_id = str(json.loads(new.stdout)["id"])
    planned = run(*TAFEL, "case", "plan", case_id, "--slot", "2026-12-07T09:15", *AT)
    assert planned.exit_code == 0, planned.stderr
    return case_id


def test_a_triage_under_another_model_keeps_the_rule(run: Run, tmp_path: Path) -> None:
    case_id = _planned_case(run, tmp_path)
    refused = run("case", "close", case_id, "--outcome", "resolved", *AT)
    assert refused.exit_code == 1 and "register.close_needs_agreements" in refused.stderr
    triaged = run(*COMMISSIE, "case", "triage", case_id, *AT)
    assert triaged.exit_code == 0, triaged.stderr
    for env in ({}, {"ESCALATIE_MODEL": "utrecht-passend-alternatief"}):
        again = run("case", "close", case_id, "--outcome", "resolved", *AT, env=env)
        assert again.exit_code == 1, again.output
        assert "register.close_needs_agreements" in again.stderr
        assert "(model utrecht-maatwerktafel)" in again.stderr
    shown = run("case", "show", case_id, *AT)
    assert shown.exit_code == 0, shown.stderr
    assert "(model utrecht-maatwerktafel)" in shown.stdout.splitlines()[1]  # where it was submitted
    assert "Last triaged or planned under: model utrecht-passend-alternatief" in shown.stdout
    detail = json.loads(run("case", "show", case_id, "--json", *AT).stdout)
    assert detail["models"] == ["utrecht-maatwerktafel"]
    assert detail["model"] == "utrecht-passend-alternatief"


def test_with_agreements_and_a_lead_it_closes(run: Run, tmp_path: Path) -> None:
    case_id = _planned_case(run, tmp_path)
    assert run(*COMMISSIE, "case", "triage", case_id, *AT).exit_code == 0
    added = run(
        "agreement", "add", case_id, "--action", "Gezinsbegeleiding", "--owner", "Lokalis",
        "--due", "2026-12-30", "--lead", "Lokalis", "--audience", "Samen Veilig", *AT,
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    # Resolved also needs the agreement done (rule register.resolved_needs_agreements_done).
    assert run("agreement", "done", case_id, "1", *AT).exit_code == 0
    closed = run("case", "close", case_id, "--outcome", "resolved", *AT)
    assert closed.exit_code == 0, closed.stderr


def test_a_model_file_case_is_recorded_by_name_and_closes_by_its_file(
    run: Run, tmp_path: Path
) -> None:
    """`case new -m ./FILE.toml` records the model's name, as triage and plan do, so the
    closing rule is looked up in the file's own model: one that records no agreements
    (``required_to_close = false``) closes as resolved without them."""
    model_file = tmp_path / "zeewolde.toml"
    made = run("model", "new", "zeewolde-tafel", "-o", str(model_file))
    assert made.exit_code == 0, made.stderr
    text = model_file.read_text(encoding="utf-8")
    assert "required_to_close = true" in text
    model_file.write_text(
        text.replace("required_to_close = true", "required_to_close = false"), encoding="utf-8"
    )
    path = tmp_path / "c.json"
    assert run("examples", "buurtteam-maatwerktafel", "-o", str(path)).exit_code == 0
    new = run("-m", str(model_file), "case", "new", str(path), "--json", *AT)
    assert new.exit_code == 0, new.stderr
    case_id = str(json.loads(new.stdout)["id"])
    detail = json.loads(run("case", "show", case_id, "--json", *AT).stdout)
    assert detail["models"] == ["zeewolde-tafel"]  # the name, not the path given with -m
    closed = run("-m", str(model_file), "case", "close", case_id, "--outcome", "resolved", *AT)
    assert closed.exit_code == 0, closed.stderr


def test_case_new_refuses_a_model_that_does_not_exist(run: Run, tmp_path: Path) -> None:
    """A mistyped -m is refused at once, not recorded as the case's model."""
    path = tmp_path / "c.json"
    assert run("examples", "buurtteam-maatwerktafel", "-o", str(path)).exit_code == 0
    new = run("-m", "utrecht-maatwerktafl", "case", "new", str(path), *AT)
    assert new.exit_code == 1
    assert new.stderr.count("\n") == 1 and "utrecht-maatwerktafel" in new.stderr
