"""``leeronderzoek`` and ``consultation``: learning workflows kept apart from the cases.

Rotterdam's leeronderzoek after a calamity (seed 002) and the consultation of an expertise
network (seed 004) or Groningen's expertpool (seed 002), in the register's records with due
dates; every command is audited under ``--actor`` (see :mod:`escalatie.register.inquiries`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from escalatie.cli.common import at_option, echo, emit_json, json_option
from escalatie.cli.register import opened, register_options

number_argument = click.argument("number", metavar="N", type=click.IntRange(min=1))
text_option = click.option(
    "--text", required=True, metavar="TEXT", help="What was found or done (no names)."
)


def listed(
    db: str | None,
    actor: str,
    at: str | None,
    read: str,
    keep: Callable[[dict[str, Any]], bool] | None,
    noun: str,
) -> list[dict[str, Any]]:
    """The records ``read`` (``inquiries`` or ``consultations`` of
    :mod:`escalatie.register.inquiries`) as data at the session's moment, those ``keep`` keeps;
    the listing is audited (``leeronderzoek_list``, ``consultation_list``)."""
    from escalatie.register import inquiries

    action = {"inquiries": "leeronderzoek_list", "consultations": "consultation_list"}[read]
    with opened(db, actor, at) as s:
        rows: list[dict[str, Any]] = [r.data(s.at) for r in getattr(inquiries, read)(s)]
        if keep is not None:
            rows = [r for r in rows if keep(r)]
        s.log(action, None, detail=f"{len(rows)} {noun}")
    return rows


@click.group()
def leeronderzoek() -> None:
    """Leeronderzoek after a calamity: questions, findings, sluitend or not, recommendations."""


@leeronderzoek.command("start")
@click.option(
    "--case", "case_ids", multiple=True, required=True, metavar="ID",
    help="A case the leeronderzoek examines (repeatable).",
)  # fmt: skip
@click.option("--about", required=True, metavar="TEXT", help="The calamity or incident.")
@register_options
@at_option
@click.pass_context
def start(
    ctx: click.Context, case_ids: tuple[str, ...], about: str, db: str | None, actor: str,
    at: str | None,
) -> None:  # fmt: skip
    """Start a leeronderzoek under the selected model (-m); prints its number."""
    from escalatie.cli.common import selected_model
    from escalatie.register import inquiries

    model = selected_model(ctx)
    with opened(db, actor, at) as s:
        number = inquiries.start_inquiry(s, model, case_ids, about)
        click.echo(number)
        note = inquiries.other_model_note(s, model, case_ids)
    if note:
        echo(f"warning: leeronderzoek {number}: {note}", err=True)


def text_command(group: click.Group, name: str, help: str, record: str, said: str) -> None:
    """``GROUP NAME N --text TEXT``: record ``TEXT`` for record ``N`` with the function
    ``record`` of :mod:`escalatie.register.inquiries` (imported when the command runs, so
    ``--help`` stays light), then print ``said`` (``{number}`` and ``{n}``, what it returned)."""

    @group.command(name, help=help)
    @number_argument
    @text_option
    @register_options
    @at_option
    def command(number: int, text: str, db: str | None, actor: str, at: str | None) -> None:
        from escalatie.register import inquiries

        with opened(db, actor, at) as s:
            n = getattr(inquiries, record)(s, number, text)
            click.echo(said.format(number=number, n=n))  # inside: a failed print rolls back


text_command(
    leeronderzoek, "question", "Record a question leeronderzoek N asks.", "add_question",
    "leeronderzoek {number}: question {n} recorded",
)  # fmt: skip
text_command(
    leeronderzoek, "finding", "Record a finding of leeronderzoek N.", "add_finding",
    "leeronderzoek {number}: finding {n} recorded",
)  # fmt: skip


@leeronderzoek.command("conclude")
@number_argument
@click.option(
    "--sluitend/--niet-sluitend",
    "closed_system",
    default=None,
    help="Whether the system of care and help was closed (sluitend).",
)
@register_options
@at_option
def conclude(
    number: int, closed_system: bool | None, db: str | None, actor: str, at: str | None
) -> None:
    """Conclude leeronderzoek N: was the system of care and help sluitend?"""
    from escalatie.register import inquiries

    if closed_system is None:
        raise click.UsageError("expected --sluitend or --niet-sluitend")
    with opened(db, actor, at) as s:
        inquiries.conclude(s, number, closed_system)
        word = "sluitend" if closed_system else "niet sluitend"
        click.echo(f"leeronderzoek {number}: concluded, {word}")


@leeronderzoek.command("recommend")
@number_argument
@text_option
@click.option("--owner", required=True, help="Who carries it out (organisation or role).")
@click.option("--due", required=True, metavar="DATE", help="When (YYYY-MM-DD).")
@register_options
@at_option
def recommend(
    number: int, text: str, owner: str, due: str, db: str | None, actor: str, at: str | None
) -> None:
    """A recommendation of leeronderzoek N (after concluding --niet-sluitend)."""
    from escalatie.clock import parse_day
    from escalatie.register import inquiries

    day = parse_day(due, "--due")
    with opened(db, actor, at) as s:
        n = inquiries.recommend(s, number, text, owner, day)
        click.echo(f"leeronderzoek {number}: recommendation {n} recorded")


@leeronderzoek.command("follow-up")
@number_argument
@click.argument("recommendation", metavar="REC", type=click.IntRange(min=1))
@text_option
@click.option("--done", is_flag=True, help="The recommendation is carried out.")
@register_options
@at_option
def follow_up(
    number: int, recommendation: int, text: str, done: bool, db: str | None, actor: str,
    at: str | None,
) -> None:  # fmt: skip
    """Record the follow-up of recommendation REC of leeronderzoek N."""
    from escalatie.register import inquiries

    with opened(db, actor, at) as s:
        inquiries.follow_up(s, number, recommendation, text, done)
        click.echo(f"leeronderzoek {number}: recommendation {recommendation} followed up")


@leeronderzoek.command("list")
@click.option("--overdue", is_flag=True, help="Only those with a recommendation past its due date.")
@register_options
@at_option
@json_option
def list_inquiries(
    overdue: bool, db: str | None, actor: str, at: str | None, as_json: bool
) -> None:
    """Every leeronderzoek with its questions, findings and recommendations."""

    def late(r: dict[str, Any]) -> bool:
        return any(x["overdue"] for x in r["recommendations"])

    rows = listed(db, actor, at, "inquiries", late if overdue else None, "leeronderzoeken")
    if as_json:
        emit_json(rows)
        return
    if not rows:
        echo("no leeronderzoek")
    for r in rows:
        verdict = {None: "open", True: "sluitend", False: "niet sluitend"}[r["sluitend"]]
        echo(
            f"#{r['number']} [{verdict}] {r['model']}, cases {', '.join(r['cases'])}: "
            f"{r['about']} "
            f"({len(r['questions'])} questions, {len(r['findings'])} findings)"
        )
        for n, rec in enumerate(r["recommendations"], 1):
            state = "done" if rec["done_at"] else ("OVERDUE" if rec["overdue"] else "open")
            echo(f"  {n}. {rec['text']} — owner {rec['owner']}, due {rec['due']} [{state}]")


@click.group()
def consultation() -> None:
    """Consult an expertise network or the expertpool on a case: request, advice, follow-up."""


@consultation.command("request")
@click.option("--case", "case_id", required=True, metavar="ID", help="The case.")
@click.option(
    "--with", "party", required=True, metavar="KEY",
    help="Whom to consult: the model's expertpool forum or expertisenetwerk.",
)  # fmt: skip
@click.option("--question", required=True, metavar="TEXT", help="The question (no names).")
@click.option("--due", required=True, metavar="DATE", help="When the advice is due (YYYY-MM-DD).")
@register_options
@at_option
@click.pass_context
def request(
    ctx: click.Context, case_id: str, party: str, question: str, due: str, db: str | None,
    actor: str, at: str | None,
) -> None:  # fmt: skip
    """Ask for advice under the selected model (-m); prints the consultation's number."""
    from escalatie.cli.common import selected_model
    from escalatie.clock import parse_day
    from escalatie.register import inquiries

    model = selected_model(ctx)
    day = parse_day(due, "--due")
    with opened(db, actor, at) as s:
        number = inquiries.request(s, model, case_id, party, question, day)
        click.echo(number)
        note = inquiries.other_model_note(s, model, [case_id])
    if note:
        echo(f"warning: consultation {number}: {note}", err=True)


text_command(
    consultation, "advice", "Record the advice given in consultation N.", "advise",
    "consultation {number}: advice recorded",
)  # fmt: skip
text_command(
    consultation, "follow-up", "Record what was done with the advice of consultation N.",
    "consultation_follow_up", "consultation {number}: follow-up recorded",
)  # fmt: skip


@consultation.command("list")
@click.option("--overdue", is_flag=True, help="Only requests without advice past their due date.")
@register_options
@at_option
@json_option
def list_consultations(
    overdue: bool, db: str | None, actor: str, at: str | None, as_json: bool
) -> None:
    """Every consultation with its advice and follow-up."""

    def late(r: dict[str, Any]) -> bool:
        return bool(r["overdue"])

    rows = listed(db, actor, at, "consultations", late if overdue else None, "consultations")
    if as_json:
        emit_json(rows)
        return
    if not rows:
        echo("no consultations")
    for r in rows:
        state = "advised" if r["advised_at"] else ("OVERDUE" if r["overdue"] else "waiting")
        echo(
            f"#{r['number']} {r['case']} with {r['with']} ({r['model']}), due {r['due']} "
            f"[{state}]: {r['question']}"
        )
        if r["advice"]:
            echo(f"  advice: {r['advice']}")
        for f in r["follow_up"]:
            echo(f"  follow-up: {f['text']}")
