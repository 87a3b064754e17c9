"""Each exposure rule on hand-made runs: yes, no, or unknown, with the knowledge thresholds."""

from __future__ import annotations

import math

import numpy as np
import pytest

from backstride.errors import InputValueError
from backstride.insight import (
    EXPOSURE_IDS,
    ExposureTable,
    ExposureThresholds,
    RunExposureInput,
    exposure_table,
)
from backstride.model import SubSport, Surface
from tests.insight._make import run

TH = ExposureThresholds.from_knowledge()


def flags_of(runs: list[RunExposureInput], name: str) -> list[float | None]:
    col = exposure_table(runs, TH).flags[name]
    return [None if math.isnan(x) else x for x in col]


def ordinary(n: int = 12) -> list[RunExposureInput]:
    """n plain runs of 8 km at 3 m/s and 165 spm, one every 2 days (a baseline)."""
    return [run(2 * d, 8000, avg_cadence_spm=165.0) for d in range(n)]


def test_distance_spike_above_ten_percent() -> None:
    runs = [run(0, spike_pct=None), run(1, spike_pct=10.0), run(2, spike_pct=10.5)]
    assert flags_of(runs, "distance_spike") == [None, 0.0, 1.0]


def test_downhill_uses_steep_time_then_descent_per_km() -> None:
    runs = [
        run(0, steep_descent_s=300.0),
        run(1, steep_descent_s=299.0, descent_m_per_km=50.0),  # steep time wins when known
        run(2, descent_m=200.0),  # 8 km: 25 m per km >= 20
        run(3, descent_m=100.0),  # 12.5 m per km
        run(4),  # nothing known
        run(5, surface=Surface.TREADMILL),  # no downhill on a treadmill
    ]
    assert flags_of(runs, "downhill") == [1.0, 0.0, 1.0, 0.0, None, 0.0]


def test_hilly_trail_treadmill() -> None:
    runs = [
        run(0, ascent_m=160.0),  # 20 m per km
        run(1, ascent_m=80.0, sub_sport=SubSport.TRAIL),
        run(2, sub_sport=SubSport.TREADMILL),
        run(3, surface=Surface.TRAIL),
        run(4, sub_sport=SubSport.INDOOR),
    ]
    assert flags_of(runs, "hilly") == [1.0, 0.0, None, None, None]
    assert flags_of(runs, "trail") == [0.0, 1.0, 0.0, 1.0, 0.0]
    assert flags_of(runs, "treadmill") == [0.0, 0.0, 1.0, 0.0, 1.0]


def test_worn_shoes_heat_and_gct() -> None:
    runs = [
        run(
            0, shoe_distance_m=800_000.0, avg_temperature_c=25.0, stance_time_balance_left_pct=47.0
        ),
        run(
            1, shoe_distance_m=799_000.0, avg_temperature_c=24.9, stance_time_balance_left_pct=50.7
        ),
        run(2),
    ]
    assert flags_of(runs, "worn_shoes") == [1.0, 0.0, None]
    assert flags_of(runs, "heat") == [1.0, 0.0, None]
    assert flags_of(runs, "gct_imbalance") == [1.0, 0.0, None]  # 53 % on the right foot


def test_personal_baselines_long_run_fast_pace_low_cadence() -> None:
    """12 plain runs (median 8 km, 3 m/s, 165 spm) and three odd ones."""
    runs = ordinary()
    runs += [
        run(30, 12_000, avg_cadence_spm=165.0),  # 1.5 x the median: long
        run(31, 8000, avg_speed_mps=3.35, avg_cadence_spm=165.0),  # 11.7 % faster
        run(32, 8000, avg_cadence_spm=159.0),  # 3.6 % below 165
    ]
    assert flags_of(runs, "long_run")[-3:] == [1.0, 0.0, 0.0]
    assert flags_of(runs, "fast_pace")[-3:] == [0.0, 1.0, 0.0]
    assert flags_of(runs, "low_cadence")[-3:] == [0.0, 0.0, 1.0]
    assert flags_of(ordinary(5), "long_run") == [None] * 5  # too few runs for a baseline


def test_levels_are_in_the_trend_units() -> None:
    runs = [*ordinary(), run(30, 8000, descent_m=160.0, avg_temperature_c=30.0)]
    table = exposure_table(runs, TH)
    assert table.levels["downhill"][-1] == pytest.approx(2.0)  # 20 m/km = 2 % grade
    assert table.levels["heat"][-1] == pytest.approx(30.0)
    assert "trail" not in table.levels
    assert set(table.flags) == set(EXPOSURE_IDS)


def test_table_is_sorted_and_checked() -> None:
    table = exposure_table([run(3), run(1), run(2)], TH)
    assert list(np.diff(table.start_s)) == [86400.0, 86400.0]
    with pytest.raises(InputValueError):
        ExposureTable(np.array([2.0, 1.0]), {}, {})
    with pytest.raises(InputValueError):
        ExposureTable(np.array([1.0]), {"x": np.array([1.0, 0.0])}, {})
    extra = table.with_flags({"x": np.array([1.0, 0.0, 1.0])})
    assert set(extra.flags) == {*EXPOSURE_IDS, "x"}
