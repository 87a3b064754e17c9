"""The typed view of ``measures.yaml`` that ``backstride.metrics`` reads.

Each rule class holds the values of one knowledge item, converted to SI where the file states
another unit (km), plus the item itself for its summary, source, grade and contest note. A rule's
field names equal the value keys in the file; :func:`build_rules` fills them and raises
KnowledgeError naming the file and item when one is missing or of the wrong kind.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar, get_type_hints

from backstride.knowledge._files import load_file
from backstride.knowledge._items import MeasureItem, fail

MEASURES_FILE = "measures.yaml"


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """Base of every rule: the knowledge item it was read from."""

    item: MeasureItem


@dataclass(frozen=True, slots=True)
class SpikeBand:
    """Runs more than ``above_pct`` and up to ``up_to_pct`` (None: no limit) longer."""

    above_pct: float
    up_to_pct: float | None
    hazard_ratio: float


@dataclass(frozen=True, slots=True, kw_only=True)
class SpikeRule(Rule):
    window_days: int
    reference_max_pct: float
    bands: tuple[SpikeBand, ...]

    def band_for(self, spike_pct: float) -> SpikeBand | None:
        """The band a spike falls in, or None at or below ``reference_max_pct``."""
        for band in self.bands:
            below_top = band.up_to_pct is None or spike_pct <= band.up_to_pct
            if spike_pct > band.above_pct and below_top:
                return band
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class WeeklyIncreaseRule(Rule):
    max_increase_pct: float
    high_increase_pct: float


@dataclass(frozen=True, slots=True, kw_only=True)
class AcwrRule(Rule):
    acute_days: int
    chronic_days: int
    min_history_days: int
    sweet_low_ratio: float
    sweet_high_ratio: float
    danger_ratio: float

    @property
    def acute_lambda(self) -> float:
        """EWMA decay 2 / (N + 1) for the acute window (Williams 2017)."""
        return 2.0 / (self.acute_days + 1)

    @property
    def chronic_lambda(self) -> float:
        return 2.0 / (self.chronic_days + 1)


@dataclass(frozen=True, slots=True, kw_only=True)
class MonotonyRule(Rule):
    window_days: int


@dataclass(frozen=True, slots=True, kw_only=True)
class LongRunShareRule(Rule):
    high_share_pct: float


@dataclass(frozen=True, slots=True, kw_only=True)
class TrainingLoadRule(Rule):
    zone_weight_factor: tuple[float, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class HrZonesRule(Rule):
    zone_lower_pct: tuple[float, ...]
    zone_top_pct: float


@dataclass(frozen=True, slots=True, kw_only=True)
class RestDaysRule(Rule):
    min_rest_days: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SteepDescentRule(Rule):
    grade_pct: float


@dataclass(frozen=True, slots=True, kw_only=True)
class HeatRule(Rule):
    hydration_temperature_c: float
    long_run_s: float


@dataclass(frozen=True, slots=True, kw_only=True)
class TypicalCadenceRule(Rule):
    mean_spm: float
    sd_spm: float
    at_speed_mps: float


@dataclass(frozen=True, slots=True, kw_only=True)
class CadenceIncreaseRule(Rule):
    low_pct: float
    high_pct: float


@dataclass(frozen=True, slots=True, kw_only=True)
class GctBalanceRule(Rule):
    green_max_pct: float
    orange_max_pct: float

    def colour(self, left_pct: float) -> str:
        """ "green", "orange" or "red" for a left-foot share; the larger side's share is judged."""
        larger = max(left_pct, 100.0 - left_pct)
        if larger <= self.green_max_pct:
            return "green"
        return "orange" if larger <= self.orange_max_pct else "red"


@dataclass(frozen=True, slots=True, kw_only=True)
class VerticalRatioRule(Rule):
    green_low_pct: float
    green_high_pct: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ShoeRetirementRule(Rule):
    plan_from_km: float
    past_range_km: float

    @property
    def plan_from_m(self) -> float:
        return self.plan_from_km * 1000.0

    @property
    def past_range_m(self) -> float:
        return self.past_range_km * 1000.0


@dataclass(frozen=True, slots=True, kw_only=True)
class RotationRule(Rule):
    hazard_ratio: float
    min_pairs_count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class WindowRule(Rule):
    window_days: int


@dataclass(frozen=True, slots=True, kw_only=True)
class MovingRule(Rule):
    min_speed_mps: float
    pause_gap_s: float
    max_hole_s: float


@dataclass(frozen=True, slots=True, kw_only=True)
class RunningPortionRule(Rule):
    min_speed_mps: float


@dataclass(frozen=True, slots=True, kw_only=True)
class CadenceBandsRule(Rule):
    edges_mps: tuple[float, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ElevationRule(Rule):
    hysteresis_m: float


@dataclass(frozen=True, slots=True, kw_only=True)
class GradeWindowRule(Rule):
    window_m: float


@dataclass(frozen=True, slots=True)
class MeasureRules:
    """Every threshold and method setting the measures use, each with its knowledge item."""

    spike: SpikeRule
    weekly_increase: WeeklyIncreaseRule
    acwr: AcwrRule
    monotony: MonotonyRule
    long_run_share: LongRunShareRule
    training_load: TrainingLoadRule
    hr_zones: HrZonesRule
    rest_days: RestDaysRule
    steep_descent: SteepDescentRule
    heat: HeatRule
    typical_cadence: TypicalCadenceRule
    cadence_increase: CadenceIncreaseRule
    gct_balance: GctBalanceRule
    vertical_ratio: VerticalRatioRule
    shoe_retirement: ShoeRetirementRule
    rotation: RotationRule
    moving: MovingRule
    running_portion: RunningPortionRule
    cadence_bands: CadenceBandsRule
    elevation: ElevationRule
    grade_window: GradeWindowRule
    rotation_window: WindowRule

    def items(self) -> tuple[MeasureItem, ...]:
        """The knowledge items behind these rules, in field order."""
        return tuple(getattr(self, f.name).item for f in dataclasses.fields(self))


#: The knowledge item behind each field of :class:`MeasureRules`.
RULE_ITEMS: Mapping[str, str] = types.MappingProxyType(
    {
        "spike": "load.single_run_spike",
        "weekly_increase": "load.weekly_increase",
        "acwr": "load.acwr",
        "monotony": "load.monotony",
        "long_run_share": "load.long_run_share",
        "training_load": "load.training_load",
        "hr_zones": "intensity.hr_zones",
        "rest_days": "recovery.rest_days",
        "steep_descent": "terrain.steep_descent",
        "heat": "environment.heat",
        "typical_cadence": "form.typical_cadence",
        "cadence_increase": "form.cadence_increase",
        "gct_balance": "form.gct_balance",
        "vertical_ratio": "form.vertical_ratio",
        "shoe_retirement": "gear.shoe_retirement",
        "rotation": "gear.rotation",
        "moving": "method.moving",
        "running_portion": "method.running_portion",
        "cadence_bands": "method.cadence_speed_bands",
        "elevation": "method.elevation",
        "grade_window": "method.grade_window",
        "rotation_window": "method.rotation_window",
    }
)


R = TypeVar("R", bound=Rule)


def _convert(item: MeasureItem, key: str, hint: Any) -> Any:
    if key not in item.values:
        raise fail(item.file, item.id, f"needs the value {key!r}")
    value = item.values[key]
    if hint is float and isinstance(value, float):
        return value
    if hint is int and isinstance(value, float) and value.is_integer():
        return int(value)
    if (
        hint == tuple[float, ...]
        and isinstance(value, tuple)
        and all(isinstance(v, float) for v in value)
    ):
        return value
    raise fail(item.file, item.id, f"value {key!r} must be {_describe(hint)}, got {value!r}")


def _describe(hint: Any) -> str:
    return {float: "a number", int: "a whole number"}.get(hint, "a list of numbers")


def _spike_bands(item: MeasureItem) -> tuple[SpikeBand, ...]:
    raw = item.values.get("bands")
    if not isinstance(raw, tuple) or not raw or not all(isinstance(b, Mapping) for b in raw):
        raise fail(item.file, item.id, "needs 'bands', a list of mappings")
    bands = []
    for band in raw:
        assert isinstance(band, Mapping)  # narrowed above; for mypy
        above, ratio = band.get("above_pct"), band.get("hazard_ratio")
        if above is None or ratio is None or "up_to_pct" not in band:
            raise fail(item.file, item.id, "each band needs above_pct, up_to_pct and hazard_ratio")
        bands.append(SpikeBand(above, band["up_to_pct"], ratio))
    return tuple(sorted(bands, key=lambda b: b.above_pct))


def rule_from_item(cls: type[R], item: MeasureItem) -> R:
    """Fill a rule class from an item: each field (besides ``item``) is the value of that name."""
    hints = get_type_hints(cls)
    kwargs: dict[str, Any] = {"item": item}
    for f in dataclasses.fields(cls):
        if f.name == "item":
            continue
        if f.name == "bands":
            kwargs["bands"] = _spike_bands(item)
        else:
            kwargs[f.name] = _convert(item, f.name, hints[f.name])
    return cls(**kwargs)


def build_rules(items: Mapping[str, MeasureItem], file: str = MEASURES_FILE) -> MeasureRules:
    """MeasureRules from items keyed by id; KnowledgeError names any missing item or value."""
    hints = get_type_hints(MeasureRules)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(MeasureRules):
        item_id = RULE_ITEMS[f.name]
        item = items.get(item_id)
        if item is None:
            raise fail(file, item_id, "is missing; the measures need it")
        kwargs[f.name] = rule_from_item(hints[f.name], item)
    return MeasureRules(**kwargs)


def rules_from_file(name: str = MEASURES_FILE) -> MeasureRules:
    """MeasureRules read from one shipped knowledge file (not cached)."""
    found = load_file(name).items
    return build_rules(
        types.MappingProxyType({i.id: i for i in found if isinstance(i, MeasureItem)}), name
    )


@cache
def load_rules() -> MeasureRules:
    """The measures' rules from the shipped ``measures.yaml``, checked once and cached."""
    return rules_from_file(MEASURES_FILE)
