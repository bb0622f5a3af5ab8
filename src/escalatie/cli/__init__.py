"""The ``escalatie`` command line.

Sub-commands are imported only when invoked (see :data:`COMMANDS`), so ``escalatie --help``
starts without importing the domain model, the plugins, icalendar or holidays. Each command's
help is written once, in its docstring: ``--help`` lists the first paragraph of each, read from
the modules' source text (:func:`summaries`) rather than by importing them.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from escalatie import __version__
from escalatie.errors import EscalatieError, InvalidDocument, is_text

COMMANDS: dict[str, str] = {
    # name: module:attribute, imported when the command is invoked
    "plugins": "escalatie.cli.info:plugins",
    "models": "escalatie.cli.info:models",
    "describe": "escalatie.cli.info:describe",
    "model": "escalatie.cli.model:model",
    "triage": "escalatie.cli.triage:triage",
    "schema": "escalatie.cli.info:schema",
    "case": "escalatie.cli.register:case",
    "agreement": "escalatie.cli.register_followup:agreement",
    "agreements": "escalatie.cli.register_followup:agreements",
    "insight": "escalatie.cli.register_followup:insight",
    "consent": "escalatie.cli.register_followup:consent",
    "learn": "escalatie.cli.register_reports:learn",
    "signal": "escalatie.cli.register_signals:signal",
    "signals": "escalatie.cli.register_signals:signals",
    "leeronderzoek": "escalatie.cli.register_learning:leeronderzoek",
    "consultation": "escalatie.cli.register_learning:consultation",
    "audit": "escalatie.cli.register_reports:audit",
    "register": "escalatie.cli.register_admin:register",
    "examples": "escalatie.cli.examples:examples",
    "compare": "escalatie.cli.research:compare",
    "simulate": "escalatie.cli.research:simulate",
    "schedule": "escalatie.cli.calendar:schedule",
    "invite": "escalatie.cli.calendar:invite",
    "cancel": "escalatie.cli.calendar:cancel",
}


_cache_generated_code = False
"""Set by :func:`run`: in the command's own process, once a command is chosen (``--help``
imports no attrs class), attrs' generated methods come from :mod:`escalatie.codecache` and the
modules imported are found through :mod:`escalatie.importindex`."""


def _command(name: str) -> click.Command:
    module, _, attr = COMMANDS[name].partition(":")
    command = getattr(importlib.import_module(module), attr)
    assert isinstance(command, click.Command)
    return command


def summaries() -> dict[str, str]:
    """Each core command's summary: the first paragraph of its docstring, as click shows it
    on top of the command's own ``--help``.

    Read from the source text of ``escalatie/cli/*.py`` (the docstring right after
    ``def NAME(...):``), not by importing the modules, which would import the domain, the
    register and the calendar for ``--help``. A command whose docstring is not found so (a
    module without its source) is imported instead. ``tests/core/test_cli.py`` holds every
    summary to the imported command's help.
    """
    import os  # not pathlib: importing it would cost --help a tenth more

    folder = os.path.dirname(__file__)
    texts: dict[str, str] = {}
    out: dict[str, str] = {}
    for name, target in COMMANDS.items():
        module, _, attr = target.partition(":")
        file = os.path.join(folder, f"{module.rpartition('.')[2]}.py")
        if file not in texts:
            try:
                with open(file, encoding="utf-8") as handle:
                    texts[file] = handle.read()
            except OSError:
                texts[file] = ""
        doc = _docstring(texts[file], attr)
        if doc is None:
            doc = _command(name).help or ""
        out[name] = " ".join(doc.strip().split("\n\n")[0].split())
    return out


def _docstring(text: str, function: str) -> str | None:
    """The docstring of top-level ``def function(...)`` in source ``text``, or None."""
    at = text.find(f"\ndef {function}(")
    start = text.find('"""', at) if at >= 0 else -1
    end = text.find('"""', start + 3) if start >= 0 else -1
    if end < 0 or not text[at:start].rstrip(" ").endswith(":\n"):
        return None
    return text[start + 3 : end]


class TranslatedHelp(click.Option):
    """An option whose help text is one of click's own messages (``message``), translated as
    click translates it (:func:`gettext.gettext`) when the help is shown, not when the option
    is built.

    click translates the help of its help and version options when it builds them, for every
    command it parses; the first translation imports :mod:`locale` and looks for message
    catalogues, 3.4 M instructions of every command's start-up (issue 16) that only ``--help``
    needs. The text shown is the same: the same function translates the same message."""

    _help: str | None

    def __init__(self, *args: Any, message: str, **kwargs: Any) -> None:
        self.message = message
        super().__init__(*args, **kwargs)

    @property
    def help(self) -> str | None:
        if self._help is None:
            from gettext import gettext

            self._help = gettext(self.message)
        return self._help

    @help.setter
    def help(self, value: str | None) -> None:
        self._help = value


def _show_help(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """click's help option's callback (``click.decorators.help_option``)."""
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


_HELP_STORAGE: str | None = getattr(click.core, "_HELP_OPTION_STORAGE_NAME", None)
"""The name click 8.5 keeps its help option's value under (older versions name it ``help``)."""


def help_option_of(command: click.Command, ctx: click.Context) -> None:
    """Build ``command``'s help option as click's ``get_help_option`` does, its text translated
    only when help is shown (:class:`TranslatedHelp`); ``ctx`` is its context or its parent's.

    Left to click when click keeps the option elsewhere than ``_help_option`` (another
    version), when the command names its own help options (its context settings), or when
    it has none."""
    if getattr(command, "_help_option", False) is not None:
        return
    if not command.add_help_option:
        return
    if ctx.command is not command and "help_option_names" in command.context_settings:
        return  # names its own: known in its own context only
    names = command.get_help_option_names(ctx)
    if names:
        decls = [*names, _HELP_STORAGE] if _HELP_STORAGE else names
        command._help_option = TranslatedHelp(
            decls,
            message="Show this message and exit.",
            is_flag=True,
            expose_value=False,
            is_eager=True,
            callback=_show_help,
        )


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, long_model_option(args))

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        help_option_of(self, ctx)
        return super().get_help_option(ctx)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if _cache_generated_code:
            from escalatie import codecache, importindex

            importindex.install()
            codecache.install()
        if cmd_name not in COMMANDS:
            # Not a core command: plugins may contribute it (loaded only now, see --help).
            from escalatie.cli.common import registry

            command = registry().commands.get(cmd_name)
        else:
            command = _command(cmd_name)
        if command is not None:
            # Its own help option, and its sub-commands' (a group's, one level: the core's
            # groups hold commands only), without gettext unless help is shown.
            help_option_of(command, ctx)
            for sub in getattr(command, "commands", {}).values():
                help_option_of(sub, ctx)
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """click's, with the closest command named where none has the name typed
        (``escalatie triag``: click itself suggests close options, not commands). ``difflib``
        is imported only then, off the start-up path."""
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            name = click.utils.make_str(args[0]) if args else ""
            if not name or name.startswith("-") or "Did you mean" in exc.message:
                raise
            import difflib

            known = self.list_commands(ctx)
            if ctx.parent is None:  # plugins add commands to the top level only
                from escalatie.cli.common import registry

                known = [*known, *registry().commands]
            close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
            if not close:
                raise
            hint = " or ".join(repr(c) for c in close)
            raise click.UsageError(f"{exc.message} Did you mean {hint}?", exc.ctx) from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        helps = summaries()
        rows = [(name, helps[name]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)
        with formatter.section("Plugin commands"):
            formatter.write_text(
                "Plugins may add commands of their own: `escalatie plugins` lists them."
            )


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """click's ``version_option`` with this version and name, its message translated when
    shown: ``click.version_option`` translates its help text when the group is defined, at
    import (see :class:`TranslatedHelp`)."""
    if value and not ctx.resilient_parsing:
        from gettext import gettext

        message = gettext("%(prog)s, version %(version)s")
        click.echo(
            message % {"prog": "escalatie", "package": "escalatie", "version": __version__},
            color=ctx.color,
        )
        ctx.exit()


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    cls=TranslatedHelp,
    message="Show the version and exit.",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
)
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


def long_model_option(args: list[str]) -> list[str]:
    """``args`` with a leading ``-m NAME`` written ``--model NAME``: the same option and value.

    click tries every option as a long one first; a short one (``-m``) fails that, and the
    failure builds a "no such option" error with close matches (importing ``difflib``) before
    the option is tried as a short one, on every run that selects a model so (issue 16). Only
    the group's own options before the command are rewritten, and only ``-m`` with a value
    after it, so a message that names the option as typed (a missing value) stays as it was.
    """
    at = 0
    while at < len(args) - 1 and args[at] in ("-m", "--model"):
        if args[at] == "-m":
            args = [*args[:at], "--model", *args[at + 1 :]]
        at += 2
    return args


MAX_PROBLEM_LINES = 50
"""A document with thousands of problems shows the first fifty and how many more there are."""

MAX_LINE = 1000
"""An error line longer than this is cut, at a word boundary (echoed values are cut at 80
characters already, so only the program's own words make a line this long: a one-line error
may be long: a consent refusal's line runs past 400 characters before it names the age)."""


def _line(text: str) -> str:
    """One printable line: control characters escaped, surrogates shown as escapes, cut."""
    from escalatie.errors import cut_words

    if not text.isprintable():
        text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return cut_words(text, MAX_LINE)


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


def _missing_module(exc: ModuleNotFoundError) -> str:
    """A dependency missing from the installation (one installed before the dependency was
    added, and not reinstalled since): one line saying how to mend it."""
    name = (exc.name or str(exc)).partition(".")[0]
    return (
        f"the Python module {name} is not installed, but this installation of escalatie (or "
        "of one of its plugins) needs it; reinstall with its dependencies: `pip install "
        "--upgrade escalatie` (or `pip install -e .` in a checkout)"
    )


_quick_end = False
"""Set by :func:`end_quickly`: the command asks to end its process without the interpreter's
teardown."""


def end_quickly() -> None:
    """Once the command has succeeded, end the console script's process as soon as every exit
    handler has run (the caches are saved by them), without the interpreter's teardown: every
    module and object that start-up made freed one by one (25 ms of processor time after a
    comparison, 9 M instructions of a triage; issue 16). Only for a command that leaves
    nothing to that teardown: its output written and closed, its worker processes waited for
    (``compare``, ``triage``, ``models``, ``describe``). An error ends the process as usual,
    and so does :func:`main` called by a program (only :func:`run` acts)."""
    global _quick_end
    _quick_end = True


def _end_now() -> None:
    """After a command that asked (:func:`end_quickly`) and succeeded: every exit handler run,
    those registered before :func:`run` too (a coverage tool's, a wrapper's), exactly as the
    interpreter would run them, the standard streams flushed, and the process ended with
    status 0. Where that cannot be done as the interpreter would do it, the process ends as
    usual: another thread still running (the interpreter would wait for it), a standard stream
    that cannot be flushed (the interpreter reports it), or a Python without
    ``atexit._run_exitfuncs`` (the interpreter's own way of running them; not public API)."""
    import atexit

    run_handlers = getattr(atexit, "_run_exitfuncs", None)
    threading = sys.modules.get("threading")
    if run_handlers is None or (threading is not None and threading.active_count() > 1):
        return
    try:
        _flush_standard_streams()
        run_handlers()  # runs each once, last registered first, then forgets them
        _flush_standard_streams()  # what the handlers printed
    except (OSError, ValueError):  # the interpreter's own ending reports or ignores it
        return
    import os

    os._exit(0)


def _flush_standard_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()


def run() -> Any:
    """The ``escalatie`` console script (and ``python -m escalatie``): :func:`main` in a process
    of its own, which keeps attrs' generated code between runs (:mod:`escalatie.codecache`),
    tunes the garbage collector (:mod:`escalatie.collector`) and lets a command end the process
    quickly (:func:`end_quickly`: after such a command ``run`` does not return, the process
    ends once every exit handler has run). A program calling :func:`main` gets none of these
    unless it asks."""
    from escalatie import collector

    global _cache_generated_code
    _cache_generated_code = True
    collector.take_over()
    result = main()
    if result is None and _quick_end:  # the console script exits with status 0 on None only
        _end_now()
    return result


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
            from escalatie.documents import STOPPED

            # A list checked only up to its cap says so (documents.MAX_LIST_PROBLEMS).
            stopped = next((p for p in exc.problems[MAX_PROBLEM_LINES:] if STOPPED in p), "")
            more = len(exc.problems) - MAX_PROBLEM_LINES - bool(stopped)
            _error(f"… and {more} more problem(s)" + (f"; {stopped}" if stopped else ""))
        sys.exit(1)
    except EscalatieError as exc:
        _error(str(exc))
        sys.exit(1)
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(1)
    except ModuleNotFoundError as exc:
        _error(_missing_module(exc))
        sys.exit(1)
    except OSError as exc:
        _silence_stdout()
        if exc.filename is None:
            _error(f"standard output: cannot write ({exc.strerror or exc})")
        else:
            _error(f"{exc.filename}: {exc.strerror or exc}")
        sys.exit(1)
