"""Should I run today? One decision from the triage, the pain, the phase and the recent load.

Every input may only make the answer more cautious; the most cautious wins:

- triage ``urgent`` or ``emergency``: rest (see a doctor first), and no other reason is given,
  since each would speak of running; ``soon``: easy runs at most;
- tissue phase acute (0-72 h): cross-train, no running; subacute: easy runs at most; unknown
  after a triage (no onset given): easy runs at most, as the plan assumes;
- today's pain (``care.today_pain_bands``): 7+ rest, 4-6 cross-train, 1-3 easy run with limits;
- load: no rest day in the last 7 days or already run today: cross-train; an ACWR at or above
  the "danger" ratio (contested): easy run at most;
- a pain rise of 2 points or more over the week moves the result one step more cautious.

An easy run is capped at ``running.easy_run_cap`` of the longest run of the last 30 days, on a
flat route, with the cadence cue; normal training keeps the next long run within the spike rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from backstride.care.disclaimer import DISCLAIMER
from backstride.care.load import LoadSummary
from backstride.care.phases import SECONDS_PER_DAY, days_since_onset, phase_at
from backstride.care.trend import PainTrend, diary_onset, pain_trend
from backstride.knowledge import MeasureRules
from backstride.knowledge.care import CareKnowledge
from backstride.model import (
    PainEntry,
    Phase,
    PhaseInfo,
    RunDecision,
    RunLimits,
    TodayAdvice,
    TriageResult,
    Urgency,
)

Cap = tuple[RunDecision, str]


@dataclass(frozen=True, slots=True)
class CareState:
    """What care knows at ``now``: the latest triage (if any), its age, the phase, the trend."""

    triage: TriageResult | None
    triage_age_days: float | None
    stale: bool
    phase: PhaseInfo
    trend: PainTrend


def care_state(
    triage: TriageResult | None,
    entries: Sequence[PainEntry],
    now: datetime,
    knowledge: CareKnowledge,
) -> CareState:
    """The phase comes from the triage's onset, projected to ``now``; when the triage is out of
    date or has no onset, from the start of the diary's current painful stretch."""
    rules = knowledge.rules
    age = None if triage is None else (now - triage.assessed_utc).total_seconds() / SECONDS_PER_DAY
    stale = age is not None and age > rules.triage_age.max_age_days
    days = None
    if triage is not None and not stale:
        days = days_since_onset(triage.answers.onset_days_ago, triage.assessed_utc, now)
    if days is None:
        onset = diary_onset(entries, now, rules.pain_trend.window_days)
        days = None if onset is None else (now - onset).total_seconds() / SECONDS_PER_DAY
    if days is None and triage is not None:
        days = days_since_onset(triage.answers.onset_days_ago, triage.assessed_utc, now)
    return CareState(
        triage, age, stale, phase_at(days, knowledge.phases), pain_trend(entries, now, rules)
    )


SOON_TEXT = "Triage: book a clinician in the next week or two; only easy runs until then."
ACUTE_TEXT = "Tissue phase acute (first 72 hours): no running; walk and move gently."
SUBACUTE_TEXT = "Tissue phase subacute: return to running with easy runs only."
NO_REST_TEXT = "No rest day from running in the last 7 days: take one today."
ONSET_UNKNOWN_TEXT = (
    "Onset unknown: easy runs only, as in the subacute phase; give the onset in the triage."
)


def _triage_caps(state: CareState, knowledge: CareKnowledge) -> list[Cap]:
    triage = state.triage
    if triage is None:
        return []
    if triage.urgency.withholds_plan:
        return [(RunDecision.REST, f"Triage: {knowledge.urgency[triage.urgency].advice}")]
    return [(RunDecision.EASY_RUN, SOON_TEXT)] if triage.urgency is Urgency.SOON else []


def _phase_caps(state: CareState) -> list[Cap]:
    tissue = state.phase.tissue
    if tissue is None and state.triage is not None:  # in pain, onset not given: as the plan does
        return [(RunDecision.EASY_RUN, ONSET_UNKNOWN_TEXT)]
    if tissue is Phase.ACUTE:
        return [(RunDecision.CROSS_TRAIN, ACUTE_TEXT)]
    return [(RunDecision.EASY_RUN, SUBACUTE_TEXT)] if tissue is Phase.SUBACUTE else []


def _pain_caps(score: int | None, knowledge: CareKnowledge) -> list[Cap]:
    if score is None:
        return []
    bands = knowledge.rules.pain_bands
    if score >= bands.rest_from_score:
        return [(RunDecision.REST, f"Pain {score}/10: no running today; gentle movement only.")]
    if score >= bands.cross_train_from_score:
        return [(RunDecision.CROSS_TRAIN, f"Pain {score}/10: cross-train instead of running.")]
    if score >= bands.easy_run_from_score:
        return [(RunDecision.EASY_RUN, f"Pain {score}/10: an easy run with limits at most.")]
    return []


def _load_caps(load: LoadSummary, measures: MeasureRules) -> list[Cap]:
    caps: list[Cap] = []
    if load.rest_days_last_7 == 0:
        caps.append((RunDecision.CROSS_TRAIN, NO_REST_TEXT))
    if load.ran_today:
        caps.append((RunDecision.CROSS_TRAIN, "You have already run today."))
    acwr = load.latest_acwr
    if acwr is not None and acwr >= measures.acwr.danger_ratio:
        text = f"Acute:chronic load ratio {acwr:.2f} (a contested measure): keep it easy."
        caps.append((RunDecision.EASY_RUN, text))
    return caps


def easy_run_cap_m(load: LoadSummary, knowledge: CareKnowledge, extra_pct: float = 0.0) -> float:
    """The distance cap of an easy run, metres: ``start_pct`` (+ ``extra_pct``) of the longest run
    of the last 30 days, never above the long-run cap; a fixed cap without a recent run."""
    rule = knowledge.rules.easy_run
    if load.longest_recent_m is None:
        return rule.no_recent_run_m
    share = min(rule.start_pct + extra_pct, rule.most_pct) / 100.0
    cap = load.longest_recent_m * share
    return min(cap, load.long_run_cap_m) if load.long_run_cap_m is not None else cap


def _limits(
    decision: RunDecision, state: CareState, load: LoadSummary, knowledge: CareKnowledge
) -> RunLimits | None:
    if decision.rank < RunDecision.EASY_RUN.rank:
        return None
    sore = decision is RunDecision.EASY_RUN or bool(state.trend.current_score)
    return RunLimits(
        distance_cap_m=easy_run_cap_m(load, knowledge)
        if decision is RunDecision.EASY_RUN
        else None,
        long_run_cap_m=load.long_run_cap_m,
        flat_route=sore,
        max_descent_per_km_m=knowledge.rules.flat_route.max_descent_per_km_m if sore else None,
        cadence=load.cadence,
    )


def should_run_today(
    state: CareState,
    load: LoadSummary,
    knowledge: CareKnowledge,
    measures: MeasureRules,
) -> TodayAdvice:
    """The most cautious decision any input calls for, with every reason (module docstring)."""
    score = state.trend.current_score
    if score is None and state.triage is not None and not state.stale:
        score = state.triage.answers.pain_score
    caps = _triage_caps(state, knowledge)
    if not (state.triage is not None and state.triage.urgency.withholds_plan):
        caps += [
            *_phase_caps(state),
            *_pain_caps(score, knowledge),
            *_load_caps(load, measures),
        ]
    # else a clinician first: nothing else is weighed, so no reason speaks of running
    decision = min((c[0] for c in caps), key=lambda d: d.rank, default=RunDecision.NORMAL)
    reasons = [reason for _, reason in caps]
    if state.trend.worse and decision is not RunDecision.REST:
        decision = decision.step_down()
        reasons.append(
            f"Pain rose by {state.trend.change} points this week: one step more cautious."
        )
    reasons.extend(_notes(state, load))
    return TodayAdvice(
        decision=decision,
        reasons=tuple(reasons) or ("No warning signs, no pain logged and no load concerns.",),
        limits=_limits(decision, state, load, knowledge),
        urgency=None if state.triage is None else state.triage.urgency,
        pain_score=score,
        pain_change=state.trend.change,
        phase=state.phase,
        disclaimer=DISCLAIMER,
    )


def _notes(state: CareState, load: LoadSummary) -> list[str]:
    notes = []
    latest, triage = state.trend.latest, state.triage
    if (
        latest is not None
        and latest.radiates_below_knee
        and latest.numbness_or_tingling
        and not (
            triage and triage.answers.radiates_below_knee and triage.answers.numbness_or_tingling
        )
    ):
        notes.append(
            "Your diary reports pain below the knee with numbness or tingling, which the triage "
            "did not: answer `backstride triage` again, as a clinician should see it soon."
        )
    if state.triage is None:
        notes.append("No triage yet: answer `backstride triage` so that warning signs are checked.")
    elif state.stale:
        notes.append(f"Your last triage is {state.triage_age_days:.0f} days old: answer it again.")
    if state.trend.latest is None:
        notes.append(
            "No pain logged: `backstride pain log` keeps the advice in step with how you feel."
        )
    elif state.trend.current_score is None:
        notes.append("No pain logged in the last two days: log today's pain for a better answer.")
    if state.trend.direction == "better":
        notes.append(f"Pain fell by {-(state.trend.change or 0)} points this week.")
    if load.runs_count == 0:
        notes.append("No runs imported: distance caps and the cadence cue need your runs.")
    return notes
