"""``signal`` and ``signals``: the register of system obstacles (knelpunten) and their answers.

A signal names what blocks, for which pseudonymous cases, addressed to a body the selected
model's learning outputs name (``--to bestuur``); the body's answer says by when it acts.
``signals --overdue`` lists what waits too long. Every command is audited under ``--actor``.
"""

from __future__ import annotations

import click

from escalatie.cli.common import Choice, at_option, echo, emit_json, json_option
from escalatie.cli.register import opened, register_options
from escalatie.cli.rows import chosen_format, emit_rows, format_option


@click.group()
def signal() -> None:
    """Signals of system obstacles (knelpunten) to a body, and the body's answer."""


@signal.command("add")
@click.option(
    "--case", "case_ids", multiple=True, required=True, metavar="ID",
    help="A case the obstacle blocked (repeatable).",
)  # fmt: skip
@click.option(
    "--kind",
    required=True,
    type=Choice(["rule", "contract", "arrangement", "supply", "other"]),
    help="What kind of obstacle it is.",
)
@click.option("--blocks", required=True, metavar="TEXT", help="What blocks (no names).")
@click.option(
    "--to", "body", required=True, metavar="BODY",
    help="The body it goes to: an audience key of the model (see `describe`), e.g. bestuur.",
)  # fmt: skip
@register_options
@at_option
@json_option
@click.pass_context
def add(
    ctx: click.Context,
    case_ids: tuple[str, ...],
    kind: str,
    blocks: str,
    body: str,
    db: str | None,
    actor: str,
    at: str | None,
    as_json: bool,
) -> None:
    """Record a signal under the selected model (-m); prints "signal N recorded, to BODY; cases …"
    (``--json``: ``{"number": N}``)."""
    from escalatie.cli.common import selected_model
    from escalatie.register import signals

    model = selected_model(ctx)
    with opened(db, actor, at) as s:
        number = signals.add(s, model, case_ids, signals.ObstacleKind(kind), blocks, body)
        if as_json:
            emit_json({"number": number})
        else:  # worded as the other commands confirm, not a bare "1"
            echo(f"signal {number} recorded, to {body}; cases {', '.join(case_ids)}")


@signal.command("respond")
@click.argument("number", metavar="N", type=click.IntRange(min=1))
@click.option("--answer", required=True, metavar="TEXT", help="The body's answer.")
@click.option(
    "--due", required=True, metavar="DATE", help="When the body acts (YYYY-MM-DD), not before --at."
)
@register_options
@at_option
def respond(number: int, answer: str, due: str, db: str | None, actor: str, at: str | None) -> None:
    """Record the answer to signal N and the day by which the body acts."""
    from escalatie.clock import parse_day
    from escalatie.register import signals

    day = parse_day(due, "--due")
    with opened(db, actor, at) as s:
        signals.respond(s, number, answer, day)
        click.echo(f"signal {number}: answer recorded, due {day.isoformat()}")


@signal.command("done")
@click.argument("number", metavar="N", type=click.IntRange(min=1))
@register_options
@at_option
def done(number: int, db: str | None, actor: str, at: str | None) -> None:
    """Record that the body acted on its answer to signal N."""
    from escalatie.register import signals

    with opened(db, actor, at) as s:
        signals.done(s, number)
        click.echo(f"signal {number}: done")


def _listing(
    overdue: bool, db: str | None, actor: str, at: str | None, as_json: bool, fmt: str | None
) -> None:
    from escalatie.register import signals as sig

    form = chosen_format(fmt, as_json)

    with opened(db, actor, at) as s:
        rows = []
        norms: dict[str, int] = {}
        for one in sig.signals(s):
            days = norms.setdefault(one.model, sig.response_days(one.model))
            row = one.data(s.at, days)
            if not overdue or row["overdue"]:
                rows.append(row)
        s.log("signal_list", None, detail=f"{len(rows)} signals" + ("; overdue" if overdue else ""))
    if emit_rows(rows, sig.SIGNAL_COLUMNS, form):
        return
    if not rows:
        echo("no signals")
    for r in rows:
        if r["done_at"]:
            state = "done"
        elif r["answered_at"]:
            state = f"answered, due {r['due']}"
        elif r["overdue"]:
            state = f"the answer was due {r['answer_due']}"  # OVERDUE already says "no answer"
        else:
            state = f"no answer yet, due {r['answer_due']}"
        late = f" OVERDUE: {r['overdue']};" if r["overdue"] else ""
        echo(
            f"#{r['number']} to {r['to']} [{r['kind']}]{late} {state}; cases "
            f"{', '.join(r['cases'])}: {r['blocks']}"
        )


@signal.command("list")
@format_option
@register_options
@at_option
@json_option
def list_signals(
    fmt: str | None, db: str | None, actor: str, at: str | None, as_json: bool
) -> None:
    """List every signal with its body, cases and answer."""
    _listing(False, db, actor, at, as_json, fmt)


@click.command()
@click.option(
    "--overdue",
    is_flag=True,
    help="Only signals without an answer past the response norm, or past their due date.",
)
@format_option
@register_options
@at_option
@json_option
def signals(
    overdue: bool, fmt: str | None, db: str | None, actor: str, at: str | None, as_json: bool
) -> None:
    """List signals, or only the overdue ones (audited)."""
    _listing(overdue, db, actor, at, as_json, fmt)
