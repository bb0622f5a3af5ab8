"""``model new`` and ``model check``: writing and checking model files."""

from __future__ import annotations

from pathlib import Path

import click

from escalatie.cli.common import echo, output_option, registry, write_output
from escalatie.errors import EscalatieError


@click.group()
def model() -> None:
    """Write and check model files (a municipality's model as TOML)."""


@model.command("new")
@click.argument("name")
@output_option
def new(name: str, output: str | None) -> None:
    """Write a commented starter model NAME that passes `model check` as it is."""
    from escalatie.modelfile.starter import NAME, starter

    if not NAME.match(name):
        raise click.BadParameter(
            f"expected lower-case letters, digits and '-' (such as zeewolde-tafel), got {name!r}",
            param_hint="NAME",
        )
    if output is not None and output != "-" and Path(output).exists():
        raise EscalatieError(f"-o/--output: {output} exists already; choose another file")
    write_output(starter(name, output if output not in (None, "-") else None), output)


@model.command("check")
@click.argument("files", nargs=-1, metavar="[FILE...]")
def check(files: tuple[str, ...]) -> None:
    """Check model files: every problem on its own line, with its path in the file.

    Without FILE, every installed model file (plugins' and those on ESCALATIE_MODEL_PATH or
    the model_path setting) is compiled. A sound file is confirmed on standard output
    (`FILE: ok`); every problem is an `error:` line on standard error, as every other error,
    and the exit code is 1. A route file (routes only, no name) is checked too.
    """
    from escalatie.modelfile.check import check_file, check_installed

    problems: list[str] = []
    if not files:
        sound, problems = check_installed(registry())
        for label in sound:
            echo(f"{label}: ok")
    for path in files:
        found = check_file(registry(), path)
        problems += found
        if not found:
            echo(f"{path}: ok")
    for line in problems:
        echo(f"error: {line}", err=True)
    if problems:
        raise SystemExit(1)
