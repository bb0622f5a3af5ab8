"""``triage``: the route a case is eligible for in the selected model, and why."""

from __future__ import annotations

import click

from escalatie.cli.common import at_option, emit_json, json_option, moment, registry, selected_model


@click.command()
@click.argument("case_file", metavar="CASE.json")
@at_option
@json_option
@click.pass_context
def triage(ctx: click.Context, case_file: str, at: str | None, as_json: bool) -> None:
    """Route CASE.json ('-' for standard input) through the selected model."""
    from escalatie.documents import load_case
    from escalatie.report import render_triage, triage_data
    from escalatie.triage import triage as run

    model = selected_model(ctx)
    when = moment(at)
    case = load_case(case_file)
    result = run(registry(), model, case, when)
    if as_json:
        emit_json(triage_data(result))
    else:
        click.echo(render_triage(registry(), result), nl=False)
