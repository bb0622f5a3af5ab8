"""``case``: submit, list, show, triage, plan, suspend, resume, close, export and share cases.

Every sub-command opens the register (``--db`` or ``ESCALATIE_DB``, default in the user's data
folder), runs in one transaction and is audited under ``--actor`` (or ``ESCALATIE_ACTOR``),
which is required for reads as well as writes: case data is special-category personal data.
Domain modules are imported inside the commands so ``escalatie --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import click

from escalatie.cli.common import (
    Choice,
    OutputError,
    aanspreekpunt_option,
    at_option,
    echo,
    emit_json,
    json_option,
    moment,
    output_option,
    write_output,
)
from escalatie.errors import EscalatieError, UnknownModel

if TYPE_CHECKING:
    from escalatie.model import EscalationModel
    from escalatie.plugins import Registry
    from escalatie.register.session import Session
    from escalatie.register.state import CaseState

F = TypeVar("F", bound=Callable[..., Any])


def register_options(f: F) -> F:
    """``--db`` and ``--actor`` on every register command."""
    f = click.option(
        "--actor",
        envvar="ESCALATIE_ACTOR",
        required=True,
        metavar="NAME",
        help="Who is working (user name or staff id), for the audit log; or ESCALATIE_ACTOR.",
    )(f)
    return click.option(
        "--db",
        "db",
        envvar="ESCALATIE_DB",
        metavar="FILE",
        help="The register file; or ESCALATIE_DB. Default: register.sqlite3 in the user data folder.",
    )(f)


def _one_line(text: str) -> str:
    """Control characters typed into an argument (a newline in an id) must not split an error."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@contextmanager
def guard() -> Iterator[None]:
    """Errors keep to one line per problem, whatever the user typed."""
    from escalatie.errors import InvalidDocument

    try:
        yield
    except InvalidDocument as exc:
        exc.problems = [_one_line(p) for p in exc.problems]
        raise
    except EscalatieError as exc:
        exc.args = (_one_line(str(exc)),)
        raise


@contextmanager
def opened(db: str | None, actor: str, at: str | None, create: bool = False) -> Iterator[Session]:
    """One audited session in one transaction; the moment from ``--at`` or the clock.

    The machine's clock and the operating-system user are read here, at the edge, and recorded
    beside ``--at`` and ``--actor``. Only ``case new`` passes ``create``: every other command
    needs an existing register, so a mistyped ``--db`` is an error rather than a new, empty
    register.

    A command that changes the register prints its confirmation inside the block: when standard
    output fails (full, closed), the change is rolled back with its audit entry, and the user,
    who saw an error, can run it again (issue 19). A command that only reads prints after the
    block: its audit entry (a reveal above all) stands even when the output then fails.
    """
    from escalatie.clock import system_clock
    from escalatie.register.session import os_user, session
    from escalatie.register.store import NoRegister, db_path, shown

    with guard():
        when = moment(at)
        path = db_path(db)
        try:
            with session(path, actor, when, system_clock(), create, os_user()) as s:
                yield s
        except NoRegister:
            raise EscalatieError(
                f"--db: no register at {shown(path)}; `escalatie case new` creates one"
            ) from None
        for warning in s.register.warnings:
            echo(f"warning: {_one_line(warning)}", err=True)


def audit_failure(
    db: str | None, actor: str, at: str | None, action: str, case_id: str | None, error: str
) -> None:
    """Record that ``action`` was attempted but failed, in a transaction of its own.

    Only what happened is recorded as done: a ``case export -o DIR`` that could not write is an
    ``export_failed``, not an ``export``.
    """
    with opened(db, actor, at) as s:
        s.log(f"{action}_failed", case_id, detail=error)


def case_id_argument(f: F) -> F:
    return click.argument("case_id", metavar="ID")(f)


@click.group()
def case() -> None:
    """Cases in the register: submit, follow, close, export and share them."""


@case.command("new")
@click.argument("case_file", metavar="CASE.json")
@register_options
@at_option
@json_option
@click.pass_context
def new(
    ctx: click.Context, case_file: str, db: str | None, actor: str, at: str | None, as_json: bool
) -> None:
    """Register CASE.json ('-' for standard input); prints the new pseudonymous id."""
    from escalatie.case import birth_problems
    from escalatie.clock import local
    from escalatie.deadlines import load_norms
    from escalatie.documents import load_case
    from escalatie.errors import InvalidDocument
    from escalatie.register import commands

    with guard():
        load_norms()  # a broken [deadlines] table is reported now, not at the first `case show`
        document = load_case(case_file)
        problems = birth_problems(document, local(moment(at)).date())
        if problems:
            raise InvalidDocument([f"{case_file}: {p}" for p in problems])
    model = None
    if (ctx.find_root().obj or {}).get("model"):
        from escalatie.cli.common import selected_model

        with guard():
            # The model's name, as triage and plan record it: for a model file, not the path
            # given with -m (the closing rule looks the case's models up by name).
            model = selected_model(ctx).name
    with opened(db, actor, at, create=True) as s:
        case_id = commands.submit(s, document, model=model)
        # Printed inside the transaction: if standard output fails, the case is not registered
        # (its id would be lost to the user).
        if as_json:
            emit_json({"id": case_id})
        else:
            click.echo(case_id)


def _load_selected_model() -> None:
    """Load the model given with ``-m``, if any: a model file given with ``-m PATH`` is known
    to the registry only once loaded, its days off count a case's working days (one planned
    end in ``case list`` and ``case show``), and the texts name its forum from it (not a bare
    forum key in ``case show``, nor "Vraag voor het overleg" in ``case share`` for a forum
    whose invitation says "Vraag aan de tafel")."""
    ctx = click.get_current_context()
    if (ctx.find_root().obj or {}).get("model"):
        from escalatie.cli.common import selected_model

        selected_model(ctx)


def _warn_unfound_models(states: list[CaseState]) -> None:
    """A ``warning:`` line per model of the cases shown that is neither installed nor given
    with ``-m``: their working days are then counted with the general list of Dutch public
    holidays, not the model's days off (docs/register.md, Working days), so the planned end
    may differ from what ``-m PATH`` gives; the user is told rather than shown it silently."""
    from escalatie.cli.common import registry

    reg = registry()
    unfound: dict[str, list[str]] = {}
    for state in states:
        if state.model and _model_or_none(reg, state.model) is None:
            unfound.setdefault(state.model, []).append(state.case_id)
    for name, ids in unfound.items():
        cases = ids[0] if len(ids) == 1 else f"{len(ids)} cases ({ids[0]}, ...)"
        echo(
            f"warning: model {_one_line(name)} of {cases} is neither installed nor given with "
            "-m; its working days are counted with the general list of Dutch public holidays, "
            "not its own days off (give its model file with -m PATH)",
            err=True,
        )


@case.command("list")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=Choice(["submitted", "planned", "in_progress", "suspended", "closed"]),
    help="Only cases with this status (repeatable).",
)
@click.option(
    "--format",
    "fmt",
    type=Choice(["text", "json", "csv", "jsonl"]),
    default=None,
    help="text (default), json (as --json), or csv / jsonl for a data frame: the --json "
    "columns, pseudonyms only, CSV cells neutralised for spreadsheets.",
)
@register_options
@at_option
@json_option
def list_cases(
    statuses: tuple[str, ...],
    fmt: str | None,
    db: str | None,
    actor: str,
    at: str | None,
    as_json: bool,
) -> None:
    """List the cases in the register (pseudonymous ids and status only)."""
    if as_json and fmt not in (None, "json"):
        raise click.UsageError(f"--json and --format {fmt}: give one of the two")
    from escalatie.deadlines import load_norms
    from escalatie.register import views

    norms = load_norms()
    _load_selected_model()  # a case of a model file counts that file's days off, as in show
    with opened(db, actor, at) as s:
        states = list(s.register.states().values())
        states = [st for st in states if not statuses or st.status.value in statuses]
        rows = [views.summary(st, norms, s.at) for st in states]
        s.log(
            "list",
            None,
            detail=f"{len(rows)} cases" + (f"; status {','.join(statuses)}" if statuses else ""),
        )
    _warn_unfound_models(states)
    if as_json or fmt == "json":
        emit_json(rows)
    elif fmt == "csv":
        from escalatie.cli.rows import rows_csv

        echo(rows_csv(rows, views.SUMMARY_COLUMNS), nl=False)
    elif fmt == "jsonl":
        from escalatie.cli.rows import rows_jsonl

        echo(rows_jsonl(rows), nl=False)
    else:
        echo(views.render_list(rows), nl=False)


@case.command("show")
@case_id_argument
@click.option(
    "--reveal", is_flag=True, help="Also show the direct identifiers (needs --reason; audited)."
)
@click.option(
    "--reason", default="", help="Why the identifiers are needed (required with --reveal)."
)
@register_options
@at_option
@json_option
def show(
    case_id: str,
    reveal: bool,
    reason: str,
    db: str | None,
    actor: str,
    at: str | None,
    as_json: bool,
) -> None:
    """Show a case, pseudonymised; --reveal adds its identity, with an audited reason."""
    from escalatie.deadlines import load_norms
    from escalatie.documents import unstructure
    from escalatie.register import views

    if reveal and not reason.strip():
        raise click.UsageError("--reveal: expected --reason saying why the identifiers are needed")
    norms = load_norms()
    _load_selected_model()
    with opened(db, actor, at) as s:
        state = s.state(case_id)
        data = views.detail(state, norms, s.at)
        if reveal:
            stored = s.register.identity(case_id)
            data["identity"] = unstructure(stored.identity) if stored.identity else None
            data["submitter_reference"] = stored.reference
            s.log("reveal", case_id, detail="identity shown", reason=reason)
        else:
            s.log("show", case_id)
    _warn_unfound_models([state])
    if as_json:
        emit_json(data)
        return
    text = views.render_detail(data)
    if reveal:
        ident = data["identity"] or {}
        shown = ", ".join(f"{k}: {v}" for k, v in ident.items() if v) or "none recorded"
        text += f"Identity (revealed, audited): {shown}; submitter's reference {data['submitter_reference']}\n"
    echo(text, nl=False)


@case.command("triage")
@case_id_argument
@register_options
@at_option
@json_option
@click.pass_context
def triage_case(
    ctx: click.Context, case_id: str, db: str | None, actor: str, at: str | None, as_json: bool
) -> None:
    """Route a registered case through the selected model (-m) and record the route."""
    from escalatie.cli.common import registry, selected_model
    from escalatie.privacy import pseudonymise
    from escalatie.register import commands
    from escalatie.report import render_triage, triage_data
    from escalatie.triaging import triage as run

    model = selected_model(ctx)
    with opened(db, actor, at) as s:
        state = s.state(case_id)
        result = run(registry(), model, pseudonymise(state.case), s.at)
        commands.record_triage(s, case_id, result)
        if as_json:
            emit_json(triage_data(result))
        else:
            echo(render_triage(registry(), result), nl=False)


@case.command("plan")
@case_id_argument
@click.option("--slot", required=True, metavar="DATETIME", help="The meeting's start (ISO 8601).")
@click.option(
    "--forum",
    "forum",
    metavar="KEY",
    help="The forum of the model (default: the one triage gives, else the model's first).",
)
@click.option(
    "--by-agreement", is_flag=True, help="A moment outside the series, agreed with those attending."
)
@click.option(
    "--override",
    is_flag=True,
    help="The aanspreekpunt plans the case on a forum triage does not give (needs "
    "--aanspreekpunt and --reason).",
)
@aanspreekpunt_option
@click.option("--reason", metavar="TEXT", help="Why the aanspreekpunt overrides triage.")
@register_options
@at_option
@click.pass_context
def plan(
    ctx: click.Context,
    case_id: str,
    slot: str,
    forum: str | None,
    by_agreement: bool,
    override: bool,
    decided_by: str | None,
    reason: str | None,
    db: str | None,
    actor: str,
    at: str | None,
) -> None:
    """Put a case on the agenda of a meeting of the selected model's forum.

    The forum must be the one triage gives for the case under the model at --at: the
    aanspreekpunt decides whether a table fits (seed 000, route). To plan it elsewhere, the
    aanspreekpunt overrides with --override --aanspreekpunt KEY --reason TEXT; who decided and
    why are kept in the audit, and the override is counted in the learning report.
    """
    from escalatie.cli.common import registry, selected_model
    from escalatie.clock import parse_moment, printed
    from escalatie.privacy import pseudonymise
    from escalatie.register import commands
    from escalatie.triaging import triage as run

    if override and reason is None:
        raise click.UsageError("--override needs --reason TEXT: why the aanspreekpunt decides so")
    if reason is not None and not override:
        raise click.UsageError("--reason goes with --override")
    if override and decided_by is None:
        raise click.UsageError(
            "--override needs --aanspreekpunt KEY: which aanspreekpunt decided (seed 000, stap 2)"
        )
    if decided_by is not None and not override:
        raise click.UsageError("--aanspreekpunt goes with --override")
    from escalatie.route_decision import override_remarks

    model = selected_model(ctx)
    when = parse_moment(slot, "--slot")
    with opened(db, actor, at) as s:
        state = s.state(case_id)
        triaged = run(registry(), model, pseudonymise(state.case), s.at)
        remarks = (
            override_remarks(registry(), model, state.case, decided_by)
            if override and decided_by is not None
            else ()
        )
        chosen = commands.plan(
            s,
            case_id,
            model,
            when,
            forum,
            by_agreement,
            triaged=triaged,
            override_reason=reason if override else None,
            decided_by=decided_by,
            remarks=remarks,
        )
        note = " (override of triage)" if override else ""
        click.echo(f"{case_id}: on the agenda of {chosen.name} at {printed(when)}{note}")
        for remark in remarks:
            echo(f"warning: {remark} (kept in the audit log)", err=True)


@case.command("suspend")
@case_id_argument
@click.option("--reason", required=True, help="Why the case waits (opschorting).")
@register_options
@at_option
def suspend(case_id: str, reason: str, db: str | None, actor: str, at: str | None) -> None:
    """Suspend a case: its deadlines move by the days it stays suspended."""
    from escalatie.register import commands

    with opened(db, actor, at) as s:
        commands.suspend(s, case_id, reason)
        click.echo(f"{case_id}: suspended")


@case.command("resume")
@case_id_argument
@register_options
@at_option
def resume(case_id: str, db: str | None, actor: str, at: str | None) -> None:
    """Resume a suspended case."""
    from escalatie.deadlines import load_norms
    from escalatie.register import commands, views

    norms = load_norms()
    _load_selected_model()
    with opened(db, actor, at) as s:
        commands.resume(s, case_id)
        due = views.case_deadlines(s.state(case_id), norms, s.at)
        click.echo(
            f"{case_id}: resumed; planned end now {due.planned_end} ({due.suspended} days suspended)"
        )


def _model_or_none(reg: Registry, name: str | None) -> EscalationModel | None:
    """The model a case recorded by ``name`` (``Registry.recorded_model``: an installed one,
    or the model file given with ``-m PATH`` in this run; a recorded path is never read by
    itself), or None for a case without a model or whose model is neither installed nor given
    (an export then names no forum role). A model that is there but cannot be compiled (a
    mistake in its settings table) is that error, not "not installed"."""
    if not name:
        return None
    try:
        return reg.recorded_model(name)
    except UnknownModel:
        return None


def _case_model(reg: Registry, state: CaseState) -> tuple[EscalationModel | None, str | None]:
    """The model whose closing rule applies, and the name of a model of the case that could
    not be found (else None).

    The model is the first the case was submitted to or planned under (or last triaged under)
    whose forum records agreements (``[agreements] required_to_close``), else the last of
    them. It is None when the case has none, or when one of them is neither installed nor the
    model file given with ``-m`` (so that ``-m ./loket.toml case close`` applies the file's own
    rule, never another model's); the rule is then kept, and the refusal names that model and
    how to select it. A triage under another model does not lift it (a case on the
    maatwerktafel's agenda would close as resolved without agreements once triaged under
    utrecht-passend-alternatief; seed 000, stap 5).
    Models are compiled until one requires agreements."""
    names = state.every_model
    found: EscalationModel | None = None
    for name in names:
        try:
            found = reg.recorded_model(name)
        except UnknownModel:
            return None, name
        if found.agreements.required_to_close:
            return found, None
    return found, None


@case.command("close")
@case_id_argument
@click.option(
    "--outcome",
    type=Choice(["resolved", "partly_resolved", "not_resolved", "referred"]),
    default="resolved",
    show_default=True,
    help="How the case ended.",
)
@click.option("--note", default="", help="A short closing note (no names).")
@register_options
@at_option
def close(
    case_id: str, outcome: str, note: str, db: str | None, actor: str, at: str | None
) -> None:
    """Close a case. As resolved or partly_resolved it is refused without agreements and a lead
    where the case's model records agreements (the maatwerktafel, seed 000, stap 5). A case of
    a model file that is not installed takes that file's rule when it is given with -m PATH."""
    from escalatie.cli.common import registry
    from escalatie.register import commands

    _load_selected_model()
    with opened(db, actor, at) as s:
        state = s.state(case_id)
        model, unavailable = _case_model(registry(), state)
        commands.close(s, case_id, commands.Outcome(outcome), note, model, unavailable=unavailable)
        click.echo(f"{case_id}: closed ({outcome})")
    unshared = commands.without_audience(state)
    if unshared and commands.warns_on_agreements(model):
        # rule register.agreements_audience: seed 000 stap 5 or the model's own source
        warning = commands.no_audience_warning(case_id, unshared, model, unavailable)
        echo("warning: " + warning, err=True)  # the model file's source text, neutralised


@case.command("export")
@case_id_argument
@click.option(
    "--format", "fmt", type=Choice(["zgw", "json"]), default="zgw", show_default=True,
    help="zgw: Zaak, Status, Rol, Resultaat (Zaken API 1.5.1); json: the pseudonymised case.",
)  # fmt: skip
@output_option
@register_options
@at_option
@click.pass_context
def export(
    ctx: click.Context,
    case_id: str,
    fmt: str,
    output: str | None,
    db: str | None,
    actor: str,
    at: str | None,
) -> None:
    """Export a case for a zaaksysteem, built from the pseudonymised case (audited)."""
    import json

    from escalatie.cli.common import registry
    from escalatie.deadlines import load_norms
    from escalatie.register import views
    from escalatie.zgw import catalogue
    from escalatie.zgw import settings as zgw_settings
    from escalatie.zgw.export import export_case

    _load_selected_model()  # a case of a model file names its forum's roles (-m PATH)
    norms = load_norms()
    warnings: list[str] = []  # shown once the export is written: a failure is its error alone
    try:
        with opened(db, actor, at) as s:
            state = s.state(case_id)
            if fmt == "zgw":
                settings = zgw_settings.load()
                warnings = catalogue.check(settings)
                model = _model_or_none(registry(), state.model)
                data = export_case(state, settings, norms, s.at, model)
            else:
                data = views.detail(state, norms, s.at)
            from escalatie.neutralise.document import plain_document

            data = plain_document(data)  # no control character in the file
            # Written before it is logged, in the transaction: a failed write is no export.
            write_output(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output)
            s.log("export", case_id, detail=f"format {fmt}" + (f" to {output}" if output else ""))
    except OutputError as exc:
        audit_failure(db, actor, at, "export", case_id, f"format {fmt}: {exc}")
        raise
    for warning in warnings:
        click.echo(warning, err=True)


@case.command("push")
@case_id_argument
@click.option(
    "--zgw", "zgw", is_flag=True,
    help="Send to the Zaken API of [zgw] zaken_api (secret from ESCALATIE_ZGW_SECRET).",
)  # fmt: skip
@click.option(
    "--dry-run", is_flag=True, help="Print the requests instead of sending them (no secret needed)."
)
@register_options
@at_option
def push(
    case_id: str, zgw: bool, dry_run: bool, db: str | None, actor: str, at: str | None
) -> None:
    """Send a case to the zaaksysteem: Zaak, Rollen, Statussen, Resultaat (audited).

    A second push updates what changed instead of creating anything twice; a push that
    stopped half-way is finished by the next one.
    """
    import os

    from escalatie.cli.common import registry
    from escalatie.clock import system_clock
    from escalatie.deadlines import load_norms
    from escalatie.register.session import Session, check_actor, os_user, recorded_by
    from escalatie.zgw import catalogue
    from escalatie.zgw import settings as zgw_settings
    from escalatie.zgw.plan import plan
    from escalatie.zgw.push import prepare, render, require_api
    from escalatie.zgw.push import push as run

    if not zgw:
        raise click.UsageError("expected where to push to: --zgw (a Zaken API)")
    with guard():
        norms = load_norms()
        settings = zgw_settings.load()
        warnings = catalogue.check(settings)  # shown when done: a failure is its error alone
        require_api(settings)
        secret = os.environ.get(zgw_settings.SECRET_ENV, "")
        if not dry_run and not secret:
            raise EscalatieError(
                f"{zgw_settings.SECRET_ENV}: not set; expected the client secret the zaaksysteem "
                f"issued for [zgw] client_id {settings.client_id}"
            )
        check_actor(actor)
        when = moment(at)
    _load_selected_model()  # a case of a model file names its forum's roles (-m PATH)
    with opened(db, actor, at) as s:  # the register exists and the case is known
        model = _model_or_none(registry(), s.state(case_id).model)
    from escalatie.register.register import Register
    from escalatie.register.store import db_path

    user = os_user()
    with guard(), Register.open(db_path(db), create=False) as reg:

        def session() -> Session:  # inside a transaction: the server's time and user there
            return Session(reg, actor, when, *recorded_by(reg, user=user))

        if dry_run:
            export, known = prepare(reg, case_id, settings, norms, when, model)
            requests, unchanged = plan(export, settings, known)
            with reg.transaction():
                session().log(
                    "zgw_dry_run", case_id,
                    detail=f"{len(requests)} requests shown, none sent; {unchanged} unchanged",
                )  # fmt: skip
            click.echo(render(requests, known, settings.client_id), nl=False)
            for warning in warnings:
                click.echo(warning, err=True)
            click.echo(
                f"{case_id}: dry run, nothing sent: {len(requests)} requests, {unchanged} unchanged",
                err=True,
            )
            return
        from escalatie.zgw.client import ZakenClient

        with ZakenClient(
            settings.zaken_api, settings.client_id, secret, actor, system_clock
        ) as client:
            done = run(reg, case_id, settings, norms, model, client, session)
    for warning in warnings:
        click.echo(warning, err=True)
    click.echo(f"{case_id}: pushed to {done.zaak}: {done.summary()}")


@case.command("share")
@case_id_argument
@click.option("--with", "party", required=True, metavar="PARTY", help="The party to share with.")
@click.option("--what", type=Choice(["plan", "agreements"]), required=True, help="What to share.")
@click.option("--reason", default="", help="Why it is shared (kept in the audit log).")
@output_option
@register_options
@at_option
def share(
    case_id: str,
    party: str,
    what: str,
    reason: str,
    output: str | None,
    db: str | None,
    actor: str,
    at: str | None,
) -> None:
    """Share the anonymised plan or the agreements with a party, within recorded consent."""
    from escalatie.consent import Shareable
    from escalatie.register.share import Refused, delivered, prepare

    _load_selected_model()  # the plan names the forum as its invitation does ("Vraag aan de tafel")
    try:
        with opened(db, actor, at) as s:
            from escalatie.cli.common import registry

            model, unavailable = _case_model(registry(), s.state(case_id))
            prepared = prepare(
                s, case_id, party, Shareable(what), reason, model, unavailable=unavailable
            )
            write_output(prepared.text, output)
            delivered(s, prepared)
    except Refused as exc:
        with opened(db, actor, at) as s:  # the refusal is audited in its own transaction
            s.log("share_refused", case_id, detail=f"{what} with {party}", reason=reason)
        raise EscalatieError(str(exc)) from None
    except OutputError as exc:
        audit_failure(db, actor, at, "share", case_id, f"{what} with {party}: {exc}")
        raise
