"""The runner's recent load, reduced to what "today" and the plan need.

- Longest recent run: the longest run of the spike window (``load.single_run_spike``, 30 days)
  before now; the next long run may be at most ``reference_max_pct`` (10 %) longer
  (Frandsen et al., Br J Sports Med 2025;59:1203).
- Cadence target (``running.cadence_target``, Heiderscheit et al., MSSE 2011;43:296): the mean
  cadence of the runs of the last 28 days when there are at least 3, else of the last 10 runs
  with a cadence; the target is that mean raised by ``form.cadence_increase`` (5-10 %).
- Rest days: days without a run among the 7 local days before today.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from backstride.care.inputs import RecentRun, runs_between
from backstride.knowledge import MeasureRules
from backstride.knowledge.care import CareRules
from backstride.metrics import ShoeAdvice, ShoeReport, WeekLoad
from backstride.model import CadenceTarget


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadSummary:
    """Recent running in SI units; None where there is nothing to measure."""

    runs_count: int
    longest_recent_m: float | None
    long_run_cap_m: float | None
    ran_today: bool
    rest_days_last_7: int | None
    latest_acwr: float | None
    cadence: CadenceTarget | None
    worn_shoes: tuple[str, ...]
    recent_descent_per_km_m: float | None


def cadence_target(
    runs: Sequence[RecentRun], now: datetime, rules: CareRules, measures: MeasureRules
) -> CadenceTarget | None:
    """+5-10 % of the runner's own mean cadence (see the module docstring); None without data."""
    rule = rules.cadence_target
    with_cadence = [r for r in runs if r.avg_cadence_spm is not None and r.start_utc <= now]
    recent = runs_between(with_cadence, now - timedelta(days=rule.window_days), now)
    if len(recent) < rule.min_runs_count:
        recent = sorted(with_cadence, key=lambda r: r.start_utc)[-rule.fallback_runs_count :]
    if not recent:
        return None
    own = sum(r.avg_cadence_spm or 0.0 for r in recent) / len(recent)
    step = measures.cadence_increase
    return CadenceTarget(
        own_spm=own,
        low_spm=own * (1 + step.low_pct / 100.0),
        high_spm=own * (1 + step.high_pct / 100.0),
        runs_count=len(recent),
    )


def _rest_days(runs: Sequence[RecentRun], now: datetime) -> int | None:
    if not runs:
        return None
    today = now.date()
    days = {today - timedelta(days=k) for k in range(1, 8)}
    return len(days - {r.local_date for r in runs})


def _worn(shoes: Sequence[ShoeReport], names: Mapping[int, str]) -> tuple[str, ...]:
    return tuple(
        f"{names[s.gear_id]} ({s.distance_m / 1000.0:.0f} km)"
        for s in shoes
        if s.gear_id in names and s.advice is ShoeAdvice.PAST_RANGE
    )


def summarise_load(
    runs: Sequence[RecentRun],
    weeks: Sequence[WeekLoad],
    shoes: Sequence[ShoeReport],
    shoe_names: Mapping[int, str],
    now: datetime,
    rules: CareRules,
    measures: MeasureRules,
) -> LoadSummary:
    """Summarise the runs up to ``now`` (aware, in the runner's local offset: its date is today).

    ``shoe_names`` holds the shoes still in use (not retired); only those are checked for wear.
    """
    past = [r for r in runs if r.start_utc <= now]
    window = runs_between(past, now - timedelta(days=measures.spike.window_days), now)
    longest = max((r.distance_m for r in window), default=None)
    descents = [r.descent_m_per_km for r in window if r.descent_m_per_km is not None]
    cap = None if longest is None else longest * (1 + measures.spike.reference_max_pct / 100.0)
    return LoadSummary(
        runs_count=len(past),
        longest_recent_m=longest,
        long_run_cap_m=cap,
        ran_today=any(r.local_date == now.date() for r in past),
        rest_days_last_7=_rest_days(past, now),
        latest_acwr=weeks[-1].acwr if weeks else None,
        cadence=cadence_target(past, now, rules, measures),
        worn_shoes=_worn(shoes, shoe_names),
        recent_descent_per_km_m=sum(descents) / len(descents) if descents else None,
    )
