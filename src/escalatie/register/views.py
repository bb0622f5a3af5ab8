"""What the register shows and hands out: every artifact is built from the pseudonymised case.

``case show``, ``case list``, ``agreements`` and shares are built here from
:func:`escalatie.privacy.pseudonymise` of the stored case, so a name, BSN, address, phone
number, e-mail address or date of birth can never reach them. Texts that go to participants
(a shared plan or shared agreements) are in Dutch.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from escalatie.clock import local, printed
from escalatie.deadlines import Deadlines, Norms, deadlines
from escalatie.documents import unstructure
from escalatie.dutch import day, domain
from escalatie.learning import Agreement
from escalatie.privacy import pseudonymise
from escalatie.register.state import CaseState

if TYPE_CHECKING:
    from escalatie.forum import Forum, HolidayPolicy
    from escalatie.model import EscalationModel


def case_deadlines(state: CaseState, norms: Norms, at: datetime) -> Deadlines:
    """The case's end dates, its working days counted by its forum's holiday policy."""
    norm = norms.for_forum(state.forum)
    holidays = case_holidays(state) if norm.working_days else None
    return deadlines(state.submitted_at, norm, state.suspensions, at, holidays)


def case_holidays(state: CaseState) -> HolidayPolicy | None:
    """The days off a case's working days are counted without: those of the forum it is
    planned on or, before it is planned, of its model's forums when they all keep one policy
    (a municipality's days off are its own, cao or local, policy: 5 May every year in the
    bundled models). None, for the general list of Dutch public holidays, when the case has no
    model, its model is neither installed nor given with ``-m PATH``, or its forums keep
    different policies.

    A model that is there but cannot be compiled (a mistake in its settings, such as the
    ``[utrecht]`` table) is an error, not the general list: a settings typo must not move
    every deadline of the municipality's cases without a word."""
    forum = _forum(state)
    if forum is not None:
        return forum.cadence.holidays
    model = _model(state)
    if model is None:
        return None
    policies = {f.cadence.holidays for f in model.forums}
    return policies.pop() if len(policies) == 1 else None


def _model(state: CaseState) -> EscalationModel | None:
    """The case's (last) model as ``case close`` finds it (``Registry.recorded_model``): an
    installed model by the name recorded, or the model file given with ``-m PATH`` in this
    run (the CLI loads it before the register is read); a file at a path the register
    recorded is never read by itself. None only when there is no such model; an error
    compiling one that is there is raised."""
    if state.model is None:
        return None
    from escalatie.errors import UnknownModel
    from escalatie.plugins import default_registry

    try:
        return default_registry().recorded_model(state.model)
    except UnknownModel:
        return None


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def agreement_data(number: int, a: Agreement, at: datetime) -> dict[str, Any]:
    return {
        "number": number,
        "action": a.action,
        "owner": a.owner,
        "due": a.due.isoformat(),
        "lead": a.lead,
        "audience": list(a.audience),
        "done_at": _iso(a.done_at),
        "overdue": a.overdue(local(at)),
    }


SUMMARY_COLUMNS = (
    "id",
    "status",
    "submitted_at",
    "model",
    "forum",
    "slot",
    "planned_end",
    "open_agreements",
)
"""The keys of :func:`summary`, in order: the columns of ``case list --format csv``."""


def summary(state: CaseState, norms: Norms, at: datetime) -> dict[str, Any]:
    """One row of ``case list``."""
    due = case_deadlines(state, norms, at)
    return {
        "id": state.case_id,
        "status": state.status.value,
        "submitted_at": state.submitted_at.isoformat(),
        "model": state.model,
        "forum": state.forum,
        "slot": _iso(state.slot),
        "planned_end": due.planned_end.isoformat(),
        "open_agreements": sum(1 for a in state.agreements if a.done_at is None),
    }


def detail(state: CaseState, norms: Norms, at: datetime) -> dict[str, Any]:
    """Everything ``case show`` prints, from the pseudonymised case (its text without control
    characters: :mod:`escalatie.neutralise.document`)."""
    from escalatie.neutralise.document import plain_document

    due = case_deadlines(state, norms, at)
    data: dict[str, Any] = {
        **summary(state, norms, at),
        "models": list(state.models),  # submitted to, then planned under: "model" is the last
        "route": state.route,
        "route_name": state.route_name,
        "forum_name": _forum_name(state),
        "deadlines": {
            "norm": {
                "servicenorm": due.norm.servicenorm,
                "doorlooptijd": due.norm.doorlooptijd,
                "working_days": due.norm.working_days,
            },
            "suspended_days": due.suspended,
            "planned_end": due.planned_end.isoformat(),
            "latest_end": due.latest_end.isoformat(),
            "overdue": due.overdue(at) and state.closed_at is None,
        },
        "suspensions": [{"since": _iso(a), "until": _iso(b)} for a, b in state.suspensions],
        "case": unstructure(pseudonymise(state.case)),
        "agreements": [agreement_data(n, a, at) for n, a in enumerate(state.agreements, 1)],
        "insights": [
            {"theme": i.theme.value, "text": i.text, "recorded_at": i.recorded_at.isoformat()}
            for i in state.insights
        ],
        "consents": [
            {
                "giver": c.giver.value,
                "parties": list(c.parties),
                "what": [w.value for w in c.what],
                "at": c.at.isoformat(),
                "withdrawn": c.withdrawn,
            }
            for c in state.consents
        ],
        "capable": state.capable,
        "commission_decisions": [{"at": _iso(at), **d} for at, d in state.decisions],
        "closed_at": _iso(state.closed_at),
        "outcome": state.outcome or None,
    }
    return {key: plain_document(value) for key, value in data.items()}


def render_list(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "no cases\n"
    lines = [f"{'ID':<14} {'STATUS':<12} {'SUBMITTED':<20} {'PLANNED END':<11} {'OPEN':>4}  FORUM"]
    for r in rows:
        lines.append(
            f"{r['id']:<14} {r['status']:<12} {_moment(r['submitted_at']):<20} "
            f"{r['planned_end']:<11} {r['open_agreements']:>4}  {r['forum'] or '-'}"
        )
    return "\n".join(lines) + "\n"


def _moment(text: str) -> str:
    """An ISO moment of the JSON detail as the other commands show one: 2026-03-02 10:00 CET
    (not 2026-03-02T10:00:00+01:00)."""
    return printed(datetime.fromisoformat(text))


def render_detail(d: dict[str, Any]) -> str:
    case = d["case"]
    due = d["deadlines"]
    unit = "working days" if due["norm"]["working_days"] else "days"
    lines = [
        f"Case {d['id']}: {d['status']}",
        f"Submitted: {_moment(d['submitted_at'])}"
        + (f" (model {d['models'][0]})" if d["models"] else ""),
        f"Question: {case['question']}",
        f"Age: {case['age']}",
        "Life domains: " + ", ".join(q["kind"] for q in case["domains"]),
    ]
    if d["model"] and d["models"][:1] != [d["model"]]:
        lines.append(f"Last triaged or planned under: model {d['model']}")
    if len(d["models"]) > 1:  # the closing rule follows each (register.close_needs_agreements)
        lines.append("Submitted to or planned under: " + ", ".join(d["models"]))
    if d["route"] or d["route_name"]:
        lines.append(f"Route: {d['route_name']} ({d['route']})")
    if d["slot"]:
        forum = (
            d["forum"]
            if d["forum_name"] in (None, d["forum"])
            else (f"{d['forum_name']} ({d['forum']})")
        )
        lines.append(f"On the agenda: {forum} at {_moment(d['slot'])}")
    lines.append(
        f"Planned end: {due['planned_end']} (norm {due['norm']['servicenorm']} {unit}"
        f", {due['suspended_days']} suspended); latest end {due['latest_end']}"
        + ("; OVERDUE" if due["overdue"] else "")
    )
    if d["agreements"]:
        lines.append("Agreements:")
        for a in d["agreements"]:
            state = "done" if a["done_at"] else ("OVERDUE" if a["overdue"] else "open")
            lines.append(
                f"  {a['number']}. {a['action']} — owner {a['owner']}, due {a['due']}, "
                f"lead {a['lead']} [{state}]"
            )
    if d["consents"]:
        lines.append("Consent (and withdrawals), from the moment given:")
        for c in d["consents"]:
            verb = "withdrew" if c["withdrawn"] else "gave"
            lines.append(
                f"  {_moment(c['at'])} {c['giver']} {verb}: "
                f"{', '.join(c['what'])} with {', '.join(c['parties'])}"
            )
    if not d["capable"]:
        lines.append("The young person was judged incapable (wilsonbekwaam): represented.")
    if d["insights"]:
        lines.append("Insights:")
        lines += [f"  [{i['theme']}] {i['text']}" for i in d["insights"]]
    if d["closed_at"]:
        lines.append(f"Closed: {_moment(d['closed_at'])} ({d['outcome']})")
    return "\n".join(lines) + "\n"


AGREEMENT_COLUMNS = (
    "case", "number", "action", "owner", "due", "lead", "audience", "done_at", "overdue"
)  # fmt: skip
"""The keys of :func:`agreement_rows`, in order: the columns of ``agreements --format csv``."""


def agreement_rows(
    states: list[CaseState], at: datetime, overdue_only: bool
) -> list[dict[str, Any]]:
    """Agreements of the given cases (only the overdue ones on request), earliest due first."""
    rows = []
    for state in states:
        for number, a in enumerate(state.agreements, 1):
            if overdue_only and not a.overdue(local(at)):
                continue
            rows.append({"case": state.case_id, **agreement_data(number, a, at)})
    return sorted(rows, key=lambda r: (r["due"], r["case"], r["number"]))


def render_agreements(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "no agreements\n"
    lines = []
    for r in rows:
        state = "done" if r["done_at"] else ("OVERDUE" if r["overdue"] else "open")
        lines.append(
            f"{r['case']} #{r['number']} due {r['due']} [{state}] {r['action']} "
            f"(owner {r['owner']}, lead {r['lead']})"
        )
    return "\n".join(lines) + "\n"


# --- artifacts shared with a party (Dutch) ------------------------------------------------


def _forum(state: CaseState) -> Forum | None:
    """The forum the case is planned on, from its model; None when it has none, or when the
    model is no longer installed (the register keeps the key)."""
    model = _model(state) if state.forum is not None else None
    if model is None:
        return None
    return next((f for f in model.forums if f.key == state.forum), None)


def _forum_name(state: CaseState) -> str | None:
    """The planned forum's name for people (``case show``), else its key, else None."""
    forum = _forum(state)
    return forum.name if forum is not None else state.forum


def _asked(state: CaseState) -> str:
    """ "Vraag aan de tafel" when the case's forum is a table (seed 000), "Vraag aan de
    commissie" or "Vraag voor het overleg" as the forum names itself, as invitations word it
    (:func:`escalatie.calendar.agenda.asked`); "Vraag voor het overleg" without a forum."""
    forum = _forum(state)
    if forum is None:
        return "Vraag voor het overleg"
    from escalatie.calendar.agenda import asked

    return asked(forum)


def shared_plan(state: CaseState, party: str) -> str:
    """The anonymised plan and the question for the forum (seed 000, step 3), in Dutch."""
    case = pseudonymise(state.case)
    lines = [
        f"Geanonimiseerd plan, casus {state.case_id}",
        f"Gedeeld met: {party}",
        "",
        f"{_asked(state)}: {case.question}",
        f"Leeftijd: {case.age} jaar",
    ]
    if case.perspective:
        lines.append(f"Perspectief: {case.perspective}")
    lines.append("Leefgebieden:")
    for q in case.domains:
        lines.append(
            f"- {domain(q.kind)}: {q.question}" + (f" (nodig: {q.need})" if q.need else "")
        )
    if case.plan:
        lines += ["", "Plan:", case.plan]
    return "\n".join(lines) + "\n"


def shared_agreements(state: CaseState, party: str, agreements: list[tuple[int, Agreement]]) -> str:
    """The agreements the family agreed to share with ``party`` (seed 000, step 5), in Dutch.

    Numbered 1, 2, ... in the text, not by the register's numbers: a gap ("2." alone) would
    show the party that something was withheld."""
    lines = [f"Afspraken, casus {state.case_id}", f"Gedeeld met: {party}", ""]
    for number, (_, a) in enumerate(agreements, 1):
        done = f", afgerond op {day(local(a.done_at).date())}" if a.done_at else ""
        lines.append(
            f"{number}. {a.action} — uitvoering: {a.owner}; uiterlijk {day(a.due)}; "
            f"regie: {a.lead}{done}"
        )
    return "\n".join(lines) + "\n"
