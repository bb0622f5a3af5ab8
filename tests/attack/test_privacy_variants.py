"""The attacker review's identifier spellings (Unicode dashes and spaces, accents both ways,
dates as people write them, numbers with commas, written-out e-mail addresses, the case
file's own reference, spaced letters, look-alike letters), typed into a case and into later
commands: none reaches an artifact, and the last check before a calendar file leaves catches
them too (docs/privacy.md)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result

from escalatie.case import Identity
from escalatie.privacy import REDACTED, case_patterns, find_identifier, scrub

Run = Callable[..., Result]
AT = "2026-03-02T10:00"
REFERENCE = "JT-2026-0417"

IDENTITY = {
    "name": "Zoe Testkind",
    "bsn": "111222333",
    "phone": "06-98765432",
    "address": "Verzonnenstraat 1, 9999 ZZ Nergenshuizen",
    "email": "ouder@voorbeeld.example",
    "date_of_birth": "2012-09-01",
}

VARIANTS = {
    "phone, en dash": "06\u201398765432",
    "phone, hyphen": "06\u201098765432",
    "phone, minus sign": "06\u221298765432",
    "phone, non-breaking space": "06\u00a098765432",
    "phone, thin space": "06\u200998765432",
    "bsn, en dash": "111\u2013222\u2013333",
    "bsn, hyphen": "111\u2010222\u2010333",
    "bsn, minus sign": "111\u2212222\u2212333",
    "bsn, em dash and narrow space": "111\u2014222\u202f333",
    "bsn, commas": "111,222,333",
    "bsn, dots": "111.222.333",
    "date, en dash": "01\u201309\u20132012",
    "date, month first": "09/01/2012",
    "date, English words": "september 1, 2012",
    "date, Dutch words": "1 september 2012",
    "date, year first in words": "2012 sep 1",
    "date, compact two-digit year": "010912",
    "date, short": "1-9-12",
    "date, ordinal": "Sept. 1st, 2012",
    "name, accent added": "Zoë",
    "name, other accent": "Zoé",
    "name, spaced letters": "T e s t k i n d",
    "name, dotted letters": "T.e.s.t.k.i.n.d",
    "name, dashed letters": "T-e-s-t-k-i-n-d",
    "name, underscored letters": "T_e_s_t_k_i_n_d",
    "name, slashed letters": "T/e/s/t/k/i/n/d",
    "name, starred letters": "T*e*s*t*k*i*n*d",
    "name, dot and space between letters": "T. e. s. t. k. i. n. d",
    "name, two spaces between letters": "T  e  s  t  k  i  n  d",
    "name, whole, spelled out": "Z o e T e s t k i n d",
    "name, words spelled out apart": "Z.o.e   T.e.s.t.k.i.n.d",
    "name, combining grapheme joiner": "T\u034festkind",
    "name, Hangul filler": "T\u3164estkind",
    "name, Hangul choseong filler": "T\u115festkind",
    "name, Hangul jungseong filler": "T\u1160estkind",
    "name, braille blank": "T\u2800estkind",
    "name, variation selector": "Tes\ufe0ftkind",
    "name, Cyrillic e": "T\u0435stkind",
    "name, Greek capital tau": "\u03a4estkind",
    "postcode with a dash": "9999-ZZ",
    "street with nr": "Verzonnenstraat nr 1",
    "street with nr.": "Verzonnenstraat nr. 1",
    "e-mail (at)": "ouder(at)voorbeeld.example",
    "e-mail [at] [dot]": "ouder [at] voorbeeld [dot] example",
    "reference": "dossier JT-2026-0417",
    "reference with en dashes": "dossier JT\u20132026\u20130417",
    "reference with dots": "dossier JT.2026.0417",
}


def _identity(**changes: str) -> Identity:
    values = {**IDENTITY, **changes}
    born = date.fromisoformat(values.pop("date_of_birth"))
    return Identity(**values, date_of_birth=born)


@pytest.mark.parametrize("variant", VARIANTS.values(), ids=list(VARIANTS))
def test_each_variant_is_scrubbed_and_found(variant: str) -> None:
    text = f"Afgesproken met {variant} vandaag."
    assert scrub(text, case_patterns(_identity(), REFERENCE)).count(REDACTED) == 1
    assert find_identifier(text, [_identity()], [REFERENCE]) is not None


def test_accents_are_ignored_in_both_directions() -> None:
    """The identity may hold the accent and the text not, or the reverse."""
    with_accent = case_patterns(_identity(name="Zoë Testkind"), "")
    assert scrub("Zoe en Zoë", with_accent) == f"{REDACTED} en {REDACTED}"
    without = case_patterns(_identity(), "")
    assert scrub("Zoë en Zoe", without) == f"{REDACTED} en {REDACTED}"


def test_scrubbing_keeps_the_rest_of_the_text_as_typed() -> None:
    """Matching reads a folded copy; everything around a match keeps its dashes and accents."""
    text = "Café 2020\u20132021: Zoë, T e s t k i n d en Tеstkind."
    assert scrub(text, case_patterns(_identity(), "")) == (
        f"Café 2020\u20132021: {REDACTED}, {REDACTED} en {REDACTED}."
    )


def test_ordinary_words_stay() -> None:
    """No false alarm on what merely resembles an identifier."""
    text = "Zoektocht naar een school in september 2012; de test kindvriendelijk; nr. 1."
    assert scrub(text, case_patterns(_identity(), REFERENCE)) == text


def test_ordinary_abbreviations_stay() -> None:
    """Spelled-out letters are joined only to be matched: Dutch abbreviations (and initials)
    that spell no identifier are written as typed."""
    text = "Graag z.s.m. reageren, t.a.v. de school, o.a. JGZ; m.b.t. school, d.w.z. v.w.b. Z.T. e.e.a."
    assert scrub(text, case_patterns(_identity(), REFERENCE)) == text
    assert find_identifier(text, [_identity()], [REFERENCE]) is None


def test_a_name_spelled_out_keeps_the_words_around_it() -> None:
    """Only the spelled-out name is replaced: the separator after it, and the text after it,
    stay."""
    patterns = case_patterns(_identity(name="Sanne de Vries"), "")
    assert scrub("Met S.a.n.n.e. gesproken", patterns) == f"Met {REDACTED}. gesproken"
    assert scrub("S a n n e   d e   V r i e s", patterns) == f"{REDACTED}   d e   {REDACTED}"
    assert scrub("z.s.m. S-a-n-n-e bellen", patterns) == f"z.s.m. {REDACTED} bellen"


def _leaks(text: str) -> list[str]:
    folded = text.casefold()
    found = [name for name, v in VARIANTS.items() if v.casefold() in folded]
    return found + (["the bare reference"] if REFERENCE.casefold() in folded else [])


def test_no_variant_reaches_any_artifact(run: Run, tmp_path: Path) -> None:
    typed = "Afgesproken met " + " en ".join(VARIANTS.values())
    case = {
        "reference": REFERENCE,
        "age": 13,
        "question": "Welke school past? " + typed,
        "domains": [{"kind": "education", "question": typed, "need": typed}],
        "submitter": {"role": "district_team", "organisation": "Buurtteam Oost"},
        "plan": typed,
        "perspective": typed,
        "prior_steps": [{"kind": "ask_consult", "by": "Buurtteam", "tried": typed}],
        "parties": [{"organisation": "School", "role": "education", "currently_involved": True}],
        "obstacles": ["no_fitting_provider"],
        "municipality": "Utrecht",
        "identity": IDENTITY,
    }
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(case), encoding="utf-8")
    env = {"ESCALATIE_DB": str(tmp_path / "register.sqlite3")}
    found: dict[str, str] = {}

    def keep(name: str, result: Result, *files: Path) -> None:
        found[name] = result.stdout + "".join(
            f.read_text(encoding="utf-8") for f in files if f.exists()
        )

    keep("triage", run("triage", str(case_file), "--json", "--at", AT, env=env))
    for fmt in ("csv", "json"):
        keep(f"compare {fmt}", run("compare", str(case_file), "--format", fmt, "--at", AT, env=env))
    invite = tmp_path / "invite.ics"
    slot = "2026-03-09T09:15"
    copies = tmp_path / "copies"
    # Triage sends this case elsewhere: the aanspreekpunt overrides (kept in the audit log).
    result = run("invite", "--slot", slot, str(case_file), "--at", AT, "-o", str(invite),
                 "--copies", str(copies), "--override", "--reason", "Toch aan tafel",
                 env=env)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    keep("invite", result, invite, *sorted(copies.glob("*.ics")))  # each attendee's own too
    for name, variant in VARIANTS.items():
        cancel = tmp_path / "cancel.ics"
        result = run(
            "cancel", "--slot", slot, str(case_file), "--at", "2026-03-05T10:00",
            "--reason", f"Afgezegd door {variant}", "-o", str(cancel), env=env,
        )  # fmt: skip
        assert result.exit_code == 1, (name, result.output)
        assert "would appear in the file" in result.stderr and not cancel.exists(), name
    new = run("case", "new", str(case_file), "--json", "--at", AT, env=env)
    assert new.exit_code == 0, new.stderr
    case_id = json.loads(new.stdout)["id"]
    added = run(
        "agreement", "add", case_id, "--action", typed, "--owner", "JGZ", "--due", "2026-04-01",
        "--lead", "JGZ", "--audience", "JGZ", "--at", AT, env=env,
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    keep("show", run("case", "show", case_id, "--json", "--at", AT, env=env))
    keep("export", run("case", "export", case_id, "--format", "json", "--at", AT, env=env))
    keep("agreements", run("agreements", "--case", case_id, "--at", AT, env=env))
    assert all(found.values()), [k for k, v in found.items() if not v]
    leaks = {name: _leaks(text) for name, text in found.items()}
    assert not any(leaks.values()), {k: v for k, v in leaks.items() if v}


def test_text_without_an_identifier_is_kept_as_typed() -> None:
    """Only text with an identifier in it is normalised: an insight of a zero-width space alone
    stays non-empty (its record would otherwise be unreadable)."""
    patterns = case_patterns(None, REFERENCE)
    assert scrub("\u200b", patterns) == "\u200b"
    assert scrub("Zie JT\u2011\u200b2026-0417", patterns) == f"Zie {REDACTED}"
