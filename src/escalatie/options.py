"""Option types shared by the core's commands and the plugins' commands (through
:mod:`escalatie.api`), apart from :mod:`escalatie.cli` so that a plugin's command module does
not import the command line when the registry collects its commands."""

from __future__ import annotations

from typing import Any

import click

from escalatie.errors import EscalatieError, shown


class Choice(click.Choice):  # type: ignore[type-arg]
    """``click.Choice`` whose refusal is the CLI's one line with exit code 1, naming the
    option, the accepted values and the closest one: ``--outcome: expected one of resolved,
    …, got 'solved' (did you mean resolved?)``. A misspelt value is bad input, as a misspelt
    date is (README: exit code 1, one line per problem, naming the field), not click's
    three-line usage error with exit code 2."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            import difflib

            allowed = [str(c) for c in self.choices]
            close = difflib.get_close_matches(str(value), allowed, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            name = _parameter_name(param)
            raise EscalatieError(
                f"{name}expected one of {', '.join(allowed)}, got {shown(value)}{hint}"
            ) from None


def _parameter_name(param: click.Parameter | None) -> str:
    """``--outcome: `` for an option (its longest name), ``FORMAT: `` for an argument."""
    if param is None:
        return ""
    if isinstance(param, click.Option) and param.opts:
        return max(param.opts, key=len) + ": "
    return f"{param.human_readable_name}: "


__all__ = ["Choice"]
