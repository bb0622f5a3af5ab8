"""``model new`` and ``model check``: writing and checking model files."""

from __future__ import annotations

import re
from pathlib import Path

import click

from escalatie.cli.common import echo, output_option, registry, write_output
from escalatie.errors import EscalatieError, cut
from escalatie.naming import is_model_path


@click.group()
def model() -> None:
    """Write and check model files (a municipality's model as TOML)."""


@model.command("new")
@click.argument("name")
@click.option(
    "--municipality",
    metavar="NAME",
    help="The municipality, as it is written (Noord-Beveland, 's-Hertogenbosch). Default: the"
    " parts of the model's NAME before its forum word (noord-beveland-jeugdtafel).",
)
@output_option
def new(name: str, municipality: str | None, output: str | None) -> None:
    """Write a commented starter model NAME that passes `model check` as it is."""
    from escalatie.modelfile.starter import (
        FORUM_WORD,
        MUNICIPALITY,
        municipality_of,
        spelled,
        starter,
    )
    from escalatie.validation import MODEL_NAME_EXPECTED, is_model_name

    if not is_model_name(name):
        # "Zeewolde-Tafel" is refused with the name it means.
        fixed = "-".join(name.strip().lower().replace("_", " ").split())
        hint = f"; did you mean {fixed}?" if fixed != name and is_model_name(fixed) else ""
        raise click.BadParameter(
            f"{MODEL_NAME_EXPECTED}, got {name!r}{hint}",
            param_hint="NAME",
        )
    if municipality is not None:
        municipality = municipality.strip()
        if not MUNICIPALITY.match(municipality):
            raise click.BadParameter(
                "expected the municipality's name in letters, spaces and - ' ( ) . (such as"
                f" Noord-Beveland), at most 80 characters, got {cut(repr(municipality), 60)}",
                param_hint="--municipality",
            )
    if output is not None and output != "-" and Path(output).exists():
        raise EscalatieError(f"-o/--output: {output} exists already; choose another file")
    if municipality is None:
        # noord-beveland-jeugdtafel is not "Noord": the parts before the
        # forum word are the municipality's; where that is unsure, the user names it.
        municipality = municipality_of(name)
        if municipality is None:
            parts = [p for p in name.split("-") if p.isalpha() and not FORUM_WORD.search(p)]
            how = (
                f"name it: --municipality {_shell(spelled(parts))}"
                if parts
                else "name it with --municipality NAME"
            )  # parts: the words of the name, its digits and forum words left out
            raise click.BadParameter(
                f"cannot tell the municipality from {name!r} (expected a name such as"
                " noord-beveland-jeugdtafel: the municipality, then a forum word such as tafel"
                f" or overleg); {how}",
                param_hint="NAME",
            )
        echo(
            f'note: municipality "{municipality}", read from the name; --municipality NAME'
            " sets another",
            err=True,
        )
    text = starter(name, output if output not in (None, "-") else None, municipality)
    write_output(text, output)


def _shell(words: str) -> str:
    """A municipality's name as the shell takes it: in double quotes when it needs quoting
    (it holds no double quote, :data:`~escalatie.modelfile.starter.MUNICIPALITY`)."""
    return words if re.fullmatch(r"[\w.-]+", words) else f'"{words}"'


@model.command("check")
@click.argument("files", nargs=-1, metavar="[FILE...]")
@click.pass_context
def check(ctx: click.Context, files: tuple[str, ...]) -> None:
    """Check model files: every problem on its own line, with its path in the file.

    Without FILE, every installed model file (plugins' and those on ESCALATIE_MODEL_PATH or
    the model_path setting) is compiled; with -m MODEL only the selected model's file, and -m
    goes without FILE (ESCALATIE_MODEL does not narrow the check). A sound file is confirmed on standard output
    (`FILE: ok`); every problem is an `error:` line on standard error, as every other error,
    and the exit code is 1. A route file (routes only, no name) is checked too. A sound FILE
    that still cites the starter's placeholder document gets a `warning:` line (exit code 0).
    """
    from escalatie.modelfile.check import check_file, check_installed, placeholder_warnings

    problems: list[str] = []
    root = ctx.find_root()
    typed = root.get_parameter_source("model") is click.core.ParameterSource.COMMANDLINE
    # -m as typed only: a model ESCALATIE_MODEL selects for every command does not stop
    # `model check FILE` nor narrow `model check` (attacker tests run with it set)
    selected = (root.obj or {}).get("model") if typed else None
    if selected and files:
        # `-m zeewolde.toml model check` would check every installed file and say nothing of
        # -m; two ways to name what to check are one too many
        raise click.UsageError(
            f"-m {selected} selects the model file to check, and FILE names others: give one "
            f"of them (`escalatie model check {files[0]}`, or "
            f"`escalatie -m {selected} model check`)"
        )
    if selected and not is_model_path(selected):
        sound, problems = check_installed(registry(), only=installed_file(selected))
        for label in sound:
            echo(f"{label}: ok")
    elif selected:
        files = (selected,)
    elif not files:
        sound, problems = check_installed(registry())
        for label in sound:
            echo(f"{label}: ok")
    for path in files:
        found = check_file(registry(), path)
        problems += found
        if not found:
            echo(f"{path}: ok")
            for line in placeholder_warnings(path):
                echo(f"warning: {line}", err=True)
    for line in problems:
        echo(f"error: {line}", err=True)
    if problems:
        raise SystemExit(1)


def installed_file(name: str) -> str:
    """The installed model ``name``, which a model file must describe; a model written in
    Python (a plugin's) is one usage error line, an unknown name the line it gets everywhere."""
    from escalatie.cli.common import model_named

    reg = registry()
    sources = reg.index().get(name)
    if sources is None:
        model_named(reg, name)  # raises: no installed model has that name
    if sources and any(not s.startswith("plugin ") for s in sources):
        return name
    raise click.UsageError(
        f"-m {name}: a model written in Python ({sources[0] if sources else 'a plugin'}), "
        "not a model file; `model check` checks model files (without -m: every installed one)"
    )
