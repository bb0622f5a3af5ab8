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

    def __reduce__(self) -> tuple[type[InvalidDocument], tuple[list[str]]]:
        # Rebuilt from its problems in another process (compare --jobs), not from the message.
        return (type(self), (self.problems,))


class UnknownModel(EscalatieError):
    """No installed escalation model has the requested name (or no model file is at a path).

    What the command line builds its hint from is in fields, not in the message's words (a
    reworded message must not change which hint a user gets): ``missing_file`` is true when
    the name was a path and no file is there; ``suggestion`` is the installed model whose
    name is close, when there is one (the "did you mean" of the message); ``unreadable`` is
    the clause naming installed model files that could not be read (one of them may be the
    model asked for), empty when every file was read."""

    def __init__(
        self,
        message: str,
        *,
        missing_file: bool = False,
        suggestion: str | None = None,
        unreadable: str = "",
    ) -> None:
        super().__init__(message)
        self.missing_file = missing_file
        self.suggestion = suggestion
        self.unreadable = unreadable


class PluginConflict(EscalatieError):
    """Two plugins contributed something under the same name."""


class RegisterError(EscalatieError):
    """The register cannot be used (not SQLite, corrupt, foreign, locked, too new, damaged).

    Defined here, below every module of :mod:`escalatie.register`, so that the modules that
    raise it (the store, the audit chain, the row seals) import it without importing each
    other; :mod:`escalatie.register.store` and the package still name it."""


class PluginError(EscalatieError):
    """A plugin could not be loaded, or one of its hook implementations failed: the message
    names the plugin (and the hook) in one line."""


ECHO_LIMIT = 80
"""At most this many characters of a value are echoed in an error message: a 1 MB field must
not become a 1 MB error line (and a terminal must not be flooded with it)."""


def cut(text: str, limit: int = ECHO_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, the last one an ellipsis when it was longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


_CLOSING = {"(": ")", "[": "]", "'": "'"}


def cut_words(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, an ellipsis after it and
    the brackets and quotes left open closed, so a cut error line still reads as one (not a
    quote cut mid-word without its closing bracket)."""
    if len(text) <= limit:
        return text
    room = max(limit - 12, 1)  # the ellipsis and a few closing marks
    head = text[:room]
    space = head.rfind(" ")
    if space > room // 2:
        head = head[:space]
    head = head.rstrip(" ,;:")
    opened: list[str] = []
    for i, c in enumerate(head):
        if c in "([" or (c == "'" and head[i - 1 : i] == "("):
            opened.append(c)
        elif opened and c == _CLOSING[opened[-1]] and (c != "'" or head[i + 1 : i + 2] == ")"):
            opened.pop()
    return head + " …" + "".join(_CLOSING[c] for c in reversed(opened))[: limit - len(head) - 2]


def shown(value: object, limit: int = ECHO_LIMIT) -> str:
    """A value as an error message echoes it: its ``repr``, on one line, cut to ``limit``.

    Strings are cut before ``repr`` so a huge value costs nothing; a whole number too long for
    Python to print (more than ``sys.get_int_max_str_digits()`` digits) is described instead.
    """
    if isinstance(value, str):
        return cut(repr(value[: limit + 1]), limit)
    try:
        text = repr(value)
    except ValueError:  # int too long to convert to text
        return "a whole number of more than 4300 digits"
    return cut(text, limit)


def is_text(value: str) -> bool:
    """Text that can be written as UTF-8: no lone surrogate. ``"\\udc80"`` is valid JSON, and
    undecodable bytes in an argument reach Python as one; neither a register nor a calendar
    file can hold it."""
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
