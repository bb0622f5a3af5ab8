"""Building the domain objects of a model or route file, every problem recorded by path.

:func:`build_model` compiles merged model-file data into an
:class:`~escalatie.model.EscalationModel` (with the routes and kinds the file declares);
:func:`build_route_file` does the same for a route file. Both raise
:class:`~escalatie.modelfile.load.ModelFileError` with every problem found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from functools import partial
from typing import Any, TypeVar

import attrs
from attrs import frozen

from escalatie.errors import shown
from escalatie.forum import (
    LIBERATION_DAY,
    Cadence,
    FixedDayOff,
    Forum,
    HolidayPolicy,
    MeetingSeries,
    weekly_rule,
)
from escalatie.kinds import KIND_KEY, Kind
from escalatie.learning_policy import AgreementsPolicy, LearningOutput
from escalatie.model import EscalationModel, Step
from escalatie.modelfile import spec
from escalatie.modelfile.load import (
    LoadedModel,
    ModelFileError,
    Vocabulary,
    structure_spec,
)
from escalatie.modelfile.rules import RuleCompiler
from escalatie.modelfile.settings import (
    declared_settings,
    placeholders,
    settings_values,
    substitute,
    traced,
)
from escalatie.organisation import ContactPoint, Mandate
from escalatie.predicates import Compiler, core_predicates
from escalatie.routes import OnwardRoute
from escalatie.rules import Rule
from escalatie.sources import SEEDS, Document, Source
from escalatie.validation import (
    EMAIL_EXPECTED,
    MODEL_NAME_EXPECTED,
    NO_DISPLAY_SPECIALS,
    ascii_address,
    control_problems,
    display_name_problem,
    is_email_address,
    is_model_name,
)

MULTI_LINE = frozenset({"description", "note", "assumption"})
"""Model-file keys whose text may run over several lines (docs/model-files.md); every other
text is one line without control characters, since names, places and organisers reach
calendar files and e-mail headers."""

T = TypeVar("T")


class Builder:
    """Builds the domain objects of one structured file, recording problems by path."""

    def __init__(
        self,
        documents: Mapping[str, spec.DocumentSpec],
        problems: list[str],
    ) -> None:
        self.problems = problems
        self.documents: dict[str, Document] = {}
        for key, d in documents.items():
            try:
                self.documents[key] = Document(
                    key, d.title, d.publisher, d.year, d.url, d.identifier
                )
            except ValueError as exc:
                problems.append(f"documents.{key}: {_message(exc)}")

    def source(self, ref: Any, path: str) -> Source | None:
        """A :class:`SourceRef` (or its raw TOML) as a :class:`Source`."""
        if ref is None:
            return None
        if not isinstance(ref, str | dict | spec.SourceRef):
            self.problems.append(
                f"{path}: expected a document key or a table {{document, section, also}}"
            )
            return None
        if isinstance(ref, str):
            ref = spec.SourceRef(ref)
        elif isinstance(ref, dict):
            document, section = ref.get("document"), ref.get("section", "")
            also = ref.get("also", [])
            if (
                not isinstance(document, str)
                or not isinstance(section, str)
                or not isinstance(also, list)
                or (set(ref) - {"document", "section", "also"})
            ):
                self.problems.append(
                    f"{path}: expected a document key or a table {{document, section, also}}"
                )
                return None
            ref = spec.SourceRef(document, section, tuple(also))
        others = [self.source(a, f"{path}.also[{i}]") for i, a in enumerate(ref.also)]
        if None in others:
            return None
        also = tuple(o for o in others if o is not None)
        if ref.document in self.documents:
            return Source(ref.document, ref.section, self.documents[ref.document], also)
        if ref.document in SEEDS:
            return Source(ref.document, ref.section, also=also)
        declared = ", ".join([*sorted(self.documents), *SEEDS])
        self.problems.append(
            f"{path}: unknown document '{ref.document}'; declare it under [documents] "
            f"(known: {declared})"
        )
        return None

    def attempt(self, path: str, make: Callable[[], T]) -> T | None:
        """``make()``, or None after recording its error at ``path`` (called at once)."""
        try:
            return make()
        except (ValueError, TypeError) as exc:
            self.problems.append(f"{path}: {_message(exc)}")
            return None


MAX_OFFSET_DAYS = 366
"""A series starts at most a year after ``runs_from``: more is a typo, and past the calendar's
end a date cannot be computed."""


def _message(exc: BaseException) -> str:
    field = getattr(exc, "field", None)
    text = getattr(exc, "message", None) or str(exc)
    return f"{field}: {text}" if field else text


def _mandate(m: spec.MandateSpec) -> Mandate:
    return Mandate(
        frozenset(m.powers), m.budget_ceiling_eur, frozenset(m.domains), m.formal, m.note
    )


def _series(s: spec.SeriesSpec, path: str, problems: list[str]) -> MeetingSeries | None:
    if (s.minutes is None) == (s.end is None):
        problems.append(f"{path}: expected minutes (the duration) or end, one of the two")
        return None
    minutes = s.minutes
    if s.end is not None:
        minutes = (s.end.hour * 60 + s.end.minute) - (s.start.hour * 60 + s.start.minute)
        if minutes <= 0:
            problems.append(f"{path}.end: expected a time after start {s.start:%H:%M}")
            return None
    rrule = s.rrule or None
    if not 0 <= s.offset_days <= MAX_OFFSET_DAYS:
        problems.append(
            f"{path}.offset_days: expected a whole number from 0 to {MAX_OFFSET_DAYS} (days)"
        )
        return None
    runs_from = s.runs_from + timedelta(days=s.offset_days)
    if rrule is None and s.every_weeks is None:
        problems.append(f'{path}: expected rrule (such as "FREQ=MONTHLY;BYDAY=2TU") or every_weeks')
        return None
    assert minutes is not None
    if rrule is None:
        assert s.every_weeks is not None
        if s.every_weeks < 1:
            problems.append(f"{path}.every_weeks: expected a whole number of at least 1")
            return None
        rrule = weekly_rule(runs_from.weekday(), s.every_weeks)
    try:
        return MeetingSeries(
            s.key, rrule, s.start, minutes, runs_from, tuple(s.dates), tuple(s.excluded)
        )
    except ValueError as exc:
        problems.append(f"{path}: {_message(exc)}")
        return None


def _holidays(h: spec.HolidaySpec, b: Builder, path: str) -> HolidayPolicy:
    days = [FixedDayOff(d.month, d.day, d.name) for d in h.fixed_days_off]
    if h.liberation_day and LIBERATION_DAY not in days:
        days.append(LIBERATION_DAY)
    return HolidayPolicy(
        country=h.country,
        subdivision=h.subdivision,
        national=h.national,
        good_friday=h.good_friday,
        fixed_days_off=tuple(days),
        closing_days=tuple((c.date, c.reason or h.closing_reason) for c in h.closing_days),
        source=b.source(h.source, f"{path}.source"),
    )


def _cadence(c: spec.CadenceSpec, b: Builder, path: str) -> Cadence:
    series = (
        []
        if c.on_request
        else [_series(s, f"{path}.series[{i}]", b.problems) for i, s in enumerate(c.series)]
    )
    return Cadence(
        series=tuple(s for s in series if s is not None),
        on_request=c.on_request,
        other_moments_by_agreement=c.other_moments_by_agreement,
        holidays=b.attempt(f"{path}.holidays", lambda: _holidays(c.holidays, b, f"{path}.holidays"))
        or HolidayPolicy(),
        cancellation_notice_days=c.cancellation_notice_days,
        source=b.source(c.source, f"{path}.source"),
        cancellation_source=b.source(c.cancellation_source, f"{path}.cancellation_source"),
        assumption=c.assumption,
    )


def _duplicates(items: Iterable[tuple[int, Any]], what: str, problems: list[str]) -> None:
    seen: set[str] = set()
    for i, item in items:
        if item.key in seen:
            problems.append(f"{what}[{i}].key: '{item.key}' is used twice")
        seen.add(item.key)


def _kinds(table: Mapping[str, str], what: str, problems: list[str]) -> tuple[Kind, ...]:
    out = []
    for key, description in table.items():
        if not KIND_KEY.match(key):
            problems.append(f"{what}.{key}: expected lower-case letters, digits and '_'")
            continue
        out.append(Kind(key, description))
    return tuple(out)


def compile_rules(data: Mapping[str, Any], rules: RuleCompiler) -> dict[str, Rule | None]:
    """Every rule of the raw file data, by its path; problems go to ``rules.problems``."""
    out: dict[str, Rule | None] = {}

    def each(items: Any, path: str, gate: bool, source: Any = None) -> None:
        default = rules.resolve(source, f"{path.rsplit('.', 1)[0]}.source") if source else None
        if isinstance(items, list):
            for j, raw in enumerate(items):
                out[f"{path}[{j}]"] = rules.rule(
                    raw, f"{path}[{j}]", gate=gate, default_source=default
                )

    table = data.get("rules", {})
    if isinstance(table, dict):
        for name in table:
            rules.named(name, "rules")
    for part, gates in (
        ("ladder", ("entry", "conditions", "prerequisites", "checks")),
        ("routes", ("entry",)),
    ):
        items = data.get(part, [])
        if isinstance(items, list):
            for i, item in enumerate(items):
                if isinstance(item, dict):
                    source = item.get("source") if part == "routes" else None
                    for name in gates:
                        each(item.get(name), f"{part}[{i}].{name}", name != "checks", source)
    each(data.get("principles"), "principles", gate=False)
    agreements = data.get("agreements", {})
    if isinstance(agreements, dict):
        each(agreements.get("rules"), "agreements.rules", gate=False)
    return out


def _own_rhythms(data: dict[str, Any], table: Mapping[str, Any]) -> dict[str, Any]:
    """A forum's cadence ``assumption`` lapses once the municipality's settings table sets one
    of the settings its cadence uses: the rhythm is then the municipality's, not the library's.
    Its closing days and its minutes per case are not the rhythm: a municipality that sets only
    those has not said when the forum meets."""
    forums = data.get("forums")
    if not isinstance(forums, list):
        return data
    out = []
    for forum in forums:
        cadence = forum.get("cadence") if isinstance(forum, dict) else None
        if isinstance(cadence, dict) and cadence.get("assumption"):
            rhythm = {k: v for k, v in cadence.items() if k != "holidays"}
            if set(placeholders(rhythm)) & set(table):
                forum = {**forum, "cadence": {**cadence, "assumption": ""}}
        out.append(forum)
    return {**data, "forums": out}


def _rrule_and_every_weeks(data: Mapping[str, Any], problems: list[str]) -> None:
    """A series that writes both a rule and ``every_weeks`` in the file: a problem, as one of
    the two would otherwise win silently. An ``rrule`` taken from a setting (``"${key}"``)
    may stand beside ``every_weeks``: the setting, when the municipality gives it, replaces
    the weekly rhythm (Utrecht's ``citydeal_rrule``)."""
    forums = data.get("forums")
    for i, forum in enumerate(forums if isinstance(forums, list) else []):
        cadence = forum.get("cadence") if isinstance(forum, dict) else None
        series = cadence.get("series") if isinstance(cadence, dict) else None
        for j, one in enumerate(series if isinstance(series, list) else []):
            if not isinstance(one, dict) or "every_weeks" not in one:
                continue
            rrule = one.get("rrule")
            if isinstance(rrule, str) and rrule and not placeholders(rrule):
                problems.append(
                    f"forums[{i}].cadence.series[{j}]: expected either rrule or every_weeks, "
                    "not both"
                )


def _unknown_forum_kind(path: str, kind: str, known: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(kind, list(known), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return (
        f"{path}.kind: unknown forum kind '{kind}'{hint}; expected one of "
        f"{', '.join(sorted(known))}, or declare it under [forum_kinds]"
    )


def _settings_table(
    read: Callable[[str, Iterable[str]], Mapping[str, Any]],
    name: str,
    declared: list[str],
    problems: list[str],
) -> Mapping[str, Any]:
    """The settings table ``name`` of the settings file (``read``); its unknown keys are
    problems beside the others, and the known keys' values are still checked, so an unknown
    key does not hide the table's bad values."""
    from escalatie.settings import SettingsError

    if not name:
        return {}
    try:
        return read(name, declared)
    except SettingsError as exc:
        if exc.table is None:
            raise
        problems.extend(exc.problems)
        return exc.table


def build_model(
    data: dict[str, Any],
    vocabulary: Vocabulary,
    settings_table: Callable[[str, Iterable[str]], Mapping[str, Any]],
    expressions: dict[int, Any] | None = None,
) -> LoadedModel:
    """Compile merged model-file data; raise :class:`ModelFileError` (without the file name)
    with every problem found. ``expressions`` collects each rule's predicate table
    (:class:`RuleCompiler`)."""
    problems: list[str] = []
    origins: dict[str, str] = {}  # which setting a value came from (settings.traced)
    _rrule_and_every_weeks(data, problems)
    declared = data.get("settings", {})
    if isinstance(declared, dict) and declared:
        table_name = data.get("settings_table") or data.get("name") or ""
        table = _settings_table(settings_table, str(table_name), list(declared), problems)
        values = settings_values(declared, table, str(table_name), problems)
        body = _own_rhythms({k: v for k, v in data.items() if k != "settings"}, table)
        data = {**substitute(body, values, "", problems, origins), "settings": declared}
    name = data.get("name")
    if isinstance(name, str) and not is_model_name(name):  # one line for it, not two
        problems.append(f"name: {MODEL_NAME_EXPECTED}, got {shown(name)}")
        problems.extend(
            p for p in control_problems(data, multi_line=MULTI_LINE) if not p.startswith("name:")
        )
    else:
        problems.extend(control_problems(data, multi_line=MULTI_LINE))
    own_steps = data.get("step_kinds", {})
    own_forums = data.get("forum_kinds", {})
    step_kinds = vocabulary.step_kinds | (set(own_steps) if isinstance(own_steps, dict) else set())
    predicates = {**core_predicates(step_kinds), **vocabulary.predicates}
    documents_raw = data.get("documents", {})
    documents: dict[str, spec.DocumentSpec] = {}
    if isinstance(documents_raw, dict):
        parsed = structure_spec({"d": documents_raw}, _Documents, [])
        documents = parsed.d if parsed is not None else {}
    builder = Builder(documents, problems)
    default_source = builder.source(data.get("source"), "source") if "source" in data else None
    compiler = Compiler(predicates, vocabulary.switched_off)
    rules = RuleCompiler(
        compiler,
        data.get("rules", {}) if isinstance(data.get("rules"), dict) else {},
        builder.source,
        default_source,
        expressions,
    )
    compiled = compile_rules(data, rules)
    problems.extend(compiler.problems)
    parts: dict[str, type[Any]] = {
        "contact_points": spec.ContactPointSpec,
        "forums": spec.ForumSpec,
        "ladder": spec.StepSpec,
        "routes": spec.RouteSpec,
        "learning": spec.LearningSpec,
    }
    # The parts are structured one by one, so one broken item does not hide the others'
    # problems; cross-references are checked against the keys as written.
    top = {k: v for k, v in data.items() if k != "extends" and k not in parts}
    m: spec.ModelSpec | None = structure_spec(
        {**top, **{k: [] for k in parts}}, spec.ModelSpec, problems
    )
    items: dict[str, list[tuple[int, Any]]] = {}
    written: dict[str, set[Any]] = {}
    unchecked: list[tuple[str, int, Any]] = []
    for part, cls in parts.items():
        raw_items = data.get(part, [])
        items[part] = []
        written[part] = set()
        if not isinstance(raw_items, list):
            problems.append(f"{part}: expected a list of tables, [[{part}]]")
            continue
        for i, raw in enumerate(raw_items):
            if isinstance(raw, dict) and isinstance(raw.get("key"), str):
                written[part].add(raw["key"])
            one = structure_spec(raw, cls, problems, f"{part}[{i}]")
            if one is not None:
                items[part].append((i, one))
            else:
                unchecked.append((part, i, raw))
    b = builder
    forum_kinds = vocabulary.forum_kinds | (
        set(own_forums) if isinstance(own_forums, dict) else set()
    )
    # An item with a problem above is not built, so the checks below skip it: its forum kind
    # is still checked as written (so a bad forum kind shows in the first run, not the
    # second), and a last line says more checks follow.
    for part, i, raw in unchecked:
        kind = raw.get("kind") if isinstance(raw, dict) else None
        if part == "forums" and isinstance(kind, str) and kind not in forum_kinds:
            problems.append(_unknown_forum_kind(f"forums[{i}]", kind, forum_kinds))
    kinds = (
        _kinds(m.step_kinds, "step_kinds", problems) if m else (),
        _kinds(m.forum_kinds, "forum_kinds", problems) if m else (),
    )
    for what in ("contact_points", "forums", "ladder", "routes"):
        _duplicates(items[what], what, problems)

    def rule_list(path: str, count: int) -> tuple[Rule, ...]:
        return tuple(r for j in range(count) if (r := compiled.get(f"{path}[{j}]")) is not None)

    contacts = []
    for i, c in items["contact_points"]:
        path = f"contact_points[{i}]"
        source = b.source(c.source, f"{path}.source") or default_source
        if source is None:  # no model source either: reported at "source"
            continue
        contact_source: Source = source
        contacts.append(
            b.attempt(
                path,
                partial(
                    ContactPoint,
                    c.key,
                    c.title,
                    c.organisation,
                    _mandate(c.mandate),
                    frozenset(c.reachable_by),
                    c.channel,
                    contact_source,
                    c.per_organisation,
                    frozenset(c.submitters),
                ),
            )
        )
    forums = []
    for i, f in items["forums"]:
        path = f"forums[{i}]"
        if f.kind not in forum_kinds:
            problems.append(_unknown_forum_kind(path, f.kind, forum_kinds))
        address = f.organiser.address
        organiser = f.organiser
        if address and not is_email_address(ascii_address(address)):
            problems.append(f"{path}.organiser.address: {EMAIL_EXPECTED}, got {shown(address)}")
        elif ascii_address(address) != address:  # a Unicode domain, written as headers carry it
            organiser = attrs.evolve(organiser, address=ascii_address(address))
        # Names an e-mail header carries (From: the organiser, To: a rotation turn).
        names = [("organiser.organisation", f.organiser.organisation)]
        names += [(f"participants.rotation_pool[{j}]", n)
                  for j, n in enumerate(f.participants.rotation_pool)]  # fmt: skip
        for where, name in names:
            if display_name_problem(name):
                problems.append(f"{path}.{where}: {NO_DISPLAY_SPECIALS}")
        source = b.source(f.source, f"{path}.source") or default_source
        if source is None:
            continue
        forum_source: Source = source
        cadence = _cadence(f.cadence, b, f"{path}.cadence")
        forums.append(
            b.attempt(
                path,
                partial(
                    Forum,
                    key=f.key,
                    name=f.name,
                    kind=f.kind,
                    organiser=organiser,
                    source=forum_source,
                    cadence=cadence,
                    participants=f.participants,
                    minutes_per_case=f.minutes_per_case,
                    minutes_per_case_source=b.source(
                        f.minutes_per_case_source, f"{path}.minutes_per_case_source"
                    ),
                    mandate_required=f.mandate_required,
                    mandate=_mandate(f.mandate),
                    chair=f.chair,
                    description=f.description,
                    invitation=f.invitation,
                ),
            )
        )
    forum_keys = {k for k in written["forums"] if isinstance(k, str)}
    contact_keys = {k for k in written["contact_points"] if isinstance(k, str)}
    ladder = []
    for i, s in items["ladder"]:
        path = f"ladder[{i}]"
        if s.forum is not None and s.forum not in forum_keys:
            problems.append(
                f"{path}.forum: unknown forum '{s.forum}' (forums: "
                f"{', '.join(sorted(forum_keys)) or 'none'})"
            )
        if s.contact_point is not None and s.contact_point not in contact_keys:
            problems.append(
                f"{path}.contact_point: unknown contact point '{s.contact_point}' "
                f"(contact points: {', '.join(sorted(contact_keys)) or 'none'})"
            )
        applicants_source = b.source(s.applicants_source, f"{path}.applicants_source") or (
            default_source if s.applicants else None
        )
        ladder.append(
            b.attempt(
                path,
                partial(
                    Step,
                    key=s.key,
                    name=s.name,
                    description=s.description,
                    entry=rule_list(f"{path}.entry", len(s.entry)),
                    forum=s.forum,
                    contact_point=s.contact_point,
                    conditions=rule_list(f"{path}.conditions", len(s.conditions)),
                    prerequisites=rule_list(f"{path}.prerequisites", len(s.prerequisites)),
                    checks=rule_list(f"{path}.checks", len(s.checks)),
                    applicants=frozenset(s.applicants),
                    applicants_source=applicants_source,
                ),
            )
        )
    routes = build_routes(items["routes"], compiled, b, default_source, "routes")
    known_routes = vocabulary.routes | {k for k in written["routes"] if isinstance(k, str)}
    for i, key in enumerate(m.onward_routes if m else ()):
        if key not in known_routes:
            from escalatie.naming import unknown_message

            problems.append(
                f"onward_routes[{i}]: " + unknown_message("route", key, sorted(known_routes))
            )
    learning = []
    for i, lo in items["learning"]:
        path = f"learning[{i}]"
        source = b.source(lo.source, f"{path}.source") or default_source
        if source is None:
            continue
        learning.append(
            b.attempt(
                path,
                partial(
                    LearningOutput,
                    lo.kind,
                    lo.description,
                    lo.audience,
                    source,
                    lo.period,
                    lo.audience_key,
                    lo.collector,
                    lo.answers,
                ),
            )
        )
    if not written["ladder"] and "ladder" in data:
        problems.append("ladder: expected at least one step")
    if unchecked and problems:
        skipped = ", ".join(f"{part}[{i}]" for part, i, _ in unchecked)
        problems.append(f"{skipped}: more checks follow once the problems above are fixed")
    if problems or default_source is None or m is None:
        raise ModelFileError(traced(problems, origins))
    model = b.attempt(
        "(model)",
        lambda: EscalationModel(
            name=m.name,
            municipality=m.municipality,
            title=m.title,
            summary=m.summary,
            source=default_source,
            contact_points=tuple(c for c in contacts if c is not None),
            forums=tuple(f for f in forums if f is not None),
            ladder=tuple(s for s in ladder if s is not None),
            onward_routes=tuple(m.onward_routes),
            learning=tuple(lo for lo in learning if lo is not None),
            principles=rule_list("principles", len(m.principles)),
            temporary=m.temporary,
            agreements=AgreementsPolicy(
                rule_list("agreements.rules", len(m.agreements.rules)),
                tuple(m.agreements.after_the_meeting),
                m.agreements.required_to_close,
                m.agreements.aligned_before_sharing,
            ),
            settings_table=(m.settings_table or m.name) if m.settings else "",
            settings=declared_settings(m.settings),
            own_routes=tuple(routes),
        ),
    )
    if problems or model is None:
        raise ModelFileError(traced(problems, origins))
    return LoadedModel(model, model.own_routes, *kinds)


@frozen
class _Documents:
    d: dict[str, spec.DocumentSpec]


def build_routes(
    items: Iterable[tuple[int, spec.RouteSpec]],
    compiled: Mapping[str, Rule | None],
    b: Builder,
    default_source: Source | None,
    where: str,
) -> list[OnwardRoute]:
    out = []
    for i, r in items:
        path = f"{where}[{i}]"
        source = b.source(r.source, f"{path}.source") or default_source
        if source is None:
            b.problems.append(f"{path}.source: expected the document the route comes from")
            continue
        entry = tuple(
            x for j in range(len(r.entry)) if (x := compiled.get(f"{path}.entry[{j}]")) is not None
        )
        route = b.attempt(
            path,
            partial(
                OnwardRoute,
                r.key,
                r.name,
                r.kind,
                r.description,
                entry,
                frozenset(r.applicants),
                source,
            ),
        )
        if route is not None:
            out.append(route)
    return out


def build_route_file(
    data: dict[str, Any], vocabulary: Vocabulary, expressions: dict[int, Any] | None = None
) -> list[OnwardRoute]:
    """The onward routes of a route file; :class:`ModelFileError` (without the file name)."""
    problems = control_problems(data, multi_line=MULTI_LINE)
    own = data.get("step_kinds", {})
    kinds = vocabulary.step_kinds | (set(own) if isinstance(own, dict) else set())
    compiler = Compiler(
        {**core_predicates(kinds), **vocabulary.predicates}, vocabulary.switched_off
    )
    documents: dict[str, spec.DocumentSpec] = {}
    if isinstance(data.get("documents"), dict):
        parsed = structure_spec({"d": data["documents"]}, _Documents, [])
        documents = parsed.d if parsed is not None else {}
    b = Builder(documents, problems)
    default = b.source(data["source"], "source") if "source" in data else None
    rules = RuleCompiler(
        compiler,
        data.get("rules", {}) if isinstance(data.get("rules"), dict) else {},
        b.source,
        default,
        expressions,
    )
    compiled = compile_rules(data, rules)
    problems.extend(compiler.problems)
    structured = structure_spec(data, spec.RoutesSpec, problems)
    if structured is None or problems:
        raise ModelFileError(problems)
    numbered = list(enumerate(structured.routes))
    _duplicates(numbered, "routes", problems)
    routes = build_routes(numbered, compiled, b, default, "routes")
    if problems:
        raise ModelFileError(problems)
    return routes
