"""Causes found in the runs before the pain: each signal against its threshold."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from backstride.care import detect_causes, run_signals
from backstride.knowledge.care import load_care
from backstride.metrics import ShoeAdvice, ShoeReport, WeekLoad
from tests.care.helpers import NOW, runs_every_other_day


def _week(start: date, change: float | None, acwr: float | None, rest: int) -> WeekLoad:
    return WeekLoad(
        week_start=start,
        distance_m=30_000.0,
        duration_s=10_000.0,
        runs=4,
        change_pct=change,
        longest_run_m=12_000.0,
        long_run_share=0.4,
        rest_days=rest,
        longest_streak_days=2,
        acwr=acwr,
        monotony=None,
        strain=None,
        training_load=None,
        days_counted=7,
    )


def _shoe(gear_id: int, km: float, rotation: bool) -> ShoeReport:
    return ShoeReport(
        gear_id=gear_id,
        distance_m=km * 1000.0,
        runs=10,
        first_use=NOW - timedelta(days=300),
        last_use=NOW - timedelta(days=2),
        advice=ShoeAdvice.PAST_RANGE if km >= 800 else ShoeAdvice.OK,
        in_rotation=rotation,
        advice_grade="C",
    )


def test_each_signal_crossing_its_threshold_names_its_cause() -> None:
    runs = runs_every_other_day(cadence=150.0)
    runs[-1] = replace(
        runs[-1],
        spike_pct=45.0,
        stance_time_balance_left_pct=46.0,
        avg_vertical_ratio_pct=9.4,
        descent_m_per_km=31.0,
        max_temperature_c=29.0,
        gear_id=7,
    )
    monday = (NOW - timedelta(days=NOW.weekday())).date()
    weeks = [_week(monday - timedelta(days=7), 45.0, 1.6, 0), _week(monday, 5.0, 1.1, 3)]
    shoes = [_shoe(7, 910.0, True)]
    signals = run_signals(runs, weeks, shoes, NOW, 14)
    found = {c.id: c for c in detect_causes(signals, load_care().causes)}
    assert set(found) == {
        "cause.single_run_spike",
        "cause.weekly_increase",
        "cause.acwr_high",
        "cause.missing_rest",
        "cause.low_cadence",
        "cause.gct_imbalance",
        "cause.vertical_bounce",
        "cause.downhill",
        "cause.worn_shoes",
        "cause.single_pair",
        "cause.heat",
    }
    spike = found["cause.single_run_spike"]
    assert spike.found_in == "runs" and spike.grade == "B"
    assert (
        spike.detail is not None
        and "spike_pct = 45.0" in spike.detail
        and "above 10" in spike.detail
    )


def test_quiet_runs_name_no_cause_and_no_runs_give_no_signal() -> None:
    runs = runs_every_other_day(cadence=168.0)
    signals = run_signals(runs, [], [], NOW, 14)
    assert set(signals) == {"cadence_spm", "descent_per_km_m"}
    assert detect_causes(signals, load_care().causes) == ()
    assert run_signals(runs, [], [], datetime(2020, 1, 1, tzinfo=NOW.tzinfo), 14) == {}
