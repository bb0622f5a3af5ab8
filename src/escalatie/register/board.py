"""The report for a body that changes the system: the board, the Transformatietafel, purchasing.

Seed 002 names who hears what the cases reveal: the knelpuntenzorg adviser keeps short lines
to the board, Rotterdam's jeugdconsul advises the college "gevraagd en ongevraagd", the
ontschotter reports findings to the Transformatietafel. Such a body needs the obstacles, not
the cases: how many signals of each kind reached it and from how many cases, which wait for
its answer, which answers are past their due date, how often the aanspreekpunt decided against
triage's route (seed 000, step 2), and how long cases took from submission to breakthrough.

A *breakthrough* is the library's reading: a case closed as resolved or partly resolved (seed
002's "een doorbraak te forceren" is the case-level meaning; seed 001's "doorbraken in het
systeem" are changes to the system), and the Dutch text says so. Overrides and breakthroughs
are counted over the model's own cases only, as the signals are. The report is Dutch, written
to the body ("u"), carries no case id and no identifier; signal and answer texts are written as
literal Markdown (:func:`escalatie.neutralise.markdown.markdown_text`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from statistics import median
from typing import Any

from escalatie.clock import local
from escalatie.dutch import count_phrase, day, source
from escalatie.learning import LearningOutput
from escalatie.neutralise.markdown import markdown_text
from escalatie.register.signals import DUTCH_KINDS, RESPONSE_DAYS, ObstacleKind, Signal
from escalatie.register.state import CaseState

BREAKTHROUGH_OUTCOMES = frozenset({"resolved", "partly_resolved"})


def report_data(
    *,
    model: str,
    key: str,
    title: str,
    output: LearningOutput,
    signals: Iterable[Signal],
    states: Iterable[CaseState],
    since: date,
    until: date,
    at: datetime,
    response_days: int,
    board: bool = True,
) -> dict[str, Any]:
    """What the body reads: signals to it, overrides and breakthroughs in ``since..until``."""
    mine = [s for s in signals if s.body == key and s.model == model]
    added = [s for s in mine if since <= local(s.added_at).date() <= until]
    per_kind = []
    for kind in ObstacleKind:
        of_kind = [s for s in added if s.kind is kind]
        if of_kind:
            cases = {c for s in of_kind for c in s.cases}
            per_kind.append(
                {
                    "kind": kind.value,
                    "title": DUTCH_KINDS[kind],
                    "signals": len(of_kind),
                    "cases": len(cases),
                }
            )
    today = local(at).date()
    open_ = [s for s in mine if s.answered_at is None and local(s.added_at).date() <= until]
    # Only the model's own cases (a knelpuntenzorg report to the board would count a
    # maatwerktafel override); the signals are the model's already.
    states = [st for st in states if st.model == model]
    overrides = sum(
        1 for st in states for when, _, _ in st.overrides if since <= local(when).date() <= until
    )
    durations = [
        (local(st.closed_at).date() - local(st.submitted_at).date()).days
        for st in states
        if st.closed_at is not None
        and st.outcome in BREAKTHROUGH_OUTCOMES
        and since <= local(st.closed_at).date() <= until
    ]
    return {
        "title": f"Signalen uit vastgelopen casuïstiek voor {title}",
        "model": model,
        "audience": key,
        "board": board,
        "from": since.isoformat(),
        "to": until.isoformat(),
        "collector": output.collector,
        "source": source(output.source),
        "response_days": response_days,
        "per_kind": per_kind,
        "signals": len(added),
        "unanswered": [
            {
                "number": s.number,
                "kind": s.kind.value,
                "title": DUTCH_KINDS[s.kind],
                "blocks": s.blocks,
                "since": local(s.added_at).date().isoformat(),
                "past_norm": today > s.answer_due(response_days),
            }
            for s in open_
        ],
        "answered_late": sum(1 for s in added if s.answered_late(response_days)),
        "past_due": [
            {
                "number": s.number,
                "title": DUTCH_KINDS[s.kind],
                "answer": s.answer,
                "due": s.due.isoformat(),
            }
            for s in mine
            if s.due is not None and s.done_at is None and today > s.due
        ],
        "overrides": overrides,
        "breakthroughs": {
            "cases": len(durations),
            "median_days": median(durations) if durations else None,
            "longest_days": max(durations) if durations else None,
        },
    }


def _signal_words(n: int) -> str:
    return count_phrase(n, "signaal", "signalen")


def render_markdown(data: dict[str, Any]) -> str:
    since, until = date.fromisoformat(data["from"]), date.fromisoformat(data["to"])
    who = data["collector"] or "het aanspreekpunt"
    out = [
        f"# {data['title']}",
        "",
        f"Periode: {day(since)} tot en met {day(until)}.",
        # Passive, so the verb fits a collector in the singular ("de jeugdconsul") and in the
        # plural ("de deelnemers aan het City Deal overleg").
        f"Dit overzicht is voor u opgesteld door {who}, uit de signalen in het register. "
        "Het noemt geen casussen en geen personen; het laat zien wat het systeem tegenhoudt.",
        f"Bron: {data['source']}.",
        "",
        "## Knelpunten per soort",
        "",
    ]
    if not data["per_kind"]:
        out.append("In deze periode heeft u geen signalen ontvangen.")
    else:
        out.append(
            f"In deze periode heeft u {_signal_words(data['signals'])} ontvangen, per soort "
            "knelpunt:"
        )
        out += ["", "| Soort knelpunt | Signalen | Casussen |", "|---|---:|---:|"]
        out += [
            f"| {k['title'][0].upper()}{k['title'][1:]} | {k['signals']} | {k['cases']} |"
            for k in data["per_kind"]
        ]
    out += ["", "## Nog zonder antwoord", ""]
    norm = data["response_days"]
    if not data["unanswered"]:
        out.append("Er wacht geen signaal op uw antwoord.")
    else:
        # The norm is a setting ([signals] response_days), not in the seeds: say so.
        out.append(
            f"Voor uw antwoord geldt een termijn van {count_phrase(norm, 'dag', 'dagen')}. Die "
            "termijn is een instelling van de gemeente (zolang zij niets instelt: "
            f"{count_phrase(RESPONSE_DAYS, 'dag', 'dagen')}), geen wettelijke of landelijke "
            f"norm. Op {_signal_words(len(data['unanswered']))} wacht nog een antwoord:"
        )
        out.append("")
        for u in data["unanswered"]:
            late = ", langer dan de termijn" if u["past_norm"] else ""
            out.append(
                f"- Signaal {u['number']} ({u['title']}, sinds {day(date.fromisoformat(u['since']))}"
                f"{late}): {markdown_text(u['blocks'])}"
            )
    if data["answered_late"]:
        # The term is the municipality's setting ([signals] response_days), not the seeds'.
        term = (
            f"de termijn van {count_phrase(norm, 'dag', 'dagen')} (een instelling van de gemeente)"
        )
        out += [
            "",
            f"Van de signalen uit deze periode heeft u er {data['answered_late']} later dan "
            f"{term} beantwoord."
            if data["answered_late"] > 1
            else f"Van de signalen uit deze periode is er één later dan {term} beantwoord.",
        ]
    if data["past_due"]:
        out += ["", "## Toegezegd maar nog niet gedaan", ""]
        for p in data["past_due"]:
            out.append(
                f"- Signaal {p['number']} ({p['title']}), toegezegd voor uiterlijk "
                f"{day(date.fromisoformat(p['due']))}: {markdown_text(p['answer'])}"
            )
    if not data["board"]:
        return "\n".join(out) + "\n"
    out += ["", "## Afwijkingen van de route", ""]
    if data["overrides"]:
        times = "één keer" if data["overrides"] == 1 else f"{data['overrides']} keer"
        out.append(
            f"In deze periode besloot het aanspreekpunt {times} een casus op een tafel te "
            "agenderen tegen de voorgestelde route in. De redenen staan in het auditlog; zij "
            "laten zien waar de route naar de tafel nog niet past."
        )
    else:
        # "triage" is the library's jargon, not the college's.
        out.append("In deze periode week het aanspreekpunt niet af van de voorgestelde route.")
    out += ["", "## Van aanmelding tot doorbraak", ""]
    out.append(
        # Plain Dutch ("(een lezing van deze software)" reads stiffly).
        "In dit verslag telt een casus als doorbraak als hij is afgesloten als opgelost of "
        "deels opgelost. Die omschrijving komt van het programma, niet uit het beleid. Geteld "
        "zijn alleen de casussen van dit model, niet het hele register."
    )
    out.append("")
    b = data["breakthroughs"]
    if not b["cases"]:
        out.append("In deze periode is geen casus afgesloten als (deels) opgelost.")
    elif b["cases"] == 1:  # a median and a longest of one case say the same thing twice
        out.append(
            "In deze periode is één casus (deels) opgelost, "
            f"{count_phrase(b['longest_days'], 'dag', 'dagen')} na de aanmelding."
        )
    else:
        out.append(
            f"In deze periode zijn {count_phrase(b['cases'], 'casus', 'casussen')} (deels) "
            f"opgelost. De doorlooptijd van aanmelding tot doorbraak was in de helft van de "
            f"gevallen hoogstens {count_phrase(round(b['median_days']), 'dag', 'dagen')}; de "
            f"langste duurde {count_phrase(b['longest_days'], 'dag', 'dagen')}."
        )
    return "\n".join(out) + "\n"
