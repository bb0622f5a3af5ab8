"""Helpers shared by the sub-commands: the registry, the selected model, output."""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any, BinaryIO, Literal, TextIO, TypeVar, overload

import click

from escalatie.errors import EscalatieError, shown
from escalatie.naming import is_model_path
from escalatie.options import Choice as Choice  # the commands import it from here
from escalatie.plugins import Registry, default_registry

if TYPE_CHECKING:
    from pathlib import Path

    from escalatie.model import EscalationModel

# pathlib (with urllib.parse and ipaddress, 14 M instructions of start-up, issue 16) is
# imported where a path is worked with: the hints of an error, and writing a file (-o).

F = TypeVar("F", bound=Callable[..., Any])

aanspreekpunt_option = click.option(
    "--aanspreekpunt",
    "decided_by",
    metavar="KEY",
    help="With --override: which aanspreekpunt decided (one of the model's contact points, "
    "as describe lists them).",
)
"""``invite`` and ``case plan``: who decided an override (seed 000: the aanspreekpunt decides
whether a case goes to the table)."""


def registry() -> Registry:
    """The process-wide registry, told the core's command names (a plugin may not take one)."""
    reg = default_registry()
    if not reg.reserved_commands:
        from escalatie.cli import COMMANDS

        reg.reserved_commands = frozenset(COMMANDS)
    return reg


def selected_model(ctx: click.Context) -> EscalationModel:
    """The model chosen with ``-m`` or ``ESCALATIE_MODEL``, or a one-line error."""
    name = (ctx.find_root().obj or {}).get("model")
    reg = registry()
    if not name:
        raise click.UsageError(
            "no model selected: use -m MODEL or set ESCALATIE_MODEL; installed: "
            + (", ".join(reg.index()) or "none")
        )
    model = model_named(reg, name)
    from escalatie import collector

    collector.settled()  # start-up is over: the console script freezes what it built
    return model


def model_named(reg: Registry, name: str, option: str = "-m") -> EscalationModel:
    """``reg.model(name)``, or the model file at path ``name``; an error names ``option``, the
    option that gave the name (``-m``, or ``compare --models``). A name no installed model
    has, where a model file in the current folder has it (or is called so), says how to use
    that file (``docs/model-files.md``: a value ending in ``.toml`` or holding a ``/`` is a
    path); where several files have it, it names them all, so the user picks. Then the line
    is about the file only: no installed model is suggested before it."""
    from escalatie.errors import UnknownModel

    path = is_model_path(name)
    try:
        return reg.model_file(name, option) if path else reg.model(name)
    except UnknownModel as exc:
        if path:
            # A path names a file (``-m ./zeewolde``): the hint is the path with ``.toml``
            # added, if that is one, never the path prefixed once more.
            if not name.lower().endswith(".toml") and os.path.isfile(f"{name}.toml"):
                raise UnknownModel(
                    f"{option} {name}: no such model file; the model file {name}.toml is "
                    f"there: use {option} {name}.toml"
                ) from None
            close = close_model_file(name)
            if close is not None and exc.missing_file:
                raise UnknownModel(f"{exc}; did you mean {close}?") from None
            raise
        here = local_model_files(name)
        if not here:
            # A name with a dot is a file's (zeewolde.tom): its hint wins over an installed
            # model's that may be close too; otherwise that one stands.
            file_like = "." in name or exc.suggestion is None
            close = close_model_file(name) if file_like else None
            if close is not None:
                raise UnknownModel(
                    f"unknown model {name!r}; did you mean the model file {close}? use "
                    f"{option} {close}"
                ) from None
            raise
        # An installed file that could not be read may be the one meant (its folder's mode,
        # say): said first, so the files here do not hide it (docs/model-files.md: "`-m NAME` says a file could not be read").
        unread = f"{exc.unreadable}; " if exc.unreadable else ""
        if len(here) == 1:
            raise UnknownModel(
                f"unknown model {name!r}; {unread}the model file {here[0]} here is not "
                f"installed: use {option} {here[0]} (or add its folder to ESCALATIE_MODEL_PATH)"
            ) from None
        listed = ", ".join(here[:5]) + (f" and {len(here) - 5} more" if len(here) > 5 else "")
        raise UnknownModel(  # not the installed models' list: the line names the files
            f"unknown model {name!r}; {unread}{len(here)} model files here have that name, "
            f"none of them installed: {listed}; use {option} with the path of the one you "
            f"mean ({option} {here[0]})"
        ) from None


MAX_LOCAL_FILES = 100
"""At most this many ``*.toml`` files of the current folder are read for the hint."""


def close_model_file(given: str) -> str | None:
    """A model file whose name is close to ``given`` (``-m zeewolde.tom``: ``./zeewolde.toml``),
    for the error line only, so a typo in a file name gets a hint too. A path is
    looked for in its own folder; a name in the current folder and the folders of the model
    path (``ESCALATIE_MODEL_PATH``, the ``model_path`` setting). Only file names are compared
    (:mod:`difflib`), at most :data:`MAX_LOCAL_FILES` per folder; no file is read."""
    import difflib
    from pathlib import Path

    from escalatie.modelfile.catalog import search_path

    path = Path(given)
    if "/" in given or os.sep in given:
        folders = [(path.parent, given[: len(given) - len(path.name)])]
    else:
        try:
            on_path = search_path()
        except EscalatieError:  # a broken setting: the hint is not worth another error
            on_path = []
        folders = [(Path.cwd(), "./"), *((folder, f"{folder}{os.sep}") for folder in on_path)]
    wanted = path.name.partition(".")[0]  # zeewolde.tom, zeewolde.tml, zeewold: the stem
    for folder, shown_as in folders:
        try:
            names = sorted(p.name for p in folder.glob("*.toml"))[:MAX_LOCAL_FILES]
        except OSError:
            continue
        stems = {name.removesuffix(".toml"): name for name in names if name != path.name}
        close = difflib.get_close_matches(wanted, list(stems), n=1, cutoff=0.8)
        if close:
            return f"{shown_as}{stems[close[0]]}"
    return None


def local_model_files(name: str) -> list[str]:
    """The model files in the current folder that ``-m name`` may mean, as ``./FILE``:
    ``./NAME.toml`` if it exists, then every ``*.toml`` whose top-level ``name`` is ``name``,
    in file-name order (read only on this error path).

    The folder is anyone's: each file is read with :func:`escalatie.tomlfile.read_toml_bytes`
    (regular files of bounded size only, so a named pipe or a link to ``/dev/zero`` is passed
    over, never waited on) and parsed with :func:`~escalatie.tomlfile.parse_toml` (nesting too
    deep is a refusal, not a traceback); a file that cannot be read is skipped, and the error
    stays the one-line "unknown model"."""
    from pathlib import Path

    from escalatie.tomlfile import TomlFileError, parse_toml, read_toml_bytes

    folder = Path.cwd()
    found = [f"./{name}.toml"] if (folder / f"{name}.toml").is_file() else []
    for path in sorted(folder.glob("*.toml"))[:MAX_LOCAL_FILES]:
        shown = f"./{path.name}"
        if shown in found:
            continue
        try:
            data = parse_toml(read_toml_bytes(path))
        except (OSError, TomlFileError, RecursionError):
            continue
        if data.get("name") == name:
            found.append(shown)
    return found


def moment(value: str | None, name: str = "--at") -> datetime:
    """The moment from an option, or now (read at the CLI edge only)."""
    from escalatie.clock import parse_moment, system_clock  # zoneinfo: only when a moment is used

    return system_clock() if value is None else parse_moment(value, name)


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON output.")(f)


def at_option(f: F) -> F:
    return click.option(
        "--at",
        "at",
        metavar="DATETIME",
        help="The moment (ISO 8601; Europe/Amsterdam if no offset). Default: now.",
    )(f)


def output_option(f: F) -> F:
    return click.option(
        "-o", "--output", "output", metavar="FILE", help="Write to FILE instead of standard output."
    )(f)


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """``click.echo`` for text that may carry case text: escape sequences and other control
    characters removed (:func:`escalatie.neutralise.terminal.terminal_text`)."""
    from escalatie.neutralise.terminal import terminal_text

    click.echo(terminal_text(text), err=err, nl=nl)


def emit_json(data: Any) -> None:
    import json

    echo(json.dumps(data, ensure_ascii=False, indent=2))


class OutputError(EscalatieError):
    """The output could not be written: what was to be delivered was not (so a command that
    audits a delivery records it as failed, not as done)."""


def write_output(text: str, output: str | None, option: str = "-o/--output") -> None:
    """Write ``text`` to standard output or to the file ``output`` (see :func:`open_output`)."""
    if output is None or output == "-":
        echo(text, nl=not text.endswith("\n"))
        return
    with open_output(output, option) as handle:
        handle.write(text)


@overload
def open_output(
    output: str | None, option: str = ..., binary: Literal[False] = ...
) -> AbstractContextManager[TextIO]: ...
@overload
def open_output(
    output: str | None, option: str = ..., *, binary: Literal[True]
) -> AbstractContextManager[BinaryIO]: ...
def open_output(
    output: str | None, option: str = "-o/--output", binary: bool = False
) -> AbstractContextManager[IO[Any]]:
    """Where every command writes: standard output, or the file asked for and nothing else.

    - ``None`` or ``-``: standard output.
    - A path that is standard output or standard error already (``/dev/stdout``, a terminal):
      that stream.
    - A device such as ``/dev/null`` or a named pipe (or a link to one, ``/dev/fd/3``):
      written in place, never replaced, so ``/dev/full`` stays a device. It is opened without
      following a link (unless a link was asked for) and the open file is checked to be the
      one examined, still not a regular file: swapping a link to a file in between is refused.
    - Otherwise a regular file: written beside its target and moved into place when complete
      (an existing file keeps its permissions), so a reader never sees half a file and a
      failure leaves the old file as it was. The move replaces whatever is at the name then: a
      link planted there meanwhile is replaced, never written through.

    A missing folder is an error, not created: a typo must not scatter files. A folder, a link
    to nothing and a link to a regular file are refused (``-o`` never writes through a link
    into a file: in a shared folder someone else's link could point at any file of yours).
    Commands that say they create a folder do so themselves.
    """
    return _output(output, option, binary)


@contextmanager
def _output(output: str | None, option: str, binary: bool) -> Iterator[IO[Any]]:
    if output is None or output == "-":
        yield sys.stdout.buffer if binary else sys.stdout
        return
    from pathlib import Path

    target = Path(output)
    stream = _same_as_standard(target)
    if stream is not None:
        yield stream.buffer if binary else stream
        return
    try:
        link = stat.S_ISLNK(os.lstat(target).st_mode)
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
        if target.is_symlink():
            raise OutputError(f"{option}: {shown(output)} is a link to nothing") from None
    except OSError as exc:
        raise OutputError(f"{option}: cannot write {shown(output)} ({exc.strerror})") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{option}: {shown(output)} is a folder; expected a file name")
    if info is not None and link and stat.S_ISREG(info.st_mode):
        raise OutputError(
            f"{option}: {shown(output)} is a link to a file; -o never writes through a link, "
            f"expected the file itself ({shown(str(target.resolve()))}) or a new name"
        )
    if info is not None and stat.S_ISREG(info.st_mode):
        own = _own_file(target)
        if own:
            raise OutputError(
                f"{option}: {shown(output)} is {own}; it is never overwritten, choose another file"
            )
    if not target.parent.is_dir():
        raise OutputError(
            f"{option}: the folder {shown(str(target.parent))} does not exist; expected an "
            "existing folder (create it first)"
        )
    try:
        if info is not None and not stat.S_ISREG(info.st_mode):
            with _in_place(target, info, link, option, binary) as handle:
                yield handle
        else:
            with _beside(target, info, binary) as handle:
                yield handle
    except OSError as exc:
        raise OutputError(
            f"{option}: cannot write {shown(output)} ({exc.strerror or exc})"
        ) from None
    click.echo(f"wrote {output}", err=True)


_SQLITE_HEADER = b"SQLite format 3\x00"
_COMPANIONS = ("-wal", "-shm", "-journal")


def _is_register(path: Path) -> bool:
    """An escalatie register: a SQLite file whose ``application_id`` (bytes 68-71 of the
    header) is the register's."""
    from escalatie.register.migrations import APPLICATION_ID

    try:
        with path.open("rb") as handle:
            header = handle.read(72)
    except OSError:
        return False
    return header[:16] == _SQLITE_HEADER and int.from_bytes(header[68:72], "big") == APPLICATION_ID


def _own_file(target: Path) -> str:
    """What ``target`` is, if it is one of the program's own files that ``-o`` must never
    replace (an attacker's or a typo's ``-o`` would destroy every case, or the key that makes
    the pseudonyms and seals the audit): else ''."""
    from pathlib import Path

    from escalatie.register.chain import HEADS_FOLDER
    from escalatie.secret import key_path
    from escalatie.settings import config_path

    real = target.resolve()
    if real == Path(key_path()).resolve():
        return "the pseudonym key file"
    if real == Path(config_path()).resolve():
        return "the settings file"
    if real.suffix == ".head" and real.parent.name == HEADS_FOLDER:
        return "an audit chain head"
    if _is_register(real):
        return "an escalatie register"
    for suffix in _COMPANIONS:
        if real.name.endswith(suffix) and _is_register(real.with_name(real.name[: -len(suffix)])):
            return "part of an escalatie register"
    return ""


def _same_as_standard(target: Path) -> TextIO | None:
    """Standard output or error when ``target`` is the very file they write to."""
    for stream, real in ((sys.stdout, sys.__stdout__), (sys.stderr, sys.__stderr__)):
        if real is None or stream is not real:
            continue  # replaced (a test runner's capture): not a file descriptor of ours
        try:
            mine, theirs = os.fstat(real.fileno()), os.stat(target)
        except (OSError, ValueError):
            continue
        if (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino):
            return stream
    return None


@contextmanager
def _in_place(
    target: Path, checked: os.stat_result, link: bool, option: str, binary: bool
) -> Iterator[IO[Any]]:
    """``target``, a device or pipe (``checked``), opened for writing; refused when what opens
    is not that file, or is a regular file, so a link or file swapped in after the check is
    never written to. Not truncated: a device or pipe has nothing to cut.

    Opened without waiting: a named pipe no program reads would otherwise hold the command
    (and the register's transaction) until one does; it is refused instead.
    Writing then waits as usual, for a reader that is slower than the command."""
    nonblocking = getattr(os, "O_NONBLOCK", 0)
    flags = os.O_WRONLY | nonblocking | (0 if link else getattr(os, "O_NOFOLLOW", 0))
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a link where a device or pipe was examined
            raise _changed(target, option) from None
        if exc.errno == errno.ENXIO and stat.S_ISFIFO(checked.st_mode):
            raise OutputError(
                f"{option}: {shown(str(target))} is a named pipe that no program reads; "
                "start its reader first, or give a file"
            ) from None
        raise
    if nonblocking:
        os.set_blocking(fd, True)
    opened = os.fstat(fd)
    if stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (
        checked.st_dev,
        checked.st_ino,
    ):
        os.close(fd)
        raise _changed(target, option)
    with (
        os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
    ) as handle:
        yield handle


def _changed(target: Path, option: str) -> OutputError:
    return OutputError(
        f"{option}: {shown(str(target))} changed while it was opened (a link or file put in "
        "its place); nothing was written"
    )


@contextmanager
def _beside(target: Path, existing: os.stat_result | None, binary: bool) -> Iterator[IO[Any]]:
    import tempfile  # only when a file is written

    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~_umask()
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        with (
            os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        ) as handle:
            yield handle
        os.replace(temp, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
