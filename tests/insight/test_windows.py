"""Case-crossover windows: the hazard window, the tiled controls, and what is left out."""

from __future__ import annotations

import dataclasses

import numpy as np

from backstride.insight import InsightSettings, PainEpisode, plan_strata
from tests.insight._make import T0, at

SETTINGS = InsightSettings.from_knowledge()
DAY = 86_400.0


def starts(*days: float) -> np.ndarray:
    return np.array([T0.timestamp() + d * DAY for d in days])


def test_hazard_and_thirteen_tiled_controls() -> None:
    """A run every day from day 0 to 59 at T0's clock time, onset on day 40 at T0 + 40 d + 1 h.

    Hazard = [38 d 1 h, 40 d 1 h): the runs of days 39 and 40. Controls tile back to day 12:
    13 windows of 2 days, each holding 2 runs.
    """
    runs = starts(*range(60))
    plan = plan_strata(runs, [PainEpisode(at(40 + 1 / 24))], SETTINGS)
    assert SETTINGS.control_count == 13
    (stratum,) = plan.strata
    assert list(stratum.hazard) == [39, 40]
    assert len(stratum.controls) == 13
    assert list(stratum.controls[0]) == [37, 38]
    assert list(stratum.controls[-1]) == [13, 14]


def test_onset_with_no_run_before_or_too_early_is_left_out() -> None:
    runs = starts(0, 10, 20, 30)
    plan = plan_strata(
        runs, [PainEpisode(at(1)), PainEpisode(at(26)), PainEpisode(at(30.5))], SETTINGS
    )
    assert plan.before_history == 1  # day 1: its hazard window starts before the first run
    assert plan.without_run == 1  # day 26: no run in days 24-26
    assert plan.used == 1
    assert [list(w) for w in plan.strata[0].windows] == [[3], [2], [1]]


def test_controls_overlapping_another_episode_are_dropped() -> None:
    """Runs daily at 07:00; episode A from day 20.5 to day 23.5, episode B at day 40.5.

    A blocks [18.5, 23.5] (its hazard window and pain). B's controls [22.5, 24.5), [20.5, 22.5)
    and [18.5, 20.5) touch it and are dropped (runs of days 19-24); [16.5, 18.5) and
    [24.5, 26.5) are kept when the wash-out after A is not left out.
    """
    runs = starts(*range(60))
    a = PainEpisode(at(20.5), at(23.5))
    b = PainEpisode(at(40.5))
    plan = plan_strata(runs, [a, b], dataclasses.replace(SETTINGS, block_wash_out=False))
    stratum_b = plan.strata[-1]
    kept_days = sorted(int(i) for w in stratum_b.controls for i in w)
    assert not any(19 <= d <= 24 for d in kept_days)
    assert {17, 18, 25, 26} <= set(kept_days)


def test_shorter_hazard_window_gives_more_controls() -> None:
    day_window = SETTINGS.with_hazard_hours(24)
    assert day_window.control_count == 27
    assert day_window.hazard_h == 24
    runs = starts(*range(60))
    (stratum,) = plan_strata(runs, [PainEpisode(at(40.5))], day_window).strata
    assert list(stratum.hazard) == [40]


def test_no_runs_at_all() -> None:
    plan = plan_strata(np.array([]), [PainEpisode(at(3))], SETTINGS)
    assert plan.used == 0 and plan.before_history == 1


def test_windows_after_the_episode_and_its_wash_out() -> None:
    """Runs daily at T0's clock time, days 0-99; an episode from day 40 + 1 h to day 43 and
    three windows after it. The wash-out is the episode rule's 7 pain-free days, so the after
    windows start at day 50: [50, 52), [52, 54), [54, 56) hold the runs of days 50-55."""
    runs = starts(*range(100))
    settings = dataclasses.replace(SETTINGS, after_windows=3)
    assert settings.washout_s == 7 * DAY
    plan = plan_strata(runs, [PainEpisode(at(40 + 1 / 24), at(43))], settings)
    (stratum,) = plan.strata
    assert len(stratum.controls) == 13 + 3
    assert [list(w) for w in stratum.controls[-3:]] == [[50, 51], [52, 53], [54, 55]]
    # the shipped setting keeps every control before the onset
    (before_only,) = plan_strata(runs, [PainEpisode(at(40 + 1 / 24), at(43))], SETTINGS).strata
    assert len(before_only.controls) == 13


def test_after_windows_respect_other_episodes_and_the_end_of_the_data() -> None:
    """Episode A (day 40 + 1 h to day 43) is followed by B at day 53.5, whose hazard window
    [51.5, 53.5) and pain block A's after windows [50, 52) and [52, 54); [54, 56) lies within
    B's pain (to day 55) too. With runs only to day 51, [50, 52) would reach past the last run
    and is left out (no data is not "no running"), and the later ones hold no run."""
    settings = dataclasses.replace(SETTINGS, after_windows=3)
    a = PainEpisode(at(40 + 1 / 24), at(43))
    b = PainEpisode(at(53.5), at(55))
    plan = plan_strata(starts(*range(100)), [a, b], settings)
    stratum_a = plan.strata[0]
    assert len(stratum_a.controls) == 13
    short = plan_strata(starts(*range(52)), [a], settings)
    assert len(short.strata[0].controls) == 13


def test_wash_out_after_another_episode_can_be_left_out() -> None:
    """Episode A from day 20.5 to day 23.5, B at day 40.5; runs daily at 07:00. With
    ``block_wash_out`` the 7 days after A's pain (to day 30.5) are left out of B's controls as
    well; [30.5, 32.5) touches its end and goes too (as windows touching pain do), so no run of
    days 19-32 remains, while [32.5, 34.5) (days 33-34) is kept."""
    assert not SETTINGS.block_wash_out  # the shipped choice keeps them
    settings = dataclasses.replace(SETTINGS, block_wash_out=True)
    a = PainEpisode(at(20.5), at(23.5))
    b = PainEpisode(at(40.5))
    stratum_b = plan_strata(starts(*range(60)), [a, b], settings).strata[-1]
    kept_days = sorted(int(i) for w in stratum_b.controls for i in w)
    assert not any(19 <= d <= 32 for d in kept_days)
    assert {17, 18, 33, 34} <= set(kept_days)
