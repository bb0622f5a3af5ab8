"""``agreement``, ``agreements``, ``insight`` and ``consent``: following a case up.

Agreements carry their schedule and the regiehouder (seed 000, step 5); insights feed the
learning lines (step 6); consent says who agreed to share what with whom (step 3 and the age
rules in :mod:`escalatie.consent`). Every command is audited under ``--actor``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from escalatie.cli.common import Choice, at_option, echo, json_option
from escalatie.cli.register import case_id_argument, opened, register_options
from escalatie.cli.rows import chosen_format, emit_rows, format_option
from escalatie.clock import printed

if TYPE_CHECKING:
    from escalatie.model import EscalationModel
    from escalatie.register.state import CaseState

F = TypeVar("F", bound=Callable[..., Any])


@click.group()
def agreement() -> None:
    """Record agreements (afspraken) made at a forum, with owner, due date and lead; mark
    them done."""


@agreement.command("add")
@case_id_argument
@click.option("--action", required=True, help="What will be done.")
@click.option("--owner", required=True, help="Who does it (organisation or role, no names).")
@click.option("--due", required=True, metavar="DATE", help="When it is due (YYYY-MM-DD).")
@click.option(
    "--lead",
    required=True,
    help="Who holds the lead (regie) on following the agreements (organisation or role).",
)
@click.option(
    "--audience", multiple=True, metavar="PARTY",
    help="A party the family agreed the agreements may be shared with (repeatable).",
)  # fmt: skip
@register_options
@at_option
def add_agreement(
    case_id: str,
    action: str,
    owner: str,
    due: str,
    lead: str,
    audience: tuple[str, ...],
    db: str | None,
    actor: str,
    at: str | None,
) -> None:
    """Record an agreement of a case; prints its number."""
    from escalatie.clock import parse_day
    from escalatie.register import commands

    day = parse_day(due, "--due")
    with opened(db, actor, at) as s:
        number = commands.add_agreement(s, case_id, action, owner, day, lead, audience)
        click.echo(f"{case_id}: agreement {number} recorded")
        state = s.state(case_id)
        model, warns, unavailable = _agreements_model(state)
        leads = commands.open_leads(state)
        mixed = commands.mixed_leads_warning(case_id, leads, model, unavailable)
    if warns and mixed:  # seed 000 stap 5, or the model's own source: one lead
        echo("warning: " + mixed, err=True)
    if warns and not audience:  # rule register.agreements_audience: say it, not share
        no_audience = commands.no_audience_warning(case_id, [number], model, unavailable)
        echo("warning: " + no_audience, err=True)


def _agreements_model(state: CaseState) -> tuple[EscalationModel | None, bool, str | None]:
    """The case's model for the agreements warnings (the one whose closing rule applies),
    whether they apply to it (:func:`escalatie.register.commands.warns_on_agreements`), and
    the name of a model of the case that is neither installed nor given with ``-m``."""
    from escalatie.cli.common import registry
    from escalatie.cli.register import _case_model, _load_selected_model
    from escalatie.register import commands

    _load_selected_model()
    model, unavailable = _case_model(registry(), state)
    return model, commands.warns_on_agreements(model), unavailable


@agreement.command("done")
@case_id_argument
@click.argument("number", metavar="AGREEMENT_NO", type=click.IntRange(min=1))
@register_options
@at_option
def agreement_done(case_id: str, number: int, db: str | None, actor: str, at: str | None) -> None:
    """Mark agreement AGREEMENT_NO of a case as done (at --at or now)."""
    from escalatie.register import commands

    with opened(db, actor, at) as s:
        commands.agreement_done(s, case_id, number)
        click.echo(f"{case_id}: agreement {number} done")


@agreement.command("aligned")
@case_id_argument
@register_options
@at_option
def agreements_aligned(case_id: str, db: str | None, actor: str, at: str | None) -> None:
    """Record that the procesondersteuner aligned the case's agreements with the submitter
    (seed 000, stap 5); where the model says so, agreements are shared only after this."""
    from escalatie.register import commands

    with opened(db, actor, at) as s:
        count = commands.align_agreements(s, case_id)
        which = "agreement 1" if count == 1 else f"agreements 1 to {count}"
        click.echo(f"{case_id}: {which} aligned with the submitter")
        state = s.state(case_id)
        model, warns, unavailable = _agreements_model(state)
        leads = commands.open_leads(state)
        mixed = commands.mixed_leads_warning(case_id, leads, model, unavailable)
    if (
        warns and mixed
    ):  # aligning is when the procesondersteuner can still settle who holds the regie
        echo("warning: " + mixed, err=True)


@click.command()
@click.option("--overdue", is_flag=True, help="Only agreements past their due date and not done.")
@click.option("--case", "case_id", metavar="ID", help="Only the agreements of this case.")
@format_option
@register_options
@at_option
@json_option
def agreements(
    overdue: bool,
    case_id: str | None,
    fmt: str | None,
    db: str | None,
    actor: str,
    at: str | None,
    as_json: bool,
) -> None:
    """List agreements of all cases (or one), earliest due first."""
    from escalatie.register import views

    form = chosen_format(fmt, as_json)

    with opened(db, actor, at) as s:
        states = [s.state(case_id)] if case_id else list(s.register.states().values())
        rows = views.agreement_rows(states, s.at, overdue)
        s.log(
            "agreements",
            case_id,
            detail=f"{len(rows)} agreement{'' if len(rows) == 1 else 's'}"
            + (" (overdue)" if overdue else ""),
        )
    if not emit_rows(rows, views.AGREEMENT_COLUMNS, form):
        echo(views.render_agreements(rows), nl=False)


@click.group()
def insight() -> None:
    """Record insights learned from cases, for the learning lines."""


@insight.command("add")
@case_id_argument
@click.option(
    "--theme",
    required=True,
    type=Choice(
        [
            "laws_and_regulations",
            "supply_and_purchasing",
            "cooperation",
            "professional_mindset",
            "process",
        ]
    ),
    help="The learning theme.",
)
@click.option("--text", required=True, help="The insight (no names).")
@register_options
@at_option
def add_insight(
    case_id: str, theme: str, text: str, db: str | None, actor: str, at: str | None
) -> None:
    """Record an insight learned from a case."""
    from escalatie.learning import LearningTheme
    from escalatie.register import commands

    with opened(db, actor, at) as s:
        commands.add_insight(s, case_id, LearningTheme(theme), text)
        click.echo(f"{case_id}: insight recorded")


@click.group()
def consent() -> None:
    """Record and check consent to share case information (age rules: WGBO / Jeugdwet)."""


def consent_options(f: F) -> F:
    """``--giver``, ``--with`` and ``--what``: the same for giving consent and withdrawing it."""
    f = click.option(
        "--what",
        "what",
        multiple=True,
        required=True,
        type=Choice(["plan", "agreements", "information"]),
        help="What may (or may no longer) be shared (repeatable).",
    )(f)
    f = click.option(
        "--with",
        "parties",
        multiple=True,
        required=True,
        metavar="PARTY",
        help="A party (repeatable).",
    )(f)
    return click.option(
        "--giver",
        "givers",
        multiple=True,
        required=True,
        type=Choice(["young_person", "parents", "representative"]),
        help="Who agreed: the young person, the parents with authority (or guardian), or the "
        "representative of an adult judged incapable. Repeatable: 12 to 15 needs both the "
        "young person and the parents.",
    )(f)


@consent.command("add")
@case_id_argument
@consent_options
@register_options
@at_option
def add_consent(
    case_id: str,
    givers: tuple[str, ...],
    parties: tuple[str, ...],
    what: tuple[str, ...],
    db: str | None,
    actor: str,
    at: str | None,
) -> None:
    """Record that each --giver agreed to share WHAT with the parties (one transaction).

    The consent counts from --at (default: now) on; a share dated before it is not covered.
    Consent is recorded once given: an --at in the future is refused (rule consent.given).
    """
    from escalatie.consent import Giver, Shareable
    from escalatie.register import commands

    unique = list(dict.fromkeys(givers))
    with opened(db, actor, at) as s:
        for giver in unique:
            commands.record_consent(s, case_id, Giver(giver), parties, [Shareable(w) for w in what])
        click.echo(f"{case_id}: consent of {' and '.join(unique)} recorded")


@consent.command("withdraw")
@case_id_argument
@consent_options
@register_options
@at_option
def withdraw_consent(
    case_id: str,
    givers: tuple[str, ...],
    parties: tuple[str, ...],
    what: tuple[str, ...],
    db: str | None,
    actor: str,
    at: str | None,
) -> None:
    """Record that each --giver withdraws consent to share WHAT with the parties (AVG art. 7(3)).

    From --at (default: now) on, shares it covered are refused. It is recorded even on a
    closed case; a note says when no consent was in force for it (a mistyped party?).
    """
    from escalatie.consent import Giver, Shareable
    from escalatie.register import commands

    unique = list(dict.fromkeys(givers))
    idle: list[tuple[str, str, str]] = []
    with opened(db, actor, at) as s:
        for giver in unique:
            gone = commands.withdraw_consent(
                s, case_id, Giver(giver), parties, [Shareable(w) for w in what]
            )
            idle += [(giver, party, subject.value) for party, subject in gone]
        since = s.at
        for giver, party, subject in idle:
            echo(  # the party is typed text: neutralised for the terminal
                f"note: {giver} had no consent in force to share the {subject} with {party} "
                "at --at; the withdrawal is recorded all the same",
                err=True,
            )
        click.echo(
            f"{case_id}: consent of {' and '.join(unique)} withdrawn from {printed(since)} "
            "on (AVG art. 7(3))"
        )


@consent.command("capacity")
@case_id_argument
@click.option(
    "--incapable", is_flag=True, help="Judged unable to judge the matter (wilsonbekwaam)."
)
@click.option("--capable", is_flag=True, help="Judged able to judge the matter.")
@click.option("--reason", required=True, help="On what the judgement rests (no names).")
@register_options
@at_option
def capacity(
    case_id: str,
    incapable: bool,
    capable: bool,
    reason: str,
    db: str | None,
    actor: str,
    at: str | None,
) -> None:
    """Record whether the young person can judge the matter; if not, they are represented.

    Give exactly one of --incapable and --capable.
    """
    from escalatie.register import commands

    if incapable == capable:
        raise click.UsageError(
            "--incapable/--capable: expected exactly one of them"
            + (", not both" if incapable else "")
        )

    with opened(db, actor, at) as s:
        commands.assess_capacity(s, case_id, not incapable, reason)
        click.echo(f"{case_id}: judged {'incapable (represented)' if incapable else 'capable'}")


@consent.command("check")
@case_id_argument
@click.option("--with", "party", required=True, metavar="PARTY", help="The party.")
@click.option("--what", type=Choice(["plan", "agreements", "information"]), required=True)
@register_options
@at_option
def check(case_id: str, party: str, what: str, db: str | None, actor: str, at: str | None) -> None:
    """Say whether WHAT may be shared with PARTY, and by which rule (exit 1 if not)."""
    from escalatie.consent import Shareable
    from escalatie.errors import EscalatieError
    from escalatie.register.checks import party_name
    from escalatie.register.share import Refused, decision

    if not party.strip():
        raise EscalatieError("--with: expected non-empty text naming the party")
    with opened(db, actor, at) as s:
        state = s.state(case_id)
        party = party_name(s, case_id, party)  # as case share judges it
        try:
            decided = decision(s, case_id, state, party, Shareable(what))
        except Refused as exc:
            s.log("consent_check", case_id, detail=f"{what} with {party}: False")
            refusal = str(exc)
        else:
            s.log("consent_check", case_id, detail=f"{what} with {party}: {decided.allowed}")
            refusal = (
                ""
                if decided.allowed
                else decided.refusal(
                    f"--with: sharing the {what} with {party} is ", case_id, party, Shareable(what)
                )
            )
    if refusal:
        raise EscalatieError(refusal)
    echo(decided.message)
