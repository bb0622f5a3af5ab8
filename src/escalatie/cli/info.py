"""``plugins``, ``models``, ``describe`` and ``schema``: what is installed and what it does."""

from __future__ import annotations

from typing import Any

import click

from escalatie.cli import end_quickly
from escalatie.cli.common import Choice, echo, emit_json, json_option, registry, selected_model
from escalatie.plugins import INTERNAL_PLUGINS


def plugin_rows() -> list[dict[str, Any]]:
    """Each registered plugin with distribution, version, entry point and hooks."""
    reg = registry()
    pm = reg.pm
    rows = []
    _ = reg.commands  # collected first, so the registry knows who contributed each command
    owners: dict[str, list[str]] = {}
    for command, owner in reg.contributors["command"].items():
        owners.setdefault(owner, []).append(command)
    for name, plugin in sorted(pm.list_name_plugin(), key=lambda p: p[0]):
        ep = pm.entry_points.get(name)
        dist = ep.dist if ep is not None else None
        hooks = sorted(caller.name for caller in (pm.get_hookcallers(plugin) or []) if caller.name)
        rows.append(
            {
                "name": name,
                "internal": name in INTERNAL_PLUGINS,
                "distribution": dist.name if dist is not None else "escalatie",
                "version": dist.version if dist is not None else _own_version(),
                "entry_point": f"{ep.name} = {ep.value}" if ep is not None else None,
                "hooks": hooks,
                "commands": sorted(owners.get(name, ())),
            }
        )
    return rows


def _own_version() -> str:
    from escalatie import __version__

    return __version__


@click.command()
@json_option
def plugins(as_json: bool) -> None:
    """List installed plugins: distribution, version, entry point and the hooks each implements."""
    rows = plugin_rows()
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        origin = "internal" if row["internal"] else row["entry_point"]
        click.echo(f"{row['name']}  {row['distribution']} {row['version']}  ({origin})")
        click.echo(f"    hooks: {', '.join(row['hooks'])}")
        if row["commands"]:
            click.echo(f"    commands: {', '.join(row['commands'])}")


@click.command()
@json_option
def models(as_json: bool) -> None:
    """List installed escalation models with municipality, forum kind and plugin.

    Model files are described from their TOML without compiling them. A file that cannot be
    read, and a name two sources give, is one error line each, after the list (exit code 1);
    `escalatie model check` compiles every installed file.
    """
    rows, problems = registry().summaries()
    if as_json:
        emit_json(rows)
    elif not rows and not problems:
        click.echo("no models installed (is ESCALATIE_PLUGINS set to load none?)")
    width = max((len(r["name"]) for r in rows), default=0)
    for r in [] if as_json else rows:
        echo(
            f"{r['name']:<{width}}  {r['municipality']}: {r['title']} ({r['forum_kind']}, plugin {r['plugin']})"
        )
    for line in problems:
        echo(f"error: {line}", err=True)
    if problems:
        raise SystemExit(1)
    end_quickly()  # the list is its only effect: no teardown of the plugins' modules


@click.command()
@json_option
@click.pass_context
def describe(ctx: click.Context, as_json: bool) -> None:
    """Describe the selected model: ladder, contact points and mandates, forums, routes, learning."""
    from escalatie.describe import describe as build
    from escalatie.describe import render

    data = build(registry(), selected_model(ctx))
    if as_json:
        emit_json(data)
    else:
        echo(render(data), nl=False)
    end_quickly()  # the description is its only effect: no teardown of the compiled model


@click.command()
@click.argument(
    "document",
    type=Choice(["case", "model", "compare-row", "simulate-row"]),
    default="case",
)
def schema(document: str) -> None:
    """Print the JSON Schema (draft 2020-12) of a case document, model files or output rows.

    The model schema includes the predicates the installed plugins register; compare-row and
    simulate-row describe one row of compare and simulate output, every column with its type
    and meaning.
    """
    if document == "model":
        from escalatie.modelfile.schema import model_schema
        from escalatie.predicates import core_predicates

        reg = registry()
        vocabulary = reg.vocabulary()
        data = model_schema(
            {**core_predicates(vocabulary.step_kinds), **reg.predicates}, vocabulary.forum_kinds
        )
    elif document == "compare-row":
        from escalatie.research.compare import COMPARE_ROW

        data = COMPARE_ROW.json_schema()
    elif document == "simulate-row":
        from escalatie.research.simulate import SIMULATION_ROW

        data = SIMULATION_ROW.json_schema()
    else:
        from escalatie.schema import case_schema

        data = case_schema()
    import json

    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
