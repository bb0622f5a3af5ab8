"""Rules as model files write them: id, English text, source and one predicate.

A rule is a table::

    {id = "zuiderveen.adult", text = "The young person is 18 or older.",
     source = {document = "beleid", section = "art. 3"}, age_between = [18, 27]}

or the id of a rule in the file's ``[rules]`` table. A rule that is a value to check a plan
against rather than a gate says ``enforced = false`` and has no predicate: triage lists it
as an action where it is a check, and ``describe`` shows it as not enforced.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from escalatie.predicates import Compiler
from escalatie.rules import Rule
from escalatie.sources import Source

RULE_KEYS = ("id", "text", "source", "enforced")


class RuleCompiler:
    """Compiles the rules of one file, each once; problems go to ``compiler.problems``."""

    def __init__(
        self,
        compiler: Compiler,
        table: Mapping[str, Any],
        resolve: Callable[[Any, str], Source | None],
        default: Source | None,
        expressions: dict[int, Any] | None = None,
    ) -> None:
        self.compiler = compiler
        self.expressions: dict[int, Any] = {} if expressions is None else expressions
        """Each compiled rule's predicate table as written, by ``id`` of the rule (with the
        rule, which keeps the id its own): what :mod:`escalatie.modelcache` keeps in place of
        the test, and builds the test again from with the live predicates."""
        self.table = table
        self.resolve = resolve
        self.default = default
        self._named: dict[str, Rule | None] = {}

    @property
    def problems(self) -> list[str]:
        return self.compiler.problems

    def named(self, name: str, path: str) -> Rule | None:
        """The rule ``name`` of the ``[rules]`` table."""
        if name not in self.table:
            import difflib

            close = difflib.get_close_matches(name, list(self.table), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            self.problems.append(f"{path}: unknown rule '{name}'{hint} (not in [rules])")
            return None
        if name not in self._named:
            self._named[name] = None  # a rule that names itself ends here
            self._named[name] = self.rule(self.table[name], f"rules.{_key(name)}", name)
        return self._named[name]

    def rule(
        self,
        raw: Any,
        path: str,
        default_id: str = "",
        gate: bool = False,
        default_source: Source | None = None,
    ) -> Rule | None:
        """The rule written at ``path``; ``gate`` for entry rules, conditions, prerequisites."""
        if isinstance(raw, Rule):  # from a Python model a file extends
            return raw
        if isinstance(raw, str):
            named = self.named(raw, path)
            if gate and named is not None and not named.enforced:
                self.problems.append(
                    f"{path}: rule '{raw}' is not enforced; a gate (entry, condition, "
                    "prerequisite) must be, a value to check a plan against belongs in checks"
                )
                return None
            return named
        if not isinstance(raw, dict):
            self.problems.append(
                f"{path}: expected a rule table (id, text, source and a predicate) or the id of "
                f"a rule in [rules], got {raw!r}"
            )
            return None
        before = len(self.problems)
        rule_id = raw.get("id", default_id)
        text = raw.get("text")
        if not isinstance(rule_id, str) or not rule_id.strip():
            self.problems.append(f"{path}.id: expected the rule's id, such as 'zuiderveen.adult'")
        if not isinstance(text, str) or not text.strip():
            self.problems.append(
                f"{path}.text: expected the rule in English, as the source says it"
            )
        enforced = raw.get("enforced", True)
        if not isinstance(enforced, bool):
            self.problems.append(f"{path}.enforced: expected true or false, got {enforced!r}")
            enforced = True
        if "source" in raw:
            source = self.resolve(raw["source"], f"{path}.source")
        else:
            source = default_source or self.default
            if source is None:
                self.problems.append(f"{path}.source: expected the document the rule comes from")
        predicates = [k for k in raw if k not in RULE_KEYS]
        test = None
        if not enforced:
            if gate:
                self.problems.append(
                    f"{path}.enforced: a gate (entry, condition, prerequisite) must be enforced; "
                    "a value to check a plan against belongs in checks or principles"
                )
            if predicates:
                self.problems.append(
                    f"{path}: a rule with enforced = false has no predicate, got "
                    + ", ".join(predicates)
                )
        elif not predicates:
            self.problems.append(
                f'{path}: expected one predicate (such as has_obstacle = "waiting_list"), or '
                "enforced = false for a value to check a plan against"
            )
        elif len(predicates) > 1:
            names = [p for p in predicates if p in self.compiler.names()]
            for name in predicates:
                if name not in names:
                    self.compiler.unknown(name, path)
            if len(names) > 1:
                self.problems.append(
                    f"{path}: expected one predicate, got {', '.join(names)}; combine them with "
                    "all = [...] or any = [...]"
                )
        else:
            expression = {predicates[0]: raw[predicates[0]]}
            test = self.compiler.call(predicates[0], raw[predicates[0]], path)
        if len(self.problems) > before or source is None:
            return None
        assert isinstance(rule_id, str) and isinstance(text, str)
        if not enforced:
            return Rule(rule_id, text, source, enforced=False)
        assert test is not None
        rule = Rule(rule_id, text, source, test)
        self.expressions[id(rule)] = (rule, expression)
        return rule


def _key(name: str) -> str:
    """A TOML key as it is written in a path: quoted when it has dots or other characters."""
    return name if name.replace("-", "").replace("_", "").isalnum() else f'"{name}"'
