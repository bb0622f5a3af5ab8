"""``learn report`` and ``audit``: the learning lines for the field, and who did what.

The learning report is in Dutch and carries no case ids (seed 000, step 6). The audit log is
append-only; reading it is itself audited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from escalatie.cli.common import (
    OutputError,
    at_option,
    echo,
    emit_json,
    json_option,
    output_option,
    write_output,
)
from escalatie.cli.register import audit_failure, opened, register_options
from escalatie.clock import local

if TYPE_CHECKING:
    from escalatie.register.register import AuditEntry


@click.group()
def learn() -> None:
    """Learning lines from the cases, as shared periodically with the field."""


@learn.command("report")
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
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
)
@output_option
@register_options
@at_option
def report(
    since: str | None,
    until: str | None,
    fmt: str,
    output: str | None,
    db: str | None,
    actor: str,
    at: str | None,
) -> None:
    """Insights grouped by theme with counts per month, in Dutch (audited)."""
    import json
    from datetime import date

    from escalatie.clock import local, parse_day
    from escalatie.errors import EscalatieError
    from escalatie.privacy import identifier_pattern, scrub
    from escalatie.register import learn as lines

    try:
        with opened(db, actor, at) as s:
            last = parse_day(until, "--to") if until else local(s.at).date()
            if since:
                first = parse_day(since, "--from")
            else:
                month = last.month - 11
                first = date(last.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
            if first > last:
                raise EscalatieError(
                    f"--from: expected a day on or before --to ({last}), got {first}"
                )
            insights = []
            overrides = 0
            for state in s.register.states().values():
                overrides += sum(
                    1 for at_, _, _ in state.overrides if first <= local(at_).date() <= last
                )
                pattern = identifier_pattern(s.register.identity(state.case_id).identity)
                insights += [
                    i
                    if pattern is None
                    else type(i)(i.theme, scrub(i.text, pattern), i.recorded_at, i.case_reference)
                    for i in state.insights
                ]
            data = lines.report_data(insights, first, last, overrides)
            text = (
                json.dumps(data, ensure_ascii=False, indent=2) + "\n"
                if fmt == "json"
                else lines.render_markdown(data)
            )
            write_output(text, output)  # before it is logged: a failed write is no report
            s.log(
                "learn_report",
                None,
                detail=f"{first} to {last}, {data['insights']} insights, {fmt}",
            )
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
            }
        )
    else:
        for e in entries:
            echo(audit_line(e))
        if verify:
            echo("integrity: " + ("ok" if not problems else "; ".join(problems)))
    if problems:
        raise EscalatieError(f"--verify: the register has problems: {'; '.join(problems)}")


def audit_line(e: AuditEntry) -> str:
    """One entry: the moment it is about and when it was recorded, who (declared and OS user),
    what, and a '!' flag when ``--at`` is far from the recording moment."""
    why = f" — why: {e.reason}" if e.reason else ""
    what = f" ({e.detail})" if e.detail else ""
    flag = f" ! {e.flag}" if e.flag else ""
    return (
        f"{e.seq:>5} {local(e.at):%Y-%m-%d %H:%M} (recorded {local(e.recorded):%Y-%m-%d %H:%M}) "
        f"{e.actor} [os: {e.os_user or '?'}] {e.action} {e.case_id or '-'}{what}{why}{flag}"
    )
