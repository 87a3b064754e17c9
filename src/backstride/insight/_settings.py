"""The typed settings of the insight analysis, read from ``knowledge/exposures.yaml``.

Every threshold and method choice lives in the knowledge file with its source; this module only
converts it to SI (km -> m, days -> s, percent -> fraction) and checks that it makes sense.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from types import MappingProxyType

from backstride.errors import InputValueError, KnowledgeError
from backstride.knowledge import MeasureItem, all_items

DAY_S = 86_400.0

#: The knowledge item that defines each exposure (and carries its evidence).
EXPOSURE_ITEMS: Mapping[str, str] = MappingProxyType(
    {
        "distance_spike": "exposure.distance_spike",
        "weekly_increase": "exposure.weekly_increase",
        "acwr_high": "exposure.acwr_high",
        "long_run": "exposure.long_run",
        "consecutive_days": "exposure.consecutive_days",
        "downhill": "exposure.downhill",
        "hilly": "exposure.hilly",
        "trail": "exposure.trail",
        "treadmill": "exposure.treadmill",
        "worn_shoes": "exposure.worn_shoes",
        "low_cadence": "exposure.low_cadence",
        "fast_pace": "exposure.fast_pace",
        "heat": "exposure.heat",
        "gct_imbalance": "exposure.gct_imbalance",
    }
)


def knowledge_item(item_id: str) -> MeasureItem:
    """One ``measures`` knowledge item by id; KnowledgeError when it is missing."""
    for item in all_items():
        if item.id == item_id and isinstance(item, MeasureItem):
            return item
    raise KnowledgeError(f"knowledge item {item_id!r} is missing; backstride.insight needs it")


def value(item_id: str, key: str) -> float:
    """A single number from a knowledge item; KnowledgeError when absent or not a number."""
    raw = knowledge_item(item_id).values.get(key)
    if not isinstance(raw, float):
        raise KnowledgeError(f"knowledge item {item_id!r} needs a number {key!r}")
    return raw


@dataclass(frozen=True, slots=True, kw_only=True)
class ExposureThresholds:
    """The thresholds that decide whether a run has an exposure (SI units)."""

    spike_above_pct: float
    weekly_increase_above_pct: float
    acwr_at_least_ratio: float
    acwr_acute_days: int
    acwr_chronic_days: int
    acwr_min_history_days: int
    long_run_median_factor: float
    min_streak_days: int
    downhill_min_steep_descent_s: float
    downhill_fallback_m_per_km: float
    hilly_min_ascent_m_per_km: float
    worn_shoes_m: float
    low_cadence_below_pct: float
    fast_above_median_pct: float
    heat_at_least_c: float
    gct_above_pct: float
    baseline_min_runs: int

    @staticmethod
    def from_knowledge() -> ExposureThresholds:
        """The thresholds as the shipped knowledge states them."""
        return ExposureThresholds(
            spike_above_pct=value("exposure.distance_spike", "above_pct"),
            weekly_increase_above_pct=value("exposure.weekly_increase", "above_pct"),
            acwr_at_least_ratio=value("exposure.acwr_high", "at_least_ratio"),
            acwr_acute_days=int(value("exposure.acwr_high", "acute_days")),
            acwr_chronic_days=int(value("exposure.acwr_high", "chronic_days")),
            acwr_min_history_days=int(value("exposure.acwr_high", "min_history_days")),
            long_run_median_factor=value("exposure.long_run", "median_factor"),
            min_streak_days=int(value("exposure.consecutive_days", "min_streak_days")),
            downhill_min_steep_descent_s=value("exposure.downhill", "min_steep_descent_s"),
            # a grade in percent is metres per 100 m: x 10 gives metres per km
            downhill_fallback_m_per_km=10.0
            * value("exposure.downhill", "fallback_descent_grade_pct"),
            hilly_min_ascent_m_per_km=10.0 * value("exposure.hilly", "min_climb_grade_pct"),
            worn_shoes_m=1000.0 * value("exposure.worn_shoes", "past_range_km"),
            low_cadence_below_pct=value("exposure.low_cadence", "below_own_pct"),
            fast_above_median_pct=value("exposure.fast_pace", "above_median_pct"),
            heat_at_least_c=value("exposure.heat", "at_least_c"),
            gct_above_pct=value("exposure.gct_imbalance", "above_pct"),
            baseline_min_runs=int(value("method.insight_baseline", "min_runs_count")),
        )


#: Key of each exposure's trend step in its knowledge item (the step's unit is in the key).
TREND_KEYS: Mapping[str, str] = MappingProxyType(
    {
        "distance_spike": "trend_step_pct",
        "weekly_increase": "trend_step_pct",
        "acwr_high": "trend_step_ratio",
        "long_run": "trend_step_pct",
        "consecutive_days": "trend_step_days",
        "downhill": "trend_step_grade_pct",
        "hilly": "trend_step_grade_pct",
        "worn_shoes": "trend_step_km",
        "low_cadence": "trend_step_pct",
        "fast_pace": "trend_step_pct",
        "heat": "trend_step_c",
        "gct_imbalance": "trend_step_pct",
    }
)


class Multiplicity(StrEnum):
    """How the family of exposures is corrected for multiple testing.

    ``HOLM_TARONE`` (the default): Holm's procedure after Tarone's screen (``_multiplicity``);
    ``WESTFALL_YOUNG``: step-down min-p over relabelled hazard windows (``_permutation``), a
    little more powerful but, because the single exact tests are slightly optimistic for
    exposures that persist for weeks, above 5 % false findings in the simulation
    (docs/insight.md); available, not shipped.
    """

    WESTFALL_YOUNG = "westfall-young"
    HOLM_TARONE = "holm-tarone"


#: Seed of the relabelling draws: the same data always give the same answer.
PERMUTATION_SEED = 20_260_401


@dataclass(frozen=True, slots=True, kw_only=True)
class InsightSettings:
    """Every setting of the case-crossover analysis, in SI units.

    ``hazard_s``: length of the window before an onset whose runs are "before pain";
    ``referent_s``: the span before the onset that the hazard window and its controls tile
    (control windows of the same length, back to back, before the hazard window);
    ``family_error``: the chance of any false "significant" factor; ``confidence``: level of
    the confidence intervals; ``multiplicity``: the correction across exposures, with
    ``permutation_draws`` random relabellings seeded by ``permutation_seed`` (all of them when
    there are no more than that). ``after_windows``: control windows also taken AFTER each
    episode, once its pain has ended and ``pain_free_days`` have passed (bidirectional with
    wash-out; 0, the shipped choice, keeps every control before the onset);
    ``block_wash_out``: also leave out control windows within ``pain_free_days`` after any
    other episode's last pain (off, the shipped choice: it helps against a careful return but
    sharpens the end effect; docs/insight.md). Raises
    InputValueError when a value makes no sense (a span that
    leaves no room for a control window).
    """

    hazard_s: float
    referent_s: float
    pain_free_days: float
    min_pain_score: float
    min_episodes: int
    well_powered_episodes: int
    family_error: float
    confidence: float
    zero_event_confidence: float
    together_min_correlation: float
    thresholds: ExposureThresholds
    trend_steps: Mapping[str, float]
    permutation_draws: int = 4000
    permutation_seed: int = PERMUTATION_SEED
    multiplicity: Multiplicity = Multiplicity.HOLM_TARONE
    after_windows: int = 0
    block_wash_out: bool = False

    def __post_init__(self) -> None:
        if not self.hazard_s > 0:
            raise InputValueError(f"the hazard window must be positive, got {self.hazard_s} s")
        if self.control_count < 1:
            raise InputValueError(
                f"a referent span of {self.referent_s / DAY_S:g} days leaves no room for a "
                f"control window of {self.hazard_h:g} hours"
            )
        if not 0 < self.family_error < 1 or not 0 < self.confidence < 1:
            raise InputValueError("error rate and confidence must lie between 0 and 1")
        if self.min_episodes < 1:
            raise InputValueError("the minimum number of episodes must be at least 1")
        if self.after_windows < 0:
            raise InputValueError("the number of windows after an episode cannot be negative")
        if self.permutation_draws < 100:
            raise InputValueError("at least 100 relabellings are needed")

    @property
    def hazard_h(self) -> float:
        """The hazard window in hours."""
        return self.hazard_s / 3600.0

    @property
    def washout_s(self) -> float:
        """Pain-free time after an episode before a window after it may serve as a control."""
        return self.pain_free_days * DAY_S

    @property
    def control_count(self) -> int:
        """How many whole control windows fit in the span before the hazard window."""
        return int(self.referent_s // self.hazard_s + 1e-9) - 1

    def with_hazard_hours(self, hours: float) -> InsightSettings:
        """The same settings with another hazard window (the controls tile the same span)."""
        return dataclasses.replace(self, hazard_s=hours * 3600.0)

    @staticmethod
    def from_knowledge() -> InsightSettings:
        """The settings as the shipped knowledge states them (cached)."""
        return _from_knowledge()


@cache
def _from_knowledge() -> InsightSettings:
    steps = {exposure: value(EXPOSURE_ITEMS[exposure], key) for exposure, key in TREND_KEYS.items()}
    return InsightSettings(
        hazard_s=DAY_S * value("method.insight_windows", "hazard_days"),
        referent_s=DAY_S * value("method.insight_windows", "referent_days"),
        pain_free_days=value("method.insight_episodes", "pain_free_days"),
        min_pain_score=value("method.insight_episodes", "min_score_count"),
        min_episodes=int(value("method.insight_minimum", "min_episodes_count")),
        well_powered_episodes=int(value("method.insight_minimum", "well_powered_episodes_count")),
        family_error=value("method.insight_inference", "family_error_pct") / 100.0,
        confidence=value("method.insight_inference", "confidence_pct") / 100.0,
        permutation_draws=int(value("method.insight_inference", "permutation_draws_count")),
        zero_event_confidence=value("method.insight_zero_events", "confidence_pct") / 100.0,
        together_min_correlation=value("method.insight_together", "min_correlation_ratio"),
        thresholds=ExposureThresholds.from_knowledge(),
        trend_steps=MappingProxyType(steps),
    )
