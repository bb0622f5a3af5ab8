"""``leeronderzoek`` and ``consultation``: learning workflows kept apart from the cases.

Rotterdam's leeronderzoek after a calamity (seed 002) and the consultation of an expertise
network (seed 004) or Groningen's expertpool (seed 002), in the register's records with due
dates; every command is audited under ``--actor`` (see :mod:`escalatie.register.inquiries`).
"""

from __future__ import annotations

from typing import Any

import click

from escalatie.cli.common import at_option, echo, emit_json, json_option
from escalatie.cli.register import opened, register_options

number_argument = click.argument("number", metavar="N", type=click.IntRange(min=1))
text_option = click.option(
    "--text", required=True, metavar="TEXT", help="What was found or done (no names)."
)


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


@leeronderzoek.command("question")
@number_argument
@text_option
@register_options
@at_option
def question(number: int, text: str, db: str | None, actor: str, at: str | None) -> None:
    """Record a question leeronderzoek N asks."""
    from escalatie.register import inquiries

    with opened(db, actor, at) as s:
        n = inquiries.add_question(s, number, text)
        click.echo(f"leeronderzoek {number}: question {n} recorded")


@leeronderzoek.command("finding")
@number_argument
@text_option
@register_options
@at_option
def finding(number: int, text: str, db: str | None, actor: str, at: str | None) -> None:
    """Record a finding of leeronderzoek N."""
    from escalatie.register import inquiries

    with opened(db, actor, at) as s:
        n = inquiries.add_finding(s, number, text)
        click.echo(f"leeronderzoek {number}: finding {n} recorded")


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
    from escalatie.register import inquiries

    with opened(db, actor, at) as s:
        rows = [i.data(s.at) for i in inquiries.inquiries(s)]
        if overdue:
            rows = [r for r in rows if any(x["overdue"] for x in r["recommendations"])]
        s.log("leeronderzoek_list", None, detail=f"{len(rows)} leeronderzoeken")
    if as_json:
        emit_json(rows)
        return
    if not rows:
        echo("no leeronderzoek")
    for r in rows:
        verdict = {None: "open", True: "sluitend", False: "niet sluitend"}[r["sluitend"]]
        echo(
            f"#{r['number']} [{verdict}] cases {', '.join(r['cases'])}: {r['about']} "
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


@consultation.command("advice")
@number_argument
@text_option
@register_options
@at_option
def advice(number: int, text: str, db: str | None, actor: str, at: str | None) -> None:
    """Record the advice given in consultation N."""
    from escalatie.register import inquiries

    with opened(db, actor, at) as s:
        inquiries.advise(s, number, text)
        click.echo(f"consultation {number}: advice recorded")


@consultation.command("follow-up")
@number_argument
@text_option
@register_options
@at_option
def consultation_follow_up(
    number: int, text: str, db: str | None, actor: str, at: str | None
) -> None:
    """Record what was done with the advice of consultation N."""
    from escalatie.register import inquiries

    with opened(db, actor, at) as s:
        inquiries.consultation_follow_up(s, number, text)
        click.echo(f"consultation {number}: follow-up recorded")


@consultation.command("list")
@click.option("--overdue", is_flag=True, help="Only requests without advice past their due date.")
@register_options
@at_option
@json_option
def list_consultations(
    overdue: bool, db: str | None, actor: str, at: str | None, as_json: bool
) -> None:
    """Every consultation with its advice and follow-up."""
    from escalatie.register import inquiries

    with opened(db, actor, at) as s:
        rows: list[dict[str, Any]] = [c.data(s.at) for c in inquiries.consultations(s)]
        if overdue:
            rows = [r for r in rows if r["overdue"]]
        s.log("consultation_list", None, detail=f"{len(rows)} consultations")
    if as_json:
        emit_json(rows)
        return
    if not rows:
        echo("no consultations")
    for r in rows:
        state = "advised" if r["advised_at"] else ("OVERDUE" if r["overdue"] else "waiting")
        echo(
            f"#{r['number']} {r['case']} with {r['with']}, due {r['due']} [{state}]: {r['question']}"
        )
        if r["advice"]:
            echo(f"  advice: {r['advice']}")
        for f in r["follow_up"]:
            echo(f"  follow-up: {f['text']}")
