"""The predicates Utrecht's model files use beyond the core's, each a computation on a case.

The model files (``escalatie_utrecht/models/*.toml``) hold every rule's id, English text and
seed; a rule whose test no core predicate expresses names one of these, such as
``utrecht_skips_lighter_track = true``. The plugin registers them through
``escalatie_register_predicates`` (``docs/hooks.md``). Each takes ``true`` as its parameter
(write ``not = {...}`` for the opposite), like the core's ``stuck = true``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from escalatie.api import Case, LifeDomainKind, PartyRole, Predicate, StepKind
from escalatie.predicates import ParameterError
from escalatie.rules import Test


def stuck_on_work_and_income(case: Case) -> bool:
    """The case is stuck on work and income: its work_and_income domain is marked ``stuck``, or
    no domain is marked and work and income is the question's only domain (seed 001: the
    maatwerk telefoon is for "complexe casussen rond werk en inkomen")."""
    marked = {d.kind for d in case.domains if d.stuck}
    stuck = marked or (case.domain_kinds if len(case.domain_kinds) == 1 else frozenset())
    return LifeDomainKind.WORK_AND_INCOME in stuck


OTHER_SECTORS = frozenset(
    {
        PartyRole.HOUSING_CORPORATION,
        PartyRole.WORK_AND_INCOME,
        PartyRole.POLICE,
        PartyRole.EDUCATION,
    }
)
"""The other sectors seed 002 names beside care: "woningcorporaties, Werk en Inkomen, Politie,
Onderwijs"."""


def _consulted(case: Case) -> bool:
    from escalatie_utrecht.principles import CONSULTATIONS

    return any(s.kind in CONSULTATIONS and s.tried.strip() for s in case.prior_steps)


def _plan_with_family(case: Case) -> bool:
    return case.tried(StepKind.PLAN_WITH_FAMILY) and bool(case.plan.strip())


def _perspective(case: Case) -> bool:
    return bool(case.perspective.strip())


def _others_currently_involved(case: Case) -> bool:
    return any(p.currently_involved for p in case.parties if p.role is not PartyRole.FAMILY)


def _other_sectors(case: Case) -> bool:
    return any(p.role in OTHER_SECTORS for p in case.parties)


def _rotation_needed(case: Case) -> bool:
    from escalatie_utrecht.principles import rotation_needed

    return rotation_needed(case)


def _mix_missing(case: Case) -> bool:
    from escalatie_utrecht.principles import consultation_mix_missing

    return consultation_mix_missing(case)


def _question(case: Case) -> bool:
    from escalatie_utrecht.principles import requested_leaves_question

    return requested_leaves_question(case)


def _track(case: Case) -> bool:
    from escalatie_utrecht.principles import requested_skips_track

    return requested_skips_track(case)


def _drietrap(case: Case) -> bool:
    from escalatie_utrecht.principles import requested_skips_drietrap

    return requested_skips_drietrap(case)


def _flag(name: str, holds: Callable[[Case], bool]) -> Callable[[object], Test]:
    """A predicate parameter that must be ``true``; the test calls ``holds(case)``."""

    def build(value: object) -> Test:
        if value is not True:
            raise ParameterError(
                f"expected true, got {value!r} (write {{not = {{{name} = true}}}} for the opposite)"
            )

        def test(case: Case, at: datetime) -> bool:
            return holds(case)

        return test

    return build


_PREDICATES: tuple[tuple[str, str, Callable[[Case], bool]], ...] = (
    (
        "utrecht_consulted",
        "Professionals thought along in a consultation (ASK, telephone or participating consult, "
        "home visit) and what was tried is recorded (seed 000, stap 1).",
        _consulted,
    ),
    (
        "utrecht_consultation_mix_missing",
        "The recorded consultations do not show both the social base (spoor 1) and the "
        "additional care (spoor 3); a consultation's track is read from its `by` (seed 000, "
        "stap 1).",
        _mix_missing,
    ),
    (
        "utrecht_plan_with_family",
        "A plan was made with the family (a plan_with_family step) and the plan is recorded "
        "(seed 000, stap 1).",
        _plan_with_family,
    ),
    (
        "utrecht_perspective_recorded",
        "The long-term perspective on normal life is recorded (seed 000, stap 2).",
        _perspective,
    ),
    (
        "utrecht_others_currently_involved",
        "A party other than the family is currently involved in the case (seed 000, stap 3).",
        _others_currently_involved,
    ),
    (
        "utrecht_rotation_needed",
        "The larger providers in rotation are needed: additional care (spoor 3) is asked, or an "
        "alternative to residential care is unavailable (seed 000, stap 3).",
        _rotation_needed,
    ),
    (
        "utrecht_stuck_on_work_and_income",
        "The case is stuck on work and income: that domain is marked stuck, or no domain is "
        "marked and it is the question's only domain (seed 001).",
        stuck_on_work_and_income,
    ),
    (
        "utrecht_other_sectors_involved",
        "A party from another sector than care takes part: a housing corporation, work and "
        "income, the police or education (seed 002, Utrechtse aanpak).",
        _other_sectors,
    ),
    (
        "utrecht_question_unanswered",
        "Care is requested and some life domain of the family's question gets no answer from it "
        "(seed 003, leidende principes).",
        _question,
    ),
    (
        "utrecht_skips_lighter_track",
        "The requested care skips a lighter track (spoor 1, 2) that is not yet in place "
        "(seed 003, het Utrechtse model met drie sporen).",
        _track,
    ),
    (
        "utrecht_skips_drietrap",
        "The requested residential care skips a lighter rung of the drietrap (seed 003).",
        _drietrap,
    ),
)


Build = Callable[[object], Test]


def predicates(around: Callable[[Build], Build] | None = None) -> list[Predicate]:
    """Utrecht's predicates; with ``around``, each one's build is ``around(build)``, as the
    plugin registers them (each build checks ``[utrecht]`` first). Built with it rather than
    copied with another build afterwards (``attrs.evolve``: about 36 K instructions a
    predicate, issue 16's start-up)."""
    return [
        Predicate(
            name,
            description,
            _flag(name, holds) if around is None else around(_flag(name, holds)),
            {"const": True},
            f"{name} = true",
        )
        for name, description, holds in _PREDICATES
    ]
