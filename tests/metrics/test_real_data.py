"""measure_run on real recordings, checked by hand and against the devices' own summaries.

1. The Fenix 5 run rebuilt from the official SDK's record CSV
   (``fit/fitparse__garmin-fenix-5-run-records.csv``, 21 records), worked through by hand.
2. Real FIT runs decoded by ``garmin-fit-sdk`` (conftest.sdk_sessions), compared with the
   session totals the watch wrote: the watch averages over its own timer, we over our own
   moving / running definitions, so agreement is close but not exact.
"""

from __future__ import annotations

import dataclasses

import pytest

from backstride.knowledge import MeasureRules
from backstride.metrics import local_date, measure_run
from tests.metrics.conftest import FENIX5_CSV, fenix5_activity, fenix5_rows, sdk_sessions

# Times (07:34:xx PDT) of the 21 records and the interval (dt) each one ends:
#   09 10 11 13 14 16 23 25 26 31 32 34 36 38 39 42 45 54 56 35:01 35:06
#   dt:  1  1  2  1  2  7  2  1  5  1  2  2  2  1  3  3  9  2  5     5     (sum 57 s)
# speed at the end of the first two intervals is 0.0 -> not moving; all others > 0.5 m/s.
# Running (>= 1.8 m/s, cadence > 0) drops also the intervals ending at 13 (1.166 m/s) and 14
# (1.624 m/s). Cadence (rpm) x dt over the 16 running intervals:
#   89x2 + 91x7 + 90x2 + 95x1 + 90x5 + 90x1 + 89x2 + 89x2 + 89x2 + 90x1 + 90x3 + 89x3 + 73x9
#   + 54x2 + 95x5 + 88x5 = 4471 over 52 s -> 4471/52 rpm = 2 x 4471/52 steps per minute.
# Temperature: 25 C on records 1-8 (dt 17 s), 24 C on records 9-20 (dt 40 s).


def test_the_csv_is_where_the_manifest_says() -> None:
    assert FENIX5_CSV.is_file()
    assert len(fenix5_rows()) == 21


def test_fenix5_run_by_hand(rules: MeasureRules) -> None:
    run = fenix5_activity()
    m = measure_run(run, rules)
    assert m.distance_m == 157.56  # last cumulative distance in the CSV (first is 0.0)
    assert m.elapsed_s == 57.0  # 07:34:09 -> 07:35:06
    assert m.moving_s == 55.0  # 57 - the two zero-speed seconds
    assert m.avg_cadence_spm == pytest.approx(2 * 4471 / 52)
    assert m.avg_temperature_c == pytest.approx((25 * 17 + 24 * 40) / 57)
    assert m.max_temperature_c == 25.0
    assert m.max_hr_bpm == 112.0
    assert local_date(run.start_utc, run.utc_offset_s).isoformat() == "2017-06-11"


def test_fenix5_elevation_by_hand(rules: MeasureRules) -> None:
    """Altitudes 2.2 2.4 2.2 3.4 3.2 3.2 4.0 3.6 3.2 2.4 2.0 2.2 2.4 2.8 3.2 3.4 4.2 4.4 4.4 5.4
    4.2 span only 3.4 m: no swing reaches the 4 m dead band, so nothing counts. With a 1 m band:
    up 2.2 -> 4.0 (1.8), down 4.0 -> 2.0 (2.0), up 2.0 -> 5.4 (3.4), down 5.4 -> 4.2 (1.2)."""
    assert measure_run(fenix5_activity(), rules).ascent_m == 0.0
    fine = dataclasses.replace(
        rules, elevation=dataclasses.replace(rules.elevation, hysteresis_m=1)
    )
    m = measure_run(fenix5_activity(), fine)
    assert m.ascent_m == pytest.approx(1.8 + 3.4)
    assert m.descent_m == pytest.approx(2.0 + 1.2)


@pytest.fixture(scope="module")
def real_runs() -> list[tuple[str, object, dict[str, object]]]:
    names = [
        "sportslib__6782987395.fit",  # 83 min road run, stops with the timer running
        "geoap__2022-05-29_Laufen_Landal_Park_device.fit",  # hilly, smart recording
        "muktihari__triathlon_summary_last.fit",  # multisport: the running leg, with dynamics
        "runpandas__run.fit",
    ]
    return [(n, a, s) for n in names for a, s in sdk_sessions(n) if a.sport == "running"]


def test_real_runs_agree_with_the_watch(rules: MeasureRules, real_runs: list) -> None:
    assert len(real_runs) == 4
    for name, run, session in real_runs:
        m = measure_run(run, rules)
        assert m.distance_m == pytest.approx(session["total_distance"], rel=2e-3), name
        assert m.avg_hr_bpm == pytest.approx(session["avg_heart_rate"], abs=1.0), name
        timer = session["total_timer_time"]
        assert 0.9 * timer <= m.moving_s <= timer + 2, name
        assert m.moving_s <= m.elapsed_s
        # the watch filters altitude its own way; the 4 m dead band lands within 20 %
        assert m.ascent_m == pytest.approx(session["total_ascent"], rel=0.2), name
        assert m.descent_m == pytest.approx(session["total_descent"], rel=0.2), name
        assert m.descent_m >= 0 and m.steep_descent_s is not None
        assert 140 < m.avg_cadence_spm < 190, name


def test_running_dynamics_match_the_watchs_averages(rules: MeasureRules, real_runs: list) -> None:
    """The FR255 triathlon run leg states its own averages of the running dynamics; ours, over
    running portions, land within 1 % (units: the watch writes mm and ms)."""
    ((run, session),) = [(a, s) for n, a, s in real_runs if n.startswith("muktihari")]
    m = measure_run(run, rules)
    assert m.avg_vertical_oscillation_m * 1000 == pytest.approx(
        session["avg_vertical_oscillation"], rel=0.01
    )
    assert m.avg_stance_time_s * 1000 == pytest.approx(session["avg_stance_time"], rel=0.01)
    assert m.avg_step_length_m * 1000 == pytest.approx(session["avg_step_length"], rel=0.01)
    assert m.avg_power_w == pytest.approx(session["avg_power"], rel=0.01)
