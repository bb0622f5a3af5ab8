"""``examples``: list the installed example cases, or write one out as a case document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from escalatie.cli.common import emit_json, json_option, output_option, registry, write_output

if TYPE_CHECKING:
    from escalatie.examples import ExampleCase


@click.command()
@click.argument("name", required=False, metavar="[NAME]")
@json_option
@output_option
def examples(name: str | None, as_json: bool, output: str | None) -> None:
    """List example cases (name, case reference, age, life domains, title, source), or write
    NAME out.

    The reference is what `escalatie compare --examples --show-reference` names each row by
    (without --show-reference rows carry the reference's keyed pseudonym, as triage shows it).
    With NAME the example is written as a case document, exactly as stored and not
    pseudonymised: it is input for `escalatie triage`, like your own case files. That is safe
    only because example data is invented (no real people); one example carries an invented
    identity block to show what pseudonymisation removes from outbound artifacts.
    """
    reg = registry()
    if name is None:
        if output is not None:
            raise click.UsageError("-o/--output needs an example NAME; see `escalatie examples`")
        rows = [_row(e) for e in reg.examples.values()]
        if as_json:
            emit_json(rows)
            return
        if not rows:
            click.echo("no example cases installed (is ESCALATIE_PLUGINS set to load none?)")
        width = max((len(r["name"]) for r in rows), default=0)
        wide = max((len(r["reference"]) for r in rows), default=0)
        for r in rows:
            click.echo(
                f"{r['name']:<{width}}  {r['reference']:<{wide}}  age {r['age']:>2}  "
                f"{', '.join(r['domains'])}\n{'':<{width}}  {r['title']}  [{r['source']}]"
            )
        return
    if as_json:
        raise click.UsageError("--json lists the examples; with NAME the output is JSON already")
    from escalatie.documents import dump_json

    write_output(dump_json(reg.example(name).case), output)


def _row(example: ExampleCase) -> dict[str, Any]:
    case = example.case
    return {
        "name": example.name,
        "title": example.title,
        "reference": case.reference,
        "age": case.age,
        "domains": [d.kind.value for d in case.domains],
        "safety": case.safety.level.value,
        "source": example.source.cite(),
    }
