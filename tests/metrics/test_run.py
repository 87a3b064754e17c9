"""measure_run on tiny streams written out by hand (arithmetic in the comments).

Interval i runs from sample i-1 to sample i and takes sample i's values; thresholds from
measures.yaml: moving > 0.5 m/s, pause gap > 30 s, running >= 1.8 m/s with cadence > 0,
zones at 50/60/70/80/90 % of max HR, Edwards weights 1..5, grade window 100 m, -5 %.
"""

from __future__ import annotations

import dataclasses
import math

import pytest

from backstride.knowledge import MeasureRules
from backstride.metrics import measure_run, surface_from_sub_sport
from backstride.model import Channel, SpeedBandCadence, SubSport, Surface
from tests.metrics.conftest import activity, stream

# A FIT-like stream with a 60 s pause between samples 4 and 5.
#   i   t    dist  speed  cad  hr
#   0   0     0     0      0   100
#   1   1     3     3    170   120   run
#   2   2     6     3    172   140   run
#   3   3     9     3    174   160   run
#   4   4    10     1    100   150   moving, not running (1 m/s < 1.8)
#   5  64    10     0      0   110   pause: dt 60 s > 30 s
#   6  65    13     3    180   170   run
#   7  66    16     3    180   180   run
FIT_LIKE = stream(
    [0, 1, 2, 3, 4, 64, 65, 66],
    distance_m=[0, 3, 6, 9, 10, 10, 13, 16],
    speed_mps=[0, 3, 3, 3, 1, 0, 3, 3],
    cadence_spm=[0, 170, 172, 174, 100, 0, 180, 180],
    hr_bpm=[100, 120, 140, 160, 150, 110, 170, 180],
    altitude_m=[10] * 8,
)


def test_time_distance_and_speed(rules: MeasureRules) -> None:
    m = measure_run(activity(FIT_LIKE), rules)
    assert m.distance_m == 16.0  # last - first cumulative distance
    assert m.elapsed_s == 66.0  # last - first time
    assert m.moving_s == 6.0  # intervals 1,2,3,4,6,7 of 1 s; the 60 s pause never counts
    assert m.avg_speed_mps == pytest.approx(16 / 6)


def test_cadence_step_length_over_running_portions(rules: MeasureRules) -> None:
    m = measure_run(activity(FIT_LIKE), rules, height_m=1.75)
    # running intervals 1,2,3,6,7 (1 s each): (170+172+174+180+180)/5 = 876/5
    assert m.avg_cadence_spm == pytest.approx(175.2)
    # no step-length channel: running distance / running steps = (5 x 3 m) / (876/60 steps)
    assert m.avg_step_length_m == pytest.approx(15 / (876 / 60))
    assert m.step_length_height_ratio == pytest.approx(15 / (876 / 60) / 1.75)
    # all running at 3 m/s: one band, 2.75-3.25 m/s, 5 s
    assert m.cadence_by_speed == (SpeedBandCadence(2.75, 3.25, pytest.approx(175.2), 5.0),)


def test_heart_rate_zones_and_load_with_a_given_max(rules: MeasureRules) -> None:
    m = measure_run(activity(FIT_LIKE), rules, max_hr_bpm=200)
    # active intervals 1,2,3,4,6,7: (120+140+160+150+170+180)/6
    assert m.avg_hr_bpm == pytest.approx(920 / 6)
    assert m.max_hr_bpm == 180.0
    # zones start at 100,120,140,160,180 bpm: 120->2, 140->3, 160->4, 150->3, 170->4, 180->5
    assert m.hr_zone_s == (0.0, 1.0, 2.0, 2.0, 1.0)
    # Edwards: (2x1 + 3x2 + 4x2 + 5x1) s / 60 = 21/60
    assert m.training_load == pytest.approx(21 / 60)


def test_heart_rate_zones_fall_back_to_the_runs_own_max(rules: MeasureRules) -> None:
    m = measure_run(activity(FIT_LIKE), rules)
    # max seen 180: zones start at 90,108,126,144,162: 120->2, 140->3, 160->4, 150->4, 170,180->5
    assert m.hr_zone_s == (0.0, 1.0, 1.0, 2.0, 2.0)
    assert m.training_load == pytest.approx((2 + 3 + 8 + 10) / 60)


def test_flat_run_has_no_climb(rules: MeasureRules) -> None:
    m = measure_run(activity(FIT_LIKE), rules)
    assert (m.ascent_m, m.descent_m, m.descent_m_per_km, m.steep_descent_s) == (0, 0, 0, 0)


def test_summary_fields_win_where_the_file_states_them(rules: MeasureRules) -> None:
    a = activity(FIT_LIKE, distance_m=20.0, elapsed_s=70.0, ascent_m=3.0, descent_m=2.0)
    m = measure_run(a, rules)
    assert (m.distance_m, m.elapsed_s, m.ascent_m, m.descent_m) == (20.0, 70.0, 3.0, 2.0)
    assert m.descent_m_per_km == pytest.approx(2.0 / 0.020)


def test_empty_stream_uses_the_summary(rules: MeasureRules) -> None:
    a = activity(
        distance_m=5000.0,
        elapsed_s=1800.0,
        timer_s=1700.0,
        ascent_m=20.0,
        descent_m=25.0,
        avg_hr_bpm=150.0,
        max_hr_bpm=170.0,
        avg_cadence_spm=168.0,
        avg_power_w=250.0,
    )
    m = measure_run(a, rules)
    assert (m.distance_m, m.elapsed_s, m.moving_s) == (5000.0, 1800.0, 1700.0)
    assert m.avg_speed_mps == pytest.approx(5000 / 1700)
    assert (m.ascent_m, m.descent_m, m.descent_m_per_km) == (20.0, 25.0, 5.0)
    assert (m.avg_cadence_spm, m.avg_power_w, m.avg_hr_bpm, m.max_hr_bpm) == (168, 250, 150, 170)
    assert m.hr_zone_s == () and m.steep_descent_s is None
    # no HR stream: zone of the average (max 170: zone 4 starts at 136 bpm, zone 5 at 153)
    # times moving minutes: 4 x 1700/60
    assert m.training_load == pytest.approx(4 * 1700 / 60)


def test_empty_stream_and_no_summary_gives_zeros_and_nones(rules: MeasureRules) -> None:
    m = measure_run(activity(), rules)
    assert (m.distance_m, m.elapsed_s, m.moving_s) == (0.0, 0.0, 0.0)
    assert m.avg_speed_mps is None and m.avg_cadence_spm is None and m.training_load is None


def test_gpx_like_stream_gets_distance_from_positions(rules: MeasureRules) -> None:
    """Positions only (as GPX): 11 fixes 1 s apart along the equator, 0.00003 deg of longitude
    each = 6371008.8 m x radians(0.00003) = 3.33585 m; fix 5 is missing, which changes nothing
    along a straight line. Elevation climbs 1 m a second (10 m in all)."""
    step = 6371008.8 * math.radians(0.00003)
    lon = [i * 0.00003 for i in range(11)]
    lat: list[float | None] = [0.0] * 11
    lat[5] = None
    s = stream(
        range(11),
        lat_deg=lat,
        lon_deg=[None if i == 5 else v for i, v in enumerate(lon)],
        altitude_m=[float(i) for i in range(11)],
        hr_bpm=[140] * 11,
    )
    m = measure_run(activity(s), rules)
    assert m.distance_m == pytest.approx(10 * step, rel=1e-9)
    assert m.moving_s == 10.0  # 3.34 m/s > 0.5 m/s throughout (the missing fix shares the rate)
    assert m.ascent_m == 10.0 and m.descent_m == 0.0
    assert m.avg_cadence_spm is None and m.avg_step_length_m is None


def test_tcx_like_stream_gets_speed_from_distance_and_counts_steep_descent(
    rules: MeasureRules,
) -> None:
    """Distance and altitude, no speed (as TCX): 41 samples 3 s apart, 10 m each (3.33 m/s),
    down a steady -10 % grade (altitude 100 - 0.1 x distance). With the 100 m centred window,
    samples at 50..350 m (31 of them) have a grade; each ends a 3 s interval: 93 s steep."""
    d = [10.0 * i for i in range(41)]
    s = stream(
        [3 * i for i in range(41)],
        distance_m=d,
        altitude_m=[100 - 0.1 * x for x in d],
        cadence_spm=[170] * 41,
    )
    m = measure_run(activity(s), rules)
    assert m.distance_m == 400.0 and m.moving_s == 120.0
    assert m.avg_speed_mps == pytest.approx(400 / 120)
    assert m.steep_descent_s == 93.0
    assert m.ascent_m == 0.0 and m.descent_m == pytest.approx(40.0)
    assert m.descent_m_per_km == pytest.approx(100.0)  # 40 m over 0.4 km
    assert m.avg_cadence_spm == 170.0
    assert m.avg_step_length_m == pytest.approx((10 / 3) / (170 / 60))  # speed / steps a second


def test_a_gentle_descent_is_not_steep(rules: MeasureRules) -> None:
    d = [10.0 * i for i in range(41)]
    s = stream([3 * i for i in range(41)], distance_m=d, altitude_m=[100 - 0.04 * x for x in d])
    assert measure_run(activity(s), rules).steep_descent_s == 0.0  # -4 % is not below -5 %


def test_treadmill_without_speed_uses_the_timer_and_cadence(rules: MeasureRules) -> None:
    """Treadmill, no distance, speed or position: the stream cannot tell moving time, so the
    file's timer is used; running is wherever cadence > 0: (0 excluded) (160+170)/2."""
    s = stream([0, 1, 2, 3], cadence_spm=[0, 160, 170, 0], hr_bpm=[90, 120, 130, 100])
    a = activity(s, sub_sport=SubSport.TREADMILL, timer_s=2.5, distance_m=8.0)
    m = measure_run(a, rules)
    assert (m.moving_s, m.elapsed_s, m.distance_m) == (2.5, 3.0, 8.0)
    assert m.avg_cadence_spm == 165.0
    assert m.cadence_by_speed == ()
    assert m.surface is Surface.TREADMILL


def test_moving_time_never_exceeds_a_shorter_stated_elapsed_time(rules: MeasureRules) -> None:
    m = measure_run(activity(FIT_LIKE, elapsed_s=5.0), rules)
    assert m.moving_s == 5.0


def test_running_dynamics_average_over_running_only(rules: MeasureRules) -> None:
    """Samples 1-2 run (3 m/s), 3 walks (1.2 m/s): its values must not count."""
    s = stream(
        [0, 1, 3, 4],
        speed_mps=[0, 3, 3, 1.2],
        cadence_spm=[0, 170, 180, 110],
        vertical_oscillation_m=[0, 0.08, 0.09, 0.03],
        vertical_ratio_pct=[0, 7.0, 8.0, 3.0],
        stance_time_s=[0, 0.25, 0.28, 0.5],
        stance_time_balance_pct=[0, 50.0, 53.0, 45.0],
        step_length_m=[0, 1.0, 1.1, 0.5],
        power_w=[0, 200, 260, 100],
        temperature_c=[20, 21, 22, 30],
    )
    m = measure_run(activity(s), rules)
    # weights: interval 1 = 1 s, interval 2 = 2 s
    assert m.avg_vertical_oscillation_m == pytest.approx((0.08 + 2 * 0.09) / 3)
    assert m.avg_vertical_ratio_pct == pytest.approx((7 + 2 * 8) / 3)
    assert m.avg_stance_time_s == pytest.approx((0.25 + 2 * 0.28) / 3)
    assert m.stance_time_balance_left_pct == pytest.approx((50 + 2 * 53) / 3)
    assert m.avg_step_length_m == pytest.approx((1.0 + 2 * 1.1) / 3)  # from the channel
    assert m.avg_cadence_spm == pytest.approx((170 + 2 * 180) / 3)
    # power over moving (all three intervals, the walk too): (200 + 2x260 + 100) / 4
    assert m.avg_power_w == pytest.approx((200 + 520 + 100) / 4)
    # temperature over active intervals (21x1 + 22x2 + 30x1) / 4; max over samples
    assert m.avg_temperature_c == pytest.approx((21 + 44 + 30) / 4)
    assert m.max_temperature_c == 30.0


@pytest.mark.parametrize(
    ("sub_sport", "surface"),
    [
        (SubSport.TREADMILL, Surface.TREADMILL),
        (SubSport.TRAIL, Surface.TRAIL),
        (SubSport.TRACK, Surface.TRACK),
        (SubSport.STREET, Surface.ROAD),
        (SubSport.GENERIC, Surface.UNKNOWN),
        (SubSport.INDOOR, Surface.UNKNOWN),
    ],
)
def test_surface_from_sub_sport(sub_sport: SubSport, surface: Surface) -> None:
    assert surface_from_sub_sport(sub_sport) is surface


def test_the_runners_surface_wins(rules: MeasureRules) -> None:
    a = activity(FIT_LIKE, sub_sport=SubSport.TREADMILL)
    assert measure_run(a, rules, surface_override=Surface.TRAIL).surface is Surface.TRAIL


def test_thresholds_come_from_the_rules(rules: MeasureRules) -> None:
    """Raising the moving threshold to 2 m/s drops interval 4 (1 m/s) from moving time."""
    stricter = dataclasses.replace(rules, moving=dataclasses.replace(rules.moving, min_speed_mps=2))
    assert measure_run(activity(FIT_LIKE), stricter).moving_s == 5.0


def test_measures_are_plain_python_numbers(rules: MeasureRules) -> None:
    m = measure_run(activity(FIT_LIKE), rules, max_hr_bpm=200)
    for field in dataclasses.fields(m):
        value = getattr(m, field.name)
        if isinstance(value, float | int) and not isinstance(value, bool):
            assert type(value) in (float, int), field.name
    assert all(type(s) is float for s in m.hr_zone_s)


def test_channel_names_used_here_are_model_channels() -> None:
    assert {c.value for c in Channel} >= set(FIT_LIKE.columns)


def test_a_gap_is_a_pause_unless_the_distance_moved_across_it(rules: MeasureRules) -> None:
    """Two 600 s gaps: across the first the distance stands still (auto-pause): a pause; across
    the second it advances 1800 m (3 m/s, a hole in a phone's recording): moving, though no
    cadence or heart rate is known inside it.
      t:    0  1  2  602  603  604  1204  1205
      dist: 0  3  6    6    9   12  1812  1815"""
    s = stream(
        [0, 1, 2, 602, 603, 604, 1204, 1205],
        distance_m=[0, 3, 6, 6, 9, 12, 1812, 1815],
        speed_mps=[0, 3, 3, 3, 3, 3, 3, 3],  # a watch reports the speed after a pause too
        cadence_spm=[0, 170, 170, 170, 170, 170, 170, 170],
        hr_bpm=[120] * 8,
    )
    m = measure_run(activity(s), rules, max_hr_bpm=200)
    assert m.moving_s == 2 + 2 + 600 + 1  # 1 s intervals: 1,2,4,5,7; the 2nd gap: 600 s
    assert m.elapsed_s == 1205
    assert m.avg_cadence_spm == 170.0
    assert sum(m.hr_zone_s) == 5.0  # heart rate only where it was recorded


def test_a_hole_longer_than_half_an_hour_is_a_pause(rules: MeasureRules) -> None:
    """A recording resumed after a drive: across a 2 h gap the distance advances 40 km
    (5.6 m/s, a running speed): a pause all the same; the hour of running either side moves.
      t:    0  1800  3600  10800  12600  14400
      dist: 0  5000 10000  50000  55000  60000"""
    s = stream(
        [0, 1800, 3600, 10800, 12600, 14400],
        distance_m=[0, 5000, 10000, 50000, 55000, 60000],
    )
    m = measure_run(activity(s), rules, max_hr_bpm=200)
    assert rules.moving.max_hole_s == 1800
    assert m.moving_s == 4 * 1800  # the four 30-minute intervals, not the 2 h hole
    assert m.elapsed_s == 14400
