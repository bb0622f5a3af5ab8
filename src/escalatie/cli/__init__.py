"""The ``escalatie`` command line.

Sub-commands are imported only when invoked (see :data:`COMMANDS`), so ``escalatie --help``
starts without importing the domain model, the plugins, icalendar or holidays.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from escalatie import __version__
from escalatie.errors import EscalatieError, InvalidDocument

COMMANDS: dict[str, tuple[str, str]] = {
    # name: (module:attribute, one-line help shown by --help without importing the module)
    "plugins": (
        "escalatie.cli.info:plugins",
        "List installed plugins and the hooks they implement.",
    ),
    "models": ("escalatie.cli.info:models", "List installed escalation models."),
    "describe": (
        "escalatie.cli.info:describe",
        "Describe the selected model for a policy adviser.",
    ),
    "triage": ("escalatie.cli.triage:triage", "Route a case document through the selected model."),
    "schema": ("escalatie.cli.info:schema", "Print the JSON Schema of a document."),
    "case": (
        "escalatie.cli.register:case",
        "Cases in the register: submit, follow, close, export, share.",
    ),
    "agreement": (
        "escalatie.cli.register_followup:agreement",
        "Record agreements of a case and mark them done.",
    ),
    "agreements": (
        "escalatie.cli.register_followup:agreements",
        "List agreements, or only the overdue ones.",
    ),
    "insight": (
        "escalatie.cli.register_followup:insight",
        "Record an insight learned from a case.",
    ),
    "consent": (
        "escalatie.cli.register_followup:consent",
        "Record and check consent to share case information.",
    ),
    "learn": (
        "escalatie.cli.register_reports:learn",
        "Learning lines by theme, in Dutch, for the field.",
    ),
    "audit": (
        "escalatie.cli.register_reports:audit",
        "Who read, wrote, exported or shared what, and why.",
    ),
    "examples": ("escalatie.cli.examples:examples", "List example cases, or write one out."),
    "compare": ("escalatie.cli.research:compare", "Run cases through every model, side by side."),
    "simulate": (
        "escalatie.cli.research:simulate",
        "Simulate cases queueing for each model's forum.",
    ),
    "schedule": (
        "escalatie.cli.calendar:schedule",
        "Write a forum's meetings as an iCalendar file.",
    ),
    "invite": (
        "escalatie.cli.calendar:invite",
        "Write an invitation (iTIP REQUEST) for one meeting.",
    ),
    "cancel": (
        "escalatie.cli.calendar:cancel",
        "Write the cancellation (iTIP CANCEL) of one meeting.",
    ),
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            # Not a core command: plugins may contribute it (loaded only now, see --help).
            from escalatie.plugins import default_registry

            return default_registry().commands.get(cmd_name)
        module, _, attr = target[0].partition(":")
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)
        with formatter.section("Plugin commands"):
            formatter.write_text(
                "Plugins may add commands of their own: `escalatie plugins` lists them."
            )


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="escalatie")
@click.option(
    "-m",
    "--model",
    envvar="ESCALATIE_MODEL",
    metavar="MODEL",
    help="The escalation model to use (see `escalatie models`); or set ESCALATIE_MODEL.",
)
@click.pass_context
def cli(ctx: click.Context, model: str | None) -> None:
    """Model how Dutch municipalities escalate stuck youth-care cases.

    Select a model with -m, then describe it, triage a case, or write its meeting calendar.
    Exit codes: 0 done, 1 bad input, 2 wrong usage.
    """
    ctx.ensure_object(dict)
    ctx.obj["model"] = model


def main(argv: list[str] | None = None) -> Any:
    """Entry point: user errors become one line on stderr and exit code 1, never a traceback."""
    try:
        return cli.main(args=argv, prog_name="escalatie", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except InvalidDocument as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        sys.exit(1)
    except EscalatieError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except BrokenPipeError:
        sys.exit(1)
