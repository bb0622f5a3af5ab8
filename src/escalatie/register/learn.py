"""Learning lines: the insights collected over time, grouped by theme, as shared with the field.

Seed 000 (step 6): the procesondersteuner collects the insights over time and periodically
shares learning lines with the field. Seed 001 names the recurring themes: laws and
regulations (City Deal), supply and purchasing (Commissie Passend Alternatief), the mindset of
professionals, cooperation between providers. The report is in Dutch, carries no case ids and
counts insights per month so a trend is visible. Insight texts are typed by people, so they are
written as literal Markdown text (:func:`escalatie.neutralise.markdown.markdown_text`): no
HTML, no links.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from escalatie.clock import local
from escalatie.dutch import MONTHS, day, plural
from escalatie.learning import Insight, LearningLine, LearningTheme
from escalatie.neutralise.markdown import markdown_text
from escalatie.sources import seed

SOURCE = seed("000", "6. leren en ontwikkelen; seed 001 geleerde lessen")

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


def report_data(
    insights: Iterable[Insight], since: date, until: date, overrides: int = 0
) -> dict[str, Any]:
    """The report's content; ``overrides`` counts cases planned on a forum against triage's
    outcome, by the aanspreekpunt's decision (seed 000, route), in the period."""
    lines, per_month, cases = learning_lines(insights, since, until)
    return {
        "title": "Leerlijnen uit vastgelopen casuïstiek",
        "from": since.isoformat(),
        "to": until.isoformat(),
        "insights": sum(line.insight_count for line in lines),
        "cases": cases,
        "overrides": overrides,
        "source": SOURCE.cite(),
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
    out = [
        f"# {data['title']}",
        "",
        f"Periode: {dutch_date(since)} tot en met {dutch_date(until)}.",
        f"{plural(data['insights'], 'inzicht', 'inzichten')} uit "
        f"{plural(data['cases'], 'casus', 'casussen')}, door de tijd heen verzameld "
        "door de procesondersteuner en periodiek gedeeld met het veld "
        f"({data['source']}).",
        "Deel deze leerlijnen binnen je eigen organisatie.",
    ]
    if data.get("overrides"):
        times = "één keer" if data["overrides"] == 1 else f"{data['overrides']} keer"
        out += [
            "",
            f"In deze periode is {times} een casus geagendeerd tegen de uitkomst van de triage "
            "in, op besluit van het aanspreekpunt. De redenen staan in het auditlog; zij laten "
            "zien waar de route naar de tafel nog niet past.",
        ]
    for theme in data["themes"]:
        out += ["", f"## {theme['title']} ({theme['count']})", ""]
        if not theme["count"]:
            out.append("Geen inzichten in deze periode.")
            continue
        out += ["| Maand | Aantal |", "|---|---:|"]
        out += [f"| {dutch_month(m)} | {n} |" for m, n in theme["per_month"].items()]
        out.append("")
        out += [f"- {markdown_text(text)}" for text in theme["insights"]]
    return "\n".join(out) + "\n"
