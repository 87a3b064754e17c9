"""Which exposures each run had: a yes/no flag and, where it helps, a continuous level.

A flag is 1.0 (the run had it), 0.0 (it did not) or NaN (unknown: the recording lacks the value,
or the runner's baseline is not yet known). Levels are in the unit of the exposure's trend step
(see ``knowledge/exposures.yaml``): percent, ratio, days, average grade in percent, km or degC.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from backstride.errors import InputValueError
from backstride.insight._context import RunContext, RunnerBaseline, runner_baseline, weekly_context
from backstride.insight._records import RunExposureInput
from backstride.insight._settings import ExposureThresholds
from backstride.model import SubSport, Surface

FloatArray = npt.NDArray[np.float64]
Reading = tuple[bool | None, float | None]  # (flag, level)


@dataclass(frozen=True, slots=True)
class RunView:
    """One run with its context and the runner's baseline: what a rule looks at."""

    run: RunExposureInput
    context: RunContext
    baseline: RunnerBaseline
    th: ExposureThresholds


def _above(level: float | None, threshold: float, *, inclusive: bool = False) -> Reading:
    if level is None:
        return None, None
    return (level >= threshold if inclusive else level > threshold), level


def _spike(v: RunView) -> Reading:
    return _above(v.run.spike_pct, v.th.spike_above_pct)


def _weekly_increase(v: RunView) -> Reading:
    return _above(v.context.weekly_increase_pct, v.th.weekly_increase_above_pct)


def _acwr_high(v: RunView) -> Reading:
    return _above(v.context.acwr_ratio, v.th.acwr_at_least_ratio, inclusive=True)


def _long_run(v: RunView) -> Reading:
    median = v.baseline.median_distance_m
    if not median:
        return None, None
    share_pct = v.run.distance_m / median * 100.0
    return share_pct >= v.th.long_run_median_factor * 100.0, share_pct


def _consecutive(v: RunView) -> Reading:
    return _above(float(v.context.streak_days), v.th.min_streak_days, inclusive=True)


def _is_treadmill(run: RunExposureInput) -> bool:
    indoor = {SubSport.TREADMILL, SubSport.INDOOR, SubSport.VIRTUAL}
    return run.surface is Surface.TREADMILL or run.sub_sport in indoor


def _is_trail(run: RunExposureInput) -> bool:
    return run.surface is Surface.TRAIL or run.sub_sport is SubSport.TRAIL


def _downhill(v: RunView) -> Reading:
    """Steep-descent time when known, else descent per km; never on a treadmill."""
    per_km = v.run.descent_per_km_m
    level = None if per_km is None else per_km / 10.0  # m per km -> average grade in percent
    if v.run.steep_descent_s is not None:
        return v.run.steep_descent_s >= v.th.downhill_min_steep_descent_s, level
    if per_km is not None:
        return per_km >= v.th.downhill_fallback_m_per_km, level
    if _is_treadmill(v.run):
        return False, 0.0
    return None, None


def _hilly(v: RunView) -> Reading:
    per_km = v.run.ascent_per_km_m
    if per_km is None:
        return None, None
    return per_km >= v.th.hilly_min_ascent_m_per_km, per_km / 10.0


def _trail(v: RunView) -> Reading:
    """Untagged runs count as not trail: the file or runner says nothing special."""
    return _is_trail(v.run), None


def _treadmill(v: RunView) -> Reading:
    return _is_treadmill(v.run), None


def _worn_shoes(v: RunView) -> Reading:
    shoe = v.run.shoe_distance_m
    if shoe is None:
        return None, None
    return shoe >= v.th.worn_shoes_m, shoe / 1000.0


def _low_cadence(v: RunView) -> Reading:
    """Cadence deficit in percent below the runner's own line at this speed (positive = lower)."""
    speed, cadence = v.run.speed_mps, v.run.avg_cadence_spm
    if speed is None or not cadence:
        return None, None
    expected = v.baseline.expected_cadence_spm(speed)
    if not expected or expected <= 0:
        return None, None
    deficit_pct = (1.0 - cadence / expected) * 100.0
    return deficit_pct >= v.th.low_cadence_below_pct, deficit_pct


def _fast_pace(v: RunView) -> Reading:
    speed, median = v.run.speed_mps, v.baseline.median_speed_mps
    if speed is None or not median:
        return None, None
    return _above((speed / median - 1.0) * 100.0, v.th.fast_above_median_pct)


def _heat(v: RunView) -> Reading:
    return _above(v.run.avg_temperature_c, v.th.heat_at_least_c, inclusive=True)


def _gct_imbalance(v: RunView) -> Reading:
    left = v.run.stance_time_balance_left_pct
    if left is None:
        return None, None
    return _above(max(left, 100.0 - left), v.th.gct_above_pct)


#: The rule of each exposure, in the order the issue lists them.
RULES: Mapping[str, Callable[[RunView], Reading]] = MappingProxyType(
    {
        "distance_spike": _spike,
        "weekly_increase": _weekly_increase,
        "acwr_high": _acwr_high,
        "long_run": _long_run,
        "downhill": _downhill,
        "hilly": _hilly,
        "trail": _trail,
        "treadmill": _treadmill,
        "worn_shoes": _worn_shoes,
        "low_cadence": _low_cadence,
        "fast_pace": _fast_pace,
        "heat": _heat,
        "consecutive_days": _consecutive,
        "gct_imbalance": _gct_imbalance,
    }
)

EXPOSURE_IDS: tuple[str, ...] = tuple(RULES)
#: Exposures whose level is a meaningful dose (trail and treadmill are tags only).
LEVELLED: frozenset[str] = frozenset(EXPOSURE_IDS) - {"trail", "treadmill"}


@dataclass(frozen=True, slots=True)
class ExposureTable:
    """Exposures of every run, as columns; runs sorted by start time.

    ``start_s``: run start, seconds since the Unix epoch (UTC). ``flags``: exposure id -> 1.0 /
    0.0 / NaN per run. ``levels``: exposure id -> continuous level per run (NaN unknown).
    Extra columns (any id) may be added for analyses beyond the built-in exposures.
    """

    start_s: FloatArray
    flags: Mapping[str, FloatArray]
    levels: Mapping[str, FloatArray]

    def __post_init__(self) -> None:
        n = len(self.start_s)
        columns = [*self.flags.values(), *self.levels.values()]
        if any(len(c) != n for c in columns):
            raise InputValueError("every exposure column needs one value per run")
        if n > 1 and bool(np.any(np.diff(self.start_s) < 0)):
            raise InputValueError("runs must be sorted by start time")

    def with_flags(self, extra: Mapping[str, FloatArray]) -> ExposureTable:
        """This table with more flag columns (same runs, same order)."""
        return ExposureTable(self.start_s, MappingProxyType({**self.flags, **extra}), self.levels)


def exposure_table(
    runs: Sequence[RunExposureInput], thresholds: ExposureThresholds
) -> ExposureTable:
    """Compute every built-in exposure for every run (context and baselines from ``runs``)."""
    ordered = sorted(runs, key=lambda r: r.start_utc)
    contexts = weekly_context(ordered, thresholds)
    baseline = runner_baseline(ordered, thresholds.baseline_min_runs)
    start_s = np.array([r.start_utc.timestamp() for r in ordered], dtype=np.float64)
    flags: dict[str, FloatArray] = {}
    levels: dict[str, FloatArray] = {}
    views = [RunView(r, c, baseline, thresholds) for r, c in zip(ordered, contexts, strict=True)]
    for exposure, rule in RULES.items():
        readings = [rule(v) for v in views]
        flags[exposure] = np.array([_num(f) for f, _ in readings], dtype=np.float64)
        if exposure in LEVELLED:
            levels[exposure] = np.array([_num(x) for _, x in readings], dtype=np.float64)
    return ExposureTable(start_s, MappingProxyType(flags), MappingProxyType(levels))


def _num(x: bool | float | None) -> float:
    if x is None:
        return math.nan
    return float(x)
