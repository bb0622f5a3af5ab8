"""Canary identities, in every spelling a person types, through every artifact.

An identity block with invented values, and its variants (upper case, a first name or surname
on its own, a BSN or phone number with spaces or dots, the date of birth the Dutch way, the
e-mail address in capitals) typed into the free text of the case and of the commands. No
artifact may carry any of them: triage (text and JSON), every format of ``compare``, the
invitation and the cancellation, and in the register the show, export, share, learning report,
audit and list output.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from escalatie.testing.strategies import identities

Run = Callable[..., Result]
AT = "2026-03-02T10:00"
DAY = date(2026, 3, 2)


def variants(identity: dict[str, Any]) -> list[str]:
    """The spellings the library promises to catch (docs/privacy.md)."""
    name = identity["name"]
    born = date.fromisoformat(identity["date_of_birth"])
    bsn, phone = identity["bsn"], identity["phone"]
    digits = "".join(c for c in phone if c.isdigit())
    return [
        name, name.upper(), *name.split(),
        bsn, f"{bsn[:3]} {bsn[3:6]} {bsn[6:]}", f"{bsn[:3]}.{bsn[3:6]}.{bsn[6:]}",
        phone, digits, " ".join(digits[i : i + 2] for i in range(0, len(digits), 2)),
        identity["email"], identity["email"].upper(), identity["address"], identity["address"].lower(),
        born.isoformat(), born.strftime("%d-%m-%Y"), born.strftime("%d/%m/%Y"),
        f"{born.day}-{born.month}-{born.year}",
    ]  # fmt: skip


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[dict[str, Any], list[str]]:
    ident = draw(identities())
    age = draw(st.integers(1, 17))
    born = DAY.replace(year=DAY.year - age) - timedelta(days=draw(st.integers(1, 300)))
    identity = {
        "name": ident.name, "bsn": ident.bsn, "address": ident.address, "phone": ident.phone,
        "email": ident.email, "date_of_birth": born.isoformat(),
    }  # fmt: skip
    canaries = variants(identity)

    def text() -> str:
        words = draw(st.lists(st.sampled_from(canaries), min_size=1, max_size=3))
        return "Zorgen over " + " en ".join(words) + "."

    case = {
        "reference": "canary-" + draw(st.text("abcdef0123456789", min_size=4, max_size=6)),
        "age": age,
        "question": text(),
        "domains": [{"kind": "education", "question": text(), "need": text()}],
        "submitter": {"role": "district_team", "organisation": text()},
        "perspective": text(),
        "plan": text(),
        "prior_steps": [{"kind": "ask_consult", "by": text(), "tried": text()}],
        "parties": [{"organisation": text(), "role": "education", "currently_involved": True}],
        "requested_care": [{"kind": "ambulant", "description": text(), "provider": text()}],
        "safety": {"level": "concern", "description": text()},
        "obstacles": ["no_fitting_provider"],
        "municipality": "Utrecht",
        "identity": identity,
    }
    return case, canaries


def leaked(text: str, canaries: list[str]) -> list[str]:
    """Canaries found as whole words ("Daan" is a name, "gedaan" is not)."""
    return [c for c in canaries if re.search(rf"(?<!\w){re.escape(c)}(?!\w)", text, re.I)]


def artifacts(run: Run, case_file: Path, out: Path, typed: str) -> dict[str, str]:
    """Every artifact of the case, by name: standard output, standard error and files."""
    found: dict[str, str] = {}

    def keep(name: str, result: Result, *files: Path) -> Result:
        found[name] = (
            result.stdout
            + result.stderr
            + "".join(f.read_text(encoding="utf-8") for f in files if f.exists())
        )
        return result

    case = str(case_file)
    keep("triage", run("triage", case, "--at", AT))
    keep("triage --json", run("triage", case, "--json", "--at", AT))
    for fmt in ("table", "csv", "json", "markdown"):
        keep(f"compare {fmt}", run("compare", case, "--format", fmt, "--at", AT))
    slot = "2026-03-09T09:15"
    invite, cancel = out / "invite.ics", out / "cancel.ics"
    copies = out / "copies"
    invited = run("invite", "--slot", slot, case, "--at", AT, "-o", str(invite),
                  "--copies", str(copies))  # fmt: skip
    keep("invite", invited, invite, *sorted(copies.glob("*.ics")))  # each attendee's own too
    keep(
        "cancel",
        run("cancel", "--slot", slot, case, "--at", "2026-03-05T10:00", "--reason", typed,
            "-o", str(cancel)),
        cancel,
    )  # fmt: skip
    new = run("case", "new", case, "--json", "--at", AT)
    assert new.exit_code == 0, new.stderr
    case_id = json.loads(new.stdout)["id"]
    # The young person consents from 12 on; under 12 the parents only (consent.young_person_from_12).
    aged = json.loads(case_file.read_text(encoding="utf-8"))["age"] >= 12
    young = ("--giver", "young_person") if aged else ()
    for args in (
        ("case", "triage", case_id, "--at", AT),
        ("agreement", "add", case_id, "--action", typed, "--owner", typed, "--due", "2026-04-01",
         "--lead", typed, "--audience", "JGZ", "--at", AT),
        ("insight", "add", case_id, "--theme", "process", "--text", typed, "--at", AT),
        ("consent", "add", case_id, "--giver", "parents", *young,
         "--with", "JGZ", "--what", "plan", "--what", "agreements", "--at", AT),
    ):  # fmt: skip
        assert run(*args).exit_code == 0
    for name, args in {
        "show": ("case", "show", case_id, "--at", AT),
        "show --json": ("case", "show", case_id, "--json", "--at", AT),
        "share plan": ("case", "share", case_id, "--with", "JGZ", "--what", "plan", "--at", AT),
        "share agreements": ("case", "share", case_id, "--with", "JGZ", "--what", "agreements",
                             "--at", AT),
        "export zgw": ("case", "export", case_id, "--format", "zgw", "--at", AT),
        "export json": ("case", "export", case_id, "--format", "json", "--at", AT),
        "learn report": ("learn", "report", "--at", AT),
        "audit": ("audit", "--case", case_id, "--at", AT),
        "list": ("case", "list", "--json", "--at", AT),
        "agreements": ("agreements", "--case", case_id, "--at", AT),
    }.items():  # fmt: skip
        keep(name, run(*args))
    return found


@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenario=scenarios())
def test_no_canary_variant_reaches_any_artifact(
    run: Run, tmp_path_factory: Any, scenario: tuple[dict[str, Any], list[str]]
) -> None:
    case, canaries = scenario
    out = tmp_path_factory.mktemp("canary")
    case_file = out / "case.json"
    case_file.write_text(json.dumps(case), encoding="utf-8")
    typed = "Afgesproken met " + " en ".join(canaries[:3])
    db = {"ESCALATIE_DB": str(out / "register.sqlite3")}
    found = artifacts(lambda *a, **k: run(*a, env=db, **k), case_file, out, typed)
    assert len(found) == 18
    leaks = {name: leaked(text, canaries) for name, text in found.items()}
    assert not any(leaks.values()), {k: v for k, v in leaks.items() if v}
