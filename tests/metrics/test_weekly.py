"""Weekly load: Monday weeks of local days; daily load = distance. 2024-01-01 is a Monday."""

from __future__ import annotations

import dataclasses
import itertools
import math
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.knowledge import MeasureRules, load_rules
from backstride.metrics import DayRun, weekly_load

D = date(2024, 1, 1)


def day(n: int) -> date:
    return D + timedelta(days=n)


HISTORY = [
    DayRun(day(0), 5000, 1800, 50.0),  # Mon  week 1
    DayRun(day(2), 10000, 3600, None),  # Wed
    DayRun(day(6), 5000, 1800, 40.0),  # Sun
    DayRun(day(7), 6000, 2000),  # Mon  week 2 (a streak Sun-Mon-Tue: 3 days)
    DayRun(day(8), 6000, 2000),  # Tue
    # week 3 (from 01-15) empty
    DayRun(day(23), 8000, 2800),  # Wed  week 4
]


def test_weeks_by_hand(rules: MeasureRules) -> None:
    w1, w2, w3, w4 = weekly_load(HISTORY, rules)
    assert [w.week_start for w in (w1, w2, w3, w4)] == [day(0), day(7), day(14), day(21)]
    assert (w1.distance_m, w1.duration_s, w1.runs) == (20000, 7200, 3)
    assert (w1.longest_run_m, w1.long_run_share) == (10000, 0.5)
    assert (w1.rest_days, w1.longest_streak_days, w1.days_counted) == (4, 1, 7)
    assert w1.change_pct is None and w1.training_load == 90.0
    # monotony over [5,0,10,0,0,0,5] km: mean 20/7, population variance 150/7 - mean^2
    mean = 20000 / 7
    sd = math.sqrt(150e6 / 7 - mean**2)
    assert w1.monotony == pytest.approx(mean / sd)  # 0.784
    assert w1.strain == pytest.approx(20000 * mean / sd)

    assert (w2.distance_m, w2.runs, w2.rest_days) == (12000, 2, 5)
    assert w2.change_pct == pytest.approx(-40.0)  # 12 / 20 - 1
    assert w2.longest_streak_days == 3  # carried across the week boundary
    assert w2.monotony == pytest.approx(2 / math.sqrt(10))  # two equal days a: (2a/7)/(a sqrt10/7)
    assert w2.training_load is None

    assert (w3.distance_m, w3.runs, w3.rest_days, w3.longest_streak_days) == (0, 0, 7, 0)
    assert w3.change_pct == pytest.approx(-100.0)
    assert w3.longest_run_m is None and w3.long_run_share is None
    assert w3.monotony is None and w3.strain is None  # SD 0

    assert w4.change_pct is None  # previous week 0
    assert w4.monotony == pytest.approx(1 / math.sqrt(6))  # one day a: (a/7)/(a sqrt6/7)
    # ACWR needs 28 days from the first run (day 0): only week 4 (ends day 27) has it
    assert (w1.acwr, w2.acwr, w3.acwr) == (None, None, None)
    assert w4.acwr is not None


def test_acwr_and_partial_week_by_hand(rules: MeasureRules) -> None:
    """Acute N=1 (lambda 1), chronic N=3 (lambda 0.5), 2 days of history; today is Wednesday.
    Day 0: both EWMAs start at 10 km. Day 1 (0 km): acute 0, chronic 5 -> 0.
    Day 2 (20 km): acute 20, chronic 0.5 x 20 + 0.5 x 5 = 12.5 -> 1.6. Friday's run is after
    today and is left out."""
    quick = dataclasses.replace(
        rules,
        acwr=dataclasses.replace(rules.acwr, acute_days=1, chronic_days=3, min_history_days=2),
    )
    runs = [DayRun(day(0), 10000, 3000), DayRun(day(2), 20000, 6000), DayRun(day(4), 9000, 2500)]
    (week,) = weekly_load(runs, quick, through=day(2))
    assert week.acwr == pytest.approx(1.6)
    assert (week.days_counted, week.rest_days, week.runs, week.distance_m) == (3, 1, 2, 30000)
    # monotony over the counted days [10, 0, 20] km: mean 10, SD sqrt(200/3)
    assert week.monotony == pytest.approx(10 / math.sqrt(200 / 3))


def test_through_adds_the_empty_weeks_up_to_today(rules: MeasureRules) -> None:
    weeks = weekly_load([DayRun(day(0), 5000, 1500)], rules, through=day(19))  # Saturday
    assert [w.week_start for w in weeks] == [day(0), day(7), day(14)]
    assert (weeks[-1].days_counted, weeks[-1].rest_days) == (6, 6)


def test_no_runs_no_weeks(rules: MeasureRules) -> None:
    assert weekly_load([], rules) == []
    assert weekly_load([DayRun(day(5), 1000, 300)], rules, through=day(1)) == []


def test_constant_daily_distance_gives_acwr_one_once_28_days_exist(rules: MeasureRules) -> None:
    weeks = weekly_load([DayRun(day(n), 5000, 1500) for n in range(35)], rules)
    assert [w.acwr for w in weeks[:3]] == [None, None, None]
    assert weeks[3].acwr == pytest.approx(1.0) and weeks[4].acwr == pytest.approx(1.0)
    assert all(w.monotony is None for w in weeks)  # SD 0 every week
    assert weeks[4].longest_streak_days == 35


def test_several_runs_a_day_add_up(rules: MeasureRules) -> None:
    (week,) = weekly_load([DayRun(day(1), 3000, 900), DayRun(day(1), 4000, 1200)], rules)
    assert (week.distance_m, week.runs, week.longest_run_m, week.rest_days) == (7000, 2, 4000, 6)


day_runs = st.lists(
    st.builds(
        DayRun,
        st.integers(min_value=0, max_value=120).map(day),
        st.floats(min_value=0, max_value=60_000, allow_nan=False),
        st.floats(min_value=0, max_value=20_000, allow_nan=False),
        st.none() | st.floats(min_value=0, max_value=500, allow_nan=False),
    ),
    min_size=1,
    max_size=80,
)


@settings(max_examples=150, deadline=None)
@given(day_runs)
def test_weeks_add_up_to_the_runs(runs: list[DayRun]) -> None:
    weeks = weekly_load(runs, load_rules())
    assert sum(w.distance_m for w in weeks) == pytest.approx(sum(r.distance_m for r in runs))
    assert sum(w.duration_s for w in weeks) == pytest.approx(sum(r.duration_s for r in runs))
    assert sum(w.runs for w in weeks) == len(runs)
    week = timedelta(days=7)
    assert all(b.week_start - a.week_start == week for a, b in itertools.pairwise(weeks))
    assert weeks[0].week_start.weekday() == 0
    for w in weeks:
        run_days = {r.local_date for r in runs if 0 <= (r.local_date - w.week_start).days < 7}
        assert w.rest_days + len(run_days) == w.days_counted == 7
        assert (w.longest_streak_days >= 1) == (w.runs > 0)
        assert w.monotony is None or w.monotony > 0
        assert w.acwr is None or w.acwr >= 0
        assert w.long_run_share is None or 0 < w.long_run_share <= 1 + 1e-12


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(min_value=0, max_value=40_000, allow_nan=False), max_size=60),
    st.floats(min_value=1000, max_value=30_000, allow_nan=False),
)
def test_acwr_of_a_constant_daily_load_tends_to_one(prefix: list[float], load: float) -> None:
    """Any history first, then the same distance every day for 200 days, up to today."""
    runs = [DayRun(day(n), x, 0) for n, x in enumerate(prefix)]
    runs += [DayRun(day(len(prefix) + n), load, 0) for n in range(200)]
    last = weekly_load(runs, load_rules(), through=runs[-1].local_date)[-1]
    assert last.acwr == pytest.approx(1.0, abs=1e-3)
