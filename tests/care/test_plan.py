"""Plans for acute, subacute and chronic pain and for red flags, checked for their content."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backstride.care import build_plan, cadence_target, next_step, step_history
from backstride.care.dosing import dose_at, dose_text
from backstride.knowledge import load_rules
from backstride.knowledge.care import CareKnowledge, load_care
from backstride.model import PainType, Phase, Plan, PlanStep, RunDecision
from tests.care.helpers import NOW, inputs_for, load_of, pain, runs_every_other_day


def plan_for(answers: dict[str, Any] | None, **kwargs: Any) -> Plan:
    return build_plan(inputs_for(answers, **kwargs), load_care(), load_rules())


def exercise_ids(plan: Plan) -> set[str]:
    return {ex.id for week in plan.weeks for ex in week.exercises}


def test_acute_plan_has_no_running_and_only_gentle_exercises(knowledge: CareKnowledge) -> None:
    plan = plan_for({"onset_days_ago": 1, "pain_score": 6, "pain_type": "sharp"})
    assert not plan.withheld and plan.phase.tissue is Phase.ACUTE
    first = plan.weeks[0]
    assert first.tissue_phase is Phase.ACUTE
    assert first.running.mode is RunDecision.CROSS_TRAIN
    assert first.running.runs_max_count == 0
    assert first.running.run_cap_m is None and first.running.long_run_cap_m is None
    assert not first.running.progression
    acute_ok = {ex.id for ex in knowledge.exercises if Phase.ACUTE in ex.phases}
    assert {ex.id for ex in first.exercises} <= acute_ok
    assert {ex.category for ex in first.exercises} <= {"mobility", "cardio"}
    assert "advice.ice" in {a.id for a in plan.advice}
    for week in plan.weeks:  # no running progression in any acute week
        if week.tissue_phase is Phase.ACUTE:
            assert week.running.runs_max_count == 0 and not week.running.progression


def test_subacute_plan_returns_to_running_step_by_step() -> None:
    runs = runs_every_other_day()
    plan = plan_for({"onset_days_ago": 10, "pain_score": 3}, runs=runs)
    longest = max(r.distance_m for r in runs if r.start_utc > NOW - timedelta(days=30))
    assert longest == 16_000.0
    caps = [w.running.run_cap_m for w in plan.weeks]
    assert [w.running.mode for w in plan.weeks] == [RunDecision.EASY_RUN] * 4
    assert caps == pytest.approx([8_000.0, 9_600.0, 11_200.0, 12_800.0])  # 50 % + 10 points a week
    assert [w.running.progression for w in plan.weeks] == [False, True, True, True]
    assert all(w.running.runs_max_count == 3 and w.running.flat_route for w in plan.weeks)
    assert all(c <= longest * 1.1 for c in caps if c is not None)
    categories = {ex.category for ex in plan.weeks[0].exercises}
    assert {"strength", "stretch", "mobility"} <= categories
    assert sum(ex.category == "strength" for ex in plan.weeks[0].exercises) <= 5


def test_chronic_plan_trains_normally_within_the_spike_rule() -> None:
    plan = plan_for({"onset_days_ago": 70, "pain_score": 2, "improving": True})
    assert plan.urgency == "self_care" and plan.phase.tissue is Phase.CHRONIC
    for week in plan.weeks:
        assert week.running.mode is RunDecision.NORMAL
        assert week.running.long_run_cap_m == pytest.approx(16_000.0 * 1.10)
        assert not week.running.progression
    ids = exercise_ids(plan)
    assert {"exercise.superman", "exercise.russian_twist"} & ids
    assert "exercise.walking" not in ids  # an acute/subacute exercise
    notes = {n.id: n.text for n in plan.running_changes}
    assert "17.6 km" in notes["running.long_run_cap"]


def test_cadence_target_is_five_to_ten_percent_above_the_runners_own() -> None:
    runs = runs_every_other_day(cadence=None)
    cadences = [158.0, 162.0, 170.0, 166.0]
    runs = runs[:-4] + [
        r.__class__(**{**{s: getattr(r, s) for s in r.__slots__}, "avg_cadence_spm": c})
        for r, c in zip(runs[-4:], cadences, strict=True)
    ]
    target = cadence_target(runs, NOW, load_care().rules, load_rules())
    assert target is not None
    assert target.runs_count == 4
    assert target.own_spm == pytest.approx(164.0)
    assert (target.low_spm, target.high_spm) == pytest.approx((164.0 * 1.05, 164.0 * 1.10))
    plan = build_plan(inputs_for({"onset_days_ago": 10}, runs=runs), load_care(), load_rules())
    assert plan.cadence == target
    text = next(n.text for n in plan.running_changes if n.id == "running.cadence_target")
    assert "164 steps/min over 4 runs" in text and "172-180" in text


def test_cadence_target_falls_back_to_the_last_runs_and_is_absent_without_data() -> None:
    old = [r.__class__(**{**{s: getattr(r, s) for s in r.__slots__}, "start_utc": r.start_utc - timedelta(days=200)}) for r in runs_every_other_day(cadence=150.0)]  # fmt: skip
    target = cadence_target(old, NOW, load_care().rules, load_rules())
    assert target is not None and target.runs_count == 10 and target.own_spm == 150.0
    assert (
        cadence_target(runs_every_other_day(cadence=None), NOW, load_care().rules, load_rules())
        is None
    )
    plan = plan_for({"onset_days_ago": 10}, runs=runs_every_other_day(cadence=None))
    assert plan.cadence is None
    assert any("no target" in n.text for n in plan.running_changes)


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        ({"saddle_numbness": True, "onset_days_ago": 2}, "emergency"),
        ({"fever": True, "onset_days_ago": 10}, "urgent"),
        ({"leg_weakness": True}, "urgent"),
    ],
)
def test_a_red_flag_withholds_the_plan_and_says_why(answers: dict[str, Any], level: str) -> None:
    plan = plan_for(answers)
    assert plan.withheld and plan.weeks == () and plan.running_changes == ()
    assert plan.urgency == level
    assert plan.reason is not None and level in plan.reason and "clinician" in plan.reason
    assert "does not diagnose" in plan.disclaimer


def test_soon_keeps_the_plan_but_caps_running_at_easy_runs() -> None:
    plan = plan_for({"onset_days_ago": 70, "stops_daily_activities": True})
    assert not plan.withheld and plan.urgency == "soon"
    assert {w.running.mode for w in plan.weeks} == {RunDecision.EASY_RUN}


def test_without_a_triage_the_plan_asks_for_one() -> None:
    plan = plan_for(None)
    assert plan.withheld and plan.reason is not None and "backstride triage" in plan.reason


def test_contraindicated_exercises_are_left_out() -> None:
    plan = plan_for({"onset_days_ago": 70, "known_disc_herniation": True}, weeks=8)
    ids = exercise_ids(plan)
    assert "exercise.seated_forward_fold" not in ids and "exercise.russian_twist" not in ids
    assert {x.exercise_id for x in plan.left_out} == {
        "exercise.seated_forward_fold",
        "exercise.russian_twist",
    }
    nerve = plan_for({"onset_days_ago": 70, "pain_type": "radiating"}, weeks=8)
    assert "exercise.hamstring_stretch" not in exercise_ids(nerve)
    assert "exercise.hamstring_stretch" in {x.exercise_id for x in nerve.left_out}
    plain = plan_for({"onset_days_ago": 70}, weeks=8)
    assert {"exercise.seated_forward_fold", "exercise.hamstring_stretch"} <= exercise_ids(plain)
    assert plain.left_out == ()


def test_high_pain_today_keeps_the_first_week_off_running() -> None:
    plan = plan_for({"onset_days_ago": 70, "improving": True}, pain_entries=[pain(6, 3)])
    assert plan.weeks[0].running.mode is RunDecision.CROSS_TRAIN
    assert plan.weeks[1].running.mode is RunDecision.NORMAL


def test_the_phase_moves_on_over_the_weeks() -> None:
    plan = plan_for({"onset_days_ago": 35}, weeks=3)
    assert [w.tissue_phase for w in plan.weeks] == [Phase.SUBACUTE, Phase.CHRONIC, Phase.CHRONIC]
    assert [w.clinical_phase for w in plan.weeks] == [Phase.ACUTE, Phase.SUBACUTE, Phase.SUBACUTE]


def test_doses_step_up_and_down_within_bounds(knowledge: CareKnowledge) -> None:
    plank = next(e for e in knowledge.exercises if e.id == "exercise.plank")
    holds = [dose_at(plank, s, 1).hold_s for s in range(0, 7)]
    assert holds == [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 60.0]
    assert dose_text(dose_at(plank, 1, 1)) == "3 x 20 s"
    warm = next(e for e in knowledge.exercises if e.id == "exercise.dynamic_warm_up")
    assert dose_at(warm, 0, 1).sets == 1 and dose_at(warm, 5, 1).reps == 10
    low = plan_for({"onset_days_ago": 70, "improving": True}, step=0)
    high = plan_for({"onset_days_ago": 70, "improving": True}, step=3)
    by_id = {e.id: e.dose for e in high.weeks[0].exercises}
    for ex in low.weeks[0].exercises:
        if ex.id in by_id and ex.dose.reps is not None:
            assert ex.dose.reps <= by_id[ex.id].reps  # type: ignore[operator]
    assert low.weeks[0].running.mode is RunDecision.EASY_RUN  # the lightest step runs easy


def test_stretches_keep_the_shortest_hold_their_source_gives(knowledge: CareKnowledge) -> None:
    """domain.md section 6: hamstring stretch 20-30 s (article 000), hip flexor 1-2 min
    (article 002), supine twist 1-3 min, seated forward fold 2-5 min. At the lightest step the
    hold stays at the lower end; no step goes beyond ``least`` or ``most``."""
    by_id = {e.id: e for e in knowledge.exercises}
    lightest = {
        "exercise.hamstring_stretch": 20.0,
        "exercise.hip_flexor_stretch": 60.0,
        "exercise.supine_twist": 60.0,
        "exercise.seated_forward_fold": 120.0,
    }
    for exercise_id, hold_s in lightest.items():
        assert dose_at(by_id[exercise_id], 0, 1).hold_s == hold_s
    for ex in knowledge.exercises:
        for key, attr in (("hold_s", "hold_s"), ("reps_count", "reps"), ("sets_count", "sets")):
            for step in range(0, knowledge.rules.steps.max_step_count + 1):
                value = getattr(dose_at(ex, step, 1), attr)
                if value is not None and key in ex.least:
                    assert value >= ex.least[key], (ex.id, step)
                if value is not None and key in ex.most:
                    assert value <= max(ex.most[key], getattr(ex.dose, attr)), (ex.id, step)


def test_the_step_follows_pain_changes_of_two_points() -> None:
    rules = load_care().rules
    start, changed = next_step(None, 6, 0, rules, NOW)
    assert (start.step, start.baseline_score, changed) == (1, 6, True)
    same, changed = next_step(start, 5, 3, rules, NOW)
    assert same is start and not changed
    no_work, changed = next_step(start, 4, 0, rules, NOW)
    assert no_work is start and not changed  # fell 2 points but nothing was done
    up, changed = next_step(start, 4, 2, rules, NOW)
    assert (up.step, up.baseline_score, changed) == (2, 4, True)
    down, changed = next_step(up, 7, 0, rules, NOW)
    assert (down.step, down.baseline_score) == (1, 7)
    floor, _ = next_step(PlanStep(0, 3, NOW, "x"), 9, 0, rules, NOW)
    assert floor.step == 0 and floor.baseline_score == 9
    top = PlanStep(rules.steps.max_step_count, 8, NOW, "x")
    assert next_step(top, 2, 5, rules, NOW) == (top, False)


def test_the_step_history_replays_the_diary_and_the_sessions() -> None:
    """Triage at 6/10; day 1 a session; day 2 pain 4 (fell 2 with a session done: up); day 3
    pain 3 (only 1 below the new baseline 4: stays); day 5 pain 6 (rose 2 from 4: down); day 6
    pain 3 (fell 3 but no session since the last change: stays); day 7 a session, which with
    the latest score 3 moves it up."""
    rules = load_care().rules
    day = timedelta(days=1)
    scores = [(NOW + 2 * day, 4), (NOW + 3 * day, 3), (NOW + 5 * day, 6), (NOW + 6 * day, 3)]
    sessions = [NOW + day, NOW + 7 * day]
    history = step_history(NOW, 6, scores, sessions, rules)
    assert [(s.step, s.baseline_score, s.since_utc) for s in history] == [
        (1, 6, NOW),
        (2, 4, NOW + 2 * day),
        (1, 6, NOW + 5 * day),
        (2, 3, NOW + 7 * day),
    ]
    # records from before the triage belong to an earlier plan
    assert step_history(NOW, 6, [(NOW - day, 1)], [NOW - 2 * day], rules) == history[:1]
    # a triage without a pain score takes the first diary score as its baseline
    first = step_history(NOW, None, [(NOW + day, 5)], [], rules)
    assert [(s.step, s.baseline_score) for s in first] == [(1, None), (1, 5)]


_HOURS = st.integers(min_value=1, max_value=24 * 60)


@given(
    scores=st.lists(st.tuples(_HOURS, st.integers(0, 10)), max_size=25),
    sessions=st.lists(_HOURS, max_size=25),
    start_score=st.none() | st.integers(0, 10),
    cut=_HOURS,
)
def test_later_records_never_rewrite_earlier_steps(
    scores: list[tuple[int, int]], sessions: list[int], start_score: int | None, cut: int
) -> None:
    """Replaying only the records up to any moment gives the steps the full replay had taken
    by then, each within the allowed range: what the plan showed yesterday stays true."""
    rules = load_care().rules
    at = [(NOW + timedelta(hours=h), s) for h, s in scores]
    done = [NOW + timedelta(hours=h) for h in sessions]
    moment = NOW + timedelta(hours=cut)
    full = step_history(NOW, start_score, at, done, rules)
    early = step_history(
        NOW, start_score, [x for x in at if x[0] <= moment], [t for t in done if t <= moment], rules
    )
    assert early == tuple(s for s in full if s.since_utc <= moment)
    assert all(0 <= s.step <= rules.steps.max_step_count for s in full)
    assert all(a.since_utc < b.since_utc for a, b in itertools.pairwise(full))


def test_no_recent_runs_gives_the_default_cap() -> None:
    old = load_of(runs_every_other_day(), now=NOW + timedelta(days=90))
    assert old.longest_recent_m is None and old.long_run_cap_m is None
    plan = build_plan(inputs_for({"onset_days_ago": 10}, runs=[]), load_care(), load_rules())
    assert plan.weeks[0].running.run_cap_m == 3000.0
    assert any("No run in the last 30 days" in n.text for n in plan.running_changes)


def test_low_pain_today_keeps_the_first_week_to_easy_runs_as_today_does() -> None:
    """Chronic phase, pain 2 logged today: `today` says an easy run with limits, so the plan's
    first week (which holds today) does too; the weeks after train normally."""
    plan = plan_for({"onset_days_ago": 100, "improving": True}, pain_entries=[pain(2, 3)])
    assert plan.weeks[0].running.mode is RunDecision.EASY_RUN
    assert plan.weeks[1].running.mode is RunDecision.NORMAL


@pytest.mark.parametrize(
    "signs",
    [
        {"radiates_below_knee": True, "numbness_or_tingling": True},
        {"numbness_or_tingling": True},
        {"pain_type": PainType.RADIATING},
    ],
)
def test_nerve_signs_logged_only_in_the_diary_leave_out_the_same_exercises(
    signs: dict[str, Any],
) -> None:
    """The triage said nothing of nerve signs; the latest diary entry does: the nerve-pulling
    stretches and loaded twists are left out as if the triage had said so."""
    entry = dataclasses.replace(pain(3, 2), **signs)
    plan = plan_for({"onset_days_ago": 100, "improving": True}, pain_entries=[entry], weeks=8)
    ids = exercise_ids(plan)
    assert "exercise.hamstring_stretch" not in ids and "exercise.seated_forward_fold" not in ids
    assert "exercise.hamstring_stretch" in {x.exercise_id for x in plan.left_out}
