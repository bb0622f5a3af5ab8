"""Leeronderzoek and consultation: two learning workflows kept in the register's records.

**Leeronderzoek** (Rotterdam, seed 002, "Zorgconsulaat en jeugdconsul"): after a calamity or
incident a stuck or failed case is examined "om na te gaan of er sprake is geweest van een
sluitend systeem van zorg- en hulpverlening. Als dat niet zo was, worden aanbevelingen gedaan".
It is started for one or more cases, gathers questions and findings, concludes whether the
system was closed (*sluitend*), and only then, if it was not, makes recommendations with an
owner and a due date whose follow-up is recorded. It is kept apart from the case: nothing is
added to the case's event log (the audit names the case).

**Consultation** of an expertise network (seed 004: the expertise centres "consultatie en
advies gaan bieden") or Groningen's regional expertpool (seed 002: professionals consult it on
complex cases; it advises or joins a meeting): a request about a case with the day the advice
is due, the advice, and what was done with it.

Every step is audited; free text is scrubbed of the named cases' identifiers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from attrs import define, field

import escalatie.register.records as records
from escalatie.builtin.national_routes import EXPERTISENETWERK
from escalatie.clock import local
from escalatie.errors import EscalatieError
from escalatie.forum import ForumKind
from escalatie.model import EscalationModel
from escalatie.register.checks import checked_text, due_not_before_at, not_before, numbered
from escalatie.register.session import Session
from escalatie.register.signals import scrub_cases
from escalatie.rules import Rule
from escalatie.sources import seed

INQUIRY = "inquiry"
CONSULTATION = "consultation"

RECOMMEND_WHEN_NOT_CLOSED = Rule(
    "register.leeronderzoek.recommendations",
    "A leeronderzoek examines whether the system of care and help was closed (sluitend); "
    "if it was not, recommendations are made to close it.",
    seed("002", "Zorgconsulaat en jeugdconsul (Rotterdam): leeronderzoeken"),
)
CONSULT_WHOM = Rule(
    "register.consultation.whom",
    "Professionals consult an expertise network (expertisenetwerk) or the regional expertpool "
    "for advice on a complex case.",
    seed("004", "Aanleiding; seed 002, regionale expertpool (Groningen)"),
)


def _cases(s: Session, case_ids: Sequence[str]) -> tuple[str, ...]:
    if not case_ids:
        raise EscalatieError("--case: expected at least one case")
    cases = tuple(dict.fromkeys(case_ids))
    for case_id in cases:
        not_before(s, s.state(case_id).submitted_at, f"the submission of case {case_id}")
    return cases


def other_model_note(s: Session, model: EscalationModel, case_ids: Sequence[str]) -> str:
    """A note for cases recorded under ``model`` (``-m``) that the register knows under other
    models only (submitted to, planned or triaged under): each region has its own expertise
    centre (seed 004, eight regions) and a leeronderzoek is the zorgconsulaat's (seed 002), so
    a Groningen case consulted with Utrecht's network is most likely the wrong ``-m``. A note,
    not a refusal: a case may move between regions. Empty when every case is the model's own
    or has no model."""
    others = []
    for case_id in dict.fromkeys(case_ids):
        state = s.state(case_id)
        names = state.every_model
        if names and model.name not in names:
            others.append(f"{case_id} ({', '.join(names)})")
    if not others:
        return ""
    which = "case " if len(others) == 1 else "cases "
    return (
        f"recorded under model {model.name} (-m), but the register knows {which}"
        f"{', '.join(others)} under another model only: check -m"
    )


# --- leeronderzoek -------------------------------------------------------------------------


@define
class Recommendation:
    text: str
    owner: str
    due: date
    made_at: datetime
    follow_up: list[tuple[datetime, str]] = field(factory=list)
    done_at: datetime | None = None

    def overdue(self, at: datetime) -> bool:
        return self.done_at is None and local(at).date() > self.due


@define
class Inquiry:
    """A leeronderzoek as of its last record."""

    number: int
    model: str
    cases: tuple[str, ...]
    about: str
    started_at: datetime
    questions: list[str] = field(factory=list)
    findings: list[str] = field(factory=list)
    closed_system: bool | None = None
    concluded_at: datetime | None = None
    recommendations: list[Recommendation] = field(factory=list)
    last_at: datetime | None = None

    def data(self, at: datetime) -> dict[str, Any]:
        return {
            "number": self.number,
            "model": self.model,
            "cases": list(self.cases),
            "about": self.about,
            "started_at": self.started_at.isoformat(),
            "questions": self.questions,
            "findings": self.findings,
            "sluitend": self.closed_system,
            "concluded_at": self.concluded_at.isoformat() if self.concluded_at else None,
            "recommendations": [
                {
                    "number": n,
                    "text": r.text,
                    "owner": r.owner,
                    "due": r.due.isoformat(),
                    "follow_up": [{"at": a.isoformat(), "text": t} for a, t in r.follow_up],
                    "done_at": r.done_at.isoformat() if r.done_at else None,
                    "overdue": r.overdue(at),
                }
                for n, r in enumerate(self.recommendations, 1)
            ],
        }


def inquiries(s: Session) -> list[Inquiry]:
    out: dict[int, Inquiry] = {}
    with records.folding(s, INQUIRY):
        for r in records.records(s, INQUIRY):
            p = r.payload
            if r.kind == "started":
                out[r.number] = Inquiry(r.number, p["model"], tuple(p["cases"]), p["about"], r.at)
            else:
                i = out[r.number]
                if r.kind == "question":
                    i.questions.append(p["text"])
                elif r.kind == "finding":
                    i.findings.append(p["text"])
                elif r.kind == "concluded":
                    i.closed_system, i.concluded_at = bool(p["sluitend"]), r.at
                elif r.kind == "recommended":
                    i.recommendations.append(
                        Recommendation(p["text"], p["owner"], date.fromisoformat(p["due"]), r.at)
                    )
                elif r.kind == "followed_up":
                    rec = i.recommendations[int(p["recommendation"]) - 1]
                    rec.follow_up.append((r.at, p["text"]))
                    if p["done"]:
                        rec.done_at = r.at
            out[r.number].last_at = r.at
    return [out[n] for n in sorted(out)]


def inquiry(s: Session, number: int) -> Inquiry:
    return numbered(inquiries(s), number, "leeronderzoek", "leeronderzoeken")


def start_inquiry(s: Session, model: EscalationModel, case_ids: Sequence[str], about: str) -> int:
    """Start a leeronderzoek into cases after a calamity or incident; its number."""
    if not any(o.kind == "leeronderzoek" for o in model.learning):
        raise EscalatieError(
            f"-m/--model: model {model.name} has no leeronderzoek among its learning outputs "
            f"(Rotterdam's zorgconsulaat has, {RECOMMEND_WHEN_NOT_CLOSED.source.cite()})"
        )
    cases = _cases(s, case_ids)
    number = records.next_number(s, INQUIRY)
    text = scrub_cases(s, cases, checked_text(about, "--about"))
    reference = records.append(
        s, INQUIRY, number, "started", {"model": model.name, "cases": list(cases), "about": text}
    )
    for case_id in cases:
        s.log("leeronderzoek_start", case_id, detail=f"leeronderzoek {number}", reference=reference)
    return number


def _step(s: Session, number: int, kind: str, payload: dict[str, Any]) -> Inquiry:
    i = inquiry(s, number)
    assert i.last_at is not None
    not_before(s, i.last_at, f"the last step of leeronderzoek {number}")
    reference = records.append(s, INQUIRY, number, kind, payload)
    s.log(f"leeronderzoek_{kind}", None, detail=f"leeronderzoek {number}", reference=reference)
    return i


def add_question(s: Session, number: int, text: str) -> int:
    i = inquiry(s, number)
    _step(s, number, "question", {"text": scrub_cases(s, i.cases, checked_text(text, "--text"))})
    return len(i.questions) + 1


def add_finding(s: Session, number: int, text: str) -> int:
    i = inquiry(s, number)
    if i.concluded_at is not None:
        raise EscalatieError(f"N: leeronderzoek {number} is concluded; findings come before")
    _step(s, number, "finding", {"text": scrub_cases(s, i.cases, checked_text(text, "--text"))})
    return len(i.findings) + 1


def conclude(s: Session, number: int, closed_system: bool) -> None:
    """Whether the system of care and help was closed (sluitend), after at least one finding."""
    i = inquiry(s, number)
    if i.concluded_at is not None:
        raise EscalatieError(f"N: leeronderzoek {number} is already concluded")
    if not i.findings:
        raise EscalatieError(
            f"N: leeronderzoek {number} has no findings yet; record them before concluding"
        )
    _step(s, number, "concluded", {"sluitend": closed_system})


def recommend(s: Session, number: int, text: str, owner: str, due: date) -> int:
    """A recommendation to close the system; only after concluding it was not closed."""
    i = inquiry(s, number)
    if i.closed_system is not False:
        state = "was found sluitend" if i.closed_system else "is not concluded yet"
        raise EscalatieError(
            f"N: leeronderzoek {number} {state}; recommendations follow a system found not "
            f"sluitend [{RECOMMEND_WHEN_NOT_CLOSED.id}; {RECOMMEND_WHEN_NOT_CLOSED.source.cite()}]"
        )
    due_not_before_at(s, due)
    payload = {
        "text": scrub_cases(s, i.cases, checked_text(text, "--text")),
        "owner": scrub_cases(s, i.cases, checked_text(owner, "--owner", 200)),
        "due": due.isoformat(),
    }
    _step(s, number, "recommended", payload)
    return len(i.recommendations) + 1


def follow_up(s: Session, number: int, recommendation: int, text: str, done: bool) -> None:
    i = inquiry(s, number)
    count = len(i.recommendations)
    if not 1 <= recommendation <= count:
        raise EscalatieError(
            f"REC: leeronderzoek {number} has recommendations 1 to {count}, got {recommendation}"
            if count
            else f"REC: leeronderzoek {number} has no recommendations"
        )
    if i.recommendations[recommendation - 1].done_at is not None:
        raise EscalatieError(f"REC: recommendation {recommendation} is already done")
    payload = {
        "recommendation": recommendation,
        "text": scrub_cases(s, i.cases, checked_text(text, "--text")),
        "done": done,
    }
    _step(s, number, "followed_up", payload)


# --- consultation --------------------------------------------------------------------------


@define
class Consultation:
    """A consultation as of its last record."""

    number: int
    model: str
    case: str
    party: str
    question: str
    due: date
    requested_at: datetime
    advice: str = ""
    advised_at: datetime | None = None
    follow_up: list[tuple[datetime, str]] = field(factory=list)
    last_at: datetime | None = None

    def overdue(self, at: datetime) -> bool:
        return self.advised_at is None and local(at).date() > self.due

    def data(self, at: datetime) -> dict[str, Any]:
        return {
            "number": self.number,
            "model": self.model,
            "case": self.case,
            "with": self.party,
            "question": self.question,
            "due": self.due.isoformat(),
            "requested_at": self.requested_at.isoformat(),
            "advice": self.advice or None,
            "advised_at": self.advised_at.isoformat() if self.advised_at else None,
            "follow_up": [{"at": a.isoformat(), "text": t} for a, t in self.follow_up],
            "overdue": self.overdue(at),
        }


def consultations(s: Session) -> list[Consultation]:
    out: dict[int, Consultation] = {}
    with records.folding(s, CONSULTATION):
        for r in records.records(s, CONSULTATION):
            p = r.payload
            if r.kind == "requested":
                out[r.number] = Consultation(
                    r.number, p["model"], p["case"], p["with"], p["question"],
                    date.fromisoformat(p["due"]), r.at,
                )  # fmt: skip
            elif r.kind == "advised":
                out[r.number].advice, out[r.number].advised_at = p["text"], r.at
            elif r.kind == "followed_up":
                out[r.number].follow_up.append((r.at, p["text"]))
            out[r.number].last_at = r.at
    return [out[n] for n in sorted(out)]


def consultation(s: Session, number: int) -> Consultation:
    return numbered(consultations(s), number, "consultation", "consultations")


def consultable(model: EscalationModel) -> list[str]:
    """Whom a professional may consult under ``model``: its expert-advice forums (Groningen's
    expertpool) and the expertise network when it is one of the model's onward routes."""
    out = [f.key for f in model.forums if f.kind == ForumKind.EXPERT_ADVICE]
    if EXPERTISENETWERK in model.onward_routes:
        out.append(EXPERTISENETWERK)
    return out


def request(
    s: Session, model: EscalationModel, case_id: str, party: str, question: str, due: date
) -> int:
    """Ask an expertise network or expertpool for advice on a case, due by ``due``."""
    allowed = consultable(model)
    if party not in allowed:
        names = ", ".join(allowed) or "none"
        raise EscalatieError(
            f"--with: model {model.name} cannot consult {party!r}; it can consult: {names} "
            f"[{CONSULT_WHOM.id}; {CONSULT_WHOM.source.cite()}]"
        )
    (case,) = _cases(s, [case_id])
    due_not_before_at(s, due)
    number = records.next_number(s, CONSULTATION)
    payload = {
        "model": model.name,
        "case": case,
        "with": party,
        "question": scrub_cases(s, [case], checked_text(question, "--question")),
        "due": due.isoformat(),
    }
    reference = records.append(s, CONSULTATION, number, "requested", payload)
    detail = f"consultation {number} with {party}, due {due}"
    s.log("consultation_request", case, detail=detail, reference=reference)
    return number


def _consult_step(s: Session, number: int, kind: str, text: str) -> Consultation:
    c = consultation(s, number)
    assert c.last_at is not None
    not_before(s, c.last_at, f"the last step of consultation {number}")
    payload = {"text": scrub_cases(s, [c.case], text)}
    reference = records.append(s, CONSULTATION, number, kind, payload)
    s.log(f"consultation_{kind}", c.case, detail=f"consultation {number}", reference=reference)
    return c


def advise(s: Session, number: int, text: str) -> None:
    c = consultation(s, number)
    if c.advised_at is not None:
        raise EscalatieError(f"N: consultation {number} already has its advice")
    _consult_step(s, number, "advised", checked_text(text, "--text"))


def consultation_follow_up(s: Session, number: int, text: str) -> None:
    c = consultation(s, number)
    if c.advised_at is None:
        raise EscalatieError(f"N: consultation {number} has no advice yet to follow up")
    _consult_step(s, number, "followed_up", checked_text(text, "--text"))
