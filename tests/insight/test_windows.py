"""Case-crossover windows: the hazard window, the tiled controls, and what is left out."""

from __future__ import annotations

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
    [24.5, 26.5) are kept.
    """
    runs = starts(*range(60))
    a = PainEpisode(at(20.5), at(23.5))
    b = PainEpisode(at(40.5))
    plan = plan_strata(runs, [a, b], SETTINGS)
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
