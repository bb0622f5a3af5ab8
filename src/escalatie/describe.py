"""A model described for a policy adviser: ladder, contact points, forums, routes, learning.

``describe`` gives JSON-ready data; ``render`` turns it into text that reads top to bottom,
each rule followed by the seed it comes from.
"""

from __future__ import annotations

from typing import Any

from escalatie.english import recurrence
from escalatie.forum import Forum
from escalatie.learning_policy import closing_source
from escalatie.model import EscalationModel
from escalatie.plugins import Registry
from escalatie.routes import CRISIS, VEILIG_THUIS
from escalatie.rules import Rule
from escalatie.sources import Document, Source


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "text": rule.text,
        "source": rule.source.cite(),
        "enforced": rule.enforced,
    }


def _documents(registry: Registry, model: EscalationModel) -> list[dict[str, Any]]:
    """The documents the model cites beyond the seeds (a model file's ``[documents]``), and
    those of the safety and crisis rules triage applies in every model (the meldcode, the
    letter on acute GGZ)."""
    from escalatie.safety import CRISIS_FIRST, SAFETY_CONCERN, SAFETY_FIRST

    sources: list[Source | None] = [model.source]
    sources += [r.source for r in (SAFETY_FIRST, SAFETY_CONCERN, CRISIS_FIRST)]
    for c in model.contact_points:
        sources.append(c.source)
    for f in model.forums:
        sources += [f.source, f.cadence.source, f.cadence.cancellation_source]
    rules = [*model.principles, *model.agreements.rules]
    for s in model.ladder:
        rules += [*s.entry, *s.conditions, *s.prerequisites, *s.checks]
        sources.append(s.applicants_source)
    for key in (*model.onward_routes, *_always(registry, model)):
        route = registry.route(key)
        sources.append(route.source)
        rules += route.entry
    sources += [lo.source for lo in model.learning] + [r.source for r in rules]
    found: dict[str, Document] = {}
    while sources:
        source = sources.pop(0)
        if source is not None:
            if source.document is not None:
                found.setdefault(source.document.key, source.document)
            sources += source.also
    return [
        {
            "key": d.key,
            "title": d.title,
            "publisher": d.publisher,
            "year": d.year,
            "url": d.url,
            "identifier": d.identifier,
        }
        for d in found.values()
    ]


def _forum(forum: Forum) -> dict[str, Any]:
    from escalatie.calendar.notice import notice_source

    cadence = forum.cadence
    return {
        "key": forum.key,
        "name": forum.name,
        "kind": str(forum.kind),
        "organiser": f"{forum.organiser.title} ({forum.organiser.organisation})",
        "chair": forum.chair,
        "description": forum.description,
        "source": forum.source.cite(),
        "cadence": {
            "series": [
                {
                    "key": s.key,
                    "rrule": s.rrule,
                    "words": recurrence(s.recurrence, s.runs_from),
                    "start": s.start.strftime("%H:%M"),
                    "end": s.end.strftime("%H:%M"),
                    "minutes": s.minutes,
                    "runs_from": s.runs_from.isoformat(),
                    "first_meeting": None
                    if s.first_meeting is None
                    else s.first_meeting.isoformat(),
                    "dates": [d.isoformat() for d in s.dates],
                    "excluded": [d.isoformat() for d in s.excluded],
                }
                for s in cadence.series
            ],
            "on_request": cadence.on_request,
            "other_moments_by_agreement": cadence.other_moments_by_agreement,
            "cancellation_notice_days": cadence.cancellation_notice_days,
            # What `cancel` cites for the notice period (its own, else seed 000 step 4's).
            "cancellation_source": notice_source(cadence).cite()
            if cadence.cancellation_notice_days
            else None,
            "assumption": cadence.assumption,
            "holidays": {
                "national": cadence.holidays.national,
                "good_friday": cadence.holidays.good_friday,
                "fixed_days_off": [
                    f"{d.day:02d}-{d.month:02d} {d.name}" for d in cadence.holidays.fixed_days_off
                ],
            },
        },
        "participants": {
            "family_at_table": forum.participants.family_at_table,
            "key_support_figure": forum.participants.key_support_figure,
            "currently_involved_expected": forum.participants.currently_involved_expected,
            "invited_roles": [r.value for r in forum.participants.invited_roles],
            "rotation_pool": list(forum.participants.rotation_pool),
            "check_need_per_case": forum.participants.check_need_per_case,
            "notify_not_needed": forum.participants.notify_not_needed,
            "description": forum.participants.description,
        },
        "invitation": {
            "asks_for_plan": forum.invitation.asks_for_plan,
            "noun": forum.noun.value,
        },
        "minutes_per_case": forum.minutes_per_case,
        "minutes_per_case_source": None
        if forum.minutes_per_case_source is None
        else forum.minutes_per_case_source.cite(),
        "mandate_required": forum.mandate_required,
        "mandate": {
            "powers": sorted(p.value for p in forum.mandate.powers),
            "formal": forum.mandate.formal,
            "note": forum.mandate.note,
        },
    }


def _always(registry: Registry, model: EscalationModel) -> tuple[str, ...]:
    """The routes triage applies in every model before any hook, unless the model names them."""
    return tuple(
        key
        for key in (CRISIS, VEILIG_THUIS)
        if key not in model.onward_routes and registry.has_route(key)
    )


def describe(registry: Registry, model: EscalationModel) -> dict[str, Any]:
    """Everything a policy adviser needs to check the model against its seeds."""
    return {
        "name": model.name,
        "municipality": model.municipality,
        "title": model.title,
        "summary": model.summary,
        "source": model.source.cite(),
        "plugin": model.plugin,
        "temporary": model.temporary,
        "contact_points": [
            {
                "key": c.key,
                "title": c.title,
                "organisation": c.organisation,
                "channel": c.channel,
                "per_organisation": c.per_organisation,
                "submitters": sorted(r.value for r in c.submitters),
                "reachable_by": sorted(a.value for a in c.reachable_by),
                "mandate": {
                    "powers": sorted(p.value for p in c.mandate.powers),
                    "budget_ceiling_eur": c.mandate.budget_ceiling_eur,
                    "domains": sorted(d.value for d in c.mandate.domains),
                    "formal": c.mandate.formal,
                    "note": c.mandate.note,
                },
                "source": c.source.cite(),
            }
            for c in model.contact_points
        ],
        "forums": [_forum(f) for f in model.forums],
        "ladder": [
            {
                "key": s.key,
                "name": s.name,
                "description": s.description,
                "forum": s.forum,
                "contact_point": s.contact_point,
                "applicants": sorted(a.value for a in s.applicants),
                "entry": [_rule(r) for r in s.entry],
                "conditions": [_rule(r) for r in s.all_conditions(model)],
                "prerequisites": [_rule(r) for r in s.prerequisites],
                "checks": [_rule(r) for r in s.checks],
            }
            for s in model.ladder
        ],
        "onward_routes": [
            {
                "key": key,
                "name": registry.route(key).name,
                "kind": registry.route(key).kind.value,
                "family_can_apply": registry.route(key).family_can_apply,
                "entry": [_rule(r) for r in registry.route(key).entry],
                "source": registry.route(key).source.cite(),
            }
            for key in (*model.onward_routes, *_always(registry, model))
        ],
        "learning": [
            {
                "kind": lo.kind,
                "description": lo.description,
                "audience": lo.audience,
                "period": lo.period,
                "source": lo.source.cite(),
                "audience_key": lo.audience_key,
                "answers": lo.answers,
            }
            for lo in model.learning
        ],
        "principles": [_rule(r) for r in model.principles],
        "agreements": {
            "closing_source": closing_source(model.agreements, model.source).cite(),
            "rules": [_rule(r) for r in model.agreements.rules],
            "after_the_meeting": list(model.agreements.after_the_meeting),
            "required_to_close": model.agreements.required_to_close,
            "aligned_before_sharing": model.agreements.aligned_before_sharing,
        },
        "settings_table": model.settings_table,
        "settings": [
            {"key": s.key, "default": s.default, "minimum": s.minimum, "description": s.description}
            for s in model.settings
        ],
        "documents": _documents(registry, model),
    }


NOT_STATED = "not stated by the source (niet vastgelegd in de bron)"
"""A yes-or-no of a forum the model's source does not give (``family_at_table``,
``mandate_required`` or ``asks_for_plan`` left out): neither yes nor no: a source that says
nothing (seed 001 of a plan) does not say no."""


def stated(value: bool | None) -> str:
    """``yes``, ``no``, or :data:`NOT_STATED` for None."""
    return NOT_STATED if value is None else ("yes" if value else "no")


def _mandate_required(forum: dict[str, Any]) -> str:
    """Whether participants bring a mandate: yes, not stated, or a no with the forum's mandate
    note, so a source's "no" keeps its nuance (seed 001, City Deal: "Er is geen mandaat
    vastgelegd, maar wel een gedeeld besef …": no mandate, but a shared responsibility)."""
    value = forum["mandate_required"]
    note = forum["mandate"]["note"]
    return f"no ({note})" if value is False and note else stated(value)


def _plan_carried(asks_for_plan: bool | None) -> str:
    """What the invitation carries beside the question: the plan only where the source asks
    for it (seed 000, stap 3); where it is silent, no plan (data minimisation, AVG art.
    5(1)(c)), said as not stated rather than as the source's "no"."""
    if asks_for_plan is None:
        return f" only; the anonymised plan: {NOT_STATED}, so none is sent"
    return " and the anonymised plan" if asks_for_plan else ", no plan"


UNENFORCED_STEP = "a process step or value, not a test of the case"
UNENFORCED_PRINCIPLE = "a value to check the plan against"


def _rule_line(r: dict[str, Any], unenforced: str = UNENFORCED_STEP) -> str:
    """A rule with its id and source; one not enforced says so and what it is instead: among
    the principles a value to check the plan against; on the ladder or in the agreements a
    process step (invite, mandate, record agreements) or a value, not a test of the case."""
    enforced = "" if r["enforced"] else f" (not enforced: {unenforced})"
    return f"{r['text']}{enforced}  [{r['id']}; {r['source']}]"


def _rules(lines: list[str], title: str, rules: list[dict[str, Any]], indent: str) -> None:
    if not rules:
        return
    lines.append(f"{indent}{title}:")
    for r in rules:
        lines.append(f"{indent}  - {_rule_line(r)}")


def render(data: dict[str, Any]) -> str:
    """Plain text for a terminal, in the order a case travels."""
    lines = [
        f"{data['title']} ({data['name']})",
        f"Municipality: {data['municipality']}   Source: {data['source']}   Plugin: {data['plugin']}",
    ]
    if data["temporary"]:
        lines.append("Temporary by design.")
    lines += ["", data["summary"], "", "Contact points (aanspreekpunten)"]
    for c in data["contact_points"]:
        m = c["mandate"]
        ceiling = m["budget_ceiling_eur"]
        budget = f", budget up to EUR {ceiling:,}" if ceiling else ""  # EUR 25,000
        lines.append(f"  {c['title']} — {c['organisation']}  [{c['source']}]")
        # The key is what --aanspreekpunt takes (invite, case plan): their help says "as
        # describe lists them", so the text lists it, not only --json.
        lines.append(f"    key: {c['key']} (for --aanspreekpunt)")
        lines.append(f"    channel: {c['channel']}")  # its own words, whatever they start with
        lines.append(f"    reachable by: {', '.join(c['reachable_by'])}")
        if c["submitters"]:
            lines.append(f"    the own aanspreekpunt of submitters: {', '.join(c['submitters'])}")
        # Not "no formal mandate": that is seed 001's wording for the City Deal overleg; each
        # informal mandate's note says why in its own source's words (Rotterdam: advisory).
        formal = "" if m["formal"] else " (informal; see the note below)"
        lines.append(f"    mandate: {', '.join(m['powers']) or 'none'}{budget}{formal}")
        if m["note"]:
            lines.append(f"    {m['note']}")
    lines += ["", "Forums"]
    for f in data["forums"]:
        lines.append(f"  {f['name']} ({f['kind']}), organised by {f['organiser']}  [{f['source']}]")
        if f["description"]:
            lines.append(f"    {f['description']}")
        for s in f["cadence"]["series"]:
            lines.append(
                f"    meets {s['words']}, {s['start']}–{s['end']}, first meeting"
                f" {s['first_meeting']}  [RRULE {s['rrule']}]"
            )
            if s["dates"]:
                lines.append(f"      also on {', '.join(s['dates'])}")
            if s["excluded"]:
                lines.append(f"      not on {', '.join(s['excluded'])}")
        if f["cadence"]["assumption"]:
            lines.append(
                f"    assumption of the library, not of the source: {f['cadence']['assumption']}"
                " (a municipality ends it by setting its own rhythm: in its settings file where"
                " the model reads the rhythm from one, else in the model file: its series,"
                " removing `assumption`)"
            )
        if f["cadence"]["on_request"]:
            lines.append("    meets on request")
        notice = f["cadence"]["cancellation_notice_days"]
        if notice:
            lines.append(
                f"    a cancellation is announced at least {notice} day{'s' if notice != 1 else ''}"
                " before (the library's reading: calendar days to the meeting's time of day,"
                f" about {24 * notice} hours)"
                + (
                    f"  [{f['cadence']['cancellation_source']}]"
                    if f["cadence"]["cancellation_source"]
                    else ""
                )
            )
        elif f["cadence"]["series"]:
            # Say so rather than say nothing (the starter sets none).
            lines.append(
                "    no notice period set for a cancellation (cancellation_notice_days): a meeting"
                " can be cancelled until it begins"
            )
        if f["minutes_per_case"] and f["minutes_per_case_source"]:
            lines.append(
                f"    time box: {f['minutes_per_case']} minutes per case"
                f"  [{f['minutes_per_case_source']}]"
            )
        elif f["minutes_per_case"]:
            # The model file cites no source for the time per case: say it is assumed.
            lines.append(
                f"    time box: {f['minutes_per_case']} minutes per case (assumption: a setting"
                " of the model; the model file cites no source for it)"
            )
        lines.append(
            f"    family at the table: {stated(f['participants']['family_at_table'])};"
            f" participants bring a mandate: {_mandate_required(f)}"
        )
        invitation = f["invitation"]
        lines.append(
            f'    invitation: names the forum "{invitation["noun"]}"; carries the question'
            + _plan_carried(invitation["asks_for_plan"])
        )
        if f["participants"]["description"]:
            lines.append(f"    participants: {f['participants']['description']}")
    lines += ["", "Ladder"]
    for i, s in enumerate(data["ladder"], 1):
        # Say what each key is: the rung's own (the route of a triage result) and where it goes.
        where = (
            f"; at forum {s['forum']}"
            if s["forum"]
            else f"; contact point {s['contact_point']}"
            if s["contact_point"]
            else ""
        )
        lines.append(f"  {i}. {s['name']} (step {s['key']}{where})")
        lines.append(f"     {s['description']}")
        _rules(lines, "entry (any one)", s["entry"], "     ")
        _rules(lines, "conditions (all)", s["conditions"], "     ")
        _rules(lines, "prerequisites", s["prerequisites"], "     ")
        _rules(lines, "checks", s["checks"], "     ")
    if data["onward_routes"]:
        lines += ["", "Onward routes"]
        for r in data["onward_routes"]:
            family = "; families may apply directly" if r["family_can_apply"] else ""
            lines.append(f"  {r['name']} ({r['kind']}{family}; key {r['key']})  [{r['source']}]")
            # The rules that send a case there, as --json has them (a model file's 18+ rule to
            # the Wmo, its board rule).
            when = "a case goes here when" + (" (any one)" if len(r["entry"]) > 1 else "")
            _rules(lines, when, r["entry"], "    ")
    if data["learning"]:
        lines += ["", "Learning"]
        for lo in data["learning"]:
            period = f", {lo['period']}" if lo["period"] else ""
            key = lo["audience_key"]
            # Whether signal add --to KEY takes the body (LearningOutput.answers).
            how = (
                ""
                if not key
                else f" (audience {key}: answers signals)"
                if lo["answers"]
                else f" (audience {key}: told, gets the learning lines)"
            )
            lines.append(
                f"  {lo['kind']}: {lo['description']} → {lo['audience']}{period}{how}  "
                f"[{lo['source']}]"
            )
    if data["principles"]:
        lines += ["", "Solutions are checked against"]
        lines += [f"  - {_rule_line(p, UNENFORCED_PRINCIPLE)}" for p in data["principles"]]
    agreements = data["agreements"]
    lines += ["", "Agreements"]
    lines += [f"  - {_rule_line(r)}" for r in agreements["rules"]]
    lines += [f"  {i}. {text}" for i, text in enumerate(agreements["after_the_meeting"], 1)]
    lines.append(
        "  Closing a case as resolved or partly_resolved needs agreements with a lead, and "
        f"as resolved every agreement done  [{agreements['closing_source']}]"
        if agreements["required_to_close"]
        else "  Closing a case needs no recorded agreements: the model's forum records none "
        "(agreements.required_to_close = false)"
    )
    if agreements.get("aligned_before_sharing"):
        lines.append(
            "  Agreements are shared only after they are aligned with the submitter "
            f"(agreement aligned)  [{agreements['closing_source']}]"
        )
    if data["settings"]:
        lines += [
            "",
            f"Settings (table [{data['settings_table']}] of the settings file; a key left out"
            " keeps its default)",
        ]
        for s in data["settings"]:
            minimum = f", at least {s['minimum']}" if s["minimum"] is not None else ""
            lines.append(f"  {s['key']} = {s['default'] or '(empty)'}  (default{minimum})")
            if s["description"]:
                lines.append(f"      {s['description']}")
    if data["documents"]:
        lines += ["", "Documents cited (beyond the seeds)"]
        for d in data["documents"]:
            made = f"{d['publisher']}, {d['year']}" if d["year"] else d["publisher"]
            where = d["url"] or d["identifier"]
            lines.append(f"  {d['key']}: {d['title']} ({made}){', ' + where if where else ''}")
    return "\n".join(lines) + "\n"
