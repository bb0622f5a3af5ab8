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
from escalatie.errors import EscalatieError, InvalidDocument, is_text

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
    "model": ("escalatie.cli.model:model", "Write a starter model file, or check model files."),
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
        "Dutch reports per audience: learning lines, signals to the board.",
    ),
    "signal": (
        "escalatie.cli.register_signals:signal",
        "Record system obstacles (knelpunten) to a body, and its answer.",
    ),
    "signals": (
        "escalatie.cli.register_signals:signals",
        "List signals, or only the overdue ones.",
    ),
    "leeronderzoek": (
        "escalatie.cli.register_learning:leeronderzoek",
        "Leeronderzoek after a calamity: findings, recommendations, follow-up.",
    ),
    "consultation": (
        "escalatie.cli.register_learning:consultation",
        "Consult an expertise network or the expertpool on a case.",
    ),
    "audit": (
        "escalatie.cli.register_reports:audit",
        "Who read, wrote, exported or shared what, and why.",
    ),
    "register": (
        "escalatie.cli.register_admin:register",
        "The register itself: PostgreSQL roles, copying a file to a server.",
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
            from escalatie.cli.common import registry

            return registry().commands.get(cmd_name)
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
    help="The escalation model to use (see `escalatie models`), or a model file "
    "(./zeewolde.toml); or set ESCALATIE_MODEL.",
)
@click.pass_context
def cli(ctx: click.Context, model: str | None) -> None:
    """Model how Dutch municipalities escalate stuck youth-care cases.

    Select a model with -m, then describe it, triage a case, or write its meeting calendar.
    Exit codes: 0 done, 1 bad input, 2 wrong usage.
    """
    ctx.ensure_object(dict)
    ctx.obj["model"] = model


MAX_PROBLEM_LINES = 50
"""A document with thousands of problems shows the first fifty and how many more there are."""

MAX_LINE = 400
"""An error line longer than this is cut (echoed values are cut at 80 characters already)."""


def _line(text: str) -> str:
    """One printable line: control characters escaped, surrogates shown as escapes, cut."""
    from escalatie.errors import cut

    if not text.isprintable():
        text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return cut(text, MAX_LINE)


def _error(text: str) -> None:
    click.echo(f"error: {_line(text)}", err=True)


def _not_text(argv: list[str]) -> str | None:
    """The first argument or ESCALATIE_* variable that is not valid text (undecodable bytes
    reach Python as lone surrogates, which no file, register or calendar can hold)."""
    import os

    for number, arg in enumerate(argv, start=1):
        if not is_text(arg):
            return f"argument {number}"
    for name, value in os.environ.items():
        if name.startswith("ESCALATIE_") and not is_text(value):
            return name
    return None


def _silence_stdout() -> None:
    """After a failed write, point the real standard output at /dev/null so the interpreter's
    final flush cannot fail again (and print a traceback of its own)."""
    import os

    stdout = sys.__stdout__
    if stdout is not None and sys.stdout is stdout:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass


def _guard_standard_streams() -> bool:
    """Occupy closed descriptors 0 to 2 with /dev/null, so no file opened later (the register)
    becomes 'standard output'; False when standard output itself is closed."""
    import os

    closed = False
    for fd, stream in ((0, sys.stdin), (1, sys.stdout), (2, sys.stderr)):
        if stream is None:
            closed = closed or fd == 1
            try:
                os.fstat(fd)
            except OSError:
                opened = os.open(os.devnull, os.O_RDWR)
                if opened != fd:
                    os.dup2(opened, fd)
                    os.close(opened)
    return not closed


def main(argv: list[str] | None = None) -> Any:
    """Entry point: user errors become one line on stderr and exit code 1, never a traceback.

    Standard output that cannot be written (full, closed, an I/O error) is an error too: one
    line on stderr, exit code 1. A closed pipe (``escalatie compare | head``) ends quietly.
    """
    args = sys.argv[1:] if argv is None else list(argv)
    if not _guard_standard_streams():
        _error("standard output is closed; expected somewhere to write to (> FILE)")
        sys.exit(1)
    where = _not_text(args)
    if where is not None:
        _error(f"{where}: expected text (UTF-8), got bytes that are not; nothing was done")
        sys.exit(1)
    try:
        result = cli.main(args=args, prog_name="escalatie", standalone_mode=False)
        if sys.stdout is not None:
            sys.stdout.flush()  # a full disk shows here, not in the interpreter's last flush
        return result
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except InvalidDocument as exc:
        from escalatie.modelfile.reading import ModelFileError

        if isinstance(exc, ModelFileError):  # a line per file; `model check` lists them all
            for line in exc.summary():
                _error(line)
            sys.exit(1)
        for problem in exc.problems[:MAX_PROBLEM_LINES]:
            _error(problem)
        if len(exc.problems) > MAX_PROBLEM_LINES:
            _error(f"… and {len(exc.problems) - MAX_PROBLEM_LINES} more problem(s)")
        sys.exit(1)
    except EscalatieError as exc:
        _error(str(exc))
        sys.exit(1)
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(1)
    except OSError as exc:
        _silence_stdout()
        if exc.filename is None:
            _error(f"standard output: cannot write ({exc.strerror or exc})")
        else:
            _error(f"{exc.filename}: {exc.strerror or exc}")
        sys.exit(1)
