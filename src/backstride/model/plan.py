"""What backstride proposes: today's running decision and a phase-aware plan of exercises.

Distances in metres, durations in seconds, cadence in steps per minute. A plan is withheld (no
weeks, a reason) when triage reached ``urgent`` or ``emergency``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from backstride.model.care import Phase, PhaseInfo, Urgency


class RunDecision(StrEnum):
    """From most to least cautious; see :attr:`rank`."""

    REST = "rest"
    CROSS_TRAIN = "cross_train"
    EASY_RUN = "easy_run"
    NORMAL = "normal"

    @property
    def rank(self) -> int:
        """0 (rest) to 3 (normal training)."""
        return _DECISION_ORDER.index(self)

    def step_down(self) -> RunDecision:
        """The next more cautious decision (rest stays rest)."""
        return _DECISION_ORDER[max(self.rank - 1, 0)]


_DECISION_ORDER = (
    RunDecision.REST,
    RunDecision.CROSS_TRAIN,
    RunDecision.EASY_RUN,
    RunDecision.NORMAL,
)


@dataclass(frozen=True, slots=True)
class CadenceTarget:
    """+5-10 % of the runner's own average cadence, from ``runs_count`` recent runs."""

    own_spm: float
    low_spm: float
    high_spm: float
    runs_count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RunLimits:
    """Limits on a run: distance caps, route and cadence cue (None where nothing is known)."""

    distance_cap_m: float | None = None
    long_run_cap_m: float | None = None
    flat_route: bool = False
    max_descent_per_km_m: float | None = None
    cadence: CadenceTarget | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TodayAdvice:
    """One answer to "should I run today?" with every reason that shaped it."""

    decision: RunDecision
    reasons: tuple[str, ...]
    limits: RunLimits | None
    urgency: Urgency | None
    pain_score: int | None
    pain_change: int | None  # latest score minus the earliest of the trend window
    phase: PhaseInfo
    disclaimer: str


@dataclass(frozen=True, slots=True)
class Dose:
    """How much of one exercise per session; None where it does not apply."""

    sets: int | None
    reps: int | None
    hold_s: float | None
    per_side: bool
    times_per_day: int


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedExercise:
    id: str
    name: str
    category: str
    targets: tuple[str, ...]
    how: str
    dose: Dose
    days: tuple[date, ...]
    progression: str
    done_last_7_days: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class WeekRunning:
    """Running for one plan week: the most it allows and its caps."""

    mode: RunDecision
    runs_max_count: int | None
    run_cap_m: float | None  # cap on any one run this week
    long_run_cap_m: float | None
    flat_route: bool
    progression: bool  # True where the caps grow from the week before
    note: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanWeek:
    index: int
    start: date
    tissue_phase: Phase | None
    clinical_phase: Phase | None
    exercises: tuple[PlannedExercise, ...]
    running: WeekRunning


@dataclass(frozen=True, slots=True)
class PlanNote:
    """A piece of advice or a running change, with its knowledge item and evidence grade;
    ``trigger``: the exposure id (``downhill``) when the change addresses a trigger that the
    why-analysis confirmed for this runner."""

    id: str
    text: str
    grade: str
    trigger: str | None = None


@dataclass(frozen=True, slots=True)
class LeftOut:
    """An exercise the plan leaves out, and why (a contraindication id and its summary)."""

    exercise_id: str
    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class PlanStep:
    """The plan's dose level: 0 is the starting dose; it moves when pain changes by 2 points."""

    step: int
    baseline_score: int | None
    since_utc: datetime
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    start: date
    urgency: Urgency | None
    withheld: bool
    reason: str | None
    phase: PhaseInfo
    step: PlanStep | None  # the step in force now
    steps: tuple[PlanStep, ...]  # every step since the latest triage, oldest first
    weeks: tuple[PlanWeek, ...]
    running_changes: tuple[PlanNote, ...]
    advice: tuple[PlanNote, ...]
    left_out: tuple[LeftOut, ...]
    cadence: CadenceTarget | None
    disclaimer: str
