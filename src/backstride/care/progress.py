"""How the plan steps up or down as pain changes (``plan.progression``).

The plan starts at ``start_step_count`` (1). It steps up one when the pain score has fallen by
``care.pain_change`` (2 points) or more since the last change and at least
``up_min_done_count`` exercise sessions were recorded since then; it steps down one (never
below 0, the lightest) when pain has risen by 2 points or more. Each change resets the
baseline score. Ostelo et al., Spine 2008;33:90: 2 points is the smallest change that matters.

The steps are replayed from the diary and the recorded exercise sessions (:func:`step_history`),
never stored: the same records always give the same step, whenever and however often the plan
is looked at.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import datetime

from backstride.knowledge.care import CareRules
from backstride.model import PlanStep


def next_step(
    previous: PlanStep | None,
    score: int | None,
    done_since: int,
    rules: CareRules,
    now: datetime,
) -> tuple[PlanStep, bool]:
    """The step to use now and whether it differs from ``previous`` (and must be saved)."""
    steps = rules.steps
    if previous is None:
        return PlanStep(steps.start_step_count, score, now, "start of the plan"), True
    if score is None:
        return previous, False
    base = previous.baseline_score
    if base is None:
        return PlanStep(previous.step, score, now, f"first pain score {score}/10 recorded"), True
    change = score - base
    if change <= -rules.pain_change.min_change_score and done_since >= steps.up_min_done_count:
        if previous.step >= steps.max_step_count:
            return previous, False
        reason = f"pain fell from {base} to {score}/10 with exercises done: one step up"
        return PlanStep(previous.step + 1, score, now, reason), True
    if change >= rules.pain_change.min_change_score:
        reason = f"pain rose from {base} to {score}/10: one step down"
        return PlanStep(max(previous.step - 1, 0), score, now, reason), True
    return previous, False


def step_history(
    start: datetime,
    start_score: int | None,
    scores: Sequence[tuple[datetime, int]],
    sessions: Sequence[datetime],
    rules: CareRules,
) -> tuple[PlanStep, ...]:
    """Every step the plan has taken since ``start`` (the triage it follows), oldest first.

    The plan begins at ``start`` with ``start_score`` (the triage's pain) as its baseline. At
    each later diary score and each later exercise session, in time order, :func:`next_step`
    is asked again with the latest score so far and the sessions recorded since the last
    change (up to and including that moment). The answer is what looking at the plan at every
    one of those moments would have given, so it does not depend on when the plan is viewed.
    """
    current, _ = next_step(None, start_score, 0, rules, start)
    history = [current]
    ordered_scores = sorted((t, s) for t, s in scores if t > start)
    done = sorted(t for t in sessions if t > start)
    moments = sorted({t for t, _ in ordered_scores} | set(done))
    times = [t for t, _ in ordered_scores]
    for moment in moments:
        latest = bisect_right(times, moment)
        score = ordered_scores[latest - 1][1] if latest else start_score
        since = bisect_right(done, current.since_utc)
        done_since = bisect_right(done, moment) - since
        current, changed = next_step(current, score, done_since, rules, moment)
        if changed:
            history.append(current)
    return tuple(history)
