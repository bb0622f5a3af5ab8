"""The one error family that is shown to the user.

Everything the library raises on bad input derives from :class:`EscalatieError`; the CLI turns
it into a one-line message and exit code 1, never a traceback.
"""

from __future__ import annotations


class EscalatieError(Exception):
    """An error whose message is shown to the user as it is (one line, names the field)."""


class InvalidDocument(EscalatieError):
    """A document did not match its schema; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


class UnknownModel(EscalatieError):
    """No installed escalation model has the requested name."""


class PluginConflict(EscalatieError):
    """Two plugins contributed something under the same name."""
