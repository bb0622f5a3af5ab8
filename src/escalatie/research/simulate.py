"""A queue simulation: cases arrive at random and wait for their model's forum.

Assumptions (documented in ``docs/research.md``):

- Cases arrive as a Poisson process of ``cases_per_month`` per month (a month is 365.25/12
  days), drawn from ``random.Random`` seeded with the seed and the run number, so the same seed
  gives the same arrivals. In one run every model sees the same arrivals, so the models are
  compared on equal load. Every arrival is a case that escalates in the model.
- A model's forum is the forum of its first rung that has one (else its first forum).
- A forum with meeting series meets at :func:`escalatie.schedule.slots` (holidays taken out).
  A meeting takes ``meeting minutes // minutes_per_case`` cases (at least one); a forum without
  ``minutes_per_case`` gets :data:`DEFAULT_MINUTES_PER_CASE` (a 90-minute maatwerktafel then
  takes two cases). The City Deal overleg states half an hour per case (seed 001).
- A forum without series (mailbox, consul, platform: "op verzoek") handles cases on working
  days (Monday to Friday, less the forum's days off) at 09:00, ``on_request_capacity`` cases a
  day; a model without any forum is handled the same way by its contact point.
- Cases queue first come, first served, for the next meeting with room that starts at or after
  their arrival. Meetings are planned up to :data:`DRAIN_DAYS` past the horizon so the queue
  can drain; a case still waiting then is counted as unserved.
- Waiting time is the wall-clock time from arrival to the start of the meeting, in days.
  Utilisation is cases heard at meetings within the horizon over their capacity. The backlog is
  the number of cases waiting at the end of each month, averaged over runs.
"""

from __future__ import annotations

import bisect
import math
import random
import statistics
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta

from attrs import field, frozen, validators
from dateutil.relativedelta import relativedelta

from escalatie.clock import AMSTERDAM
from escalatie.forum import Forum, HolidayPolicy
from escalatie.model import EscalationModel
from escalatie.research.columns import Column, Kind, RowDescription
from escalatie.schedule import days_off, slots

DEFAULT_MINUTES_PER_CASE = 45
"""Minutes per case for a forum that does not state its time box."""

ON_REQUEST_DAILY_CAPACITY = 2
"""Cases an on-request forum or contact point takes up per working day, unless told otherwise."""

ON_REQUEST_START = time(9, 0)
DRAIN_DAYS = 365
MONTH_DAYS = 365.25 / 12
SIMULATION_SEED_PREFIX = "escalatie-simulate"

SIMULATION_ROW = RowDescription(
    "simulate-row",
    "escalatie simulate: one model's figures",
    (
        Column("model", Kind.TEXT, "The escalation model's name."),
        Column("forum", Kind.TEXT, "The forum the model's cases queue for."),
        Column("meetings", Kind.INTEGER, "Meetings within the horizon."),
        Column(
            "capacity_per_meeting",
            Kind.TEXT,
            "Cases one meeting takes: a number, or the range min-max when meetings differ.",
        ),
        Column("cases", Kind.INTEGER, "Cases that arrived, over all runs."),
        Column("served", Kind.INTEGER, "Cases heard at a meeting, over all runs."),
        Column("unserved", Kind.INTEGER, "Cases still waiting a year after the horizon."),
        Column("wait_median_days", Kind.NUMBER, "Median wait until the forum, days.", True),
        Column("wait_p90_days", Kind.NUMBER, "90th percentile of the wait, days.", True),
        Column("wait_max_days", Kind.NUMBER, "Longest wait, days.", True),
        Column("utilisation_pct", Kind.NUMBER, "Cases heard over capacity within the horizon, %."),
        Column(
            "backlog_per_month",
            Kind.NUMBER_LIST,
            "Cases waiting at the end of each month, averaged over runs (CSV: joined with ';').",
        ),
        Column("assumption", Kind.TEXT, "The capacity assumption used."),
    ),
)
"""The columns of :meth:`ModelOutcome.row`; ``escalatie schema simulate-row`` prints it."""

SIMULATION_COLUMNS: tuple[str, ...] = SIMULATION_ROW.names


def _positive(name: str) -> Callable[[object, object, int], None]:
    def check(instance: object, attribute: object, value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name}: expected a whole number of at least 1, got {value!r}")

    return check


@frozen
class SimulationConfig:
    """What to simulate; every field is validated with a one-line message."""

    cases_per_month: int = field(validator=_positive("cases_per_month"))
    months: int = field(validator=_positive("months"))
    seed: int = field(validator=validators.instance_of(int))
    start: date = field(validator=validators.instance_of(date))
    runs: int = field(default=1, validator=_positive("runs"))
    on_request_capacity: int = field(
        default=ON_REQUEST_DAILY_CAPACITY, validator=_positive("on_request_capacity")
    )

    @property
    def begin(self) -> datetime:
        return datetime.combine(self.start, time(0, 0), AMSTERDAM)

    @property
    def end(self) -> datetime:
        end: datetime = self.begin + relativedelta(months=self.months)
        return end


@frozen
class Meetings:
    """The meetings a model's cases queue for: start times and capacity per meeting."""

    forum: str
    starts: tuple[datetime, ...]
    capacity: tuple[int, ...]
    assumption: str


@frozen
class ModelOutcome:
    """A model's figures over all runs. ``waits`` (days) feeds the plot."""

    model: str
    forum: str
    meetings: int
    capacity_per_meeting: str
    cases: int
    served: int
    unserved: int
    wait_median_days: float | None
    wait_p90_days: float | None
    wait_max_days: float | None
    utilisation_pct: float
    backlog_per_month: tuple[float, ...]
    assumption: str
    waits: tuple[float, ...] = field(repr=False, eq=False)

    def row(self) -> tuple[object, ...]:
        """The values in :data:`SIMULATION_COLUMNS` order."""
        return (
            self.model,
            self.forum,
            self.meetings,
            self.capacity_per_meeting,
            self.cases,
            self.served,
            self.unserved,
            self.wait_median_days,
            self.wait_p90_days,
            self.wait_max_days,
            self.utilisation_pct,
            self.backlog_per_month,
            self.assumption,
        )


def main_forum(model: EscalationModel) -> Forum | None:
    """The forum of the first rung that has one; else the first forum; None if there is none."""
    for step in model.ladder:
        if step.forum is not None:
            return model.forum(step.forum)
    return model.forums[0] if model.forums else None


def _minutes(start: datetime, end: datetime) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def meetings(model: EscalationModel, config: SimulationConfig) -> Meetings:
    """The meetings from the start of the simulation until the queue must have drained."""
    begin = config.begin
    until = config.end + timedelta(days=DRAIN_DAYS)
    forum = main_forum(model)
    if forum is not None and forum.cadence.series:
        per_case = forum.minutes_per_case or DEFAULT_MINUTES_PER_CASE
        found = slots(forum.cadence, begin, until)
        source = "stated" if forum.minutes_per_case else "default"
        return Meetings(
            forum=forum.key,
            starts=tuple(s.start for s in found),
            capacity=tuple(max(1, _minutes(s.start, s.end) // per_case) for s in found),
            assumption=f"{per_case} min per case ({source})",
        )
    policy = forum.cadence.holidays if forum is not None else HolidayPolicy()
    starts: list[datetime] = []
    day = begin.date()
    while day < until.date():
        if day.weekday() < 5 and day not in days_off(policy, day.year):
            starts.append(datetime.combine(day, ON_REQUEST_START, AMSTERDAM))
        day += timedelta(days=1)
    where = "forum" if forum is not None else "contact point"
    return Meetings(
        forum=forum.key if forum is not None else "(contact point)",
        starts=tuple(starts),
        capacity=(config.on_request_capacity,) * len(starts),
        assumption=f"on request: {where} takes {config.on_request_capacity} per working day",
    )


def arrivals(config: SimulationConfig, run: int) -> list[datetime]:
    """Poisson arrivals in ``[begin, end)`` for one run, the same for every model."""
    rng = random.Random(f"{SIMULATION_SEED_PREFIX}:{config.seed}:{run}")
    rate = config.cases_per_month / MONTH_DAYS
    begin, end = config.begin, config.end
    horizon = (end - begin).total_seconds() / 86400
    out: list[datetime] = []
    t = rng.expovariate(rate)
    while t < horizon:
        out.append(begin + timedelta(days=t))
        t += rng.expovariate(rate)
    return out


def serve(arrived: Sequence[datetime], plan: Meetings) -> list[int | None]:
    """The meeting index each case is heard at (first come, first served), None if never."""
    used = [0] * len(plan.starts)
    out: list[int | None] = []
    i = 0
    n = len(plan.starts)
    for moment in arrived:
        while i < n and (plan.starts[i] < moment or used[i] >= plan.capacity[i]):
            i += 1
        if i == n:
            out.append(None)
            continue
        used[i] += 1
        out.append(i)
    return out


def nearest_rank(sorted_values: Sequence[float], pct: float) -> float:
    """The nearest-rank percentile of already sorted values."""
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def month_ends(config: SimulationConfig) -> list[datetime]:
    begin = config.begin
    return [begin + relativedelta(months=m) for m in range(1, config.months + 1)]


class _Tally:
    """One model's running figures, summed over runs as they are simulated."""

    def __init__(self, model: EscalationModel, config: SimulationConfig) -> None:
        self.model = model
        self.config = config
        self.plan = meetings(model, config)
        self.in_horizon = bisect.bisect_left(self.plan.starts, config.end)
        self.ends = month_ends(config)
        self.waits: list[float] = []
        self.served = self.unserved = self.heard_in_horizon = self.runs = 0
        self.backlog = [0.0] * len(self.ends)

    def add_run(self, arrived: Sequence[datetime]) -> None:
        plan = self.plan
        heard_at: list[datetime] = []
        for moment, pick in zip(arrived, serve(arrived, plan), strict=True):
            if pick is None:
                self.unserved += 1
                continue
            self.served += 1
            self.heard_in_horizon += pick < self.in_horizon
            start = plan.starts[pick]
            heard_at.append(start)
            self.waits.append((start - moment).total_seconds() / 86400)
        heard_at.sort()
        for m, moment in enumerate(self.ends):
            came = bisect.bisect_right(arrived, moment)
            self.backlog[m] += came - bisect.bisect_right(heard_at, moment)
        self.runs += 1

    def outcome(self) -> ModelOutcome:
        plan, runs = self.plan, max(self.runs, 1)
        capacity = sum(plan.capacity[: self.in_horizon]) * runs
        ordered = sorted(self.waits)
        sizes = sorted(set(plan.capacity))
        if not sizes:
            per_meeting = "0"
        elif sizes[0] == sizes[-1]:
            per_meeting = str(sizes[0])
        else:
            per_meeting = f"{sizes[0]}-{sizes[-1]}"
        return ModelOutcome(
            model=self.model.name,
            forum=plan.forum,
            meetings=self.in_horizon,
            capacity_per_meeting=per_meeting,
            cases=self.served + self.unserved,
            served=self.served,
            unserved=self.unserved,
            wait_median_days=round(statistics.median(ordered), 1) if ordered else None,
            wait_p90_days=round(nearest_rank(ordered, 90), 1) if ordered else None,
            wait_max_days=round(ordered[-1], 1) if ordered else None,
            utilisation_pct=round(100 * self.heard_in_horizon / capacity, 1) if capacity else 0.0,
            backlog_per_month=tuple(round(b / runs, 1) for b in self.backlog),
            assumption=plan.assumption,
            waits=tuple(ordered),
        )


def simulate(
    models: Sequence[EscalationModel],
    config: SimulationConfig,
    progress: Callable[[int], None] | None = None,
) -> list[ModelOutcome]:
    """Every model over the same random arrivals per run; ``progress(1)`` after each run."""
    tallies = [_Tally(m, config) for m in models]
    for run in range(config.runs):
        arrived = arrivals(config, run)
        for tally in tallies:
            tally.add_run(arrived)
        if progress is not None:
            progress(1)
    return [t.outcome() for t in tallies]
