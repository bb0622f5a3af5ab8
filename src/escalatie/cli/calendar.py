"""``schedule``, ``invite`` and ``cancel``: a forum's meetings as iCalendar files.

Thin wrappers around :mod:`escalatie.calendar`; heavy imports stay inside the commands so
``escalatie --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NamedTuple

import click

from escalatie.cli.common import (
    aanspreekpunt_option,
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
from escalatie.clock import printed

if TYPE_CHECKING:
    from datetime import datetime

    from escalatie.calendar import AddressBook, Message
    from escalatie.calendar.agenda import AgendaFunction
    from escalatie.calendar.history import History, Plan
    from escalatie.calendar.outbox import Channels, Outcome
    from escalatie.calendar.plugin import PluginHooks as Hooks
    from escalatie.case import Case
    from escalatie.model import EscalationModel
    from escalatie.register import Register


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
    from escalatie.calendar.attendees import calendar_settings

    return AddressBook.from_settings(calendar_settings())


def register_options(f: Any) -> Any:
    """``--db`` and ``--actor``: the register whose message log tracks SEQUENCE and attendees."""
    f = click.option(
        "--actor",
        envvar="ESCALATIE_ACTOR",
        metavar="NAME",
        help="Who sends (user name or staff id), for the register's audit log; or "
        "ESCALATIE_ACTOR. Needed with --db.",
    )(f)
    return click.option(
        "--db",
        "db",
        envvar="ESCALATIE_DB",
        metavar="FILE",
        help="The register that remembers what was sent (SEQUENCE, attendees); or "
        "ESCALATIE_DB. Without it SEQUENCE cannot be tracked.",
    )(f)


def delivery_options(f: Any) -> Any:
    """``--mail DIR``, ``--send``, ``--copies DIR`` and ``--publish URL``."""
    f = click.option(
        "--copies",
        "copies_dir",
        metavar="DIR",
        help="Write each attendee's own copy (.ics, with the question and plan of only the "
        "cases it is invited for) into DIR (created if needed).",
    )(f)
    f = click.option(
        "--publish",
        "publish",
        metavar="URL",
        help="Also put the events into this CalDAV calendar (user in [calendar.caldav], "
        "password in ESCALATIE_CALDAV_PASSWORD).",
    )(f)
    f = click.option(
        "--send",
        is_flag=True,
        help="Send the --mail e-mails through the SMTP server of [calendar.smtp] (password in "
        "ESCALATIE_SMTP_PASSWORD). Without it nothing leaves this machine.",
    )(f)
    return click.option(
        "--mail",
        "mail_dir",
        metavar="DIR",
        help="Write one e-mail (.eml, iMIP) per attendee into DIR (created if needed), with "
        "the question and plan of only the cases it is invited for.",
    )(f)


def _channels(
    output: str | None,
    mail_dir: str | None,
    send: bool,
    publish: str | None,
    copies_dir: str | None = None,
) -> Channels:
    from escalatie.calendar.mail import SmtpSettings
    from escalatie.calendar.outbox import STDOUT, Channels
    from escalatie.calendar.publish import CaldavSettings

    if send and not mail_dir:
        raise click.UsageError("--send sends the e-mails of --mail DIR; give --mail DIR too")
    from escalatie.calendar.attendees import calendar_settings

    table = calendar_settings()
    smtp = SmtpSettings.from_settings(table.smtp) if send else None
    caldav = CaldavSettings.from_settings(table.caldav)
    if output is None:
        output = None if (mail_dir or publish or copies_dir) else STDOUT
    return Channels(output, mail_dir, smtp, publish, caldav, copies_dir)


def _write_file(path: str, text: str) -> None:
    write_output(text, path)


@contextmanager
def _message_log(db: str | None, actor: str | None) -> Iterator[Register | None]:
    """The register in one transaction, or None without ``--db``/``ESCALATIE_DB``."""
    from pathlib import Path

    from escalatie.errors import EscalatieError
    from escalatie.register import Register
    from escalatie.register.session import check_actor

    if not db:
        yield None
        return
    if not actor:
        raise EscalatieError(
            "--actor: needed with a register (--db or ESCALATIE_DB), for its audit log; or set "
            "ESCALATIE_ACTOR"
        )
    check_actor(actor)
    from escalatie.register.store import db_path

    path = db_path(db)  # a file, or a postgresql:// register
    existed = not isinstance(path, Path) or path.exists()
    try:
        with Register.open(path, create=True) as reg, reg.transaction():
            if not existed:
                reg.created = True  # type: ignore[attr-defined]
            yield reg
    except BaseException:
        if not existed and isinstance(path, Path):
            # A register this failed command created holds nothing: no file is left behind.
            for leftover in (path, *(Path(f"{path}{end}") for end in ("-wal", "-shm"))):
                leftover.unlink(missing_ok=True)
        raise


def _history(reg: Register | None, model: str) -> History:
    from escalatie.calendar.history import History
    from escalatie.calendar.log import read

    return History.untracked() if reg is None else read(reg, model)


def _record(reg: Register | None, outcome: Outcome, channels: Channels, actor: str) -> None:
    """Log what was delivered, recorded at the machine's clock by its OS account; on a database
    server at the server's time by the database user, which it requires of every role but the
    owner (docs/register.md, 'Roles'), as :func:`escalatie.register.session.session` does."""
    from escalatie.calendar.log import record_delivered

    if reg is None:
        return
    from escalatie.register.session import recorded_by

    recorded, user = recorded_by(reg)
    record_delivered(reg, outcome, channels.via, actor, recorded, user)


def _print(text: str) -> None:
    """The message on standard output, printed inside the message log's transaction: if it
    cannot be written, nothing is delivered or recorded (issue 19)."""
    write_output(text, None)


def _sent(outcome: Outcome, server: str) -> str:
    """What ``--send`` handed to the SMTP server: ``sent to 3 addresses via HOST:PORT (4
    e-mails)``; the "wrote" lines name only the ``.eml`` files."""
    emails = [a.address for d in outcome.delivered for a in d.reached]
    addresses = len(set(emails))
    plural = "address" if addresses == 1 else "addresses"
    count = "1 e-mail" if len(emails) == 1 else f"{len(emails)} e-mails"
    return f"sent to {addresses} {plural} via {server} ({count})"


def _finish(
    plan: Plan, outcome: Outcome, as_json: bool, reg: Register | None, channels: Channels
) -> None:
    """Report what the command did (after the log was committed); on any failure only the
    ``error:`` lines, one per failure, and exit 1."""
    for failure in outcome.failures:
        click.echo(f"error: {failure}", err=True)
    if outcome.failures:
        raise SystemExit(1)
    tracked = reg is not None
    if reg is not None and getattr(reg, "created", False):
        click.echo(f"note: created a new register at {reg.path}", err=True)
    if reg is None:
        _untracked_note(plan.main.method)
    for path in outcome.written:
        click.echo(f"wrote {path}", err=True)
    if channels.smtp is not None and outcome.delivered:
        click.echo(_sent(outcome, f"{channels.smtp.host}:{channels.smtp.port}"), err=True)
    if as_json:
        summary = plan.main.summary()
        summary["other_messages"] = [m.summary() for m in plan.others]
        summary["tracked"] = tracked
        summary["delivered"] = [
            {
                "method": d.message.method,
                "recurrence_id": d.message.slot.start.isoformat(),
                "sequence": d.message.sequence,
                "attendees": [a.address for a in d.reached],
                "plans": {a.address: list(a.plans) for a in d.reached},
            }
            for d in outcome.delivered
        ]
        summary["failures"] = list(outcome.failures)
        emit_json(summary)
    else:
        for note in plan.notes:
            click.echo(note if note.startswith("note:") else f"note: {note}", err=True)
        for message in plan.messages:
            _report(message, False)
        if plan.main.copies and not channels.personal:
            click.echo(
                "note: the invitation written is the meeting's shared copy: it names the cases "
                "by pseudonym only; each attendee's question and plan are in its own copy, "
                "written with --mail DIR (and sent with --send) or --copies DIR",
                err=True,
            )


def _untracked_note(method: str) -> None:
    click.echo(
        "note: no register (--db or ESCALATIE_DB), so SEQUENCE cannot be tracked: this "
        + (
            "REQUEST has SEQUENCE 0, which clients ignore after any later message of the meeting"
            if method == "REQUEST"
            else "CANCEL has SEQUENCE 1 and goes to the attendees derived from the CASE.json files"
        ),
        err=True,
    )


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
    if message.notice is not None and message.notice.late:
        click.echo(
            f"warning: late cancellation sent with --force (deadline was "
            f"{printed(message.notice.deadline)}); the file says so",
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
@click.option(
    "--publish",
    "publish",
    metavar="URL",
    help="Also put the series into this CalDAV calendar (user in [calendar.caldav], password "
    "in ESCALATIE_CALDAV_PASSWORD); a second run updates them.",
)
@click.pass_context
def schedule(
    ctx: click.Context,
    first: str,
    last: str,
    forum: str | None,
    at: str | None,
    output: str | None,
    as_json: bool,
    publish: str | None,
) -> None:
    """Write the forum's meetings from --from to --to as an iCalendar file to subscribe to.

    Skipped meetings (holidays, days off, closing days) are EXDATEs with the rule that took
    them out; the list goes to standard error, or to standard output with --json.
    """
    from escalatie.calendar import schedule_calendar
    from escalatie.clock import fixed_clock, parse_day

    _need_output_for_json(as_json, output)
    model = selected_model(ctx)
    for f in model.forums:
        if f.cadence.assumption and f.cadence.series and forum in (None, f.key):
            echo(
                f"warning: forum {f.key}: the meeting rhythm is the library's assumption, not "
                f"the source's ({f.cadence.assumption}); {_own_rhythm(ctx, model, f.key)}; "
                "the calendar texts say so until then",
                err=True,
            )
    result = schedule_calendar(
        model,
        parse_day(first, "--from"),
        parse_day(last, "--to"),
        fixed_clock(moment(at)),
        forum,
        _address_book(),
    )
    if publish:
        from escalatie.calendar.attendees import calendar_settings
        from escalatie.calendar.publish import CaldavSettings
        from escalatie.calendar.publish import publish as put

        settings = CaldavSettings.from_settings(calendar_settings().caldav)
        if output:
            write_output(result.text, output)
        for uid in put(publish, [result.text], settings):
            click.echo(f"published {uid} to {publish}", err=True)
    else:
        write_output(result.text, output)
    if as_json:
        emit_json(result.summary())
        return
    for entry in result.entries:
        # "1 meeting(s) 2026-01-08 14:00 CET to 2026-01-08 14:00 CET" reads like a duration:
        # the first and the last meeting are named as such.
        when = (
            f"1 meeting, on {printed(entry.first)}"
            if entry.meetings == 1
            else f"{entry.meetings} meetings, the first on {printed(entry.first)}, the last on "
            f"{printed(entry.last)}"
        )
        echo(f"{entry.series}: {when}, UID {entry.uid}", err=True)  # terminal cleaning
    for skip in result.skipped:
        echo(f"skipped {printed(skip.start)} ({skip.series}): {skip.reason}", err=True)


class _Delivery(NamedTuple):
    """The options of ``invite`` and ``cancel`` that say where a message goes."""

    output: str | None
    as_json: bool
    db: str | None
    actor: str | None
    mail_dir: str | None
    send: bool
    publish: str | None
    copies_dir: str | None


Check = Callable[["EscalationModel", list["Case"]], Callable[["Register"], None]]
"""Run once the message is planned and before anything is delivered (``invite``'s triage
check); what it returns writes into the register's audit log once something was delivered."""


def _own_rhythm(ctx: click.Context, model: EscalationModel, forum: str) -> str:
    """Where the municipality sets the rhythm of ``forum`` to end its assumption: the settings
    file, where the model file's cadence reads settings (Helmond's ``rrule``); else the model
    file itself, its series and its ``assumption`` (not a settings table with no rhythm in it,
    for the starter, whose only setting is ``minutes_per_case``, nor ``-m NAME`` for a file
    that is not installed). ``describe`` says the same in short."""
    from pathlib import Path

    from escalatie.cli.common import registry
    from escalatie.modelfile.settings import rhythm_settings

    given = str((ctx.find_root().obj or {}).get("model") or model.name)
    path = given.lower().endswith(".toml") or "/" in given or "\\" in given
    selector = given if path else model.name
    reg = registry()
    raw: dict[str, Any] | None = None
    installed = next((f for f in reg.model_files if f.label == model.origin), None)
    if installed is not None:
        raw = reg.catalog().raw(installed)
    elif model.origin and Path(model.origin).is_file():
        import tomllib

        raw = tomllib.loads(Path(model.origin).read_text(encoding="utf-8"))
    if raw is None:  # a Python model: its plugin holds the rhythm
        return f"set the municipality's own rhythm in the model (plugin {model.plugin})"
    keys = rhythm_settings(raw, forum)
    if keys and model.settings_table:
        return (
            f"set the municipality's own rhythm in the [{model.settings_table}] table of the "
            f"settings file ({', '.join(dict.fromkeys(keys))}; `escalatie -m {selector} "
            "describe` lists its keys)"
        )
    where = model.origin if installed is None else f"the model file {model.origin}"
    check = f" (`escalatie model check {model.origin}` checks it)" if installed is None else ""
    return (
        f"set the municipality's own rhythm in {where}: edit forum {forum}'s "
        f"[[forums.cadence.series]], cite its source and remove its `assumption`{check}"
    )


def _plan_and_deliver(
    ctx: click.Context,
    case_files: tuple[str, ...],
    make: Callable[[EscalationModel, Hooks, list[Case], History, AddressBook], Plan],
    how: _Delivery,
    check: Check | None = None,
) -> None:
    """What ``invite`` and ``cancel`` share: plan the message against the message log, deliver
    it, and record what was delivered, in one transaction."""
    from escalatie.calendar import plugin_hooks
    from escalatie.calendar.outbox import deliver

    _need_output_for_json(how.as_json, how.output)
    model = selected_model(ctx)
    hooks = plugin_hooks(registry(), model)
    cases = _load_cases(case_files)
    channels = _channels(how.output, how.mail_dir, how.send, how.publish, how.copies_dir)
    addresses = _address_book()
    handed_on: Outcome | None = None  # delivered, and to be recorded in the register
    try:
        with _message_log(how.db, how.actor) as reg:
            audit = check(model, cases) if check is not None else None  # triage first
            plan = make(model, hooks, cases, _history(reg, model.name), addresses)
            outcome = deliver(plan, cases, channels, stdout=_print, write=_write_file)
            handed_on = outcome if reg is not None else None
            _record(reg, outcome, channels, how.actor or "")
            if reg is not None and audit is not None and outcome.delivered:
                audit(reg)
    except BaseException:
        # Recording (or the commit at the block's end) failed after the messages went out:
        # the register rolls back, so say what it does not hold: no delivery may go unrecorded
        # without a word (docs/calendar.md).
        if handed_on is not None:
            _unrecorded(handed_on, channels)
        raise
    _finish(plan, outcome, how.as_json, reg, channels)


def _unrecorded(outcome: Outcome, channels: Channels) -> None:
    """One ``error:`` line per message that was delivered but could not be recorded."""
    for sent in outcome.delivered:
        message = sent.message
        click.echo(
            f"error: {message.method} SEQUENCE {message.sequence} of "
            f"{message.slot.start:%Y-%m-%dT%H:%M} went to {len(sent.reached)} attendee(s) via "
            f"{channels.via} ({', '.join(a.address for a in sent.reached)}), but the register "
            "does not record it: running the command again sends it as a new message",
            err=True,
        )


def _triage_check(
    forum_key: str | None,
    at: datetime,
    files: tuple[str, ...],
    reason: str | None,
    actor: str,
    decided_by: str | None = None,
    db: str | None = None,
) -> Check:
    """``invite``'s check that triage sends each case to the forum, or the aanspreekpunt's
    override (``reason``) kept in the audit log: the rule and the audit entry are in
    :func:`escalatie.route_decision.check_invitation`. A refusal names every option the
    override needs, the register and actor included where they are not given (not only
    ``--override --reason``)."""
    from escalatie.route_decision import OVERRIDE_OPTIONS

    remedy = OVERRIDE_OPTIONS + "".join(
        [*([" --db FILE"] if not db else []), *([" --actor NAME"] if not actor else [])]
    )

    def check(model: EscalationModel, cases: list[Case]) -> Callable[[Register], None]:
        from escalatie.calendar.slots import calendar_forum
        from escalatie.route_decision import check_invitation

        forum = calendar_forum(model, forum_key)
        found = check_invitation(
            registry(),
            model,
            forum,
            cases,
            at,
            files=files,
            override_reason=reason,
            decided_by=decided_by,
            remedy=remedy,
        )

        def keep(reg: Register) -> None:
            """The override's audit entries, and what they say it goes against (once the
            invitation was delivered: a refused invite keeps nothing)."""
            from escalatie.privacy import pseudonym

            found.record(reg, actor, at)
            for case, _, remarks in found.overridden:
                for remark in remarks:
                    echo(
                        f"warning: case {pseudonym(case.reference)}: {remark} (kept in the "
                        "audit log)",
                        err=True,
                    )

        return keep

    return check


def _named_by_file(
    block: AgendaFunction | None, cases: list[Case], files: tuple[str, ...]
) -> AgendaFunction | None:
    """The model's agenda text for a case, its refusal (Utrecht's: a case without a plan)
    naming the case file first, as the triage check does: the plugin sees the pseudonymised
    case only."""
    if block is None:
        return None
    from escalatie.errors import EscalatieError
    from escalatie.privacy import pseudonym

    named = {pseudonym(c.reference): f for c, f in zip(cases, files, strict=True)}

    def worded(case: Case) -> str | None:
        try:
            return block(case)
        except EscalatieError as exc:
            if case.reference not in named:
                raise
            raise EscalatieError(f"{named[case.reference]}: {exc}") from None

    return worded


def _check_override(
    override: bool,
    reason: str | None,
    db: str | None,
    actor: str | None,
    decided_by: str | None = None,
) -> None:
    """``--override`` needs ``--reason``, ``--aanspreekpunt`` (which aanspreekpunt decided, seed
    000 stap 2) and a register with an actor, whose audit log keeps them: all that is missing
    is named at once, so one correction is enough."""
    if reason is not None and not override:
        raise click.UsageError("--reason goes with --override")
    if decided_by is not None and not override:
        raise click.UsageError("--aanspreekpunt goes with --override")
    if not override:
        return
    missing = [
        *(["--reason TEXT (why the aanspreekpunt decides so)"] if reason is None else []),
        *(["--aanspreekpunt KEY (which aanspreekpunt decided)"] if decided_by is None else []),
        *(["--db FILE (or ESCALATIE_DB)"] if not db else []),
        *(["--actor NAME (or ESCALATIE_ACTOR)"] if not actor else []),
    ]
    if missing:
        raise click.UsageError(
            f"--override needs {' and '.join(missing)}: the aanspreekpunt's reason is kept in "
            "the register's audit log"
        )


@click.command()
@slot_option
@cases_argument
@forum_option
@at_option
@output_option
@json_option
@register_options
@delivery_options
@click.option(
    "--force",
    is_flag=True,
    help="When a case moves here from a later meeting: cancel that meeting even with less "
    "than the forum's notice.",
)
@click.option(
    "--override",
    is_flag=True,
    help="The aanspreekpunt invites a case to a forum triage does not give it (needs "
    "--aanspreekpunt, --reason, --db and --actor: the register's audit log keeps who decided "
    "and why).",
)
@aanspreekpunt_option
@click.option("--reason", metavar="TEXT", help="Why the aanspreekpunt overrides triage.")
@click.pass_context
def invite(
    ctx: click.Context,
    slot: str,
    case_files: tuple[str, ...],
    forum: str | None,
    at: str | None,
    output: str | None,
    as_json: bool,
    db: str | None,
    actor: str | None,
    mail_dir: str | None,
    send: bool,
    copies_dir: str | None,
    publish: str | None,
    force: bool,
    override: bool,
    decided_by: str | None,
    reason: str | None,
) -> None:
    """Write an invitation (iTIP REQUEST) for one meeting with the cases on its agenda.

    Each attendee's own copy (--mail, --send, --copies) holds the question and the anonymised
    plan of only the cases it is invited for; the shared copy (-o, --publish) names the cases
    by pseudonym only. Each case must be one that triage sends to this forum at --at, unless
    the aanspreekpunt overrides with --override --aanspreekpunt KEY --reason TEXT --db FILE
    --actor NAME (the register's audit log keeps who decided and why). With a register (--db)
    the SEQUENCE follows what was sent before; attendees no longer needed get a CANCEL, and a
    case invited to another later meeting moves: that meeting is cancelled.
    """
    from escalatie.calendar.history import plan_invitation
    from escalatie.clock import fixed_clock, parse_moment

    _check_override(override, reason, db, actor, decided_by)
    now = moment(at)
    start, clock = parse_moment(slot, "--slot"), fixed_clock(now)

    def make(
        model: EscalationModel, hooks: Hooks, cases: list[Case], history: History, book: AddressBook
    ) -> Plan:
        return plan_invitation(
            model,
            start,
            cases,
            clock,
            history,
            forum_key=forum,
            participants=hooks.participants,
            block=_named_by_file(hooks.agenda, cases, case_files),
            addresses=book,
            force=force,
        )

    how = _Delivery(output, as_json, db, actor, mail_dir, send, publish, copies_dir)
    check = _triage_check(
        forum, now, case_files, reason if override else None, actor or "", decided_by, db
    )
    _plan_and_deliver(ctx, case_files, make, how, check)


@click.command()
@slot_option
@cases_argument
@forum_option
@at_option
@click.option("--reason", default="", metavar="TEXT", help="Why the meeting is cancelled (Dutch).")
@click.option("--force", is_flag=True, help="Cancel even with less than the forum's notice.")
@output_option
@json_option
@register_options
@delivery_options
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
    db: str | None,
    actor: str | None,
    mail_dir: str | None,
    send: bool,
    copies_dir: str | None,
    publish: str | None,
) -> None:
    """Write the cancellation (iTIP CANCEL) of one meeting, to send after its invitation.

    With a register (--db) it goes to exactly the attendees the invitation reached, with a
    higher SEQUENCE; without one, give the same CASE.json files as for the invitation.
    Refused with less than the forum's cancellation notice left unless --force.
    """
    from escalatie.calendar.history import plan_cancellation
    from escalatie.clock import fixed_clock, parse_moment

    start, clock = parse_moment(slot, "--slot"), fixed_clock(moment(at))

    def make(
        model: EscalationModel, hooks: Hooks, cases: list[Case], history: History, book: AddressBook
    ) -> Plan:
        return plan_cancellation(
            model,
            start,
            clock,
            history,
            cases=cases,
            reason=reason,
            force=force,
            forum_key=forum,
            participants=hooks.participants,
            addresses=book,
        )

    _plan_and_deliver(
        ctx,
        case_files,
        make,
        _Delivery(output, as_json, db, actor, mail_dir, send, publish, copies_dir),
    )
