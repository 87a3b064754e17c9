"""Confirmed triggers in the plan: dated running changes computed from the runner's own runs.

The runs are the synthetic ones of ``tests.care.helpers.runs_every_other_day``: a run every
second day up to 2 days before NOW (1 Sept 2026), 8 km in 3000 s with 6 m of descent per km,
every fourth one 16 km in the same 3000 s. The expected caps below are worked out by hand from
that pattern.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.care import build_plan
from backstride.care.triggers import (
    ConfirmedTrigger,
    TriggerChange,
    limit_week,
    trigger_changes,
    why_clause,
)
from backstride.knowledge import load_rules
from backstride.knowledge.care import load_care
from backstride.knowledge.triggers import load_trigger_changes
from backstride.model import Plan, PlanNote, RunDecision, WeekRunning
from tests.care.helpers import NOW, inputs_for, load_of, runs_every_other_day

CHRONIC = {"onset_days_ago": 70, "pain_score": 2, "improving": True}
START = NOW.date()


def trigger(exposure: str, odds: float = 4.1, high: float | None = 9.2) -> ConfirmedTrigger:
    return ConfirmedTrigger(
        exposure=exposure,
        label=f"runs flagged {exposure}",
        odds_ratio=odds,
        ci_low=1.9,
        ci_high=high,
        confidence=0.95,
        exposed_episodes=14,
        compared_episodes=26,
    )


def plan_with(
    *exposures: str, answers: dict[str, Any] | None = None, weeks: int = 6, **kwargs: Any
) -> Plan:
    runs = kwargs.pop("runs", None) or runs_every_other_day()
    inputs = inputs_for(CHRONIC if answers is None else answers, runs=runs, weeks=weeks)
    inputs = dataclasses.replace(
        inputs, triggers=tuple(trigger(e) for e in exposures), runs=tuple(runs), **kwargs
    )
    return build_plan(inputs, load_care(), load_rules())


def note(plan: Plan, exposure: str) -> PlanNote:
    return next(n for n in plan.running_changes if n.trigger == exposure)


def test_a_plan_without_triggers_has_no_trigger_notes() -> None:
    plan = plan_with()
    assert all(n.trigger is None for n in plan.running_changes)
    assert not any(w.running.flat_route for w in plan.weeks)  # chronic, no pain today


def test_downhill_gives_dated_flat_routes_with_the_runners_own_descent() -> None:
    plan = plan_with("downhill")
    first = plan.running_changes[0]  # confirmed triggers come first
    assert first.trigger == "downhill" and first.id == "trigger.downhill" and first.grade == "C"
    # every run has 6 m/km: the cap is min(10 m/km flat-route limit, median 6 m/km) = 6
    assert "at most 6 m of descent per km" in first.text
    assert "From 2026-09-01 to 2026-09-28" in first.text  # 4 weeks
    assert "4.1 times as often" in first.text and "95 % CI 1.9-9.2" in first.text
    assert "see the why-analysis" in first.text
    flat = [w.running.flat_route for w in plan.weeks]
    assert flat == [True, True, True, True, False, False]  # only while the change lasts
    assert "flat routes" in plan.weeks[0].running.note


def test_the_descent_cap_never_goes_below_gps_noise() -> None:
    flat = [dataclasses.replace(r, descent_m_per_km=1.0) for r in runs_every_other_day()]
    # median 1 m/km, below the 3 m/km floor of trigger.downhill: the cap is 3
    assert (
        "at most 3 m of descent per km" in note(plan_with("downhill", runs=flat), "downhill").text
    )


def test_distance_spike_caps_each_run_at_110_percent_of_the_longest() -> None:
    plan = plan_with("distance_spike")
    text = note(plan, "distance_spike").text
    # longest run of the last 30 days is 16 km: 16 x 1.10 = 17.6 km
    assert "at or below 17.6 km" in text and "16.0 km" in text
    for week in plan.weeks[:4]:
        assert week.running.run_cap_m == pytest.approx(17_600.0)
        assert week.running.long_run_cap_m == pytest.approx(17_600.0)
    assert plan.weeks[4].running.run_cap_m is None


def test_long_run_caps_each_run_below_one_and_a_half_median_runs() -> None:
    plan = plan_with("long_run")
    # 30 runs in 90 days, 7 of them 16 km and 23 of 8 km: median 8 km, cap 1.5 x 8 = 12 km
    assert "below 12.0 km" in note(plan, "long_run").text
    assert plan.weeks[0].running.run_cap_m == pytest.approx(12_000.0)
    assert plan.weeks[0].running.long_run_cap_m == pytest.approx(12_000.0)
    assert "each run at most 12.0 km" in plan.weeks[0].running.note


def test_weekly_increase_and_acwr_cap_the_week_from_the_last_four() -> None:
    # runs in the 28 local days 5 Aug - 1 Sept: 13 runs, three of 16 km and ten of 8 km,
    # 128 km / 4 = 32 km a week; caps 110 % = 35.2 km and 130 % = 41.6 km
    plan = plan_with("weekly_increase", "acwr_high")
    assert "at or below 35.2 km" in note(plan, "weekly_increase").text
    assert "32.0 km" in note(plan, "weekly_increase").text
    assert "at or below 41.6 km" in note(plan, "acwr_high").text
    assert note(plan, "weekly_increase").grade == "C"


def test_worn_shoes_names_the_pair_to_retire() -> None:
    runs = runs_every_other_day()
    load = dataclasses.replace(load_of(runs), worn_shoes=("Pegasus (950 km)",))
    plan = plan_with("worn_shoes", runs=runs, load=load)
    assert "retire Pegasus (950 km)" in note(plan, "worn_shoes").text
    none_worn = note(plan_with("worn_shoes"), "worn_shoes").text
    assert "no pair you use now is past 800 km" in none_worn


def test_low_cadence_reuses_the_plans_cadence_target() -> None:
    plan = plan_with("low_cadence")
    # 165 spm: 165 x 1.05 = 173.25 and 165 x 1.10 = 181.5
    assert plan.cadence is not None and plan.cadence.low_spm == pytest.approx(173.25)
    text = note(plan, "low_cadence").text
    assert "173-182 steps/min" in text and "your average is 165" in text
    assert "2026-10-12" in text  # 6 weeks: 1 Sept + 41 days


def test_fast_pace_caps_the_pace_at_ten_percent_above_the_median_speed() -> None:
    # median speed 8000 m / 3000 s = 2.667 m/s (6:15 per km); x 1.10 = 2.933 m/s -> 341 s (5:41)
    text = note(plan_with("fast_pace"), "fast_pace").text
    assert "faster than 5:41 per km" in text and "6:15 per km" in text


@pytest.mark.parametrize(
    ("exposure", "words"),
    [
        ("treadmill", "outdoors"),
        ("trail", "smooth, even surfaces"),
        ("heat", "25 °C or more"),
        ("consecutive_days", "at most 2 days in a row"),
        ("gct_imbalance", "single-leg strength"),
        ("hilly", "climb or descent per km"),
    ],
)
def test_the_other_triggers_give_their_dated_change(exposure: str, words: str) -> None:
    text = note(plan_with(exposure), exposure).text
    assert words in text and "From 2026-09-01" in text


def test_triggers_asking_for_the_same_change_give_one_note_with_both_reasons() -> None:
    plan = plan_with("downhill", "hilly", "weekly_increase", "acwr_high")
    flat = [n for n in plan.running_changes if "flat routes" in n.text]
    assert len(flat) == 1 and flat[0].trigger == "downhill"  # the best-supported first
    [change] = [
        c
        for c in trigger_changes(
            [trigger("downhill"), trigger("hilly")],
            load_trigger_changes(),
            runs_every_other_day(),
            load_of(runs_every_other_day()),
            START,
        )
    ]
    assert change.exposures == ("downhill", "hilly")
    assert "runs flagged downhill" in flat[0].text
    assert "Your pain also followed runs flagged hilly" in flat[0].text
    assert flat[0].text.endswith("walk any steep descent.")  # downhill's change, said once
    # the week caps differ in their numbers (35.2 and 41.6 km): two changes, both stated
    assert "35.2 km" in note(plan, "weekly_increase").text
    assert "41.6 km" in note(plan, "acwr_high").text


def test_without_runs_the_fallback_says_what_is_missing() -> None:
    long_ago = [
        dataclasses.replace(r, start_utc=r.start_utc - timedelta(days=400))
        for r in runs_every_other_day()
    ]
    long_ago = [dataclasses.replace(r, local_date=r.start_utc.date()) for r in long_ago]
    plan = plan_with("distance_spike", "downhill", runs=long_ago)
    assert "no run in the last 30 days" in note(plan, "distance_spike").text
    assert "at most 10 m of descent per km" in note(plan, "downhill").text
    assert plan.weeks[0].running.run_cap_m is None  # nothing computed, nothing capped


def test_an_unknown_exposure_changes_nothing() -> None:
    plain, extra = plan_with(), plan_with("my_own_column")
    assert plain == extra


def test_a_withheld_plan_stays_withheld_with_triggers() -> None:
    plan = plan_with("downhill", "distance_spike", answers={"saddle_numbness": True})
    assert plan.withheld and plan.running_changes == () and plan.weeks == ()
    none = build_plan(  # no triage yet: withheld too
        dataclasses.replace(inputs_for(None), triggers=(trigger("downhill"),)),
        load_care(),
        load_rules(),
    )
    assert none.withheld and none.running_changes == ()


def test_acute_weeks_keep_no_running() -> None:
    plan = plan_with("distance_spike", answers={"onset_days_ago": 1, "pain_score": 6})
    first = plan.weeks[0].running
    assert first.mode is RunDecision.CROSS_TRAIN and first.run_cap_m is None
    assert note(plan, "distance_spike")  # the dated change is there for when running resumes


def test_why_clause_without_an_upper_limit() -> None:
    text = why_clause(trigger("downhill", odds=30.0, high=None))
    assert "far more often (odds ratio above 20) than" in text and "95 % CI 1.9 or more" in text
    assert "19.5 times as often as" in why_clause(trigger("downhill", odds=19.5, high=40.0))


def test_every_shipped_item_gives_a_note_with_and_without_data() -> None:
    runs = runs_every_other_day()
    items = load_trigger_changes()
    triggers = [trigger(e) for e in items]
    full = trigger_changes(triggers, items, runs, load_of(runs), START)
    empty = trigger_changes(triggers, items, [], load_of([]), START)
    # every item gives a change, except hilly, whose change is downhill's (one note for both)
    assert [c.note.trigger for c in full] == [e for e in items if e != "hilly"]
    assert (
        "Your pain also followed runs flagged hilly"
        in full[[c.note.trigger for c in full].index("downhill")].note.text
    )
    for change in (*full, *empty):
        assert "{" not in change.note.text and change.change in change.note.text


WEEK = WeekRunning(
    mode=RunDecision.NORMAL,
    runs_max_count=None,
    run_cap_m=None,
    long_run_cap_m=None,
    flat_route=False,
    progression=False,
    note="Normal training.",
)


@settings(max_examples=60, deadline=None)
@given(
    existing=st.one_of(st.none(), st.floats(1_000, 40_000)),
    caps=st.lists(st.one_of(st.none(), st.floats(1_000, 40_000)), max_size=3),
    flats=st.lists(st.booleans(), max_size=3),
    mode=st.sampled_from(list(RunDecision)),
    offset_days=st.integers(-10, 60),
)
def test_trigger_limits_never_loosen_a_week(
    existing: float | None,
    caps: list[float | None],
    flats: list[bool],
    mode: RunDecision,
    offset_days: int,
) -> None:
    """Whatever the changes, a week's caps only go down, a flat route stays flat, and weeks
    without running or after every change has ended are left as they were."""
    week = dataclasses.replace(WEEK, mode=mode, run_cap_m=existing, long_run_cap_m=existing)
    until = START + timedelta(days=28)
    changes = [
        TriggerChange(
            note=PlanNote("x", "x", "-"), change="x", until=until, flat_route=f, run_cap_m=c
        )
        for c, f in zip(caps, flats, strict=False)
    ]
    start = START + timedelta(days=offset_days)
    out = limit_week(week, start, changes)
    if mode.rank < RunDecision.EASY_RUN.rank or start >= until or not changes:
        assert out == week
        return
    assert out.flat_route >= week.flat_route
    for before, after in (
        (week.run_cap_m, out.run_cap_m),
        (week.long_run_cap_m, out.long_run_cap_m),
    ):
        if before is not None:
            assert after is not None and after <= before
    given_caps = [c for c in caps[: len(changes)] if c is not None]
    if given_caps:
        assert out.run_cap_m is not None and out.run_cap_m <= min(given_caps)
