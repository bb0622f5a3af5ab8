"""An escalation model: contact points, forums and onward routes tied into a ladder.

The vocabulary is borrowed from case management (CMMN): each rung of the ladder is a
:class:`Step` with entry criteria (any one lets a case in), conditions (all must hold),
prerequisites (earlier steps that must have been taken) and checks (extra actions that fire
when their rule holds).
"""

from __future__ import annotations

from attrs import field, frozen

from escalatie.forum import Forum, ForumKind
from escalatie.learning_policy import AgreementsPolicy, LearningOutput
from escalatie.organisation import SUBMITTER_AUDIENCES, Audience, ContactPoint, Power
from escalatie.routes import OnwardRoute
from escalatie.rules import Rule
from escalatie.sources import Source


@frozen
class Step:
    """One rung of the ladder: a forum or contact point a case can be routed to."""

    key: str
    name: str
    description: str
    entry: tuple[Rule, ...]
    forum: str | None = None
    contact_point: str | None = None
    conditions: tuple[Rule, ...] = ()
    prerequisites: tuple[Rule, ...] = ()
    checks: tuple[Rule, ...] = ()
    applicants: frozenset[Audience] = frozenset()
    """Who may bring a case to this step; empty means anyone. Triage enforces it as a
    condition (see :func:`applicants_rule`), citing ``applicants_source``."""
    applicants_source: Source | None = None

    def all_conditions(self, model: EscalationModel) -> tuple[Rule, ...]:
        """The conditions triage enforces: the step's own and, if set, who may apply."""
        applicants = self.applicants_rule(model.name, model.source)
        return (*self.conditions, *((applicants,) if applicants is not None else ()))

    def applicants_rule(self, model: str, fallback: Source) -> Rule | None:
        """The condition that the submitter is one of ``applicants``, or None if anyone may."""
        if not self.applicants:
            return None
        allowed = self.applicants
        names = ", ".join(sorted(a.value.replace("_", " ") for a in allowed))
        return Rule(
            f"{model}.{self.key}.applicants",
            f"Who may bring a case to {self.name}: {names}.",
            self.applicants_source or fallback,
            lambda case, at: not allowed.isdisjoint(SUBMITTER_AUDIENCES[case.submitter.role]),
        )


MAX_FORUMS = 50
"""Forums one model may have (docs/model-files.md): a bound on what one model file can make
every command expand."""


@frozen
class DeclaredSetting:
    """A key a municipality may set in the model's table of the settings file, with its
    default as text (model files: ``[settings]``), so ``describe`` can list it."""

    key: str
    default: str
    minimum: int | None = None
    description: str = ""
    """What the setting is for, as the file declares it (where a key is declared only because
    several files share one settings table, it says whose it is)."""


@frozen
class EscalationModel:
    """A municipality's escalation model, as contributed by a plugin."""

    name: str
    municipality: str
    title: str
    summary: str
    source: Source
    contact_points: tuple[ContactPoint, ...]
    forums: tuple[Forum, ...]
    ladder: tuple[Step, ...]
    onward_routes: tuple[str, ...] = ()
    learning: tuple[LearningOutput, ...] = ()
    principles: tuple[Rule, ...] = ()
    temporary: bool = False
    agreements: AgreementsPolicy = field(factory=AgreementsPolicy)
    settings_table: str = ""
    """The table of the settings file the model reads (model files: ``settings_table``, by
    default the model's name); empty when the model reads none."""
    settings: tuple[DeclaredSetting, ...] = ()
    """The keys of that table the model declares, with their defaults."""
    own_routes: tuple[OnwardRoute, ...] = ()
    """The onward routes the model's own file declares (its board route), carried by the model
    so triage finds them whichever registry compiled it (not ``unknown route 'x-bestuur'``).
    Empty for a Python model, whose routes its plugin registers."""
    plugin: str = field(default="", eq=False)
    origin: str = field(default="", eq=False)
    """The model file it was read from, if any."""

    def __attrs_post_init__(self) -> None:
        if len(self.forums) > MAX_FORUMS:
            raise ValueError(
                f"model {self.name}: forums: expected at most {MAX_FORUMS} forums, "
                f"got {len(self.forums)}"
            )
        forums = {f.key for f in self.forums}
        points = {c.key for c in self.contact_points}
        if not self.ladder:
            raise ValueError(f"model {self.name}: expected at least one step in the ladder")
        for step in self.ladder:
            if step.forum is not None and step.forum not in forums:
                raise ValueError(
                    f"model {self.name}: step {step.key} names unknown forum {step.forum}"
                )
            if step.contact_point is not None and step.contact_point not in points:
                raise ValueError(
                    f"model {self.name}: step {step.key} names unknown contact point {step.contact_point}"
                )

    @property
    def forum_kind(self) -> str:
        """The kind of the model's main forum (its first forum)."""
        return self.forums[0].kind if self.forums else ForumKind.CONSULTATION

    def forum(self, key: str) -> Forum:
        for forum in self.forums:
            if forum.key == key:
                return forum
        raise KeyError(key)

    def contact(self, key: str) -> ContactPoint:
        for point in self.contact_points:
            if point.key == key:
                return point
        raise KeyError(key)

    def step(self, key: str) -> Step:
        for step in self.ladder:
            if step.key == key:
                return step
        raise KeyError(key)

    def powers(self) -> frozenset[Power]:
        """Every power any contact point or forum of the model holds."""
        out: set[Power] = set()
        for point in self.contact_points:
            out |= point.mandate.powers
        for forum in self.forums:
            out |= forum.mandate.powers
        return frozenset(out)
