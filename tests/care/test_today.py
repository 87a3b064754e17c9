"""Should I run today? Every input can only make the answer more cautious."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.care import LoadSummary, pain_trend, should_run_today
from backstride.knowledge import load_rules
from backstride.knowledge.care import load_care
from backstride.model import RunDecision, TodayAdvice
from tests.care.conftest import answers_strategy
from tests.care.helpers import NOW, load_of, pain, runs_every_other_day, state_for


def today_for(
    answers: dict[str, Any] | None, pain_entries: Any = (), load: LoadSummary | None = None
) -> TodayAdvice:
    return should_run_today(
        state_for(answers, pain_entries),
        load or load_of(runs_every_other_day()),
        load_care(),
        load_rules(),
    )


@pytest.mark.parametrize(
    ("answers", "entries", "decision", "reason"),
    [
        ({"chest_pain": True}, [], RunDecision.REST, "emergency"),
        (
            {"fever": True, "onset_days_ago": 90, "improving": True},
            [],
            RunDecision.REST,
            "24 hours",
        ),
        ({"onset_days_ago": 1, "pain_score": 2}, [], RunDecision.CROSS_TRAIN, "acute"),
        ({"onset_days_ago": 10, "pain_score": 1}, [], RunDecision.EASY_RUN, "subacute"),
        ({"onset_days_ago": 90, "improving": True}, [pain(8, 2)], RunDecision.REST, "Pain 8/10"),
        (
            {"onset_days_ago": 90, "improving": True},
            [pain(5, 2)],
            RunDecision.CROSS_TRAIN,
            "Pain 5/10",
        ),
        (
            {"onset_days_ago": 90, "improving": True},
            [pain(2, 2)],
            RunDecision.EASY_RUN,
            "Pain 2/10",
        ),
        ({"onset_days_ago": 90, "improving": True}, [pain(0, 2)], RunDecision.NORMAL, "No pain"),
        ({"onset_days_ago": 90}, [pain(0, 2)], RunDecision.EASY_RUN, "next week or two"),
    ],
)
def test_decisions(
    answers: dict[str, Any], entries: list[Any], decision: RunDecision, reason: str
) -> None:
    advice = today_for(answers, entries)
    assert advice.decision is decision
    assert any(reason in r for r in advice.reasons) or reason == "No pain", advice.reasons
    assert "does not diagnose" in advice.disclaimer


def test_an_easy_run_has_limits_from_the_runners_data() -> None:
    advice = today_for({"onset_days_ago": 10, "pain_score": 2})
    limits = advice.limits
    assert limits is not None
    assert limits.distance_cap_m == pytest.approx(8_000.0)  # half of the 16 km long run
    assert limits.flat_route and limits.max_descent_per_km_m == 10.0
    assert limits.cadence is not None and limits.cadence.own_spm == pytest.approx(165.0)
    assert limits.long_run_cap_m == pytest.approx(17_600.0)


def test_rest_and_cross_training_have_no_run_limits() -> None:
    assert today_for({"chest_pain": True}).limits is None


def test_a_pain_rise_of_two_points_moves_one_step_more_cautious() -> None:
    steady = today_for({"onset_days_ago": 90, "improving": True}, [pain(2, 100), pain(2, 2)])
    rising = today_for({"onset_days_ago": 90, "improving": True}, [pain(0, 100), pain(2, 2)])
    assert steady.decision is RunDecision.EASY_RUN and steady.pain_change == 0
    assert rising.decision is RunDecision.CROSS_TRAIN and rising.pain_change == 2
    assert any("rose by 2" in r for r in rising.reasons)
    small = today_for({"onset_days_ago": 90, "improving": True}, [pain(1, 100), pain(2, 2)])
    assert small.decision is RunDecision.EASY_RUN  # one point is no change that matters


def test_load_makes_it_more_cautious() -> None:
    daily = load_of(
        [
            r.__class__(**{**{s: getattr(r, s) for s in r.__slots__}, "start_utc": NOW - timedelta(days=d), "local_date": (NOW - timedelta(days=d)).date()})
            for d, r in zip(range(1, 9), runs_every_other_day(), strict=False)
        ]
    )  # fmt: skip
    assert daily.rest_days_last_7 == 0
    advice = today_for({"onset_days_ago": 90, "improving": True}, [pain(0, 1)], load=daily)
    assert advice.decision is RunDecision.CROSS_TRAIN
    assert any("No rest day" in r for r in advice.reasons)


def test_without_triage_or_diary_it_says_what_is_missing() -> None:
    advice = today_for(None, [], load=load_of([]))
    assert advice.decision is RunDecision.NORMAL and advice.urgency is None
    joined = " ".join(advice.reasons)
    assert "backstride triage" in joined and "pain log" in joined and "No runs" in joined


def test_an_old_triage_asks_for_a_new_one_and_the_diary_sets_the_phase() -> None:
    care = load_care()
    from backstride.care import care_state, parse_answers, triage

    old = triage(parse_answers({"onset_days_ago": 1}, care), care, NOW - timedelta(days=30))
    entries = [pain(4, 24 * 5), pain(3, 24 * 2), pain(3, 1)]
    state = care_state(old, entries, NOW, care)
    assert state.stale and state.phase.tissue == "subacute"
    assert state.phase.days_since_onset == pytest.approx(5.0)
    advice = should_run_today(state, load_of(runs_every_other_day()), care, load_rules())
    assert any("days old" in r for r in advice.reasons)


@settings(max_examples=150, deadline=None)
@given(answers=answers_strategy(), score=st.integers(0, 10), extra=st.integers(0, 10))
def test_more_pain_never_gives_a_bolder_answer(
    answers: dict[str, Any], score: int, extra: int
) -> None:
    low = today_for(answers, [pain(score, 1)])
    high = today_for(answers, [pain(min(score + extra, 10), 1)])
    assert high.decision.rank <= low.decision.rank
    if low.urgency is not None and low.urgency.withholds_plan:
        assert low.decision is RunDecision.REST


def test_the_trend_ignores_entries_outside_the_window() -> None:
    rules = load_care().rules
    trend = pain_trend([pain(9, 24 * 20), pain(3, 24 * 6), pain(6, 1)], NOW, rules)
    assert (trend.current_score, trend.change, trend.direction) == (6, 3, "worse")
    assert pain_trend([], NOW, rules).latest is None
    old = pain_trend([pain(4, 24 * 3)], NOW, rules)
    assert old.current_score is None and old.change is None


@pytest.mark.parametrize("flag", ["saddle_numbness", "fever"])
def test_a_red_flag_speaks_alone(flag: str) -> None:
    """Emergency or urgent: rest, and no reason beside it speaks of running (the phase, a low
    pain score and the load used to add 'easy runs only' or 'an easy run with limits')."""
    advice = today_for({flag: True, "onset_days_ago": 10, "pain_score": 2}, [pain(2, 1)])
    assert advice.decision is RunDecision.REST and advice.limits is None
    assert advice.reasons[0].startswith("Triage:")
    for reason in advice.reasons[1:]:
        assert "run" not in reason.lower() or "backstride" in reason, reason


def test_a_triage_without_onset_keeps_to_easy_runs_as_the_plan_does() -> None:
    """The plan assumes the subacute phase when the onset is unknown; `today` agrees."""
    advice = today_for({"pain_score": 0})
    assert advice.decision is RunDecision.EASY_RUN
    assert any("Onset unknown" in r for r in advice.reasons)
    assert today_for(None).decision is RunDecision.NORMAL  # no triage: nothing to go on


def test_nerve_signs_in_the_diary_ask_for_a_new_triage() -> None:
    """Pain below the knee with numbness logged after a triage that said neither: the answer
    asks for the triage again (that pair is a 'soon' sign)."""
    entry = dataclasses.replace(pain(3, 2), radiates_below_knee=True, numbness_or_tingling=True)
    advice = today_for({"onset_days_ago": 100, "improving": True}, [entry])
    assert any("answer `backstride triage` again" in r for r in advice.reasons)
    assert not any("again" in r for r in today_for({"onset_days_ago": 100}, [pain(3, 2)]).reasons)
