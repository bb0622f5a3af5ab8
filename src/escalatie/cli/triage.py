"""``triage``: the route a case is eligible for in the selected model, and why."""

from __future__ import annotations

import click

from escalatie.cli import end_quickly
from escalatie.cli.common import (
    at_option,
    echo,
    emit_json,
    json_option,
    moment,
    registry,
    selected_model,
)


@click.command()
@click.argument("case_file", metavar="CASE.json")
@at_option
@json_option
@click.option(
    "--show-reference",
    is_flag=True,
    help="Print the case's own reference instead of its pseudonym (casus-...).",
)
@click.pass_context
def triage(
    ctx: click.Context, case_file: str, at: str | None, as_json: bool, show_reference: bool
) -> None:
    """Route CASE.json ('-' for standard input) through the selected model.

    The case is shown by its keyed pseudonym (see docs/privacy.md), not by its reference, which
    may link back to a person's file; --show-reference prints the reference.
    """
    import attrs

    from escalatie.documents import load_case
    from escalatie.privacy import pseudonym, pseudonymise
    from escalatie.report import render_triage, triage_data
    from escalatie.triaging import triage as run

    model = selected_model(ctx)
    when = moment(at)
    case = load_case(case_file)
    shown = case.reference if show_reference else pseudonym(case.reference)
    case = attrs.evolve(pseudonymise(case), reference=shown)
    result = run(registry(), model, case, when)
    if as_json:
        emit_json(triage_data(result))
    else:
        echo(render_triage(registry(), result), nl=False)
    # The route printed is the command's only effect: the process ends without the
    # interpreter's teardown of the model and the modules (9 M instructions, issue 16).
    end_quickly()
