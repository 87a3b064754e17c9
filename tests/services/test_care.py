"""Care use cases on the sample runs: triage with causes from the runs, plan, steps, adherence."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from backstride.care import parse_answers
from backstride.errors import InputValueError, NotFoundError
from backstride.knowledge.care import load_care
from backstride.model import PainEntry, PainType, RunDecision, Urgency
from backstride.services import care, diary
from backstride.store import Store
from backstride.store.care import CareStore
from tests.services import care_data
from tests.services.care_data import BERLIN_SUMMER

# fixtures with the sample runs (see care_data)
samples_home = care_data.samples_home
sample_home = care_data.sample_home
sample_store = care_data.sample_store


AFTER_LAST_RUN = datetime(2026, 8, 24, 8, 0, tzinfo=BERLIN_SUMMER)


def _triage(store: Store, now: datetime, **answers: object) -> object:
    return care.run_triage(store, parse_answers(answers, load_care()), now)


def test_triage_finds_the_causes_in_the_runs_before_onset(sample_store: Store) -> None:
    """5 July 2026 in samples/: 19.1 km against a longest of 12.0 km in the 30 days before
    (+59 %), 28 m of descent per km; its week tripled the distance of the week before."""
    store = sample_store
    now = datetime(2026, 7, 6, 9, 0, tzinfo=BERLIN_SUMMER)
    result = _triage(store, now, onset_days_ago=0.5, pain_type="dull")
    found = {c.id: c for c in result.possible_causes}  # type: ignore[attr-defined]
    assert set(found) == {
        "pain_type.dull",
        "cause.single_run_spike",
        "cause.weekly_increase",
        "cause.downhill",
    }
    assert "run of 2026-07-05" in (found["cause.single_run_spike"].detail or "")
    rows = store.activity_rows()
    july5 = next(r for r in rows if r["start_utc"].date().isoformat() == "2026-07-05")
    assert f"{july5['descent_m_per_km']:.1f}" in (found["cause.downhill"].detail or "")
    stored = CareStore(store).latest_triage()
    assert stored is not None and stored.answers == {"onset_days_ago": 0.5, "pain_type": "dull"}


def test_the_stored_urgency_is_never_reported_lower(store: Store) -> None:
    CareStore(store).add_triage(AFTER_LAST_RUN, {}, "emergency", ["red_flag.retired_flag"])
    result = care.latest_triage(store)
    assert result is not None and result.urgency is Urgency.EMERGENCY
    assert "red_flag.retired_flag" in result.red_flags


def test_plan_uses_the_runners_own_cadence_and_longest_run(sample_store: Store) -> None:
    store = sample_store
    _triage(store, AFTER_LAST_RUN, onset_days_ago=10, pain_score=3)
    plan = care.plan(store, AFTER_LAST_RUN, 3)
    runs = store.activity_rows()
    recent = [r for r in runs if r["start_utc"] > AFTER_LAST_RUN - timedelta(days=28)]
    own = sum(r["avg_cadence_spm"] for r in recent) / len(recent)
    assert plan.cadence is not None and plan.cadence.runs_count == len(recent) >= 3
    assert plan.cadence.own_spm == pytest.approx(own)
    assert plan.cadence.low_spm == pytest.approx(own * 1.05)
    assert plan.cadence.high_spm == pytest.approx(own * 1.10)
    longest = max(
        r["distance_m"] for r in runs if r["start_utc"] > AFTER_LAST_RUN - timedelta(days=30)
    )
    assert plan.weeks[0].running.run_cap_m == pytest.approx(longest * 0.5)
    cap_note = next(n.text for n in plan.running_changes if n.id == "running.long_run_cap")
    assert f"{longest * 1.1 / 1000:.1f} km" in cap_note


def _pain(store: Store, score: int, when: datetime) -> None:
    diary.log_pain(
        store,
        PainEntry(
            time_utc=when, utc_offset_s=7200, score=score, pain_type=PainType.DULL, location="back"
        ),
    )


def test_the_plan_steps_up_and_down_with_pain_and_records_adherence(store: Store) -> None:
    now = AFTER_LAST_RUN
    _triage(store, now, onset_days_ago=20, pain_score=6, improving=True)
    _pain(store, 6, now)
    first = care.plan(store, now, 2)
    assert first.step is not None and (first.step.step, first.step.since_utc) == (1, now)
    assert care.plan(store, now, 2) == first  # looking again changes nothing

    later = now + timedelta(days=3)
    _pain(store, 4, later)
    assert care.plan(store, later, 2).step.step == 1  # type: ignore[union-attr]  # nothing done yet
    exercise, count = care.plan_done(store, "glute bridge", later + timedelta(hours=1))
    assert exercise.id == "exercise.glute_bridge" and count == 1
    up = care.plan(store, later + timedelta(hours=1), 2)
    assert up.step is not None and (up.step.step, up.step.baseline_score) == (2, 4)
    assert (
        next(e for e in up.weeks[0].exercises if e.id == "exercise.glute_bridge").done_last_7_days
        == 1
    )

    worse = later + timedelta(days=1)
    _pain(store, 7, worse)
    down = care.plan(store, worse, 2)
    assert down.step is not None and down.step.step == 1 and "rose" in down.step.reason
    assert [s.step for s in down.steps] == [1, 2, 1]
    assert down.weeks[0].running.mode is RunDecision.CROSS_TRAIN  # 7/10 today


def test_the_step_does_not_depend_on_when_the_plan_was_looked_at(store: Store) -> None:
    """Pain falls 6 -> 3 with exercises done, then rises back to 6 before the runner looks:
    the plan went one step up and one down again, whether or not it was looked at between."""
    now = AFTER_LAST_RUN
    _triage(store, now, onset_days_ago=20, pain_score=6, improving=True)
    care.plan_done(store, "plank", now + timedelta(days=1))
    _pain(store, 3, now + timedelta(days=2))
    _pain(store, 6, now + timedelta(days=4))
    unseen = care.plan(store, now + timedelta(days=5), 2)
    assert care.plan(store, now + timedelta(days=2, hours=1), 2).step.step == 2  # type: ignore[union-attr]
    seen = care.plan(store, now + timedelta(days=5), 2)
    assert seen == unseen and [s.step for s in seen.steps] == [1, 2, 1]


def test_plan_done_and_weeks_are_checked(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no exercise 'cartwheel'"):
        care.plan_done(store, "cartwheel", AFTER_LAST_RUN)
    for weeks in (0, 13):
        with pytest.raises(InputValueError, match="--weeks"):
            care.plan(store, AFTER_LAST_RUN, weeks)
    for name in ("plank", "exercise.plank", "Front plank", "PLANK"):
        assert care.find_exercise(name, load_care()).id == "exercise.plank"


def test_today_uses_the_diary_and_the_runs(sample_store: Store) -> None:
    store = sample_store
    _triage(store, AFTER_LAST_RUN, onset_days_ago=60, improving=True)
    _pain(store, 2, AFTER_LAST_RUN - timedelta(hours=2))
    advice = care.today(store, AFTER_LAST_RUN)
    assert advice.decision is RunDecision.EASY_RUN and advice.pain_score == 2
    assert advice.limits is not None and advice.limits.cadence is not None


def test_a_miles_profile_reads_the_plan_in_miles(sample_store: Store) -> None:
    """The plan writes distances into its texts in km; a runner whose profile says miles reads
    them in miles, while the numbers stay SI."""
    import re

    from backstride.model import Profile, Units

    store = sample_store
    _triage(store, AFTER_LAST_RUN, onset_days_ago=20, pain_score=3, improving=True)
    in_km = care.plan(store, AFTER_LAST_RUN, 2)
    store.save_profile(Profile(units=Units.MI))
    in_mi = care.plan(store, AFTER_LAST_RUN, 2)
    texts = [n.text for n in (*in_mi.running_changes, *in_mi.advice)]
    texts += [w.running.note for w in in_mi.weeks]
    assert not [t for t in texts if re.search(r"\d km\b|per km\b", t)], texts
    assert any(re.search(r"\d mi\b", t) for t in texts)
    assert [w.running.run_cap_m for w in in_mi.weeks] == [w.running.run_cap_m for w in in_km.weeks]
