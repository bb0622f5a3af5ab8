"""``schedule``, ``invite`` and ``cancel``: a forum's meetings as iCalendar files.

Thin wrappers around :mod:`escalatie.calendar`; heavy imports stay inside the commands so
``escalatie --help`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from escalatie.cli.common import (
    at_option,
    echo,
    emit_json,
    json_option,
    moment,
    output_option,
    registry,
    selected_model,
    write_output,
)

if TYPE_CHECKING:
    from escalatie.calendar import AddressBook, Message
    from escalatie.case import Case


def forum_option(f: Any) -> Any:
    return click.option(
        "--forum",
        "forum",
        metavar="KEY",
        help="The forum (default: the model's only forum with fixed meeting series).",
    )(f)


def slot_option(f: Any) -> Any:
    return click.option(
        "--slot",
        "slot",
        required=True,
        metavar="DATETIME",
        help="Start of the meeting, e.g. 2026-03-09T09:15 (Europe/Amsterdam if no offset).",
    )(f)


def cases_argument(f: Any) -> Any:
    return click.argument("case_files", nargs=-1, metavar="[CASE.json ...]")(f)


def _need_output_for_json(as_json: bool, output: str | None) -> None:
    if as_json and (output is None or output == "-"):
        raise click.UsageError("--json prints a summary; write the calendar itself with -o FILE")


def _address_book() -> AddressBook:
    from escalatie.calendar import AddressBook
    from escalatie.calendar.attendees import CALENDAR_KEYS
    from escalatie.settings import section

    return AddressBook.from_settings(section("calendar", known=CALENDAR_KEYS))


def _load_cases(paths: tuple[str, ...]) -> list[Case]:
    from escalatie.documents import load_case

    return [load_case(path) for path in paths]


def _report(message: Message, as_json: bool) -> None:
    if as_json:
        emit_json(message.summary())
        return
    for attendee in message.attendees:
        if attendee.derived:
            echo(
                f"note: {attendee.organisation}: no address in settings [calendar.addresses]; "
                f"using {attendee.address}",
                err=True,
            )
    for organisation in message.not_needed:
        echo(
            f"note: {organisation}: its turn, but not needed for these cases; tell them so",
            err=True,
        )
    click.echo(
        f"{message.method} {message.uid} RECURRENCE-ID {message.slot.start.isoformat()} "
        f"SEQUENCE {message.sequence}, {len(message.attendees)} attendee(s)",
        err=True,
    )


@click.command()
@click.option("--from", "first", required=True, metavar="DATE", help="First day (YYYY-MM-DD).")
@click.option("--to", "last", required=True, metavar="DATE", help="Last day, included.")
@forum_option
@at_option
@output_option
@json_option
@click.pass_context
def schedule(
    ctx: click.Context,
    first: str,
    last: str,
    forum: str | None,
    at: str | None,
    output: str | None,
    as_json: bool,
) -> None:
    """Write the forum's meetings from --from to --to as an iCalendar file to subscribe to.

    Skipped meetings (holidays, days off, closing days) are EXDATEs with the rule that took
    them out; the list goes to standard error, or to standard output with --json.
    """
    from escalatie.calendar import schedule_calendar
    from escalatie.clock import fixed_clock, parse_day

    _need_output_for_json(as_json, output)
    model = selected_model(ctx)
    result = schedule_calendar(
        model,
        parse_day(first, "--from"),
        parse_day(last, "--to"),
        fixed_clock(moment(at)),
        forum,
        _address_book(),
    )
    write_output(result.text, output)
    if as_json:
        emit_json(result.summary())
        return
    for entry in result.entries:
        click.echo(
            f"{entry.series}: {entry.meetings} meeting(s) {entry.first:%Y-%m-%d %H:%M} to "
            f"{entry.last:%Y-%m-%d %H:%M}, UID {entry.uid}",
            err=True,
        )
    for skip in result.skipped:
        echo(f"skipped {skip.start:%Y-%m-%d %H:%M} ({skip.series}): {skip.reason}", err=True)


@click.command()
@slot_option
@cases_argument
@forum_option
@at_option
@output_option
@json_option
@click.pass_context
def invite(
    ctx: click.Context,
    slot: str,
    case_files: tuple[str, ...],
    forum: str | None,
    at: str | None,
    output: str | None,
    as_json: bool,
) -> None:
    """Write an invitation (iTIP REQUEST) for one meeting with the cases on its agenda.

    The agenda holds only the question and the anonymised plan of each CASE.json.
    """
    from escalatie.calendar import invitation, plugin_hooks
    from escalatie.clock import fixed_clock, parse_moment

    _need_output_for_json(as_json, output)
    model = selected_model(ctx)
    hooks = plugin_hooks(registry(), model)
    message = invitation(
        model,
        parse_moment(slot, "--slot"),
        _load_cases(case_files),
        fixed_clock(moment(at)),
        forum_key=forum,
        participants=hooks.participants,
        block=hooks.agenda,
        addresses=_address_book(),
    )
    write_output(message.text, output)
    _report(message, as_json)


@click.command()
@slot_option
@cases_argument
@forum_option
@at_option
@click.option("--reason", default="", metavar="TEXT", help="Why the meeting is cancelled (Dutch).")
@click.option("--force", is_flag=True, help="Cancel even with less than the forum's notice.")
@output_option
@json_option
@click.pass_context
def cancel(
    ctx: click.Context,
    slot: str,
    case_files: tuple[str, ...],
    forum: str | None,
    at: str | None,
    reason: str,
    force: bool,
    output: str | None,
    as_json: bool,
) -> None:
    """Write the cancellation (iTIP CANCEL) of one meeting, to send after its invitation.

    Give the same CASE.json files as for the invitation, so it reaches the same attendees.
    Refused with less than the forum's cancellation notice left unless --force.
    """
    from escalatie.calendar import cancellation, plugin_hooks
    from escalatie.clock import fixed_clock, parse_moment

    _need_output_for_json(as_json, output)
    model = selected_model(ctx)
    hooks = plugin_hooks(registry(), model)
    message = cancellation(
        model,
        parse_moment(slot, "--slot"),
        fixed_clock(moment(at)),
        cases=_load_cases(case_files),
        reason=reason,
        force=force,
        forum_key=forum,
        participants=hooks.participants,
        addresses=_address_book(),
    )
    write_output(message.text, output)
    if message.notice is not None and message.notice.late and not as_json:
        click.echo(
            f"warning: late cancellation sent with --force (deadline was "
            f"{message.notice.deadline:%Y-%m-%d %H:%M}); the file says so",
            err=True,
        )
    _report(message, as_json)
