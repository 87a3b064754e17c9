"""Weekly context around each run and the runner's own baselines, computed by hand."""

from __future__ import annotations

import pytest

from backstride.insight import ExposureThresholds, runner_baseline, weekly_context
from tests.insight._make import run

TH = ExposureThresholds.from_knowledge()


def test_weekly_increase_uses_rolling_seven_days() -> None:
    """Runs of 10 km on days 0, 3 and 7 and 20 km on day 14 (then 5 km the same day).

    Day 14: the 7 days 8-14 hold 20 km, the 7 days 1-7 hold 20 km (days 3 and 7): +0 %; the
    second run of day 14 brings it to 25 km: +25 %. Days 0-7 lie too early (need 14 days).
    """
    runs = [run(0, 10_000), run(3, 10_000), run(7, 10_000), run(14, 20_000), run(14.2, 5_000)]
    ctx = weekly_context(runs, TH)
    assert [c.weekly_increase_pct for c in ctx[:3]] == [None, None, None]
    assert ctx[3].weekly_increase_pct == pytest.approx(0.0)
    assert ctx[4].weekly_increase_pct == pytest.approx(25.0)


def test_no_running_in_the_week_before_gives_no_increase() -> None:
    ctx = weekly_context([run(0, 5_000), run(20, 5_000)], TH)
    assert ctx[1].weekly_increase_pct is None


def test_streaks_count_local_days_in_a_row() -> None:
    runs = [run(0), run(1), run(1.3), run(2), run(4), run(5)]
    assert [c.streak_days for c in weekly_context(runs, TH)] == [1, 2, 2, 3, 1, 2]


def test_acwr_by_hand_for_a_steady_runner_then_a_jump() -> None:
    """10 km every day for 40 days: both averages approach 10 km and the ratio is near 1. A
    30 km day after that: acute = 0.25*30 + 0.75*a, chronic = (2/29)*30 + (27/29)*c."""
    runs = [run(d, 10_000) for d in range(40)] + [run(40, 30_000)]
    ctx = weekly_context(runs, TH)
    assert ctx[10].acwr_ratio is None  # before 28 days of history
    assert ctx[39].acwr_ratio == pytest.approx(1.0, abs=0.15)
    la, lc = 2 / 8, 2 / 29
    a = c = 0.0
    for _ in range(40):
        a, c = la * 10_000 + (1 - la) * a, lc * 10_000 + (1 - lc) * c
    expected = (la * 30_000 + (1 - la) * a) / (lc * 30_000 + (1 - lc) * c)
    assert ctx[40].acwr_ratio == pytest.approx(expected)


def test_baseline_needs_enough_runs_and_fits_cadence_on_speed() -> None:
    """Cadence = 150 + 5 x speed exactly on 12 runs: the fit recovers intercept and slope."""
    runs = [
        run(
            d,
            5_000 + 500 * d,
            avg_speed_mps=2.5 + 0.1 * d,
            avg_cadence_spm=150 + 5 * (2.5 + 0.1 * d),
        )
        for d in range(12)
    ]
    base = runner_baseline(runs, min_runs=10)
    assert base.cadence_intercept_spm == pytest.approx(150.0)
    assert base.cadence_slope_spm_per_mps == pytest.approx(5.0)
    assert base.expected_cadence_spm(3.0) == pytest.approx(165.0)
    assert base.median_distance_m == pytest.approx(5_000 + 500 * 5.5)
    few = runner_baseline(runs[:5], min_runs=10)
    assert few.median_distance_m is None and few.expected_cadence_spm(3.0) is None


def test_constant_speed_gives_a_flat_cadence_line() -> None:
    runs = [run(d, avg_cadence_spm=160 + (d % 2) * 2) for d in range(10)]
    base = runner_baseline(runs, min_runs=10)
    assert base.cadence_slope_spm_per_mps == 0.0
    assert base.expected_cadence_spm(4.0) == pytest.approx(161.0)


def test_empty_history() -> None:
    assert weekly_context([], TH) == ()
