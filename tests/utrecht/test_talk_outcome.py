"""The outcome of the talk with the aanspreekpunt is a field, and triage, invite and case plan
follow it (policy review; seed 000, stap 2 and 3).

Stap 3 organises a table only "indien de uitkomst van je gesprek met je aanspreekpunt is dat het
passend is". The outcome was free text: a case the aanspreekpunt judged not suitable still went
to the table once its talk was recorded. Now ``outcome`` is ``suitable`` (passend) or
``not_suitable`` (niet passend); a talk recorded without it (every record from before the field)
has not decided, so the maatwerktafel still asks for it first.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import attrs
import pytest

from escalatie.case import Case, Obstacle, PriorStep, StepKind, TalkOutcome
from escalatie.documents import parse_json, structure
from escalatie.errors import InvalidDocument
from escalatie.plugins import Registry
from escalatie.triaging import triage

CaseFactory = Callable[..., Case]

MODEL = "utrecht-maatwerktafel"
ASKS = "utrecht.maatwerktafel.route.aanspreekpunt"
NOT_UNSUITABLE = "utrecht.maatwerktafel.route.not-unsuitable"
NIET_PASSEND = "utrecht.maatwerktafel.niet-passend"


def _table(factory: CaseFactory, *talks: PriorStep) -> Case:
    """A case that enters the maatwerktafel (stap 2: help of another kind is not available),
    with everything it asks first but the talk, and then ``talks``."""
    base = factory(obstacles=(Obstacle.SUPPLY_UNAVAILABLE,))
    others = tuple(s for s in base.prior_steps if s.kind != StepKind.AANSPREEKPUNT)
    return attrs.evolve(base, prior_steps=(*others, *talks))


def _talk(outcome: TalkOutcome | None) -> PriorStep:
    return PriorStep(StepKind.AANSPREEKPUNT, "aanspreekpunt Lokalis", "besproken", outcome=outcome)


def test_judged_suitable_the_case_is_ready_for_the_table(
    registry: Registry, ready_case: CaseFactory, monday_morning: datetime
) -> None:
    case = _table(ready_case, _talk(TalkOutcome.SUITABLE))
    result = triage(registry, registry.model(MODEL), case, monday_morning)
    assert result.forum == "maatwerktafel" and result.ready
    assert NOT_UNSUITABLE in [r.rule for r in result.reasons]


def test_judged_not_suitable_the_case_does_not_go_to_the_table(
    registry: Registry, ready_case: CaseFactory, monday_morning: datetime
) -> None:
    case = _table(ready_case, _talk(TalkOutcome.NOT_SUITABLE))
    result = triage(registry, registry.model(MODEL), case, monday_morning)
    assert result.route != "maatwerktafel" and result.forum != "maatwerktafel"
    assert NOT_UNSUITABLE in [r.rule for r in result.not_met]
    # Seed 000 names no next step for niet passend: triage says so (policy review), where it
    # answered with the knelpuntenzorg mailbox as the route and the mailbox's generic reason.
    assert result.route == "utrecht-niet-passend"
    assert [r.rule for r in result.reasons] == [NIET_PASSEND]
    (why,) = result.reasons
    assert "names no next step" in why.text and "seed 000" in why.text.casefold()
    assert "assumption" in why.text and "utrecht-knelpuntenzorg" in why.text
    # The mailbox stays open to the stuck case, as an option beside it.
    assert "utrecht-knelpuntenzorg" in result.onward
    # ... and the case is eligible for nothing: the seed gives no next step (policy review).
    assert not result.eligible and not result.ready


def test_the_rule_reads_without_a_double_negative(registry: Registry) -> None:
    """The old text, "did not judge a table unsuitable", read as a double negative (policy review)."""
    (rule,) = [r for r in registry.model(MODEL).ladder[0].conditions if r.id == NOT_UNSUITABLE]
    assert "not judge" not in rule.text and "unsuitable" not in rule.text
    assert "niet passend" in rule.text


def test_triage_on_the_command_line_says_the_seed_gives_no_next_step(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _example(tmp_path, capsys, "not_suitable")
    code, out, err = _run(capsys, "-m", MODEL, "triage", str(path), "--at", "2026-03-02T10:00")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].endswith(": not eligible: no next step"), lines[0]
    assert lines[1] == (
        "Route: Niet passend: geen vervolgstap in de handreiking (Utrecht) (utrecht-niet-passend)"
    )
    assert "Route: Mailbox knelpuntenzorg" not in out
    assert "the library's assumption and not a route the seed gives" in out
    assert lines[-1].startswith("Other open routes: Mailbox knelpuntenzorg (Utrecht)")


def test_triage_json_and_compare_say_not_eligible_for_niet_passend(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Headlined "eligible" and ``ready: true`` before (policy review): seed 000 stap 3 gives no
    next step for niet passend, so ``--json`` and compare's columns say false, route kept."""
    path = _example(tmp_path, capsys, "not_suitable")
    code, out, err = _run(
        capsys, "-m", MODEL, "triage", str(path), "--at", "2026-03-02T10:00", "--json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["route"] == "utrecht-niet-passend"
    assert data["eligible"] is False and data["ready"] is False
    assert [r["rule"] for r in data["reasons"]] == [NIET_PASSEND]
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps(json.loads(path.read_text(encoding="utf-8"))) + "\n", "utf-8")
    code, out, err = _run(
        capsys,
        "compare",
        str(cases),
        "--models",
        MODEL,
        "--at",
        "2026-03-02T10:00",
        "--format",
        "jsonl",
    )
    assert code == 0, err
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert row["route"] == "utrecht-niet-passend"
    assert row["eligible"] is False and row["ready"] is False


def test_a_talk_without_its_outcome_has_not_decided(
    registry: Registry, ready_case: CaseFactory, monday_morning: datetime
) -> None:
    """Records from before the field: the talk is there, its outcome is not. Not read as
    passend (the seed organises a table only on that outcome): the table asks for it first."""
    case = _table(ready_case, _talk(None))
    result = triage(registry, registry.model(MODEL), case, monday_morning)
    assert result.forum == "maatwerktafel" and not result.ready
    assert [r.rule for r in result.missing] == [ASKS]
    assert "without an outcome" in result.missing[0].text


def test_the_last_talk_with_an_outcome_decides(
    registry: Registry, ready_case: CaseFactory, monday_morning: datetime
) -> None:
    """After more was tried, a second talk decides again; a later talk that records no outcome
    does not undo the earlier decision."""
    model = registry.model(MODEL)
    again = _table(ready_case, _talk(TalkOutcome.NOT_SUITABLE), _talk(TalkOutcome.SUITABLE))
    assert triage(registry, model, again, monday_morning).ready
    undone = _table(ready_case, _talk(TalkOutcome.SUITABLE), _talk(TalkOutcome.NOT_SUITABLE))
    assert triage(registry, model, undone, monday_morning).forum != "maatwerktafel"
    kept = _table(ready_case, _talk(TalkOutcome.SUITABLE), _talk(None))
    assert triage(registry, model, kept, monday_morning).ready


def test_only_the_talk_with_the_aanspreekpunt_has_an_outcome() -> None:
    document = {
        "reference": "UIT-1",
        "age": 12,
        "question": "Welke hulp past?",
        "domains": [{"kind": "care", "question": "Hulp thuis"}],
        "submitter": {"role": "district_team"},
        "prior_steps": [
            {"kind": "home_visit", "by": "buurtteam", "outcome": "suitable"},
            {"kind": "aanspreekpunt", "by": "aanspreekpunt", "outcome": "passend"},
        ],
    }
    with pytest.raises(InvalidDocument) as caught:
        structure(parse_json(json.dumps(document), "case.json"), Case)
    problems = caught.value.problems
    assert any("prior_steps[0].outcome" in p and "kind aanspreekpunt" in p for p in problems)
    assert any("prior_steps[1].outcome" in p and "not_suitable" in p for p in problems)
    assert all("\n" not in p for p in problems)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    from escalatie.cli import main

    code: object = 0
    try:
        main(list(args))
    except SystemExit as stop:  # main exits only on an error
        code = stop.code
    out, err = capsys.readouterr()
    return (code if isinstance(code, int) else 0), out, err


def _example(tmp_path: Path, capsys: pytest.CaptureFixture[str], outcome: str | None) -> Path:
    """The bundled maatwerktafel example with its talk's outcome set (None: left out, as every
    case file written before the field)."""
    path = tmp_path / "casus.json"
    assert _run(capsys, "examples", "buurtteam-maatwerktafel", "-o", str(path))[0] == 0
    data = json.loads(path.read_text(encoding="utf-8"))
    (talk,) = [s for s in data["prior_steps"] if s["kind"] == "aanspreekpunt"]
    talk.pop("outcome", None)
    if outcome is not None:
        talk["outcome"] = outcome
    data["submitted_at"] = "2026-03-02T09:00:00+01:00"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_invite_refuses_a_case_the_aanspreekpunt_judged_not_suitable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, the talk recorded was enough: the case went into the invitation."""
    monkeypatch.chdir(tmp_path)
    path = _example(tmp_path, capsys, "not_suitable")
    args = ("-m", MODEL, "invite", "--slot", "2026-03-09T09:15", str(path))
    code, out, err = _run(capsys, *args, "--at", "2026-03-02T10:00", "-o", "uitnodiging.ics")
    assert code == 1 and out == ""
    line = err.strip()
    assert "\n" not in line and "not forum maatwerktafel" in line
    assert "register.plan_follows_triage" in line
    assert not (tmp_path / "uitnodiging.ics").exists()
    judged = _example(tmp_path, capsys, "suitable")
    code, _, err = _run(capsys, *args[:-1], str(judged), "--at", "2026-03-02T10:00", "-o", "u.ics")
    assert code == 0, err


@pytest.mark.parametrize(
    ("outcome", "planned"), [(None, False), ("not_suitable", False), ("suitable", True)]
)
def test_case_plan_follows_the_outcome_and_an_old_record_has_none(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    outcome: str | None,
    planned: bool,
) -> None:
    """A case registered before the field (its talk without ``outcome``) reads as undecided:
    ``case plan`` asks for the aanspreekpunt's outcome first (or the aanspreekpunt's override)."""
    monkeypatch.setenv("ESCALATIE_DB", str(tmp_path / "register.sqlite3"))
    monkeypatch.setenv("ESCALATIE_ACTOR", "procesondersteuner")
    at = ("--at", "2026-03-02T11:00")
    code, out, err = _run(capsys, "case", "new", str(_example(tmp_path, capsys, outcome)), *at)
    assert code == 0, err
    case_id = out.split()[0].rstrip(":")
    code, out, err = _run(
        capsys, "-m", MODEL, "case", "plan", case_id, "--slot", "2026-03-09T09:15", *at
    )
    if planned:
        assert code == 0 and "on the agenda of Maatwerktafel" in out, err
        return
    assert code == 1 and "\n" not in err.strip()
    if outcome is None:
        assert f"gives forum maatwerktafel, but first: {ASKS}" in err
    else:
        assert "not forum maatwerktafel" in err


def test_invite_errors_name_the_case_file_and_everything_the_remedy_needs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """New-user review: the plan check named neither the file nor what to do, the triage check
    named only ``--override --reason`` (not the register and actor an override needs), and
    ``invite --help`` left ``--actor`` out of the override."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ESCALATIE_DB", raising=False)
    monkeypatch.delenv("ESCALATIE_ACTOR", raising=False)
    path = _example(tmp_path, capsys, "suitable")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["plan"] = ""
    path.write_text(json.dumps(data), encoding="utf-8")
    invite = ("-m", MODEL, "invite", "--slot", "2026-03-09T09:15", str(path))
    at = ("--at", "2026-03-02T10:00", "-o", "uitnodiging.ics")

    code, out, err = _run(capsys, *invite, *at)  # triage asks for the plan first
    (line,) = err.splitlines()
    assert code == 1 and out == "" and line.startswith(f"error: {path}: triage of case casus-")
    assert "--override --aanspreekpunt KEY --reason TEXT --db FILE --actor NAME [" in line
    assert " [register.plan_follows_triage]; to plan it there" in line
    register = ("--db", "r.sqlite3", "--actor", "aanspreekpunt")
    code, _, err = _run(capsys, *invite, *at, *register)
    assert code == 1 and "--override --aanspreekpunt KEY --reason TEXT [" in err  # has both

    override = ("--override", "--aanspreekpunt", "aanspreekpunt-jgz", "--reason", "Tafel nodig")
    code, out, err = _run(capsys, *invite, *at, *register, *override)
    (line,) = err.splitlines()
    assert code == 1 and out == ""
    assert line.startswith(f"error: {path}: case casus-")
    assert ": plan: expected the anonymised plan made with the family" in line
    assert line.endswith('write it into the case document\'s "plan" field and invite again')
    assert not (tmp_path / "uitnodiging.ics").exists()

    code, out, _ = _run(capsys, "invite", "--help")
    assert code == 0
    flat = " ".join(out.split())
    assert "--override --aanspreekpunt KEY --reason TEXT --db FILE --actor NAME" in flat
    assert "(needs --aanspreekpunt, --reason, --db and --actor:" in flat


def test_invite_overriding_a_talk_judged_niet_passend_says_so_in_the_audit_and_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Policy review: an aanspreekpunt of another organisation (the GPs', for a buurtteam's
    case) invites a case whose talk was judged niet passend. Kept, not refused; the audit line
    and standard error say both."""
    from escalatie.privacy import pseudonym
    from escalatie.register import Register

    monkeypatch.chdir(tmp_path)
    path = _example(tmp_path, capsys, "not_suitable")
    db = tmp_path / "register.sqlite3"
    code, _, err = _run(capsys, "-m", MODEL, "invite", "--slot", "2026-03-09T09:15", str(path),
                        "--at", "2026-03-02T10:00", "-o", "uitnodiging.ics", "--override",
                        "--aanspreekpunt", "aanspreekpunt-huisartsen", "--reason",
                        "Tafel toch nodig", "--db", str(db), "--actor", "aanspreekpunt")  # fmt: skip
    assert code == 0, err
    name = pseudonym(json.loads(path.read_text(encoding="utf-8"))["reference"])
    warnings = [line for line in err.splitlines() if line.startswith("warning: ")]
    assert warnings == [
        f"warning: case {name}: the recorded talk with the aanspreekpunt judged a table niet "
        "passend (outcome not_suitable; seed 000 stap 3 organises one only when it is passend) "
        "(kept in the audit log)",
        f"warning: case {name}: aanspreekpunt aanspreekpunt-huisartsen (Huisartsen Utrecht) is "
        "not the submitter's own: the submitter's role is district_team, whose own aanspreekpunt "
        "is aanspreekpunt-lokalis (seed 000 stap 2: 'bespreek je dit met je aanspreekpunt') "
        "(kept in the audit log)",
    ]
    with Register.open(db) as reg:
        (entry,) = [e for e in reg.audit_entries() if e.action == "invite_override"]
    assert entry.detail.startswith(
        f"invite case {name} to forum maatwerktafel instead of triage route "
        "utrecht-niet-passend, decided by aanspreekpunt aanspreekpunt-huisartsen; note: the "
        "recorded talk with the aanspreekpunt judged a table niet passend"
    )
    assert entry.detail.endswith("whose own aanspreekpunt is aanspreekpunt-lokalis (seed 000 "
                                 "stap 2: 'bespreek je dit met je aanspreekpunt')")  # fmt: skip
