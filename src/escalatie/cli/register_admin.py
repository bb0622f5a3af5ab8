"""``register``: the register itself, for its administrator: roles on PostgreSQL, copying a
file register to a server. Case work is under ``case``; see ``docs/register.md``."""

from __future__ import annotations

import click

from escalatie.cli.common import at_option, echo, moment
from escalatie.errors import EscalatieError


@click.group()
def register() -> None:
    """The register itself: database roles, copying a register file to PostgreSQL."""


@register.command("init-roles")
@click.option(
    "--db",
    "db",
    envvar="ESCALATIE_DB",
    metavar="URL",
    help="The PostgreSQL register (with --apply); or ESCALATIE_DB or the register.url setting.",
)
@click.option(
    "--apply",
    "apply",
    is_flag=True,
    help="Run the SQL on the register (as its administrator) instead of printing it.",
)
def init_roles(db: str | None, apply: bool) -> None:
    """Print (or apply) the SQL of the roles: escalatie_read, escalatie_reveal,
    escalatie_write, escalatie_admin, and their grants on every table of the register."""
    from escalatie.cli.register import guard
    from escalatie.register import roles

    if not apply:
        click.echo(roles.init_roles_sql(), nl=False)  # no case data: printed as it is
        return
    from escalatie.register.register import Register
    from escalatie.register.store import db_path

    with guard():
        target = db_path(db)
        if not isinstance(target, str):
            raise EscalatieError("--db: expected a postgresql:// URL; a register file has no roles")
        with Register.open(target) as reg:
            store = reg.store
            with store.transaction():
                store.script(roles.create_roles_sql())  # type: ignore[attr-defined]
                store.apply_grants()  # type: ignore[attr-defined]
            echo(f"roles and grants applied to {reg.path}")


@register.command("copy")
@click.option("--from", "source", required=True, metavar="FILE", help="The register file to copy.")
@click.option("--to", "target", required=True, metavar="URL", help="The empty PostgreSQL register.")
@click.option(
    "--actor",
    envvar="ESCALATIE_ACTOR",
    required=True,
    metavar="NAME",
    help="Who is copying, for the audit log; or ESCALATIE_ACTOR.",
)
@at_option
def copy(source: str, target: str, actor: str, at: str | None) -> None:
    """Copy a register file with all its history into an empty PostgreSQL register, verified:
    the source's audit chain first, then every table's count and the copy's audit chain."""
    from escalatie.cli.register import guard
    from escalatie.register.copy import check_source, copy_register
    from escalatie.register.register import Register
    from escalatie.register.session import check_actor
    from escalatie.register.store import NoRegister, db_path, is_url

    with guard():
        actor = check_actor(actor)
        when = moment(at)
        if is_url(source):
            raise EscalatieError("--from: expected the path of a register file (SQLite)")
        if not is_url(target):
            raise EscalatieError("--to: expected a postgresql:// URL (the register to copy into)")
        try:
            src = Register.open(db_path(source), create=False)
        except NoRegister:
            raise EscalatieError(f"--from: no register at {source}") from None
        with src:
            check_source(src)  # first: a refused source leaves the target database untouched
            with Register.open(target) as dst:
                copied = copy_register(src, dst, actor, when, checked=True)
            for warning in dst.warnings:
                echo(f"warning: {warning}", err=True)
            echo(
                f"copied to {dst.path}: "
                + ", ".join(f"{n} {t}" for t, n in copied.items())
                + "; counts and audit chain verified"
            )
