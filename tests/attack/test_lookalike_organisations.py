"""Look-alike organisation names (attacker review): ``Buurtteam-Noordwest`` and ``Buurtteam
Noordwest``, or ``Ωμέγα Zorg`` and ``Δέλτα Zorg``, got the same made-up address, so two
organisations' copies (each with its own cases' plans) went to one mailbox. One fold names an
organisation in the merge, the lookup and the copies (``organisation_key``): the first pair is
one organisation; the second pair is refused with one line naming both, until each has its
own address in the settings."""

from __future__ import annotations

import json
from pathlib import Path

from escalatie.calendar.attendees import organisation_key

from .conftest import Run


def _case(run: Run, tmp_path: Path, first: str, second: str) -> Path:
    path = tmp_path / "case.json"
    assert run("examples", "buurtteam-maatwerktafel", "-o", str(path)).exit_code == 0
    case = json.loads(path.read_text(encoding="utf-8"))
    case["submitter"]["organisation"] = first
    case["parties"][0]["organisation"] = second
    case["parties"][0]["currently_involved"] = True
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    return path


def _invite(run: Run, tmp_path: Path, case: Path, settings: str = "") -> tuple[int, str, Path]:
    config = tmp_path / f"settings-{len(settings)}.toml"  # one file per text: read once each
    config.write_text(settings, encoding="utf-8")
    copies = tmp_path / "cop"
    result = run(
        "invite", "--slot", "2026-12-07T09:15", "--at", "2026-12-01T09:00", str(case),
        "-o", str(tmp_path / "sh.ics"), "--copies", str(copies),
        env={"ESCALATIE_CONFIG": str(config)},
    )  # fmt: skip
    return result.exit_code, result.stderr, copies


def test_one_fold_for_the_merge_and_the_lookup() -> None:
    assert organisation_key("Buurtteam-Noordwest") == organisation_key(" buurtteam  noordwest ")
    assert organisation_key("Buurtteam\u2013Noordwest") == "buurtteam noordwest"
    assert organisation_key("Ωμέγα Zorg") != organisation_key("Δέλτα Zorg")


def test_two_spellings_of_one_organisation_are_one_attendee(run: Run, tmp_path: Path) -> None:
    case = _case(run, tmp_path, "Buurtteam Noordwest", "Buurtteam-Noordwest")
    code, err, copies = _invite(run, tmp_path, case)
    assert code == 0, err
    mine = [p for p in copies.iterdir() if "buurtteam-noordwest" in p.name]
    assert len(mine) == 1, sorted(p.name for p in copies.iterdir())


def test_a_configured_address_is_found_under_either_spelling(run: Run, tmp_path: Path) -> None:
    case = _case(run, tmp_path, "Buurtteam-Noordwest", "Jongerenwerk Noordwest")
    settings = '[calendar.addresses]\n"Buurtteam Noordwest" = "team@bnw.example"\n'
    code, err, _ = _invite(run, tmp_path, case, settings)
    assert code == 0, err
    calendar = (tmp_path / "sh.ics").read_text(encoding="utf-8").replace("\r\n ", "")
    assert "mailto:team@bnw.example" in calendar
    assert "buurtteam-noordwest@organisaties.example" not in calendar


def test_two_organisations_on_one_made_up_address_are_refused(run: Run, tmp_path: Path) -> None:
    case = _case(run, tmp_path, "Ωμέγα Zorg", "Δέλτα Zorg")
    code, err, copies = _invite(run, tmp_path, case)
    assert code == 1
    (line,) = err.splitlines()
    assert "'Ωμέγα Zorg' and 'Δέλτα Zorg' would both be invited at the made-up address" in line
    assert "zorg@organisaties.example" in line and "[calendar.addresses]" in line
    assert not copies.exists() or not any(copies.iterdir())
    settings = (
        '[calendar.addresses]\n"Ωμέγα Zorg" = "omega@zorg.example"\n'
        '"Δέλτα Zorg" = "delta@zorg.example"\n'
    )
    code, err, _ = _invite(run, tmp_path, case, settings)
    assert code == 0, err
