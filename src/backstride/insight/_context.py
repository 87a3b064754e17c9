"""What surrounds each run: recent load, streaks, and the runner's own baselines.

Built from the run list alone (pure). Days are the runs' local training days.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from backstride.insight._records import RunExposureInput
from backstride.insight._settings import ExposureThresholds

WEEK_DAYS = 7


@dataclass(frozen=True, slots=True)
class RunContext:
    """Load around one run.

    ``weekly_increase_pct``: distance of the 7 local days ending with this run (this run and the
    earlier runs of its day included) against the 7 days before, in percent; None when those
    days lie before the history or hold no running. ``acwr_ratio``: exponentially weighted
    acute:chronic ratio of daily distance just after this run, decay 2/(N+1) (Williams 2017);
    None before ``min_history_days``. ``streak_days``: this run's day is the n-th day in a row
    with a run.
    """

    weekly_increase_pct: float | None
    acwr_ratio: float | None
    streak_days: int


def weekly_context(
    runs: Sequence[RunExposureInput], thresholds: ExposureThresholds
) -> tuple[RunContext, ...]:
    """The context of every run, in the order given."""
    if not runs:
        return ()
    first = min(r.local_date for r in runs)
    day = np.array([(r.local_date - first).days for r in runs], dtype=np.int64)
    dist = np.array([r.distance_m for r in runs], dtype=np.float64)
    day_total = np.bincount(day, weights=dist, minlength=int(day.max()) + 1)
    so_far = _same_day_so_far(runs, day)
    acute, chronic = _ewma_pair(day_total, thresholds.acwr_acute_days, thresholds.acwr_chronic_days)
    streak = _streaks(day_total > 0)
    cum = np.concatenate([[0.0], np.cumsum(day_total)])
    out = []
    for i in range(len(runs)):
        d = int(day[i])
        increase = _increase_pct(cum, d, so_far[i])
        ratio = _acwr(acute, chronic, d, so_far[i], thresholds)
        out.append(RunContext(increase, ratio, int(streak[d])))
    return tuple(out)


def _same_day_so_far(runs: Sequence[RunExposureInput], day: NDArray[Any]) -> list[float]:
    """For each run, the distance of its day up to and including it (by start time)."""
    order = sorted(range(len(runs)), key=lambda i: runs[i].start_utc)
    totals: dict[int, float] = {}
    so_far = [0.0] * len(runs)
    for i in order:
        d = int(day[i])
        totals[d] = totals.get(d, 0.0) + runs[i].distance_m
        so_far[i] = totals[d]
    return so_far


def _increase_pct(cum: NDArray[Any], d: int, today_m: float) -> float | None:
    if d - 2 * WEEK_DAYS + 1 < 0:
        return None
    current = float(cum[d] - cum[d - WEEK_DAYS + 1]) + today_m
    prior = float(cum[d - WEEK_DAYS + 1] - cum[d - 2 * WEEK_DAYS + 1])
    if prior <= 0:
        return None
    return (current / prior - 1.0) * 100.0


def _ewma_pair(
    day_total: NDArray[Any], acute_days: int, chronic_days: int
) -> tuple[NDArray[Any], NDArray[Any]]:
    """EWMA of daily distance for both windows, value after each whole day (from 0)."""
    la, lc = 2.0 / (acute_days + 1), 2.0 / (chronic_days + 1)
    acute = np.empty_like(day_total)
    chronic = np.empty_like(day_total)
    a = c = 0.0
    for d, x in enumerate(day_total):
        a = la * x + (1 - la) * a
        c = lc * x + (1 - lc) * c
        acute[d], chronic[d] = a, c
    return acute, chronic


def _acwr(
    acute: NDArray[Any], chronic: NDArray[Any], d: int, today_m: float, th: ExposureThresholds
) -> float | None:
    if d < th.acwr_min_history_days:
        return None
    la, lc = 2.0 / (th.acwr_acute_days + 1), 2.0 / (th.acwr_chronic_days + 1)
    a = la * today_m + (1 - la) * float(acute[d - 1])
    c = lc * today_m + (1 - lc) * float(chronic[d - 1])
    return a / c if c > 0 else None


def _streaks(ran: NDArray[Any]) -> NDArray[Any]:
    streak = np.zeros(len(ran), dtype=np.int64)
    run = 0
    for d, yes in enumerate(ran):
        run = run + 1 if yes else 0
        streak[d] = run
    return streak


@dataclass(frozen=True, slots=True)
class RunnerBaseline:
    """The runner's own typical values; None with fewer runs than the baseline needs.

    The cadence baseline is an ordinary least-squares line cadence = a + b * speed over every run
    with both values (cadence rises with speed, so a low cadence is judged at the run's speed).
    """

    median_distance_m: float | None
    median_speed_mps: float | None
    cadence_intercept_spm: float | None
    cadence_slope_spm_per_mps: float | None

    def expected_cadence_spm(self, speed_mps: float) -> float | None:
        """The runner's usual cadence at this speed, or None without a baseline."""
        if self.cadence_intercept_spm is None or self.cadence_slope_spm_per_mps is None:
            return None
        return self.cadence_intercept_spm + self.cadence_slope_spm_per_mps * speed_mps


def runner_baseline(runs: Sequence[RunExposureInput], min_runs: int) -> RunnerBaseline:
    """Median distance and speed, and the cadence-on-speed line, from ``runs``."""
    dist = [r.distance_m for r in runs if r.distance_m > 0]
    speeds = [s for r in runs if (s := r.speed_mps) is not None and s > 0]
    pairs = [
        (s, r.avg_cadence_spm)
        for r in runs
        if (s := r.speed_mps) is not None and s > 0 and r.avg_cadence_spm
    ]
    intercept = slope = None
    if len(pairs) >= min_runs:
        intercept, slope = _line(np.array(pairs, dtype=np.float64))
    return RunnerBaseline(
        median_distance_m=float(np.median(dist)) if len(dist) >= min_runs else None,
        median_speed_mps=float(np.median(speeds)) if len(speeds) >= min_runs else None,
        cadence_intercept_spm=intercept,
        cadence_slope_spm_per_mps=slope,
    )


def _line(xy: NDArray[Any]) -> tuple[float, float]:
    """Least-squares intercept and slope; a flat line when speed hardly varies."""
    x, y = xy[:, 0], xy[:, 1]
    if float(np.std(x)) < 1e-6:
        return float(np.mean(y)), 0.0
    design = np.column_stack([np.ones_like(x), x])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    return float(coef[0]), float(coef[1])
