"""Signals from the runs before the pain, and the causes of ``causes.yaml`` they cross.

Each signal has the name a cause's ``measure`` uses and ends in its unit. They are computed over
the runs of a window (``care.recent_runs``: the 14 days up to the pain's onset, or up to now):

- ``spike_pct``: the largest single-run spike (metrics.spikes, Frandsen 2025).
- ``weekly_change_pct`` and ``acwr_ratio``: the largest of the weeks that overlap the window.
- ``week_rest_days``: the fewest rest days in a complete week overlapping the window.
- ``cadence_spm``, ``gct_balance_pct`` (the busier foot's share), ``vertical_ratio_pct``: means.
- ``descent_per_km_m`` and ``max_temperature_c``: the largest of one run.
- ``shoe_distance_km``: the most worn shoe used in the window (its distance today).
- ``shoes_in_rotation_count``: pairs in rotation, only when any shoe is recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from backstride.care.inputs import RecentRun, runs_between
from backstride.knowledge.plan_items import CauseItem, FoundBy
from backstride.metrics import ShoeReport, WeekLoad
from backstride.model import PossibleCause

SIGNALS = frozenset(
    {
        "spike_pct",
        "weekly_change_pct",
        "acwr_ratio",
        "week_rest_days",
        "cadence_spm",
        "gct_balance_pct",
        "vertical_ratio_pct",
        "descent_per_km_m",
        "shoe_distance_km",
        "shoes_in_rotation_count",
        "max_temperature_c",
    }
)


@dataclass(frozen=True, slots=True)
class Signal:
    """A measured value and where it was seen (a run's day, a week)."""

    value: float
    detail: str


def _largest(
    runs: Sequence[RecentRun], value: Callable[[RecentRun], float | None]
) -> Signal | None:
    found = [(v, r) for r in runs if (v := value(r)) is not None]
    if not found:
        return None
    best, run = max(found, key=lambda pair: pair[0])
    return Signal(best, f"run of {run.local_date.isoformat()}")


def _mean(runs: Sequence[RecentRun], value: Callable[[RecentRun], float | None]) -> Signal | None:
    found = [v for r in runs if (v := value(r)) is not None]
    if not found:
        return None
    return Signal(sum(found) / len(found), f"mean of {len(found)} runs")


def _week_signals(weeks: Sequence[WeekLoad], start: datetime, until: datetime) -> dict[str, Signal]:
    first, last = start.date(), until.date()
    near = [w for w in weeks if w.week_start <= last and w.week_start + timedelta(days=6) >= first]
    out: dict[str, Signal] = {}
    changes = [(w.change_pct, w) for w in near if w.change_pct is not None]
    if changes:
        value, week = max(changes, key=lambda p: p[0])
        out["weekly_change_pct"] = Signal(value, f"week of {week.week_start.isoformat()}")
    ratios = [(w.acwr, w) for w in near if w.acwr is not None]
    if ratios:
        value, week = max(ratios, key=lambda p: p[0])
        out["acwr_ratio"] = Signal(value, f"week of {week.week_start.isoformat()}")
    full = [w for w in near if w.days_counted == 7 and w.runs > 0]
    if full:
        week = min(full, key=lambda w: w.rest_days)
        out["week_rest_days"] = Signal(float(week.rest_days), f"week of {week.week_start}")
    return out


def _shoe_signals(runs: Sequence[RecentRun], shoes: Sequence[ShoeReport]) -> dict[str, Signal]:
    if not shoes:
        return {}
    used = {r.gear_id for r in runs if r.gear_id is not None}
    out = {
        "shoes_in_rotation_count": Signal(
            float(sum(s.in_rotation for s in shoes)), "pairs in rotation"
        )
    }
    worn = [s for s in shoes if s.gear_id in used]
    if worn:
        top = max(worn, key=lambda s: s.distance_m)
        out["shoe_distance_km"] = Signal(top.distance_m / 1000.0, f"shoe {top.gear_id}")
    return out


def _balance(run: RecentRun) -> float | None:
    left = run.stance_time_balance_left_pct
    return None if left is None else max(left, 100.0 - left)


def run_signals(
    runs: Sequence[RecentRun],
    weeks: Sequence[WeekLoad],
    shoes: Sequence[ShoeReport],
    until: datetime,
    window_days: int,
) -> dict[str, Signal]:
    """The signals of the runs in the ``window_days`` up to ``until`` (see the module docstring)."""
    start = until - timedelta(days=window_days)
    recent = runs_between(list(runs), start, until)
    candidates: dict[str, Signal | None] = {
        "spike_pct": _largest(recent, lambda r: r.spike_pct),
        "cadence_spm": _mean(recent, lambda r: r.avg_cadence_spm),
        "gct_balance_pct": _mean(recent, _balance),
        "vertical_ratio_pct": _mean(recent, lambda r: r.avg_vertical_ratio_pct),
        "descent_per_km_m": _largest(recent, lambda r: r.descent_m_per_km),
        "max_temperature_c": _largest(recent, lambda r: r.max_temperature_c),
    }
    out = {k: v for k, v in candidates.items() if v is not None}
    if recent:
        out.update(_week_signals(weeks, start, until))
        out.update(_shoe_signals(recent, shoes))
    return out


def detect_causes(
    signals: Mapping[str, Signal], causes: Sequence[CauseItem]
) -> tuple[PossibleCause, ...]:
    """The causes found in runs whose signal crosses its threshold, in file order."""
    found = []
    for cause in causes:
        if cause.found_by is not FoundBy.RUNS or cause.measure is None or cause.threshold is None:
            continue
        signal = signals.get(cause.measure)
        if signal is None or not cause.threshold.crossed(signal.value):
            continue
        unit = cause.threshold.unit
        found.append(
            PossibleCause(
                id=cause.id,
                summary=f"{cause.summary} {cause.advice}",
                grade=cause.grade.value,
                source=cause.source,
                found_in="runs",
                detail=f"{cause.measure} = {signal.value:.1f} ({signal.detail}); threshold "
                f"{cause.threshold.op.replace('_', ' ')} {cause.threshold.value:g} {unit}",
            )
        )
    return tuple(found)
