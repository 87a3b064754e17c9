"""Per-sample streams of an activity, held as columns of float64 NumPy arrays."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


class Channel(StrEnum):
    """Known stream channels; the unit is in the name. Missing samples are NaN."""

    TIME_S = "time_s"  # seconds since the Unix epoch, UTC
    DISTANCE_M = "distance_m"  # cumulative distance from the start
    SPEED_MPS = "speed_mps"
    ALTITUDE_M = "altitude_m"
    LAT_DEG = "lat_deg"
    LON_DEG = "lon_deg"
    HR_BPM = "hr_bpm"
    CADENCE_SPM = "cadence_spm"  # steps per minute (both feet)
    POWER_W = "power_w"
    TEMPERATURE_C = "temperature_c"
    VERTICAL_OSCILLATION_M = "vertical_oscillation_m"
    VERTICAL_RATIO_PCT = "vertical_ratio_pct"
    STANCE_TIME_S = "stance_time_s"  # ground contact time
    STANCE_TIME_BALANCE_PCT = "stance_time_balance_pct"  # left foot's share of contact time
    STEP_LENGTH_M = "step_length_m"
    FORM_POWER_W = "form_power_w"
    LEG_SPRING_STIFFNESS_KN_M = "leg_spring_stiffness_kn_m"


@dataclass(frozen=True, slots=True)
class Stream:
    """Columns of equal length keyed by channel name; ``time_s`` is always present and ascending.

    Channel names outside :class:`Channel` are allowed (for example developer fields) and must
    carry their unit in the name.
    """

    columns: Mapping[str, FloatArray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        lengths = {len(v) for v in self.columns.values()}
        if len(lengths) > 1:
            raise ValueError(f"stream columns differ in length: {sorted(lengths)}")
        if self.columns and Channel.TIME_S not in self.columns:
            raise ValueError("a non-empty stream needs a time_s column")

    def __len__(self) -> int:
        t = self.columns.get(Channel.TIME_S)
        return 0 if t is None else len(t)

    def get(self, channel: str) -> FloatArray | None:
        """The column, or None when the channel is absent or holds no value at all."""
        col = self.columns.get(channel)
        if col is None or not np.isfinite(col).any():
            return None
        return col

    @property
    def time_s(self) -> FloatArray:
        return self.columns.get(Channel.TIME_S, np.empty(0, dtype=np.float64))

    @staticmethod
    def empty() -> Stream:
        return Stream({})
