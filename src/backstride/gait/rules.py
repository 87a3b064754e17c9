"""The typed view of ``knowledge/gait.yaml`` that the gait analysis reads.

Angles are stored in radians under ``*_rad_ratio`` keys (the knowledge files have no degree
suffix yet); :meth:`GaitRules.angle_deg` returns degrees and also accepts a ``*_deg`` key, so a
later switch of the file to degrees needs no code change. The filter's cut-off is stored as its
period in seconds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from backstride.errors import KnowledgeError
from backstride.gait.cleaning import CleaningSettings
from backstride.gait.events import ContactSettings
from backstride.gait.track import TrackSettings
from backstride.knowledge import MeasureItem, load_file

GAIT_FILE = "gait.yaml"
_STEPS = "gait.method.steps"

#: The cause in ``knowledge/causes.yaml`` that each finding links to (None: reported only).
METRIC_CAUSES: Mapping[str, str | None] = MappingProxyType(
    {
        "cadence": "cause.low_cadence",
        "overstride": "cause.overstriding",
        "shank_angle": "cause.overstriding",
        "knee_flexion": "cause.overstriding",
        "foot_strike": "cause.heel_strike",
        "trunk_lean": "cause.trunk_lean",
        "hip_extension": "cause.limited_hip_extension",
        "vertical_oscillation": "cause.vertical_bounce",
        "pelvic_drop": "cause.pelvic_drop",
        "step_width": None,
        "crossover": None,
    }
)

#: The knowledge item each metric's thresholds and source come from.
METRIC_ITEMS: Mapping[str, str] = MappingProxyType(
    {
        "cadence": "gait.cadence",
        "overstride": "gait.overstride",
        "shank_angle": "gait.shank_angle",
        "knee_flexion": "gait.knee_flexion",
        "foot_strike": "gait.foot_strike",
        "trunk_lean": "gait.trunk_lean",
        "hip_extension": "gait.hip_extension",
        "vertical_oscillation": "gait.vertical_oscillation",
        "pelvic_drop": "gait.pelvic_drop",
        "step_width": "gait.crossover",
        "crossover": "gait.crossover",
    }
)


@dataclass(frozen=True, slots=True)
class GaitRules:
    """Every gait setting and threshold, each traceable to its knowledge item."""

    items: Mapping[str, MeasureItem]

    def item(self, item_id: str) -> MeasureItem:
        found = self.items.get(item_id)
        if found is None:
            raise KnowledgeError(
                f"{GAIT_FILE}: item {item_id!r} is missing; backstride.gait needs it"
            )
        return found

    def number(self, item_id: str, key: str) -> float:
        """A single number of an item; KnowledgeError naming file, item and key when absent."""
        value = self.item(item_id).values.get(key)
        if not isinstance(value, float):
            raise KnowledgeError(f"{GAIT_FILE}: item {item_id!r} needs a number {key!r}")
        return value

    def angle_deg(self, item_id: str, name: str) -> float:
        """The angle ``name`` in degrees, from ``name_deg`` or (radians) ``name_rad_ratio``."""
        values = self.item(item_id).values
        if isinstance(values.get(f"{name}_deg"), float):
            return self.number(item_id, f"{name}_deg")
        return math.degrees(self.number(item_id, f"{name}_rad_ratio"))

    def count(self, item_id: str, key: str) -> int:
        value = self.number(item_id, key)
        if not value.is_integer():
            raise KnowledgeError(f"{GAIT_FILE}: item {item_id!r}: {key!r} must be a whole number")
        return int(value)

    @property
    def cleaning(self) -> CleaningSettings:
        i = "gait.method.cleaning"
        return CleaningSettings(
            min_visibility_ratio=self.number(i, "min_visibility_ratio"),
            spike_window_s=self.number(i, "spike_window_s"),
            spike_ratio=self.number(i, "spike_ratio"),
            max_gap_s=self.number(i, "max_gap_s"),
            event_cutoff_hz=1.0 / self.number(i, "event_cutoff_period_s"),
            angle_cutoff_hz=1.0 / self.number(i, "angle_cutoff_period_s"),
            angle_cutoff_step_ratio=self.number(i, "angle_cutoff_step_ratio"),
            swap_gain_factor=self.number(i, "swap_gain_factor"),
        )

    @property
    def contact(self) -> ContactSettings:
        i = "gait.method.contact"
        names = (
            "ground_share_ratio",
            "band_ratio",
            "edge_band_ratio",
            "hover_ratio",
            "min_stance_s",
            "merge_gap_s",
            "min_stride_s",
            "max_stride_s",
            "far_phase_low_ratio",
            "far_phase_high_ratio",
            "imputed_confidence_factor",
            "min_landing_gap_ratio",
        )
        return ContactSettings(**{n: self.number(i, n) for n in names})

    @property
    def track(self) -> TrackSettings:
        i = "gait.method.track"
        names = ("max_jump_ratio", "max_scale_change_factor", "min_share_ratio", "min_duration_s")
        return TrackSettings(**{n: self.number(i, n) for n in names})

    @property
    def min_steps(self) -> int:
        return self.count("gait.method.steps", "min_steps_count")

    @property
    def step_min_visibility(self) -> float:
        return self.number("gait.method.steps", "min_visibility_ratio")

    @property
    def flat_foot_band_ratio(self) -> float:
        """How close to its lowest (leg lengths) the foot must be to count as flat."""
        return self.number(_STEPS, "flat_foot_band_ratio")

    def view(self, key: str) -> float:
        return self.number("gait.method.view", key)

    def scale(self, key: str) -> float:
        return self.number("gait.method.scale", key)

    def check(self) -> GaitRules:
        """Read every setting once so that a broken file fails at load, not mid-analysis."""
        _ = (self.cleaning, self.contact, self.track, self.min_steps, self.step_min_visibility)
        _ = (self.flat_foot_band_ratio, self.number(_STEPS, "contact_angle_max_frame_s"))
        self.number(_STEPS, "contact_judge_max_frame_s")
        for item_id in METRIC_ITEMS.values():
            self.item(item_id)
        self.number("gait.method.confidence", "median_se_factor")
        self.angle_deg("gait.method.view", "max_trunk_from_vertical")
        return self


def rules_from_items(items: Mapping[str, MeasureItem]) -> GaitRules:
    """GaitRules over items keyed by id, checked."""
    return GaitRules(MappingProxyType(dict(items))).check()


@cache
def load_gait_rules() -> GaitRules:
    """The gait rules from the shipped ``gait.yaml``, checked once and cached."""
    found = load_file(GAIT_FILE).items
    return rules_from_items({i.id: i for i in found if isinstance(i, MeasureItem)})
