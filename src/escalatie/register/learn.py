"""Learning lines: the insights collected over time, grouped by theme, as shared with the field.

Seed 000 (step 6): the procesondersteuner collects the insights over time and periodically
shares learning lines with the field; the report names the role that collects them in the
selected model (:attr:`escalatie.learning.LearningOutput.collector`). Seed 001 names the recurring themes: laws and
regulations (City Deal), supply and purchasing (Commissie Passend Alternatief), the mindset of
professionals, cooperation between providers. The report is in Dutch, carries no case ids and
counts insights per month so a trend is visible. Insight texts are typed by people, so they are
written as literal Markdown text (:func:`escalatie.neutralise.markdown.markdown_text`): no
HTML, no links.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from escalatie.clock import local
from escalatie.dutch import MONTHS, count_phrase, day, source
from escalatie.learning import Insight, LearningLine, LearningTheme
from escalatie.neutralise.markdown import markdown_text
from escalatie.sources import Source, seed

if TYPE_CHECKING:
    from escalatie.register.session import Session
    from escalatie.register.state import CaseState

SOURCE = seed("000", "6. leren en ontwikkelen")

THEME_TITLES = {
    LearningTheme.LAWS_AND_REGULATIONS: "Wet- en regelgeving",
    LearningTheme.SUPPLY_AND_PURCHASING: "Aanbod en inkoop",
    LearningTheme.COOPERATION: "Samenwerking",
    LearningTheme.PROFESSIONAL_MINDSET: "Mindset van professionals",
    LearningTheme.PROCESS: "Proces",
}


def months(since: date, until: date) -> list[str]:
    """``YYYY-MM`` for every month from ``since`` to ``until``."""
    out = []
    year, month = since.year, since.month
    while (year, month) <= (until.year, until.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def dutch_date(value: date) -> str:
    return day(value)


def dutch_month(key: str) -> str:
    year, month = key.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


def learning_lines(
    insights: Iterable[Insight], since: date, until: date
) -> tuple[list[LearningLine], dict[LearningTheme, dict[str, int]], int]:
    """Per theme: the line, the count per month, and how many cases the insights came from."""
    chosen = [i for i in insights if since <= local(i.recorded_at).date() <= until]
    chosen.sort(key=lambda i: i.recorded_at)
    keys = months(since, until)
    lines: list[LearningLine] = []
    per_month: dict[LearningTheme, dict[str, int]] = {}
    for theme in LearningTheme:
        mine = [i for i in chosen if i.theme is theme]
        counts = dict.fromkeys(keys, 0)
        for i in mine:
            counts[local(i.recorded_at).strftime("%Y-%m")] += 1
        per_month[theme] = counts
        lines.append(LearningLine(theme, since, until, len(mine), tuple(i.text for i in mine)))
    cases = len({i.case_reference for i in chosen})
    return lines, per_month, cases


def scrubbed_insights(s: Session, states: Iterable[CaseState]) -> list[Insight]:
    """Every insight of ``states``, scrubbed again of its case's identifiers."""
    from escalatie.privacy import case_patterns, scrub

    out = []
    for state in states:
        stored = s.register.identity(state.case_id)
        pattern = case_patterns(stored.identity, stored.reference)
        out += [
            i
            if not pattern
            else Insight(i.theme, scrub(i.text, pattern), i.recorded_at, i.case_reference)
            for i in state.insights
        ]
    return out


def overrides(states: Iterable[CaseState], since: date, until: date) -> int:
    """Plans against triage's outcome by the aanspreekpunt's decision in ``since..until``."""
    return sum(
        1 for st in states for at, _, _ in st.overrides if since <= local(at).date() <= until
    )


def report_data(
    insights: Iterable[Insight],
    since: date,
    until: date,
    overrides: int = 0,
    collector: str = "",
    cited: Source | None = None,
    audience: str = "",
    scope: str = "",
    audience_key: str = "",
) -> dict[str, Any]:
    """The report's content; ``overrides`` counts cases planned on a forum against triage's
    outcome, by the aanspreekpunt's decision (seed 000, route), in the period; ``collector`` is
    the role that collects the insights in the model ("de procesondersteuner"); ``cited`` is
    the source of the selected model's learning output (a report for Zeewolde cites Zeewolde's
    document, not Utrecht's), else seed 000's learning lines, the library's template;
    ``audience`` names a group other than the field in the title ("voor de professionals aan de
    voorkant"); ``scope`` names the model whose cases alone were counted ("Maatwerktafel
    (Utrecht)"), empty for a report of the whole register; ``audience_key`` is the group's key
    (:mod:`escalatie.audiences`), empty for the field. The caller passes only that
    model's insights: seed 000 stap 6 has the procesondersteuner collect the insights of the
    maatwerktafel, not of every route in the register."""
    lines, per_month, cases = learning_lines(insights, since, until)
    return {
        "title": "Leerlijnen uit vastgelopen casuïstiek"
        + (f" voor {audience}" if audience else ""),
        "from": since.isoformat(),
        "to": until.isoformat(),
        "insights": sum(line.insight_count for line in lines),
        "cases": cases,
        "overrides": overrides,
        "collector": collector,
        "scope": scope,
        "audience_key": audience_key,
        "source": source(cited or SOURCE),
        "source_is_model": cited is not None,
        "themes": [
            {
                "theme": line.theme.value,
                "title": THEME_TITLES[line.theme],
                "count": line.insight_count,
                "per_month": per_month[line.theme],
                "insights": list(line.texts),
            }
            for line in lines
        ],
    }


def render_markdown(data: dict[str, Any]) -> str:
    since, until = date.fromisoformat(data["from"]), date.fromisoformat(data["to"])
    who = data.get("collector") or ""
    out = [
        f"# {data['title']}",
        "",
        f"Periode: {dutch_date(since)} tot en met {dutch_date(until)}.",
    ]
    if not data["insights"]:
        out.append("In deze periode zijn geen inzichten uit casussen verzameld.")
    else:
        found = (
            f"{count_phrase(data['insights'], 'inzicht', 'inzichten')} uit "
            f"{count_phrase(data['cases'], 'casus', 'casussen')}"
        )
        # Passive, so the verb fits a collector in the singular and in the plural ("de
        # deelnemers aan het City Deal overleg").
        verb = "is" if data["insights"] == 1 else "zijn"
        by = f" door {who}" if who else ""
        out.append(f"In deze periode {verb}{by} {found} verzameld.")
        if data.get("scope"):
            out.append(
                f"Geteld zijn alleen de casussen van de werkwijze {data['scope']}, niet het "
                "hele register."
            )
        out += [
            "De inzichten worden in de loop van de tijd verzameld en periodiek als leerlijnen met het "
            "veld gedeeld.",
        ]
        # The model's own document only: a model that declares no learning output gets no
        # citation, not Utrecht's handreiking.
        if data.get("source_is_model", True):
            out.append(f"Bron: {data['source']}.")
        from escalatie.audiences import OWN_ORGANISATIONS

        if data.get("audience_key") == OWN_ORGANISATIONS:
            # Seed 000 stap 6: the participants spread the knowledge in their own
            # organisations; the field is only told, so its report does not ask it to.
            out.append("Deel deze leerlijnen binnen uw eigen organisatie.")
    if data.get("overrides"):
        times = "één keer" if data["overrides"] == 1 else f"{data['overrides']} keer"
        out += [
            "",
            f"In deze periode is {times} een casus geagendeerd tegen de uitkomst van de "
            "routewijzer in, op besluit van het aanspreekpunt. De procesondersteuner kan de "
            "redenen toelichten; zij laten zien waar de route naar de tafel nog niet past.",
        ]
    for theme in data["themes"] if data["insights"] else ():
        out += ["", f"## {theme['title']} ({theme['count']})", ""]
        if not theme["count"]:
            out.append("Geen inzichten in deze periode.")
            continue
        out += ["| Maand | Aantal |", "|---|---:|"]
        out += [f"| {dutch_month(m)} | {n} |" for m, n in theme["per_month"].items()]
        out.append("")
        out += [f"- {markdown_text(text)}" for text in theme["insights"]]
    return "\n".join(out) + "\n"
