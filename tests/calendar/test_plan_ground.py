"""docs/privacy.md, "On what ground an invitation carries a case's plan": its table of what each
copy contains is what the program writes, and the page states the ground and the open question.

Seed 000 step 3 puts the anonymised plan and the question in the invitation; AVG art. 5(1)(c)
limits it to that. A case with a distinct marker in every field it holds is invited; each
attendee's own copy and e-mail must hold the question and plan and none of the other fields.
"""

from __future__ import annotations

import email
import email.policy
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs

from escalatie.calendar import invitation
from escalatie.calendar.mail import compose_all
from escalatie.case import (
    CareKind,
    CareRequest,
    PriorStep,
    SafetyLevel,
    SafetySignal,
    StepKind,
)
from escalatie.clock import AMSTERDAM, fixed_clock
from escalatie.model import EscalationModel

DOC = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"
SLOT = datetime(2026, 3, 9, 9, 15, tzinfo=AMSTERDAM)
SENT = fixed_clock(datetime(2026, 3, 1, 10, 0, tzinfo=AMSTERDAM))

ELSEWHERE = {
    "perspective": "PERSPECTIEFMARKER",
    "domain question": "LEEFGEBIEDMARKER",
    "domain need": "NODIGMARKER",
    "prior step": "GEPROBEERDMARKER",
    "requested care": "ZORGVRAAGMARKER",
    "safety signal": "VEILIGHEIDMARKER",
    "municipality": "GEMEENTEMARKER",
}
"""A marker per field the table says an invitation does not contain."""


def _section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("## On what ground an invitation carries a case's plan")
    return text[start : text.index("\n## ", start + 1)]


def _marked(make_case: Any) -> Any:
    case = make_case("dossier-grond")
    domain = attrs.evolve(
        case.domains[0], question=ELSEWHERE["domain question"], need=ELSEWHERE["domain need"]
    )
    return attrs.evolve(
        case,
        age=13,
        perspective=ELSEWHERE["perspective"],
        domains=(domain,),
        prior_steps=(
            PriorStep(StepKind.HOME_VISIT, "Buurtteam Oost", tried=ELSEWHERE["prior step"]),
        ),
        requested_care=(CareRequest(CareKind.AMBULANT, description=ELSEWHERE["requested care"]),),
        safety=SafetySignal(SafetyLevel.CONCERN, ELSEWHERE["safety signal"]),
        municipality=ELSEWHERE["municipality"],
    )


def test_each_copy_holds_what_the_privacy_page_says_and_no_more(
    model: EscalationModel, make_case: Any
) -> None:
    case = _marked(make_case)
    message = invitation(model, SLOT, [case], SENT)
    mails = compose_all([message], None, [case])
    assert mails
    for mail in mails:
        raw = mail.mime.as_bytes()
        read = email.message_from_bytes(raw, policy=email.policy.default)
        texts = [
            re.sub(r"\r?\n[ \t]", "", part.get_content())
            if isinstance(part.get_content(), str)
            else re.sub(r"\r?\n[ \t]", "", part.get_content().decode())
            for part in read.walk()
            if not part.is_multipart()
        ]
        received = "\n".join(texts).replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";")
        assert case.question in received and case.plan in received, mail.attendee
        for field, marker in ELSEWHERE.items():
            assert marker not in received, (field, mail.attendee.organisation)
        assert case.reference not in received  # the keyed pseudonym, not the file's reference
        assert "13 jaar" not in received  # the age: only its band, in the consent line
        assert "volgens de regels die gelden voor een jongere van 12 tot en met 15 jaar" in received
    shared = message.text.replace("\r\n ", "")
    assert case.plan not in shared and case.question not in shared
    for marker in ELSEWHERE.values():
        assert marker not in shared


def test_the_page_states_the_ground_and_the_open_question() -> None:
    """Policy review: state on what ground (AVG art. 6, art. 9 for health data) and with what
    minimisation (art. 5(1)(c)) the plan goes out, and ask the lawyer plainly."""
    section = re.sub(r"\s+", " ", _section())
    for needed in (
        "art. 6(1)(e)",  # the ground the library assumes: the public task
        "9(2)(h)",  # health data: social and health care
        "art. 5(1)(c)",  # minimisation
        "recital 26",  # whether the anonymised plan is personal data
        "7.3.11",  # the submitter's professional secrecy
        "The open question for the municipality's lawyer",
        "`invite` must refuse an attendee without recorded consent",
    ):
        assert needed in section, needed
    # The table names what the other tests here check is left out.
    for left_out in ("the perspective", "the life domains", "the prior steps", "the age"):
        assert left_out in section, left_out
