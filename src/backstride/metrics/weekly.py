"""Weekly running load: Monday-to-Sunday weeks of local training days.

Daily load here is the day's running **distance** (metres): every run has it, while heart-rate
load needs a heart-rate strap and a known maximum. ACWR, monotony and strain are computed on
daily distance; ``training_load`` sums the runs' heart-rate loads where they have one.

- ACWR (knowledge ``load.acwr``; Williams et al., BJSM 2017;51:209): exponentially weighted
  moving averages of daily distance, ``ewma_d = lambda * x_d + (1 - lambda) * ewma_(d-1)`` with
  lambda = 2 / (N + 1), N = 7 (acute) and 28 (chronic), both started at the first run day's
  distance (as pandas' ``ewm(span=N, adjust=False)``). Rest days count as 0. The week's value is
  acute / chronic on its last counted day; None until ``min_history_days`` days from the first
  run, or when the chronic average is 0. Contested: see the item's note.
- Monotony and strain (knowledge ``load.monotony``; Foster, MSSE 1998;30:1164): monotony = mean
  daily distance / its standard deviation (population SD, ddof = 0) over the week's counted
  days; None when the SD is 0 or fewer than 2 days count. Strain = the week's distance x
  monotony (metres).
- Counted days: all seven, except in the week holding ``through`` (today), where only the days
  up to and including it count (rest days, monotony, ACWR day). Runs after ``through`` are left
  out.
- Streaks: ``longest_streak_days`` is the longest run of consecutive running days that ends in
  the week, **carried across the week boundary** (Saturday, Sunday, Monday is a 3-day streak in
  the second week), because the body does not reset on Monday.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from backstride.knowledge import MeasureRules
from backstride.metrics._arrays import FloatArray, IntArray
from backstride.metrics.calendar import week_start as monday_of


@dataclass(frozen=True, slots=True)
class DayRun:
    """One run reduced to what the weekly table needs; ``load`` is its training load if known."""

    local_date: date
    distance_m: float
    duration_s: float
    load: float | None = None


@dataclass(frozen=True, slots=True)
class WeekLoad:
    """One Monday-to-Sunday week (local days). Distances in metres, durations in seconds."""

    week_start: date
    distance_m: float
    duration_s: float
    runs: int
    change_pct: float | None  # vs the previous week's distance; None if that was 0 or absent
    longest_run_m: float | None  # None in a week without runs
    long_run_share: float | None  # longest run / week's distance, a fraction 0..1
    rest_days: int  # counted days without a run
    longest_streak_days: int  # consecutive run days ending in this week (carried over weeks)
    acwr: float | None  # EWMA acute:chronic ratio of daily distance (contested)
    monotony: float | None  # Foster: mean / SD of daily distance
    strain: float | None  # Foster: week's distance x monotony, metres
    training_load: float | None  # sum of the runs' heart-rate loads, where known
    days_counted: int  # 7, or fewer in the week holding ``through``


@dataclass(frozen=True, slots=True)
class _Days:
    """Per-day arrays from the first run's Monday to the last week's Sunday."""

    first_monday: date
    distance: FloatArray
    duration: FloatArray
    runs: IntArray  # runs per day
    longest: FloatArray
    load: FloatArray  # NaN where no run of the day has a load
    first_run: int  # index of the first run day
    last_counted: int  # index of the last day that counts: ``through``, else the last Sunday


def _by_day(day: IntArray, values: FloatArray, n_days: int) -> FloatArray:
    """The sum of ``values`` on each day (0 where none)."""
    return np.bincount(day, weights=values, minlength=n_days).astype(np.float64)


def _days(runs: Sequence[DayRun], through: date | None) -> _Days:
    """The per-day arrays, summed a whole array at a time (in the runs' order, so the sums are
    those of adding one run after another)."""
    n = len(runs)
    ordinal = np.fromiter((r.local_date.toordinal() for r in runs), dtype=np.intp, count=n)
    metres = np.fromiter((r.distance_m for r in runs), dtype=np.float64, count=n)
    seconds = np.fromiter((r.duration_s for r in runs), dtype=np.float64, count=n)
    loads = np.fromiter(
        (np.nan if r.load is None else r.load for r in runs), dtype=np.float64, count=n
    )
    first_monday = monday_of(date.fromordinal(int(ordinal.min())))
    last = date.fromordinal(int(ordinal.max())) if through is None else through
    n_days = (monday_of(last) - first_monday).days + 7
    day = ordinal - first_monday.toordinal()
    longest = np.zeros(n_days)
    np.maximum.at(longest, day, metres)
    known = np.isfinite(loads)
    load = _by_day(day[known], loads[known], n_days)
    load[np.bincount(day[known], minlength=n_days) == 0] = np.nan
    count = np.bincount(day, minlength=n_days)
    return _Days(
        first_monday,
        _by_day(day, metres, n_days),
        _by_day(day, seconds, n_days),
        count,
        longest,
        load,
        int(np.flatnonzero(count)[0]),
        n_days - 1 if through is None else (through - first_monday).days,
    )


def _acwr(days: _Days, rules: MeasureRules) -> FloatArray:
    """ACWR per day (NaN before enough history or where the chronic average is 0).

    Both averages start at the first run day's distance. The recursion runs over Python floats:
    scipy.signal.lfilter would do it in C but takes over a second to import."""
    lam_a, lam_c = rules.acwr.acute_lambda, rules.acwr.chronic_lambda
    x = days.distance[days.first_run :].tolist()
    acute_out, chronic_out = [], []
    acute = chronic = x[0]
    for v in x:
        acute = lam_a * v + (1.0 - lam_a) * acute
        chronic = lam_c * v + (1.0 - lam_c) * chronic
        acute_out.append(acute)
        chronic_out.append(chronic)
    a, c = np.array(acute_out), np.array(chronic_out)
    ok = (np.arange(1, a.size + 1) >= rules.acwr.min_history_days) & (c > 0)
    out = np.full(days.distance.size, np.nan)
    out[days.first_run :][ok] = a[ok] / c[ok]
    return out


def _streaks(runs: IntArray) -> IntArray:
    """Length of the run-day streak ending on each day (0 on rest days)."""
    index = np.arange(runs.size)
    last_rest = np.maximum.accumulate(np.where(runs > 0, -1, index))
    return np.where(runs > 0, index - last_rest, 0).astype(np.intp)


def _monotony(daily: FloatArray) -> float | None:
    sd = float(daily.std()) if daily.size >= 2 else 0.0
    return float(daily.mean()) / sd if sd > 0 else None


def _monotonies(by_week: FloatArray) -> list[float | None]:
    """:func:`_monotony` of each row (a full week of daily distances)."""
    sd = by_week.std(axis=1)
    mean = by_week.mean(axis=1)
    return [m / s if s > 0 else None for m, s in zip(mean.tolist(), sd.tolist(), strict=True)]


def _weeks(days: _Days, acwr: FloatArray, streaks: IntArray) -> list[WeekLoad]:
    """Every week, computed a whole array at a time (one row per week); only the week holding
    ``through`` may count fewer than seven days, and that row is corrected afterwards."""
    n = days.distance.size // 7
    distance = days.distance.reshape(n, 7).sum(axis=1)
    longest = days.longest.reshape(n, 7).max(axis=1)
    n_runs = days.runs.reshape(n, 7).sum(axis=1)
    duration = days.duration.reshape(n, 7).sum(axis=1)
    loads = days.load.reshape(n, 7)
    has_load = np.count_nonzero(np.isfinite(loads), axis=1) > 0
    load_sum = np.nansum(loads, axis=1)
    ends = np.minimum(np.arange(1, n + 1) * 7, days.last_counted + 1)  # exclusive
    ratio = acwr[ends - 1]
    rest = (days.runs.reshape(n, 7) == 0).sum(axis=1)
    streak = streaks.reshape(n, 7).max(axis=1)
    monotony = _monotonies(days.distance.reshape(n, 7))
    last_lo = (n - 1) * 7
    if ends[-1] - last_lo < 7:  # the partial week: only its counted days
        hi = int(ends[-1])
        rest[-1] = (days.runs[last_lo:hi] == 0).sum()
        streak[-1] = streaks[last_lo:hi].max()
        monotony[-1] = _monotony(days.distance[last_lo:hi])
    out: list[WeekLoad] = []
    prev_m = 0.0
    for w, (dist, mono) in enumerate(zip(distance.tolist(), monotony, strict=True)):
        runs = int(n_runs[w])
        top = float(longest[w])
        r = float(ratio[w])
        out.append(
            WeekLoad(
                week_start=days.first_monday + timedelta(days=7 * w),
                distance_m=dist,
                duration_s=float(duration[w]),
                runs=runs,
                change_pct=(dist - prev_m) / prev_m * 100.0 if prev_m > 0 else None,
                longest_run_m=top if runs else None,
                long_run_share=top / dist if dist > 0 else None,
                rest_days=int(rest[w]),
                longest_streak_days=int(streak[w]),
                acwr=None if np.isnan(r) else r,
                monotony=mono,
                strain=dist * mono if mono is not None else None,
                training_load=float(load_sum[w]) if has_load[w] else None,
                days_counted=int(ends[w]) - 7 * w,
            )
        )
        prev_m = dist
    return out


def weekly_load(
    runs: Sequence[DayRun], rules: MeasureRules, through: date | None = None
) -> list[WeekLoad]:
    """Every week from the first run's week to the week of the last run (or ``through``).

    Empty weeks are included. See the module docstring for each measure's definition.
    """
    if through is not None:
        runs = [r for r in runs if r.local_date <= through]
    if not runs:
        return []
    days = _days(runs, through)
    return _weeks(days, _acwr(days, rules), _streaks(days.runs))
