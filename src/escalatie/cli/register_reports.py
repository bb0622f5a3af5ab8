"""``learn report`` and ``audit``: the learning lines for the field, and who did what.

The learning report is in Dutch and carries no case ids (seed 000, step 6). The audit log is
append-only; reading it is itself audited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from escalatie.cli.common import (
    Choice,
    OutputError,
    at_option,
    echo,
    emit_json,
    json_option,
    output_option,
    write_output,
)
from escalatie.cli.register import audit_failure, opened, register_options
from escalatie.clock import local, printed

if TYPE_CHECKING:
    from escalatie.register.register import AuditEntry


@click.group()
def learn() -> None:
    """Dutch reports per audience: learning lines for the field, signals to the board."""


@learn.command("report")
@click.option(
    "--audience",
    metavar="AUDIENCE",
    help="Whom the report is for: an audience key of the selected model (-m), e.g. veld, "
    "bestuur, transformatietafel. Default: veld, the learning lines.",
)
@click.option(
    "--from",
    "since",
    metavar="DATE",
    help="First day (YYYY-MM-DD). Default: 11 months before --to, 1st.",
)
@click.option(
    "--to", "until", metavar="DATE", help="Last day (YYYY-MM-DD). Default: the day of --at."
)
@click.option(
    "--format",
    "fmt",
    type=Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
)
@output_option
@register_options
@at_option
@click.pass_context
def report(
    ctx: click.Context,
    audience: str | None,
    since: str | None,
    until: str | None,
    fmt: str,
    output: str | None,
    db: str | None,
    actor: str,
    at: str | None,
) -> None:
    """The Dutch report an audience of the model needs, without identifiers (audited).

    veld, and every group that is told rather than asked (a learning output without answers =
    true): insights grouped by theme with counts per month; bestuur, transformatietafel and the
    other bodies that answer: the signals addressed to them, overrides of the route, time to
    breakthrough.
    """
    import json
    from datetime import date

    from escalatie.audiences import BOARD, audiences, title
    from escalatie.audiences import audience as output_for
    from escalatie.cli.common import moment
    from escalatie.clock import parse_day
    from escalatie.errors import EscalatieError
    from escalatie.register import board, signals
    from escalatie.register import learn as lines

    model = None
    if audience is not None or (ctx.find_root().obj or {}).get("model"):
        from escalatie.cli.common import selected_model

        model = selected_model(ctx)
    key = audience or "veld"
    output_of = None
    if model is not None and (audience is not None or "veld" in audiences(model)):
        output_of = output_for(model, key, "--audience")
    last = parse_day(until, "--to") if until else local(moment(at)).date()
    if since:
        first = parse_day(since, "--from")
    else:
        month = last.month - 11
        first = date(last.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    if first > last:
        raise EscalatieError(f"--from: expected a day on or before --to ({last}), got {first}")
    try:
        with opened(db, actor, at) as s:
            states = list(s.register.states().values())
            if model is not None:
                # The model's own cases only, as the board's report counts them: seed 000
                # stap 6 credits the insights of the maatwerktafel to its procesondersteuner,
                # not those of every route in the register.
                states = [st for st in states if st.model == model.name]
            # A group that is told, not asked (no learning output of the key answers), gets
            # the learning lines, not a report of signals awaiting its answer (seed 000 stap 6).
            told = model is None or not any(
                o.answers for o in model.learning if o.audience_key == key
            )
            if key == "veld" or told:
                data = lines.report_data(
                    lines.scrubbed_insights(s, states),
                    first,
                    last,
                    lines.overrides(states, first, last),
                    collector=output_of.collector if output_of is not None else "",
                    cited=output_of.source if output_of is not None else None,
                    audience="" if key == "veld" else title(key, output_of),
                    scope=f"{model.title} ({model.municipality})" if model is not None else "",
                    audience_key="" if key == "veld" else key,
                )
                count = f"{data['insights']} insights"
                text = lines.render_markdown(data)
            else:
                assert model is not None and output_of is not None
                data = board.report_data(
                    model=model.name,
                    key=key,
                    title=title(key, output_of),
                    output=output_of,
                    signals=signals.scrubbed(s),
                    states=states,
                    since=first,
                    until=last,
                    at=s.at,
                    response_days=signals.response_days(model.name),
                    board=key in BOARD,
                )
                count = f"{data['signals']} signals"
                text = board.render_markdown(data)
            if fmt == "json":
                text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
            write_output(text, output)  # before it is logged: a failed write is no report
            s.log("learn_report", None, detail=f"{key}: {first} to {last}, {count}, {fmt}")
    except OutputError as exc:
        audit_failure(db, actor, at, "learn_report", None, str(exc))
        raise


@click.command()
@click.option("--case", "case_id", metavar="ID", help="Only the entries about this case.")
@click.option(
    "--verify",
    is_flag=True,
    help="Also check the register: its triggers, every audit entry's seal, the chain head.",
)
@register_options
@at_option
@json_option
def audit(
    case_id: str | None, verify: bool, db: str | None, actor: str, at: str | None, as_json: bool
) -> None:
    """Show the audit log: who read, wrote, exported or shared what, when and why."""
    from escalatie.errors import EscalatieError

    with opened(db, actor, at) as s:
        if case_id:
            s.state(case_id)
        entries = s.register.audit_entries(case_id)
        problems = s.register.verify() if verify else []
        unsealed = s.register.unsealed_identities() if verify else 0
        s.log("audit", case_id, detail=f"{len(entries)} entries" + ("; verified" if verify else ""))
    if as_json:
        emit_json(
            {
                "entries": [
                    {
                        "seq": e.seq,
                        "at": e.at.isoformat(),
                        "recorded": e.recorded.isoformat(),
                        "flag": e.flag or None,
                        "actor": e.actor,
                        "os_user": e.os_user or None,
                        "action": e.action,
                        "case": e.case_id,
                        "detail": e.detail,
                        "reason": e.reason,
                    }
                    for e in entries
                ],
                "problems": problems,
                **({"unsealed_identities": unsealed} if verify else {}),
            }
        )
    else:
        for e in entries:
            echo(audit_line(e))
        if verify:
            echo("integrity: " + ("ok" if not problems else "; ".join(problems)))
            if unsealed:
                echo(
                    f"note: {unsealed} case(s) were recorded before identities were sealed; "
                    "their identities are not covered by the seal"
                )
    if problems:
        raise EscalatieError(f"--verify: the register has problems: {'; '.join(problems)}")


def _all_zero(detail: str) -> bool:
    """Every count and number in a seal marker is 0 (the digests after '#' aside): a register
    that had nothing in it when the seals began."""
    import re

    return all(n == "0" for n in re.findall(r"(?<![#\w])\d+\b", detail))


def audit_line(e: AuditEntry) -> str:
    """One entry: the moment it is about and when it was recorded, who (declared and OS user),
    what, and a '!' flag when ``--at`` is far from the recording moment. Both moments on the
    Amsterdam clock with its zone (CET or CEST), as ``triage`` prints its moment: a moment
    without a label reads as the machine's own time."""
    why = f" — why: {e.reason}" if e.reason else ""
    what = f" ({e.detail})" if e.detail else ""
    if e.action == "events_sealed" and _all_zero(e.detail):
        # A new register's first line, as a new user reads it (not "0 events, up to number
        # 0 …"); the stored wording stays, the readers of old registers need it,
        # and --json gives it as stored.
        what = " (a new register: every event and row is sealed from the first one on)"
    flag = f" ! {e.flag}" if e.flag else ""
    return (
        f"{e.seq:>5} {printed(e.at)} "
        f"(recorded {printed(e.recorded)}) "
        f"{e.actor} [os: {e.os_user or '?'}] {e.action} {e.case_id or '-'}{what}{why}{flag}"
    )
