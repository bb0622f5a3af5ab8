"""Helpers shared by the sub-commands: the registry, the selected model, output."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from escalatie.clock import parse_moment, system_clock
from escalatie.errors import EscalatieError
from escalatie.model import EscalationModel
from escalatie.plugins import Registry, default_registry

F = TypeVar("F", bound=Callable[..., Any])


def registry() -> Registry:
    return default_registry()


def selected_model(ctx: click.Context) -> EscalationModel:
    """The model chosen with ``-m`` or ``ESCALATIE_MODEL``, or a one-line error."""
    name = (ctx.find_root().obj or {}).get("model")
    reg = registry()
    if not name:
        raise click.UsageError(
            "no model selected: use -m MODEL or set ESCALATIE_MODEL; installed: "
            + (", ".join(reg.models) or "none")
        )
    return reg.model(name)


def moment(value: str | None, name: str = "--at") -> datetime:
    """The moment from an option, or now (read at the CLI edge only)."""
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


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def write_output(text: str, output: str | None) -> None:
    """Write to a file (created with its folder) or to standard output."""
    if output is None or output == "-":
        click.echo(text, nl=not text.endswith("\n"))
        return
    path = Path(output)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise EscalatieError(f"-o/--output: cannot write {output} ({exc.strerror})") from None
    click.echo(f"wrote {output}", err=True)
